"""`POST /api/v1/grant-applications/`: a grant application from a portal.

The same steps as the HTML form on the live GrantApplicationPage, in the same order
(grants/intake.py): size limit, a repeated Idempotency-Key, rate limits (the same counters as
the form), open round, `GrantApplicationForm` validation (messages in the applicant's language),
then `page.process_form_submission` (grants/submission.py) stores it. The answer carries only
the reference number, never the stored data.

`Idempotency-Key` (IETF draft "The Idempotency-Key HTTP Header Field"; Stripe's semantics): the
first accepted submission with a key stores its answer with the key (grants/tokens.py). The same
key with the same fields and files gets that answer again, same status and body, with
`Idempotent-Replayed: true`, and stores nothing; with other fields or files it is a 422
`idempotency_key_reused`. Requests that were refused (validation, rate limit, …) store nothing,
so the same key may be sent again once the request is corrected. A concurrent request with the
same key waits for the first one's transaction and then gets its answer. Keys expire after
ZIB_GRANTS_IDEMPOTENCY_KEY_TTL seconds.
"""

from django import forms
from django.conf import settings
from django.http import HttpResponse
from django.utils import translation
from ninja import Field, Header, Query, Router, Schema
from ninja.responses import Status

from grants import intake, tokens
from grants.financing import TABLES
from grants.forms import EuroField, GrantApplicationForm, MultipleFileField
from grants.models import GrantApplicationPage, IncomeKind
from search.query import searchable_pages

from .errors import APIProblem, Problem
from .languages import request_language
from .schemas.common import LocaleCode

router = Router(tags=["Grant applications"])

#: Fields of the HTML form that are not part of the API (the bots' honeypot).
HIDDEN_FIELDS = {"website"}


class SubmissionReceipt(Schema):
    reference: str = Field(
        description="The reference number: prefix-year-number, e.g. `ANTRAG-2026-0042`."
    )
    status: str = Field("received", description="Always `received`.")
    message: str


def _field_schema(field):
    """JSON schema of one form field as it travels in multipart/form-data."""
    description = str(field.label or "")
    if isinstance(field, MultipleFileField):
        schema = {"type": "array", "items": {"type": "string", "format": "binary"}}
    elif isinstance(field, forms.FileField):
        schema = {"type": "string", "format": "binary"}
    elif isinstance(field, forms.BooleanField):
        schema = {"type": "boolean"}
    elif isinstance(field, EuroField):
        schema = {"type": "string", "examples": ["1.500,00", "1500.00"]}
        description += " – Euro, German („1.500,00“) or plain („1500.00“) notation."
    elif isinstance(field, forms.ModelChoiceField):
        schema = {"type": "integer"}
        description += " – a district id from this API's `/districts/`."
    elif isinstance(field, forms.TypedChoiceField | forms.ChoiceField):
        schema = {"type": "string", "enum": [str(v) for v, _label in field.choices if v != ""]}
    elif isinstance(field, forms.IntegerField):
        schema = {"type": "integer"}
    elif isinstance(field, forms.DateField):
        schema = {"type": "string", "format": "date"}
    elif isinstance(field, forms.EmailField):
        schema = {"type": "string", "format": "email"}
    else:
        schema = {"type": "string"}
    max_length = getattr(field, "max_length", None)
    if max_length and schema.get("type") == "string":
        schema["maxLength"] = max_length
    if field.required and schema.get("type") == "string" and "format" not in schema:
        schema["minLength"] = 1  # the form refuses an empty required field
    return {**schema, "description": description}


def _row_schema(form_class, **extra):
    """A row of a table of the financing plan as a JSON object (its amount a string in German
    or plain notation, or a number)."""
    fields = form_class.base_fields
    properties = {name: _field_schema(field) for name, field in fields.items()}
    properties["amount"] = {
        "type": ["string", "number"],
        "minimum": 0,
        "examples": ["1.200,00", 1200],
        "description": properties["amount"]["description"],
    }
    properties.update(extra)
    return {
        "type": "object",
        "properties": properties,
        "required": [name for name in properties if name in fields and fields[name].required],
    }


