#!/usr/bin/env bash
# Load benchmark: the service (chorus serve) on a PostgreSQL holding 100,000 generated customers, driven by
# LoadDriver.java from the same machine. Usage: api/bench/run.sh [DB_URL]   (default: local server, trust auth)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
db="${1:-postgresql://postgres@127.0.0.1:5432/chorus_bench}"
admin_db="${db%/*}/postgres"
port="${BENCH_PORT:-8099}"
key="bench-$(date +%s)-$(od -An -tx1 -N12 /dev/urandom | tr -d ' \n')"   # keys are at least 32 characters

psql "$admin_db" -qc "drop database if exists chorus_bench with (force)" -c "create database chorus_bench"
export CHORUS_API_KEYS="$key=ADMIN"
# One key drives the whole load: measure the service, not the per-key rate limit (3,000/s by default).
export CHORUS_RATE_LIMIT_PER_SECOND="${CHORUS_RATE_LIMIT_PER_SECOND:-0}"
# The heap fixed at its size: grown on demand, G1 starts small and collects every second or so, which shows in p99.
# Transparent huge pages for it cut 5-17% of the service's CPU per decision. Touched at start (AlwaysPreTouch), its
# pages are not faulted in (and huge pages not assembled) under load: huge pages alone had put 40-63 ms into the p99
# at 500/s (docs/performance.md, "Steady state, huge pages" and "Compressed answers, no parked threads").
export CHORUS_JAVA_OPTS="${CHORUS_JAVA_OPTS:--Xms1g -Xmx1g -XX:+UseTransparentHugePages -XX:+AlwaysPreTouch -Dchorus.log.decisions=warn}"
"$root/chorus" serve --port "$port" --db-url "$db" > /tmp/chorus-bench-server.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
until curl -sf "http://127.0.0.1:$port/health" > /dev/null; do
  kill -0 "$server" 2> /dev/null || { echo "the service did not start:" >&2; tail -5 /tmp/chorus-bench-server.log >&2; exit 1; }
  sleep 1
done

echo "== generating 100,000 customers"
time psql "$db" -q -v count=100000 -v prefix=B- -v template="$(cat "$root/rules/customers/sam-rivers.json")" \
  -f "$root/api/bench/generate-customers.sql"

# A kernel memory monitor (DAMON) sampling physical memory stalls PostgreSQL for 15-50 ms at each sample, which is most of
# a p99 at 500/s (docs/performance.md, "The tail at 500/s: the kernel's memory monitor"): said beside the figures.
damon_note() {
  local state sample
  for state in /sys/kernel/mm/damon/admin/kdamonds/*/state; do
    [[ -r "$state" && "$(cat "$state")" == on ]] || continue
    sample="$(cat "${state%/state}"/contexts/*/monitoring_attrs/intervals/sample_us 2>/dev/null | head -1)"
    echo "note: the kernel's memory monitor (DAMON, ${state%/state}) is on, sampling every $(( ${sample:-0} / 1000 )) ms;" \
      "expect the p99 to show its stalls"
  done
}
damon_note
driver() { java "$root/api/bench/LoadDriver.java" --url "http://127.0.0.1:$port" --key "$key" "$@"; }
# Each decision as the service timed it (chorus.decision.latency.recent: the last 20-30 s), free of the load driver,
# a second JVM on the same two cores whose own pauses move the client's p99 by tens of milliseconds.
# Beside it, what recording added (queue and commit) and one batch's write: where a high p99 comes from
# (docs/operations.md, "Metrics").
service_latency() {
  local metrics series
  metrics="$(curl -sf -H "Authorization: Bearer $key" "http://127.0.0.1:$port/prometheus" || true)"
  for series in "decision_latency_recent:decision latency" "audit_recording:  of which recording" \
                "audit_batch_write:  a batch's write"; do
    awk -v name="chorus_${series%%:*}_seconds" '$0 ~ "^" name "\\{.*quantile" { match($0, /quantile="[^"]*"/);
        printf "  %s %.2f ms", substr($0, RSTART + 10, RLENGTH - 11), $2 * 1000 }
        END { print "" }' <<<"$metrics" | sed "s/^/${series#*:} timed by the service, quantile:/"
  done
}
# 30 s of decisions from wrk, 16 in flight (BENCH_CONCURRENCY); CHORUS_PREVIEW=true in the environment asks for previews.
wrk_decisions() {
  CHORUS_KEY="$key" wrk -t2 -c"${BENCH_CONCURRENCY:-16}" -d30s -s "$root/api/bench/decide.lua" "$@" "http://127.0.0.1:$port"
}
echo "== decisions at saturation"
if command -v wrk > /dev/null; then
  # wrk costs the shared CPU far less than a JVM client, so the service gets more of the two cores.
  # Warm-up: on two cores the JIT compilers take minutes of CPU before the code settles, and how many depends on
  # the day's machine (docs/performance.md, "Steady state"): a fixed warm-up measured the compiler on slow days. So it
  # runs in 30 s windows until two windows in a row add nothing to the best (within 5%), from BENCH_WARMUP_MIN
  # seconds (default 180) up to BENCH_WARMUP (default 600), printing each window.
  warmed=0; best=0; flat=0
  while (( warmed < ${BENCH_WARMUP:-600} )); do
    rate=$(wrk_decisions | awk '/Requests\/sec/ { printf "%d", $2 }')
    warmed=$((warmed + 30))
    if (( rate * 100 > best * 105 )); then flat=0; else flat=$((flat + 1)); fi
    (( rate > best )) && best=$rate
    echo "warm-up ${warmed}s: ${rate} decisions/s"
    (( warmed >= ${BENCH_WARMUP_MIN:-180} && flat >= 2 )) && break
  done
  wrk_decisions --latency
  service_latency
  echo "== previews at saturation: the same decisions, nothing recorded (the difference is what the audit costs)"
  CHORUS_PREVIEW=true wrk_decisions --latency
