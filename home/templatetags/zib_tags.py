"""Template tags of the site frame: navigation, breadcrumbs, structured data."""

import json

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from wagtail.models import Page, Site

register = template.Library()

# Characters that must not appear raw inside <script> (same set as Django's json_script).
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def _site_root(request):
    site = Site.find_for_request(request)
    return site.root_page.localized if site else None


@register.simple_tag(takes_context=True)
def main_menu_pages(context):
    """Live, public pages directly below the home page that editors marked „Im Menü anzeigen“."""
    request = context["request"]
    cache = getattr(request, "_zib_menu_pages", None)
    if cache is None:
        root = _site_root(request)
        cache = list(root.get_children().live().public().in_menu()) if root else []
        request._zib_menu_pages = cache
    return cache


@register.simple_tag(takes_context=True)
def site_home(context):
    return _site_root(context["request"])


@register.simple_tag
def breadcrumb_pages(page):
    """Ancestors of the page from the home page down, without the tree root."""
    if not isinstance(page, Page) or page.depth <= 2:
        return []
    return list(page.get_ancestors().filter(depth__gte=2))


@register.filter
def is_section_of(menu_page, current_page):
    """True when current_page is menu_page or lies below it (for aria-current in the menu)."""
    if not isinstance(current_page, Page):
        return False
    return current_page.path.startswith(menu_page.path)


@register.simple_tag
def json_ld(data):
    """Render a dict as a JSON-LD script element, escaped for safe inclusion in HTML."""
    payload = json.dumps(data, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))
