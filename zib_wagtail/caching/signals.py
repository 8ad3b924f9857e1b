"""What invalidates the caches: the same Wagtail signals the webhooks listen to.

Pages: published, unpublished, moved, deleted (bump the generation; purge the CDN). Everything
the changes feed records (the webhooks app's `content_changed` signal: privacy changes, funding
rounds) bumps too,
so the feed's own event detection is reused rather than repeated. Snippets, site settings (and
their child rows, e.g. the office's translations), sites and redirects are shown on many pages
(footer, contact block, partner lists) and bump as well, and so do locales, view restrictions
and collections, which the core's remembered lookups (routes, menus, privacy) depend on.
Saving a draft, a revision or a grant application changes nothing public and bumps nothing.
"""

import functools

from django.db.models.signals import post_delete, post_save, pre_delete
from modelcluster.fields import ParentalKey
from wagtail.contrib.redirects.models import Redirect
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    Locale,
    Page,
    PageViewRestriction,
    Site,
)
from wagtail.signals import page_published, page_unpublished, post_page_move

from zib_wagtail.core.signals import content_changed

from . import generation, purge

DISPATCH_PREFIX = "zib_caching_"


def on_page_published(sender, instance, **kwargs):
    generation.bump_for_change()
    purge.on_page_changed(instance)


def on_page_unpublished(sender, instance, **kwargs):
    generation.bump_for_change()
    purge.on_page_changed(instance)


def on_page_moved(sender, instance, url_path_before, url_path_after, **kwargs):
    generation.bump_for_change()
    if url_path_before != url_path_after:
        purge.on_page_moved(instance, url_path_before, kwargs.get("parent_page_before"))


def on_page_deleted(sender, instance, **kwargs):
    """pre_delete, once per page of a deleted subtree (the base row; the specific row follows)."""
    if type(instance) is not Page:
        return
    generation.bump_for_change()
    urls = purge.urls_before_delete(instance)
    if urls:
        purge.purge_after_commit(urls)


def on_public_change_recorded(sender, **kwargs):
    """The changes feed recorded a change (zib_wagtail.core.signals): it is public and changed."""
    generation.bump_for_change()


#: Besides snippets and settings: what decides who sees what and where (the core's remembered
#: lookups read them: zib_wagtail.core.published).
SHARED_MODELS = (
    BaseSiteSetting,
    BaseGenericSetting,
    Site,
    Redirect,
    Locale,
    PageViewRestriction,
    Collection,
    CollectionViewRestriction,
)


@functools.cache
def _is_shared_content(model):
    from wagtail.snippets.models import get_snippet_models

    if issubclass(model, SHARED_MODELS) or model in get_snippet_models():
        return True
    # A child row of shared content (the office's translations: ParentalKey to the setting).
    return any(
        isinstance(field, ParentalKey) and _is_shared_content(field.related_model)
        for field in model._meta.concrete_fields
    )


def on_model_changed(sender, **kwargs):
    if not issubclass(sender, Page) and _is_shared_content(sender):
        generation.bump_for_change()


def connect():
    receivers = [
        (page_published, on_page_published, None),
        (page_unpublished, on_page_unpublished, None),
        (post_page_move, on_page_moved, None),
        (pre_delete, on_page_deleted, Page),
        (content_changed, on_public_change_recorded, None),
        (post_save, on_model_changed, None),
        (post_delete, on_model_changed, None),
    ]
    for signal, receiver, sender in receivers:
        signal.connect(receiver, sender=sender, dispatch_uid=DISPATCH_PREFIX + receiver.__name__)
