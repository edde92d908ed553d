#!/usr/bin/env bash
# The Python package's tests (docs/python.md), on the wheel PyPI would get: maturin builds the
# manylinux2014 wheel from crates/python + python/ (zig links it against glibc 2.17), a fresh
# virtual environment gets that wheel and python/requirements-test.txt, then ruff and pytest run
# there. The build tools live in an environment cached in ~/.cache/entra-db-auth/build/<key>, keyed
# by python/requirements-build.txt and the Python version; the test requirements' wheels in
# ~/.cache/entra-db-auth/wheels/<key> (the index here sends nothing pip caches), keyed by
# python/requirements-test.txt and the Python version. The test environment is made in a temporary
# folder and removed, or made at $ENTRA_DB_AUTH_VENV and kept (for bench/python/bench.py).
# The end-to-end tests start the emulator (node js/cli.mjs emulator --json), so they need what the
# Node tests need.
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
if ! ldconfig -p 2>/dev/null | grep -q 'libodbc\.so\.2'; then
  echo "python: 0 passed, 1 failed (libodbc.so.2 not found: pyodbc needs unixODBC; apt-get install unixodbc)"
  exit 1
fi
if ! command -v cargo >/dev/null 2>&1 && [ -f "$HOME/.cargo/env" ]; then
  # shellcheck disable=SC1091
  . "$HOME/.cargo/env"
fi
pip_install() { "$1/bin/pip" install --quiet --disable-pip-version-check "${@:2}"; }
seconds() { echo $(($(date +%s) - $1)); }

key() { (cat "$1" && "$PYTHON" -c 'import sys; print(sys.version)') | sha256sum | cut -c1-16; }
build="$HOME/.cache/entra-db-auth/build/$(key python/requirements-build.txt)"
if [ ! -x "$build/bin/maturin" ]; then
  rm -rf "$build"
  "$PYTHON" -m venv "$build"
  pip_install "$build" -r python/requirements-build.txt
fi
wheels="$HOME/.cache/entra-db-auth/wheels/$(key python/requirements-test.txt)"
if [ ! -f "$wheels/complete" ]; then
  rm -rf "$wheels"
  "$build/bin/pip" download --quiet --disable-pip-version-check -d "$wheels" -r python/requirements-test.txt
  touch "$wheels/complete"
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
started=$(date +%s)
# The release build (docs/python.md, Release wheels). maturin finds zig through `python -m ziglang`
# with the build environment first on PATH, and refuses a wheel that breaks the manylinux2014 policy.
PATH="$build/bin:$PATH" maturin build --release --zig --compatibility manylinux2014 --quiet --out "$work" 2>&1 |
  grep -v '^📦\|^🔗\|^📡\|^🍹\|^🐍\|^🛠' || true
wheel=$(ls "$work"/*.whl 2>/dev/null | head -n 1)
if [ -z "$wheel" ]; then
  echo "python: 0 passed, 1 failed (maturin built no wheel)"
  exit 1
fi
echo "python: built $(basename "$wheel"), $(stat -c %s "$wheel") bytes, in $(seconds "$started") s"

started=$(date +%s)
venv=${ENTRA_DB_AUTH_VENV:-$work/venv}
if [ -e "$venv" ] && [ ! -f "$venv/pyvenv.cfg" ]; then
  echo "python: 0 passed, 1 failed ($venv exists and is not a virtual environment: not replacing it)"
  exit 1
fi
rm -rf "$venv"
"$PYTHON" -m venv "$venv"
pip_install "$venv" --no-index --find-links "$wheels" -r python/requirements-test.txt "$wheel"
echo "python: a fresh virtual environment with the wheel and the test requirements in $(seconds "$started") s"

"$venv/bin/ruff" check python bench/python
"$venv/bin/ruff" format --check python bench/python

# pytest runs from the repository, but imports entra_db_auth from the installed wheel (python/ is
# not on sys.path; test_package.py checks). Exit code 5 (no tests collected) is a failure too.
set +e
ENTRA_DB_AUTH_TEST_WHEEL="$wheel" "$venv/bin/pytest" -q -p no:cacheprovider --durations=12 python/tests
status=$?
set -e
if [ "$status" -eq 5 ]; then
  echo "python: 0 passed, 1 failed (pytest collected no tests)"
  exit 1
fi
exit "$status"
