"""Who may see a page, document or image: the one rule for HTML, search, the APIs and the
changes feed.

A page is public when it is live and neither it nor an ancestor has a view restriction
(login, password or groups). A document or image is public when neither its collection nor an
ancestor collection has a view restriction (Wagtail's document serve view asks the same).
"""

from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction


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


def restricted_collection_paths():
    """Tree paths of the collections with a view restriction (their children inherit it)."""
    return set(CollectionViewRestriction.objects.values_list("collection__path", flat=True))


def public_media(queryset):
    """The documents or images of `queryset` whose collection is not restricted."""
    paths = restricted_collection_paths()
    if not paths:
        return queryset
    restricted = Collection.objects.none()
    for path in paths:
        restricted |= Collection.objects.filter(path__startswith=path)
    return queryset.exclude(collection__in=restricted)


def is_public_media(obj):
    """Whether a document or image may be shown to anyone (None: no)."""
    if obj is None:
        return False
    collection_path = obj.collection.path
    return not any(collection_path.startswith(path) for path in restricted_collection_paths())
