#!/usr/bin/env bash
# Installs what Migrator's tests and demo need on a Debian machine, as root, idempotently:
# the PostgreSQL server binaries (if absent) and pgvector for the local PostgreSQL major version.
# pgvector comes from the binary package where this machine's suite has one; otherwise it is built
# from Debian's source package of the next suite ("trixie"), using the mirror this machine already uses.
set -euo pipefail

log() { echo "[setup-postgres] $*" >&2; }

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { log "run as root (or install sudo)"; exit 1; }
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive

apt_updated=""
apt_update() { [ -n "$apt_updated" ] || { $SUDO apt-get update -qq >&2; apt_updated=1; }; }

pg_major() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin/postgres 2>/dev/null | sort -V | tail -n1) || true
  [ -n "$d" ] && basename "$(dirname "$(dirname "$d")")"
}

# 1. Server binaries.
MAJOR=$(pg_major || true)
if [ -z "$MAJOR" ]; then
  log "no PostgreSQL server binaries found: installing the suite's postgresql package"
  apt_update
  $SUDO apt-get install -y -qq postgresql >&2
  MAJOR=$(pg_major)
fi
PG_CONFIG=/usr/lib/postgresql/$MAJOR/bin/pg_config
SHAREDIR=$("$PG_CONFIG" --sharedir)
log "PostgreSQL $MAJOR at /usr/lib/postgresql/$MAJOR"

# 2. pgvector.
if [ -f "$SHAREDIR/extension/vector.control" ]; then
  log "pgvector already installed: $(grep default_version "$SHAREDIR/extension/vector.control")"
  exit 0
fi

apt_update
if apt-cache show "postgresql-$MAJOR-pgvector" >/dev/null 2>&1 \
   && $SUDO apt-get install -y -qq "postgresql-$MAJOR-pgvector" >&2; then
  log "installed the binary package postgresql-$MAJOR-pgvector"
else
  log "no binary postgresql-$MAJOR-pgvector in this suite: building pgvector from Debian's trixie source package"
  # The mirror URI is copied from the machine's own Debian source entry, never written here.
  URIS=$(sed -n 's/^URIs:[[:space:]]*//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n1)
  if [ -z "$URIS" ]; then
    URIS=$(sed -n 's/^deb[[:space:]]\+\([a-z]*:\/\/[^ ]*\/debian\)[[:space:]].*/\1/p' /etc/apt/sources.list 2>/dev/null | head -n1)
  fi
  [ -n "$URIS" ] || { log "cannot find the Debian mirror in /etc/apt/sources.list.d/debian.sources or /etc/apt/sources.list"; exit 1; }
  SRC=/etc/apt/sources.list.d/migrator-trixie-src.sources
  if [ ! -f "$SRC" ]; then
    SIGNED=$(sed -n 's/^Signed-By:[[:space:]]*//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n1)
    {
      echo "Types: deb-src"
      echo "URIs: $URIS"
      echo "Suites: trixie"
      echo "Components: main"
      [ -n "$SIGNED" ] && echo "Signed-By: $SIGNED"
    } | $SUDO tee "$SRC" >/dev/null
    apt_updated=""
    apt_update
  fi
  $SUDO apt-get install -y -qq "postgresql-server-dev-$MAJOR" make gcc dpkg-dev >&2
  BUILD=$(mktemp -d /tmp/pgvector-build.XXXXXX)
  # Pinned to trixie: where another suite's deb-src is configured too (e.g. sid), plain `pgvector` could pick a
  # version whose files the mirror does not serve.
  ( cd "$BUILD" && apt-get source -qq pgvector/trixie >&2 )
  DIR=$(find "$BUILD" -mindepth 1 -maxdepth 1 -type d -name 'pgvector-*' | head -n1)
  [ -n "$DIR" ] || { log "apt-get source pgvector produced no source tree"; exit 1; }
  ( cd "$DIR" && make -s PG_CONFIG="$PG_CONFIG" OPTFLAGS="" >&2 && $SUDO make -s PG_CONFIG="$PG_CONFIG" install >&2 )
  rm -rf "$BUILD"
fi
[ -f "$SHAREDIR/extension/vector.control" ] || { log "pgvector installation failed"; exit 1; }
log "pgvector installed: $(grep default_version "$SHAREDIR/extension/vector.control")"
