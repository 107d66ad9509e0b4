"""Container-side helpers for Abaco actors (the parts of agavepy.actors an actor uses), standard library only.

    from abaco_actor import get_context, send_bytes_result, update_state

The contract with Abaco (docs: docker/images/python-actor/README.md):
  * the message is in the environment variable MSG: a plain string, or a JSON message rendered as a Python
    literal (``{'a': 1, 'b': [True, None]}``), hence ``ast.literal_eval``; absent for binary messages;
  * a binary message is read from the named pipe (FIFO) /_abaco_binary_data;
  * each datagram sent to the Unix datagram socket /_abaco_results.sock is one result (at most 128 KiB);
  * the ``_abaco_*`` variables describe the execution; ``update_state`` and ``send_message`` call the
    Abaco API at ``_abaco_api_server`` with the injected ``_abaco_access_token`` (or ``x-nonce``).
"""

import ast
import errno
import json
import os
import pickle
import select
import socket
import time

# urllib (about a third of this module's import time) is imported where the API is called.

__all__ = [
    "AbacoActorError",
    "AbacoApiError",
    "BINARY_DATA_PATH",
    "MAX_RESULT_BYTES",
    "RESULTS_SOCKET_PATH",
    "ResultTooLargeError",
    "get_binary_message",
    "get_context",
    "get_tenant",
    "send_bytes_result",
    "send_message",
    "send_python_result",
    "update_state",
]

RESULTS_SOCKET_PATH = "/_abaco_results.sock"
BINARY_DATA_PATH = "/_abaco_binary_data"
MAX_RESULT_BYTES = 131072  # 128 KiB: the largest datagram Abaco accepts as one result


class AbacoActorError(Exception):
    """Something an actor asked of Abaco could not be done."""


class ResultTooLargeError(AbacoActorError, ValueError):
    """A result is larger than one datagram may be (MAX_RESULT_BYTES)."""


class AbacoApiError(AbacoActorError):
    """The Abaco API answered a call with an error (status is None when it could not be reached)."""

    def __init__(self, message, status=None, body=None):
        super().__init__(message)
        self.status = status
        self.body = body


class AttrDict(dict):
    """A dict whose keys can also be read as attributes (context.message_dict.a), as in agavepy."""

    def __getattr__(self, key):
        try:
            return self[key]
        except KeyError:
            raise AttributeError(key) from None

    def __setattr__(self, key, value):
        self[key] = value


def _literal(text):
    """(True, value) when text is a Python literal, else (False, error message)."""
    try:
        return True, ast.literal_eval(text)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError) as e:
        return False, "{}: {}".format(type(e).__name__, e)


def get_context():
    """The execution's context, with the keys agavepy's get_context() has.

    raw_message      MSG as is (None for binary messages)
    message_dict     ast.literal_eval(MSG) when that gives a dict, else {} (as agavepy)
    message          ast.literal_eval(MSG) whatever its type, else the raw string (None when absent)
    raw_message_parse_log   why MSG did not parse ('' when it did)
    content_type     _abaco_Content_Type: 'str', 'application/json' or 'application/octet-stream'
    execution_id, username, actor_id, actor_dbid, worker_id, actor_repo (_abaco_container_repo),
    actor_name, api_server, tenant
    state            ast.literal_eval(_abaco_actor_state), or the raw string when it is no literal
    environment      a copy of the whole environment
    Like agavepy, every environment variable is also a key of its own (context['x-nonce'], ...).
    """
    env = os.environ
    raw = env.get("MSG")
    context = AttrDict()
    context.update(env)
    context.update(
        raw_message=raw,
        content_type=env.get("_abaco_Content_Type"),
        execution_id=env.get("_abaco_execution_id"),
        username=env.get("_abaco_username"),
        actor_dbid=env.get("_abaco_actor_dbid"),
        actor_id=env.get("_abaco_actor_id"),
        worker_id=env.get("_abaco_worker_id"),
        actor_repo=env.get("_abaco_container_repo"),
        actor_name=env.get("_abaco_actor_name"),
        api_server=env.get("_abaco_api_server"),
        tenant=get_tenant(),
        environment=dict(env),
    )
    context["message_dict"] = AttrDict()
    context["raw_message_parse_log"] = ""
    if raw is None:
        context["message"] = None
    else:
        ok, value = _literal(raw)
        if ok:
            context["message"] = value
            if isinstance(value, dict):
                context["message_dict"] = AttrDict(value)
        else:
            context["message"] = raw
            context["raw_message_parse_log"] = "Error parsing message: {}".format(value)
    raw_state = env.get("_abaco_actor_state")
    if raw_state is None:
        context["state"] = None
    else:
        ok, value = _literal(raw_state)
        context["state"] = value if ok else raw_state
    return context


