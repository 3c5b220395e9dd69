#!/usr/bin/env python3
"""Peer measurement for `herald bench extract`: trafilatura on the same pages, one process.

Usage: bench_trafilatura.py DIR ROUNDS
Prints one JSON object: pages_per_s, mb_per_s (median round), peak_mb (ru_maxrss).
Metadata extraction (title, date, author) is on, as herald's is.
"""
import json
import pathlib
import resource
import statistics
import sys
import time

import trafilatura


def main():
    folder, rounds = pathlib.Path(sys.argv[1]), int(sys.argv[2])
    pages = [p.read_bytes() for p in sorted(folder.glob("*.html"))]
    size = sum(len(p) for p in pages)
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        for page in pages:
            trafilatura.bare_extraction(page, with_metadata=True)
        times.append(time.perf_counter() - start)
    median = statistics.median(times)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"pages_per_s": len(pages) / median, "mb_per_s": size / 1e6 / median, "peak_mb": peak_kb / 1024}))


if __name__ == "__main__":
    main()
