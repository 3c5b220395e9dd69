#!/usr/bin/env bash
# End-to-end browser tests of `herald serve` in a real headless Chromium (issue 8).
#
# Installs Debian's `chromium` and `chromium-driver` when they are missing (one `apt-get update`,
# only then), builds the herald binary, and runs scripts/browser/test.py, which ingests the seeds
# and a fixture into a temporary store, starts `herald serve` and chromedriver on free loopback
# ports, clicks through the pages like a person would, checks what they show, and writes a
# screenshot of each page to target/browser-shots/ (or $HERALD_SHOTS). Nothing is left running.
#
# Usage: scripts/browser.sh [--no-install] [extra arguments for test.py, e.g. --keep]
# Environment: HERALD_SHARED (the shared folder with seeds/; default ../shared),
#              HERALD_BIN (use this herald binary instead of building one).
# Exit status: 0 all checks passed (or skipped: no seeds), 1 a check failed, 2 setup failed.
set -euo pipefail
cd "$(dirname "$0")/.."

install=1
if [ "${1:-}" = "--no-install" ]; then
  install=0
  shift
fi

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$install" = 0 ]; then
    echo "browser tests: missing ${missing[*]} and --no-install was given" >&2
    exit 2
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "browser tests: missing ${missing[*]}, and this is not a Debian system (no apt-get): install them by hand" >&2
    exit 2
  fi
  sudo=()
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo=(sudo); else
      echo "browser tests: missing ${missing[*]}; installing needs root (or sudo)" >&2
      exit 2
    fi
  fi
  echo "== installing ${missing[*]} (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  if ! "${sudo[@]}" apt-get update -qq; then
    echo "browser tests: 'apt-get update' failed: no network or no reachable Debian mirror? Cannot install ${missing[*]}" >&2
    exit 2
  fi
  # fonts-dejavu-core: readable text in the screenshots on a bare system.
  if ! "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" fonts-dejavu-core >/dev/null; then
    echo "browser tests: 'apt-get install ${missing[*]}' failed: no network, or the packages are not in this Debian's sources" >&2
    exit 2
  fi
fi

if [ -n "${HERALD_BIN:-}" ]; then
  herald="$HERALD_BIN"
else
  echo "== building herald"
  cargo build --locked -q -p herald-cli
  herald=target/debug/herald
fi

# test.py stops chromedriver and herald serve itself (also on SIGINT/SIGTERM); this trap makes
# sure of it when the script is interrupted while test.py is starting or stopping.
child=""
cleanup() {
  if [ -n "$child" ] && kill -0 "$child" 2>/dev/null; then
    kill -TERM "$child" 2>/dev/null || true
    wait "$child" 2>/dev/null || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

python3 scripts/browser/test.py --herald "$herald" --shots "${HERALD_SHOTS:-target/browser-shots}" "$@" &
child=$!
status=0
wait "$child" || status=$?
child=""
exit "$status"
