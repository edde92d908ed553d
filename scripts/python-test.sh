#!/usr/bin/env bash
# The Python package's tests (docs/python.md): build the wheel from crates/python + python/ with
# maturin, install it into a virtual environment with the drivers, then ruff and pytest. The
# environment is cached in ~/.cache/entra-db-auth/venv/<key>, keyed by python/requirements-test.txt
# and the Python version; the wheel is built and installed fresh on every run. The end-to-end tests
# start the emulator (node js/cli.mjs emulator --json), so they need what the Node tests need.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
if ! command -v "$PYTHON" >/dev/null 2>&1; then
  echo "python: 0 passed, 1 failed ($PYTHON not found: the Python tests need CPython >= 3.9 with venv and pip)"
  exit 1
fi
if ! ldconfig -p 2>/dev/null | grep -q 'libltdl\.so\.7'; then
  echo "python: 0 passed, 1 failed (libltdl.so.7 not found: mssql-python's ODBC driver needs it; apt-get install libltdl7)"
  exit 1
fi
if ! command -v cargo >/dev/null 2>&1 && [ -f "$HOME/.cargo/env" ]; then
  # shellcheck disable=SC1091
  . "$HOME/.cargo/env"
fi

key=$( (cat python/requirements-test.txt && "$PYTHON" -c 'import sys; print(sys.version)') | sha256sum | cut -c1-16)
venv="$HOME/.cache/entra-db-auth/venv/$key"
if [ ! -x "$venv/bin/pytest" ]; then
  rm -rf "$venv"
  "$PYTHON" -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r python/requirements-test.txt
fi

wheels=$(mktemp -d)
trap 'rm -rf "$wheels"' EXIT
started=$(date +%s)
"$venv/bin/maturin" build --release --quiet --out "$wheels" 2>&1 | grep -v '^📦\|^🔗\|^📡\|^🍹' || true
wheel=$(ls "$wheels"/*.whl 2>/dev/null | head -n 1)
if [ -z "$wheel" ]; then
  echo "python: 0 passed, 1 failed (maturin built no wheel)"
  exit 1
fi
echo "python: built $(basename "$wheel"), $(stat -c %s "$wheel") bytes, in $(($(date +%s) - started)) s"
"$venv/bin/pip" install --quiet --disable-pip-version-check --force-reinstall --no-deps "$wheel"

"$venv/bin/ruff" check python bench/python
"$venv/bin/ruff" format --check python bench/python

# pytest runs from the repository, but imports entra_db_auth from the installed wheel (python/ is
# not on sys.path; test_package.py checks). Exit code 5 (no tests collected) is a failure too.
set +e
ENTRA_DB_AUTH_TEST_WHEEL="$wheel" "$venv/bin/pytest" -q -p no:cacheprovider python/tests
status=$?
set -e
if [ "$status" -eq 5 ]; then
  echo "python: 0 passed, 1 failed (pytest collected no tests)"
  exit 1
fi
exit "$status"
