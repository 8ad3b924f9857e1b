"""Dashboard panels for grants staff: applications to process and rounds closing soon.

ZIB_GRANTS_DASHBOARD_CLOSING_DAYS (14)
    A round open now whose deadline is at most this many days away counts as „closing soon“.
ZIB_GRANTS_DASHBOARD_LIMIT (5)
    How many of the latest applications in progress the panel lists.
"""

import datetime

from django.conf import settings
from django.db.models import Count
from django.utils import timezone
from wagtail.admin.ui.components import Component
from wagtail.permissions import policy_registry

from .models import TRANSITIONS, ApplicationStatus, FundingRound, GrantApplication

#: The statuses of applications somebody still has to work on.
IN_PROGRESS = [status for status, following in TRANSITIONS.items() if following]


def closing_days():
    return getattr(settings, "ZIB_GRANTS_DASHBOARD_CLOSING_DAYS", 14)


def applications_in_progress():
    return GrantApplication.objects.filter(status__in=IN_PROGRESS)


def rounds_closing_soon(now=None):
    now = now or timezone.now()
    return (
        FundingRound.objects.open(now)
        .filter(closes_at__lte=now + datetime.timedelta(days=closing_days()))
        .annotate(application_count=Count("applications"))
        .order_by("closes_at")
    )


class PermissionGatedPanel(Component):
    """A panel shown only to users with one of `actions` on `model` (its permission policy)."""

    model = None
    actions = ["view"]

    def __init__(self, request):
        self.request = request

    def is_shown(self):
        policy = policy_registry.get_by_type(self.model)
        return policy.user_has_any_permission(self.request.user, self.actions)

    def render_html(self, parent_context=None):
        return super().render_html(parent_context) if self.is_shown() else ""


class ApplicationsInProgressPanel(PermissionGatedPanel):
    """„Anträge in Bearbeitung“: counts per status and the latest applications."""

    name = "zib_grant_applications"
    template_name = "grants/dashboard/applications.html"
    order = 120
    model = GrantApplication
    actions = ["view", "change"]

    def get_context_data(self, parent_context=None):
        applications = applications_in_progress()
        counts = dict(applications.order_by().values_list("status").annotate(count=Count("pk")))
        limit = getattr(settings, "ZIB_GRANTS_DASHBOARD_LIMIT", 5)
        return {
            "total": sum(counts.values()),
            "by_status": [
                (ApplicationStatus(status).label, counts[status])
                for status in IN_PROGRESS
                if counts.get(status)
            ],
            "latest": applications.select_related("funding_round").order_by("-submitted_at")[
                :limit
            ],
        }


class RoundsClosingSoonPanel(PermissionGatedPanel):
    """„Antragsrunden, die bald enden“: open rounds whose deadline is near."""

    name = "zib_grant_rounds_closing"
    template_name = "grants/dashboard/rounds_closing.html"
    order = 130
    model = FundingRound
    actions = ["view", "change"]

    def get_context_data(self, parent_context=None):
        return {"rounds": rounds_closing_soon(), "days": closing_days()}
