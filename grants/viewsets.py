"""The "Zuschüsse" admin menu: applications (list, detail, status) and funding rounds."""

from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.permissions import policy_registry

from . import admin_views, privacy, privacy_views, review_display, review_views, reviews
from . import questions as round_questions
from .filters import ApplicationFilterSet
from .financing import plan_of
from .forms import QUESTIONS, euro, sections
from .models import AccessLog, DecisionLetterTemplate, FundingRound, GrantApplication
from .models.applications import ApplicationQuerySet
from .permissions import REVIEW


class ApplicationIndexView(generic.IndexView):
    """Titles link to the detail view; the row menu offers the status change. Reviewers see
    the applications assigned to them only (grants.permissions)."""

    any_permission_required = [*generic.IndexView.any_permission_required, REVIEW]

    def get_edit_url(self, instance):
        return None

    def get_inspect_url(self, instance):
        return reverse("grants_applications:inspect", args=[instance.pk])

    def get_base_queryset(self):
        visible = self.permission_policy.instances_user_has_any_permission_for(
            self.request.user, self.any_permission_required
        )
        queryset = super().get_base_queryset() & visible
        queryset = reviews.with_review_stats(queryset.select_related("funding_round", "district"))
        return review_display.for_the_listing(queryset, self.request.user)

    @cached_property
    def columns(self):
        return review_display.listing_columns(super().columns, self.request.user)

    def search_queryset(self, queryset):
        """Every word in one of the search fields (GrantApplication.objects.search)."""
        if not self.is_searching:
            return queryset
        return queryset.search(self.search_query, self.search_fields)

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        buttons.extend(review_display.listing_buttons(instance, self.request.user))
        if self.user_has_permission("change") and not instance.is_final:
            buttons.insert(
                0,
                MenuItem(
                    _("Status ändern"),
                    url=self.get_status_url(instance),
                    icon_name="edit",
                    priority=5,
                ),
            )
        return buttons

    def get_status_url(self, instance):
        return reverse("grants_applications:edit", args=[instance.pk])


class ApplicationInspectView(generic.InspectView):
    template_name = "grants/admin/application_inspect.html"
    any_permission_required = [*generic.InspectView.any_permission_required, REVIEW]

    def get_edit_url(self):
        return None

    def get_object(self, queryset=None):
        """Only an application the user may see; a reviewer's own, else refused."""
        application = super().get_object(queryset)
        if not self.permission_policy.user_has_any_permission_for_instance(
            self.request.user, self.any_permission_required, application
        ):
            raise PermissionDenied
        return application

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        privacy.log_access(request.user, AccessLog.Action.VIEW, application=self.object)
        return response

    @cached_property
    def header_more_buttons(self):
        """The data-protection requests (Auskunft, Anonymisieren, Löschen) instead of
        Wagtail's plain „Löschen“."""
        return privacy_views.inspect_more_buttons(self.object, self.request.user)

    @cached_property
    def header_buttons(self):
        buttons = review_display.inspect_buttons(self.object, self.request.user)
        if not self.user_has_permission("change") or self.object.is_anonymised:
            return buttons
        buttons += [
            HeaderButton(
                _("Neuen Statuslink senden"),
                url=reverse("grants_applications:status_link", args=[self.object.pk]),
                icon_name="link",
                priority=20,
            )
        ]
        if not self.object.is_final:
            buttons.insert(
                0,
                HeaderButton(
                    _("Status ändern"),
                    url=reverse("grants_applications:edit", args=[self.object.pk]),
                    icon_name="edit",
                ),
            )
        return buttons

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["attachments"] = self.object.attachments.select_related("message")
        context["conversation"] = self.object.messages.select_related(
            "written_by"
        ).prefetch_related("attachments")
        context["status_changes"] = self.object.status_changes.select_related("changed_by")
        context["mail_deliveries"] = self.object.mail_deliveries.all()
        context["can_change"] = self.user_has_permission("change")
        hidden = review_display.hidden_fields(self.request.user)
        context["fieldsets"] = [
            (legend, [self.get_context_for_field(name) for name in names], parts)
            for legend, names, parts in sections()
            if (names or (QUESTIONS in parts and self.object.round_questions))
            and not hidden.intersection(names)
        ]
        context["plan"] = self.financing_plan()
        context["answers"] = round_questions.answer_rows(self.object)
        context["pending_deletion"] = privacy.pending_deletion(self.object)
        context.update(review_display.inspect_context(self.object, self.request.user))
        if context["reviewer_only"]:  # reviewers need no mails (addresses, status links)
            context["mail_deliveries"] = []
        return context

    def financing_plan(self):
        """The plan's rows and sums (an application from before the plan has only its sums)."""
        return plan_of(self.object)

    def get_submitted_at_display_value(self):
        """In the site's time zone, like the listing and the history."""
        return date_format(timezone.localtime(self.object.submitted_at), "DATETIME_FORMAT")

    def get_granted_amount_display_value(self):
        amount = self.object.granted_amount
        return "–" if amount is None else euro(amount)

    # The plan's sums as amounts, like the lines below them.
    def get_total_costs_display_value(self):
        return euro(self.object.total_costs)

    def get_own_contribution_display_value(self):
        return euro(self.object.own_contribution)

    def get_other_funding_amount_display_value(self):
        return euro(self.object.other_funding_amount)

    def get_requested_amount_display_value(self):
        return euro(self.object.requested_amount)


