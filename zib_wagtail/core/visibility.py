"""Who may see a page, document or image: the one rule for HTML, search, the APIs and the
changes feed.

A page is public when it is live and neither it nor an ancestor has a view restriction
(login, password or groups). A document or image is public when neither its collection nor an
ancestor collection has a view restriction (Wagtail's document serve view asks the same).
"""

from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction

from . import published


def restricted_page_paths():
    """Tree paths of the pages with a view restriction (their descendants inherit it): one
    query, remembered until published content changes (published.py)."""
    return published.remembered(
        "restricted_page_paths",
        (),
        lambda: sorted(set(PageViewRestriction.objects.values_list("page__path", flat=True))),
    )


def private_q(paths=None):
    """Pages in a private section (the same rule as Wagtail's `PageQuerySet.private_q`, from
    the remembered paths instead of a query each time)."""
    q = Q()
    for path in restricted_page_paths() if paths is None else paths:
        q |= Q(path__startswith=path)
    return q if q else Q(pk__in=[])


def exclude_private(queryset):
    """`queryset.public()` without asking the database for the restrictions again."""
    paths = restricted_page_paths()
    return queryset.exclude(private_q(paths)) if paths else queryset


def public_pages(queryset=None):
    """Live, public pages below the tree root."""
    pages = Page.objects.all() if queryset is None else queryset
    return exclude_private(pages.live().filter(depth__gt=1))


def view_restrictions(page, compute):
    """The view restrictions that apply to page (`compute()`: Wagtail's query), remembered.

    Returned as a queryset whose result is already there, so that iterating it (Wagtail's
    serve hook) costs nothing; any refinement (`order_by`, `filter`) queries afresh.
    """
    found = published.remembered("view_restrictions", (page.pk,), lambda: list(compute()))
    queryset = PageViewRestriction.objects.filter(pk__in=[restriction.pk for restriction in found])
    queryset._result_cache = list(found)
    queryset._prefetch_done = True
    return queryset


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
    query, remembered until published content changes (every embedded image and document
    asks; a change to a collection or its privacy starts a new content version)."""
    return published.remembered("restricted_collection_ids", (), _restricted_collection_ids)


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
    published.forget("restricted_collection_ids", ())


def _forget_restricted_pages(sender, instance, **kwargs):
    published.forget("restricted_page_paths", ())


def connect():
    """A request that changes a collection, a page's privacy or their restrictions sees the
    change at once (other requests: the new content version the change starts)."""
    forgetters = [
        (Collection, _forget_restricted_collections),
        (CollectionViewRestriction, _forget_restricted_collections),
        (PageViewRestriction, _forget_restricted_pages),
    ]
    for model, receiver in forgetters:
        for signal in (post_save, post_delete):
            signal.connect(
                receiver,
                sender=model,
                dispatch_uid=f"zib_forget_restricted_{id(signal)}_{model.__name__}",
            )
