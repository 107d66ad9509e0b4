#!/usr/bin/env bash
# Builds the Abaco node image (docker/Dockerfile) entirely from local pieces, no registry needed:
#   1. the base abaco/debian-base:bookworm (scripts/build-base-image.sh; skipped when it exists),
#   2. a self-contained publish of src/Abaco.Node (scripts/publish-node.sh),
#   3. `docker build` over a small staged context (the publish output and the health check), so the
#      repository, its bin/obj and ./data are never sent to the daemon. abaco.hocon is embedded in the binary.
# Skipped when the image exists and was built from the same sources (label abaco.inputs); --force rebuilds.
# `./build.sh image` runs this. Environment: ABACO_NODE_IMAGE (tag, default abaco/core:latest).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
. scripts/image-freshness.sh

IMAGE="${ABACO_NODE_IMAGE:-abaco/core:latest}"
BASE_IMAGE="${ABACO_BASE_IMAGE:-abaco/debian-base:bookworm}"
context=artifacts/docker/node-context
force=false
[ "${1:-}" = --force ] && force=true

bash scripts/build-base-image.sh
hash="$(inputs_hash src abaco.hocon Directory.Build.props Directory.Packages.props global.json docker/Dockerfile \
  docker/node-healthcheck.sh scripts/publish-node.sh)"
if ! $force && image_is_fresh "$IMAGE" "$hash"; then
  echo "build-node-image: $IMAGE is up to date"
  exit 0
fi
rm -rf "$context"
bash scripts/publish-node.sh "$context/node"
cp docker/node-healthcheck.sh "$context/"

# The engine here (docker.io 20.10) has no BuildKit/buildx: use the classic builder explicitly.
DOCKER_BUILDKIT=0 docker build --build-arg BASE_IMAGE="$BASE_IMAGE" --label "abaco.inputs=$hash" \
  -f docker/Dockerfile -t "$IMAGE" "$context"
echo "build-node-image: $IMAGE  (the stack: scripts/stack.sh up)"
