#!/usr/bin/env bash
# Runs SoleCheck on this machine: installs what is missing, builds the widget
# and the api (release, the widget inside: .ci/build-release.sh), and serves the demo clinic page, the widget, the API
# and the staff console on SQLite (./data/solecheck.db). Extra arguments go to
# `solecheck-api serve` (see `--help`); SOLECHECK_BIND sets the address.
set -euo pipefail
cd "$(dirname "$0")/.."

.ci/build-release.sh
exec "${CARGO_TARGET_DIR:-target}/release/solecheck-api" serve --demo "$@"
