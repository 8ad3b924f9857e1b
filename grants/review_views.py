"""Admin views of reviews and decisions: assigning reviewers, the review page (declaration,
then the review sheet), internal comments, the committee's view of a round with its
approvals, and the decision letters (download, render again).

Thin views: the rules are in grants.reviews and grants.decisions. Clerks need
`change_grantapplication` to act and `view` to look; reviewers reach only the review page
and comments of applications assigned to them.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from zib_wagtail.core.models import OfficeSettings

from . import decisions, reviews
from .admin_views import ApplicationActionMixin, inspect_url
from .fields import euro
from .models import (
    ApplicationStatus,
    DecisionLetter,
    FundingRound,
    GrantApplication,
)
from .permissions import REVIEW
from .review_forms import (
    AssignReviewersForm,
    DecisionForm,
    DeclarationForm,
    InternalCommentForm,
    ReviewForm,
)
from .workflow import TransitionNotAllowed, change_status


def committee_url(funding_round):
    return reverse("grants_rounds:committee", args=[funding_round.pk])


class AssignReviewersView(
    ApplicationActionMixin, PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView
):
    """„Gutachter*innen zuweisen“: a clerk chooses who reviews the application."""

    model = GrantApplication
    permission_required = "change"
    form_class = AssignReviewersForm
    template_name = "grants/admin/review_assign.html"
    page_title = _("Gutachter*innen zuweisen")
    header_icon = "group"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "application": self.object}

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "object": self.object,
            "assignments": self.object.review_assignments.select_related("reviewer"),
        }

    def form_valid(self, form):
        try:
            added, removed = reviews.set_reviewers(
                self.object, form.cleaned_data["reviewers"], by=self.request.user
            )
        except reviews.ReviewRefused as refusal:
            form.add_error(None, str(refusal))
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Begutachtung von %(reference)s: %(added)s zugewiesen, %(removed)s entfernt.")
            % {
                "reference": self.object.reference,
                "added": len(added),
                "removed": len(removed),
            },
        )
        return redirect(inspect_url(self.object))


class ReviewView(ApplicationActionMixin, WagtailAdminTemplateMixin, TemplateView):
    """„Begutachten“: first the declaration on conflicts of interest, then the review sheet.

    Only the reviewer assigned (and not withdrawn) reaches it; everyone else is refused as
    the admin refuses (PermissionDenied). Refused POSTs answer 409 and store nothing.
    """

    template_name = "grants/admin/review.html"
    page_title = _("Begutachten")
    header_icon = "doc-full"

    def dispatch(self, request, *args, **kwargs):
        self.assignment = reviews.assignment_of(request.user, self.object)
        if (
            not reviews.policy().user_has_permission(request.user, REVIEW)
            or self.assignment is None
            or self.assignment.is_withdrawn
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def review(self):
        return getattr(self.assignment, "review", None)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("declaration_form", None)
        context.setdefault("review_form", None)
        if self.object.is_final:
            context["review_form"] = context["declaration_form"] = None
        elif self.assignment.may_review and context["review_form"] is None:
            context["review_form"] = ReviewForm(application=self.object, review=self.review)
        elif not self.assignment.may_review and context["declaration_form"] is None:
            context["declaration_form"] = DeclarationForm()
        return {
            **context,
            "object": self.object,
            "assignment": self.assignment,
            "review": self.review,
        }

    def refused(self, refusal, **context):
        messages.error(self.request, str(refusal))
        return self.render_to_response(self.get_context_data(**context), status=409)

    def post(self, request, *args, **kwargs):
        if "declare" in request.POST:
            return self.post_declaration(request.POST["declare"])
        return self.post_review()

    def post_declaration(self, action):
        form = DeclarationForm(self.request.POST, action=action)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(declaration_form=form))
        try:
            reviews.declare(
                self.assignment,
                conflict=form.declares_conflict,
                reason=form.cleaned_data["conflict_reason"],
            )
        except reviews.ReviewRefused as refusal:
            return self.refused(refusal)
        if form.declares_conflict:
            messages.success(
                self.request,
                _(
                    "Sie haben einen Interessenkonflikt gemeldet und sind von %(reference)s "
                    "abgezogen."
                )
                % {"reference": self.object.reference},
            )
            return redirect("grants_applications:index")
        messages.success(self.request, _("Ihre Erklärung ist gespeichert. Bitte bewerten Sie."))
        return redirect(self.request.path)

    def post_review(self):
        try:
            reviews.check_may_review(self.assignment)
        except reviews.ReviewRefused as refusal:
            return self.refused(refusal)
        form = ReviewForm(self.request.POST, application=self.object)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(review_form=form))
        try:
            reviews.save_review(
                self.assignment,
                scores=form.scores,
                comment=form.cleaned_data["comment"],
                recommended_amount=form.cleaned_data["recommended_amount"],
            )
        except reviews.ReviewRefused as refusal:
            return self.refused(refusal, review_form=form)
        messages.success(
            self.request,
            _("Ihre Bewertung von %(reference)s ist gespeichert.")
            % {"reference": self.object.reference},
        )
        return redirect(inspect_url(self.object))


class CommentView(ApplicationActionMixin, View):
    """POST an internal comment (staff, and the application's reviewers)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        if not reviews.may_comment(request.user, self.object):
            raise PermissionDenied
        form = InternalCommentForm(request.POST)
        if form.is_valid():
            reviews.add_comment(self.object, request.user, form.cleaned_data["text"])
            messages.success(request, _("Ihr interner Kommentar ist gespeichert."))
        else:
            messages.error(request, " ".join(form.errors["text"]))
        return redirect(inspect_url(self.object) + "#internal-comments")


class CommitteeView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """A round for the committee: applications ready for decision, best score first, with
    requested and recommended amounts and the running total against the budget."""

    model = GrantApplication
    any_permission_required = ["view", "change"]
    template_name = "grants/admin/committee.html"
    page_title = _("Ausschuss")
    header_icon = "tasks"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.funding_round = get_object_or_404(FundingRound, pk=kwargs["pk"])

    def get_page_subtitle(self):
        return self.funding_round.title

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("grants_rounds:index"), "label": _("Antragsrunden")},
            {
                "url": reverse("grants_rounds:inspect", args=[self.funding_round.pk]),
                "label": self.funding_round.title,
            },
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "overview": reviews.committee_overview(self.funding_round),
            "can_decide": self.user_has_permission("change"),
        }


