#!/usr/bin/env python3
"""Loads dateline's GDELT-shaped TSV files with the column names of a GDELT reader.

Run by hand (not part of `cargo test`); needs pandas and the PyPI `gdelt` package
(gdeltPyR, which ships the codebooks' column lists as data/events2.csv and data/gkg2.csv):

    DATELINE_EXPORT_DIR=/tmp/dl-export cargo test -p dateline-export --test export gdelt_rows
    python3 crates/dateline-export/tests/check_gdelt_columns.py /tmp/dl-export [SCHEMA_DIR]

SCHEMA_DIR defaults to the folder where pip installed the gdelt package's data files
(`sys.prefix/data`). The script reads each TSV the way gdeltPyR reads GDELT's own files
(pandas, tab-separated, no header, the schema's names), and checks the column count, that
no row spills into extra columns, and a few fields by their reader-side names.
"""
import csv
import os
import sys

import pandas as pd


def names(schema_dir, file):
    with open(os.path.join(schema_dir, file), newline="", encoding="utf-8") as f:
        return [row["name"] for row in csv.DictReader(f)]


def load(path, cols):
    # Every field as text, like a careful reader of GDELT does (codes such as "043").
    df = pd.read_csv(path, sep="\t", header=None, names=cols, dtype=str,
                     keep_default_na=False, quoting=csv.QUOTE_NONE)
    with open(path, encoding="utf-8") as f:
        widths = {len(line.rstrip("\n").split("\t")) for line in f}
    assert widths == {len(cols)}, f"{path}: rows have {widths} fields, reader expects {len(cols)}"
    return df


def main():
    out = sys.argv[1]
    schema = sys.argv[2] if len(sys.argv) > 2 else os.path.join(sys.prefix, "data")
    ev_cols = names(schema, "events2.csv")
    gkg_cols = names(schema, "gkg2.csv")
    print(f"reader columns: events {len(ev_cols)}, gkg {len(gkg_cols)}")
    ev = load(os.path.join(out, "gdelt-events.tsv"), ev_cols)
    gkg = load(os.path.join(out, "gkg.tsv"), gkg_cols)
    print(ev[["GLOBALEVENTID", "SQLDATE", "Actor1Code", "Actor2Code", "EventCode",
              "EventRootCode", "QuadClass", "GoldsteinScale", "ActionGeo_FullName",
              "ActionGeo_Lat", "SOURCEURL"]].to_string())
    assert list(ev["EventCode"]) == ["043", "190"]
    assert list(ev["SQLDATE"]) == ["20250815", "20220201"]
    assert float(ev["GoldsteinScale"][0]) == 2.8
    assert ev["SOURCEURL"][0].startswith("https://")
    print(gkg[["GKGRECORDID", "DATE", "DocumentIdentifier", "V2Tone", "Persons"]].to_string())
    assert len(gkg["V2Tone"][0].split(",")) == 7
    assert gkg["DocumentIdentifier"][1] == "doc-b"
    print("ok: dateline TSV rows load with the gdelt package's column names")


if __name__ == "__main__":
    main()