def get_tenant():
    """The tenant, from _abaco_actor_dbid ('{TENANT}_{actor id}'); None when that is not set."""
    dbid = os.environ.get("_abaco_actor_dbid") or ""
    if "_" not in dbid:
        return None
    return dbid.rsplit("_", 1)[0]


# ---------------------------------------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------------------------------------

def send_bytes_result(data, socket_path=None):
    """Sends one result: data (bytes-like, at most MAX_RESULT_BYTES) as one datagram to the results socket."""
    if isinstance(data, str):
        raise TypeError("send_bytes_result takes bytes, not str (encode it, e.g. s.encode('utf-8'))")
    data = bytes(memoryview(data))
    if len(data) > MAX_RESULT_BYTES:
        raise ResultTooLargeError(
            "a result is at most {} bytes (one datagram); this one has {}: split it into several results"
            .format(MAX_RESULT_BYTES, len(data)))
    path = socket_path or RESULTS_SOCKET_PATH
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as client:
        try:
            client.connect(path)
            client.send(data)
        except OSError as e:
            if e.errno in (errno.ENOENT, errno.ECONNREFUSED):
                raise AbacoActorError(
                    "no results socket listens at {} (is this running as an Abaco execution?): {}".format(path, e)
                ) from e
            raise AbacoActorError("could not send a result of {} bytes to {}: {}".format(len(data), path, e)) from e


def send_python_result(obj, socket_path=None):
    """Sends obj pickled as one result. agavepy uses cloudpickle; for plain data the bytes are the same
    kind (cloudpickle.loads and pickle.loads both read them)."""
    send_bytes_result(pickle.dumps(obj), socket_path)


# ---------------------------------------------------------------------------------------------------------
# Binary messages
# ---------------------------------------------------------------------------------------------------------

def get_binary_message(path=None, timeout=None, idle=None):
    """The whole binary message, read from the FIFO at /_abaco_binary_data.

    Works with both ways of writing it: a writer that writes everything and closes (read to end of file),
    and one that keeps the FIFO open after writing (upstream Abaco, read by agavepy until the pipe is
    empty): once data came, an empty pipe for `idle` seconds (ABACO_BINARY_IDLE_SECONDS, default 0.25)
    ends the message. With no data at all the read gives up after `timeout` seconds
    (ABACO_BINARY_TIMEOUT_SECONDS, default 30) and returns b''.
    """
    path = path or BINARY_DATA_PATH
    if timeout is None:
        timeout = float(os.environ.get("ABACO_BINARY_TIMEOUT_SECONDS", "30"))
    if idle is None:
        idle = float(os.environ.get("ABACO_BINARY_IDLE_SECONDS", "0.25"))
    try:
        # Non-blocking: opening does not wait for a writer, reads never hang on a writer that stays.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as e:
        raise AbacoActorError("cannot open the binary message at {}: {}".format(path, e)) from e
    chunks = []
    received = 0
    deadline = time.monotonic() + timeout
    try:
        poller = select.poll()
        poller.register(fd, select.POLLIN | select.POLLHUP)
        while True:
            if received:
                wait = idle
            else:
                wait = deadline - time.monotonic()
                if wait <= 0:
                    return b""
            # POLLHUP: a writer came and left. A FIFO that never had a writer reports nothing (Linux),
            # so a reader that is early simply waits here for the writer.
            events = poller.poll(max(0, int(wait * 1000)))
            if not events:
                if received:
                    break  # the writer keeps the FIFO open but has nothing more: the message is complete
                continue
            while True:
                try:
                    chunk = os.read(fd, 1 << 20)
                except BlockingIOError:
                    break  # drained for now
                if not chunk:
                    if received or events[0][1] & select.POLLHUP:
                        return b"".join(chunks)  # end of file: every writer closed
                    break
                chunks.append(chunk)
                received += len(chunk)
    finally:
        os.close(fd)
    return b"".join(chunks)


