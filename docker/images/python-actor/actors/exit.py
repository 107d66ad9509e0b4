#!/usr/bin/env python3
"""Mode exit: prints 'exiting with N' on stdout ('failing on purpose' on stderr when N != 0) and exits N.
N, first found: message key 'code' or 'exit_code', EXIT_CODE, a plain numeric message; default 3."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _common import context, parameter  # noqa: E402


def main():
    code = parameter(context(), ("code", "exit_code"), "EXIT_CODE", 3, int)
    if code != 0:
        print("failing on purpose", file=sys.stderr, flush=True)
    print("exiting with {}".format(code), flush=True)
    sys.exit(code & 0xFF)


if __name__ == "__main__":
    main()
