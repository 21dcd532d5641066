"""PySpark in local mode: mapInArrow(dateline.spark.annotate, dateline.spark.SCHEMA) gives
the CLI's annotations, and examples/spark/annotate.py writes Parquet partitioned by date."""

import importlib.util
import json
import os
import sys

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import dateline
import dateline.spark
from conftest import ROOT, expected_row

pyspark = pytest.importorskip("pyspark")


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession

    # Workers run this interpreter (where the wheel is installed).
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[2]")
        .appName("dateline-test")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "2")
        # Several Arrow batches per partition.
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "40")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def test_map_in_arrow_gives_the_cli_annotations(spark, corpus, cli_docs):
    path, docs = corpus
    df = spark.read.json(str(path)).repartition(2)
    out = df.mapInArrow(dateline.spark.annotate, dateline.spark.SCHEMA)
    rows = out.collect()
    assert len(rows) == len(docs)
    schema = dateline.output_schema()
    for row in rows:
        line, expected = cli_docs[row["id"]]
        assert row["error"] is None, row["error"]
        assert row["json"] == line, row["id"]
        # The nested columns too, as Spark rows.
        got = {k: v for k, v in row.asDict(recursive=True).items() if k not in ("json", "error")}
        assert got == expected_row(expected, schema), row["id"]


def test_bad_rows_come_out_with_their_error(spark):
    df = spark.createDataFrame(
        [("ok", "The minister resigned on Tuesday.", "2025-08-16"), ("blank", "  ", None)],
        "id STRING, text STRING, published STRING",
    )
    rows = {r["id"]: r for r in df.mapInArrow(dateline.spark.annotate, dateline.spark.SCHEMA).collect()}
    assert rows["ok"]["error"] is None and json.loads(rows["ok"]["json"])["published"] == "2025-08-16"
    assert rows["blank"]["error"] == "blank: empty document"


def test_each_worker_analyses_with_its_tasks_cpus(spark):
    # local[2] runs two tasks at once, each in a Python worker of its own: a worker with
    # threads for every core would run four on two cores.
    def threads(batches):
        for batch in dateline.spark.annotate(batches):
            yield pa.RecordBatch.from_pydict({"threads": [dateline.info()["threads"]] * batch.num_rows})

    df = spark.createDataFrame(
        [(str(i), "The minister resigned on Tuesday.") for i in range(8)], "id STRING, text STRING"
    ).repartition(2)
    used = {row["threads"] for row in df.mapInArrow(threads, "threads BIGINT").collect()}
    assert used == {int(os.environ.get("DATELINE_THREADS") or spark.conf.get("spark.task.cpus", "1"))}


def test_the_example_writes_parquet_partitioned_by_date(spark, corpus, cli_docs, tmp_path):
    path, docs = corpus
    spec = importlib.util.spec_from_file_location("annotate_example", ROOT / "examples/spark/annotate.py")
    example = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(example)
    out = tmp_path / "annotated"
    written = example.annotate_to_parquet(spark, str(path), str(out), input_format="jsonl")
    assert written == len(docs)
    dates = sorted(p.name for p in out.iterdir() if p.name.startswith("date="))
    assert "date=2025-08-16" in dates and "date=__HIVE_DEFAULT_PARTITION__" in dates
    table = pq.read_table(out / "date=2025-08-16")
    assert table.num_rows == sum(1 for d in docs if d.get("published") == "2025-08-16")
    for row in table.select(["id", "json"]).to_pylist():
        assert row["json"] == cli_docs[row["id"]][0]
    assert pa.types.is_list(table.schema.field("quotes").type)
