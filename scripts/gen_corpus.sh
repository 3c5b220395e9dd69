#!/usr/bin/env bash
# Writes a corpus of N generated news articles as JSON lines into DIR (three files), from the
# topic sentences of crates/herald-cli/tests/fixtures/run_topics.txt: every article takes a
# topic's title and four of its sentences (rotated, forwards or backwards), a day in June 2013
# and one of five outlets. Every 50th line repeats the line before it (same bytes: one
# document), and each file holds one malformed line and one article without text (rejections).
# Usage: scripts/gen_corpus.sh N DIR
set -euo pipefail
n=${1:?usage: gen_corpus.sh N DIR}
dir=${2:?usage: gen_corpus.sh N DIR}
here="$(cd "$(dirname "$0")/.." && pwd)"
mkdir -p "$dir"
awk -v n="$n" -v dir="$dir" '
  BEGIN { t = 0 }
  /^#/ { next }
  /^[[:space:]]*$/ { if (len[t] > 0) t++; next }
  { if (!(t in len)) len[t] = 0; if (len[t] == 0) title[t] = $0; else sent[t, len[t] - 1] = $0; len[t]++ }
  END {
    topics = (len[t] > 0) ? t + 1 : t
    split("Wire Service|Daily Courier|Evening Post|Morning Herald|Global Report", outlet, "|")
    per = int((n + 2) / 3)
    prev = ""
    for (i = 0; i < n; i++) {
      f = sprintf("%s/part-%d.jsonl", dir, int(i / per))
      if (i % per == 0) {
        print "{\"id\": \"broken-" i "\", \"title\": " > f
        print "{\"id\": \"empty-" i "\", \"title\": \"Nothing here\", \"text\": \"\"}" > f
      }
      if (i % 50 == 49) { print prev > f; continue }
      tp = i % topics; k = int(i / topics); s = len[tp] - 1
      body = ""
      step = (int(k / s) % 2 == 0) ? 1 : s - 1
      for (j = 0; j < 4; j++) body = body "\\n\\n" sent[tp, (k + j * step) % s]
      day = sprintf("2013-06-%02d", 1 + (k % 20))
      line = sprintf("{\"id\": \"gen-%d\", \"source\": \"%s\", \"date\": \"%s\", \"title\": \"%s\", \"text\": \"%s%s\"}", i, outlet[1 + (i * 7) % 5], day, title[tp], title[tp], body)
      print line > f
      prev = line
    }
  }' "$here/crates/herald-cli/tests/fixtures/run_topics.txt"
