"""A per-request memo for lookups that many parts of one response repeat.

Rendering one page or API answer may ask the same question dozens of times (which collections
are restricted, for every embedded image and document). `per_request(key, compute)` answers it
once per HTTP request; outside a request (management commands, tasks, tests calling functions
directly) it computes every time, so nothing can go stale there. Django's `request_started` and
`request_finished` signals open and close the memo, so no middleware has to be installed.
"""

from contextvars import ContextVar

from django.core.signals import request_finished, request_started

_memo: ContextVar[dict | None] = ContextVar("zib_request_memo", default=None)


def per_request(key, compute):
    """`compute()`, remembered under `key` until the current request ends."""
    memo = _memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def in_request():
    """Whether a request is being answered (the memo is open)."""
    return _memo.get() is not None


def remember(key, value):
    """Set `key` for the rest of the current request (nothing outside a request)."""
    memo = _memo.get()
    if memo is not None:
        memo[key] = value


def recall(key, default=None):
    """The value remembered under `key` in the current request, else `default`."""
    memo = _memo.get()
    return default if memo is None else memo.get(key, default)


def forget(key):
    """Drop one remembered value (after the request itself changed what it depends on)."""
    memo = _memo.get()
    if memo is not None:
        memo.pop(key, None)


def _open(**kwargs):
    _memo.set({})


def _close(**kwargs):
    _memo.set(None)


def connect():
    request_started.connect(_open, dispatch_uid="zib_request_memo_open")
    request_finished.connect(_close, dispatch_uid="zib_request_memo_close")
