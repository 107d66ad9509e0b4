#!/bin/bash
# The abaco/nginx image's entrypoint: the configuration from the environment (abaco-nginx-config), then nginx in
# the foreground. A bad value stops the container with its name, before nginx starts.
set -euo pipefail
abaco-nginx-config
exec nginx -g 'daemon off;'
