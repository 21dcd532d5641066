#!/usr/bin/env python3
"""Scores event codes alone, for gold whose actors are fictional (petrarch2-unittest-dev).

The unittest set names actors no gazetteer knows ("Arnor", "Gondor"), so (source, target,
code) triples cannot match; what is meaningful is whether the right actions were coded.
This blanks source and target on both sides and runs the shared scorer (root-code set
match per document), then prints full-code (base and complete) set P/R/F1 the same way.

usage: score_codes.py GOLD.jsonl SYSTEM.jsonl
"""
import json
import os
import subprocess
import sys
import tempfile

SCORER = "/work/shared/eval/score.py"


def load(path):
    return {d["id"]: d for d in map(json.loads, open(path)) if d}


def blank(docs, path):
    with open(path, "w") as f:
        for d in docs.values():
            out = {"id": d["id"], "text": d["text"]}
            if "events" in d:
                out["events"] = [{"source": "*", "target": "*", "code": e["code"]} for e in d["events"]]
            f.write(json.dumps(out) + "\n")


def prf(gold, system, digits):
    tp = g = s = 0
    for i, d in gold.items():
        if "events" not in d:
            continue
        gs = {e["code"][:digits] for e in d["events"]}
        ss = {e["code"][:digits] for e in system.get(i, {}).get("events", [])}
        tp += len(gs & ss)
        g += len(gs)
        s += len(ss)
    p = tp / s if s else 0.0
    r = tp / g if g else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f, g, s, tp


def main():
    gold, system = load(sys.argv[1]), load(sys.argv[2])
    with tempfile.TemporaryDirectory() as tmp:
        gp, sp = os.path.join(tmp, "gold.jsonl"), os.path.join(tmp, "sys.jsonl")
        blank(gold, gp)
        blank(system, sp)
        subprocess.run([sys.executable, SCORER, gp, sp, "--layers", "events"], check=True)
    for digits, name in [(2, "root"), (3, "base"), (4, "full")]:
        p, r, f, g, s, tp = prf(gold, system, digits)
        print(f"codes-only {name:4}  P {p:.4f}  R {r:.4f}  F1 {f:.4f}  gold {g} sys {s} tp {tp}")


if __name__ == "__main__":
    main()
