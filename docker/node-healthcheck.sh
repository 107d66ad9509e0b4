#!/bin/bash
# HEALTHCHECK of the node image: GET http://127.0.0.1:$ABACO_HEALTH_PORT<path>, success on 200.
# Bash's /dev/tcp instead of curl, which the minimal base image does not have.
#   abaco-healthcheck [/healthz/live|/healthz/ready]
set -u
path="${1:-/healthz/live}"
port="${ABACO_HEALTH_PORT:-8000}"
exec 3<>"/dev/tcp/127.0.0.1/$port" || exit 1
printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' "$path" >&3
read -r -t 3 _ status _ <&3 || exit 1
[ "$status" = 200 ]
