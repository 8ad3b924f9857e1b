"""One intake for grant applications, shared by the HTML form and the submission API.

The checks run in this order; each refuses before the next one looks further:

1. size — a body larger than ZIB_GRANTS_MAX_REQUEST_SIZE, before it is read (the only refusal
   that cannot give the typed values back: they never arrived);
2. body — Django's own limits on the number of fields and files;
3. repetition — a submission token (form) or Idempotency-Key (API) that was used before answers
   like its first submission, whatever the later checks would say (grants/tokens.py);
4. rate limit — the client's accepted submissions (ZIB_GRANTS_RATE_LIMIT) and, apart, the ones
   not accepted (ZIB_GRANTS_INVALID_RATE_LIMIT; grants/ratelimit.py);
5. open round — a round must be open, or have closed less than ZIB_GRANTS_DEADLINE_GRACE_MINUTES
   ago for a form whose signed token says it was opened before the deadline;
6. spam — the honeypot field is filled;
7. validation — every field of the form; a file over the size limits makes it a `too_large`
   refusal (with the validated form).

Only then is the application stored (`GrantApplicationPage.process_form_submission`: one
transaction for data, reference number, token, files and e-mails). Every refusal from step 3 on
carries the bound form, so that the HTML answer shows every typed value again. Refusals from
step 1 on count as submissions not accepted, a stored application as an accepted one.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.db import IntegrityError
from django.utils import timezone

from . import conf, ratelimit, tokens
from .validators import TOO_LARGE_CODES


@dataclass(frozen=True)
class Refusal:
    """Why the intake refused a submission."""

    #: "too_large", "rate_limited", "round_closed", "spam" or "key_reused" (an Idempotency-Key
    #: used before with another request).
    reason: str
    #: Seconds after which the client may try again (rate limit), else None.
    retry_after: int | None = None


@dataclass
class Outcome:
    """What became of a submission: a `refusal`, an invalid `form`, a new `application`, or a
    repetition of an earlier submission (`repeated`, its SubmissionToken; `application` is the
    earlier one)."""

    funding_round: object = None
    form: object = None
    refusal: Refusal | None = None
    application: object = None
    repeated: object = None

    @property
    def accepted(self):
        """A new application was stored."""
        return self.application is not None and self.repeated is None

    @property
    def invalid(self):
        return self.refusal is None and self.application is None


def declared_length(request):
    """The body size the client declares (0 when absent or malformed)."""
    try:
        return max(0, int(request.META.get("CONTENT_LENGTH") or 0))
    except ValueError:
        return 0


def submission_round(page, claim, now=None):
    """The round a submission goes to: the open one; else, up to ZIB_GRANTS_DEADLINE_GRACE_MINUTES
    after a deadline, the round the form was opened for before that deadline."""
    current = page.get_current_round()
    if current is not None or claim is None or claim.round_id is None:
        return current
    from .models import FundingRound

    opened_for = FundingRound.objects.filter(pk=claim.round_id).first()
    if opened_for is None or claim.issued_at > opened_for.closes_at:
        return None
    grace = datetime.timedelta(minutes=conf.deadline_grace_minutes())
    now = now or timezone.now()
    return opened_for if opened_for.opens_at <= now <= opened_for.closes_at + grace else None


def too_large(form):
    """Whether the form refused a file (or all files together) for its size."""
    return any(
        error.code in TOO_LARGE_CODES
        for errors in form.errors.as_data().values()
        for error in errors
    )


def _repetition(claim, earlier, funding_round=None, form=None):
    if earlier.fingerprint != claim.fingerprint:
        return Outcome(funding_round=funding_round, form=form, refusal=Refusal("key_reused"))
    return Outcome(form=form, application=earlier.application, repeated=earlier)


def read(request, count=True):
    """Steps 1 and 2: the refusal of a body too large to be read (counted as a submission not
    accepted, unless `count` is false), else None — then request.POST and request.FILES hold
    it. Django refuses a body beyond its limits only at the first reading, so ask this before
    anything reads the body."""
    try:
        if declared_length(request) > conf.max_request_size():
            raise RequestDataTooBig
        request.POST, request.FILES  # noqa: B018 - reads the body
    except (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent):
        if count:
            ratelimit.count_not_accepted(request)
        return Outcome(refusal=Refusal("too_large"))
    return None


def take(request, page, claim_of=None, form_of=None):
    """Run the intake for a POST to the application `page`; store it when it passes.

    `claim_of(request)` returns the submission's tokens.Claim (or None); it is asked once the
    body may be read. `form_of(data, files, funding_round)` makes the bound form (default:
    `page.get_form`; the HTML form's steps add the values and files of its draft).
    """
    unreadable = read(request)
    if unreadable is not None:
        return unreadable
    data, files = request.POST, request.FILES
    claim = claim_of(request) if claim_of else None
    earlier = tokens.find(claim) if claim else None
    if earlier is not None:
        return _repetition(claim, earlier)

    funding_round = submission_round(page, claim)
    if form_of is None:
        form = page.get_form(data, files, funding_round=funding_round)
    else:
        form = form_of(data, files, funding_round)
    retry_after = ratelimit.submission_retry_after(request)
    if retry_after:
        return Outcome(funding_round, form, Refusal("rate_limited", retry_after=retry_after))
    refusal = None
    if funding_round is None:
        refusal = Refusal("round_closed")
    elif form.is_spam:
        refusal = Refusal("spam")
    elif not form.is_valid():
        refusal = Refusal("too_large") if too_large(form) else None
        ratelimit.count_not_accepted(request)
        return Outcome(funding_round, form, refusal)
    if refusal:
        ratelimit.count_not_accepted(request)
        return Outcome(funding_round, form, refusal)

    if not ratelimit.reserve_submission(request):
        retry_after = conf.rate_limit()[1]
        return Outcome(funding_round, form, Refusal("rate_limited", retry_after=retry_after))
    try:
        application = page.process_form_submission(form, funding_round, request, claim=claim)
    except IntegrityError:
        ratelimit.release_submission(request)
        # A concurrent submission with the same claim was stored first (its token's unique
        # constraint): answer like that one. Any other integrity error is a bug: raise it.
        earlier = tokens.find(claim) if claim else None
        if earlier is None:
            raise
        return _repetition(claim, earlier, funding_round, form)
    except BaseException:
        ratelimit.release_submission(request)
        raise
    return Outcome(funding_round=funding_round, form=form, application=application)
