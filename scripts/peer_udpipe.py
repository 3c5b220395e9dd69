#!/usr/bin/env python3
"""Peer measurement: UDPipe 1 trained and scored on GUM, gold tokenization.

What it measures
  UDPipe 1 (the `ufal.udpipe` Python binding, MPL-2.0) is trained with its own
  trainer on the GUM train split (method "morphodita_parsito": no tokenizer,
  default tagger/lemmatizer, default Parsito transition parser with
  embeddings learned from the training data; the dev split is passed as
  heldout data, as UDPipe's published models do).  The model then re-tags and
  re-parses the GUM dev split from gold words (input "conllu" with the gold
  UPOS/XPOS/LEMMA/FEATS/HEAD/DEPREL columns blanked first, so nothing gold
  leaks) and the script reports, over all words, punctuation included:
    - UPOS accuracy,
    - UAS (head correct),
    - LAS with the full DEPREL string (subtypes compared exactly),
    - LAS with the universal relation only (DEPREL before ':').
  It also times tagging+parsing of the whole dev file in one process, three
  runs (each in its own process under /usr/bin/time -f %M), and reports the
  median words/s and peak RSS.

  Sentences are filtered the way herald filters them: a sentence in which at
  least half of the word forms consist of underscores only (GUM's redacted
  Reddit documents) is dropped from both splits.  Empty nodes (ids with a dot) are dropped and the enhanced DEPS
  column is set to "_" (it may refer to the dropped nodes; UDPipe does not use
  it).  Multiword token lines are kept.

Licensing / installation
  UDPipe is MPL-2.0.  It is not a dependency of herald and is installed
  outside the repository, in a virtual environment:
      python3 -m venv ~/.cache/herald/udpipe-venv
      ~/.cache/herald/udpipe-venv/bin/pip install ufal.udpipe

Usage
  ~/.cache/herald/udpipe-venv/bin/python scripts/peer_udpipe.py \
      ../shared/data/gum [--workdir DIR]

  The work directory (default ~/.cache/herald/udpipe) receives the filtered
  train/dev files, the blinded dev file, the model (gum.udpipe), the
  training log (train.log) and the system output (dev.pred.conllu).
  Training is skipped when the model already exists.
"""

import argparse
import glob
import os
import statistics
import subprocess
import sys
import time

from ufal.udpipe import (InputFormat, Model, OutputFormat, Pipeline,
                         ProcessingError, Sentence, Sentences, Trainer)


# ---------------------------------------------------------------- CoNLL-U io

def read_blocks(path):
    """Yield each sentence of a CoNLL-U file as a list of lines (no newline)."""
    block = []
    with open(path, encoding="utf-8") as fh:
        for raw in fh:
            line = raw.rstrip("\n")
            if line.strip() == "":
                if block:
                    yield block
                    block = []
            else:
                block.append(line)
    if block:
        yield block


def is_word_line(line):
    return not line.startswith("#") and line.split("\t", 1)[0].isdigit()


def clean_block(block):
    """Drop empty nodes, blank DEPS. Return None if the sentence is redacted."""
    out = []
    forms = []
    for line in block:
        if line.startswith("#"):
            out.append(line)
            continue
        cols = line.split("\t")
        if "." in cols[0]:
            continue  # empty node
        if len(cols) != 10:
            raise ValueError("malformed CoNLL-U line with %d columns" % len(cols))
        if cols[0].isdigit():
            forms.append(cols[1])
        cols[8] = "_"
        out.append("\t".join(cols))
    # herald's rule (herald-syntax tagger::is_redacted): redacted when at
    # least half of the words are made of underscores only.
    blank = sum(1 for f in forms if f and set(f) == {"_"})
    if not forms or 2 * blank >= len(forms):
        return None
    return out


def filter_split(files, dest):
    kept = dropped = words = 0
    with open(dest, "w", encoding="utf-8") as out:
        for path in files:
            for block in read_blocks(path):
                cleaned = clean_block(block)
                if cleaned is None:
                    dropped += 1
                    continue
                kept += 1
                words += sum(1 for l in cleaned if is_word_line(l))
                out.write("\n".join(cleaned) + "\n\n")
    return kept, dropped, words


