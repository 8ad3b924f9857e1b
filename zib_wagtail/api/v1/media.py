"""Images (with rendition presets and srcset, and renditions on demand) and documents.

Documents in collections with a view restriction (privacy setting in the admin) are left out;
their download URLs check the restriction as well.
"""

from typing import Literal

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
    rendition_specs,
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


# --- Renditions on demand ------------------------------------------------------------------------

RenditionSpec = Literal[tuple(rendition_specs())]
RenditionFormat = Literal["jpeg", "png", "webp", "avif"]


class RenditionOptions(Schema):
    spec: RenditionSpec = Field(
        ...,
        description="The resize operation, one of the site's allow-list "
        "(`ZIB_API_RENDITION_SPECS`; Wagtail's filter syntax, e.g. `fill-800x600`, `width-400`).",
    )
    format: RenditionFormat | None = Field(
        None, description="The output format; default: the original image's format."
    )


class RenditionDetail(Schema):
    image_id: int
    spec: str = Field(description="The Wagtail filter spec the file was made with.")
    url: str
    width: int
    height: int
    format: str = Field(description="File format of the rendition, e.g. `webp`.")


@router.get(
    "/images/{int:image_id}/rendition/",
    response={200: RenditionDetail, **ERRORS},
    summary="An image rendition on demand",
)
@cacheable
def image_rendition(request, image_id: int, options: Query[RenditionOptions]):
    """A rendition of a public image in a size of the allow-list, made on first request and
    stored (later requests are answered from Wagtail's renditions, and then from the cache)."""
    image = public_images().filter(pk=image_id).first()
    if image is None:
        raise APIProblem("not_found", f"There is no public image {image_id}.")
    spec = options.spec + (f"|format-{options.format}" if options.format else "")
    rendition = image.get_rendition(spec)
    extension = rendition.file.name.rsplit(".", 1)[-1].lower()
    return {
        "image_id": image.pk,
        "spec": spec,
        "url": Context(request=request).absolute(rendition.url),
        "width": rendition.width,
        "height": rendition.height,
        "format": {"jpg": "jpeg"}.get(extension, extension),
    }
