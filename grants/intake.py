"""One intake for grant applications, shared by the HTML form and the submission API.

The checks run in this order; each refuses before the next one looks at the request, so a
refused POST never reads more of it than needed:

1. size — a body larger than ZIB_GRANTS_MAX_REQUEST_SIZE (before it is read);
2. rate limit — the client's submission attempts (ZIB_GRANTS_RATE_LIMIT);
3. open round — a funding round must be open;
4. body — Django's own limits on the number of fields and files;
5. spam — the honeypot field is filled;
6. validation — every field of the form.

Only then is the application stored (`GrantApplicationPage.process_form_submission`: one
transaction for data, reference number, files and e-mails). The callers turn the outcome into
their own answer: a re-rendered form or refusal page, or a problem+json response.
"""

from dataclasses import dataclass

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent

from . import conf, ratelimit


@dataclass(frozen=True)
class Refusal:
    """Why the intake refused a submission before validating it."""

    #: "too_large", "rate_limited", "round_closed" or "spam".
    reason: str
    #: Seconds after which the client may try again (rate limit), else None.
    retry_after: int | None = None


@dataclass
class Outcome:
    """What became of a submission: exactly one of `refusal`, an invalid `form`, `application`."""

    funding_round: object = None
    form: object = None
    refusal: Refusal | None = None
    application: object = None

    @property
    def accepted(self):
        return self.application is not None

    @property
    def invalid(self):
        return self.refusal is None and self.application is None


def declared_length(request):
    """The body size the client declares (0 when absent or malformed)."""
    try:
        return max(0, int(request.META.get("CONTENT_LENGTH") or 0))
    except ValueError:
        return 0


def check_request(request, funding_round):
    """Steps 1–3: a Refusal, or None when the request may be read."""
    if declared_length(request) > conf.max_request_size():
        return Refusal("too_large")
    if not ratelimit.allow(request):
        return Refusal("rate_limited", retry_after=conf.rate_limit()[1])
    if funding_round is None:
        return Refusal("round_closed")
    return None


def take(request, page):
    """Run the intake for a POST to the application `page`; store it when it passes."""
    funding_round = page.get_current_round()
    refusal = check_request(request, funding_round)
    if refusal:
        return Outcome(funding_round=funding_round, refusal=refusal)
    try:
        data, files = request.POST, request.FILES
    except (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent):
        return Outcome(funding_round=funding_round, refusal=Refusal("too_large"))
    form = page.get_form(data, files, funding_round=funding_round)
    if form.is_spam:
        return Outcome(funding_round=funding_round, form=form, refusal=Refusal("spam"))
    if not form.is_valid():
        return Outcome(funding_round=funding_round, form=form)
    application = page.process_form_submission(form, funding_round, request)
    return Outcome(funding_round=funding_round, form=form, application=application)