else
  driver --mode decide --concurrency "${BENCH_CONCURRENCY:-16}" --warmup 30 --duration 30
fi
# The driver warms up for 30 s at the same rate: started cold, its own JIT compilers take the cores the service needs.
# With the requests over 20 ms counted in bursts: bursts at a steady interval are a stall beside the service (the
# driver lists each burst; only its summary is kept here).
echo "== decisions at 500/s";       driver --mode decide --rate 500 --warmup 30 --duration 30 --slow 20 | grep -v "^  "
service_latency
if command -v wrk > /dev/null; then
  # The same rate from wrk: a Poisson stream over 64 connections from a client that costs the two cores half of
  # what the driver's JVM does (its latency is from each request's send, not its schedule: see the driver's above).
  echo "== decisions at 500/s from wrk, paced"
  CHORUS_RATE=500 CHORUS_CONNECTIONS=64 wrk_decisions -t1 -c64 --latency
  service_latency
fi
echo "== events, batches of 100";   driver --mode events --batch 100 --concurrency 4 --warmup 5 --duration 30
echo "load average: $(cut -d" " -f1-3 /proc/loadavg) (other work on the machine shares the two cores)"
damon_note
echo "== bytes stored per decision (row with its audit snapshot, and the table with indexes and TOAST)"
psql "$db" -Atc "select count(*) || ' decisions, ' || round(avg(pg_column_size(d.*))) || ' bytes per row, '
  || round(pg_total_relation_size('decision') / greatest(count(*), 1)) || ' bytes per decision on disk' from decision d"
echo "== events, one per request";  driver --mode events --batch 1 --concurrency 16 --warmup 5 --duration 30
echo "== outcomes through the API, one per request (each teaches the action's model)"
driver --mode outcomes --concurrency 8 --warmup 5 --duration 20
echo "== learning: a backlog of 200,000 outcomes absorbed by the models"
psql "$db" -q -v count=200000 -v version="$(sha256sum "$root/rules/predictors.yaml" | cut -c1-16)" \
  -f "$root/api/bench/learning-outcomes.sql"
for _ in $(seq 120); do grep -q "Learned from" /tmp/chorus-bench-server.log && break; sleep 1; done
grep "Learned from" /tmp/chorus-bench-server.log | tail -1
