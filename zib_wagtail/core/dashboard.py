"""Dashboard panel for editors: pages nobody has reviewed for a year (content audit).

Pages awaiting approval are Wagtail's own panels: „Warten auf Ihre Prüfung“ for the approvers of
the workflow, „Ihre Seiten in Moderation“ for the authors. This panel complements them.

ZIB_CONTENT_AUDIT_DAYS (365)
    A live page whose last publication is older than this many days counts as not reviewed.
ZIB_CONTENT_AUDIT_LIMIT (10)
    How many of those pages the panel lists, the oldest first.
"""

import datetime

from django.conf import settings
from django.db.models.functions import Coalesce
from django.utils import timezone
from wagtail.admin.ui.components import Component
from wagtail.permission_policies.pages import PagePermissionPolicy


def audit_days():
    return getattr(settings, "ZIB_CONTENT_AUDIT_DAYS", 365)


def audit_limit():
    return getattr(settings, "ZIB_CONTENT_AUDIT_LIMIT", 10)


def pages_due_for_review(user, now=None):
    """Live pages the user may edit, last published (or created) before the audit period."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=audit_days())
    editable = PagePermissionPolicy().instances_user_has_permission_for(user, "change")
    return (
        editable.live()
        .filter(depth__gt=1)
        .annotate(
            reviewed_at=Coalesce(
                "last_published_at", "latest_revision_created_at", "first_published_at"
            )
        )
        .filter(reviewed_at__lt=cutoff)
        .select_related("locale")
        .order_by("reviewed_at", "path")
    )


class ContentAuditPanel(Component):
    """„Seiten ohne Überprüfung seit einem Jahr“: shown to everyone who may edit pages."""

    name = "zib_content_audit"
    template_name = "zib_core/dashboard/content_audit.html"
    order = 260

    def __init__(self, request):
        self.request = request

    def is_shown(self):
        return PagePermissionPolicy().user_has_permission(self.request.user, "change")

    def get_context_data(self, parent_context=None):
        pages = pages_due_for_review(self.request.user)
        return {
            "pages": pages[: audit_limit()],
            "total": pages.count(),
            "days": audit_days(),
        }

    def render_html(self, parent_context=None):
        return super().render_html(parent_context) if self.is_shown() else ""
