"""Content-Security-Policy: a strict policy for the site, a looser one for Wagtail's admin.

The public templates use no inline script or style (JSON-LD is a data block, which CSP does not
govern), so the site's policy (CONTENT_SECURITY_POLICY) allows 'self' only. Wagtail's admin
ships inline scripts and style attributes (panels, widgets, the userbar), so below
ZIB_ADMIN_PATH_PREFIX the policy ZIB_ADMIN_CONTENT_SECURITY_POLICY applies instead.
"""

from csp.middleware import CSPMiddleware
from django.conf import settings


class AreaCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        admin_policy = getattr(settings, "ZIB_ADMIN_CONTENT_SECURITY_POLICY", None)
        prefix = getattr(settings, "ZIB_ADMIN_PATH_PREFIX", "/admin/")
        if (
            not report_only
            and admin_policy
            and parts.config is None
            and request.path.startswith(prefix)
        ):
            parts.config = admin_policy["DIRECTIVES"]
        return parts
