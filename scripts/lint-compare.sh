#!/usr/bin/env bash
# Compares Migrator's linter with squawk on the lint corpus (core/src/test/resources/lint/corpus): hazard files
# caught, safe files flagged, misses per rule, time for the corpus; and Flyway's parser with JSqlParser on the same
# statements. Prints Markdown and writes it into docs/lint.md between <!-- lint-compare:begin/end --> and
# <!-- lint-parser:begin/end --> (review the diff). No database needed.
#   scripts/lint-compare.sh                  # everything
#   scripts/lint-compare.sh --docs none      # print only
# squawk-cli (npm) is installed into $MIGRATOR_BENCH_CACHE/squawk-<version> (default ~/.cache/migrator-bench) when
# npm is present; without npm or squawk, its half is skipped with a message, not failed.
# Builds what it needs first (core and the benchmarks; tests skipped). Set MVN_OFFLINE=-o to build offline.
set -euo pipefail
cd "$(dirname "$0")/.."
SQUAWK_VERSION=2.66.0
CACHE="${MIGRATOR_BENCH_CACHE:-$HOME/.cache/migrator-bench}/squawk-$SQUAWK_VERSION"
if [[ ! -x "$CACHE/node_modules/.bin/squawk" ]]; then
  if command -v npm >/dev/null 2>&1; then
    mkdir -p "$CACHE"
    npm install --prefix "$CACHE" --no-audit --no-fund --loglevel=error "squawk-cli@$SQUAWK_VERSION" >&2 \
      || echo "[lint-compare] npm could not install squawk-cli@$SQUAWK_VERSION: the squawk comparison is skipped" >&2
  else
    echo "[lint-compare] npm not found: the squawk comparison is skipped" >&2
  fi
fi
mvn -B -q ${MVN_OFFLINE:-} -pl benchmarks -am package -DskipTests -Djapicmp.skip=true
CP="benchmarks/target/classes:$(cat benchmarks/target/bench.classpath)"
exec java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$CP" io.lucidity.migrator.bench.LintComparison \
  --squawk "$CACHE" "$@"
