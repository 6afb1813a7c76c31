#!/usr/bin/env bash
# Sets up PostgreSQL + pgvector (idempotent, needs root or sudo) and runs every test of every module.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-postgres.sh
mvn -B -ntp verify "$@"