def blind(src, dest):
    """Blank every gold annotation column but ID, FORM and MISC."""
    with open(src, encoding="utf-8") as fh, open(dest, "w", encoding="utf-8") as out:
        for raw in fh:
            line = raw.rstrip("\n")
            if line == "" or line.startswith("#"):
                out.write(line + "\n")
                continue
            cols = line.split("\t")
            if cols[0].isdigit():
                cols[2:9] = ["_"] * 7
            out.write("\t".join(cols) + "\n")


def word_rows(path):
    """List of sentences; each a list of (form, upos, head, deprel)."""
    sents = []
    for block in read_blocks(path):
        rows = []
        for line in block:
            if is_word_line(line):
                c = line.split("\t")
                rows.append((c[1], c[3], c[6], c[7]))
        sents.append(rows)
    return sents


# ------------------------------------------------------------------ training

def load_sentences(path):
    reader = InputFormat.newConlluInputFormat()
    with open(path, encoding="utf-8") as fh:
        reader.setText(fh.read())
    sents = Sentences()
    err = ProcessingError()
    while True:
        s = Sentence()
        if not reader.nextSentence(s, err):
            break
        sents.append(s)
    if err.occurred():
        raise RuntimeError("reading %s: %s" % (path, err.message))
    return sents


def train(train_path, dev_path, model_path, log_path):
    train_s = load_sentences(train_path)
    heldout = load_sentences(dev_path)
    # The C++ trainer reports progress on stderr; send fd 2 to the log.
    sys.stderr.flush()
    saved = os.dup(2)
    log = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.dup2(log, 2)
    err = ProcessingError()
    t0 = time.time()
    try:
        model = Trainer.train("morphodita_parsito", train_s, heldout,
                              Trainer.NONE, Trainer.DEFAULT, Trainer.DEFAULT, err)
    finally:
        sys.stderr.flush()
        os.dup2(saved, 2)
        os.close(saved)
        os.close(log)
    elapsed = time.time() - t0
    if err.occurred():
        raise RuntimeError("training failed: " + err.message)
    with open(model_path, "wb") as fh:
        fh.write(bytes(model))
    return elapsed, len(train_s), len(heldout)


# ------------------------------------------------------------ run and score

def run_model(model_path, blind_path, pred_path=None):
    """Load the model, tag+parse the blinded file; return (seconds, words)."""
    model = Model.load(model_path)
    if model is None:
        raise RuntimeError("cannot load model " + model_path)
    with open(blind_path, encoding="utf-8") as fh:
        text = fh.read()
    pipe = Pipeline(model, "conllu", Pipeline.DEFAULT, Pipeline.DEFAULT, "conllu")
    err = ProcessingError()
    t0 = time.perf_counter()
    out = pipe.process(text, err)
    elapsed = time.perf_counter() - t0
    if err.occurred():
        raise RuntimeError("pipeline failed: " + err.message)
    if pred_path:
        with open(pred_path, "w", encoding="utf-8") as fh:
            fh.write(out)
    words = sum(1 for l in out.split("\n") if l and is_word_line(l))
    return elapsed, words


def score(gold_path, pred_path):
    gold = word_rows(gold_path)
    pred = word_rows(pred_path)
    if len(gold) != len(pred):
        raise RuntimeError("sentence count differs: %d vs %d" % (len(gold), len(pred)))
    n = upos = uas = las_full = las_univ = 0
    for gs, ps in zip(gold, pred):
        if len(gs) != len(ps):
            raise RuntimeError("word count differs within a sentence")
        for g, p in zip(gs, ps):
            if g[0] != p[0]:
                raise RuntimeError("word forms differ between gold and output")
            n += 1
            upos += g[1] == p[1]
            if g[2] == p[2]:
                uas += 1
                las_full += g[3] == p[3]
                las_univ += g[3].split(":")[0] == p[3].split(":")[0]
    return {"words": n, "upos": upos / n, "uas": uas / n,
            "las_full": las_full / n, "las_univ": las_univ / n}


