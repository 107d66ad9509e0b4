#!/usr/bin/env python3
"""Mode state: prints the state Abaco injected (_abaco_actor_state, parsed) as 'state: <json>' and
'state type: <python type>'; with message key 'set_state' calls update_state(<its value>) and prints
'state updated: <the API's answer as json>' (exit 1, with the API's answer on stderr, when refused)."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _common import context, dumps, fail  # noqa: E402
from abaco_actor import AbacoActorError, update_state  # noqa: E402


def main():
    ctx = context()
    state = ctx["state"]
    print("state: {}".format(dumps(state)), flush=True)
    print("state type: {}".format(type(state).__name__), flush=True)
    if "set_state" in ctx["message_dict"]:
        try:
            answer = update_state(ctx["message_dict"]["set_state"])
        except AbacoActorError as e:
            fail("update_state failed: {}".format(e), code=1)
        print("state updated: {}".format(dumps(answer)), flush=True)


if __name__ == "__main__":
    main()
