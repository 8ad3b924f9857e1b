"""Reviews and the committee: who reviews which application, the conflict-of-interest
declaration, scoring, internal comments, and the committee's overview of a round.

The rules live here; the admin views (grants.review_views) only call them. Every refusal is a
ReviewRefused with the German message staff see.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Avg, Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.permissions import policy_registry

from . import conf
from .models import (
    ApplicationStatus,
    GrantApplication,
    InternalComment,
    Review,
    ReviewAssignment,
    ReviewScore,
)
from .permissions import REVIEW

Declaration = ReviewAssignment.Declaration
CENT = Decimal("0.01")


class ReviewRefused(Exception):
    """An action on a review that the rules do not allow; str() is the message for staff."""


# --- Who reviews what --------------------------------------------------------------------------


def policy():
    return policy_registry.get_by_type(GrantApplication)


def reviewers():
    """The users a clerk may assign: active, with the review permission, not superusers."""
    users = policy().users_with_permission(REVIEW).filter(is_superuser=False)
    return users.order_by("last_name", "first_name", "username")


def assigned_to(user):
    """The applications `user` reviews: assigned, and not withdrawn for a conflict."""
    assignments = ReviewAssignment.objects.filter(reviewer=user).exclude(
        declaration=Declaration.CONFLICT
    )
    return GrantApplication.objects.filter(pk__in=assignments.values("application"))


def assignment_of(user, application):
    """The user's assignment to `application`, or None."""
    if not getattr(user, "pk", None):
        return None
    return ReviewAssignment.objects.filter(reviewer=user, application=application).first()


def is_reviewer_only(user):
    return policy().is_reviewer_only(user)


@transaction.atomic
def set_reviewers(application, users, *, by):
    """Assign exactly `users`: new ones are added, others removed with their review. Withdrawn
    assignments (a declared conflict) stay as the record of it. Returns (added, removed)."""
    if application.is_final:
        raise ReviewRefused(_("Der Antrag ist entschieden; die Begutachtung ist abgeschlossen."))
    wanted = {user.pk: user for user in users}
    current = {a.reviewer_id: a for a in application.review_assignments.select_related("reviewer")}
    removed = [
        assignment.reviewer
        for reviewer_id, assignment in current.items()
        if reviewer_id not in wanted and not assignment.is_withdrawn
    ]
    application.review_assignments.filter(reviewer__in=removed).delete()
    added = [user for pk, user in wanted.items() if pk not in current]
    ReviewAssignment.objects.bulk_create(
        ReviewAssignment(application=application, reviewer=user, assigned_by=by) for user in added
    )
    return added, removed


# --- Declaration and review ------------------------------------------------------------------


def check_open(assignment):
    if assignment.application.is_final:
        raise ReviewRefused(_("Der Antrag ist entschieden; Bewertungen sind nicht mehr möglich."))


def check_may_review(assignment):
    """Refuse reviewing a decided application, or before the declaration of no conflict."""
    check_open(assignment)
    if assignment.declaration == Declaration.PENDING:
        raise ReviewRefused(
            _("Bitte erklären Sie zuerst, dass bei Ihnen kein Interessenkonflikt besteht.")
        )
    if not assignment.may_review:
        raise ReviewRefused(
            _("Sie haben einen Interessenkonflikt erklärt und begutachten diesen Antrag nicht.")
        )


@transaction.atomic
def declare(assignment, *, conflict, reason=""):
    """Record the reviewer's declaration once, with its time. A conflict withdraws them."""
    assignment = ReviewAssignment.objects.select_for_update().get(pk=assignment.pk)
    check_open(assignment)
    if assignment.declaration != Declaration.PENDING:
        raise ReviewRefused(_("Sie haben Ihre Erklärung zu diesem Antrag schon abgegeben."))
    assignment.declaration = Declaration.CONFLICT if conflict else Declaration.NO_CONFLICT
    assignment.declared_at = timezone.now()
    assignment.conflict_reason = reason.strip() if conflict else ""
    assignment.save(update_fields=["declaration", "declared_at", "conflict_reason"])
    return assignment


@dataclass(frozen=True)
class Criterion:
    """A criterion as the review form asks it (`criterion` None: the overall score of a round
    without criteria)."""

    key: str
    name: str
    help_text: str
    weight: int
    criterion: object = None


def criteria_for(funding_round):
    criteria = [
        Criterion(f"criterion_{item.pk}", item.name, item.help_text, item.weight, item)
        for item in funding_round.review_criteria.all()
    ]
    return criteria or [Criterion("criterion_overall", str(_("Gesamtbewertung")), "", 1)]


