"""What re-indexes pages besides saving them: their records and the snippets they name.

- A record shown on a page (search.records: the office's contact data, the funding rounds …)
  re-indexes that page in the site index when it is saved or deleted;
- a snippet a page type indexes through `index.RelatedFields` (a topic, a district, a partner)
  re-indexes the pages that name it, in both indexes (Wagtail re-indexes only the saved object),
  when it is saved and when it is deleted (the pages are found before the deletion removes the
  relation: their text and facet values must lose it).

Both after the transaction commits, so that inline translations saved with the record count.
"""

from functools import partial

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from wagtail.models import get_page_models
from wagtail.search import index as wagtail_index

from search import records, tasks


def connect():
    for source in records.sources():
        for model in source.models():
            handler = partial(_record_changed, source=source)
            uid = f"search-record-{model._meta.label}-{type(source).__name__}"
            post_save.connect(handler, sender=model, weak=False, dispatch_uid=f"{uid}-save")
            post_delete.connect(handler, sender=model, weak=False, dispatch_uid=f"{uid}-delete")
    for related_model, lookups in related_snippets().items():
        handler = partial(_snippet_changed, lookups=lookups)
        uid = f"search-related-{related_model._meta.label}"
        post_save.connect(handler, sender=related_model, weak=False, dispatch_uid=uid)
        deleted = partial(_snippet_deleted, lookups=lookups)
        pre_delete.connect(deleted, sender=related_model, weak=False, dispatch_uid=f"{uid}-delete")


def related_snippets():
    """{related model: [(page model, field name), …]} of the page models' RelatedFields."""
    found = {}
    for page_model in get_page_models():
        for search_field in page_model.get_search_fields():
            if not isinstance(search_field, wagtail_index.RelatedFields):
                continue
            field = page_model._meta.get_field(search_field.field_name)
            if field.related_model is not None and not field.auto_created:
                found.setdefault(field.related_model, []).append((page_model, field.name))
    return found


def _record_changed(sender, instance, source, raw=False, **kwargs):
    if raw:
        return

    def reindex():
        page_ids = list(source.pages().values_list("pk", flat=True))
        if page_ids:
            tasks.reindex_pages.enqueue(page_ids)

    transaction.on_commit(reindex)


def _pages_naming(instance, lookups):
    page_ids = set()
    for page_model, field_name in lookups:
        page_ids.update(
            page_model.objects.filter(**{field_name: instance}).values_list("pk", flat=True)
        )
    return sorted(page_ids)


def _snippet_changed(sender, instance, lookups, raw=False, created=False, **kwargs):
    if raw or created:
        return

    def reindex():
        page_ids = _pages_naming(instance, lookups)
        if page_ids:
            tasks.reindex_pages_everywhere.enqueue(page_ids)

    transaction.on_commit(reindex)


def _snippet_deleted(sender, instance, lookups, **kwargs):
    page_ids = _pages_naming(instance, lookups)
    if page_ids:
        transaction.on_commit(lambda: tasks.reindex_pages_everywhere.enqueue(page_ids))
