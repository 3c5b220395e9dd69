#!/usr/bin/env bash
# Installs the peers that `herald bench` measures beside herald (trafilatura for extraction) into
# a virtual environment outside the repository. Idempotent: an existing environment with the
# peers is left as it is.
set -euo pipefail
venv="${HERALD_PEERS_VENV:-$HOME/.cache/herald/peers}"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
if ! "$venv/bin/python" -c "import trafilatura, lxml_html_clean" 2>/dev/null; then
  "$venv/bin/pip" install --quiet "trafilatura>=2,<3" lxml_html_clean
fi
echo "peers ready in $venv (HERALD_PEER_PYTHON=$venv/bin/python)"
