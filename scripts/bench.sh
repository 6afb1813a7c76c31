#!/usr/bin/env bash
# Runs the comparison benchmarks (Migrator, Flyway, Liquibase, psql) on a throwaway PostgreSQL and prints a
# table of medians and ratios; also written to benchmarks/target/bench-results.md.
#   scripts/bench.sh                         # everything: 500 and 5,000 migrations, works 1-4 (about 15-25 min)
#   scripts/bench.sh --sizes 500 --works 2   # one work, one size
#   scripts/bench.sh --jmh                   # the JMH warm no-op benchmark instead
# Needs migrator-core installed in ~/.m2 and, for the CLI figures, cli/target/migrator.jar.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q ${MVN_OFFLINE:--o} -pl benchmarks package -DskipTests
CP="benchmarks/target/classes:$(cat benchmarks/target/bench.classpath)"
MAIN=io.lucidity.migrator.bench.Bench
if [[ "${1:-}" == "--jmh" ]]; then
  shift
  MAIN=io.lucidity.migrator.bench.NoOpAtHeadJmh
fi
exec java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$CP" "$MAIN" "$@"
