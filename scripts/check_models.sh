#!/usr/bin/env bash
# Retrains every committed model from ../shared/data/gum with the project's training commands and
# checks that the result is byte-identical to data/models/ (training is deterministic).
set -euo pipefail
cd "$(dirname "$0")/.."
gum="${1:-../shared/data/gum}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
cargo run --release --locked -q -p herald-syntax --bin herald-train-tagger -- --gum "$gum" --out "$out" --quiet
cargo run --release --locked -q -p herald-syntax --bin herald-train-parser -- --gum "$gum" --out "$out" --quiet
status=0
for model in tagger.hmod lemma.hmod parser.hmod; do
  if cmp -s "$out/$model" "data/models/$model"; then
    echo "models: $model reproduced byte for byte"
  else
    echo "models: $model differs from a fresh training run" >&2
    status=1
  fi
done
exit $status
