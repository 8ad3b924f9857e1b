"""Rich text links that never point to what a visitor may not see.

A link to a draft, unpublished or view-restricted page, or to a document in a restricted
collection, keeps its text and loses its target (`<a>` without `href`): the HTML and both APIs
render rich text through these handlers, so no slug or file URL of private content leaves.
"""

from wagtail.documents.rich_text import DocumentLinkHandler
from wagtail.models import Page
from wagtail.rich_text.pages import PageLinkHandler

from . import visibility


class PublicPageLinkHandler(PageLinkHandler):
    @classmethod
    def get_many(cls, attrs_list):
        pages = super().get_many(attrs_list)
        ids = [page.pk for page in pages if page is not None]
        public = set(
            visibility.public_pages(Page.objects.filter(pk__in=ids)).values_list("pk", flat=True)
        )
        return [page if page is not None and page.pk in public else None for page in pages]


class PublicDocumentLinkHandler(DocumentLinkHandler):
    @classmethod
    def get_many(cls, attrs_list):
        return [
            document if visibility.is_public_media(document) else None
            for document in super().get_many(attrs_list)
        ]
