#!/bin/bash
# redis-server in the foreground on every interface, data in /data (append-only), password from the environment
# (written to a private config file, so it does not show in the process list).
set -euo pipefail
conf="$(mktemp /tmp/redis.XXXXXX.conf)"
chmod 600 "$conf"
{
  echo "bind 0.0.0.0"
  echo "port 6379"
  echo "dir /data"
  echo "appendonly yes"
  echo "daemonize no"
  if [ -n "${ABACO_REDIS_PASSWORD:-}" ]; then
    echo "requirepass ${ABACO_REDIS_PASSWORD}"
  else
    # No password: the network (compose network, Kubernetes NetworkPolicy) is the only protection.
    echo "protected-mode no"
  fi
} >"$conf"
exec redis-server "$conf"
