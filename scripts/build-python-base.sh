#!/usr/bin/env bash
# Builds abaco/python-base:latest, the base of docker/images/python-actor: Debian bookworm with python3 and
# nothing else. No container registry is reachable here, so the root file system is made with
#   debootstrap --variant=minbase --include=python3 bookworm <dir> <mirror>
# (the Debian mirror apt already uses), trimmed (apt lists and caches, docs, man and info pages, locales),
# tarred into a cache directory and `docker import`ed.
#
#   - image present                    -> nothing to do (well under a second);
#   - image missing, tarball cached    -> docker import of the cached tarball (a few seconds);
#   - neither                          -> debootstrap (about a minute, network bound), then as above.
#
#   scripts/build-python-base.sh [--force | --refresh]
#     --force     re-import the image even when it exists (from the cached tarball when there is one)
#     --refresh   also rebuild the cached tarball with a fresh debootstrap
#
# Root only (debootstrap creates device nodes and files owned by root); installs debootstrap with apt when
# it is missing (scripts/ensure-deps.sh does too). Concurrent runs are serialised with a lock in the cache.
#
# Environment: ABACO_PYTHON_BASE_IMAGE (tag, default abaco/python-base:latest), ABACO_CACHE_DIR (default
# /var/cache/abaco), DEBIAN_MIRROR (default: the Debian mirror in apt's sources, else
# http://deb.debian.org/debian).
set -euo pipefail

IMAGE="${ABACO_PYTHON_BASE_IMAGE:-abaco/python-base:latest}"
SUITE=bookworm
INCLUDE=python3
CACHE_DIR="${ABACO_CACHE_DIR:-/var/cache/abaco}"
TARBALL="$CACHE_DIR/python-base-$SUITE.tar.gz"
force=false
refresh=false
case "${1:-}" in
  --force) force=true ;;
  --refresh) force=true; refresh=true ;;
  "") ;;
  *) echo "usage: $0 [--force | --refresh]" >&2; exit 2 ;;
esac

say() { echo "build-python-base: $*"; }
fail() { echo "build-python-base: $*" >&2; exit 1; }

command -v docker >/dev/null 2>&1 || fail "docker is not installed; run scripts/ensure-deps.sh (as root)"
timeout 10 docker info >/dev/null 2>&1 || fail "the Docker engine is not answering; run scripts/ensure-deps.sh first"

image_present() { docker image inspect "$IMAGE" >/dev/null 2>&1; }

if ! $force && image_present; then
  say "$IMAGE exists (use --force to re-import, --refresh to debootstrap again)"
  exit 0
fi

[ "$(id -u)" -eq 0 ] || fail "must run as root to build $IMAGE (debootstrap creates device nodes and owns files as root)"

mkdir -p "$CACHE_DIR" || fail "cannot create the cache directory $CACHE_DIR (set ABACO_CACHE_DIR)"
# One build at a time (build.sh, a test fixture and a person may start this together): wait for the lock,
# then look again, since the other run may have built the image meanwhile.
exec 9>"$CACHE_DIR/python-base.lock"
if ! flock -n 9; then
  say "another build holds $CACHE_DIR/python-base.lock; waiting (up to 10 min)"
  flock -w 600 9 || fail "timed out waiting for $CACHE_DIR/python-base.lock"
  if ! $force && image_present; then
    say "$IMAGE was built by the other run"
    exit 0
  fi
fi

started=$SECONDS

