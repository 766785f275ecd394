#!/usr/bin/env bash
# Events a second applied from a Kafka topic: a KRaft broker in the benchmark's JVM, the service on a fresh
# database of the PostgreSQL named by CHORUS_TEST_DB_URL (as the tests use it), 1,000 customers x 50 events
# published first, then timed from the consumer's start until every event is applied (KafkaBench.java).
# Builds first (not timed).
#
# Usage: CHORUS_TEST_DB_URL='jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres' \
#        api/bench/kafka.sh [CUSTOMERS] [EVENTS_PER_CUSTOMER (<= 200)] [PARTITIONS] [CONSUMERS]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
: "${CHORUS_TEST_DB_URL:?set CHORUS_TEST_DB_URL to a PostgreSQL the benchmark may create a database on}"
classpath="$PWD/api/target/kafka-bench.classpath"
mvn -B -q -pl api -am test-compile dependency:build-classpath -Dmdep.outputFile="$classpath" \
  -Dmdep.includeScope=test > /dev/null
java -Xmx1g -Dlogback.configurationFile="$PWD/api/bench/kafka-logback.xml" \
  -cp "api/target/test-classes:api/target/classes:engine/target/classes:test-support/target/classes:$(cat "$classpath")" \
  io.chorus.api.bench.KafkaBench "$@"
