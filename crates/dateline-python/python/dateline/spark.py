"""dateline in PySpark: annotate a DataFrame with ``mapInArrow``.

    import dateline.spark
    docs = spark.read.json("news.jsonl")          # id, text, published, url, html ...
    out = docs.mapInArrow(dateline.spark.annotate, dateline.spark.SCHEMA)

Each Python worker analyses its Arrow batches with ``dateline.analyze_batch`` (the GIL
released) and opens the knowledge base once. Spark runs a task per core, each in its own
Python worker, so a worker uses as many threads as its task has CPUs (``spark.task.cpus``,
1 by default); ``$DATELINE_THREADS`` (set with ``spark.executorEnv.DATELINE_THREADS``)
overrides it. ``SCHEMA`` is the output schema as a Spark DDL string, made from the same
schema as analyze_batch's output, so importing this module needs neither pyspark nor
pyarrow.

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

_worker_ready = False


def _task_cpus():
    """The CPUs Spark gives each task (``spark.task.cpus``, 1 by default), or None outside
    a Spark task."""
    try:
        from pyspark import TaskContext

        context = TaskContext.get()
        return max(1, int(context.cpus())) if context is not None else None
    except Exception:  # not inside a Spark task, or a PySpark without TaskContext.cpus
        return None


def _prepare_worker():
    """Once per worker process, before its first batch:

    - threads: Spark already runs one task per core, each in a Python worker of its own, so
      a worker analyses with as many threads as its task has CPUs (``spark.task.cpus``),
      not with every core of the machine (which would run cores × cores threads on an
      executor and lose time to switching between them). ``$DATELINE_THREADS`` overrides.
    - resources: if the knowledge base or the lexicon cannot be opened where dateline looks,
      the copies shipped with the job are used, when there are any.
    """
    global _worker_ready
    if _worker_ready:
        return
    _worker_ready = True
    threads = None if os.environ.get("DATELINE_THREADS") else _task_cpus()
    state = dateline.info()
    kb = lexicon = None
    if not state["ready"]:
        try:
            from pyspark import SparkFiles

            root = SparkFiles.getRootDirectory()
        except Exception:  # not inside a Spark worker, or no files shipped
            root = None
        if root:
            shipped_kb = os.path.join(root, SHIPPED_KB)
            shipped_lexicon = os.path.join(root, SHIPPED_LEXICON)
            kb = shipped_kb if os.path.exists(shipped_kb) else None
            lexicon = shipped_lexicon if os.path.exists(shipped_lexicon) else None
    if kb or lexicon or (threads and threads != state["threads"]):
        # The paths in use are passed on, so that resources the job chose with
        # dateline.init in the worker are kept.
        dateline.init(kb=kb or state["kb"], lexicon=lexicon or state["lexicon"], threads=threads)


def annotator(published=None, max_doc_bytes=dateline.DEFAULT_MAX_DOC_BYTES):
    """A function for ``mapInArrow`` with options: ``published`` is the date of rows that
    carry none (the CLI's ``--published``), ``max_doc_bytes`` the size limit."""

    def annotate_batches(batches):
        _prepare_worker()
        for batch in batches:
            yield dateline.analyze_batch(batch, published=published, max_doc_bytes=max_doc_bytes)

    return annotate_batches


def annotate(batches):
    """For ``df.mapInArrow(annotate, SCHEMA)``: each input Arrow batch (columns ``id``,
    ``text`` and optionally ``published``, ``url``, ``html``, ...) becomes one output batch
    of the same rows, annotated. Bad rows carry their message in ``error``."""
    return annotator()(batches)
