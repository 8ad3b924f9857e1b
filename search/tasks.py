"""Background tasks of the site search (django-tasks; run at once with the immediate backend)."""

from django_tasks import task
from wagtail.models import Page

from search import index


@task()
def reindex_pages(page_ids):
    """Re-index these pages in the site index (after a record shown on them changed)."""
    index.add_pages(Page.objects.filter(pk__in=page_ids).specific())


@task()
def reindex_pages_everywhere(page_ids):
    """Re-index these pages in Wagtail's index and the site index (after a related snippet, such
    as a topic, was renamed)."""
    from modelsearch.index import insert_or_update_object

    for page in Page.objects.filter(pk__in=page_ids).specific():
        insert_or_update_object(page)
