#!/usr/bin/env bash
# Builds the widget: Rust -> wasm32 (size profile), wasm-bindgen (ES module),
# wasm-opt -Oz, then copies the loader and the demo page's stylesheet into
# widget/dist, which the api serves under /widget/. Prints the sizes.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.tools/node_modules/.bin:$PATH"

target_dir="${CARGO_TARGET_DIR:-target}"
out=widget/dist
cargo build -q -p solecheck-widget --target wasm32-unknown-unknown --profile widget
rm -rf "$out.tmp" && mkdir -p "$out.tmp"
wasm-bindgen --target web --no-typescript --out-dir "$out.tmp" --out-name solecheck_widget \
  "$target_dir/wasm32-unknown-unknown/widget/solecheck_widget.wasm"
wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue --strip-debug --strip-producers \
  "$out.tmp/solecheck_widget_bg.wasm" -o "$out.tmp/solecheck_widget_bg.wasm"
cp widget/js/solecheck.js widget/css/demo.css "$out.tmp/"

# The staff console (served under /staff/assets/), same pipeline.
cargo build -q -p solecheck-console --target wasm32-unknown-unknown --profile widget
mkdir -p "$out.tmp/console"
wasm-bindgen --target web --no-typescript --out-dir "$out.tmp/console" --out-name solecheck_console \
  "$target_dir/wasm32-unknown-unknown/widget/solecheck_console.wasm"
wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue --strip-debug --strip-producers \
  "$out.tmp/console/solecheck_console_bg.wasm" -o "$out.tmp/console/solecheck_console_bg.wasm"
cp widget/console/js/console.js widget/console/css/console.css "$out.tmp/console/"
rm -rf "$out" && mv "$out.tmp" "$out"

echo "widget built in $out:"
total_raw=0
total_gz=0
for f in "$out"/* "$out"/console/*; do
  [ -f "$f" ] || continue
  raw=$(stat -c %s "$f")
  gz=$(gzip -9c "$f" | wc -c)
  total_raw=$((total_raw + raw))
  total_gz=$((total_gz + gz))
  printf '  %-28s %8d bytes  %8d gzip\n' "$(basename "$f")" "$raw" "$gz"
done
printf '  %-28s %8d bytes  %8d gzip\n' "total" "$total_raw" "$total_gz"