def udpipe_evaluator(model_path, gold_path):
    """UDPipe's own evaluator on gold tokens, as a cross-check."""
    model = Model.load(model_path)
    ev = __import__("ufal.udpipe", fromlist=["Evaluator"]).Evaluator(
        model, "none", "default", "default")
    with open(gold_path, encoding="utf-8") as fh:
        text = fh.read()
    err = ProcessingError()
    out = ev.evaluate(text, err)
    if err.occurred():
        return "evaluator failed: " + err.message
    return out


# ---------------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("gum", help="directory with train/*.conllu and dev/*.conllu")
    ap.add_argument("--workdir", default=os.path.expanduser("~/.cache/herald/udpipe"))
    ap.add_argument("--time-once", action="store_true",
                    help=argparse.SUPPRESS)  # internal: one timing run
    args = ap.parse_args()

    wd = args.workdir
    os.makedirs(wd, exist_ok=True)
    train_f = os.path.join(wd, "train.conllu")
    dev_f = os.path.join(wd, "dev.conllu")
    blind_f = os.path.join(wd, "dev.blind.conllu")
    pred_f = os.path.join(wd, "dev.pred.conllu")
    model_f = os.path.join(wd, "gum.udpipe")
    log_f = os.path.join(wd, "train.log")

    if args.time_once:
        secs, words = run_model(model_f, blind_f)
        print("%f %d" % (secs, words))
        return

    tr_files = sorted(glob.glob(os.path.join(args.gum, "train", "*.conllu")))
    dv_files = sorted(glob.glob(os.path.join(args.gum, "dev", "*.conllu")))
    if not tr_files or not dv_files:
        sys.exit("no train/dev CoNLL-U files under " + args.gum)
    tk, td, tw = filter_split(tr_files, train_f)
    dk, dd, dw = filter_split(dv_files, dev_f)
    blind(dev_f, blind_f)
    print("train: %d files, %d sentences kept, %d redacted dropped, %d words"
          % (len(tr_files), tk, td, tw))
    print("dev:   %d files, %d sentences kept, %d redacted dropped, %d words"
          % (len(dv_files), dk, dd, dw))

    if os.path.exists(model_f):
        print("model exists, not retraining: " + model_f)
    else:
        print("training (log: %s) ..." % log_f, flush=True)
        secs, ns, nh = train(train_f, dev_f, model_f, log_f)
        print("trained in %.1f s on %d sentences, heldout %d sentences (dev)"
              % (secs, ns, nh))
    print("model size: %d bytes" % os.path.getsize(model_f))

    run_model(model_f, blind_f, pred_f)
    s = score(dev_f, pred_f)
    print("dev, gold tokens, predicted tags, %d words, punctuation included:"
          % s["words"])
    print("  UPOS            %.4f" % s["upos"])
    print("  UAS             %.4f" % s["uas"])
    print("  LAS (full rel)  %.4f" % s["las_full"])
    print("  LAS (univ rel)  %.4f" % s["las_univ"])
    print("UDPipe evaluator cross-check (gold tokenization):")
    print("  " + udpipe_evaluator(model_f, dev_f).strip().replace("\n", "\n  "))

    rates = []
    rss = []
    for i in range(3):
        p = subprocess.run(
            ["/usr/bin/time", "-f", "%M", sys.executable, os.path.abspath(__file__),
             args.gum, "--workdir", wd, "--time-once"],
            capture_output=True, text=True, check=True)
        secs, words = p.stdout.split()
        secs, words = float(secs), int(words)
        rates.append(words / secs)
        rss.append(int(p.stderr.strip().splitlines()[-1]))
        print("  timing run %d: %d words in %.3f s = %.0f words/s, peak RSS %d KiB"
              % (i + 1, words, secs, words / secs, rss[-1]))
    print("speed: median %.0f words/s (runs: %s); peak RSS max %d KiB"
          % (statistics.median(rates), ", ".join("%.0f" % r for r in rates), max(rss)))


if __name__ == "__main__":
    main()
