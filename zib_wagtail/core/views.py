"""Site-wide views of the shared core."""

from urllib.parse import urlsplit

from django.http import Http404
from django.shortcuts import render
from django.urls import Resolver404, resolve
from wagtail.models import Page
from wagtail.views import serve

from .visibility import is_public


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a refused POST (missing or expired CSRF cookie, wrong token).

    A public page that can answer the refusal of its own form (a method
    `serve_csrf_failure(request, reason)`, e.g. the grant application form, which shows the
    form again with every typed value) does so for POSTs from this site's own pages. Every
    other refusal is a 403 page in the site's layout.
    """
    if from_this_site(request):
        page = routed_page(request)
        handler = getattr(page, "serve_csrf_failure", None)
        response = handler(request, reason) if handler and is_public(page) else None
        if response is not None:
            return response
    return render(request, "zib_core/403_csrf.html", status=403)


def from_this_site(request):
    """Whether the browser says the request came from a page of this site (Origin, else
    Referer): a form is filled in again only for its own page, never for another site's."""
    source = request.headers.get("Origin") or request.headers.get("Referer") or ""
    parts = urlsplit(source)
    return bool(parts.netloc) and f"{parts.scheme}://{parts.netloc}" == (
        f"{request.scheme}://{request.get_host()}"
    )


def routed_page(request):
    """The Wagtail page (specific) that serves the request's URL, or None."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    if match.func is not serve:
        return None
    path = match.kwargs.get("path") or (match.args[0] if match.args else "")
    try:
        route = Page.route_for_request(request, path)
    except Http404:
        return None
    return route[0] if route else None
