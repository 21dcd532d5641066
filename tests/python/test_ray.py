"""Ray Data, locally: read_json(...).map_batches(dateline.ray.Annotator,
batch_format="pyarrow", concurrency=2) gives the CLI's annotations."""

import os

import pytest

import dateline
import dateline.ray
from conftest import expected_row

os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
ray = pytest.importorskip("ray")


@pytest.fixture(scope="module")
def ray_local():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
    ctx = ray.data.DataContext.get_current()
    ctx.enable_progress_bars = False
    yield
    ray.shutdown()


def test_map_batches_gives_the_cli_annotations(ray_local, corpus, cli_docs):
    path, docs = corpus
    # pyarrow's JSON reader (under read_json) types "2025-08-16" as a timestamp; dateline
    # reads a naive midnight timestamp back as the day, so the output is the CLI's.
    ds = ray.data.read_json(str(path))
    # Two actors on half a CPU each: the read tasks keep a CPU (actors holding both CPUs of
    # this machine would starve them).
    out = ds.map_batches(
        dateline.ray.Annotator, batch_format="pyarrow", concurrency=2, num_cpus=0.5, batch_size=32
    )
    rows = out.take_all()
    assert len(rows) == len(docs)
    schema = dateline.output_schema()
    for row in rows:
        line, expected = cli_docs[row["id"]]
        assert row["error"] is None, row["error"]
        assert row["json"] == line, row["id"]
    # The nested columns, as Arrow gives them to Ray.
    for row in out.take_batch(20, batch_format="pyarrow").to_pylist():
        got = {k: v for k, v in row.items() if k not in ("json", "error")}
        assert got == expected_row(cli_docs[row["id"]][1], schema), row["id"]


def test_an_actor_without_resources_fails_at_its_start(tmp_path):
    with pytest.raises(dateline.DatelineError, match="fetch-kb.sh"):
        dateline.ray.Annotator(kb=tmp_path / "missing.kb")
    # Put the process's resources back for the other tests.
    dateline.init()
