#!/bin/sh
# Rebuild ../assets/plotly-dashboard.min.js: plotly.js (the version plotly.py bundles) with only the
# traces the dashboard draws. Needs node and npm; run it when plotly.py's plotly.js version changes.
set -eu
cd "$(dirname "$0")"
work=$(mktemp -d)
cp entry.js package.json "$work"/
(cd "$work" && npm install --no-audit --no-fund --silent && \
 node_modules/.bin/esbuild entry.js --bundle --minify --format=iife --global-name=Plotly \
   --define:global=window --define:define.amd=false --target=es2016 --legal-comments=eof \
   --log-level=warning --outfile=out.js)
version=$(node -p "require('$work/node_modules/plotly.js/package.json').version")
{ printf '/*! plotly.js v%s, partial bundle (scatter, bar, sankey) built by dashboard/plotly_bundle/build.sh\n' "$version"
  printf ' * Copyright 2012-2026, Plotly, Inc. All rights reserved. Licensed under the MIT license. */\n'
  cat "$work/out.js"; } > ../assets/plotly-dashboard.min.js
rm -rf "$work"
