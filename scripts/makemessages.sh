#!/usr/bin/env bash
# Extract the French messages. The root catalogue (locale/) covers templates/, stoflow/ and
# tenants/; every other app keeps its own catalogue in <app>/locale/, so each app's strings and
# translations live beside its code. Usage: scripts/makemessages.sh [app ...]
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
APPS=(ratelimit catalog vinted ai)
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(root "${APPS[@]}")
for target in "${targets[@]}"; do
  if [ "$target" = root ]; then
    ignores=(--ignore=.venv --ignore=node_modules --ignore=static --ignore=extension --ignore=bench)
    for app in "${APPS[@]}"; do ignores+=(--ignore="$app"); done
    $PY manage.py makemessages -l fr "${ignores[@]}" --no-obsolete -v 0
  else
    # -P: the app's own modules (selectors.py, tokens.py...) must not shadow the standard library.
    (cd "$target" && DJANGO_SETTINGS_MODULE=stoflow.settings PYTHONPATH=.. \
      "../$PY" -P -m django makemessages -l fr --ignore=tests --no-obsolete -v 0)
  fi
done
