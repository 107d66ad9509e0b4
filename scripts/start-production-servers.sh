#!/usr/bin/env bash
# Starts what hocon/production.hocon expects on this machine, for trying the production profile on one host
# (Debian 12, as root): the Debian PostgreSQL cluster on 127.0.0.1:5432 with role and database "abaco"
# (password "abaco", as in hocon/production.hocon), and redis-server on 127.0.0.1:6379 with an append-only file.
# Idempotent. Then:  ./build.sh run --config hocon/production.hocon
# A real site runs its own servers and sets store_postgres_connection / store_redis_configuration instead.
set -euo pipefail
say() { echo "start-production-servers: $*"; }
fail() { echo "start-production-servers: $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || fail "run as root (it starts system services)"
"$(dirname "${BASH_SOURCE[0]}")/ensure-deps.sh" >/dev/null

# PostgreSQL: the packaged cluster (created by the postgresql package), started with pg_ctlcluster.
cluster="$(pg_lsclusters --no-header 2>/dev/null | awk 'NR == 1 { print $1 " " $2 }')"
[ -n "$cluster" ] || fail "no PostgreSQL cluster found; create one with: pg_createcluster 15 main"
read -r version name <<<"$cluster"
if ! pg_lsclusters --no-header | awk -v v="$version" -v n="$name" '$1 == v && $2 == n && $4 == "online" { found = 1 } END { exit !found }'; then
  say "starting PostgreSQL $version/$name"
  pg_ctlcluster "$version" "$name" start
fi
deadline=$((SECONDS + 60))
until runuser -u postgres -- psql -qtAc "select 1" >/dev/null 2>&1; do
  [ $SECONDS -lt $deadline ] || fail "PostgreSQL did not answer within 60 s (see /var/log/postgresql/)"
  sleep 0.5 # poll interval of the condition above
done
if [ "$(runuser -u postgres -- psql -qtAc "select 1 from pg_roles where rolname = 'abaco'")" != "1" ]; then
  runuser -u postgres -- psql -qc "create role abaco login password 'abaco'"
fi
if [ "$(runuser -u postgres -- psql -qtAc "select 1 from pg_database where datname = 'abaco'")" != "1" ]; then
  runuser -u postgres -- psql -qc "create database abaco owner abaco"
fi
say "PostgreSQL: 127.0.0.1:5432, database abaco, user abaco"

# Redis: answer on 6379, else start a daemon with an append-only file under /var/lib/redis.
if redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  say "redis-server: already answering on 127.0.0.1:6379"
else
  mkdir -p /var/lib/redis
  redis-server --bind 127.0.0.1 --port 6379 --dir /var/lib/redis --appendonly yes --daemonize yes \
    --logfile /var/log/redis-abaco.log
  deadline=$((SECONDS + 30))
  until redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || fail "redis-server did not answer within 30 s (see /var/log/redis-abaco.log)"
    sleep 0.2 # poll interval of the condition above
  done
  say "redis-server: started on 127.0.0.1:6379"
fi
say "ok; now: ./build.sh run --config hocon/production.hocon"
