#!/usr/bin/env bash
# The compose stack (docker/docker-compose.yml) on this host: nginx, two api+core nodes, one spawner node,
# PostgreSQL and Redis, all from locally built images.
#
#   scripts/stack.sh up       build missing/outdated images, write secrets once, start, wait until the front answers
#   scripts/stack.sh down     stop (nodes leave gracefully), remove actor containers, then containers, network,
#                             volumes and the state directory: nothing of the stack is left
#   scripts/stack.sh status   docker-compose ps
#
# Environment: ABACO_STACK_PROJECT (compose project name, [a-z0-9]; default abaco), ABACO_STACK_HTTP_PORT (the
# front's port on this host, default 18080), ABACO_STACK_BIND (default 127.0.0.1), ABACO_STACK_DIR (secrets
# and the spawner's data, default /var/lib/abaco-stack/<project>), ABACO_STACK_SKIP_BUILD=1 (use the images
# as they are), ABACO_STACK_TIMEOUT (seconds `up` waits, default 240).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PROJECT="${ABACO_STACK_PROJECT:-abaco}"
PORT="${ABACO_STACK_HTTP_PORT:-18080}"
DIR="${ABACO_STACK_DIR:-/var/lib/abaco-stack/$PROJECT}"
TIMEOUT="${ABACO_STACK_TIMEOUT:-240}"
ENV_FILE="$DIR/stack.env"

say() { echo "stack: $*"; }
fail() { echo "stack: $*" >&2; exit 1; }

[[ "$PROJECT" =~ ^[a-z0-9]+$ ]] || fail "ABACO_STACK_PROJECT must be lower-case letters and digits, was '$PROJECT'"
command -v docker-compose >/dev/null 2>&1 || fail "docker-compose is missing: run scripts/ensure-deps.sh"

compose() { docker-compose -p "$PROJECT" --env-file "$ENV_FILE" -f "$ROOT/docker/docker-compose.yml" "$@"; }

# Secrets and paths, written once per stack: a restart keeps the keys the data was written with.
write_env_file() {
  mkdir -p "$DIR/spawner-data"
  chmod 700 "$DIR"
  # The node runs as uid 10001 (docker/Dockerfile) and writes its data there.
  chown 10001:10001 "$DIR/spawner-data"
  if [ ! -f "$ENV_FILE" ]; then
    umask 077
    {
      echo "ABACO_STACK_PROJECT=$PROJECT"
      echo "ABACO_DB_PASSWORD=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')"
      echo "ABACO_REDIS_PASSWORD=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')"
      echo "ABACO_ENCRYPTION_KEY=$(head -c 32 /dev/urandom | base64 | tr '+/' '-_')"
      echo "ABACO_TOKEN_SIGNING_KEY=$(head -c 48 /dev/urandom | base64 -w0)"
    } >"$ENV_FILE"
  fi
  # Values of this host, refreshed at every start.
  sed -i '/^ABACO_DOCKER_GID=/d; /^ABACO_SPAWNER_DATA=/d; /^ABACO_STACK_HTTP_PORT=/d; /^ABACO_STACK_BIND=/d' "$ENV_FILE"
  {
    echo "ABACO_DOCKER_GID=$(stat -c %g /var/run/docker.sock)"
    echo "ABACO_SPAWNER_DATA=$DIR/spawner-data"
    echo "ABACO_STACK_HTTP_PORT=$PORT"
    echo "ABACO_STACK_BIND=${ABACO_STACK_BIND:-127.0.0.1}"
  } >>"$ENV_FILE"
}

# The front answers /actors with 200 once nginx, a node with the api role and the cluster behind it are up.
wait_until_served() {
  local deadline=$((SECONDS + TIMEOUT)) status
  until status="$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$PORT/actors")" && [ "$status" = 200 ]; do
    if [ $SECONDS -ge $deadline ]; then
      compose ps >&2 || true
      compose logs --tail 30 >&2 || true
      fail "http://127.0.0.1:$PORT/actors did not answer 200 within ${TIMEOUT}s (last: $status); logs above"
    fi
    sleep 1 # poll interval of the condition above
  done
}

up() {
  if [ "${ABACO_STACK_SKIP_BUILD:-}" != 1 ]; then bash "$ROOT/scripts/build-deploy-images.sh"; fi
  write_env_file
  local started=$SECONDS
  compose up -d
  wait_until_served
  say "up in $((SECONDS - started))s: http://127.0.0.1:$PORT (project $PROJECT, state $DIR)"
}

down() {
  if [ -f "$ENV_FILE" ]; then
    # Stop first: the nodes leave the cluster and the spawner stops its workers' containers.
    compose stop -t 60 || true
    # What a crashed spawner may have left: its containers carry its host id. They are on the stack's network,
    # which cannot be removed while they exist.
    local leftovers
    leftovers="$(docker ps -aq --filter "label=abaco.host_id=$PROJECT-spawner")"
    [ -z "$leftovers" ] || docker rm -f $leftovers >/dev/null
    compose down -v --remove-orphans
  else
    say "no stack $PROJECT here ($ENV_FILE is missing)"
  fi
  rm -rf --one-file-system "$DIR"
  say "down: project $PROJECT removed"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) compose ps ;;
  *) echo "usage: $0 up|down|status" >&2; exit 2 ;;
esac
