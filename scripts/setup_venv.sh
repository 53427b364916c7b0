#!/usr/bin/env bash
# Builds .venv from requirements.lock with a Python 3.10 interpreter.
# Rasa 3.6 runs on Python 3.8-3.10 only; the machine default (3.11) will not do.
set -euo pipefail
cd "$(dirname "$0")/.."
# `--from requirements.in` resolves the direct dependencies afresh (used by `make lock`).
requirements=requirements.lock
if [ "${1:-}" = "--from" ]; then requirements=$2; fi

find_python310() {
  if [ -n "${PYTHON:-}" ]; then echo "$PYTHON"; return; fi
  if command -v pyenv >/dev/null 2>&1; then
    for p in "$(pyenv root)"/versions/3.10.*/bin/python3.10; do
      [ -x "$p" ] && { echo "$p"; return; }
    done
  fi
  for p in "$HOME"/.pyenv/versions/3.10.*/bin/python3.10; do
    [ -x "$p" ] && { echo "$p"; return; }
  done
  if command -v python3.10 >/dev/null 2>&1 && python3.10 -c 'import sys' 2>/dev/null; then
    command -v python3.10; return
  fi
}

py=$(find_python310)
if [ -z "$py" ] || ! "$py" -c 'import sys; assert sys.version_info[:2] == (3, 10)' 2>/dev/null; then
  echo "error: Rasa 3.6 needs Python 3.10 and none was found." >&2
  echo "       Install one (e.g. 'pyenv install 3.10') or set PYTHON=/path/to/python3.10." >&2
  exit 1
fi

echo "Building .venv with $py"
rm -rf .venv
"$py" -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check 'pip==24.0'
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$requirements"
touch .venv/.installed
echo "Virtual environment ready: $(.venv/bin/python --version), rasa $(.venv/bin/python -c 'import rasa; print(rasa.__version__)')"
