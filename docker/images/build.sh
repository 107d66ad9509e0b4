#!/usr/bin/env bash
# Builds every docker/images/<name>/ that has a Dockerfile as abaco/<name>:latest.
# No registry is reachable, so the images are FROM scratch plus Debian's static busybox, or (python-actor)
# FROM abaco/python-base, which scripts/build-python-base.sh makes with debootstrap + docker import.
# An image FROM abaco/python-base is built only when that base exists or can be built now (root, Debian
# mirror reachable); otherwise it is skipped with a warning and the other images are still built.
# ABACO_SKIP_PYTHON_IMAGES=1 skips them on purpose; ABACO_REQUIRE_PYTHON_IMAGES=1 makes a skip an error.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
python_base_script="$here/../../scripts/build-python-base.sh"

fail() { echo "build.sh: $*" >&2; exit 1; }

command -v docker >/dev/null 2>&1 || fail "docker is not installed (apt-get install -y docker.io)"
docker info >/dev/null 2>&1 || fail "the Docker daemon is not reachable (start it with: dockerd &)"
[ -x /bin/busybox ] || fail "/bin/busybox is missing (apt-get install -y busybox-static)"
# A dynamically linked busybox (package 'busybox') cannot run in a scratch image.
if ldd /bin/busybox >/dev/null 2>&1; then
    fail "/bin/busybox is dynamically linked; install the static one (apt-get install -y busybox-static)"
fi

# Whether images FROM abaco/python-base can be built: "" = not asked yet, then "yes" or "no".
python_base=""
python_base_ready() {
    if [ -z "$python_base" ]; then
        if [ "${ABACO_SKIP_PYTHON_IMAGES:-0}" = 1 ]; then
            python_base=no
            echo "build.sh: ABACO_SKIP_PYTHON_IMAGES=1: skipping images FROM abaco/python-base" >&2
        elif [ ! -f "$python_base_script" ]; then
            python_base=no
            echo "build.sh: warning: $python_base_script is missing: skipping images FROM abaco/python-base" >&2
        else
            echo "==> ensuring abaco/python-base (scripts/build-python-base.sh)"
            if bash "$python_base_script"; then
                python_base=yes
            else
                python_base=no
                echo "build.sh: warning: abaco/python-base is missing and could not be built (see above):" \
                    "skipping images FROM it. Run scripts/build-python-base.sh as root with a reachable Debian mirror." >&2
            fi
        fi
    fi
    [ "$python_base" = yes ]
}

built=0
skipped=()
for dir in "$here"/*/; do
    dir="${dir%/}"
    name="$(basename "$dir")"
    [ -f "$dir/Dockerfile" ] || continue
    if grep -qiE '^[[:space:]]*FROM[[:space:]]+abaco/python-base([:@[:space:]]|$)' "$dir/Dockerfile"; then
        if ! python_base_ready; then
            skipped+=("abaco/$name")
            continue
        fi
    fi
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
if [ ${#skipped[@]} -gt 0 ]; then
    echo "==> built $built image(s); skipped ${skipped[*]} (abaco/python-base not available, see above)"
    [ "${ABACO_REQUIRE_PYTHON_IMAGES:-0}" != 1 ] || fail "ABACO_REQUIRE_PYTHON_IMAGES=1 but skipped ${skipped[*]}"
else
    echo "==> built $built image(s)"
fi
