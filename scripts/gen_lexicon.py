#!/usr/bin/env python3
"""Writes data/lexicon/wordnet.tsv, the word classes an English word form can take, from the
WordNet 3.0 database of Debian's `wordnet-base` package (apt-get install wordnet-base).

One line per single-word form (lowercase ASCII letters, hyphen or apostrophe inside), sorted:
`form<TAB>codes`, the codes being letters:
  n  a noun lemma (NN)            S  an irregular noun plural (noun.exc: NNS)
  v  a verb lemma (VB, VBP)       D  an irregular past form (verb.exc, not -ing/-s: VBD, VBN)
  a  an adjective lemma (JJ)      G  an irregular -ing form (verb.exc: VBG)
  r  an adverb lemma (RB)         Z  an irregular third person -s form (verb.exc: VBZ)
                                  C  an irregular comparative (adj.exc/adv.exc ending -er: JJR/RBR)
                                  T  an irregular superlative (adj.exc/adv.exc ending -est: JJS/RBS)
An irregular form's lemma follows in a third column as `code=lemma` pairs, space-separated
(`sought<TAB>aD<TAB>D=seek`, `better<TAB>arC<TAB>C=good`, `shed<TAB>nvaD<TAB>D=shed`): the first
lemma its exception file lists. Regular inflections (-s, -ed, -ing, -er, -est) are not listed: the tagger derives them from the
lemma codes (herald-syntax, lexicon.rs). Usage: python3 scripts/gen_lexicon.py [WORDNET_DIR] > data/lexicon/wordnet.tsv
"""
import re
import sys

WN = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/wordnet"
WORD = re.compile(r"^[a-z](?:[a-z'-]*[a-z])?$")

codes = {}
lemmas = {}


def add(form, code, lemma=None):
    if WORD.match(form):
        codes.setdefault(form, set()).add(code)
        if lemma and WORD.match(lemma):
            lemmas.setdefault(form, {}).setdefault(code, lemma)


for pos, code in (("noun", "n"), ("verb", "v"), ("adj", "a"), ("adv", "r")):
    with open(f"{WN}/index.{pos}", encoding="latin-1") as f:
        for line in f:
            if line.startswith(" "):
                continue  # the licence header
            add(line.split(" ", 1)[0], code)

with open(f"{WN}/noun.exc", encoding="latin-1") as f:
    for line in f:
        form, lemma = line.split()[:2]
        add(form, "S", lemma)
with open(f"{WN}/verb.exc", encoding="latin-1") as f:
    for line in f:
        form, lemma = line.split()[:2]
        add(form, "G" if form.endswith("ing") else "Z" if form.endswith("s") else "D", lemma)
for pos in ("adj", "adv"):
    with open(f"{WN}/{pos}.exc", encoding="latin-1") as f:
        for line in f:
            form, lemma = line.split()[:2]
            if form.endswith("est"):
                add(form, "T", lemma)
            elif form.endswith("er"):
                add(form, "C", lemma)

order = "nvarSDGZCT"
out = sys.stdout
for form in sorted(codes):
    line = f"{form}\t{''.join(c for c in order if c in codes[form])}"
    if form in lemmas:
        line += "\t" + " ".join(f"{c}={lemmas[form][c]}" for c in order if c in lemmas[form])
    out.write(line + "\n")
