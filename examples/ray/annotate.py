"""Annotate news with dateline on Ray Data and write Parquet partitioned by day.

    python examples/ray/annotate.py news.jsonl lake/annotated --concurrency 2

Each of `--concurrency` actors (dateline.ray.Annotator) opens the knowledge base once and
analyses its batches on the CPUs Ray gives it (`--cpus-per-actor`). On a cluster, start
the script with `ray job submit` and give the workers the wheel and the resources: see
README.md here.
"""

import argparse


def annotate_to_parquet(source, output, concurrency=2, cpus_per_actor=1, batch_size=256,
                        input_format="auto"):
    """Reads `source` (JSONL or Parquet), annotates it, writes Parquet to `output`
    partitioned by `date`; returns the number of rows written."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.json as pj
    import ray

    import dateline.ray

    if input_format == "auto":
        input_format = "parquet" if source.rstrip("/").endswith(".parquet") else "jsonl"
    if input_format == "parquet":
        ds = ray.data.read_parquet(source)
    else:
        # Read ids and dates as text: pyarrow would otherwise guess their types block by block.
        schema = pa.schema([("id", pa.string()), ("published", pa.string())])
        ds = ray.data.read_json(source, parse_options=pj.ParseOptions(explicit_schema=schema))

    def with_date(table):
        day = pc.utf8_slice_codeunits(table["published"], 0, 10)
        return table.append_column("date", day)

    out = ds.map_batches(
        dateline.ray.Annotator,
        batch_format="pyarrow",
        batch_size=batch_size,
        concurrency=concurrency,
        num_cpus=cpus_per_actor,
    ).map_batches(with_date, batch_format="pyarrow")
    out.write_parquet(output, partition_cols=["date"])
    return ray.data.read_parquet(output).count()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("input", help="JSONL or Parquet: a file or a folder")
    parser.add_argument("output", help="the Parquet folder to write")
    parser.add_argument("--format", choices=["auto", "jsonl", "parquet"], default="auto")
    parser.add_argument("--concurrency", type=int, default=2, help="annotator actors")
    parser.add_argument("--cpus-per-actor", type=int, default=1,
                        help="CPUs (worker threads) per actor")
    args = parser.parse_args(argv)

    import ray

    ray.init()
    rows = annotate_to_parquet(args.input, args.output, args.concurrency, args.cpus_per_actor,
                               input_format=args.format)
    print(f"annotate: wrote {rows} rows to {args.output}")


if __name__ == "__main__":
    main()
