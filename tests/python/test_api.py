"""dateline.analyze and dateline.analyze_batch against `dateline analyze --format jsonl`."""

import json
import subprocess
import sys
import threading
import time

import pyarrow as pa
import pytest

import dateline
from conftest import ROOT, expected_row, run_cli, table_of


def test_import_pulls_in_no_engine():
    code = (
        "import sys, dateline, dateline.spark, dateline.ray; "
        "print(sorted(m for m in ('pyspark', 'ray', 'pyarrow') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_resources_are_found():
    info = dateline.info()
    assert info["ready"], info["error"]
    assert info["kb"].endswith("dateline.kb")
    assert info["threads"] >= 1


def test_the_readme_example_equals_the_cli():
    # The README's first command: the bundled article with a publication date.
    path = "examples/harbor-talks.txt"
    out = subprocess.run(
        [str(ROOT / "target/release/dateline"), "analyze", "-q", "-f", "jsonl",
         "--published", "2025-09-26", path],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout
    text = (ROOT / path).read_text(encoding="utf-8")
    assert dateline.analyze_json(text, published="2025-09-26", id=path) == out.rstrip("\n")
    assert dateline.analyze(text, published="2025-09-26", id=path) == json.loads(out)


def test_analyze_equals_the_cli_document_for_document(corpus, tmp_path):
    _, docs = corpus
    # The CLI on the same texts, dates and ids (and nothing else, as analyze takes nothing else).
    texts = [{k: d[k] for k in ("id", "text", "published") if k in d} for d in docs if "text" in d]
    path = tmp_path / "texts.jsonl"
    path.write_text("".join(json.dumps(d) + "\n" for d in texts), encoding="utf-8")
    out, err, status = run_cli("analyze", "-q", "-f", "jsonl", path)
    assert status == 0, err
    lines = [line for line in out.splitlines() if line]
    assert len(lines) == len(texts) > 100
    for doc, line in zip(texts, lines):
        got = dateline.analyze_json(doc["text"], published=doc.get("published"), id=doc["id"])
        assert got == line, doc["id"]
    first = texts[0]
    assert dateline.analyze(first["text"], first.get("published"), first["id"]) == json.loads(lines[0])


def test_analyze_takes_dates_and_has_a_default_id():
    import datetime

    text = "Officials met on Friday. “We agreed,” one said."
    by_date = dateline.analyze(text, published=datetime.date(2025, 8, 16))
    assert by_date == dateline.analyze(text, published="2025-08-16")
    assert by_date["id"] == "-"
    assert by_date["times"][0]["value"] == "2025-08-15"


def test_analyze_errors_are_exceptions_with_the_cli_messages(tmp_path):
    with pytest.raises(dateline.DatelineError) as e:
        dateline.analyze("  \n ", id="blank")
    assert str(e.value) == "blank: empty document"
    # The CLI says the same of the same document.
    path = tmp_path / "blank.jsonl"
    path.write_text('{"id": "blank", "text": "  \\n "}\n')
    _, err, status = run_cli("analyze", "-q", "-f", "jsonl", path)
    assert status == 1 and f"{path}:1: empty document" in err
    with pytest.raises(ValueError, match='published: cannot read "someday" as a date'):
        dateline.analyze("Text.", published="someday")
    with pytest.raises(dateline.DatelineError, match="over max_doc_bytes"):
        dateline.analyze("x" * 2000, max_doc_bytes=1000)
    with pytest.raises(TypeError):
        dateline.analyze(None)


def test_batch_rows_equal_the_cli_and_their_columns_the_json(corpus, cli_docs):
    _, docs = corpus
    out = dateline.analyze_batch(table_of(docs))
    assert isinstance(out, pa.RecordBatch)
    assert out.schema == dateline.output_schema()
    assert out.num_rows == len(docs)
    assert out.column("error").null_count == len(docs)
    rows = out.to_pylist()
    for doc, row in zip(docs, rows):
        line, expected = cli_docs[doc["id"]]
        assert row["id"] == doc["id"]
        assert row["json"] == line, doc["id"]
        assert {k: v for k, v in row.items() if k not in ("json", "error")} == expected_row(
            expected, out.schema
        ), doc["id"]
    # The HTML document was extracted as the CLI extracts it.
    html_row = next(r for r, d in zip(rows, docs) if "html" in d)
    assert html_row["title"] == "Small Page" and "mayor resigned" in html_row["text"]


def test_batch_equals_analyze_row_for_row(corpus):
    _, docs = corpus
    texts = [d for d in docs if "text" in d][:40]
    out = dateline.analyze_batch(pa.RecordBatch.from_pylist(
        [{"id": d["id"], "text": d["text"], "published": d.get("published")} for d in texts]
    ))
    for doc, line in zip(texts, out.column("json").to_pylist()):
        assert json.loads(line) == dateline.analyze(doc["text"], doc.get("published"), doc["id"])


def test_bad_rows_have_an_error_and_the_batch_goes_on():
    batch = pa.RecordBatch.from_pylist([
        {"id": "good", "text": "The minister resigned on Tuesday.", "published": "2025-08-16"},
        {"id": "blank", "text": "   "},
        {"id": "nothing", "text": None},
        {"id": "huge", "text": "word " * 400},
        {"id": None, "text": ""},
        {"id": "late", "text": "Talks resume on Monday.", "published": "not a date"},
    ])
    out = dateline.analyze_batch(batch, max_doc_bytes=1000).to_pylist()
    assert [r["error"] for r in out] == [
        None,
        "blank: empty document",
        'nothing: the row has neither a "text" nor an "html" value',
        "huge: document is 2 KB, over max_doc_bytes 1 KB; raise the limit to analyse it",
        "row 4: empty document",
        None,
    ]
    assert [r["id"] for r in out] == ["good", "blank", "nothing", "huge", "row 4", "late"]
    assert json.loads(out[0]["json"])["id"] == "good"
    for r in out[1:5]:
        assert r["json"] is None and r["entities"] is None and r["tone"] is None
    # A date that cannot be read is kept, as the CLI keeps it, not an error.
    assert json.loads(out[5]["json"])["meta"] == {"published_raw": "not a date"}
    assert out[5]["published"] is None


def test_a_default_date_and_typed_columns():
    import datetime

    text = "Officials met on Friday."
    batch = pa.RecordBatch.from_arrays(
        [
            pa.array([1, 2, 3], pa.int64()),
            pa.array([text] * 3).dictionary_encode(),
            pa.array([datetime.date(2025, 8, 16), None, None], pa.date32()),
        ],
        names=["id", "text", "published"],
    )
    out = dateline.analyze_batch(batch, published="2024-01-05").to_pylist()
    assert [r["id"] for r in out] == ["1", "2", "3"]
    assert [r["published"] for r in out] == ["2025-08-16", "2024-01-05", "2024-01-05"]
    assert out[0]["json"] == dateline.analyze_json(text, "2025-08-16", "1")
    assert out[1]["json"] == dateline.analyze_json(text, "2024-01-05", "2")


def test_tables_of_many_chunks_and_empty_batches(corpus):
    _, docs = corpus
    texts = [{"id": d["id"], "text": d["text"]} for d in docs if "text" in d][:30]
    table = pa.Table.from_batches(
        [pa.RecordBatch.from_pylist(texts[:10]), pa.RecordBatch.from_pylist(texts[10:])]
    )
    whole = dateline.analyze_batch(pa.RecordBatch.from_pylist(texts))
    assert dateline.analyze_batch(table).equals(whole)
    empty = dateline.analyze_batch(table.slice(0, 0))
    assert empty.num_rows == 0 and empty.schema == whole.schema


def test_batches_that_are_not_documents_are_refused():
    with pytest.raises(ValueError, match='neither a "text" nor an "html" column'):
        dateline.analyze_batch(pa.table({"body": ["x"]}))
    with pytest.raises(TypeError, match='column "text" has type Int64'):
        dateline.analyze_batch(pa.table({"text": [1]}))
    with pytest.raises(TypeError, match="expected a pyarrow RecordBatch or Table"):
        dateline.analyze_batch(["not", "a", "batch"])


def test_the_gil_is_released_while_a_batch_is_analysed(corpus):
    _, docs = corpus
    texts = [{"id": d["id"], "text": d["text"]} for d in docs if "text" in d]
    batch = pa.RecordBatch.from_pylist(texts * 4)
    ticks = 0
    done = threading.Event()

    def analyse():
        dateline.analyze_batch(batch)
        done.set()

    worker = threading.Thread(target=analyse)
    started = time.perf_counter()
    worker.start()
    while not done.is_set():
        ticks += 1
        time.sleep(0.001)
    worker.join()
    elapsed = time.perf_counter() - started
    # The main thread kept running Python code all along (a held GIL would stall it).
    assert elapsed > 0.2 and ticks > elapsed * 100, (ticks, elapsed)


def test_the_spark_schema_is_the_output_schema():
    import dateline.spark

    ddl = dateline.spark.SCHEMA
    for field in dateline.output_schema():
        assert f"`{field.name}` " in ddl
    assert "`quotes` ARRAY<STRUCT<`start`: BIGINT" in ddl