# The mirror apt already uses (deb822 .sources or one-line sources.list), skipping the security archive.
debian_mirror() {
  local mirror="${DEBIAN_MIRROR:-}"
  if [ -z "$mirror" ]; then
    mirror="$(
      { grep -hsE '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{ for (i = 2; i <= NF; i++) print $i }'
        grep -hsE '^deb[[:space:]]' /etc/apt/sources.list /etc/apt/sources.list.d/*.list |
          sed -E 's/^deb[[:space:]]+(\[[^]]*\][[:space:]]+)?//' | awk '{ print $1 }'
      } | grep -E '/debian/?$' | head -n 1 || true
    )"
    mirror="${mirror:-http://deb.debian.org/debian}"
  fi
  echo "$mirror"
}

make_tarball() {
  if ! command -v debootstrap >/dev/null 2>&1; then
    command -v apt-get >/dev/null 2>&1 || fail "debootstrap is missing and there is no apt-get to install it"
    say "installing debootstrap"
    export DEBIAN_FRONTEND=noninteractive NEEDRESTART_SUSPEND=1
    local apt_install=(apt-get install -y -q -o DPkg::Lock::Timeout=300 debootstrap)
    if ! "${apt_install[@]}"; then
      apt-get update -q -o DPkg::Lock::Timeout=300 || say "apt-get update reported errors; trying anyway"
      "${apt_install[@]}" || fail "could not install debootstrap (apt-get install -y debootstrap)"
    fi
  fi

  local mirror work rootfs
  mirror="$(debian_mirror)"
  work="$(mktemp -d /var/tmp/abaco-python-base.XXXXXX)"
  # shellcheck disable=SC2064  # expand $work now: it is local to this function
  trap "cleanup_work '$work'" EXIT
  rootfs="$work/rootfs"

  say "debootstrap --variant=minbase --include=$INCLUDE $SUITE from $mirror"
  local step=$SECONDS
  if ! debootstrap --variant=minbase --include="$INCLUDE" "$SUITE" "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1; then
    tail -n 30 "$work/debootstrap.log" >&2
    fail "debootstrap from $mirror failed (last lines above; full log lost with $work). Is the mirror reachable? Set DEBIAN_MIRROR to another one."
  fi
  [ -x "$rootfs/usr/bin/python3" ] || fail "debootstrap finished but $rootfs/usr/bin/python3 is missing"
  say "debootstrap took $((SECONDS - step))s"

  # Smaller image: no downloaded .debs, package lists, docs, man/info pages, translations or logs
  # (`apt-get update` brings the lists back). Locales: C.UTF-8 is built into glibc, nothing needed.
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/lib/apt/lists/* \
    "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* \
    "$rootfs"/usr/share/locale/* "$rootfs"/usr/share/i18n/* "$rootfs"/usr/share/lintian/* \
    "$rootfs"/var/log/*.log "$rootfs"/var/log/apt/* "$rootfs"/var/cache/debconf/*-old "$rootfs"/var/lib/dpkg/*-old
  # Keep it that way for packages installed later in images built FROM this one.
  mkdir -p "$rootfs/etc/dpkg/dpkg.cfg.d"
  cat >"$rootfs/etc/dpkg/dpkg.cfg.d/01-abaco-nodoc" <<'EOF'
# abaco/python-base: no docs, man pages or translations (scripts/build-python-base.sh)
path-exclude=/usr/share/doc/*
path-include=/usr/share/doc/*/copyright
path-exclude=/usr/share/man/*
path-exclude=/usr/share/info/*
path-exclude=/usr/share/locale/*
path-exclude=/usr/share/lintian/*
EOF

  # Written next to the final name and renamed: an interrupted run never leaves a truncated cache.
  tar --numeric-owner -C "$rootfs" -c . | gzip -1 >"$TARBALL.partial" || fail "could not write $TARBALL.partial"
  echo "debootstrap --variant=minbase --include=$INCLUDE $SUITE $mirror" >"$TARBALL.source"
  mv -f "$TARBALL.partial" "$TARBALL"
  cleanup_work "$work"
  trap - EXIT
  say "cached $TARBALL ($(du -h "$TARBALL" | cut -f1))"
}

cleanup_work() { # work-dir
  local work="$1"
  [ -d "$work" ] || return 0
  # debootstrap mounts proc/sys inside the target; a failed run can leave them mounted.
  awk -v root="$work/" 'index($2, root) == 1 { print $2 }' /proc/mounts | sort -r |
    while read -r mountpoint; do umount -l "$mountpoint" 2>/dev/null || true; done
  rm -rf --one-file-system "$work"
}

if $refresh || [ ! -s "$TARBALL" ]; then
  make_tarball
else
  say "using cached $TARBALL (--refresh to debootstrap again)"
fi

source_line="$(cat "$TARBALL.source" 2>/dev/null || echo "debootstrap --variant=minbase --include=$INCLUDE $SUITE")"
say "docker import -> $IMAGE"
if ! docker import \
    --change 'ENV LANG=C.UTF-8' \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV PYTHONUNBUFFERED=1' \
    --change 'CMD ["/usr/bin/python3"]' \
    --message "$source_line" \
    "$TARBALL" "$IMAGE" >/dev/null; then
  # A damaged cache must not make every later run fail the same way.
  rm -f "$TARBALL"
  fail "docker import of $TARBALL failed; removed it from the cache, run again to debootstrap afresh"
fi

# The image must run python3 (catches an empty or foreign tarball).
if ! version="$(docker run --rm --network none "$IMAGE" python3 -c 'import sys; print(sys.version.split()[0])' 2>&1)"; then
  echo "$version" >&2
  docker image rm "$IMAGE" >/dev/null 2>&1 || true
  rm -f "$TARBALL"
  fail "$IMAGE does not run python3 (output above); removed the image and the cached tarball"
fi

size="$(docker image inspect --format '{{.Size}}' "$IMAGE" | awk '{ printf "%.0f MB", $1 / 1e6 }')"
say "$IMAGE built in $((SECONDS - started))s (python $version, $size)"
