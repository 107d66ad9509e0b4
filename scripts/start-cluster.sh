#!/usr/bin/env bash
# Runs an Abaco cluster on this machine: N node processes with the roles you give, on distinct ports, one
# PostgreSQL database and one Redis (scripts/start-production-servers.sh starts them: root, Debian), static seeds
# (every node with the core role), one shared encryption key. Logs, configs and data under one directory.
#
#   scripts/start-cluster.sh start [ROLES ...]   ROLES per node, e.g.  api,core  core  spawner
#                                                (default: three nodes with every role: api,core,spawner x 3)
#   scripts/start-cluster.sh status              each node: pid, roles, ports, /healthz/ready
#   scripts/start-cluster.sh stop                SIGTERM every node (graceful leave), waits up to 60 s each
#
# Node i (from 1) uses remoting port ABACO_CLUSTER_PORT+i-1 (default 4053) and HTTP port ABACO_CLUSTER_WEB_PORT+i-1
# (default 8000; every node answers /healthz/*, nodes with the api role the REST API). Directory: ABACO_CLUSTER_DIR
# (default ./artifacts/cluster): node-i/ (data), node-i.hocon, node-i.log, node-i.pid. ABACO_CLUSTER_CONFIG: an overlay
# added to every node's config (default hocon/production.hocon). ABACO_CLUSTER_SKIP_SERVERS=1: PostgreSQL and Redis
# are already where the overlay says.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIR="${ABACO_CLUSTER_DIR:-$ROOT/artifacts/cluster}"
PORT="${ABACO_CLUSTER_PORT:-4053}"
WEB_PORT="${ABACO_CLUSTER_WEB_PORT:-8000}"
OVERLAY="${ABACO_CLUSTER_CONFIG:-$ROOT/hocon/production.hocon}"
NODE_DLL="$ROOT/src/Abaco.Node/bin/Release/net10.0/Abaco.Node.dll"

say() { echo "start-cluster: $*"; }
fail() { echo "start-cluster: $*" >&2; exit 1; }

ready_of() { # web port -> HTTP status of /healthz/ready, or "-" when nothing answers
  curl -s -o /dev/null -w '%{http_code}' --max-time 3 "http://127.0.0.1:$1/healthz/ready" 2>/dev/null || echo "-"
}

running() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

start() {
  local roles=("$@")
  [ ${#roles[@]} -gt 0 ] || roles=(api,core,spawner api,core,spawner api,core,spawner)
  mkdir -p "$DIR"
  for pidfile in "$DIR"/node-*.pid; do
    [ -e "$pidfile" ] || continue
    running "$pidfile" && fail "a cluster is already running from $DIR (stop it first: $0 stop)"
  done
  rm -f "$DIR"/node-*.pid "$DIR"/node-*.roles
  [ -f "$OVERLAY" ] || fail "no config overlay $OVERLAY"
  if [ "${ABACO_CLUSTER_SKIP_SERVERS:-}" != 1 ]; then "$ROOT/scripts/start-production-servers.sh"; fi
  if [ ! -f "$NODE_DLL" ]; then
    say "building src/Abaco.Node (Release)"
    dotnet build "$ROOT/src/Abaco.Node" -c Release -v q -nologo >/dev/null
  fi
  # One Fernet key for the whole cluster: a secret encrypted by one node is read by the others.
  [ -f "$DIR/encryption.key" ] ||
    head -c 32 /dev/urandom | base64 | tr '+/' '-_' >"$DIR/encryption.key"
  local key seeds="" i=0
  key="$(cat "$DIR/encryption.key")"
  for r in "${roles[@]}"; do
    case ",$r," in *,core,*) seeds+="${seeds:+, }\"akka.tcp://abaco@127.0.0.1:$((PORT + i))\"" ;; esac
    i=$((i + 1))
  done
  [ -n "$seeds" ] || fail "no node has the core role: give at least one, e.g.  $0 start api,core spawner"
  i=0
  for r in "${roles[@]}"; do
    local n=$((i + 1)) config="$DIR/node-$((i + 1)).hocon"
    {
      cat "$OVERLAY"
      echo
      echo "abaco.node.roles = [${r//,/, }]"
      echo "abaco.node.hostname = \"127.0.0.1\""
      echo "abaco.node.port = $((PORT + i))"
      echo "abaco.node.seed_nodes = [$seeds]"
      echo "abaco.node.data_dir = \"$DIR/node-$n\""
      echo "abaco.web.host = \"127.0.0.1\""
      echo "abaco.web.port = $((WEB_PORT + i))"
      echo "abaco.web.encryption_key = \"$key\""
    } >"$config"
    mkdir -p "$DIR/node-$n"
    nohup dotnet "$NODE_DLL" --config "$config" >"$DIR/node-$n.log" 2>&1 &
    echo $! >"$DIR/node-$n.pid"
    echo "$r" >"$DIR/node-$n.roles"
    say "node $n [$r]: remoting 127.0.0.1:$((PORT + i)), http://127.0.0.1:$((WEB_PORT + i)), log $DIR/node-$n.log"
    i=$((i + 1))
  done
  local deadline=$((SECONDS + 120)) pending
  while :; do
    pending=0
    i=0
    for r in "${roles[@]}"; do
      local n=$((i + 1))
      running "$DIR/node-$n.pid" || fail "node $n exited; see $DIR/node-$n.log"
      [ "$(ready_of $((WEB_PORT + i)))" = 200 ] || pending=$((pending + 1))
      i=$((i + 1))
    done
    [ $pending -gt 0 ] || break
    [ $SECONDS -lt $deadline ] || { say "$pending node(s) not ready after 120 s; see the logs ($0 status)"; exit 1; }
    sleep 1 # poll interval of the readiness check above
  done
  say "all ${#roles[@]} nodes ready; stop with: $0 stop"
}

status() {
  local pidfile n
  for pidfile in "$DIR"/node-*.pid; do
    [ -e "$pidfile" ] || { say "no cluster in $DIR"; return; }
    n="$(basename "$pidfile" .pid)"; n="${n#node-}"
    if running "$pidfile"; then
      echo "node $n [$(cat "$DIR/node-$n.roles")] pid $(cat "$pidfile"), remoting $((PORT + n - 1)), http $((WEB_PORT + n - 1)), ready: $(ready_of $((WEB_PORT + n - 1)))"
    else
      echo "node $n [$(cat "$DIR/node-$n.roles")] not running (log $DIR/node-$n.log)"
    fi
  done
}

stop() {
  local pidfile pid deadline
  for pidfile in "$DIR"/node-*.pid; do
    [ -e "$pidfile" ] || continue
    if running "$pidfile"; then
      pid="$(cat "$pidfile")"
      kill -TERM "$pid"
      deadline=$((SECONDS + 60))
      while kill -0 "$pid" 2>/dev/null; do
        [ $SECONDS -lt $deadline ] || { say "pid $pid still running after 60 s; killing it"; kill -KILL "$pid"; break; }
        sleep 0.2 # poll interval of the exit check above
      done
      say "stopped $(basename "$pidfile" .pid) (pid $pid)"
    fi
    rm -f "$pidfile"
  done
}

case "${1:-}" in
  start) shift; start "$@" ;;
  status) status ;;
  stop) stop ;;
  *) sed -n '2,16p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
