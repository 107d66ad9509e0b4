#!/usr/bin/env python3
"""Mode memory: a child process fills N MB (message key 'megabytes' or MEGABYTES; default 200), this process
prints how the child ended and exits as a shell would (128 + signal, 137 when the kernel's OOM killer took it).
The child, not PID 1, is the one killed, so Docker sees the OOM event while the container still runs and records
OOMKilled reliably (when PID 1 itself is killed, Docker may handle the exit before the event and never record it)."""

import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _common import context, parameter  # noqa: E402


def main():
    megabytes = parameter(context(), ("megabytes",), "MEGABYTES", 200, int)
    print("filling {} MB in a child process".format(megabytes), flush=True)
    child = subprocess.run([sys.executable, "-c", "b = bytearray({} * 1024 * 1024)".format(megabytes)])
    print("the child ended with {}".format(child.returncode), flush=True)
    # A moment for Docker to take in the OOM event before the container exits.
    time.sleep(1)
    sys.exit(128 - child.returncode if child.returncode < 0 else child.returncode)


if __name__ == "__main__":
    main()