class DecideView(
    ApplicationActionMixin, PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView
):
    """„Bewilligen“ from the committee view: the amount (the reviewers' recommendation
    proposed), the letter's conditions; the status workflow does the rest (history, letter,
    mail). Approving beyond the budget is allowed, with a warning."""

    model = GrantApplication
    permission_required = "change"
    form_class = DecisionForm
    template_name = "grants/admin/decide.html"
    page_title = _("Bewilligen")
    header_icon = "success"

    def dispatch(self, request, *args, **kwargs):
        if self.user_has_permission("change") and self.object.status != (
            ApplicationStatus.FOR_DECISION
        ):
            messages.warning(
                request,
                _("%(reference)s liegt nicht zur Beschlussfassung vor (%(status)s).")
                % {"reference": self.object.reference, "status": self.object.get_status_display()},
            )
            return redirect(committee_url(self.object.funding_round))
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def overview(self):
        return reviews.committee_overview(self.object.funding_round)

    def get_initial(self):
        application = reviews.with_review_stats(GrantApplication.objects).get(pk=self.object.pk)
        return {"granted_amount": reviews.proposed_amount(application), "notify_applicant": True}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "application": self.object}

    def get_breadcrumbs_items(self):
        funding_round = self.object.funding_round
        return self.breadcrumbs_items + [
            {"url": reverse("grants_rounds:index"), "label": _("Antragsrunden")},
            {"url": committee_url(funding_round), "label": funding_round.title},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "object": self.object,
            "overview": self.overview,
            "action_url": self.request.path,
            "submit_button_label": _("Bewilligen"),
            "submit_button_active_label": _("Wird gespeichert …"),
        }

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            change_status(
                self.object,
                to_status=ApplicationStatus.GRANTED,
                user=self.request.user,
                granted_amount=data["granted_amount"],
                conditions=data["conditions"],
                note=data["note"],
                notify=data["notify_applicant"],
                mail_context={"office": OfficeSettings.for_request(self.request)},
            )
        except TransitionNotAllowed as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(reference)s bewilligt: %(amount)s.")
            % {"reference": self.object.reference, "amount": euro(data["granted_amount"])},
        )
        overview = reviews.committee_overview(self.object.funding_round)
        if overview.over_budget:
            messages.warning(
                self.request,
                _(
                    "Achtung: Die Bewilligungen der Runde (%(granted)s) übersteigen das Budget "
                    "(%(budget)s) um %(over)s."
                )
                % {
                    "granted": euro(overview.granted_sum),
                    "budget": euro(overview.budget),
                    "over": euro(overview.over_by),
                },
            )
        letter = decisions.latest_letter(self.object)
        if letter is not None and not letter.is_rendered:
            messages.error(self.request, letter_failed_message(letter))
        return redirect(committee_url(self.object.funding_round))


