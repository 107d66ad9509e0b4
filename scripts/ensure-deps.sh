#!/usr/bin/env bash
# Makes this host ready to build images and run Abaco's tests and node (Debian 12, as root):
#   - installs what is missing with apt: docker.io (dockerd + docker CLI), busybox-static (/bin/busybox,
#     the static binary the FROM-scratch test images are built from), debootstrap (the Debian root file
#     systems of abaco/debian-base and abaco/python-base, scripts/build-*-base*.sh);
#   - installs postgresql and redis-server: the store tests, the production-profile end-to-end run and the
#     benchmark start private servers of their own from these binaries (nothing listens on the default ports);
#   - installs iptables: the cluster specs cut loopback traffic between node processes with it;
#   - installs iproute2: the Docker restart fault spec runs a Docker daemon of its own in a network namespace
#     (`ip netns`; nsenter comes with util-linux);
#   - installs docker-compose, kubectl, ansible-core and ansible-lint: the deploy specs (tests/Abaco.Deploy.Tests)
#     run the compose stack, render the Kubernetes overlays (kubectl kustomize; the `kubectl` package where apt
#     has one, else Debian's kubernetes-client) and check the Ansible plays;
#   - installs chromium and chromium-driver: the dashboard specs (tests/Abaco.Dashboard.Tests) drive a real
#     headless Chromium through Selenium and chromedriver;
#   - starts the Docker engine when /var/run/docker.sock does not answer, and waits for it (60 s).
# Idempotent: does nothing but check when all is in place; `apt-get update` runs at most once, and only
# when something has to be installed. Not root / no apt: stops and says what to install or start.
#
# Environment: ABACO_DOCKERD_TIMEOUT (seconds, default 60), ABACO_DOCKERD_LOG (default /var/log/dockerd.log).
set -euo pipefail

DOCKERD_TIMEOUT="${ABACO_DOCKERD_TIMEOUT:-60}"
DOCKERD_LOG="${ABACO_DOCKERD_LOG:-/var/log/dockerd.log}"
DOCKERD_PIDFILE=/var/run/docker.pid

say() { echo "ensure-deps: $*"; }
fail() { echo "ensure-deps: $*" >&2; exit 1; }
is_root() { [ "$(id -u)" -eq 0 ]; }
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

# ---------------------------------------------------------------------------------------------
# Packages: <package> <check>; the check succeeds when what the package provides is present.
# ---------------------------------------------------------------------------------------------
check_docker_io() { command -v dockerd >/dev/null 2>&1 && command -v docker >/dev/null 2>&1; }
# busybox (the dynamic one) also ships /bin/busybox, but only the static binary runs in FROM scratch.
check_busybox_static() { [ -x /bin/busybox ] && { installed busybox-static || ! command -v dpkg-query >/dev/null 2>&1; }; }
check_debootstrap() { command -v debootstrap >/dev/null 2>&1; }
check_postgresql() { compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null && id postgres >/dev/null 2>&1; }
check_redis_server() { command -v redis-server >/dev/null 2>&1; }
check_iptables() { command -v iptables >/dev/null 2>&1; }
check_iproute2() { command -v ip >/dev/null 2>&1; }
check_docker_compose() { command -v docker-compose >/dev/null 2>&1; }
check_kubectl() { command -v kubectl >/dev/null 2>&1; }
check_ansible_core() { command -v ansible-playbook >/dev/null 2>&1; }
check_ansible_lint() { command -v ansible-lint >/dev/null 2>&1; }
# The warm runner (src/Abaco.WarmRunner) is linked statically: gcc, and libc.a from libc6-dev.
check_gcc() { command -v gcc >/dev/null 2>&1; }
check_libc6_dev() { compgen -G "/usr/lib/*/libc.a" >/dev/null || [ -f /usr/lib/libc.a ]; }
# The dashboard specs (tests/Abaco.Dashboard.Tests) drive a real headless browser through Selenium.
check_chromium() { command -v chromium >/dev/null 2>&1; }
check_chromium_driver() { command -v chromedriver >/dev/null 2>&1; }
# Debian 12 ships kubectl as kubernetes-client; Kubernetes' own apt repository (and Google's) as kubectl.
kubectl_package() {
  if apt-cache show kubectl >/dev/null 2>&1; then echo kubectl; else echo kubernetes-client; fi
}

