#!/usr/bin/env bash
# Outbound benchmark: chorus outbound run over N generated customers (default 1,000,000) on two outbound
# channels, LETTER and EMAIL, under rules/constraints.yaml. Prints wall time, peak memory, total priority,
# the upper bound and the gap.
#   simulator/bench/outbound.sh                 # 1,000,000 customers
#   SIZE=100000 simulator/bench/outbound.sh     # a quicker run
# Runs the CLI from cli/target (build first: mvn -B -pl cli -am package -DskipTests). Needs GNU time.
# Work files go to $WORK (default /tmp/chorus-bench).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
size="${SIZE:-1000000}"
work="${WORK:-/tmp/chorus-bench}"
as_of="2026-05-20T10:00:00Z"
population="$work/population-$size.jsonl"
mkdir -p "$work"

if [[ ! -f "$root/cli/target/classpath.txt" ]]; then
  echo "build first: mvn -B -pl cli -am package -DskipTests" >&2
  exit 1
fi
cp="$root/cli/target/classes:$(cat "$root/cli/target/classpath.txt")"
opts="${CHORUS_JAVA_OPTS:--Xmx3g -XX:+UseParallelGC}"
chorus() {
  # shellcheck disable=SC2086
  java $opts -Dchorus.home="$root" -cp "$cp" io.chorus.cli.Chorus "$@"
}

if [[ ! -f "$population" ]]; then
  chorus population generate --size "$size" --seed 1 --as-of "$as_of" --out "$population" --progress NONE
fi

/usr/bin/time -v -o "$work/outbound-time.txt" \
  java $opts -Dchorus.home="$root" -cp "$cp" io.chorus.cli.Chorus outbound run \
  --population "$population" --channel LETTER --channel EMAIL --as-of "$as_of" --rules "$root/rules" \
  --out "$work/outbound.jsonl" --json "$work/outbound.json" --report "$work/outbound.html" --progress LINES \
  > "$work/outbound-stdout.txt" 2> "$work/outbound-stderr.txt"

echo "customers:        $size ($(nproc) cores, java options: $opts)"
cat "$work/outbound-stdout.txt"
grep -E "Elapsed \(wall clock\)|Maximum resident set size|User time|System time|Percent of CPU" "$work/outbound-time.txt"
python3 - "$work/outbound.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
print(f"totalPriority {s['totalPriority']}, upperBound {s['upperBound']}, gap {s['gap'] * 100:.4f}%, "
      f"greedy {s['greedyPriority']}, run {s['elapsedSeconds']} s")
PY
