"""dateline in PySpark: annotate a DataFrame with ``mapInArrow``.

    import dateline.spark
    docs = spark.read.json("news.jsonl")          # id, text, published, url, html ...
    out = docs.mapInArrow(dateline.spark.annotate, dateline.spark.SCHEMA)

Each Python worker analyses its Arrow batches with ``dateline.analyze_batch`` (all of the
worker's cores, the GIL released) and opens the knowledge base once. ``SCHEMA`` is the
output schema as a Spark DDL string, made from the same schema as analyze_batch's
output, so importing this module needs neither pyspark nor pyarrow.

On a cluster the workers need the wheel and the resources. The knowledge base and the
tone lexicon are looked up as in ``dateline`` (``$DATELINE_KB``, ``$DATELINE_LEXICON``,
set for executors with ``spark.executorEnv.*``), and also among the files shipped with
the job (``spark-submit --files /path/dateline.kb,/path/vader_lexicon.txt`` or
``SparkContext.addFile``): see examples/spark/README.md.
"""

import os

import dateline
from dateline import _dateline

__all__ = ["SCHEMA", "annotate", "annotator"]

#: The output schema as a Spark DDL string, for ``mapInArrow(annotate, SCHEMA)``.
SCHEMA = _dateline.spark_ddl()

#: Names of the resources when shipped with the job (``--files`` / ``addFile``).
SHIPPED_KB = "dateline.kb"
SHIPPED_LEXICON = "vader_lexicon.txt"

_resources_checked = False


def _use_shipped_resources():
    """Once per worker process: if the resources cannot be opened where dateline looks,
    use the copies shipped with the Spark job, when there are any."""
    global _resources_checked
    if _resources_checked:
        return
    _resources_checked = True
    if dateline.info()["ready"]:
        return
    try:
        from pyspark import SparkFiles

        root = SparkFiles.getRootDirectory()
    except Exception:  # not inside a Spark worker, or no files shipped
        return
    kb = os.path.join(root, SHIPPED_KB)
    lexicon = os.path.join(root, SHIPPED_LEXICON)
    if os.path.exists(kb) or os.path.exists(lexicon):
        dateline.init(
            kb=kb if os.path.exists(kb) else None,
            lexicon=lexicon if os.path.exists(lexicon) else None,
        )


def annotator(published=None, max_doc_bytes=dateline.DEFAULT_MAX_DOC_BYTES):
    """A function for ``mapInArrow`` with options: ``published`` is the date of rows that
    carry none (the CLI's ``--published``), ``max_doc_bytes`` the size limit."""

    def annotate_batches(batches):
        _use_shipped_resources()
        for batch in batches:
            yield dateline.analyze_batch(batch, published=published, max_doc_bytes=max_doc_bytes)

    return annotate_batches


def annotate(batches):
    """For ``df.mapInArrow(annotate, SCHEMA)``: each input Arrow batch (columns ``id``,
    ``text`` and optionally ``published``, ``url``, ``html``, ...) becomes one output batch
    of the same rows, annotated. Bad rows carry their message in ``error``."""
    return annotator()(batches)
