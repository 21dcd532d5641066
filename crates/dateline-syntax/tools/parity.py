#!/usr/bin/env python3
"""Port parity: the Rust tagger against textblob-aptagger's own Python code, same tokens.

Development time only (see README.md). Reads the output of the `dump-tags` example and
tags the same words with the package's `PerceptronTagger.tag` imported from the wheel
(textblob itself is not needed: the three names it imports from textblob are stubbed), one
document per call, so the previous tags carry over between sentences exactly as in
`dateline_syntax::tag_doc`.

    python3 crates/dateline-syntax/tools/parity.py TAGS.jsonl \
        [--wheel data/sources/downloads/textblob_aptagger-0.2.0-py2.py3-none-any.whl] \
        [--pickle data/sources/textblob-aptagger/trontagger-0.1.0.pickle]
"""
import argparse
import json
import sys
import types


def reference_tagger(wheel, pickle_path):
    # The module imports BaseTagger, nltk and MissingCorpusException from textblob; none
    # of them is used by `tag(..., tokenize=False)` or `load`.
    tb = types.ModuleType("textblob")
    base = types.ModuleType("textblob.base")
    base.BaseTagger = object
    packages = types.ModuleType("textblob.packages")
    packages.nltk = None
    exceptions = types.ModuleType("textblob.exceptions")
    exceptions.MissingCorpusException = Exception
    sys.modules.update({
        "textblob": tb,
        "textblob.base": base,
        "textblob.packages": packages,
        "textblob.exceptions": exceptions,
    })
    sys.path.insert(0, wheel)  # a wheel is a zip: zipimport reads the .py files
    from textblob_aptagger.taggers import PerceptronTagger

    t = PerceptronTagger(load=False)
    t.load(pickle_path)
    return t


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("tags")
    ap.add_argument("--wheel",
                    default="data/sources/downloads/textblob_aptagger-0.2.0-py2.py3-none-any.whl")
    ap.add_argument("--pickle", default="data/sources/textblob-aptagger/trontagger-0.1.0.pickle")
    ap.add_argument("--show", type=int, default=20, help="differences to print")
    args = ap.parse_args()

    ref = reference_tagger(args.wheel, args.pickle)
    docs = tokens = same = sentences = same_sentences = skipped = empty = 0
    shown = 0
    with open(args.tags, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            sents = d["sentences"]
            if not sents:
                empty += 1
                continue
            corpus = "\n".join(" ".join(s["words"]) for s in sents)
            # The reference splits sentences on "\n" and words on white space: only
            # documents whose words survive that round trip are comparable.
            if [w.split() for w in corpus.split("\n")] != [s["words"] for s in sents]:
                skipped += 1
                continue
            got = ref.tag(corpus, tokenize=False)
            docs += 1
            k = 0
            for s in sents:
                sentences += 1
                ok = True
                for w, t in zip(s["words"], s["tags"]):
                    rw, rt = got[k]
                    k += 1
                    tokens += 1
                    if rt == t:
                        same += 1
                    else:
                        ok = False
                        if shown < args.show:
                            shown += 1
                            print(f"differs: {d['id']}: {w!r} rust {t} python {rt}")
                same_sentences += ok
    print(f"documents compared: {docs} (skipped: {empty} without tokens, "
          f"{skipped} with white space inside a word)")
    print(f"sentences: {sentences}, identical: {same_sentences} "
          f"({100.0 * same_sentences / max(sentences, 1):.3f}%)")
    print(f"tokens: {tokens}, identical tags: {same} ({100.0 * same / max(tokens, 1):.4f}%)")


if __name__ == "__main__":
    main()
