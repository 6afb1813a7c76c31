#!/usr/bin/env bash
# Formats every Java source of every module with palantir-java-format (Spotless), as `mvn verify` checks it.
# Extra arguments go to Maven, e.g. `bash scripts/format.sh -pl core` for one module.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -ntp -q spotless:apply "$@"