@transaction.atomic
def save_review(assignment, *, scores, comment, recommended_amount):
    """Store the reviewer's review (a new one, or theirs replaced): `scores` maps each
    Criterion of `criteria_for` to 1–5. Refused before a declaration of no conflict."""
    assignment = ReviewAssignment.objects.select_for_update().get(pk=assignment.pk)
    check_may_review(assignment)
    rows = [
        ReviewScore(
            criterion=item.criterion,
            criterion_name=item.name,
            weight=item.weight,
            score=int(value),
        )
        for item, value in scores.items()
    ]
    for row in rows:
        row.full_clean(exclude=["review"])
    review, _created = Review.objects.update_or_create(
        assignment=assignment,
        defaults={"comment": comment.strip(), "recommended_amount": recommended_amount},
    )
    review.scores.all().delete()
    for row in rows:
        row.review = review
    ReviewScore.objects.bulk_create(rows)
    review.score = review.compute_score()
    review.save(update_fields=["score"])
    return review


# --- What each user sees -------------------------------------------------------------------------


def hides_others_from(user):
    """Whether `user` sees only their own reviews and comments among the reviewers'."""
    return conf.hide_other_reviewers() and is_reviewer_only(user)


def visible_reviews(application, user):
    reviews = Review.objects.filter(assignment__application=application).select_related(
        "assignment__reviewer"
    )
    if hides_others_from(user):
        reviews = reviews.filter(assignment__reviewer=user)
    return reviews.prefetch_related("scores")


def visible_comments(application, user):
    """Clerks see every comment; a reviewer the clerks' and their own, and other reviewers'
    only while ZIB_GRANTS_HIDE_OTHER_REVIEWERS is off."""
    comments = application.internal_comments.select_related("author")
    if hides_others_from(user):
        comments = comments.filter(Q(by_reviewer=False) | Q(author=user))
    return comments


def may_comment(user, application):
    """Staff may comment on every application, a reviewer on the ones they review."""
    return policy().user_has_any_permission_for_instance(
        user, ["view", "change", REVIEW], application
    )


def add_comment(application, user, text):
    if not text.strip():
        raise ReviewRefused(_("Bitte schreiben Sie einen Kommentar."))
    return InternalComment.objects.create(
        application=application,
        author=user,
        by_reviewer=is_reviewer_only(user),
        text=text.strip(),
    )


# --- Figures: the list and the committee -------------------------------------------------------


def _per_application(aggregate):
    reviews = (
        Review.objects.filter(assignment__application=OuterRef("pk"))
        .order_by()
        .values("assignment__application")
    )
    return Subquery(reviews.annotate(value=aggregate).values("value")[:1])


def with_review_stats(queryset):
    """Annotate `review_count`, `average_score` and `recommended_average` (None without
    reviews), as subqueries so that they add no rows to other annotations."""
    return queryset.annotate(
        review_count=Coalesce(_per_application(Count("pk")), 0),
        average_score=_per_application(Avg("score")),
        recommended_average=_per_application(Avg("recommended_amount")),
    )


def cents(value):
    return None if value is None else Decimal(value).quantize(CENT)


@dataclass
class CommitteeRow:
    application: GrantApplication
    recommended: Decimal | None
    proposed: Decimal
    running_total: Decimal
    over_budget: bool


@dataclass
class CommitteeOverview:
    """A round as the committee decides it: the applications ready for decision (best score
    first) with requested and recommended amounts, and the running total of what would be
    granted (already granted + each proposal down to this row) against the budget."""

    funding_round: object
    rows: list
    granted: list
    granted_sum: Decimal
    budget: Decimal | None

    @property
    def budget_left(self):
        return None if self.budget is None else self.budget - self.granted_sum

    @property
    def over_budget(self):
        return self.budget is not None and self.granted_sum > self.budget

    @property
    def over_by(self):
        return self.granted_sum - self.budget if self.over_budget else Decimal("0")

    @property
    def proposals_exceed_budget(self):
        return any(row.over_budget for row in self.rows)


def proposed_amount(application):
    """What the committee is shown to grant: the reviewers' average recommendation (at most
    the requested amount), else the requested amount."""
    recommended = cents(getattr(application, "recommended_average", None))
    if recommended is None:
        return application.requested_amount
    return min(recommended, application.requested_amount)


def committee_overview(funding_round):
    applications = with_review_stats(funding_round.applications.all())
    ready = applications.filter(status=ApplicationStatus.FOR_DECISION).order_by(
        F("average_score").desc(nulls_last=True), "submitted_at", "pk"
    )
    granted = list(
        applications.filter(status=ApplicationStatus.GRANTED).order_by("reference_number")
    )
    granted_sum = sum((item.granted_amount or Decimal("0") for item in granted), Decimal("0"))
    running = granted_sum
    rows = []
    for application in ready:
        proposed = proposed_amount(application)
        running += proposed
        rows.append(
            CommitteeRow(
                application=application,
                recommended=cents(application.recommended_average),
                proposed=proposed,
                running_total=running,
                over_budget=funding_round.budget is not None and running > funding_round.budget,
            )
        )
    return CommitteeOverview(
        funding_round=funding_round,
        rows=rows,
        granted=granted,
        granted_sum=granted_sum,
        budget=funding_round.budget,
    )
