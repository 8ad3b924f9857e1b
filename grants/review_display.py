"""What reviews add to the application list and detail view of the admin (used by
grants.viewsets): the columns of the figures, the reviewer's own state, the row and header
buttons, and the reviews, comments and letters the user may see."""

from django.db.models import Exists, OuterRef, Subquery
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets.button import HeaderButton

from . import reviews
from .models import GrantApplication, Review, ReviewAssignment
from .permissions import REVIEW
from .review_forms import InternalCommentForm


def score_text(value):
    return "–" if value is None else number_format(value, decimal_pos=1)


#: The columns of the application list: average score and number of reviews.
REVIEW_COLUMNS = [
    Column(
        "average_score",
        label=_("Ø Bewertung"),
        accessor=lambda obj: score_text(obj.average_score),
        sort_key="average_score",
    ),
    Column("review_count", label=_("Bewertungen"), sort_key="review_count"),
]
REVIEW_COLUMN_NAMES = {column.name for column in REVIEW_COLUMNS}

#: A reviewer's own state per application, in the list.
MY_REVIEW_LABELS = {
    ReviewAssignment.Declaration.PENDING: _("Erklärung ausstehend"),
    ReviewAssignment.Declaration.NO_CONFLICT: _("Bewertung offen"),
}


def my_review_label(application):
    if application.my_reviewed:
        return _("Bewertet")
    return MY_REVIEW_LABELS.get(application.my_declaration, "–")


def for_the_listing(queryset, user):
    """Annotate the user's own assignment (`my_declaration`, `my_reviewed`) for reviewers."""
    if not reviews.policy().user_has_permission(user, REVIEW):
        return queryset
    mine = ReviewAssignment.objects.filter(application=OuterRef("pk"), reviewer=user)
    return queryset.annotate(
        my_declaration=Subquery(mine.values("declaration")[:1]),
        my_reviewed=Exists(
            Review.objects.filter(assignment__application=OuterRef("pk"), assignment__reviewer=user)
        ),
    )


def listing_columns(columns, user):
    """The list's columns for `user`: a reviewer sees their own state instead of the figures
    of everyone's reviews while ZIB_GRANTS_HIDE_OTHER_REVIEWERS is on."""
    if not reviews.is_reviewer_only(user):
        return columns
    if reviews.hides_others_from(user):
        columns = [column for column in columns if column.name not in REVIEW_COLUMN_NAMES]
    return [*columns, Column("my_review", label=_("Meine Begutachtung"), accessor=my_review_label)]


def listing_buttons(application, user):
    """„Begutachten“ in the row menu of an application the user reviews."""
    if application.is_final or getattr(application, "my_declaration", None) not in MY_REVIEW_LABELS:
        return []
    return [
        MenuItem(
            _("Begutachten"),
            url=reverse("grants_applications:review", args=[application.pk]),
            icon_name="doc-full",
            priority=4,
        )
    ]


def inspect_buttons(application, user):
    """The detail view's header buttons of reviews: „Begutachten“ for its reviewers,
    „Gutachter*innen zuweisen“ for clerks."""
    buttons = []
    if application.is_final:
        return buttons
    assignment = reviews.assignment_of(user, application)
    if assignment is not None and not assignment.is_withdrawn:
        buttons.append(
            HeaderButton(
                _("Bewertung ändern") if hasattr(assignment, "review") else _("Begutachten"),
                url=reverse("grants_applications:review", args=[application.pk]),
                icon_name="doc-full",
                priority=2,
            )
        )
    if reviews.policy().user_has_permission(user, "change"):
        buttons.append(
            HeaderButton(
                _("Gutachter*innen zuweisen"),
                url=reverse("grants_applications:reviewers", args=[application.pk]),
                icon_name="group",
                priority=15,
            )
        )
    return buttons


#: What a reviewer does not see of an application: the bank account.
BANK_FIELDS = {"account_holder", "iban", "bic"}


def hidden_fields(user):
    return BANK_FIELDS if reviews.is_reviewer_only(user) else set()


def inspect_context(application, user):
    """The reviews, comments and letters of the detail view, as far as `user` may see them."""
    policy = reviews.policy()
    staff = policy.user_has_any_permission(user, ["view", "change"])
    hides = reviews.hides_others_from(user)
    visible = list(reviews.visible_reviews(application, user))
    return {
        "reviewer_only": not staff,
        "assignments": application.review_assignments.select_related("reviewer", "review")
        if staff
        else [],
        "reviews": visible,
        "review_stats": None
        if hides
        else reviews.with_review_stats(GrantApplication.objects.filter(pk=application.pk))
        .values("review_count", "average_score", "recommended_average")
        .first(),
        "comments": reviews.visible_comments(application, user),
        "comment_form": InternalCommentForm() if reviews.may_comment(user, application) else None,
        "letters": application.decision_letters.all() if staff else [],
    }
