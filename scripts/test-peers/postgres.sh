#!/usr/bin/env bash
# Test peer: a real PostgreSQL 15 for the storage tests (and anyone else who needs one).
#
# Idempotent: run it as often as you like. As root on Debian 12 it installs the postgresql package if it
# is missing, starts cluster 15/main, sets the password of user postgres, creates database citywatch_test
# and waits until that database accepts password logins over TCP. Its standard output is only the three
# lines tests read (KEY=value, so `export $(scripts/test-peers/postgres.sh)` works in a shell);
# progress and errors go to standard error.
#
# Environment: CITYWATCH_TEST_PG_PASSWORD (default: citywatch) is the password it sets and prints.
set -euo pipefail

PG_VERSION=15
CLUSTER=main
DATABASE=citywatch_test
PG_USER=postgres
PASSWORD="${CITYWATCH_TEST_PG_PASSWORD:-citywatch}"

log() { echo "postgres.sh: $*" >&2; }
fail() { log "ERROR: $*"; exit 1; }

if [[ ! "$PASSWORD" =~ ^[A-Za-z0-9_.-]+$ ]]; then
  fail "CITYWATCH_TEST_PG_PASSWORD may hold only letters, digits, '_', '.', '-' (it is put into SQL)"
fi

if [ ! -x "/usr/lib/postgresql/$PG_VERSION/bin/postgres" ] || ! command -v pg_ctlcluster >/dev/null; then
  [ "$(id -u)" -eq 0 ] || fail "postgresql $PG_VERSION is not installed and installing it needs root"
  log "installing the postgresql package"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends postgresql >&2
fi

as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if ! pg_lsclusters -h | awk '{print $1, $2}' | grep -qx "$PG_VERSION $CLUSTER"; then
  [ "$(id -u)" -eq 0 ] || fail "cluster $PG_VERSION/$CLUSTER does not exist and creating it needs root"
  log "creating cluster $PG_VERSION/$CLUSTER"
  pg_createcluster "$PG_VERSION" "$CLUSTER" >&2
fi

PORT=$(pg_lsclusters -h | awk -v v="$PG_VERSION" -v c="$CLUSTER" '$1 == v && $2 == c {print $3}')
STATUS=$(pg_lsclusters -h | awk -v v="$PG_VERSION" -v c="$CLUSTER" '$1 == v && $2 == c {print $4}')
if [ "$STATUS" != "online" ]; then
  log "starting cluster $PG_VERSION/$CLUSTER on port $PORT"
  # PostgreSQL refuses to run as root; pg_ctlcluster switches to the cluster owner itself.
  pg_ctlcluster "$PG_VERSION" "$CLUSTER" start >&2 \
    || fail "pg_ctlcluster could not start $PG_VERSION/$CLUSTER; see /var/log/postgresql/postgresql-$PG_VERSION-$CLUSTER.log"
fi

for _ in $(seq 1 120); do
  if pg_isready -q -h 127.0.0.1 -p "$PORT"; then break; fi
  sleep 0.5
done
pg_isready -q -h 127.0.0.1 -p "$PORT" || fail "PostgreSQL does not accept connections on 127.0.0.1:$PORT after 60 s"

as_postgres psql -p "$PORT" -q -v ON_ERROR_STOP=1 -c "ALTER USER $PG_USER PASSWORD '$PASSWORD'" >&2
if [ "$(as_postgres psql -p "$PORT" -tAc "SELECT 1 FROM pg_database WHERE datname = '$DATABASE'")" != "1" ]; then
  log "creating database $DATABASE"
  as_postgres createdb -p "$PORT" "$DATABASE" >&2
fi

# The tests log in over TCP with a password (scram-sha-256 on Debian): check exactly that.
PGPASSWORD="$PASSWORD" psql -h 127.0.0.1 -p "$PORT" -U "$PG_USER" -d "$DATABASE" -tAq -c "SELECT 1" >/dev/null \
  || fail "password login as $PG_USER to $DATABASE on 127.0.0.1:$PORT failed; check pg_hba.conf"

echo "CITYWATCH_TEST_PG_URL=jdbc:postgresql://127.0.0.1:$PORT/$DATABASE"
echo "CITYWATCH_TEST_PG_USER=$PG_USER"
echo "CITYWATCH_TEST_PG_PASSWORD=$PASSWORD"
