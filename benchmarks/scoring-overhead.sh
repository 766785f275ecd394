#!/usr/bin/env bash
# What scoring with learned models costs a decision: paired rounds with and without models on one thread
# (ScoringOverhead). Usage: benchmarks/scoring-overhead.sh [rounds]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvn -q -B -DskipTests -pl benchmarks -am package
cp="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"
java -Xmx1g -XX:+UseParallelGC -cp "$cp" io.chorus.benchmarks.ScoringOverhead "$root/rules" "${1:-200}"
