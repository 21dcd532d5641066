"""Shared fixtures of the Python tests: a small corpus made of the repository's own test
documents, and what `dateline analyze --format jsonl` (target/release/dateline) writes for
it, which every front end (analyze, analyze_batch, Spark, Ray) is compared with.

Run by scripts/python-test.sh, which builds and installs the wheel and the CLI first.
"""

import json
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CLI = ROOT / "target" / "release" / "dateline"
FIXTURES = ROOT / "crates" / "dateline" / "tests" / "fixtures"
INPUT_KEYS = ("id", "text", "html", "published", "url", "title", "byline", "language", "source")
# Generated articles (dateline bench ingest's generator) besides the hand-written ones: enough
# for several Arrow batches and Spark partitions, few enough for a test of seconds.
GENERATED_DOCS = 150

# The resources the CLI uses, for every process the tests start (Spark and Ray workers
# inherit the environment).
os.environ.setdefault("DATELINE_KB", str(ROOT / "data" / "kb" / "dateline.kb"))
os.environ.setdefault(
    "DATELINE_LEXICON", str(ROOT / "data" / "sources" / "vadersentiment" / "vader_lexicon.txt")
)


def run_cli(*args):
    """Runs the CLI; returns (stdout, stderr, exit status)."""
    proc = subprocess.run([str(CLI), *map(str, args)], capture_output=True, text=True)
    return proc.stdout, proc.stderr, proc.returncode


def read_jsonl(text):
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@pytest.fixture(scope="session")
def corpus(tmp_path_factory):
    """A JSONL corpus with only the input fields analyze_batch reads (ids made unique):
    the CLI's test articles and their copies, a document given as HTML, the bundled
    example, and generated articles. Returns (path, list of dicts)."""
    assert CLI.exists(), f"{CLI} is missing: cargo build --release -p dateline"
    docs, seen = [], set()
    sources = sorted((FIXTURES / "corpus").glob("*.jsonl")) + [FIXTURES / "docs.jsonl"]
    for path in sources:
        for line in path.read_text(encoding="utf-8").splitlines():
            doc = {k: v for k, v in json.loads(line).items() if k in INPUT_KEYS}
            while doc["id"] in seen:
                doc["id"] += "-again"
            seen.add(doc["id"])
            docs.append(doc)
    docs.append(
        {
            "id": "harbor-talks",
            "text": (ROOT / "examples" / "harbor-talks.txt").read_text(encoding="utf-8"),
            "published": "2025-09-26",
        }
    )
    work = tmp_path_factory.mktemp("corpus")
    _, err, status = run_cli("bench", "ingest", "--docs", GENERATED_DOCS, "--queries", 1, "--keep", work)
    assert status == 0, err
    generated = work / f"corpus-{GENERATED_DOCS}.jsonl"
    docs += [
        {k: v for k, v in d.items() if k in INPUT_KEYS}
        for d in read_jsonl(generated.read_text(encoding="utf-8"))
    ]
    path = work / "corpus.jsonl"
    path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
    return path, docs


@pytest.fixture(scope="session")
def cli_docs(corpus):
    """`dateline analyze --format jsonl` of the corpus: id -> (JSON line, parsed document)."""
    path, docs = corpus
    out, err, status = run_cli("analyze", "--quiet", "--format", "jsonl", path)
    assert status == 0, err
    lines = [line for line in out.splitlines() if line]
    assert len(lines) == len(docs)
    return {json.loads(line)["id"]: (line, json.loads(line)) for line in lines}


def table_of(docs):
    """A pyarrow Table of input documents, every key a string column (pyarrow would take
    the columns of the first row only)."""
    import pyarrow as pa

    keys = [k for k in INPUT_KEYS if any(k in d for d in docs)]
    return pa.Table.from_pylist(docs, schema=pa.schema([(k, pa.string()) for k in keys]))


def project(value, pa_type):
    """A value of the document JSON as analyze_batch's column of type `pa_type` holds it:
    missing keys are None, a quote's single `speaker` is a list of one, numbers keep their
    kind. (What FORMAT.md JSON becomes in the nested columns.)"""
    import pyarrow as pa

    if value is None:
        return None
    if pa.types.is_struct(pa_type):
        if not isinstance(value, dict):
            return None
        return {f.name: project(value.get(f.name), f.type) for f in pa_type}
    if pa.types.is_list(pa_type):
        items = value if isinstance(value, list) else [value]
        return [project(x, pa_type.value_type) for x in items]
    if pa.types.is_floating(pa_type):
        return float(value)
    if pa.types.is_integer(pa_type):
        return int(value)
    if pa.types.is_boolean(pa_type):
        return bool(value)
    return value if isinstance(value, str) else json.dumps(value)


def expected_row(doc, schema):
    """The output row analyze_batch should give for the CLI's document `doc` (json and
    error aside)."""
    return {f.name: project(doc.get(f.name), f.type) for f in schema if f.name not in ("json", "error")}
