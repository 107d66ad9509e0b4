#!/usr/bin/env python3
"""Default CMD of abaco/python-actor: runs /actors/<mode>.py, the mode chosen by (first found)
  1. the first argument:                 python3 /actors/dispatch.py results
  2. the environment variable ACTOR_MODE  (an actor's default_environment, or a query parameter)
  3. the key 'mode' of a JSON message     {'mode': 'sleep', 'seconds': 5}
  4. a binary message (_abaco_Content_Type application/octet-stream) -> binary
  5. otherwise                            -> context
See /actors/README.md (docker/images/python-actor/README.md)."""

import os
import runpy
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _common import context, fail  # noqa: E402

MODES = ("context", "results", "binary", "state", "sleep", "exit", "send", "memory")


def choose(ctx):
    if len(sys.argv) > 1 and sys.argv[1]:
        return sys.argv[1], "argument"
    if os.environ.get("ACTOR_MODE"):
        return os.environ["ACTOR_MODE"], "ACTOR_MODE"
    mode = ctx["message_dict"].get("mode")
    if isinstance(mode, str) and mode:
        return mode, "message"
    if ctx["content_type"] == "application/octet-stream":
        return "binary", "content type"
    return "context", "default"


def main():
    mode, source = choose(context())
    if mode not in MODES:
        fail("unknown mode {!r} (from {}); modes: {}".format(mode, source, ", ".join(MODES)))
    sys.argv = [sys.argv[0]] + sys.argv[2:]
    runpy.run_path(os.path.join(os.path.dirname(os.path.abspath(__file__)), mode + ".py"), run_name="__main__")


if __name__ == "__main__":
    main()
