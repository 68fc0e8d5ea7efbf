#!/usr/bin/env bash
# Fuzzes a built solecheck-api against its own /openapi.json with Schemathesis
# (pinned, installed into .tools/schemathesis by .ci/setup.sh --test): every built-in check, all four
# phases (examples, coverage, fuzzing, stateful), on SQLite (a temp dir) and on
# PostgreSQL (a fresh database, dropped afterwards), once anonymously and once
# with an admin's `Authorization: Bearer` token. Exits non-zero if any run
# finds a failure or cannot run. Settings and check exclusions (with reasons):
# .ci/schemathesis.toml.
#
#   .ci/schemathesis.sh [SERVER_BIN]   (or SOLECHECK_API_BIN; default target/debug/solecheck-api)
#
#   SOLECHECK_TEST_POSTGRES_URL  server to create the database on (default
#       postgres://postgres@127.0.0.1:5432/test); needs `psql`. Skipped when
#       unreachable unless SOLECHECK_REQUIRE_POSTGRES=1 or CI=true.
#   SCHEMATHESIS_BACKENDS        "sqlite postgres" (default) or one of them
#   SCHEMATHESIS_MAX_EXAMPLES    test cases per operation and pass (default 25)
#   SCHEMATHESIS_MAX_TIME        seconds per run (default 75). Schemathesis spends
#       all of it: fuzzing and stateful testing repeat until it runs out. 0 = one
#       pass, no budget (about 20-30 s a run). 4 runs x 75 s + start-up keeps the
#       whole script under ~6 min on 2 cores.
#   SCHEMATHESIS_SEED            fixed seed (default: random, printed by each run)
#   SCHEMATHESIS_REPORT_DIR      JUnit + JSON report per run and each server's log
#                                (default target/schemathesis)
#
# The public POST routes' rate limit is off (SOLECHECK_PUBLIC_RATE_LIMIT=0).
# Login throttling cannot be turned off and stays on: 5 failed sign-ins per
# account or 20 per client address in 15 minutes answer 429 (README, "The API in
# short"; 429 is in the login operation's documented responses). The fuzzer sends
# far more than 20 bad logins from 127.0.0.1, so the admin logs in once per
# server, before any Schemathesis run, and the token is made to outlive the runs.
set -euo pipefail
cd "$(dirname "$0")/.."

venv=.tools/schemathesis
config=.ci/schemathesis.toml
max_examples=${SCHEMATHESIS_MAX_EXAMPLES:-25}
max_time=${SCHEMATHESIS_MAX_TIME:-75}
backends=${SCHEMATHESIS_BACKENDS:-sqlite postgres}
report_dir=${SCHEMATHESIS_REPORT_DIR:-target/schemathesis}
pg_admin_url=${SOLECHECK_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}
require_pg=0
{ [ "${SOLECHECK_REQUIRE_POSTGRES:-}" = 1 ] || [ "${CI:-}" = true ]; } && require_pg=1

die() { echo "schemathesis.sh: $*" >&2; exit 2; }

bin=${1:-${SOLECHECK_API_BIN:-target/debug/solecheck-api}}
[ -x "$bin" ] || die "no server binary at $bin (cargo build -p solecheck-api --bins, or pass its path)"
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
# The server serves the widget built into it, or SOLECHECK_WIDGET_DIR when set.

# Installed, pinned, by .ci/setup.sh --test.
[ -x "$venv/bin/st" ] || die "schemathesis is missing: run .ci/setup.sh --test"
py=$venv/bin/python

