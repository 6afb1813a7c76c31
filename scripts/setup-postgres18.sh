#!/usr/bin/env bash
# Builds PostgreSQL 18 from Debian's `sid` source package (upstream sources, no Debian patches) into a cache
# folder, once per machine, and prints its bin directory on standard output (everything else goes to stderr).
# Idempotent: when the cache already holds a working build, it only checks it and prints the directory.
#
#   PG18_BIN=$(sudo bash scripts/setup-postgres18.sh)
#   mvn -B -ntp -Ppg18 -Dmigrator.pg18.bin="$PG18_BIN" -pl core,reliability verify
#
# Cache folder: $MIGRATOR_PG18_PREFIX, default /var/cache/migrator/postgresql-18 (the default of the pom's
# `pg18` profile). pgvector is not built: no served pgvector version compiles against PostgreSQL 18.
#
# The sid source entry lives in a private apt configuration inside the cache folder, so the machine's own apt
# sources (and `apt-get source pgvector/trixie` of scripts/setup-postgres.sh) are left as they are. Its mirror
# URI and Signed-By are copied from the machine's own Debian entry, never written here.
set -euo pipefail

log() { echo "[setup-postgres18] $*" >&2; }

PREFIX=${MIGRATOR_PG18_PREFIX:-/var/cache/migrator/postgresql-18}
PREFIX=${PREFIX%/}
CACHE=$(dirname "$PREFIX")
BIN=$PREFIX/bin
STAMP=$PREFIX/.migrator-build-ok
CONTRIB="citext pg_trgm hstore"   # contrib extensions the tests may create (citext: FlywayCompatibilityTest)

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { log "run as root (or install sudo)"; exit 1; }
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive

# The OS user that runs the server when the JVM is root (see embedded-postgres' OsUser): it must be able to
# execute the binaries and read the share/lib files.
run_as_server_user() {
  if [ "$(id -u)" -eq 0 ] && id postgres >/dev/null 2>&1 && command -v runuser >/dev/null; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

working_build() {
  [ -f "$STAMP" ] && [ -x "$BIN/initdb" ] && [ -x "$BIN/pg_ctl" ] && [ -x "$BIN/postgres" ] || return 1
  local v
  v=$(run_as_server_user "$BIN/postgres" --version 2>/dev/null) || return 1
  case "$v" in *"(PostgreSQL) 18"*) ;; *) return 1 ;; esac
  run_as_server_user "$BIN/initdb" --version >/dev/null 2>&1 || return 1
  run_as_server_user "$BIN/pg_ctl" --version >/dev/null 2>&1 || return 1
}

# The cache folder is written as the caller where the caller may create it (e.g. under $HOME), else as root.
CSUDO=""
mkdir -p "$CACHE" 2>/dev/null && [ -w "$CACHE" ] || CSUDO=$SUDO
$CSUDO mkdir -p "$CACHE"
$CSUDO chmod 755 "$CACHE"

if working_build; then
  log "cached build: $("$BIN/postgres" --version) in $PREFIX"
  echo "$BIN"
  exit 0
fi

# One build at a time on this machine (other checkouts may run this script too).
if command -v flock >/dev/null && [ -w "$CACHE" ]; then
  exec 9>>"$CACHE/.postgresql-18.lock"
  flock -n 9 || { log "another run builds PostgreSQL 18 now: waiting for $CACHE/.postgresql-18.lock"; flock 9; }
  if working_build; then
    log "built meanwhile by another run: $("$BIN/postgres" --version)"
    echo "$BIN"
    exit 0
  fi
fi

started=$(date +%s)

# 1. Build dependencies, only the missing ones (optional features are disabled instead: ICU, readline, ...).
missing=()
for pkg in gcc make bison flex perl pkg-config zlib1g-dev libc6-dev dpkg-dev xz-utils bzip2; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing build dependencies: ${missing[*]}"
  $SUDO apt-get update -qq >&2
  $SUDO apt-get install -y -qq "${missing[@]}" >&2
fi

