#!/usr/bin/env python3
"""Mode sleep: prints 'sleeping N', then 'slept i of N' every second, then 'done sleeping'.
N, first found: message key 'seconds', SLEEP_SECONDS, a plain numeric message; default 30.
SIGTERM (docker stop, a halt) prints 'got SIGTERM' and exits 143 at once. Python as PID 1 would
otherwise ignore SIGTERM and wait for the SIGKILL."""

import os
import signal
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _common import context, parameter  # noqa: E402


def on_term(signum, frame):
    print("got {}".format(signal.Signals(signum).name), flush=True)
    sys.exit(128 + signum)


def main():
    signal.signal(signal.SIGTERM, on_term)
    signal.signal(signal.SIGINT, on_term)
    seconds = parameter(context(), ("seconds", "sleep"), "SLEEP_SECONDS", 30, float)
    shown = int(seconds) if seconds == int(seconds) else seconds
    print("sleeping {}".format(shown), flush=True)
    start = time.monotonic()
    end = start + seconds
    tick = 1
    while True:
        now = time.monotonic()
        if now >= end:
            break
        time.sleep(max(0.0, min(end, start + tick) - now))
        if time.monotonic() >= start + tick and start + tick < end:
            print("slept {} of {}".format(tick, shown), flush=True)
            tick += 1
    print("done sleeping", flush=True)


if __name__ == "__main__":
    main()
