#!/usr/bin/env bash
# Builds every docker/images/<name>/ that has a Dockerfile as abaco/<name>:latest.
# No registry is reachable, so the images are FROM scratch plus Debian's static busybox.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

fail() { echo "build.sh: $*" >&2; exit 1; }

command -v docker >/dev/null 2>&1 || fail "docker is not installed (apt-get install -y docker.io)"
docker info >/dev/null 2>&1 || fail "the Docker daemon is not reachable (start it with: dockerd &)"
[ -x /bin/busybox ] || fail "/bin/busybox is missing (apt-get install -y busybox-static)"
# A dynamically linked busybox (package 'busybox') cannot run in a scratch image.
if ldd /bin/busybox >/dev/null 2>&1; then
    fail "/bin/busybox is dynamically linked; install the static one (apt-get install -y busybox-static)"
fi

built=0
for dir in "$here"/*/; do
    dir="${dir%/}"
    name="$(basename "$dir")"
    [ -f "$dir/Dockerfile" ] || continue
    if [ -x "$dir/prepare.sh" ]; then
        echo "==> preparing $name"
        "$dir/prepare.sh"
    fi
    echo "==> building abaco/$name:latest"
    # Keep the output short (the legacy builder nags on stderr); show it all when the build fails.
    if ! output="$(docker build --tag "abaco/$name:latest" "$dir" 2>&1)"; then
        echo "$output" >&2
        fail "building abaco/$name:latest failed"
    fi
    built=$((built + 1))
done
echo "==> built $built image(s)"
