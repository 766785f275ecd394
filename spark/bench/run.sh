#!/usr/bin/env bash
# Spark benchmark: N generated customers (default 200,000), one channel, candidate rules plus a baseline, decided
#   1. by the single-JVM simulator (chorus simulate, --threads = cores),
#   2. by the Spark job in local mode with 1 thread (local[1]) and with one per core (local[N]),
# all from spark/target/chorus-spark.jar with Spark's jars on the class path. Prints each run's elapsed time and
# throughput, and checks that the Spark reports equal the single-JVM one (all but elapsedSeconds).
#   spark/bench/run.sh
#   SIZE=1000000 spark/bench/run.sh
# Builds the jar first. Spark's jars: $SPARK_HOME/jars when SPARK_HOME is set, else Spark as the build resolved it.
# Needs python3 (the report comparison); GNU time (Debian package "time") for peak memory, if installed. Work files go to $WORK (default /tmp/chorus-spark-bench).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$root/spark/bench"
size="${SIZE:-200000}"
work="${WORK:-/tmp/chorus-spark-bench}"
cores="${CORES:-$(nproc)}"
as_of="2026-05-20T10:00:00Z"
jar="$root/spark/target/chorus-spark.jar"
population="$work/population-$size.jsonl"
mkdir -p "$work"

# Builds the jar (tests skipped) and lists Spark's jars as the build resolved them: provided, so not in the jar.
(cd "$root" && mvn -B -q -pl spark -am -DskipTests package dependency:build-classpath \
  -Dmdep.includeScope=provided -Dmdep.outputFile=target/provided.classpath > "$work/build.log" 2>&1) || {
  echo "the build failed: see $work/build.log" >&2
  exit 1
}
if [[ -n "${SPARK_HOME:-}" ]]; then
  spark_cp="$SPARK_HOME/jars/*"
else
  spark_cp="$(cat "$root/spark/target/provided.classpath")"
fi

# What spark-submit opens on Java 17 for Spark 3.5 (its launcher's list).
opens="-XX:+IgnoreUnrecognizedVMOptions -Djdk.reflect.useDirectMethodHandle=false"
for p in java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util java.util.concurrent \
         java.util.concurrent.atomic jdk.internal.ref sun.nio.ch sun.nio.cs sun.security.action sun.util.calendar; do
  opens="$opens --add-opens=java.base/$p=ALL-UNNAMED"
done
heap="${HEAP:-2g}"
java_opts="-Xmx$heap -XX:+UseParallelGC $opens"
spark_opts="-Dspark.ui.enabled=false -Dspark.driver.host=127.0.0.1 -Dspark.driver.bindAddress=127.0.0.1"

if [[ ! -f "$population" ]]; then
  java -Xmx1g -cp "$jar:$spark_cp" "$here/Single.java" population generate --size "$size" --seed 1 \
    --as-of "$as_of" --out "$population" --progress NONE
fi

# The baseline is the default rules before the seed story's fix: usage billed on a removed line still owed.
rm -rf "$work/baseline"
cp -r "$root/rules" "$work/baseline"
sed -i 's/status != ChargeStatus.CREDITED, endedBefore/status != ChargeStatus.CREDITED, kind != ChargeKind.USAGE, endedBefore/' \
  "$work/baseline/plays/billing.drl"
grep -q 'kind != ChargeKind.USAGE' "$work/baseline/plays/billing.drl"
what=(--population "$population" --channel CALL_CENTER --as-of "$as_of" --rules "$root/rules"
      --baseline "$work/baseline")

run() { # name, then the command: wall clock and peak memory in $work/name.time
  local name="$1"
  shift
  local started ended
  started=$(date +%s.%N)
  local timer=()
  if [[ -x /usr/bin/time ]]; then timer=(/usr/bin/time -f %M -o "$work/$name.rss"); else echo 0 > "$work/$name.rss"; fi
  "${timer[@]}" "$@" > "$work/$name.out" 2> "$work/$name.err" || { echo "$name failed: see $work/$name.err" >&2; exit 1; }
  ended=$(date +%s.%N)
  python3 - "$name" "$started" "$ended" "$work/$name.json" "$size" "$work/$name.rss" <<'PY'
import json, sys
name, started, ended, report, size = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), sys.argv[4], int(sys.argv[5])
wall = ended - started
elapsed = json.load(open(report))["elapsedSeconds"]
rss = int(open(sys.argv[6]).read().split()[-1]) // 1024
print(f"{name:<10} wall {wall:7.1f} s   job {elapsed:7.1f} s   {size / wall:8.0f} customers/s (wall)   "
      f"{size / elapsed:8.0f} customers/s (job)   peak memory {rss} MiB")
PY
}

echo "customers: $size, cores: $cores (load average now: $(cut -d' ' -f1-3 /proc/loadavg)), java: $java_opts"
run single java $java_opts -cp "$jar:$spark_cp" "$here/Single.java" simulate "${what[@]}" --threads "$cores" \
  --progress NONE --json "$work/single.json"
for n in 1 "$cores"; do
  run "local-$n" java $java_opts $spark_opts "-Dspark.master=local[$n]" -cp "$spark_cp:$jar" \
    io.chorus.spark.SimulateJob "${what[@]}" --json "$work/local-$n.json"
done

python3 - "$work" "$cores" <<'PY'
import json, sys
work, cores = sys.argv[1], sys.argv[2]
def load(name):
    report = json.load(open(f"{work}/{name}.json"))
    report.pop("elapsedSeconds")
    return report
single = load("single")
for name in ("local-1", f"local-{cores}"):
    print(f"{name} report equals the single-JVM report: {load(name) == single}")
    if load(name) != single:
        sys.exit(1)
PY
