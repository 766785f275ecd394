#!/usr/bin/env bash
# What volume constraints cost a decision: p99 at 500 decisions/s on LETTER for 20,000 customers who are each
# proposed a retention letter (copies of rules/customers/tom-hargreaves.json), once with the default rule set
# (the retention-letters constraint: its counter read, taken with a conditional upsert, and once the day's 400 are
# gone, the letter held back on a second evaluation), once with a limit never reached (every letter counted and
# sent: the same sends as without constraints, so the difference is the counting alone) and once with the same rules
# without constraints.yaml.
# Usage: [BENCH_RATE=500] [BENCH_RUNS="exact-path-never-biting without-constraints"] api/bench/constraints.sh [DB_URL]
# (default: every run, on the local server with trust auth)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
db="${1:-postgresql://postgres@127.0.0.1:5432/chorus_bench_constraints}"
admin_db="${db%/*}/postgres"
port="${BENCH_PORT:-8098}"
key="bench-$(date +%s)-$(od -An -tx1 -N12 /dev/urandom | tr -d ' \n')"
export CHORUS_API_KEYS="$key=ADMIN" CHORUS_RATE_LIMIT_PER_SECOND=0
export CHORUS_JAVA_OPTS="${CHORUS_JAVA_OPTS:--Xmx1g -Dchorus.log.decisions=warn}"
unconstrained="$(mktemp -d)"
cp -r "$root/rules/." "$unconstrained"
rm "$unconstrained/constraints.yaml"
# Scenarios that show a constraint biting need the constraints; the rest of the gate stays.
grep -l -E 'remaining:|constraint:' "$unconstrained"/scenarios/*.yaml | xargs rm -f

# The same constraints with a limit no run reaches: every letter is counted, none held back, so the decisions and
# their sends are the same as without constraints and the difference is only the counting.
roomy="$(mktemp -d)"
cp -r "$unconstrained/." "$roomy"
cp "$root/rules/constraints.yaml" "$roomy/constraints.yaml"
sed -i 's/limit: 400$/limit: 100000000/' "$roomy/constraints.yaml"

run() {
  local rules="$1" label="$2"
  psql "$admin_db" -qc "drop database if exists chorus_bench_constraints with (force)" -c "create database chorus_bench_constraints"
  "$root/chorus" serve --port "$port" --db-url "$db" --rules "$rules" > "/tmp/chorus-bench-constraints-$label.log" 2>&1 &
  server=$!
  until curl -sf "http://127.0.0.1:$port/health" > /dev/null; do
    kill -0 "$server" 2> /dev/null || { echo "the service did not start:" >&2; tail -5 "/tmp/chorus-bench-constraints-$label.log" >&2; exit 1; }
    sleep 1
  done
  # Decided now, as channels decide (leases serve the current period only): Tom's story moved to today.
  psql "$db" -q -v count=20000 -v prefix=T- \
    -v template="$(java "$root/api/bench/ShiftDates.java" "$root/rules/customers/tom-hargreaves.json" 2026-05-20)" \
    -f "$root/api/bench/generate-customers.sql" > /dev/null
  # Warmed up on previews (decided, never counted), so the limit is reached by a compiled service, not in its first
  # seconds while the JIT compilers take most of the two cores.
  java -Dbench.channel=LETTER -Dbench.prefix=T- -Dbench.asOf=now -Dbench.preview=true "$root/api/bench/LoadDriver.java" \
    --url "http://127.0.0.1:$port" --key "$key" --mode decide --customers 20000 --rate "${BENCH_RATE:-500}" \
    --warmup "${BENCH_WARMUP:-60}" --duration 5 > /dev/null
  echo "== $label: decisions on LETTER at ${BENCH_RATE:-500}/s"
  java -Dbench.channel=LETTER -Dbench.prefix=T- -Dbench.asOf=now "$root/api/bench/LoadDriver.java" --url "http://127.0.0.1:$port" \
    --key "$key" --mode decide --customers 20000 --rate "${BENCH_RATE:-500}" --warmup 0 --duration 30
  psql "$db" -Atc "select 'letters counted today: ' || coalesce(sum(used), 0) from constraint_usage"
  # The check itself, timed inside the service (chorus.constraints.check): free of the client's and the
  # machine's noise, which moves the p99 above by tens of milliseconds from one run to the next.
  curl -sf -H "Authorization: Bearer $key" "http://127.0.0.1:$port/prometheus" \
    | awk '/^chorus_constraints_check_seconds\{.*quantile/ { match($0, /quantile="[^"]*"/);
        printf "constraint check %s: %.3f ms\n", substr($0, RSTART, RLENGTH), $2 * 1000 }
        /^chorus_constraints_check_seconds_count/ { printf "constraint checks: %d\n", $2 }
        /^chorus_decision_latency_recent_seconds\{.*quantile/ { match($0, /quantile="[^"]*"/);
        printf "decision %s: %.3f ms\n", substr($0, RSTART, RLENGTH), $2 * 1000 }' || true
  kill "$server"; wait "$server" 2>/dev/null || true
}
runs="${BENCH_RUNS:-with-constraints counted-never-biting exact-path-never-biting without-constraints}"
for label in $runs; do
  case "$label" in
    with-constraints) run "$root/rules" "$label" ;;
    counted-never-biting) run "$roomy" "$label" ;;
    # Every letter taken straight from the store, as the last tenth of a limit is: leases off, the limit never reached.
    exact-path-never-biting) CHORUS_CONSTRAINTS_LEASE_FRACTION=0 run "$roomy" "$label" ;;
    without-constraints) run "$unconstrained" "$label" ;;
    *) echo "unknown run $label" >&2; exit 2 ;;
  esac
done
echo "load average: $(cut -d" " -f1-3 /proc/loadavg)"
