from django.apps import apps
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import gates
from .models import District, Partner, Topic


class PartnerViewSet(SnippetViewSet):
    model = Partner
    icon = "group"
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["name", "kind", "website"]
    list_filter = ["kind"]
    search_fields = ["name", "description"]


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    list_display = ["name", "slug"]


class DistrictViewSet(SnippetViewSet):
    model = District
    icon = "site"
    list_display = ["name", "slug"]


class TopicsAndDistrictsViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Themen und Stadtteile")
    menu_icon = "tag"
    menu_order = 260
    items = (TopicViewSet, DistrictViewSet)


register_snippet(PartnerViewSet)
register_snippet(TopicsAndDistrictsViewSetGroup)


@hooks.register("construct_homepage_panels")
def add_content_audit_panel(request, panels):
    from .dashboard import ContentAuditPanel

    panels.append(ContentAuditPanel(request))


if apps.is_installed("wagtail_localize"):

    @hooks.register("register_admin_urls")
    def register_translation_review_urls():
        # Registered before wagtail-localize's (this app comes first), so its guarded views
        # answer at wagtail-localize's own paths.
        from .translation_review import admin_urls

        return admin_urls()


@hooks.register("register_rich_text_features", order=1)  # after Wagtail's own handlers
def public_rich_text_links(features):
    """Rich text links to private pages and documents keep their text, not their target."""
    from .rich_text import PublicDocumentLinkHandler, PublicPageLinkHandler

    features.register_link_type(PublicPageLinkHandler)
    features.register_link_type(PublicDocumentLinkHandler)


@hooks.register("before_serve_page")
def mark_personal_page_types(page, request, serve_args, serve_kwargs):
    """Page types whose answers are for one visitor (`shared_cache = False`) stay out of
    shared caches."""
    if not getattr(page, "shared_cache", True):
        gates.mark_personal(request)
