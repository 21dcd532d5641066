"""dateline in Ray Data: annotate a Dataset with ``map_batches``.

    import ray, dateline.ray
    ds = ray.data.read_json("news.jsonl")
    out = ds.map_batches(dateline.ray.Annotator, batch_format="pyarrow", concurrency=2)

``Annotator`` is a callable class, so Ray keeps a pool of ``concurrency`` actors, each of
which opens the knowledge base once and analyses its batches with
``dateline.analyze_batch``. An actor uses as many worker threads as Ray gave it CPUs
(``num_cpus=`` of ``map_batches``, 1 by default; a fraction counts as one), so
``concurrency`` × ``num_cpus`` is what the job uses; pass
``fn_constructor_kwargs={"threads": N}`` to choose otherwise, and ``{"kb": ..., "lexicon":
...}`` for resources at other paths. Leave the read tasks a CPU: actors that hold every
CPU of a small cluster starve the reads that feed them (Ray Data waits for ever), so on
2 CPUs use ``concurrency=2, num_cpus=0.5`` (or ``concurrency=1``). This module does not
import ray: the class runs wherever Ray puts it.
"""

import math

import dateline

__all__ = ["Annotator"]


def _ray_cpus():
    """The CPUs Ray assigned to this actor, or None outside Ray."""
    try:
        import ray

        if not ray.is_initialized():
            return None
        cpus = ray.get_runtime_context().get_assigned_resources().get("CPU")
    except Exception:
        return None
    return max(1, math.ceil(cpus)) if cpus else None


class Annotator:
    """For ``map_batches(Annotator, batch_format="pyarrow", concurrency=N)``: a pyarrow
    Table in (``id``, ``text`` and optionally ``published``, ``url``, ``html``, ...), the
    same rows annotated out (the columns of ``dateline.analyze_batch``)."""

    def __init__(self, kb=None, lexicon=None, threads=None, published=None,
                 max_doc_bytes=dateline.DEFAULT_MAX_DOC_BYTES):
        threads = threads or _ray_cpus()
        if kb or lexicon or threads:
            dateline.init(kb=kb, lexicon=lexicon, threads=threads)
        # Open the resources now: a missing knowledge base fails the actor at its start,
        # with the message that says how to build it, not at its first batch.
        state = dateline.info()
        if not state["ready"]:
            raise dateline.DatelineError(state["error"])
        self.published = published
        self.max_doc_bytes = max_doc_bytes

    def __call__(self, batch):
        import pyarrow as pa

        out = dateline.analyze_batch(
            batch, published=self.published, max_doc_bytes=self.max_doc_bytes
        )
        return pa.Table.from_batches([out])
