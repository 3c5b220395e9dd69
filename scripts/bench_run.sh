#!/usr/bin/env bash
# Benchmarks `herald run` (feature `distributed`) on a generated corpus: 1, 2 and 4 worker threads
# in one process, then 1, 2 and 4 processes of one worker on loopback, each into a fresh store;
# `herald ingest` (rayon on every core) is the reference. Prints articles/s, the speedup over one
# worker, the peak memory (VmHWM) of every process, and the bytes the exchanges moved per article.
# Every run's stores must match ingest's (documents, entities, events, stories): checked too.
# Then the per-document stages alone (`herald run --dry-run`, 1, 2, 4 workers and 2 processes):
# reading, exchanging and analysing as before, with nothing committed or clustered.
#
# Usage: scripts/bench_run.sh [ARTICLES (default 2000)]
# Uses $HERALD_BIN if set, else builds target/release/herald with the feature.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-2000}
if [ -z "${HERALD_BIN:-}" ]; then
  cargo build --release --locked -p herald-cli --features distributed >&2
  HERALD_BIN=target/release/herald
fi
bin=$(realpath "$HERALD_BIN")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
scripts/gen_corpus.sh "$n" "$work/corpus"

echo "machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
echo "corpus:  $n generated articles in 3 JSONL files ($(du -sh "$work/corpus" | cut -f1))"

stat() { # KEY LINE -> value
  sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$2"
}

export_all() { # DB -> one file of every export, `added` times removed
  for what in documents entities events stories; do
    "$bin" export --what "$what" --format jsonl --db "$1"
  done | sed 's/"added":"[^"]*",\{0,1\}//g'
}

t0=$(date +%s.%N)
"$bin" ingest --db "$work/ingest.db" "$work/corpus" > "$work/ingest.log"
t1=$(date +%s.%N)
ingest_secs=$(echo "$t1 - $t0" | bc -l)
export_all "$work/ingest.db" > "$work/ingest.export"
printf 'ingest (rayon, %s cores): %.2fs, %.1f articles/s\n\n' "$(nproc)" "$ingest_secs" "$(echo "$n / $ingest_secs" | bc -l)"

printf '%-22s %7s %10s %8s %9s %8s %7s %8s  %-17s %8s %8s %5s\n' configuration "wall s" articles/s speedup "CPU ms/a" "serial s" "crit s" "ideal" "peak MiB/proc" "exch B/a" "net B/a" same
# Starts PROCESSES processes of WORKERS workers on loopback (process 0 in the foreground, with the
# given extra arguments), each under /usr/bin/time; sets `secs` to process 0's wall time.
launch() { # PROCESSES WORKERS ARG...
  local procs=$1 workers=$2 port=$((20000 + RANDOM % 30000))
  shift 2
  : > "$work/hosts"
  for ((i = 0; i < procs; i++)); do echo "127.0.0.1:$((port + i))" >> "$work/hosts"; done
  local pids=()
  for ((i = 1; i < procs; i++)); do
    /usr/bin/time -f "%U %S" -o "$work/t$i" "$bin" run -n "$procs" -p "$i" -w "$workers" -H "$work/hosts" > "$work/p$i.log" 2>&1 &
    pids+=($!)
  done
  local t0 t1
  t0=$(date +%s.%N)
  /usr/bin/time -f "%U %S" -o "$work/t0" "$bin" run -n "$procs" -p 0 -w "$workers" -H "$work/hosts" "$@" > "$work/p0.log" 2>&1
  t1=$(date +%s.%N)
  for p in "${pids[@]+"${pids[@]}"}"; do wait "$p"; done
  secs=$(echo "$t1 - $t0" | bc -l)
}