mkdir -p "$report_dir"
report_dir=$(cd "$report_dir" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/solecheck-st.XXXXXX")
server_pid=
server_name=
st_pid=
pg_db=
status=0
summary=()

stop_server() {
  [ -n "$server_pid" ] || return 0
  kill -TERM "$server_pid" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  server_pid=
  # Keep the server's log (RUST_LOG=warn: one line per 4xx/5xx) next to the reports.
  [ -z "$server_name" ] || cp "$work/$server_name.err" "$report_dir/$server_name-server.log" 2>/dev/null || true
  server_name=
}
drop_pg_db() {
  [ -n "$pg_db" ] || return 0
  psql "$pg_admin_url" -qAtc "DROP DATABASE IF EXISTS \"$pg_db\"" >/dev/null || echo "warning: could not drop database $pg_db" >&2
  pg_db=
}
cleanup() {
  [ -z "$st_pid" ] || { kill -TERM "$st_pid" 2>/dev/null; wait "$st_pid" 2>/dev/null; } || true
  stop_server; drop_pg_db; rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Starts the server on a free port over $1 (DATABASE_URL) and sets $base.
start_server() {
  local url=$1 name=$2 out="$work/$2.out" err="$work/$2.err" line=
  DATABASE_URL=$url SOLECHECK_BIND=127.0.0.1:0 SOLECHECK_PUBLIC_RATE_LIMIT=0 \
    SOLECHECK_ACCESS_TOKEN_SECONDS=3600 RUST_LOG=${RUST_LOG:-warn} \
    "$bin" serve >"$out" 2>"$err" &
  server_pid=$!
  server_name=$name
  for _ in $(seq 300); do
    if [ -s "$out" ] && [ "$(wc -l <"$out")" -ge 1 ]; then line=$(head -n1 "$out"); break; fi
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  case $line in
    "SoleCheck listening on http://"*) base=${line#SoleCheck listening on } ;;
    *) cat "$err" >&2; die "$name: the server did not start (first line: '$line')" ;;
  esac
}

# Adds an admin with a random password and prints an access token.
admin_token() {
  local url=$1 password
  password=$("$py" -c 'import secrets; print(secrets.token_urlsafe(24))')
  SOLECHECK_PASSWORD=$password DATABASE_URL=$url "$bin" staff add --email admin@clinic.test --role admin >/dev/null
  "$py" - "$base/v1/auth/login" "$password" <<'EOF'
import json, sys, urllib.request
body = json.dumps({"email": "admin@clinic.test", "password": sys.argv[2]}).encode()
req = urllib.request.Request(sys.argv[1], data=body, headers={"Content-Type": "application/json"})
with urllib.request.urlopen(req, timeout=10) as resp:
    print(json.load(resp)["access_token"])
EOF
}

# Runs Schemathesis once; $1 names the run, the rest are extra `st run` options.
run_st() {
  local label=$1 started=$SECONDS rc=0 out="$report_dir/$1"
  shift
  local args=(--max-examples "$max_examples" --no-color
              --report junit,json --report-junit-path "$out/junit.xml" --report-json-path "$out/report.json")
  [ "$max_time" -gt 0 ] && args+=(--max-time "$max_time")
  [ -n "${SCHEMATHESIS_SEED:-}" ] && args+=(--seed "$SCHEMATHESIS_SEED")
  rm -rf "$out"; mkdir -p "$out"
  echo "=== $label: $base"
  # `timeout` only guards against a hung run; --max-time is the real bound. In the
  # background so that a signal to this script runs its traps at once.
  # Hypothesis' own caches go to the temp dir, not .hypothesis/ in the checkout.
  HYPOTHESIS_STORAGE_DIRECTORY=$work/hypothesis timeout --kill-after=10 $((max_time > 0 ? max_time + 120 : 600)) \
    "$venv/bin/st" --config-file "$config" run "$base/openapi.json" "${args[@]}" "$@" &
  st_pid=$!
  wait "$st_pid" || rc=$?
  st_pid=
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "$label: the server died" >&2
    [ "$rc" -ne 0 ] || rc=3
  fi
  local found
  found=$("$py" -c 'import json,sys; t=json.load(open(sys.argv[1]))["test_cases"]; print(t["unique_failures"], "unique failures,", t["generated"], "cases")' \
    "$out/report.json" 2>/dev/null || echo "no report")
  summary+=("$(printf '%-18s exit %-3s %4d s  %s' "$label" "$rc" $((SECONDS - started)) "$found")")
  [ "$rc" -eq 0 ] || status=1
}

# Both runs against one server: anonymous, then as the admin.
test_backend() {
  local name=$1 url=$2 token
  start_server "$url" "$name"
  token=$(admin_token "$url")   # before any run: the fuzzer sets off login throttling
  run_st "$name-anonymous"
  run_st "$name-admin" -H "Authorization: Bearer $token"
  stop_server
}

for backend in $backends; do
  case $backend in
    sqlite)
      mkdir -p "$work/sqlite"
      test_backend sqlite "sqlite://$work/sqlite/solecheck.db"
      ;;
    postgres)
      if ! command -v psql >/dev/null || ! psql "$pg_admin_url" -qAtc 'SELECT 1' >/dev/null 2>&1; then
        if [ "$require_pg" -eq 1 ]; then
          echo "PostgreSQL at $pg_admin_url is unreachable (or psql is missing)" >&2
          status=1
        else
          echo "skipping PostgreSQL: $pg_admin_url is unreachable (or psql is missing)"
        fi
        continue
      fi
      pg_db="solecheck_st_$$_$RANDOM"
      psql "$pg_admin_url" -qAtc "CREATE DATABASE \"$pg_db\"" >/dev/null
      pg_url=$("$py" -c 'import sys, urllib.parse as u; p = u.urlsplit(sys.argv[1]); print(u.urlunsplit(p._replace(path="/" + sys.argv[2])))' \
        "$pg_admin_url" "$pg_db")
      test_backend postgres "$pg_url"
      drop_pg_db
      ;;
    *) die "unknown backend '$backend' (sqlite, postgres)" ;;
  esac
done

budget="max-time ${max_time}s per run"; [ "$max_time" -gt 0 ] || budget="one pass per run"
echo "=== $("$venv/bin/st" --version), max-examples $max_examples, $budget; reports in $report_dir"
for line in "${summary[@]}"; do echo "  $line"; done
exit "$status"
