#!/usr/bin/env bash
# Builds the local Debian base image abaco/debian-base:bookworm, which docker/Dockerfile starts FROM.
# No container registry is reachable here, so the root file system is made with
#   debootstrap --variant=minbase bookworm <tmp>   (from the Debian mirror apt already uses)
# and turned into an image with `docker import`. About 30 s. Root only; installs debootstrap with apt
# when it is missing.
#
#   scripts/build-base-image.sh [--force]      rebuild even when the image exists
#
# Environment: ABACO_BASE_IMAGE (tag, default abaco/debian-base:bookworm), DEBIAN_MIRROR (default: the
# Debian mirror in apt's sources, else http://deb.debian.org/debian), ABACO_BASE_INCLUDE (extra packages,
# comma-separated; default: what a self-contained .NET app needs: ca-certificates, libssl3, tzdata).
set -euo pipefail

IMAGE="${ABACO_BASE_IMAGE:-abaco/debian-base:bookworm}"
SUITE=bookworm
INCLUDE="${ABACO_BASE_INCLUDE:-ca-certificates,libssl3,tzdata}"
force=false
case "${1:-}" in
  --force) force=true ;;
  "") ;;
  *) echo "usage: $0 [--force]" >&2; exit 2 ;;
esac

say() { echo "build-base-image: $*"; }
fail() { echo "build-base-image: $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || fail "must run as root (debootstrap creates device nodes and owns files as root)"
timeout 10 docker info >/dev/null 2>&1 || fail "the Docker engine is not answering; run scripts/ensure-deps.sh first"

if ! $force && docker image inspect "$IMAGE" >/dev/null 2>&1; then
  say "$IMAGE exists (use --force to rebuild)"
  exit 0
fi

if ! command -v debootstrap >/dev/null 2>&1; then
  command -v apt-get >/dev/null 2>&1 || fail "debootstrap is missing and there is no apt-get to install it"
  say "installing debootstrap"
  export DEBIAN_FRONTEND=noninteractive NEEDRESTART_SUSPEND=1
  apt_install=(apt-get install -y -q -o DPkg::Lock::Timeout=300 debootstrap)
  if ! "${apt_install[@]}"; then
    apt-get update -q -o DPkg::Lock::Timeout=300 || say "apt-get update reported errors; trying anyway"
    "${apt_install[@]}" || fail "could not install debootstrap"
  fi
fi

# The mirror apt already uses (deb822 .sources or one-line sources.list), skipping the security archive.
mirror="${DEBIAN_MIRROR:-}"
if [ -z "$mirror" ]; then
  mirror="$(
    { grep -hsE '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{ for (i = 2; i <= NF; i++) print $i }'
      grep -hsE '^deb[[:space:]]' /etc/apt/sources.list /etc/apt/sources.list.d/*.list |
        sed -E 's/^deb[[:space:]]+(\[[^]]*\][[:space:]]+)?//' | awk '{ print $1 }'
    } | grep -E '/debian/?$' | head -n 1 || true
  )"
  mirror="${mirror:-http://deb.debian.org/debian}"
fi

work="$(mktemp -d /var/tmp/abaco-base.XXXXXX)"
cleanup() {
  # debootstrap mounts proc/sys inside the target; a failed run can leave them mounted.
  awk -v root="$work/" 'index($2, root) == 1 { print $2 }' /proc/mounts | sort -r |
    while read -r mountpoint; do umount -l "$mountpoint" 2>/dev/null || true; done
  rm -rf --one-file-system "$work"
}
trap cleanup EXIT

rootfs="$work/rootfs"
say "debootstrap --variant=minbase $SUITE from $mirror (+ $INCLUDE)"
started=$SECONDS
debootstrap --variant=minbase --include="$INCLUDE" "$SUITE" "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 || {
  tail -n 30 "$work/debootstrap.log" >&2
  fail "debootstrap failed (last lines above)"
}

# Smaller image: no downloaded .debs, package lists or docs (`apt-get update` brings the lists back).
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* \
  "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/*

say "docker import -> $IMAGE"
tar --numeric-owner -C "$rootfs" -c . |
  docker import \
    --change 'ENV LANG=C.UTF-8' \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["/bin/bash"]' \
    --message "debootstrap --variant=minbase --include=$INCLUDE $SUITE $mirror" \
    - "$IMAGE" >/dev/null

say "$IMAGE built in $((SECONDS - started))s ($(docker image inspect --format '{{.Size}}' "$IMAGE" | awk '{ printf "%.0f MB", $1 / 1e6 }'))"
