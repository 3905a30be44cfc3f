#!/usr/bin/env bash
# Installs the npm packages (the front-end libraries, and the JavaScript linters as devDependencies)
# and copies the files the templates load into static/vendor/ (not committed). Arguments go to
# `npm ci`: the Docker build passes --omit=dev, as it needs the libraries only.
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --no-audit --no-fund --loglevel=error "$@"
mkdir -p static/vendor
cp node_modules/htmx.org/dist/htmx.min.js static/vendor/htmx.min.js
cp node_modules/chart.js/dist/chart.umd.min.js static/vendor/chart.umd.min.js
