#!/bin/sh
# Fails on purpose with a chosen exit code, writing to both streams.
echo "failing on purpose" >&2
echo "about to exit"
exit "${EXIT_CODE:-3}"
