#!/usr/bin/env bash
# Publishes the Abaco node as a self-contained linux-x64 application (no .NET runtime needed on the
# target): used by the node image (scripts/build-node-image.sh) and the Ansible abaco_node role.
#
#   scripts/publish-node.sh [output-dir]     default: artifacts/publish/abaco-node-linux-x64
#
# Environment: ABACO_RUNTIME (runtime identifier, default linux-x64).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

rid="${ABACO_RUNTIME:-linux-x64}"
out="${1:-artifacts/publish/abaco-node-$rid}"
project=src/Abaco.Node

[ -d "$project" ] || { echo "publish-node: $project does not exist" >&2; exit 1; }
dotnet publish "$project" -c Release -r "$rid" --self-contained true -o "$out"
[ -x "$out/Abaco.Node" ] || { echo "publish-node: $out/Abaco.Node was not produced" >&2; exit 1; }
# The runner of warm executions ships beside the node, where it looks first (docs/warm-execution.md).
gcc -static -O2 -Wall -Wextra -Werror -o "$out/abaco-warm-runner" src/Abaco.WarmRunner/runner.c
echo "publish-node: $out/Abaco.Node"
