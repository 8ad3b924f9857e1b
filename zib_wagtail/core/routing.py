"""Wagtail's page routing from remembered routes: one query for the page instead of two per level.

Wagtail finds the page of a URL by walking the tree: the site, the active locale, the home page's
translation, then for each slug the child and its specific row. `RememberedRoutesMiddleware`
remembers where that walk ended (published.py: until published content changes) — the page's
id and type and how many slugs were its own — and the next request for the URL loads the page
with one query and lets it route the rest (a RoutablePageMixin's sub-URL) itself. The result is
what Wagtail's `Page.route_for_request` would have produced, primed on the request, so Wagtail's
`serve` view, its hooks and the page's `serve()` run unchanged.

URLs that route nowhere are never remembered across requests; a remembered page that is gone
(deleted between the lookup and the load) falls back to Wagtail's walk.
"""

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from wagtail.models import Page
from wagtail.views import serve as wagtail_serve

from . import chrome, published


def _walk(request, path, site):
    """Wagtail's own routing; remembered as (page id, model label, slugs of the page)."""
    result = Page.route_for_request(request, path)
    if result is None:
        return None
    page = result[0]
    root = site.root_page
    return page.pk, page.specific_class._meta.label, page.depth - root.depth


def prime_route(request, path):
    """Set the route Wagtail's `serve` will use for path, from the remembered route."""
    if hasattr(request, "_wagtail_route_for_request"):
        return
    site = chrome.site_for_request(request)
    if site is None:
        return
    entry = published.remembered(
        "route",
        (site.pk, chrome.active_language(), path),
        lambda: _walk(request, path, site),
        share_none=False,
    )
    if entry is None:
        return  # routed nowhere: Wagtail answers (404) as ever
    if hasattr(request, "_wagtail_route_for_request"):
        # Just routed by Wagtail itself: remember the page's ancestors for the next request.
        chrome.ancestors(request._wagtail_route_for_request[0])
        return
    page_id, label, own_slugs = entry
    try:
        model = apps.get_model(label)
        if hasattr(model, "get_serve_queryset"):
            queryset = model.get_serve_queryset()
        else:
            queryset = model._default_manager.all()
        page = queryset.get(pk=page_id)
    except (LookupError, ObjectDoesNotExist):
        return
    found = chrome.ancestors(page)
    if found:
        page._cached_parent_obj = found[-1]
    components = [component for component in path.split("/") if component]
    try:
        request._wagtail_route_for_request = page.route(request, components[own_slugs:])
    except Http404:
        request._wagtail_route_for_request = None


class RememberedRoutesMiddleware:
    """Primes the Wagtail site and page route of requests to Wagtail's serve view from
    remembered lookups (other views are left alone). Place it last in MIDDLEWARE."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func is wagtail_serve:
            path = view_kwargs.get("path", view_args[0] if view_args else "")
            prime_route(request, path)
        return None
