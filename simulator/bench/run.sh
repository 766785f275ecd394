#!/usr/bin/env bash
# Simulator benchmark: N generated customers (default 1,000,000), one channel, candidate rules plus a baseline,
# with the heap capped at 768 MiB. Prints wall clock and peak resident memory as measured by GNU time.
#   simulator/bench/run.sh                 # 1,000,000 customers
#   SIZE=100000 simulator/bench/run.sh     # a quicker run
# Needs GNU time (Debian package "time"). Work files go to $WORK (default /tmp/chorus-bench).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
size="${SIZE:-1000000}"
work="${WORK:-/tmp/chorus-bench}"
as_of="2026-05-20T10:00:00Z"
population="$work/population-$size.jsonl"
mkdir -p "$work"

if [[ ! -f "$population" ]]; then
  "$root/chorus" population generate --size "$size" --seed 1 --as-of "$as_of" --out "$population" --progress NONE
fi

# The baseline is the default rule set as it was before the seed story's fix: usage billed on a removed line
# counted as owed. The candidate is rules/ as it stands.
rm -rf "$work/baseline"
cp -r "$root/rules" "$work/baseline"
sed -i 's/status == ChargeStatus.BILLED, endedBefore/status == ChargeStatus.BILLED, kind != ChargeKind.USAGE, endedBefore/' \
  "$work/baseline/plays/billing.drl"
grep -q 'kind != ChargeKind.USAGE' "$work/baseline/plays/billing.drl"

CHORUS_JAVA_OPTS="${CHORUS_JAVA_OPTS:--Xmx768m}" /usr/bin/time -v -o "$work/time.txt" \
  "$root/chorus" simulate --population "$population" --channel CALL_CENTER --as-of "$as_of" \
  --rules "$root/rules" --baseline "$work/baseline" --progress LINES \
  --json "$work/report.json" --report "$work/report.html" > "$work/stdout.txt" 2> "$work/stderr.txt"

echo "customers:        $size ($(nproc) cores, heap ${CHORUS_JAVA_OPTS:--Xmx768m})"
grep -E "decisions" "$work/stdout.txt" | head -1
grep -E "Elapsed \(wall clock\)|Maximum resident set size" "$work/time.txt"
echo "report:           $work/report.html, $work/report.json"
