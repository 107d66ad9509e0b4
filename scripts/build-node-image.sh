#!/usr/bin/env bash
# Builds the Abaco node image (docker/Dockerfile) entirely from local pieces, no registry needed:
#   1. the base abaco/debian-base:bookworm (scripts/build-base-image.sh; skipped when it exists),
#   2. a self-contained publish of src/Abaco.Node (scripts/publish-node.sh),
#   3. `docker build` over a small staged context (just the publish output), so the repository, its
#      bin/obj and ./data are never sent to the daemon. abaco.hocon is embedded in the binary.
# `./build.sh image` runs this. Environment: ABACO_NODE_IMAGE (tag, default abaco/core:latest).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

IMAGE="${ABACO_NODE_IMAGE:-abaco/core:latest}"
BASE_IMAGE="${ABACO_BASE_IMAGE:-abaco/debian-base:bookworm}"
context=artifacts/docker/node-context

bash scripts/build-base-image.sh
rm -rf "$context"
bash scripts/publish-node.sh "$context/node"

# The engine here (docker.io 20.10) has no BuildKit/buildx: use the classic builder explicitly.
DOCKER_BUILDKIT=0 docker build --build-arg BASE_IMAGE="$BASE_IMAGE" -f docker/Dockerfile -t "$IMAGE" "$context"
echo "build-node-image: $IMAGE  (run: docker compose -f docker/docker-compose.yml up -d)"
