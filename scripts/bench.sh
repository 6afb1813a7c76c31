#!/usr/bin/env bash
# Runs the comparison benchmarks (Migrator, Flyway, Liquibase, psql) on a throwaway PostgreSQL and prints a
# table of medians and ratios; also written to benchmarks/target/bench-results.md, and into docs/performance.md
# between its lines <!-- bench:begin --> and <!-- bench:end --> (the text around them is kept; review the diff).
#   --docs-block NAME writes the block <!-- NAME:begin -->..<!-- NAME:end --> instead (work 4: bench-work4);
#   --docs FILE another page; --docs none writes no page. --jmh writes the block bench-jmh.
#   scripts/bench.sh                         # everything: 500 and 5,000 migrations, works 1-4 (about 15-25 min)
#   scripts/bench.sh --sizes 500 --works 2   # one work, one size
#   scripts/bench.sh --jmh                   # the JMH warm no-op benchmark instead
#   scripts/bench.sh --fleet                 # the fleet benchmark instead: 1,000 tenant schemas against a loop
#                                            # over Flyway (block bench-fleet); --tenants 50 for a quick run
# Builds what it needs first (core, the CLI jar, the benchmarks; tests skipped). Set MVN_OFFLINE=-o to build offline.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-postgres.sh >/dev/null
mvn -B -q ${MVN_OFFLINE:-} -pl benchmarks,cli -am install -DskipTests
CP="benchmarks/target/classes:$(cat benchmarks/target/bench.classpath)"
MAIN=io.lucidity.migrator.bench.Bench
if [[ "${1:-}" == "--jmh" ]]; then
  shift
  MAIN=io.lucidity.migrator.bench.NoOpAtHeadJmh
elif [[ "${1:-}" == "--fleet" ]]; then
  shift
  MAIN=io.lucidity.migrator.bench.FleetBench
fi
exec java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$CP" "$MAIN" "$@"
