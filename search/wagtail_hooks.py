"""Admin: the popular search terms for everyone who may manage promoted results, and what editors
maintain for the site search: synonyms and ranking weights (Admin → Suche).

Wagtail shows its „Search terms“ report to superusers only; editors choosing what to promote need
it too. Our report is the same view with the promotion permissions as gate, and replaces
Wagtail's menu item.
"""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.contrib.search_promotions.views.reports import SearchTermsReportView
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from search.models import Boost, Synonym
from zib_wagtail.core.spreadsheets import csv_text, keep_text

promotion_permissions = ModelPermissionPolicy(SearchPromotion)
MANAGE_ACTIONS = ["add", "change", "delete"]

# Whoever may manage promoted results may maintain synonyms and weights too: the same editorial
# task, no permissions of their own for the site's roles to assign.
register_permission_policy(Synonym, promotion_permissions)
register_permission_policy(Boost, promotion_permissions)


class PopularSearchTermsView(SearchTermsReportView):
    page_title = _("Häufige Suchbegriffe")
    index_url_name = "zib_search_terms"
    index_results_url_name = "zib_search_terms_results"
    permission_policy = promotion_permissions
    any_permission_required = MANAGE_ACTIONS

    def dispatch(self, request, *args, **kwargs):
        # Skip SearchTermsReportView's superuser-only check; the permission policy applies.
        return super(SearchTermsReportView, self).dispatch(request, *args, **kwargs)

    # Visitors typed these terms: the report's CSV and XLSX keep them text (CSV injection).
    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        return csv_text(value) if export_format == self.FORMAT_CSV else value

    def generate_xlsx_row(self, worksheet, row_dict, date_format=None):
        for cell in super().generate_xlsx_row(worksheet, row_dict, date_format):
            yield keep_text(cell)


class PopularSearchTermsMenuItem(MenuItem):
    def is_shown(self, request):
        return promotion_permissions.user_has_any_permission(request.user, MANAGE_ACTIONS)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("suchbegriffe/", PopularSearchTermsView.as_view(), name="zib_search_terms"),
        path(
            "suchbegriffe/results/",
            PopularSearchTermsView.as_view(results_only=True),
            name="zib_search_terms_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_popular_search_terms_menu_item():
    return PopularSearchTermsMenuItem(
        _("Häufige Suchbegriffe"),
        reverse("zib_search_terms"),
        name="popular-search-terms",
        icon_name="search",
        order=1300,
    )


@hooks.register("construct_reports_menu")
def hide_superuser_only_search_terms(request, menu_items):
    menu_items[:] = [item for item in menu_items if item.name != "search-terms"]


class SynonymViewSet(SnippetViewSet):
    model = Synonym
    icon = "list-ul"
    menu_label = _("Synonyme")
    list_display = ["words", "replacement", "language"]
    list_filter = ["language"]
    search_fields = ["words", "replacement"]
    search_backend_name = None  # a database filter: synonyms are not in the search index


class BoostViewSet(SnippetViewSet):
    model = Boost
    icon = "pick"
    menu_label = _("Gewichtungen")
    list_display = ["__str__", "words"]


class SearchSettingsGroup(SnippetViewSetGroup):
    items = (SynonymViewSet, BoostViewSet)
    menu_icon = "search"
    menu_label = _("Suche")
    menu_name = "site-search"
    menu_order = 800


register_snippet(SearchSettingsGroup)
