#!/usr/bin/env bash
# Sets up PostgreSQL + pgvector (idempotent, needs root or sudo), builds Migrator, and upgrades an empty
# throwaway database to the example schema's head, printing the report.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-postgres.sh
mvn -B -ntp -q -DskipTests install
mvn -B -ntp -q -pl examples exec:java -Dexec.mainClass=io.lucidity.migrator.examples.Demo
