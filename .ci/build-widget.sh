#!/usr/bin/env bash
# Builds what the api serves into widget/dist (the widget, under /widget/) and
# widget/dist/console (the staff console, under /staff/assets/): each Yew app
# (Rust -> wasm32 with the size profile, wasm-bindgen ES-module glue, wasm-opt
# -Oz, esbuild --minify) under content-hashed names, its loader under a stable name with those
# names written in, the demo page's stylesheet, and the API reference's files
# (widget/dist/docs, under /docs/assets/). Browsers keep hashed files
# for a year and revalidate the rest (api/src/routes/assets.rs), so a new build
# reaches every page on its next load. Prints the sizes.
#
# One function per artefact: each app is one `build_yew_app` line.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.tools/node_modules/.bin:$PATH"

target_dir="${CARGO_TARGET_DIR:-target}"
out=widget/dist
stage="$out.tmp"

# The first 16 hex digits of a file's SHA-256: a name that changes with the content.
content_hash() { sha256sum "$1" | cut -c1-16; }

# replace_once FILE FROM TO: FROM (a literal) must occur exactly once in FILE.
replace_once() {
  local file=$1 from=$2 to=$3 count
  count=$(grep -cF -- "$from" "$file" || true)
  if [ "$count" -ne 1 ]; then
    echo "build-widget: expected $from exactly once in $file, found it $count times" >&2
    exit 1
  fi
  sed -i "s|${from//./\\.}|$to|" "$file"
}

# build_yew_app CRATE NAME LOADER DIR
#   Builds the cargo package CRATE for the browser as DIR/NAME-<hash>.js (the
#   glue) and DIR/NAME_bg-<hash>.wasm, then writes LOADER (which imports
#   "./NAME.js" and fetches "./NAME_bg.wasm", the names wasm-bindgen gives) into
#   DIR under its own name with the hashed names in their place.
build_yew_app() {
  local crate=$1 name=$2 loader=$3 dir=$4
  local work wasm glue
  mkdir -p "$dir"
  cargo build -q -p "$crate" --target wasm32-unknown-unknown --profile widget
  work=$(mktemp -d)
  wasm-bindgen --target web --no-typescript --out-dir "$work" --out-name "$name" \
    "$target_dir/wasm32-unknown-unknown/widget/${crate//-/_}.wasm"
  wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue --strip-debug --strip-producers \
    "$work/${name}_bg.wasm" -o "$work/${name}_bg.wasm"
  wasm="${name}_bg-$(content_hash "$work/${name}_bg.wasm").wasm"
  mv "$work/${name}_bg.wasm" "$dir/$wasm"
  # The glue's own default wasm URL (used only when init() is given none).
  sed -i "s|${name}_bg\.wasm|$wasm|g" "$work/$name.js"
  minify "$work/$name.js"
  glue="$name-$(content_hash "$work/$name.js").js"
  mv "$work/$name.js" "$dir/$glue"
  rm -rf "$work"
  local target
  target="$dir/$(basename "$loader")"
  cp "$loader" "$target"
  replace_once "$target" "\"./$name.js\"" "\"./$glue\""
  replace_once "$target" "\"./${name}_bg.wasm\"" "\"./$wasm\""
  minify "$target"
}

# minify FILE: a .js (ES module) or .css file rewritten in place by esbuild,
# without comments and spare whitespace; what it does stays the same.
minify() {
  local file=$1 format=()
  [[ $file == *.js ]] && format=(--format=esm)
  esbuild --minify "${format[@]}" --log-level=warning "$file" --outfile="$file.min"
  mv "$file.min" "$file"
}

# copy_static DIR FILE...: served under their own names (stylesheets minified).
copy_static() {
  local dir=$1 file; shift
  for file in "$@"; do
    cp "$file" "$dir/"
    [[ $file == *.css ]] && minify "$dir/$(basename "$file")"
  done
  return 0
}

# copy_docs DIR: the API reference at /docs (api/src/routes/docs.rs):
# swagger-ui-dist's bundle and stylesheet at the version .ci/setup.sh pins,
# without their source-map comments (the maps are not shipped), its licences,
# and the page's own script. Served under /docs/assets/.
copy_docs() {
  local dir=$1 ui=.tools/node_modules/swagger-ui-dist
  if [ ! -f "$ui/swagger-ui-bundle.js" ]; then
    echo "build-widget: $ui is missing (run .ci/setup.sh)" >&2
    exit 1
  fi
  mkdir -p "$dir"
  sed '/^\/\/# sourceMappingURL=/d' "$ui/swagger-ui-bundle.js" > "$dir/swagger-ui-bundle.js"
  sed '/^\/\*# sourceMappingURL=/d' "$ui/swagger-ui.css" > "$dir/swagger-ui.css"
  cat "$ui/NOTICE" "$ui/LICENSE" "$ui/swagger-ui-bundle.js.LICENSE.txt" > "$dir/swagger-ui-licenses.txt"
  cp api/static/docs.js "$dir/"
}

# precompress DIR: each .js, .css and .wasm also stored as .gz (gzip -9) and
# .br (brotli at its best level, by Node's zlib), so the server sends the
# smallest form without compressing on every request (api/src/routes/assets.rs).
precompress() {
  local dir=$1 f
  for f in "$dir"/*.js "$dir"/*.css "$dir"/*.wasm; do
    [ -f "$f" ] || continue
    gzip -9 -n -k -f "$f"
    node -e '
      const zlib = require("zlib"), fs = require("fs"), file = process.argv[1];
      const data = fs.readFileSync(file);
      fs.writeFileSync(file + ".br", zlib.brotliCompressSync(data, { params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length } }));' "$f"
  done
}

# report_sizes DIR: each file raw, and as sent gzip and brotli, and the totals.
report_sizes() {
  local dir=$1 f raw gz br total_raw=0 total_gz=0 total_br=0
  echo "built in $dir (bytes: raw, gzip -9, brotli):"
  for f in "$dir"/*.js "$dir"/*.css "$dir"/*.wasm; do
    [ -f "$f" ] || continue
    raw=$(stat -c %s "$f")
    gz=$(stat -c %s "$f.gz")
    br=$(stat -c %s "$f.br")
    total_raw=$((total_raw + raw))
    total_gz=$((total_gz + gz))
    total_br=$((total_br + br))
    printf '  %-44s %8d %8d %8d\n' "$(basename "$f")" "$raw" "$gz" "$br"
  done
  printf '  %-44s %8d %8d %8d\n' "total" "$total_raw" "$total_gz" "$total_br"
}

rm -rf "$stage" && mkdir -p "$stage"
build_yew_app solecheck-widget solecheck_widget widget/js/solecheck.js "$stage"
copy_static "$stage" widget/css/demo.css
build_yew_app solecheck-console solecheck_console widget/console/js/console.js "$stage/console"
copy_static "$stage/console" widget/console/css/console.css
copy_docs "$stage/docs"
precompress "$stage"
precompress "$stage/console"
precompress "$stage/docs"
# Swap in whole: the server never sees a half-built folder.
rm -rf "$out" && mv "$stage" "$out"
report_sizes "$out"
report_sizes "$out/console"
report_sizes "$out/docs"