def letter_failed_message(letter):
    return _(
        "Der Bescheid zu %(reference)s konnte nicht erstellt werden (%(error)s); die "
        "Entscheidung ist gespeichert. In der Detailansicht können Sie ihn neu erstellen."
    ) % {"reference": letter.application.reference, "error": letter.error}


class LetterMixin:
    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.letter = get_object_or_404(
            DecisionLetter.objects.select_related("application"), pk=kwargs["pk"]
        )


class LetterDownloadView(LetterMixin, PermissionCheckedMixin, View):
    """The PDF of a decision letter, for staff (not for reviewers)."""

    model = GrantApplication
    any_permission_required = ["view", "change"]

    def get(self, request, *args, **kwargs):
        if not self.letter.file:
            raise Http404(_("Dieser Bescheid wurde nicht erstellt."))
        try:
            handle = self.letter.file.open("rb")
        except FileNotFoundError as error:
            raise Http404(_("Die Datei ist nicht mehr vorhanden.")) from error
        from . import privacy
        from .models import AccessLog

        privacy.log_access(
            request.user,
            AccessLog.Action.LETTER,
            application=self.letter.application,
            detail=self.letter.filename,
        )
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=self.letter.filename,
            content_type="application/pdf",
        )
        response["Cache-Control"] = "private, no-store"
        response["X-Content-Type-Options"] = "nosniff"
        return response


class LetterReissueView(LetterMixin, PermissionCheckedMixin, View):
    """POST: render a letter that failed again and mail it to the applicant."""

    model = GrantApplication
    permission_required = "change"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        letter = self.letter
        if letter.is_rendered:
            messages.info(request, _("Dieser Bescheid ist bereits erstellt."))
        elif decisions.reissue(letter, office=OfficeSettings.for_request(request)) is None:
            messages.error(request, letter_failed_message(letter))
        else:
            messages.success(
                request,
                _("Der Bescheid zu %(reference)s ist erstellt und an %(email)s gesendet.")
                % {
                    "reference": letter.application.reference,
                    "email": letter.application.contact_email,
                },
            )
        return redirect(inspect_url(letter.application))


def application_urlpatterns():
    return [
        path("reviewers/<int:pk>/", AssignReviewersView.as_view(), name="reviewers"),
        path("review/<int:pk>/", ReviewView.as_view(), name="review"),
        path("comment/<int:pk>/", CommentView.as_view(), name="comment"),
        path("decide/<int:pk>/", DecideView.as_view(), name="decide"),
        path("letter/<int:pk>/", LetterDownloadView.as_view(), name="letter"),
        path("letter/<int:pk>/reissue/", LetterReissueView.as_view(), name="letter_reissue"),
    ]
