"""Who may see a page: the one rule for HTML listings, search, the API and the changes feed.

A page is public when it is live and neither it nor an ancestor has a view restriction
(login, password or groups).
"""

from wagtail.models import Page, PageViewRestriction


def public_pages(queryset=None):
    """Live, public pages below the tree root."""
    pages = Page.objects.all() if queryset is None else queryset
    return pages.live().public().filter(depth__gt=1)


def ancestor_paths(page):
    """The tree paths of the page and all its ancestors."""
    return [page.path[:pos] for pos in range(Page.steplen, len(page.path) + 1, Page.steplen)]


def is_restricted(page):
    """Whether a view restriction applies to the page (on it or an ancestor)."""
    return PageViewRestriction.objects.filter(page__path__in=ancestor_paths(page)).exists()


def is_public(page):
    """Live and without view restriction."""
    return page is not None and page.live and not is_restricted(page)
