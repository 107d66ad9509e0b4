#!/usr/bin/env python3
"""Mode results: sends each result as one datagram to /_abaco_results.sock and prints what it sent.

Results, first found: message key 'results' (a list), the environment variable ACTOR_RESULTS (a Python
literal list, else words separated by white space), a plain message (its words).
A str is sent UTF-8 encoded, bytes as they are, anything else pickled (send_python_result);
with {'pickle': True} every result is pickled. Message key 'sizes' (list of ints) adds results of that
many b'x' each (to test the 128 KiB limit). Exits 1 when a send fails."""

import ast
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _common import context, fail  # noqa: E402
from abaco_actor import AbacoActorError, send_bytes_result, send_python_result  # noqa: E402


def results_of(ctx):
    message = ctx["message_dict"]
    if "results" in message:
        results = message["results"]
    elif os.environ.get("ACTOR_RESULTS"):
        text = os.environ["ACTOR_RESULTS"]
        try:
            results = ast.literal_eval(text)
        except (ValueError, SyntaxError):
            results = text.split()
    elif ctx["raw_message"] and not isinstance(ctx["message"], (dict, list, tuple)):
        results = str(ctx["message"]).split()
    else:
        results = []
    if not isinstance(results, (list, tuple)):
        results = [results]
    sizes = message.get("sizes") or []
    return list(results) + [b"x" * int(n) for n in sizes], bool(message.get("pickle"))


def main():
    results, pickled = results_of(context())
    for i, result in enumerate(results, 1):
        try:
            if pickled or not isinstance(result, (str, bytes)):
                send_python_result(result)
                print("sent result {} (pickled): {!r}".format(i, result), flush=True)
            else:
                data = result.encode("utf-8") if isinstance(result, str) else result
                send_bytes_result(data)
                shown = data if len(data) <= 64 else data[:64] + b"..."
                print("sent result {}: {!r} ({} bytes)".format(i, shown, len(data)), flush=True)
        except AbacoActorError as e:
            fail("result {} not sent: {}".format(i, e), code=1)
    print("sent {} results".format(len(results)), flush=True)


if __name__ == "__main__":
    main()
