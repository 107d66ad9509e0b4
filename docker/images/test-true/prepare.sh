#!/usr/bin/env bash
# Puts the static busybox into this build context (ignored by git, see .gitignore).
set -euo pipefail
cp /bin/busybox "$(dirname "${BASH_SOURCE[0]}")/busybox"