# 2. The source package, from a private apt configuration holding only a `sid` deb-src entry.
URIS=$(sed -n 's/^URIs:[[:space:]]*//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n1)
SIGNED=$(sed -n 's/^Signed-By:[[:space:]]*//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n1)
if [ -z "$URIS" ]; then
  URIS=$(sed -n 's/^deb[[:space:]]\+\([a-z]*:\/\/[^ ]*\/debian\)[[:space:]].*/\1/p' /etc/apt/sources.list 2>/dev/null | head -n1)
fi
[ -n "$URIS" ] || { log "cannot find the Debian mirror in /etc/apt/sources.list.d/debian.sources or /etc/apt/sources.list"; exit 1; }
APT_DIR=$CACHE/apt-sid
$CSUDO mkdir -p "$APT_DIR/sources.list.d" "$APT_DIR/lists/partial"
{
  echo "Types: deb-src"
  echo "URIs: $URIS"
  echo "Suites: sid"
  echo "Components: main"
  [ -n "$SIGNED" ] && echo "Signed-By: $SIGNED"
} | $CSUDO tee "$APT_DIR/sources.list.d/sid-src.sources" >/dev/null
APT_OPTS=(-o "Dir::Etc::SourceList=/dev/null" -o "Dir::Etc::SourceParts=$APT_DIR/sources.list.d"
          -o "Dir::State::Lists=$APT_DIR/lists" -o "Dir::Cache::pkgcache=" -o "Dir::Cache::srcpkgcache=")
log "reading sid's source index"
$SUDO apt-get "${APT_OPTS[@]}" update -qq >&2

BUILD=$(mktemp -d /tmp/postgresql-18-build.XXXXXX)
chmod 755 "$BUILD"
trap '$SUDO rm -rf "$BUILD"' EXIT
mkdir "$BUILD/download"
# apt downloads as its sandbox user _apt where that user may write the target folder.
if id _apt >/dev/null 2>&1; then $SUDO chown _apt "$BUILD/download"; fi
( cd "$BUILD/download" && $SUDO apt-get "${APT_OPTS[@]}" source --download-only -qq postgresql-18/sid >&2 )
ORIG=$(find "$BUILD/download" -maxdepth 1 -name 'postgresql-18_*.orig.tar.*' | head -n1)
[ -n "$ORIG" ] || { log "apt-get source postgresql-18 gave no .orig tarball: $(ls "$BUILD/download")"; exit 1; }
log "building $(basename "$ORIG") into $PREFIX"
tar -xf "$ORIG" -C "$BUILD"
SRC=$(find "$BUILD" -mindepth 1 -maxdepth 1 -type d -name 'postgresql-18*' | head -n1)
[ -n "$SRC" ] || { log "no source tree in $(basename "$ORIG")"; exit 1; }

# 3. Configure, build, install (plain upstream build, optional features off).
JOBS=$(nproc 2>/dev/null || echo 2)
(
  cd "$SRC"
  ./configure --prefix="$PREFIX" --without-icu --without-readline >"$BUILD/configure.log" 2>&1 \
    || { tail -n 30 "$BUILD/configure.log" >&2; exit 1; }
  make -s -j"$JOBS" >"$BUILD/make.log" 2>&1 || { tail -n 40 "$BUILD/make.log" >&2; exit 1; }
  for ext in $CONTRIB; do
    make -s -j"$JOBS" -C "contrib/$ext" >>"$BUILD/make.log" 2>&1 || { tail -n 40 "$BUILD/make.log" >&2; exit 1; }
  done
  $CSUDO rm -rf "$PREFIX"
  $CSUDO make -s install >>"$BUILD/make.log" 2>&1 || { tail -n 40 "$BUILD/make.log" >&2; exit 1; }
  for ext in $CONTRIB; do
    $CSUDO make -s -C "contrib/$ext" install >>"$BUILD/make.log" 2>&1 || { tail -n 40 "$BUILD/make.log" >&2; exit 1; }
  done
)
$CSUDO chmod -R a+rX "$PREFIX"
$CSUDO touch "$STAMP"

working_build || { log "the build in $PREFIX does not run as the server's OS user"; exit 1; }
log "built $("$BIN/postgres" --version) in $(( $(date +%s) - started )) s into $PREFIX"
echo "$BIN"
