#!/usr/bin/env bash
# Runs every test: installs what is missing, builds the widget and the api,
# then the unit, property, end-to-end (SQLite + PostgreSQL) and browser tests.
# PostgreSQL tests use postgres://postgres@127.0.0.1:5432/test (override with
# SOLECHECK_TEST_POSTGRES_URL); they are skipped when it is unreachable unless
# SOLECHECK_REQUIRE_POSTGRES=1 or CI=true, where they fail instead.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh --test
scripts/build-widget.sh
cargo build -p solecheck-api --bins
cargo test --workspace --exclude solecheck-widget --all-features --no-fail-fast
