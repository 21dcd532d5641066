"""dateline from Python: news text into structured, evidenced annotations.

    import dateline
    doc = dateline.analyze(text, published="2025-08-16", id="a1")   # one document -> dict
    out = dateline.analyze_batch(table)                              # pyarrow in -> RecordBatch out

``analyze`` returns exactly the document ``dateline analyze --format jsonl`` writes for the
same text, publication date and id (shared/eval/FORMAT.md: character offsets, every
annotation with its rule). ``analyze_batch`` takes a pyarrow RecordBatch or Table with a
``text`` (or ``html``) column and optional ``id``, ``published``, ``url``, ``title``,
``byline``, ``language``, ``source``, read as the CLI reads the same fields of a JSONL
line, and gives one row per input row: the metadata, the analysed ``text``, one nested
column per layer (``entities``, ``actors``, ``quotes``, ``times``, ``places``,
``amounts``, ``events`` as lists of structs; ``tone`` and ``substance`` as structs), the
document's ``json`` and an ``error`` column (null when the row was analysed; a bad row
does not fail the batch). The batch is analysed on all cores with the GIL released.

The knowledge base and the tone lexicon are opened on first use and kept for the process.
They are looked up as ``init(kb=..., lexicon=...)`` names them, else ``$DATELINE_KB`` and
``$DATELINE_LEXICON``, else ``data/kb/dateline.kb`` and
``data/sources/vadersentiment/vader_lexicon.txt`` under the working directory or the
checkout the wheel was built from. ``init(threads=N)`` (or ``$DATELINE_THREADS``) sets the
worker threads of ``analyze_batch``.

Engines: ``dateline.spark`` (``df.mapInArrow(dateline.spark.annotate,
dateline.spark.SCHEMA)``) and ``dateline.ray`` (``ds.map_batches(dateline.ray.Annotator,
batch_format="pyarrow", concurrency=N)``). Importing ``dateline`` imports neither pyspark,
ray nor pyarrow.
"""

import datetime as _datetime
import json as _json

from . import _dateline
from ._dateline import DatelineError, __version__, analyze_json, info, init

__all__ = [
    "DatelineError",
    "INPUT_COLUMNS",
    "analyze",
    "analyze_batch",
    "analyze_json",
    "info",
    "init",
    "output_schema",
    "__version__",
]

#: The input columns analyze_batch reads; any others are ignored.
INPUT_COLUMNS = ("id", "text", "html", "published", "url", "title", "byline", "language", "source")

#: The CLI's default --max-doc-bytes: a larger document is an error, not analysed.
DEFAULT_MAX_DOC_BYTES = 20_000_000


def _date_text(published):
    """A publication date as text: a string as given, a date or datetime in ISO 8601."""
    if published is None or isinstance(published, str):
        return published
    if isinstance(published, (_datetime.date, _datetime.datetime)):
        return published.isoformat()
    raise TypeError(f"published: expected a string, date or datetime, got {type(published).__name__}")


def analyze(text, published=None, id=None, max_doc_bytes=DEFAULT_MAX_DOC_BYTES):
    """Analyses one document; returns the FORMAT.md document as a dict.

    ``published`` (a string such as ``"2025-08-16"`` or ``"2025-08-16T03:10:00Z"``, or a
    date/datetime) anchors relative times; ``id`` is carried to the output (``"-"`` when not
    given, as for standard input). Raises ValueError for a date that cannot be read and
    DatelineError for a document dateline refuses (empty, larger than ``max_doc_bytes``)
    or resources it cannot open, with the CLI's message.
    """
    return _json.loads(
        analyze_json(text, published=_date_text(published), id=id, max_doc_bytes=max_doc_bytes)
    )


def _one_batch(batch):
    """A pyarrow RecordBatch holding the known input columns of ``batch``."""
    import pyarrow as pa

    if isinstance(batch, pa.Table):
        table = batch
    elif isinstance(batch, pa.RecordBatch):
        table = pa.Table.from_batches([batch])
    elif hasattr(batch, "__arrow_c_stream__"):
        table = pa.table(batch)
    elif hasattr(batch, "__arrow_c_array__"):
        table = pa.Table.from_batches([pa.record_batch(batch)])
    else:
        raise TypeError(
            f"analyze_batch: expected a pyarrow RecordBatch or Table, got {type(batch).__name__}"
        )
    known = [name for name in table.column_names if name in INPUT_COLUMNS]
    table = table.select(known)
    # Dictionary-encoded strings (as Parquet readers may give them) become plain strings.
    for i, field in enumerate(table.schema):
        if pa.types.is_dictionary(field.type):
            table = table.set_column(i, field.name, table.column(i).cast(field.type.value_type))
    batches = table.combine_chunks().to_batches()
    if len(batches) == 1:
        return batches[0]
    if not batches:
        return pa.RecordBatch.from_pylist([], schema=table.schema)
    return pa.Table.from_batches(batches).combine_chunks().to_batches()[0]


def analyze_batch(batch, published=None, max_doc_bytes=DEFAULT_MAX_DOC_BYTES):
    """Analyses every row of a pyarrow RecordBatch or Table; returns a RecordBatch.

    One output row per input row, in order: ``id``, ``published``, ``url``, ``title``,
    ``byline``, ``language``, ``source``, ``text``, the layer columns, ``json`` (the line
    ``dateline analyze --format jsonl`` writes) and ``error``. ``published`` is the date of
    rows that carry none (the CLI's ``--published``). A row that cannot be analysed has its
    message in ``error`` and nulls in the layer columns. Raises ValueError or TypeError for
    a batch without a text column or with columns of the wrong type.
    """
    import pyarrow as pa

    native = _dateline.analyze_batch(
        _one_batch(batch), published=_date_text(published), max_doc_bytes=max_doc_bytes
    )
    return pa.record_batch(native)


def output_schema():
    """The pyarrow schema of analyze_batch's output."""
    import pyarrow as pa

    return pa.schema(_dateline.output_schema())
