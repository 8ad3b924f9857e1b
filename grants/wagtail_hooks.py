from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from .models import AccessLog, DeletionRequest, GrantApplication
from .permissions import ApplicationPermissionPolicy, DeletionRequestPolicy, ReadOnlyPolicy

# Registered before any view asks for the policy (see wagtail.permissions).
register_permission_policy(GrantApplication, ApplicationPermissionPolicy(GrantApplication))
register_permission_policy(AccessLog, ReadOnlyPolicy(AccessLog))
register_permission_policy(DeletionRequest, DeletionRequestPolicy(DeletionRequest))


@hooks.register("register_admin_viewset")
def register_grants_viewsets():
    from .viewsets import GrantsViewSetGroup

    return GrantsViewSetGroup()


@hooks.register("construct_homepage_panels")
def add_grants_dashboard_panels(request, panels):
    from .dashboard import ApplicationsInProgressPanel, RoundsClosingSoonPanel

    panels.extend([ApplicationsInProgressPanel(request), RoundsClosingSoonPanel(request)])


@hooks.register("insert_global_admin_css")
def applications_listing_css():
    """Lets the applications listing fit 1280 px (the rules apply to that listing only)."""
    return format_html('<link rel="stylesheet" href="{}">', static("grants/admin/applications.css"))
