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


# --- Answers for one visitor only ------------------------------------------------------------
#
# Some answers are personal although nothing in the request or response says so generically (no
# session, no CSRF token, no cookie): an applicant's status page behind a secret link, say. A
# page type says so with `shared_cache = False` (BasePage); Wagtail's serve hook then marks the
# request, and the response cache (which may not be imported here) neither keeps nor lets any
# other cache keep the answer (`Cache-Control: private, no-store`).

PERSONAL_ATTRIBUTE = "zib_personal_response"


def mark_personal(request):
    """The answer to this request is for this visitor only."""
    setattr(request, PERSONAL_ATTRIBUTE, True)


def is_marked_personal(request):
    return getattr(request, PERSONAL_ATTRIBUTE, False)
