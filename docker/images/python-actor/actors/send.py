#!/usr/bin/env python3
"""Mode send: sends message key 'payload' (else key 'message') to the actor in message key 'to' (default: this
actor) with send_message(), prints 'sent to <id>: <the API's answer as json>'; exit 1 when refused.
'payload' exists because Abaco reads a JSON body's key 'message' as the whole message: a JSON message
{'mode': 'send', 'message': ...} reaches this actor as just its 'message'."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _common import context, dumps, fail  # noqa: E402
from abaco_actor import AbacoActorError, send_message  # noqa: E402


def main():
    ctx = context()
    message = ctx["message_dict"]
    target = message.get("to") or ctx["actor_id"]
    if not target:
        fail("no target actor: give message key 'to' (or run as an actor, with _abaco_actor_id)")
    try:
        answer = send_message(target, message["payload"] if "payload" in message else message.get("message", ""))
    except AbacoActorError as e:
        fail("send_message failed: {}".format(e), code=1)
    print("sent to {}: {}".format(target, dumps(answer)), flush=True)


if __name__ == "__main__":
    main()