# ---------------------------------------------------------------------------------------------------------
# Calling the Abaco API
# ---------------------------------------------------------------------------------------------------------

def _api_request(route, body, content_type, timeout=30):
    import urllib.error
    import urllib.parse
    import urllib.request

    env = os.environ
    server = (env.get("_abaco_api_server") or "").rstrip("/")
    if not server:
        raise AbacoActorError("_abaco_api_server is not set: cannot call the Abaco API from this execution")
    url = server + route
    nonce = env.get("x-nonce")
    if nonce:
        url += ("&" if "?" in url else "?") + urllib.parse.urlencode({"x-nonce": nonce})
    headers = {"Content-Type": content_type, "Accept": "application/json"}
    token = env.get("_abaco_access_token")
    if token:
        headers["Authorization"] = "Bearer " + token
    tenant = get_tenant()
    if tenant:
        headers["tenant"] = tenant
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            text = response.read().decode("utf-8", "replace")
            status = response.status
    except urllib.error.HTTPError as e:
        text = e.read().decode("utf-8", "replace")
        raise AbacoApiError("POST {} failed with HTTP {}: {}".format(url, e.code, text), e.code, text) from e
    except (urllib.error.URLError, OSError) as e:
        reason = getattr(e, "reason", e)
        raise AbacoApiError("POST {} failed: {}".format(url, reason)) from e
    if not 200 <= status < 300:
        raise AbacoApiError("POST {} failed with HTTP {}: {}".format(url, status, text), status, text)
    try:
        return json.loads(text)
    except ValueError:
        return text


def update_state(state, timeout=30):
    """Sets this actor's state (any JSON value) with POST {api}/actors/{actor id}/state; returns the
    API's answer (parsed JSON). Raises AbacoApiError, with the response body, when it is refused."""
    from urllib.parse import quote

    actor_id = os.environ.get("_abaco_actor_id")
    if not actor_id:
        raise AbacoActorError("_abaco_actor_id is not set: cannot update the state outside an execution")
    body = json.dumps(state).encode("utf-8")
    return _api_request("/actors/{}/state".format(quote(actor_id, safe="")), body,
                        "application/json", timeout)


def send_message(actor_id, message, timeout=30):
    """Sends a message to an actor (id or alias) with POST {api}/actors/{actor_id}/messages; returns the
    API's answer (parsed JSON). A dict or list goes as a JSON message, bytes as a binary message, anything
    else as a string message."""
    from urllib.parse import quote, urlencode

    if isinstance(message, (dict, list)):
        body, content_type = json.dumps(message).encode("utf-8"), "application/json"
    elif isinstance(message, (bytes, bytearray, memoryview)):
        body, content_type = bytes(message), "application/octet-stream"
    else:
        body = urlencode({"message": str(message)}).encode("ascii")
        content_type = "application/x-www-form-urlencoded"
    return _api_request("/actors/{}/messages".format(quote(str(actor_id), safe="")), body,
                        content_type, timeout)
