#!/usr/bin/env python3
"""Mode context: prints get_context() as one line of JSON (sorted keys; what JSON cannot hold as its repr)."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _common import context, dumps  # noqa: E402

if __name__ == "__main__":
    print(dumps(context()), flush=True)