class ApplicationViewSet(ModelViewSet):
    model = GrantApplication
    name = "grants_applications"
    icon = "form"
    menu_label = _("Anträge")
    menu_order = 100
    index_view_class = ApplicationIndexView
    inspect_view_class = ApplicationInspectView
    edit_view_class = admin_views.StatusChangeView
    inspect_view_enabled = True
    copy_view_enabled = False
    # Only for the add view, which the permission policy never allows.
    form_fields = ["status"]
    list_display = [
        "reference",
        "organisation_name",
        "title",
        "kind",
        "funding_round",
        "district",
        "status",
        "requested_amount",
        "granted_amount",
        *review_display.REVIEW_COLUMNS,
        "submitted_at",
    ]
    filterset_class = ApplicationFilterSet
    search_fields = list(ApplicationQuerySet.SEARCH_FIELDS)
    ordering = "-submitted_at"
    #: The record's own fields; the applicant's follow in the form's fieldsets (inspect view).
    inspect_view_fields = ["reference", "submitted_at", "funding_round", "status", "granted_amount"]

    def get_edit_view_kwargs(self, **kwargs):
        # The "edit" URL is the status change; it takes none of the model-form arguments.
        return {}

    #: „Löschen“ needs four eyes (grants.privacy): the "delete" URL asks for the deletion, and
    #: a second person confirms it there.
    delete_view_class = privacy_views.DeletionView

    def get_delete_view_kwargs(self, **kwargs):
        return {}

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path(
                "attachment/<int:pk>/",
                admin_views.attachment_download,
                name="attachment",
            ),
            path("mail/<int:pk>/retry/", admin_views.mail_retry, name="mail_retry"),
            path(
                "status-link/<int:pk>/",
                admin_views.StatusLinkView.as_view(),
                name="status_link",
            ),
            *review_views.application_urlpatterns(),
            path(
                "disclosure/<int:pk>/<str:fmt>/",
                privacy_views.DisclosureView.as_view(),
                name="disclosure",
            ),
            path(
                "anonymise/<int:pk>/",
                privacy_views.AnonymiseView.as_view(),
                name="anonymise",
            ),
        ]


class FundingRoundIndexView(generic.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().with_stats()


class FundingRoundInspectView(generic.InspectView):
    template_name = "grants/admin/round_inspect.html"

    def get_field_label(self, field_name, field):
        if field_name == "funding_period":
            return _("Förderzeitraum")
        return super().get_field_label(field_name, field)

    def get_funding_period_display_value(self):
        period = self.object.funding_period
        text = _("%(start)s bis %(end)s") % {
            "start": date_format(period["start"], "DATE_FORMAT"),
            "end": date_format(period["end"], "DATE_FORMAT"),
        }
        if self.object.funding_period_start is None:
            text += " " + str(_("(das Förderjahr)"))
        return text

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        policy = policy_registry.get_by_type(GrantApplication)
        context["stats"] = self.object.stats()
        context["questions"] = self.object.questions.all()
        context["criteria"] = self.object.review_criteria.all()
        context["can_export"] = policy.user_has_any_permission(
            self.request.user, ["view", "change"]
        )
        return context


def _amount(field):
    return lambda obj: euro(getattr(obj, field) or 0)


class FundingRoundViewSet(ModelViewSet):
    model = FundingRound
    name = "grants_rounds"
    icon = "date"
    menu_label = _("Antragsrunden")
    menu_order = 200
    index_view_class = FundingRoundIndexView
    inspect_view_class = FundingRoundInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    ordering = "-opens_at"
    search_fields = ["title", "description"]
    list_filter = ["year"]
    inspect_view_fields = [
        "title",
        "year",
        "state",
        "opens_at",
        "closes_at",
        "budget",
        "max_amount_per_application",
        "funding_period",
        "committee_meeting_date",
        "description",
    ]

    @property
    def list_display(self):
        return [
            "title",
            "year",
            Column("state", label=_("Status"), accessor="get_state_display"),
            "opens_at",
            "closes_at",
            Column("application_count", label=_("Anträge"), sort_key="application_count"),
            Column(
                "budget",
                label=_("Budget"),
                accessor=lambda obj: "–" if obj.budget is None else euro(obj.budget),
                sort_key="budget",
            ),
            Column(
                "requested_sum",
                label=_("Beantragt"),
                accessor=_amount("requested_sum"),
                sort_key="requested_sum",
            ),
            Column(
                "granted_sum",
                label=_("Bewilligt"),
                accessor=_amount("granted_sum"),
                sort_key="granted_sum",
            ),
            Column(
                "budget_left",
                label=_("Restbudget"),
                accessor=lambda obj: (
                    "–" if obj.budget is None else euro(obj.budget - (obj.granted_sum or 0))
                ),
            ),
        ]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("export/<int:pk>/<str:fmt>/", admin_views.round_export, name="export"),
            path("committee/<int:pk>/", review_views.CommitteeView.as_view(), name="committee"),
        ]


class DecisionLetterTemplateViewSet(ModelViewSet):
    """„Bescheidvorlagen“: the texts of the approval and the rejection notice."""

    model = DecisionLetterTemplate
    name = "grants_letter_templates"
    icon = "doc-full"
    menu_label = _("Bescheidvorlagen")
    menu_order = 300
    copy_view_enabled = False
    list_display = ["kind", "title", "updated_at"]
    ordering = "kind"


class GrantsViewSetGroup(ViewSetGroup):
    menu_label = _("Zuschüsse")
    menu_icon = "tasks"
    menu_order = 270
    items = (
        ApplicationViewSet,
        FundingRoundViewSet,
        DecisionLetterTemplateViewSet,
        privacy_views.DeletionRequestViewSet,
        privacy_views.AccessLogViewSet,
    )
