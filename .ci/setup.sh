#!/usr/bin/env bash
# Installs what SoleCheck needs to build, run and (with --test) test, on a
# Debian machine that has Rust. Idempotent and quick when everything is there.
#   .ci/setup.sh          build and run: wasm32 target, wasm-bindgen-cli,
#                             Node.js + binaryen's wasm-opt, esbuild and swagger-ui-dist, libpq
#   .ci/setup.sh --test   also Schemathesis and pyotp (PyPI, in .tools/), axe-core (npm, in .tools/), Chromium and chromedriver for browser tests, wrk
#                             for the benchmark, libfaketime for the end-to-end
#                             tests that stop the server's clock, nginx for the
#                             tests behind a reverse proxy, caddy and
#                             systemd-analyze to check api/deploy/'s files, and
#                             tests/mobile's npm packages (the generated client)
set -euo pipefail
cd "$(dirname "$0")/.."

BINARYEN_VERSION=132.0.0
ESBUILD_VERSION=0.28.2
# The API reference's renderer (/docs), built into the binary by .ci/build-widget.sh.
SWAGGER_UI_VERSION=5.36.0
SCHEMATHESIS_VERSION=4.32.5
# An independent TOTP implementation for the two-step sign-in tests.
PYOTP_VERSION=2.12.1
# An independent accessibility checker for the browser tests (tests/accessibility.rs).
AXE_CORE_VERSION=4.14.1
want_test=0
[ "${1:-}" = "--test" ] && want_test=1

sudo_if_needed() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# python_tool PACKAGE VERSION: PACKAGE==VERSION from PyPI in .tools/PACKAGE/,
# a venv of its own; kept when that version is there already.
python_tool() {
  local package=$1 version=$2 venv=.tools/$1
  if [ -x "$venv/bin/python" ] && "$venv/bin/python" -c "import importlib.metadata as m, sys; sys.exit(m.version('$package') != '$version')" 2>/dev/null; then
    say "$package" present
    return
  fi
  if ! command -v python3 >/dev/null || ! python3 -c 'import ensurepip, venv' 2>/dev/null; then
    apt_install python3 python3-venv
  fi
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check "$package==$version"
  say "$package" installed
}

apt_updated=0
apt_install() {
  if [ "$apt_updated" -eq 0 ]; then
    sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    apt_updated=1
  fi
  sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

have_deb() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

say() { printf '  %-22s %s\n' "$1" "$2"; }
echo "SoleCheck set-up:"

# Rust target for the widget.
if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "wasm32 target" present
else
  rustup target add wasm32-unknown-unknown >/dev/null
  say "wasm32 target" installed
fi

# libpq (the api links it; PostgreSQL itself is optional) and pkg-config.
missing=()
for pkg in libpq-dev pkg-config; do have_deb "$pkg" || missing+=("$pkg"); done
if [ ${#missing[@]} -eq 0 ]; then
  say "libpq, pkg-config" present
else
  apt_install "${missing[@]}"
  say "${missing[*]}" installed
fi

# wasm-bindgen-cli at exactly the version of the wasm-bindgen crate in Cargo.lock.
wb_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ -z "$wb_version" ]; then
  echo "could not read the wasm-bindgen version from Cargo.lock" >&2
  exit 1
fi
if command -v wasm-bindgen >/dev/null && [ "$(wasm-bindgen --version | awk '{print $2}')" = "$wb_version" ]; then
  say "wasm-bindgen $wb_version" present
else
  cargo install -q wasm-bindgen-cli --version "=$wb_version"
  say "wasm-bindgen $wb_version" installed
fi

# Node.js + npm, then binaryen's wasm-opt (Debian's is too old) and esbuild into .tools/.
if command -v npm >/dev/null; then
  say "node, npm" present
else
  apt_install nodejs npm
  say "node, npm" installed
fi
# esbuild minifies the JS glue and the stylesheets (.ci/build-widget.sh);
# swagger-ui-dist renders the API reference.
# npm_version PACKAGE: the version of PACKAGE in .tools/, or nothing.
npm_version() {
  node -p "require('./.tools/node_modules/$1/package.json').version" 2>/dev/null || true
}
if [ -x .tools/node_modules/.bin/wasm-opt ] && .tools/node_modules/.bin/wasm-opt --version | grep -q "version ${BINARYEN_VERSION%%.*}" \
   && [ -x .tools/node_modules/.bin/esbuild ] && [ "$(.tools/node_modules/.bin/esbuild --version)" = "$ESBUILD_VERSION" ] \
   && [ "$(npm_version swagger-ui-dist)" = "$SWAGGER_UI_VERSION" ]; then
  say "wasm-opt, esbuild, swagger-ui" present
else
  mkdir -p .tools
  npm install --silent --no-audit --no-fund --save-exact --prefix .tools "binaryen@$BINARYEN_VERSION" \
    "esbuild@$ESBUILD_VERSION" "swagger-ui-dist@$SWAGGER_UI_VERSION" >/dev/null
  say "wasm-opt, esbuild, swagger-ui" installed
fi

if [ "$want_test" -eq 1 ]; then
  # The mobile-contract client generator and TypeScript (tests/mobile), as locked.
  if [ -f tests/mobile/node_modules/.package-lock.json ] \
     && [ tests/mobile/node_modules/.package-lock.json -nt tests/mobile/package-lock.json ]; then
    say "openapi-typescript" present
  else
    npm ci --silent --no-audit --no-fund --prefix tests/mobile >/dev/null
    say "openapi-typescript" installed
  fi

  # axe-core, pinned: the browser tests run it in the widget and the console.
  if [ "$(npm_version axe-core)" = "$AXE_CORE_VERSION" ]; then
    say "axe-core" present
  else
    npm install --silent --no-audit --no-fund --save-exact --prefix .tools "axe-core@$AXE_CORE_VERSION" >/dev/null
    say "axe-core" installed
  fi

  # Schemathesis, pinned, in its own venv: it fuzzes the API against its own
  # /openapi.json (.ci/schemathesis.sh).
  python_tool schemathesis "$SCHEMATHESIS_VERSION"
  # pyotp, pinned, in its own venv: tests/e2e/two_step.rs makes an
  # authenticator app's codes with it from the URI the server's QR code holds.
  python_tool pyotp "$PYOTP_VERSION"

  missing=()
  for pkg in chromium chromium-driver wrk faketime nginx caddy systemd; do have_deb "$pkg" || missing+=("$pkg"); done
  if [ ${#missing[@]} -eq 0 ]; then
    say "chromium, driver, wrk, faketime, nginx, caddy, systemd-analyze" present
  else
    apt_install "${missing[@]}"
    say "${missing[*]}" installed
  fi
fi
