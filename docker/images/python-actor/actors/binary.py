#!/usr/bin/env python3
"""Mode binary: reads the whole binary message from /_abaco_binary_data, prints 'length: N' and
'sha256: <hex>', and sends the hex digest as one result (skipped, with a note on stderr, when no
results socket is mounted)."""

import hashlib
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _common import fail  # noqa: E402
from abaco_actor import RESULTS_SOCKET_PATH, AbacoActorError, get_binary_message, send_bytes_result  # noqa: E402


def main():
    try:
        data = get_binary_message()
    except AbacoActorError as e:
        fail(str(e), code=1)
    digest = hashlib.sha256(data).hexdigest()
    print("length: {}".format(len(data)), flush=True)
    print("sha256: {}".format(digest), flush=True)
    if not os.path.exists(RESULTS_SOCKET_PATH):
        print("no results socket at {}: digest not sent".format(RESULTS_SOCKET_PATH), file=sys.stderr, flush=True)
        return
    try:
        send_bytes_result(digest.encode("ascii"))
    except AbacoActorError as e:
        fail("digest not sent: {}".format(e), code=1)
    print("sent the digest as a result", flush=True)


if __name__ == "__main__":
    main()