base=""
base_crit=""
row() { # NAME PROCESSES WORKERS
  local name=$1 procs=$2 workers=$3 db="$work/$1.db" secs
  launch "$procs" "$workers" --db "$db" "$work/corpus"
  local mem="" bytes=0 remote=0 line cpu=0 busiest=0 b
  for ((i = 0; i < procs; i++)); do
    line=$(grep '^run-stats' "$work/p$i.log")
    mem="$mem$(printf '%.0f' "$(echo "$(stat peak_kib "$line") / 1024" | bc -l)") "
    bytes=$((bytes + $(stat items_bytes "$line") + $(stat results_bytes "$line")))
    remote=$((remote + $(stat items_remote_bytes "$line") + $(stat results_remote_bytes "$line")))
    cpu=$(echo "$cpu + $(awk '{print $1 + $2}' "$work/t$i")" | bc -l)
    b=$(stat busiest_worker_cpu_ms "$line")
    [ "$b" -gt "$busiest" ] && busiest=$b
  done
  # The owner's serial part: committing batches (linking, storing) and the clustering step.
  local serial clustering crit
  clustering=$(sed -n 's/^clusters .*(\([0-9.]*\)s, state.*/\1/p' "$work/p0.log")
  serial=$(echo "$(sed -n 's/.*; \([0-9.]*\)s linking and storing.*/\1/p' "$work/p0.log") + $clustering" | bc -l)
  # The critical path: the busiest worker thread's CPU time, then the clustering step after it.
  crit=$(echo "$busiest / 1000 + $clustering" | bc -l)
  [ -z "$base_crit" ] && base_crit=$crit
  local rate
  rate=$(echo "$n / $secs" | bc -l)
  [ -z "$base" ] && base=$rate
  local same=no
  export_all "$db" | cmp -s - "$work/ingest.export" && same=yes
  printf '%-22s %7.2f %10.1f %7.2fx %9.2f %8.2f %7.2f %7.2fx  %-17s %8.0f %8.0f %5s\n' "$name" "$secs" "$rate" \
    "$(echo "$rate / $base" | bc -l)" "$(echo "1000 * $cpu / $n" | bc -l)" "$serial" "$crit" "$(echo "$base_crit / $crit" | bc -l)" \
    "$mem" "$(echo "$bytes / $n" | bc -l)" "$(echo "$remote / $n" | bc -l)" "$same"
}
row "1 process, 1 worker" 1 1
row "1 process, 2 workers" 1 2
row "1 process, 4 workers" 1 4
row "2 processes, 1 worker" 2 1
row "4 processes, 1 worker" 4 1

# The per-document stages alone: `--dry-run` reads, exchanges and analyses every record the same
# way, and the owner counts the results instead of storing them (no commit, no clustering).
echo
echo "per-document stages alone (herald run --dry-run: read, analyse, count; nothing stored)"
printf '%-22s %7s %10s %8s %9s  %-17s\n' configuration "wall s" articles/s speedup "CPU ms/a" "peak MiB/proc"
dry_base=""
dryrow() { # NAME PROCESSES WORKERS
  local name=$1 procs=$2 workers=$3 secs
  launch "$procs" "$workers" --dry-run "$work/corpus"
  if [ "$(grep '^ingested ' "$work/p0.log")" != "$(grep '^ingested ' "$work/ingest.log")" ]; then
    echo "dry run: its count differs from ingest's" >&2; cat "$work/p0.log" >&2; exit 1
  fi
  local mem="" cpu=0 rate
  for ((i = 0; i < procs; i++)); do
    mem="$mem$(printf '%.0f' "$(echo "$(stat peak_kib "$(grep '^run-stats' "$work/p$i.log")") / 1024" | bc -l)") "
    cpu=$(echo "$cpu + $(awk '{print $1 + $2}' "$work/t$i")" | bc -l)
  done
  rate=$(echo "$n / $secs" | bc -l)
  [ -z "$dry_base" ] && dry_base=$rate
  printf '%-22s %7.2f %10.1f %7.2fx %9.2f  %-17s\n' "$name" "$secs" "$rate" "$(echo "$rate / $dry_base" | bc -l)" \
    "$(echo "1000 * $cpu / $n" | bc -l)" "$mem"
}
dryrow "1 process, 1 worker" 1 1
dryrow "1 process, 2 workers" 1 2
dryrow "1 process, 4 workers" 1 4
dryrow "2 processes, 1 worker" 2 1
echo
echo "wall s: process 0's whole command (connecting, loading the models in every process, reading,"
echo "analysing, storing, clustering). CPU ms/a: user+sys of all processes per article. serial s: the"
echo "owner's commits and clustering, which no worker count shortens. crit s: CPU seconds of the busiest"
echo "worker thread plus the clustering step, the run's critical path; ideal: the speedup that critical"
echo "path allows on otherwise idle cores (crit of 1 worker / crit). exch B/a: records and results"
echo "handed to another worker (bincode size of the payload, as timely serialises it), all processes,"
echo "per article; net B/a: the part that crossed processes. same: every export equals ingest's."
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) (other work on this machine takes cores too)"
