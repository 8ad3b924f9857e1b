"""Who may see a page, document or image: the one rule for HTML, search, the APIs and the
changes feed.

A page is public when it is live and neither it nor an ancestor has a view restriction
(login, password or groups). A document or image is public when neither its collection nor an
ancestor collection has a view restriction (Wagtail's document serve view asks the same).
"""

from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction

from . import memo


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


def restricted_collection_ids():
    """Ids of the collections a view restriction applies to (on them or an ancestor): one
    query, remembered for the rest of the request (every embedded image and document asks)."""
    return memo.per_request("restricted_collection_ids", _restricted_collection_ids)


def _restricted_collection_ids():
    paths = restricted_collection_paths()
    if not paths:
        return frozenset()
    below = Q()
    for path in paths:
        below |= Q(path__startswith=path)
    return frozenset(Collection.objects.filter(below).values_list("pk", flat=True))


def public_media(queryset):
    """The documents or images of `queryset` whose collection is not restricted."""
    restricted = restricted_collection_ids()
    return queryset.exclude(collection_id__in=restricted) if restricted else queryset


def is_public_media(obj):
    """Whether a document or image may be shown to anyone (None: no)."""
    return obj is not None and obj.collection_id not in restricted_collection_ids()


def _forget_restricted_collections(**kwargs):
    memo.forget("restricted_collection_ids")


def connect():
    """A request that changes a collection or its privacy sees the change at once."""
    for model in (Collection, CollectionViewRestriction):
        for signal in (post_save, post_delete):
            signal.connect(
                _forget_restricted_collections,
                sender=model,
                dispatch_uid=f"zib_forget_restricted_{id(signal)}_{model.__name__}",
            )
