#!/usr/bin/env bash
# How long `./chorus serve` takes until /health/readiness answers UP: the first start on an empty data
# directory (embedded PostgreSQL created, schema migrated, demo customers loaded), then restarts on that
# data. Builds first (not timed). Prints each run and the median; the README quotes these.
#
# Usage: api/bench/start-time.sh [RESTARTS, default 5]     (PORT=18090 by default)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
restarts="${1:-5}"
port="${PORT:-18090}"
data="$(mktemp -d)"
log="$data.log"
pid=""
cleanup() {
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then kill "$pid"; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$data" "$log"
}
trap cleanup EXIT

./chorus --version >/dev/null   # builds if needed

# Starts the service, waits for readiness, prints the milliseconds it took and the CPU seconds the JVM used
# by then (less sensitive than the wall time to whatever else runs on the machine), stops it (as Ctrl-C would).
run() {
  local start end cpu
  start=$(date +%s%N)
  ./chorus serve --port "$port" --data-dir "$data" >"$log" 2>&1 &
  pid=$!
  until curl -fsS "http://127.0.0.1:$port/health/readiness" >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || { echo "chorus serve exited; its log:" >&2; cat "$log" >&2; exit 1; }
    sleep 0.05
  done
  end=$(date +%s%N)
  cpu=$(awk -v hz="$(getconf CLK_TCK)" '{printf "%.1f", ($14 + $15) / hz}' "/proc/$pid/stat")
  kill -TERM "$pid"
  wait "$pid" 2>/dev/null || true
  pid=""
  echo "$(( (end - start) / 1000000 )) $cpu"
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2)}'; }

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
read -r ms cpu <<<"$(run)"
echo "first start (empty data directory): $ms ms, JVM CPU $cpu s"
times=()
for i in $(seq "$restarts"); do
  read -r ms cpu <<<"$(run)"
  times+=("$ms")
  echo "restart $i: $ms ms, JVM CPU $cpu s"
done
echo "restart median of $restarts: $(printf '%s\n' "${times[@]}" | median) ms (min $(printf '%s\n' "${times[@]}" | sort -n | head -1), max $(printf '%s\n' "${times[@]}" | sort -n | tail -1))"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
