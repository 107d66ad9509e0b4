"""Shared by the test actors in /actors: how a mode finds its parameters (see ../README.md)."""

import json
import os
import sys

from abaco_actor import get_context


def parameter(context, keys, env_var, default, convert=None):
    """The first of: message_dict[key] for key in keys, the environment variable env_var, a plain
    (non-dict) message, default. convert (e.g. int) is applied to whatever was found."""
    message = context["message_dict"]
    value = None
    for key in keys:
        if key in message:
            value = message[key]
            break
    else:
        if env_var and os.environ.get(env_var, "") != "":
            value = os.environ[env_var]
        elif context["raw_message"] not in (None, "") and not isinstance(context["message"], dict):
            value = context["message"]
        else:
            value = default
    if convert is not None:
        try:
            value = convert(value)
        except (TypeError, ValueError):
            fail("bad parameter {!r} (from {} / {}): expected {}".format(value, keys, env_var, convert.__name__))
    return value


def fail(message, code=2):
    print("actor: " + message, file=sys.stderr, flush=True)
    sys.exit(code)


def jsonable(value):
    """value with what JSON cannot hold made printable: tuples/sets become lists, bytes and other
    objects their repr, dict keys that JSON cannot take their repr."""
    if isinstance(value, dict):
        return {k if isinstance(k, (str, int, float, bool)) or k is None else repr(k): jsonable(v)
                for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted((jsonable(v) for v in value), key=repr)
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return repr(value)


def dumps(value):
    return json.dumps(jsonable(value), sort_keys=True)


def context():
    return get_context()
