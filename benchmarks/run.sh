#!/usr/bin/env bash
# Decisions per second on one core and on two, beside the cost of parsing the same contexts.
# Usage: benchmarks/run.sh [extra JMH options, e.g. -wi 1 -i 3]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvn -q -B -DskipTests -pl benchmarks -am package
cp="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"
for threads in 1 2; do
  echo "== $threads thread(s) =="
  java -cp "$cp" org.openjdk.jmh.Main DecisionBenchmark -p rulesDir="$root/rules" -t "$threads" \
    -rf json -rff "benchmarks/target/jmh-$threads-thread.json" "$@"
done
