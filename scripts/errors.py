#!/usr/bin/env python3
"""Error analysis: dateline's mismatches against the gold sets, grouped by class.

    scripts/errors.py                       # every dev set
    scripts/errors.py polnear-dev lgl-dev   # some
    scripts/errors.py --examples 8 --json   # more examples; one JSON object

For each set, runs `target/release/dateline analyze` on the gold file (with the layers
scripts/eval.sh scores), matches system and gold annotations exactly as the shared scorer
does (its own functions, imported from EVAL_DIR/score.py at run time), and sorts every
mismatch into a class:

  entities  missed · spurious · wrong label (GOLD->SYSTEM) · boundary (longer, shorter,
            shifted; with the label right or wrong)
  quotes    missed · spurious · speaker missing · speaker invented · wrong speaker (split by
            what the system's speaker is: a place, a date, a number, an organisation, a
            person, or text no entity covers) · wrong number of speakers
  times     missed · spurious · wrong value (type: date/duration/set/time; granularity;
            year; other)
  places    missed · spurious · no coordinates · wrong country · same country, >161 km
  events    missed · spurious · wrong root (same actors) · wrong actors (same root) ·
            direction reversed

Counts come first, most frequent class first, then up to --examples examples each (the
document id, the text around the span, gold and system values), so each round of
accuracy work starts from the largest class. Nothing is asserted; gold text is read at run
time and only printed.
"""

import argparse
import collections
import importlib.util
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# set -> (layer, coarse entity labels, extra analyze arguments)
SETS = {
    "conll2003-dev": ("entities", True, []),
    "gum-wikinews-dev": ("entities", True, []),
    "tempeval3-dev": ("times", False, ["--layers", "times"]),
    "polnear-dev": ("quotes", False, ["--layers", "quotes,entities"]),
    "polnear-train": ("quotes", False, ["--layers", "quotes,entities"]),
    "lgl-dev": ("places", False, ["--layers", "places"]),
    "geovirus-dev": ("places", False, ["--layers", "places"]),
    "petrarch2-gsr-dev": ("events", False, ["--layers", "events"]),
}


