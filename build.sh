#!/usr/bin/env bash
# ./build.sh [target] [args...]    e.g.  ./build.sh test     ./build.sh run --config hocon/local-dev.hocon
#
# Thin wrapper over `dotnet fsi build.fsx` (FAKE 5.20.3, restored from NuGet on the first run).
# Needs only bash and the .NET SDK; everything else (docker.io, busybox-static) is installed by the
# Deps target (scripts/ensure-deps.sh) when a target needs it.
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi   # `sh build.sh` lands here too
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"

usage() {
  cat <<'EOF'
usage: ./build.sh [target] [--] [args...]          (also: bash build.sh ...)

targets (default: build)
  clean    remove bin/, obj/ and artifacts/ (./data is kept)
  deps     install docker.io + busybox-static when missing, start dockerd   (scripts/ensure-deps.sh)
  build    dotnet build Abaco.sln -c Release
  images   build the test/sample actor images docker/images/<name> -> abaco/<name>:latest
  warm-runner  build the static runner of warm executions (gcc) -> artifacts/warm-runner/ (part of build)
  image    build the node image abaco/core:latest (local Debian base; slow, not part of test)
  images-deploy  the node image and abaco/nginx, abaco/postgres, abaco/redis (scripts/build-deploy-images.sh)
  test     deps, build, images, then every tests/*/*.Tests.csproj; ends with "N passed, N failed"
             ./build.sh test -- 'FullyQualifiedName~Mailbox'      (or ABACO_TEST_FILTER=...)
             ABACO_TEST_PROJECTS="Abaco.Core.Tests Api" ./build.sh test
  run      deps, build, images, then the node on http://localhost:8000 (data under ./data)
             ./build.sh run --config hocon/local-dev.hocon        (or ABACO_CONF=file)
  bench    deps, build, images, then tests/Abaco.Benchmarks with the given args
  admin    the cluster admin console: ./build.sh admin -- 127.0.0.1:9110 cluster show   (no verb: a shell)
  cli      the abaco CLI from a checkout: ./build.sh cli -- actors list   (docs/cli.md)
  all      clean, deps, build, images, test
  list     list FAKE's targets and their dependencies
EOF
}

# The SDK may be installed but not on PATH (dotnet-install.sh puts it in ~/.dotnet).
if ! command -v dotnet >/dev/null 2>&1; then
  for dir in "${DOTNET_ROOT:-}" "$HOME/.dotnet" /usr/share/dotnet /usr/lib/dotnet /opt/dotnet; do
    if [ -n "$dir" ] && [ -x "$dir/dotnet" ]; then
      export DOTNET_ROOT="$dir" PATH="$dir:$PATH"
      break
    fi
  done
fi
if ! command -v dotnet >/dev/null 2>&1; then
  echo "build.sh: the .NET SDK 10 is required (dotnet not found on PATH, in \$DOTNET_ROOT or ~/.dotnet)." >&2
  echo "  see https://learn.microsoft.com/dotnet/core/install/linux-debian" >&2
  exit 127
fi

# Quiet, reproducible dotnet: no telemetry banners, no build servers left holding CI's output pipe,
# and NuGet signature checks that do not wait on unreachable revocation servers. All overridable.
export DOTNET_CLI_TELEMETRY_OPTOUT="${DOTNET_CLI_TELEMETRY_OPTOUT:-1}"
export DOTNET_NOLOGO="${DOTNET_NOLOGO:-1}"
export DOTNET_CLI_WORKLOAD_UPDATE_NOTIFY_DISABLE="${DOTNET_CLI_WORKLOAD_UPDATE_NOTIFY_DISABLE:-true}"
export DOTNET_CLI_USE_MSBUILD_SERVER="${DOTNET_CLI_USE_MSBUILD_SERVER:-0}"
export MSBUILDDISABLENODEREUSE="${MSBUILDDISABLENODEREUSE:-1}"
export NUGET_CERT_REVOCATION_MODE="${NUGET_CERT_REVOCATION_MODE:-offline}"

name="${1:-build}"
[ $# -gt 0 ] && shift
[ "${1:-}" = "--" ] && shift     # `./build.sh test -- <filter>` and `./build.sh test <filter>` are the same

case "${name,,}" in
  clean) target=Clean ;;
  deps) target=Deps ;;
  build) target=Build ;;
  images) target=Images ;;
  warm-runner | warmrunner) target=WarmRunner ;;
  image) target=Image ;;
  images-deploy) target=ImagesDeploy ;;
  test | tests) target=Test ;;
  run) target=Run ;;
  bench | benchmark | benchmarks) target=Bench ;;
  admin) target=Admin ;;
  cli) target=Cli ;;
  all) target=All ;;
  list | --list) exec dotnet fsi build.fsx -- --list ;;
  help | -h | --help) usage; exit 0 ;;
  *) echo "build.sh: unknown target '$name'" >&2; usage >&2; exit 2 ;;
esac

# `dotnet fsi` eats the first `--`; FAKE passes what follows the second one to the target.
fake=(dotnet fsi build.fsx -- -t "$target" -- "$@")

if [ "$target" != Test ] && [ "$target" != All ]; then
  exec "${fake[@]}"
fi

# Test/All: the test runner's summary must be the last thing printed, but FAKE prints its own
# report after the target finishes; so the runner leaves the summary in a file and we print it here.
summary="$ROOT/artifacts/test-results/summary.txt"
rm -f "$summary"
export ABACO_DEFER_SUMMARY=1
set +e
"${fake[@]}" </dev/null
rc=$?
set -e
echo
if [ -s "$summary" ]; then
  cat "$summary"
  last="$(tail -n 1 "$summary")"
  if [[ "$last" =~ ^[0-9]+\ passed,\ ([0-9]+)\ failed$ ]] && [ "${BASH_REMATCH[1]}" != 0 ] && [ $rc -eq 0 ]; then
    rc=1
  fi
else
  echo "build.sh: the $target target stopped before the test runner wrote its summary (see above)."
  echo "0 passed, 1 failed"
  [ $rc -eq 0 ] && rc=1
fi
exit $rc
