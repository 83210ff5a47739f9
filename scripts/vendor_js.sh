#!/bin/sh
# Refresh the JavaScript and data the published site ships (src/ccpj_graph/publish/vendor/)
# from the npm registry, at the versions pinned below; VENDOR.json records what was copied.
# Usage: sh scripts/vendor_js.sh   (needs npm; nothing is fetched when a site is published)
set -eu

MINISEARCH=7.2.0
CODEMIRROR=5.65.18
WORLD_ATLAS=2.0.2

root=$(cd "$(dirname "$0")/.." && pwd)
dest="$root/src/ccpj_graph/publish/vendor"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

unpack() {  # unpack NAME VERSION DIR: npm pack NAME@VERSION into $work/DIR
    (cd "$work" && npm pack --silent "$1@$2" >/dev/null)
    mkdir -p "$work/$3"
    tar xzf "$work/$1-$2.tgz" -C "$work/$3" --strip-components=1
}

unpack minisearch "$MINISEARCH" minisearch
unpack codemirror "$CODEMIRROR" codemirror
unpack world-atlas "$WORLD_ATLAS" world-atlas

rm -rf "$dest/minisearch" "$dest/codemirror" "$dest/world-atlas"
mkdir -p "$dest/minisearch" "$dest/codemirror" "$dest/world-atlas"
cp "$work/minisearch/dist/umd/index.js" "$dest/minisearch/minisearch.js"
cp "$work/minisearch/LICENSE.txt" "$dest/minisearch/LICENSE"
cp "$work/codemirror/lib/codemirror.js" "$work/codemirror/lib/codemirror.css" "$dest/codemirror/"
cp "$work/codemirror/mode/sparql/sparql.js" "$dest/codemirror/sparql.js"
cp "$work/codemirror/LICENSE" "$dest/codemirror/LICENSE"
cp "$work/world-atlas/countries-110m.json" "$dest/world-atlas/countries-110m.json"
cp "$work/world-atlas/LICENSE" "$dest/world-atlas/LICENSE"

cat > "$dest/VENDOR.json" <<JSON
{
  "codemirror": {"version": "$CODEMIRROR", "license": "MIT", "files": ["codemirror/codemirror.js", "codemirror/codemirror.css", "codemirror/sparql.js"]},
  "minisearch": {"version": "$MINISEARCH", "license": "MIT", "files": ["minisearch/minisearch.js"]},
  "world-atlas": {"version": "$WORLD_ATLAS", "license": "ISC (geometry: Natural Earth, public domain)", "files": ["world-atlas/countries-110m.json"]}
}
JSON
echo "vendored minisearch $MINISEARCH, codemirror $CODEMIRROR, world-atlas $WORLD_ATLAS into $dest"
