#!/usr/bin/env python3
"""Peer predictions for the extraction scorer: trafilatura on every page of a folder.

Usage: peer_extract.py HTML_DIR [GROUND_TRUTH.jsonl] > pred.jsonl
Prints one JSON line per page ({"id", "text", "title", "date", "author"}), the format
`../shared/eval/extraction/score.py` reads, so the peer is scored exactly as herald is. When a
ground-truth file is given, each page's URL from it is passed to trafilatura as herald gets it.
"""
import json
import pathlib
import sys

import trafilatura


def main():
    folder = pathlib.Path(sys.argv[1])
    urls = {}
    if len(sys.argv) > 2:
        for line in open(sys.argv[2], encoding="utf8"):
            if line.strip():
                rec = json.loads(line)
                urls[rec["id"]] = rec.get("url")
    for page in sorted(folder.glob("*.html")):
        doc = trafilatura.bare_extraction(page.read_bytes(), url=urls.get(page.stem), with_metadata=True)
        if doc is not None and not isinstance(doc, dict):
            doc = doc.as_dict()
        doc = doc or {}
        print(json.dumps({"id": page.stem, "text": doc.get("text") or "", "title": doc.get("title"),
                          "date": doc.get("date"), "author": doc.get("author")}))


if __name__ == "__main__":
    main()