def load_scorer(eval_dir):
    spec = importlib.util.spec_from_file_location("score", os.path.join(eval_dir, "score.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def context(text, start, end, width=40):
    left = text[max(0, start - width):start].replace("\n", " ")
    right = text[end:end + width].replace("\n", " ")
    return f"…{left}[{text[start:end]}]{right}…"


class Errors:
    def __init__(self, examples):
        self.counts = collections.Counter()
        self.examples = collections.defaultdict(list)
        self.limit = examples
        self.total = collections.Counter()

    def add(self, cls, example):
        self.counts[cls] += 1
        if len(self.examples[cls]) < self.limit:
            self.examples[cls].append(example)

    def report(self):
        return {
            "totals": dict(self.total),
            "classes": [
                {"class": c, "count": n, "examples": self.examples[c]}
                for c, n in self.counts.most_common()
            ],
        }


def speaker_kind(name, sys_doc):
    """What the system's speaker is, from the system's own entities and times."""
    if not name:
        return "none"
    text = sys_doc.get("text", "")
    for e in sys_doc.get("entities", []):
        if text[e["start"]:e["end"]] == name or name.endswith(text[e["start"]:e["end"]]):
            label = e.get("label", "")
            return {
                "GPE": "a place", "LOC": "a place", "FAC": "a place",
                "ORG": "an organisation", "NORP": "a group or nationality",
                "PERSON": "a person",
            }.get(label, label.lower() or "an entity")
    lowered = name.lower()
    if lowered in {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}:
        return "a date"
    if any(ch.isdigit() for ch in name):
        return "a number"
    return "text no entity covers"


def entity_errors(score, g, s, text, did, errs, coarse):
    lab = (lambda x: score.COARSE[x]) if coarse else (lambda x: x)
    gold = [(x["start"], x["end"], lab(x["label"])) for x in g]
    system = [(x["start"], x["end"], lab(x["label"])) for x in s]
    errs.total["gold"] += len(gold)
    errs.total["system"] += len(system)
    left = collections.Counter(system)
    unmatched_gold = []
    for item in gold:
        if left[item] > 0:
            left[item] -= 1
        else:
            unmatched_gold.append(item)
    unmatched_sys = list(left.elements())
    used = set()
    for gs, ge, gl in unmatched_gold:
        # Same span, other label.
        same = [i for i, (ss, se, _) in enumerate(unmatched_sys) if (ss, se) == (gs, ge) and i not in used]
        if same:
            i = same[0]
            used.add(i)
            errs.add(f"wrong label {gl}->{unmatched_sys[i][2]}",
                     {"doc": did, "at": context(text, gs, ge)})
            continue
        over = [i for i, (ss, se, _) in enumerate(unmatched_sys)
                if i not in used and min(se, ge) > max(ss, gs)]
        if over:
            i = over[0]
            used.add(i)
            ss, se, sl = unmatched_sys[i]
            shape = "longer" if ss <= gs and se >= ge else "shorter" if ss >= gs and se <= ge else "shifted"
            label = "label right" if sl == gl else f"label {gl}->{sl}"
            errs.add(f"boundary {shape}, {label}",
                     {"doc": did, "gold": text[gs:ge], "system": text[ss:se], "at": context(text, min(gs, ss), max(ge, se))})
            continue
        errs.add(f"missed {gl}", {"doc": did, "at": context(text, gs, ge)})
    for i, (ss, se, sl) in enumerate(unmatched_sys):
        if i not in used:
            errs.add(f"spurious {sl}", {"doc": did, "at": context(text, ss, se)})


def match_spans(score, g, s, text, did, errs, missed, spurious):
    """Matches spans as the scorer does; files unmatched gold and system spans under the
    classes `missed(item)` and `spurious(item)` name (each returns (class, extra fields)),
    and returns the matched pairs."""
    errs.total["gold"] += len(g)
    errs.total["system"] += len(s)
    matched = score.overlap_match(g, s)
    gm = {gi for gi, _ in matched}
    sm = {si for _, si in matched}
    for items, seen, classify in ((g, gm, missed), (s, sm, spurious)):
        for i, x in enumerate(items):
            if i not in seen:
                cls, extra = classify(x)
                errs.add(cls, {"doc": did, "at": context(text, x["start"], x["end"], 20 if "speaker" in extra else 40), **extra})
    return matched


def quote_errors(score, g, s, text, did, errs, sys_doc):
    s = [x for x in s if not x.get("indirect")]
    # A document whose gold lists no quotation at all is more often one the annotation
    # left out (PolNeAR's texts with '' quotation marks) than one without quotations:
    # its spurious quotes are a class of their own.
    spurious = "spurious, document has no gold quotes" if not g else "spurious"
    matched = match_spans(score, g, s, text, did, errs,
                          lambda x: ("missed", {"speaker": x["speaker"]}),
                          lambda x: (spurious, {"speaker": x.get("speaker")}))
    for gi, si in matched:
        gsp, ssp = g[gi]["speaker"], s[si].get("speaker")
        if score.speaker_ok(gsp, ssp):
            continue
        ex = {"doc": did, "gold": gsp, "system": ssp,
              "at": context(text, g[gi]["start"], g[gi]["end"], 60)}
        gsp_t = (gsp,) if isinstance(gsp, str) else gsp
        ssp_t = (ssp,) if isinstance(ssp, str) else ssp
        if ssp_t is None or (isinstance(ssp, str) and not ssp.strip()):
            errs.add("speaker missing", ex)
        elif gsp_t is None:
            errs.add("speaker invented", ex)
        elif len(gsp_t) != len(ssp_t):
            errs.add("wrong number of speakers", ex)
        else:
            kinds = sorted({speaker_kind(n, sys_doc) for n in ssp_t})
            errs.add("wrong speaker: " + "/".join(kinds), ex)


def time_kind(v):
    if not v:
        return "none"
    v = v.upper()
    if v.startswith("P"):
        return "duration"
    if v.startswith("R") or v.startswith("XXXX-WXX") or "EVERY" in v:
        return "set"
    if v.startswith("T"):
        return "time"
    if v in ("PRESENT_REF", "PAST_REF", "FUTURE_REF"):
        return "ref"
    return "date"


def time_errors(score, g, s, text, did, errs):
    matched = match_spans(score, g, s, text, did, errs,
                          lambda x: ("missed " + time_kind(x.get("value")), {"gold": x.get("value")}),
                          lambda x: ("spurious " + time_kind(x.get("value")), {"system": x.get("value")}))
    for gi, si in matched:
        gv, sv = g[gi].get("value"), s[si].get("value")
        if gv is None or score._str_eq(gv, sv):
            continue
        ex = {"doc": did, "gold": gv, "system": sv, "at": context(text, g[gi]["start"], g[gi]["end"])}
        gk, sk = time_kind(gv), time_kind(sv)
        if gk != sk:
            errs.add(f"wrong type {gk}->{sk}", ex)
        elif sv and gk == "date" and len(gv) != len(sv):
            errs.add("wrong granularity", ex)
        elif sv and gk == "date" and gv[:4] != sv[:4]:
            errs.add("wrong year", ex)
        else:
            errs.add(f"wrong value ({gk})", ex)


def place_errors(score, g, s, text, did, errs):
    matched = match_spans(score, g, s, text, did, errs,
                          lambda x: ("missed", {"gold_country": x.get("country")}),
                          lambda x: ("spurious", {"system": x.get("name")}))
    for gi, si in matched:
        gp, sp = g[gi], s[si]
        if gp["lat"] is None:
            continue
        ex = {"doc": did, "at": context(text, gp["start"], gp["end"]),
              "gold": [gp.get("country"), gp["lat"], gp["lon"]],
              "system": [sp.get("name"), sp.get("country"), sp.get("lat"), sp.get("lon")]}
        if sp.get("lat") is None:
            errs.add("no coordinates", ex)
            continue
        km = score.haversine_km(gp["lat"], gp["lon"], sp["lat"], sp["lon"])
        if km <= score.ACC_KM:
            continue
        ex["km"] = round(km)
        if gp.get("country") and not score._str_eq(gp.get("country"), sp.get("country")):
            errs.add("wrong country", ex)
        else:
            errs.add("same country, over 161 km", ex)


def event_errors(score, g, s, text, did, errs):
    gs = {(x["source"], x["target"], x["root"]) for x in g}
    ss = {(x["source"], x["target"], x["root"]) for x in s}
    errs.total["gold"] += len(gs)
    errs.total["system"] += len(ss)
    missing, extra = gs - ss, ss - gs
    used = set()
    for src, tgt, root in sorted(missing):
        ex = {"doc": did, "gold": [src, tgt, root], "text": text[:160]}
        near = next((e for e in sorted(extra) if e not in used and (e[0], e[1]) == (src, tgt)), None)
        if near:
            used.add(near)
            ex["system"] = list(near)
            errs.add("wrong root (same actors)", ex)
            continue
        rev = next((e for e in sorted(extra) if e not in used and (e[0], e[1], e[2]) == (tgt, src, root)), None)
        if rev:
            used.add(rev)
            ex["system"] = list(rev)
            errs.add("direction reversed", ex)
            continue
        same_root = next((e for e in sorted(extra) if e not in used and e[2] == root), None)
        if same_root:
            used.add(same_root)
            ex["system"] = list(same_root)
            errs.add("wrong actors (same root)", ex)
            continue
        errs.add("missed", ex)
    for e in sorted(extra):
        if e not in used:
            errs.add("spurious", {"doc": did, "system": list(e), "text": text[:160]})


def analyse_set(name, args, score):
    layer, coarse, extra = SETS[name]
    gold_path = os.path.join(args.eval_dir, "gold", name + ".jsonl")
    if not os.path.exists(gold_path):
        print(f"errors: {gold_path} missing, skipped", file=sys.stderr)
        return None
    with tempfile.NamedTemporaryFile(suffix=".jsonl", delete=False) as out:
        out_path = out.name
    try:
        with open(out_path, "wb") as out:
            subprocess.run([args.bin, "analyze", "--quiet", "--format", "jsonl", *extra, gold_path],
                           stdout=out, check=False)
        gold_docs, order = score.read_jsonl(gold_path, "gold")
        sys_docs, _ = score.read_jsonl(out_path, "system")
    finally:
        os.unlink(out_path)
    pairs, _warnings = score.prepare(gold_docs, order, sys_docs, [layer])
    errs = Errors(args.examples)
    for did, glayers, slayers in pairs:
        if layer not in glayers:
            continue
        g, s = glayers[layer], slayers.get(layer, [])
        text = gold_docs[did]["text"]
        if layer == "entities":
            entity_errors(score, g, s, text, did, errs, coarse)
        elif layer == "quotes":
            quote_errors(score, g, s, text, did, errs, sys_docs.get(did, {}))
        elif layer == "times":
            time_errors(score, g, s, text, did, errs)
        elif layer == "places":
            place_errors(score, g, s, text, did, errs)
        elif layer == "events":
            event_errors(score, g, s, text, did, errs)
    report = errs.report()
    report["set"], report["layer"] = name, layer
    return report


def print_report(r):
    t = r["totals"]
    print(f"== {r['set']} ({r['layer']}): {t.get('gold', 0)} gold, {t.get('system', 0)} system; "
          f"{sum(c['count'] for c in r['classes'])} errors")
    for c in r["classes"]:
        print(f"  {c['count']:6d}  {c['class']}")
    for c in r["classes"]:
        if not c["examples"]:
            continue
        print(f"  -- {c['class']}")
        for ex in c["examples"]:
            print("     " + json.dumps(ex, ensure_ascii=False))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sets", nargs="*", help="gold sets (default: all): " + ", ".join(SETS))
    ap.add_argument("--eval-dir", default=os.path.join(ROOT, "..", "shared", "eval"))
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "dateline"))
    ap.add_argument("--examples", type=int, default=3, help="examples per class (default 3)")
    ap.add_argument("--json", action="store_true", help="one JSON object per set")
    args = ap.parse_args()
    unknown = [s for s in args.sets if s not in SETS]
    if unknown:
        ap.error(f"unknown set(s) {', '.join(unknown)}; known: {', '.join(SETS)}")
    if not os.path.exists(os.path.join(args.eval_dir, "score.py")):
        ap.error(f"no scorer at {args.eval_dir}/score.py (--eval-dir)")
    score = load_scorer(args.eval_dir)
    for name in args.sets or list(SETS):
        report = analyse_set(name, args, score)
        if report is None:
            continue
        if args.json:
            print(json.dumps(report, ensure_ascii=False))
        else:
            print_report(report)


if __name__ == "__main__":
    main()
