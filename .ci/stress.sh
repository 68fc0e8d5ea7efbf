#!/usr/bin/env bash
# The end-to-end suite (API on SQLite and PostgreSQL, browser tests) while a
# CPU-bound process keeps every core busy, several runs in a row (3 unless
# given): a test that passes only on a quiet machine is a bug. Not part of every
# CI run; run it before saying an issue is resolved.
#   .ci/stress.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
export SOLECHECK_REQUIRE_POSTGRES=1

.ci/setup.sh --test
.ci/build-widget.sh
cargo build -p solecheck-api --bins
# Build the tests before the load starts: the runs below only run them.
cargo test -p solecheck-tests --test e2e --no-run

burners=()
stop_load() { [ ${#burners[@]} -eq 0 ] || kill "${burners[@]}" 2>/dev/null || true; }
trap stop_load EXIT
# One busy loop per core, each ending by itself after two hours at most.
for _ in $(seq "$(nproc)"); do
  timeout 7200 sh -c 'while :; do :; done' &
  burners+=("$!")
done
echo "stress: ${#burners[@]} busy loops running"

for run in $(seq "$runs"); do
  started=$(date +%s)
  if cargo test -p solecheck-tests --test e2e -- --color never; then
    echo "stress: run $run of $runs passed in $(( $(date +%s) - started )) s"
  else
    echo "stress: run $run of $runs FAILED" >&2
    exit 1
  fi
done
echo "stress: $runs runs in a row passed under load"
