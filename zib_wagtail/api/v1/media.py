"""Images (with rendition presets and srcset) and documents.

Documents in collections with a view restriction (privacy setting in the admin) are left out;
their download URLs check the restriction as well.
"""

from ninja import Field, Query, Router, Schema
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from zib_wagtail.core import visibility

from .caching import cacheable
from .errors import READ_ERRORS, APIProblem
from .schemas.common import (
    Context,
    DocumentSchema,
    ImageSchema,
    Pagination,
    document_data,
    image_data,
    image_specs,
    paginate,
)

router = Router(tags=["Media"])
ERRORS = READ_ERRORS


class MediaFilters(Schema):
    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0, le=100_000)


class ImageList(Pagination):
    items: list[ImageSchema]


class DocumentList(Pagination):
    items: list[DocumentSchema]


def public_documents():
    return visibility.public_media(get_document_model().objects.all())


def public_images():
    return visibility.public_media(get_image_model().objects.all())


@router.get("/images/", response={200: ImageList, **ERRORS})
@cacheable
def list_images(request, filters: Query[MediaFilters]):
    """Images of the media library, newest first."""
    images = public_images().prefetch_renditions(*image_specs()).order_by("-pk")
    total, items = paginate(images, filters.limit, filters.offset)
    ctx = Context(request=request)
    return {
        "count": total,
        "limit": filters.limit,
        "offset": filters.offset,
        "items": [image_data(image, ctx) for image in items],
    }


@router.get("/images/{int:image_id}/", response={200: ImageSchema, **ERRORS})
@cacheable
def image_detail(request, image_id: int):
    image = public_images().filter(pk=image_id).first()
    if image is None:
        raise APIProblem("not_found", f"There is no public image {image_id}.")
    return image_data(image, Context(request=request))


@router.get("/documents/", response={200: DocumentList, **ERRORS})
@cacheable
def list_documents(request, filters: Query[MediaFilters]):
    """Public documents (downloads), newest first."""
    total, items = paginate(public_documents().order_by("-pk"), filters.limit, filters.offset)
    ctx = Context(request=request)
    return {
        "count": total,
        "limit": filters.limit,
        "offset": filters.offset,
        "items": [document_data(document, ctx) for document in items],
    }


@router.get("/documents/{int:document_id}/", response={200: DocumentSchema, **ERRORS})
@cacheable
def document_detail(request, document_id: int):
    document = public_documents().filter(pk=document_id).first()
    if document is None:
        raise APIProblem("not_found", f"There is no public document {document_id}.")
    return document_data(document, Context(request=request))
