"""Checks a request passes before the shared response cache may answer it.

The response cache (zib_wagtail.caching) answers a hit before any view runs. A feature whose
views check something on every request — the content API's rate limit — registers a gate here,
so that a cached answer never skips that check: a gate returns False when the request must go
to its view (which then refuses it).
"""

_gates = []


def register_cache_gate(gate):
    """Add `gate(request) -> bool`; registering the same gate twice keeps one."""
    if gate not in _gates:
        _gates.append(gate)


def may_answer_from_cache(request):
    return all(gate(request) for gate in _gates)
