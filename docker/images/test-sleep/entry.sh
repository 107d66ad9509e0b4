#!/bin/sh
# Runs for a while so that halting and maxRunTime can be exercised.
# sh as PID 1 ignores SIGTERM unless trapped; sleeping in the background lets the trap run at once.
trap 'echo "terminated"; exit 143' TERM INT
echo "sleeping ${SLEEP_SECONDS:-30}"
sleep "${SLEEP_SECONDS:-30}" &
wait $!
echo "done sleeping"
