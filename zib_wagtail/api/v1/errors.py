"""Errors as RFC 7807 problem details (`application/problem+json`) with stable codes.

Every error of /api/v1/ has this shape; portals switch on `code`, never on `title`/`detail`:

    {"type": "urn:zib-api:problem:not_found", "code": "not_found", "title": "Nicht gefunden",
     "status": 404, "detail": "…", "errors": [...]}

This module is the only place that writes one: views raise `APIProblem`; routers of other apps
mounted into the API (the changes feed) raise ninja's `HttpError`, optionally with `code` and
`errors` attributes; parameter validation, tokens, rate limits, unknown URLs, wrong methods and
unexpected exceptions all end in `problem_response`. In OpenAPI every error response refers to
the one `Problem` schema (v1/app.py).
"""

import json
import logging
import math
from http import HTTPStatus

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError

from .languages import request_language

PROBLEM_JSON = "application/problem+json"

#: The stable codes and the HTTP status each one goes with.
CODES = {
    "bad_request": 400,
    "invalid_cursor": 400,
    "unknown_parameter": 400,
    "spam_suspected": 400,
    "unauthorized": 401,
    "forbidden": 403,
    "submissions_disabled": 403,
    "not_found": 404,
    "method_not_allowed": 405,
    "round_closed": 409,
    "payload_too_large": 413,
    "validation_error": 422,
    "idempotency_key_reused": 422,
    "rate_limited": 429,
    "server_error": 500,
    "service_unavailable": 503,
}

#: The code of an error status without a code of its own.
_CODE_OF_STATUS = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    422: "validation_error",
    429: "rate_limited",
    500: "server_error",
    503: "service_unavailable",
}

logger = logging.getLogger("django.request")  # where Django logs its own 500s (mail_admins)


class FieldError(Schema):
    """One problem with one input: `field` is a form field or a query parameter."""

    field: str
    code: str
    message: str


class Problem(Schema):
    """An RFC 7807 problem detail (`application/problem+json`): `code` is stable, `title` names
    it in the request's language, `detail` is for developers, `errors` lists each invalid
    parameter or form field."""

    type: str
    code: str
    title: str
    status: int
    detail: str = ""
    errors: list[FieldError] | None = None


class APIProblem(Exception):
    """Raise anywhere in a view to answer with a problem response."""

    def __init__(self, code, detail="", *, errors=None, headers=None):
        super().__init__(detail or code)
        self.code = code
        self.status = CODES[code]
        self.detail = str(detail)
        self.errors = errors
        self.headers = headers or {}


#: The titles of the codes, in the language of the request (`?locale=`, Accept-Language).
TITLES = {
    "bad_request": _("Ungültige Anfrage"),
    "invalid_cursor": _("Ungültige Position im Änderungsfeed"),
    "unknown_parameter": _("Unbekannter Parameter"),
    "spam_suspected": _("Verdacht auf Spam"),
    "unauthorized": _("Anmeldung nötig"),
    "forbidden": _("Nicht erlaubt"),
    "submissions_disabled": _("Online-Anträge sind abgeschaltet"),
    "not_found": _("Nicht gefunden"),
    "method_not_allowed": _("Methode nicht erlaubt"),
    "round_closed": _("Keine Antragsrunde offen"),
    "payload_too_large": _("Anfrage zu groß"),
    "validation_error": _("Ungültige Angaben"),
    "idempotency_key_reused": _("Idempotency-Key schon für andere Angaben verwendet"),
    "rate_limited": _("Zu viele Anfragen"),
    "server_error": _("Fehler auf dem Server"),
    "service_unavailable": _("Dienst nicht verfügbar"),
}


def problem_response(code, detail="", *, errors=None, headers=None, status=None, request=None):
    """The problem response of `code` (its status from CODES unless given); its title in the
    language of `request`."""
    status = status or CODES[code]
    language = request_language(request)
    with translation.override(language):
        title = str(TITLES[code]) if code in TITLES else HTTPStatus(status).phrase
    body = {
        "type": f"urn:zib-api:problem:{code}",
        "code": code,
        "title": title,
        "status": status,
        "detail": str(detail),
    }
    if errors is not None:
        body["errors"] = errors
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False), status=status, content_type=PROBLEM_JSON
    )
    response["Cache-Control"] = "no-store"
    response["Content-Language"] = language
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def _validation_errors(exc):
    """Ninja's pydantic errors as FieldErrors, named after the parameter that was wrong."""
    errors = []
    for error in exc.errors:
        location = [
            str(part) for part in error.get("loc", ()) if part not in ("query", "path", "header")
        ]
        errors.append(
            {
                "field": ".".join(location) or "request",
                "code": str(error.get("type", "invalid")),
                "message": str(error.get("msg", "")),
            }
        )
    return errors


def register_exception_handlers(api):
    """Turn every error the API raises into a problem response, in this one place."""

    @api.exception_handler(APIProblem)
    def api_problem(request, exc):
        return problem_response(
            exc.code, exc.detail, errors=exc.errors, headers=exc.headers, request=request
        )

    @api.exception_handler(NinjaValidationError)
    def validation_error(request, exc):
        return problem_response(
            "validation_error",
            "The request is invalid.",
            errors=_validation_errors(exc),
            request=request,
        )

    @api.exception_handler(Throttled)
    def throttled(request, exc):
        wait = max(1, math.ceil(exc.wait or 1))
        return problem_response(
            "rate_limited",
            f"Too many requests; try again in {wait} seconds.",
            headers={"Retry-After": str(wait)},
            request=request,
        )

    @api.exception_handler(AuthenticationError)
    def unauthorized(request, exc):
        return problem_response(
            "unauthorized",
            "The bearer token is unknown or revoked.",
            headers={"WWW-Authenticate": "Bearer"},
            request=request,
        )

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        return problem_response("forbidden", str(exc) or "Not allowed.", request=request)

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return problem_response("not_found", "Not found.", request=request)

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        """ninja's HttpError, e.g. from a router of another app: `code` and `errors` attributes
        are taken over, else the code follows the status."""
        status = exc.status_code
        fallback = "server_error" if status >= 500 else "bad_request"
        code = getattr(exc, "code", None) or _CODE_OF_STATUS.get(status, fallback)
        return problem_response(
            code, str(exc), errors=getattr(exc, "errors", None), status=status, request=request
        )

    @api.exception_handler(Exception)
    def server_error(request, exc):
        """Anything unexpected: logged like Django's own 500s, answered as a problem."""
        logger.error(
            "Internal Server Error: %s",
            request.path,
            exc_info=exc,
            extra={"status_code": 500, "request": request},
        )
        return problem_response("server_error", "An unexpected error occurred.", request=request)


def not_found_view(request, *args, **kwargs):
    """Unknown URLs below /api/v1/ answer like every other error of the API."""
    return problem_response("not_found", "There is no such endpoint.", request=request)


def problem_for_wrong_methods(view):
    """ninja answers a method an endpoint does not have with a plain-text 405; make it a
    problem like every other error (with the `Allow` header kept)."""

    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith(
            PROBLEM_JSON
        ):
            allowed = response.get("Allow", "")
            return problem_response(
                "method_not_allowed",
                f"{request.method} is not allowed here; allowed: {allowed}.",
                headers={"Allow": allowed},
                request=request,
            )
        return response

    return wrapper


#: The problems every read operation may answer with (401: an invalid bearer token).
READ_ERRORS = {401: Problem, 404: Problem, 422: Problem, 429: Problem}
