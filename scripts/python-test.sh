#!/usr/bin/env bash
# The Python package's tests: builds the wheel (scripts/build-python.sh) and the CLI
# (target/release/dateline, the reference), installs the wheel with pyarrow, PySpark, Ray
# Data and pytest from PyPI into target/python-venv, and runs tests/python/: analyze and
# analyze_batch against `dateline analyze --format jsonl` on a small corpus (the CLI's test
# articles, the bundled example, generated articles), bad rows, then Spark (local[2],
# mapInArrow, and examples/spark/annotate.py) and Ray Data (map_batches) against the CLI
# too. Spark needs Java 17: installed from Debian (openjdk-17-jre-headless) when `java` is
# missing. Needs the knowledge base and the tone lexicon (scripts/setup.sh). A few minutes
# the first time (downloads), under two minutes after.
#
#   scripts/python-test.sh [PYTEST ARGS...]      e.g. -k spark, -x
set -euo pipefail
cd "$(dirname "$0")/.."

for f in data/kb/dateline.kb data/sources/vadersentiment/vader_lexicon.txt; do
  if [ ! -f "$f" ]; then
    echo "python-test: $f is missing: run scripts/setup.sh first" >&2
    exit 1
  fi
done

if ! command -v java >/dev/null 2>&1; then
  echo "python-test: installing Java 17 for Spark (openjdk-17-jre-headless)" >&2
  if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq openjdk-17-jre-headless >/dev/null
fi

wheel=$(scripts/build-python.sh | tail -n 1)
cargo build --release --locked -p dateline
venv=target/python-venv
pip=("$venv/bin/python" -m pip install --quiet --disable-pip-version-check)
# The engines, once (pip does nothing when they are there).
# pandas 3 is not yet supported by PySpark (it says so at every mapInArrow).
"${pip[@]}" "pyarrow>=14" "pyspark>=3.5,<5" "ray[data]>=2.9,<3" "pandas<3" "pytest>=8"
"${pip[@]}" --force-reinstall --no-deps "$wheel"

# Quiet and offline: no usage statistics, no progress bars, no Spark UI (the tests set the
# rest); Spark's Python workers run this interpreter.
export RAY_USAGE_STATS_ENABLED=0 RAY_DISABLE_DOCKER_CPU_WARNING=1 PYTHONWARNINGS=ignore::DeprecationWarning
export SPARK_LOCAL_IP=127.0.0.1
export PYSPARK_PYTHON="$PWD/$venv/bin/python" PYSPARK_DRIVER_PYTHON="$PWD/$venv/bin/python"
export DATELINE_KB="$PWD/data/kb/dateline.kb"
export DATELINE_LEXICON="$PWD/data/sources/vadersentiment/vader_lexicon.txt"
# Run from tests/python, away from the source tree's python/dateline (the installed wheel
# is what is tested).
cd tests/python
exec "../../$venv/bin/python" -m pytest -q "$@"
