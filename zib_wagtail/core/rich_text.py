"""Rich text links that never point to what a visitor may not see.

A link to a draft, unpublished or view-restricted page, or to a document in a restricted
collection, keeps its text and loses its target (`<a>` without `href`): the HTML and both APIs
render rich text through these handlers, so no slug or file URL of private content leaves.
"""

from django.utils.html import format_html
from wagtail.documents.rich_text import DocumentLinkHandler
from wagtail.models import Page
from wagtail.rich_text.pages import PageLinkHandler

from . import chrome, published, visibility


class PublicPageLinkHandler(PageLinkHandler):
    @classmethod
    def get_many(cls, attrs_list):
        pages = super().get_many(attrs_list)
        ids = [page.pk for page in pages if page is not None]
        public = set(
            visibility.public_pages(Page.objects.filter(pk__in=ids)).values_list("pk", flat=True)
        )
        return [page if page is not None and page.pk in public else None for page in pages]

    @classmethod
    def link_urls(cls, attrs_list):
        """The URL of each linked page in the active language (None: not public), remembered
        until published content changes: a page's links cost no query once it was shown."""
        ids = tuple(str(attrs.get("id")) for attrs in attrs_list)

        def compute():
            pages = cls.get_many([{"id": page_id} for page_id in ids])
            targets = chrome.localize([page for page in pages if page is not None])
            by_id = dict(zip([page.pk for page in pages if page is not None], targets, strict=True))
            return [by_id[page.pk].url if page is not None else None for page in pages]

        return published.remembered("page_link_urls", (ids, chrome.active_language()), compute)

    @classmethod
    def expand_db_attributes_many(cls, attrs_list):
        return [
            format_html('<a href="{}">', url) if url else "<a>" for url in cls.link_urls(attrs_list)
        ]


class PublicDocumentLinkHandler(DocumentLinkHandler):
    @classmethod
    def get_many(cls, attrs_list):
        return [
            document if visibility.is_public_media(document) else None
            for document in super().get_many(attrs_list)
        ]
