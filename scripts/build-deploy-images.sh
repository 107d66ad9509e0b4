#!/usr/bin/env bash
# Builds the images of a deployment besides the node, on the same local Debian base and from Debian packages
# (apt inside `docker build`, from the mirror the base was made from; no registry):
#   abaco/nginx     docker/nginx/     the front: merged slashes, JSON error envelope, body limit, optional TLS
#   abaco/postgres  docker/postgres/  postgresql-15, creates the role and database on first start
#   abaco/redis     docker/redis/     redis-server, append-only, optional password
# and the node image (scripts/build-node-image.sh). Each is skipped when it exists and was built from the same
# files (label abaco.inputs); --force rebuilds them all. `./build.sh images-deploy` runs this.
# Environment: ABACO_BASE_IMAGE (default abaco/debian-base:bookworm), ABACO_IMAGE_PREFIX (default abaco/).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
. scripts/image-freshness.sh

BASE_IMAGE="${ABACO_BASE_IMAGE:-abaco/debian-base:bookworm}"
PREFIX="${ABACO_IMAGE_PREFIX:-abaco/}"
force=false
[ "${1:-}" = --force ] && force=true

bash scripts/build-base-image.sh
base_id="$(docker image inspect --format '{{.Id}}' "$BASE_IMAGE")"
for name in nginx postgres redis; do
  image="${PREFIX}${name}:latest"
  # The base's id is an input too: a rebuilt base rebuilds the images on it.
  hash="$( { inputs_hash "docker/$name"; echo "$base_id"; } | sha256sum | cut -c1-64)"
  if ! $force && image_is_fresh "$image" "$hash"; then
    echo "build-deploy-images: $image is up to date"
    continue
  fi
  DOCKER_BUILDKIT=0 docker build -q --build-arg BASE_IMAGE="$BASE_IMAGE" --label "abaco.inputs=$hash" \
    -t "$image" "docker/$name" >/dev/null
  echo "build-deploy-images: built $image"
done
if $force; then bash scripts/build-node-image.sh --force; else bash scripts/build-node-image.sh; fi
