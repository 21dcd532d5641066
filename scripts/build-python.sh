#!/usr/bin/env bash
# Builds the Python package `dateline` (crates/dateline-python: the PyO3 extension module
# plus python/dateline/) into one abi3 wheel for CPython >= 3.9 in target/wheels/, with the
# workspace's release profile and target/ (so what the CLI's release build compiled is
# reused). maturin comes from PyPI into a virtual environment, target/python-venv, made
# once. A rerun with nothing changed takes a few seconds (cargo has nothing to do; maturin
# packs the wheel again). Prints the wheel's path on its last line.
#
#   scripts/build-python.sh && pip install --force-reinstall "$(ls target/wheels/dateline-*.whl)"
#
# PYTHON=python3.X picks the interpreter for the virtual environment (3.9 or later).
set -euo pipefail
cd "$(dirname "$0")/.."

venv=target/python-venv
python=${PYTHON:-python3}
if [ ! -x "$venv/bin/python" ]; then
  echo "build-python: creating $venv" >&2
  "$python" -m venv "$venv"
fi
# maturin >= 1.9.4 sets PYO3_BUILD_EXTENSION_MODULE for PyO3 0.26+.
if ! "$venv/bin/python" - <<'PY' 2>/dev/null
import importlib.metadata as m
v = tuple(int(x) for x in m.version("maturin").split(".")[:3])
raise SystemExit(0 if (1, 9, 4) <= v < (2,) else 1)
PY
then
  echo "build-python: installing maturin from PyPI into $venv" >&2
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "maturin>=1.9.4,<2"
fi

mkdir -p target/wheels
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
# Only this version's wheel is left in target/wheels, so `ls target/wheels/dateline-*.whl`
# names one file.
find target/wheels -maxdepth 1 -name 'dateline-*.whl' ! -name "dateline-$version-*" -delete
"$venv/bin/maturin" build --release --locked \
  --manifest-path crates/dateline-python/Cargo.toml \
  --interpreter "$venv/bin/python" \
  --out target/wheels >&2
wheel=$(ls -t target/wheels/dateline-"$version"-*.whl | head -n 1)
echo "build-python: built $wheel" >&2
echo "$wheel"
