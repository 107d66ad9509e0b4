#!/bin/bash
# Writes the Abaco front's nginx configuration from the environment and checks it with `nginx -t`; prints
# "abaco-nginx: changed" when the file was rewritten. Used by the abaco/nginx image at every start and by the
# Ansible role nginx_front, so both fronts are the same. Every value is checked before anything is written.
#   ABACO_API_UPSTREAMS   "host:port host:port": the nodes with the api role (required)
#   ABACO_MAX_BODY        the largest request body in bytes, = abaco.web.max_content_length
#   ABACO_TLS_CERT / ABACO_TLS_KEY   PEM paths; with both set the front also serves HTTPS on ABACO_HTTPS_PORT
#   ABACO_HTTP_PORT (80), ABACO_HTTPS_PORT (443), ABACO_ABACO_VERSION (the error pages' version field)
#   ABACO_NGINX_CONF      the file written (default /etc/nginx/conf.d/abaco.conf)
#   ABACO_ERROR_PAGES     the JSON error pages' directory (default /usr/share/nginx/abaco-errors)
set -euo pipefail
ABACO_MAX_BODY="${ABACO_MAX_BODY:-500000000}"
ABACO_HTTP_PORT="${ABACO_HTTP_PORT:-80}"
ABACO_HTTPS_PORT="${ABACO_HTTPS_PORT:-443}"
ABACO_ABACO_VERSION="${ABACO_ABACO_VERSION:-1.0.0}"
conf_file="${ABACO_NGINX_CONF:-/etc/nginx/conf.d/abaco.conf}"
pages="${ABACO_ERROR_PAGES:-/usr/share/nginx/abaco-errors}"
fail() { echo "abaco-nginx: $*" >&2; exit 1; }

upstreams="${ABACO_API_UPSTREAMS:-}"
[ -n "$upstreams" ] || fail "ABACO_API_UPSTREAMS is empty: give the api nodes as \"host:port host:port\""
[[ "${ABACO_MAX_BODY}" =~ ^[0-9]+$ ]] || fail "ABACO_MAX_BODY must be a number of bytes, was '${ABACO_MAX_BODY}'"
cert="${ABACO_TLS_CERT:-}" key="${ABACO_TLS_KEY:-}"
if [ -n "$cert$key" ]; then
  [ -r "$cert" ] || fail "ABACO_TLS_CERT '$cert' is not a readable file"
  [ -r "$key" ] || fail "ABACO_TLS_KEY '$key' is not a readable file"
fi

servers=""
for upstream in $upstreams; do servers+="    server $upstream max_fails=1 fail_timeout=5s;"$'\n'; done

# One server body for HTTP and HTTPS.
body() {
  cat <<CONF
    # Repeated slashes are merged for matching (merge_slashes, nginx's default) and the merged path is
    # what the API receives: the original's clients call {base}//actors.
    merge_slashes on;
    client_max_body_size ${ABACO_MAX_BODY};
    # Bodies (binary messages up to the limit) stream to the node instead of filling a temporary file.
    proxy_request_buffering off;
    proxy_http_version 1.1;
    proxy_set_header Connection "";
    proxy_set_header Host \$http_host;
    proxy_set_header X-Real-IP \$remote_addr;
    proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
    proxy_set_header X-Forwarded-Proto \$scheme;
    # Synchronous executions wait for their actor.
    proxy_read_timeout 3600s;
    proxy_send_timeout 3600s;
    proxy_intercept_errors off;

    error_page 404 /_abaco_errors/404.json;
    error_page 413 /_abaco_errors/413.json;
    error_page 502 503 504 /_abaco_errors/502.json;
    error_page 400 /_abaco_errors/400.json;

    location = /nginx-health { access_log off; default_type text/plain; return 200 "ok\n"; }

    location ^~ /_abaco_errors/ {
      internal;
      root $pages;
      rewrite ^/_abaco_errors/(.*)\$ /\$1 break;
      default_type "application/json; charset=utf-8";
    }

    location / {
      # An encoded slash would become a separator once the path is merged: refuse it, as the API does.
      if (\$request_uri ~* "^[^?]*%2f") { return 400; }
      # The rewritten URI (\$uri: slashes merged) is what goes upstream, re-escaped by nginx.
      rewrite ^ \$uri break;
      proxy_pass http://abaco_api;
    }
CONF
}

{
  echo "# Written by abaco-nginx-config; edit its environment, not this file."
  echo "upstream abaco_api {"
  printf '%s' "$servers"
  echo "    keepalive 16;"
  echo "}"
  echo "server {"
  echo "    listen ${ABACO_HTTP_PORT} default_server;"
  body
  echo "}"
  if [ -n "$cert" ]; then
    echo "server {"
    echo "    listen ${ABACO_HTTPS_PORT} ssl default_server;"
    echo "    ssl_certificate $cert;"
    echo "    ssl_certificate_key $key;"
    echo "    ssl_protocols TLSv1.2 TLSv1.3;"
    body
    echo "}"
  fi
} >"$conf_file.new"

# The error pages carry the node's envelope; the version is the site's general.tag.
sed -i "s/\"version\": \"[^\"]*\"/\"version\": \"${ABACO_ABACO_VERSION}\"/" "$pages"/*.json

if cmp -s "$conf_file.new" "$conf_file"; then
  rm -f "$conf_file.new"
else
  previous="$(mktemp)"
  [ -f "$conf_file" ] && cp -p "$conf_file" "$previous"
  mv "$conf_file.new" "$conf_file"
  if ! nginx -t -q; then
    # Leave the previous, working configuration in place.
    if [ -s "$previous" ]; then mv "$previous" "$conf_file"; else rm -f "$conf_file"; fi
    fail "the generated configuration is invalid (above); $conf_file left as it was"
  fi
  rm -f "$previous"
  echo "abaco-nginx: changed"
fi