def plan_schemas():
    """The JSON parts of the body: the financing plan's lines and the answers to the round's
    questions (grants/payload.py turns them into the form's fields)."""
    costs = TABLES["costs"]
    own, third_party = TABLES["own_funds"], TABLES["third_party"]
    income = _row_schema(
        third_party.form,
        kind={"type": "string", "enum": list(IncomeKind.values), "description": "Art"},
    )
    income["required"] = ["kind", "description", "amount"]
    income["properties"]["description"]["description"] = (
        "Own funds: what they are (Art der Eigenmittel); third-party funds: who gives them "
        "(Geldgeber)."
    )
    income["description"] = (
        "`own`: own funds (Eigenmittel); `third_party`: another funder's grant (Drittmittel), "
        "with `status` `confirmed` or `applied`. The requested grant is `requested_amount`."
    )
    return {
        "cost_lines": {
            "type": "array",
            "items": _row_schema(costs.form),
            "minItems": 1,
            "maxItems": costs.max_num,
            "description": "Kosten: every expense of the project, one object each.",
        },
        "income_lines": {
            "type": "array",
            "items": income,
            "maxItems": own.max_num + third_party.max_num,
            "description": (
                "Finanzierung besides the requested grant. The plan must balance to the cent: "
                "the sum of `cost_lines` = the sum of `income_lines` + `requested_amount`."
            ),
        },
        "answers": {
            "type": "object",
            "additionalProperties": {"type": ["string", "number", "boolean", "null"]},
            "description": (
                "Answers to the open round's own questions (`questions` of "
                "`/funding-rounds/{id}/`), by question key: text, long_text, choice → string; "
                "yes_no → boolean; number → number or string; date → `YYYY-MM-DD`. A file "
                "question is answered by a file part named `question_<key>` instead."
            ),
        },
    }


def request_body_schema():
    """The multipart body, derived from GrantApplicationForm (the HTML form's fields) and the
    JSON parts of the financing plan and the answers."""
    fields = {
        name: field
        for name, field in GrantApplicationForm.base_fields.items()
        if name not in HIDDEN_FIELDS
    }
    parts = plan_schemas()
    return {
        "requestBody": {
            "required": True,
            "content": {
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "properties": {
                            **{name: _field_schema(f) for name, f in fields.items()},
                            **parts,
                        },
                        "required": [
                            *(name for name, f in fields.items() if f.required),
                            "cost_lines",
                        ],
                    },
                    "encoding": {name: {"contentType": "application/json"} for name in parts},
                }
            },
        }
    }


def application_page():
    """The live, public application form page whose settings (recipients) apply."""
    pages = list(
        searchable_pages(GrantApplicationPage.objects.all())
        .select_related("locale")
        .order_by("path")
    )
    default = [page for page in pages if page.locale.language_code == settings.LANGUAGE_CODE]
    return (default or pages or [None])[0]


#: The problem (code, detail) for each refusal of the intake (grants/intake.py).
REFUSALS = {
    "too_large": ("payload_too_large", "The request is too large."),
    "rate_limited": ("rate_limited", "Too many submissions."),
    "round_closed": ("round_closed", "No funding round is open for applications."),
    "spam": ("spam_suspected", "The submission was refused."),
    "key_reused": (
        "idempotency_key_reused",
        "This Idempotency-Key was used for a request with other fields or files; use a new key "
        "for a new submission.",
    ),
}


def _retry(refusal):
    return {"Retry-After": str(refusal.retry_after)} if refusal.retry_after else None


#: The applicant's language: the one the answer, the errors and the mails are written in.
applicant_language = request_language


def form_errors(form):
    return [
        {"field": form.public_name(field), "code": error.code or "invalid", "message": message}
        for field, errors in form.errors.as_data().items()
        for error in errors
        for message in error.messages
    ]


