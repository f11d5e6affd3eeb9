#!/usr/bin/env bash
# What a fresh install gets: a wheel built from this tree installs into a clean virtual
# environment, and there `liaison-desk --version` and `liaison-desk --self-test` pass (with
# an empty HOME, outside the source tree). Run by .ci/run after `make test`.
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-.venv/bin/python}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
started=$(date +%s)
"$python" -m pip wheel --quiet --no-deps --wheel-dir "$work/wheel" . 2> >(grep -v "is ignored" >&2)
"$python" -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet "$work"/wheel/*.whl 2> >(grep -v "is ignored" >&2)
mkdir "$work/home"
cd "$work/home"
run() { env -i HOME="$work/home" PATH="$work/venv/bin:/usr/bin:/bin" LANG=C.UTF-8 \
          QT_QPA_PLATFORM=offscreen "$work/venv/bin/liaison-desk" "$@"; }
run --version
run --self-test
echo "wheel $(basename "$work"/wheel/*.whl): installed and self-tested in a clean venv in $(( $(date +%s) - started )) s"
