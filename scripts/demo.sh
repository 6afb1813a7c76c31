#!/usr/bin/env bash
# The README's first command. Sets up PostgreSQL + pgvector (idempotent, needs root or sudo), builds Migrator,
# starts a throwaway PostgreSQL cluster from the local binaries (temporary directory, free port, fsync off; as the
# `postgres` OS user when run as root, since PostgreSQL refuses to run as root), then runs the CLI jar as an
# operator would: `upgrade` of an empty database to the example schema (report printed), `current`, `status`.
# The cluster is stopped and deleted on exit, whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { echo "[demo] $*" >&2; }

bash scripts/setup-postgres.sh
log "building (mvn install, tests skipped)"
mvn -B -ntp -q -DskipTests install

# --- a throwaway cluster ---------------------------------------------------------------------------------
BIN=${MIGRATOR_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)}
[ -x "$BIN/initdb" ] || { log "no PostgreSQL server binaries found (set MIGRATOR_PG_BIN)"; exit 1; }

TMP=$(mktemp -d "${TMPDIR:-/tmp}/migrator-demo.XXXXXX")
AS_PG=()
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || { log "running as root needs the 'postgres' OS user (installed with the server)"; exit 1; }
  chown postgres "$TMP"
  AS_PG=(runuser -u postgres --)
fi
PGDATA="$TMP/data"

cleanup() {
  if [ -f "$PGDATA/postmaster.pid" ]; then
    ${AS_PG[@]+"${AS_PG[@]}"} "$BIN/pg_ctl" -D "$PGDATA" -m immediate stop >/dev/null 2>&1 || true
  fi
  rm -rf "$TMP"
}
trap cleanup EXIT

# Superuser password: random, kept in a file readable by the initdb user only for as long as initdb needs it.
PASSWORD=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
printf '%s\n' "$PASSWORD" > "$TMP/pwfile"
[ ${#AS_PG[@]} -eq 0 ] || chown postgres "$TMP/pwfile"
chmod 600 "$TMP/pwfile"
${AS_PG[@]+"${AS_PG[@]}"} "$BIN/initdb" -D "$PGDATA" -U postgres --pwfile="$TMP/pwfile" --auth=scram-sha-256 \
  -E UTF8 --locale=C --no-sync >/dev/null
rm -f "$TMP/pwfile"

port_is_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
PORT=""
for _ in $(seq 1 20); do
  candidate=$(( 20000 + RANDOM % 40000 ))
  port_is_free "$candidate" || continue
  if ${AS_PG[@]+"${AS_PG[@]}"} "$BIN/pg_ctl" -D "$PGDATA" -l "$TMP/server.log" -w -t 60 start \
       -o "-p $candidate -c listen_addresses=127.0.0.1 -k $TMP -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
       >/dev/null; then
    PORT=$candidate
    break
  fi
done
[ -n "$PORT" ] || { log "PostgreSQL did not start; its log:"; cat "$TMP/server.log" >&2; exit 1; }
log "PostgreSQL $("$BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT (data in $PGDATA)"

export PGPASSWORD="$PASSWORD"
"$BIN/psql" -q -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -c 'CREATE DATABASE demo' >/dev/null

# --- the operator's view: the CLI jar --------------------------------------------------------------------
export MIGRATOR_URL="jdbc:postgresql://127.0.0.1:$PORT/demo"
export MIGRATOR_USER=postgres
export MIGRATOR_LOCATIONS=filesystem:examples/src/main/resources/db/migration
export MIGRATOR_SEEDS=filesystem:examples/src/main/resources/db/seed
migrator() {
  echo
  echo "\$ migrator $*"
  java -jar cli/target/migrator.jar "$@"
}

migrator upgrade
migrator current
migrator status
migrator history
migrator upgrade