PACKAGES=(
  "docker.io check_docker_io"
  "busybox-static check_busybox_static"
  "debootstrap check_debootstrap"
  "postgresql check_postgresql"
  "redis-server check_redis_server"
  "iptables check_iptables"
  "iproute2 check_iproute2"
  "docker-compose check_docker_compose"
  "$(kubectl_package 2>/dev/null || echo kubernetes-client) check_kubectl"
  "ansible-core check_ansible_core"
  "ansible-lint check_ansible_lint"
  "gcc check_gcc"
  "libc6-dev check_libc6_dev"
  "chromium check_chromium"
  "chromium-driver check_chromium_driver"
)

missing=()
for entry in "${PACKAGES[@]}"; do
  read -r package check <<<"$entry"
  if "$check"; then say "$package: present"; else missing+=("$package"); fi
done

if [ ${#missing[@]} -gt 0 ]; then
  if ! is_root; then
    fail "missing ${missing[*]}; as root run:  apt-get update && apt-get install -y ${missing[*]}"
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    fail "missing ${missing[*]} and there is no apt-get: install Docker Engine (dockerd + docker CLI) and a statically linked busybox at /bin/busybox with this system's package manager"
  fi
  # Recommends stay on: docker.io recommends apparmor, without which dockerd cannot start containers
  # on an AppArmor-enabled kernel (Debian's default), and cgroupfs-mount for cgroup v1 hosts.
  export DEBIAN_FRONTEND=noninteractive NEEDRESTART_SUSPEND=1
  say "installing ${missing[*]} (apt-get update first)"
  # Unrelated unreachable sources make `update` exit non-zero; the install below is the real test.
  apt-get update -q -o DPkg::Lock::Timeout=300 ||
    say "apt-get update reported errors; trying the install anyway"
  apt-get install -y -q -o DPkg::Lock::Timeout=300 "${missing[@]}" ||
    fail "apt-get install ${missing[*]} failed (see above)"
  for entry in "${PACKAGES[@]}"; do
    read -r package check <<<"$entry"
    "$check" || fail "$package was installed but its check ($check) still fails"
  done
fi

# ---------------------------------------------------------------------------------------------
# Docker engine
# ---------------------------------------------------------------------------------------------
docker_answers() { timeout 10 docker info >/dev/null 2>&1; }

# Waits until the engine answers; gives up at the deadline or when the daemon process is gone.
wait_for_docker() { # pid-or-empty
  local deadline=$((SECONDS + DOCKERD_TIMEOUT)) pid="${1:-}"
  until docker_answers; do
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
      tail -n 20 "$DOCKERD_LOG" >&2 || true
      fail "dockerd exited during start-up (log: $DOCKERD_LOG)"
    fi
    if [ $SECONDS -ge $deadline ]; then
      tail -n 20 "$DOCKERD_LOG" >&2 || true
      fail "the Docker engine did not answer within ${DOCKERD_TIMEOUT}s (log: $DOCKERD_LOG)"
    fi
    sleep 0.5   # poll interval of the condition above, not a synchronisation delay
  done
}

if docker_answers; then
  say "docker engine: answering on /var/run/docker.sock"
else
  if ! is_root; then
    fail "the Docker engine is not answering; as root start it:  dockerd >$DOCKERD_LOG 2>&1 &  (or: systemctl start docker), or add this user to the docker group"
  fi
  existing=""
  if [ -f "$DOCKERD_PIDFILE" ] && kill -0 "$(cat "$DOCKERD_PIDFILE")" 2>/dev/null; then
    existing="$(cat "$DOCKERD_PIDFILE")"
    say "dockerd (pid $existing) is already starting; waiting up to ${DOCKERD_TIMEOUT}s"
    wait_for_docker "$existing"
  elif [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
    say "starting docker.service (systemd)"
    systemctl start docker.service || fail "systemctl start docker.service failed; see journalctl -u docker"
    DOCKERD_LOG="journalctl -u docker"
    wait_for_docker
  else
    say "starting dockerd in the background (log: $DOCKERD_LOG)"
    mkdir -p "$(dirname "$DOCKERD_LOG")"
    # New session, no inherited stdin/stdout/stderr: the daemon must not hold a CI job's output pipe.
    # `setsid -w` stays the parent of dockerd, so $! lives exactly as long as the daemon.
    setsid -w dockerd </dev/null >>"$DOCKERD_LOG" 2>&1 &
    wait_for_docker $!
  fi
  say "docker engine: up ($(docker version --format '{{.Server.Version}}' 2>/dev/null || echo '?'))"
fi

say "ok"
