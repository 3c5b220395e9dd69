#!/usr/bin/env python3
"""Licence check: no text from ../shared is committed.

The evaluation sets, the seeds and the GUM treebank in ../shared are third-party texts that this
repository must not copy (tests and comments use sentences of our own). This script reads every
file git tracks and reports each run of RUN words (case-folded, punctuation ignored) that also
occurs in ../shared: the string values of the evaluation sets' JSON lines, the seed articles and
the sentences of the GUM treebank (its "# text =" lines). Exit status 1 when any run is found.

Usage: scripts/check_no_shared_text.py [SHARED_DIR]   (default ../shared, from the repo root)
"""

import json
import pathlib
import re
import subprocess
import sys

RUN = 10
WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def words(text):
    return WORD.findall(text.lower().replace("\u2019", "'"))


def runs(ws):
    return (hash(tuple(ws[i : i + RUN])) for i in range(len(ws) - RUN + 1))


def strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for v in value:
            yield from strings(v)
    elif isinstance(value, dict):
        for v in value.values():
            yield from strings(v)


def shared_runs(shared):
    seen = set()
    for path in sorted(shared.glob("eval/**/*.jsonl")):
        for line in path.open(encoding="utf-8", errors="replace"):
            try:
                record = json.loads(line)
            except ValueError:
                continue
            for s in strings(record):
                seen.update(runs(words(s)))
    for path in sorted(shared.glob("seeds/*")):
        if path.is_file():
            seen.update(runs(words(path.read_text(encoding="utf-8", errors="replace"))))
    for path in sorted(shared.glob("data/**/*.conllu")):
        for line in path.open(encoding="utf-8", errors="replace"):
            if line.startswith("# text ="):
                seen.update(runs(words(line[len("# text =") :])))
    return seen


def main():
    root = pathlib.Path(__file__).resolve().parent.parent
    shared = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else root.parent / "shared"
    if not (shared / "eval").is_dir():
        print(f"check_no_shared_text: no {shared}/eval, nothing to compare with")
        return 0
    seen = shared_runs(shared)
    files = subprocess.run(["git", "ls-files"], cwd=root, capture_output=True, text=True, check=True).stdout.split()
    found = 0
    for name in files:
        path = root / name
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue  # binary files (models) hold no prose
        # Runs may cross line breaks (wrapped comments, string literals split over lines).
        low = text.lower().replace("\u2019", "'")
        matches = list(WORD.finditer(low))
        ws = [m.group() for m in matches]
        reported = set()
        for i, r in enumerate(runs(ws)):
            if r in seen:
                number = text.count("\n", 0, matches[i].start()) + 1
                if number not in reported:
                    reported.add(number)
                    found += 1
                    line = text.splitlines()[number - 1]
                    print(f"{name}:{number}: a run of {RUN} words from {shared}: {line.strip()[:120]}")
    print(f"check_no_shared_text: {len(files)} tracked files, {len(seen):,} runs of {RUN} words in ../shared, "
          f"{found} lines with a copied run")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
