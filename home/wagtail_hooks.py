from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Partner


class PartnerViewSet(SnippetViewSet):
    model = Partner
    icon = "group"
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["name", "kind", "website"]
    list_filter = ["kind"]
    search_fields = ["name", "description"]


register_snippet(PartnerViewSet)


@hooks.register("construct_homepage_panels")
def add_content_audit_panel(request, panels):
    from .dashboard import ContentAuditPanel

    panels.append(ContentAuditPanel(request))