#: `?locale=`: the applicant's language (`applicant_language` reads it, with Accept-Language).
LOCALE_PARAMETER = Query(
    None, description="The applicant's language (answer, errors, e-mails); see above."
)

#: The client's key for one submission, sent again unchanged with every retry of it.
IDEMPOTENCY_KEY_PARAMETER = Header(
    None,
    alias="Idempotency-Key",
    min_length=1,
    max_length=255,
    pattern=r"^[!-~]+$",
    description=(
        "A unique key per submission chosen by the client (e.g. a UUID), sent again unchanged "
        "when the request is retried. The same key with the same fields and files answers "
        "with the stored answer of the first accepted submission (`Idempotent-Replayed: "
        "true`) instead of storing it twice; with other fields or files it is a 422 "
        "`idempotency_key_reused`. Keys are remembered for 24 hours (the site may configure "
        "another time); refused requests are not remembered. Compared exactly as sent."
    ),
)

#: The header of an answer that repeats a stored one.
REPLAYED_HEADER = "Idempotent-Replayed"


def receipt(application):
    """The answer to an accepted submission, in the active language: (status, body)."""
    message = translation.gettext("Ihr Antrag ist eingegangen. Ihr Aktenzeichen: %(reference)s")
    body = {
        "reference": application.reference,
        "status": "received",
        "message": str(message % {"reference": application.reference}),
    }
    return 201, body


def claim_of(key):
    """The intake's claim of a request with the Idempotency-Key `key` (None without one)."""
    if key is None:
        return None
    return lambda request: tokens.api_claim(key, request.POST, request.FILES, receipt)


@router.post(
    "/",
    response={
        201: SubmissionReceipt,
        400: Problem,
        401: Problem,
        403: Problem,
        409: Problem,
        413: Problem,
        422: Problem,
        429: Problem,
    },
    openapi_extra={
        **request_body_schema(),
        "responses": {
            201: {
                "headers": {
                    REPLAYED_HEADER: {
                        "description": "`true` when this is the stored answer to an earlier "
                        "request with the same Idempotency-Key.",
                        "schema": {"type": "string", "enum": ["true"]},
                    }
                }
            }
        },
    },
    summary="Submit a grant application",
)
def submit(
    request,
    response: HttpResponse,
    locale: LocaleCode | None = LOCALE_PARAMETER,
    # None without the header (typed `str`: a header is never `null`, so neither is its schema)
    idempotency_key: str = IDEMPOTENCY_KEY_PARAMETER,
):
    """Multipart with the fields of the online form; `budget_plan` and `attachments` as files;
    the financing plan (`cost_lines`, `income_lines`) and the `answers` to the round's questions
    as JSON parts.

    201 with the reference number; 422 with messages per field (a line's field as
    `cost_lines[0].amount`, the plan's balance as `financing_plan`) in the applicant's language
    (`?locale=`, else `Accept-Language`, else German), which is also the language of their
    e-mails; 409 `round_closed` when no funding round is open; 403 `submissions_disabled` when
    the online form is not published. With an `Idempotency-Key`, a retry of an accepted
    submission gets the first answer again instead of storing a second application.
    """
    page = application_page()
    if page is None:
        raise APIProblem("submissions_disabled", "Online applications are not available.")
    page = page.specific
    with translation.override(applicant_language(request)):
        outcome = intake.take(request, page, claim_of(idempotency_key))
        if outcome.repeated:
            stored = outcome.repeated.response
            response[REPLAYED_HEADER] = "true"
            return Status(stored["status"], stored["body"])
        if outcome.refusal:
            raise APIProblem(*REFUSALS[outcome.refusal.reason], headers=_retry(outcome.refusal))
        if outcome.invalid:
            raise APIProblem(
                "validation_error",
                translation.gettext("Die Angaben sind unvollständig oder fehlerhaft."),
                errors=form_errors(outcome.form),
            )
        return Status(*receipt(outcome.application))
