#!/bin/bash
# First start (empty $PGDATA): initdb, a role ABACO_DB_USER with ABACO_DB_PASSWORD owning database
# ABACO_DB_NAME, password logins from any address. Then PostgreSQL in the foreground.
set -euo pipefail
fail() { echo "abaco-postgres: $*" >&2; exit 1; }
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  [ -n "${ABACO_DB_PASSWORD:-}" ] || fail "ABACO_DB_PASSWORD is empty: it is needed to create the database"
  mkdir -p "$PGDATA" && chmod 700 "$PGDATA"
  pwfile="$(mktemp)"
  printf '%s\n' "$ABACO_DB_PASSWORD" >"$pwfile"
  initdb -D "$PGDATA" --username=postgres --auth-local=trust --auth-host=scram-sha-256 --encoding=UTF8 \
    --locale=C.UTF-8 --pwfile="$pwfile" >/dev/null
  rm -f "$pwfile"
  echo "host all all 0.0.0.0/0 scram-sha-256" >>"$PGDATA/pg_hba.conf"
  echo "host all all ::/0 scram-sha-256" >>"$PGDATA/pg_hba.conf"
  # Local socket only while the role and database are made.
  pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -c unix_socket_directories=/var/run/postgresql" -w start >/dev/null
  psql -v ON_ERROR_STOP=1 -h /var/run/postgresql -U postgres -q \
    -v user="$ABACO_DB_USER" -v password="$ABACO_DB_PASSWORD" -v db="$ABACO_DB_NAME" <<'SQL'
CREATE ROLE :"user" LOGIN PASSWORD :'password';
CREATE DATABASE :"db" OWNER :"user";
SQL
  pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
  echo "abaco-postgres: created database $ABACO_DB_NAME owned by $ABACO_DB_USER"
fi
exec postgres -D "$PGDATA" -c listen_addresses='*' -c unix_socket_directories=/var/run/postgresql
