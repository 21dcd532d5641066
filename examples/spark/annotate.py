"""Annotate news with dateline on Spark and keep the result as Parquet, partitioned by day.

    spark-submit examples/spark/annotate.py news.jsonl lake/annotated
    spark-submit examples/spark/annotate.py crawl/*.parquet lake/annotated --format parquet

The input has a `text` (or `html`) column and optionally `id`, `published`, `url`,
`title`, `byline`, `language`, `source` (other columns are ignored). Each row comes out
with the metadata, the analysed text, one nested column per layer (entities, actors,
quotes, times, places, amounts, events, tone, substance), the document's FORMAT.md JSON
(`json`, as `dateline analyze --format jsonl` writes it) and `error` (null, or why the row
could not be analysed), in `OUTPUT/date=YYYY-MM-DD/` by publication day (rows without a
date in `date=__HIVE_DEFAULT_PARTITION__`). See README.md here for running it on a cluster.
"""

import argparse

import dateline.spark


def annotate_to_parquet(spark, source, output, input_format="auto", published=None,
                        drop_json=False, mode="overwrite"):
    """Reads `source` (JSONL or Parquet), annotates it, writes Parquet to `output`
    partitioned by `date`; returns the number of rows written."""
    from pyspark.sql import functions as F

    if input_format == "auto":
        input_format = "parquet" if source.rstrip("/").endswith(".parquet") else "jsonl"
    reader = spark.read
    docs = reader.parquet(source) if input_format == "parquet" else reader.json(source)
    annotate = dateline.spark.annotator(published=published)
    out = docs.mapInArrow(annotate, dateline.spark.SCHEMA)
    # The day of publication: the first ten characters of `published` (2025-08-16...).
    out = out.withColumn("date", F.to_date(F.substring("published", 1, 10)))
    if drop_json:
        out = out.drop("json")
    out.write.mode(mode).partitionBy("date").parquet(output)
    return spark.read.parquet(output).count()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("input", help="JSONL or Parquet: a file, a folder or a glob")
    parser.add_argument("output", help="the Parquet folder to write (replaced)")
    parser.add_argument("--format", choices=["auto", "jsonl", "parquet"], default="auto",
                        help="the input format [default: parquet for *.parquet, else jsonl]")
    parser.add_argument("--published", help="publication date of rows that carry none")
    parser.add_argument("--drop-json", action="store_true", help="leave out the json column")
    parser.add_argument("--batch-rows", type=int, default=250,
                        help="rows per Arrow batch handed to dateline [default: 250]")
    args = parser.parse_args(argv)

    from pyspark.sql import SparkSession

    spark = (
        SparkSession.builder.appName("dateline-annotate")
        # Smaller Arrow batches than Spark's 10,000 rows bound a worker's memory: a document's
        # annotations are about 15 times its text.
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", str(args.batch_rows))
        .getOrCreate()
    )
    rows = annotate_to_parquet(spark, args.input, args.output, args.format, args.published,
                               args.drop_json)
    print(f"annotate: wrote {rows} rows to {args.output}")
    spark.stop()


if __name__ == "__main__":
    main()
