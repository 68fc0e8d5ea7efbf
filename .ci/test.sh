#!/usr/bin/env bash
# Runs every test: installs what is missing, builds the widget and the api,
# then the unit, property, end-to-end (SQLite + PostgreSQL) and browser tests,
# the widget's component tests (wasm32, in headless Chromium), and Schemathesis
# against the server's /openapi.json on both databases.
# PostgreSQL tests use postgres://postgres@127.0.0.1:5432/test (override with
# SOLECHECK_TEST_POSTGRES_URL); they are skipped when it is unreachable unless
# SOLECHECK_REQUIRE_POSTGRES=1 or CI=true, where they fail instead.
set -euo pipefail
cd "$(dirname "$0")/.."

.ci/setup.sh --test
.ci/build-widget.sh
cargo build -p solecheck-api --bins

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
cargo test --workspace --all-features --no-fail-fast 2>&1 | tee "$log" || status=$?
# The widget's component tests, compiled to wasm32 and run in headless Chromium
# by wasm-bindgen-test-runner (Chromium's flags: widget/webdriver.json).
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  CHROMEDRIVER="${CHROMEDRIVER:-$(command -v chromedriver)}" \
  cargo test --target wasm32-unknown-unknown -p solecheck-widget 2>&1 | tee -a "$log" || status=$?
# Schemathesis against the built server's own /openapi.json, on both
# databases, anonymously and as an admin (.ci/schemathesis.sh).
.ci/schemathesis.sh target/debug/solecheck-api 2>&1 | tee -a "$log" || status=$?
# One closing line for all the test binaries above.
awk '/^test result:/ { for (i = 1; i <= NF; i++) { if ($i ~ /^passed;?$/) p += $(i-1); if ($i ~ /^failed;?$/) f += $(i-1) } }
     END { printf "tests: %d passed, %d failed\n", p, f }' "$log"
exit "$status"
