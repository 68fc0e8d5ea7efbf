#!/usr/bin/env bash
# Builds the one file a clinic runs: the widget and the staff console first
# (.ci/build-widget.sh), then a release solecheck-api that carries them, with
# the demo page and the API reference, inside itself. Copy
# target/release/solecheck-api to the server; nothing else is needed there
# (README "Run it for a clinic").
set -euo pipefail
cd "$(dirname "$0")/.."

.ci/setup.sh
.ci/build-widget.sh
cargo build --release -p solecheck-api
bin="${CARGO_TARGET_DIR:-target}/release/solecheck-api"
echo "built $bin ($(du -h "$bin" | cut -f1)), the widget and console inside"
