"""Schemas and serializers shared by the endpoints: images, documents, page links,
rich text. Serializers turn model instances into plain data that the schemas validate."""

import datetime
import re
from dataclasses import dataclass, field
from typing import Annotated, Literal

from django.conf import settings
from django.urls import reverse
from django.utils.html import strip_tags
from ninja import Schema
from pydantic import BeforeValidator, Field
from wagtail.models import Page, PageViewRestriction
from wagtail.rich_text import expand_db_html

from zib_wagtail.core import chrome, published, visibility
from zib_wagtail.core.conf import content_language_codes

RichTextFormat = Literal["html", "text"]


def _iso_8601_only(value):
    """pydantic takes numbers (and numeric strings) as Unix times; a query parameter documented
    as `date-time` takes RFC 3339 text only (`2026-01-01T00:00:00Z`)."""
    if isinstance(value, str) and not _ISO_8601.match(value):
        raise ValueError("Expected an RFC 3339 date-time, e.g. 2026-01-01T00:00:00Z.")
    if isinstance(value, (int, float)):
        raise ValueError("Expected an RFC 3339 date-time, e.g. 2026-01-01T00:00:00Z.")
    return value


_ISO_8601 = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
#: A date-time query parameter: RFC 3339 text, never a number.
DateTimeParameter = Annotated[datetime.datetime, BeforeValidator(_iso_8601_only)]

#: A content language's code, as `locale=` takes it.
LocaleCode = Literal[tuple(content_language_codes())]

#: Named image renditions every image carries (override with ZIB_API_IMAGE_RENDITIONS).
DEFAULT_RENDITIONS = {
    "thumbnail": "fill-400x300",
    "card": "fill-640x360",
    "medium": "max-1024x1024",
    "large": "max-1920x1920",
}
#: Widths of the `srcset` (override with ZIB_API_IMAGE_SRCSET_WIDTHS).
DEFAULT_SRCSET_WIDTHS = (480, 960, 1920)


#: Renditions a client may ask for on demand (override with ZIB_API_RENDITION_SPECS): a short
#: allow-list, so that nobody can make the server compute and store arbitrary sizes.
DEFAULT_RENDITION_SPECS = (
    "fill-400x300",
    "fill-640x360",
    "fill-800x600",
    "fill-1200x630",
    "width-400",
    "width-800",
    "width-1200",
    "width-1920",
    "max-1024x1024",
    "max-1920x1920",
)


def rendition_specs():
    return tuple(getattr(settings, "ZIB_API_RENDITION_SPECS", DEFAULT_RENDITION_SPECS))


def rendition_presets():
    return getattr(settings, "ZIB_API_IMAGE_RENDITIONS", DEFAULT_RENDITIONS)


def srcset_widths():
    return getattr(settings, "ZIB_API_IMAGE_SRCSET_WIDTHS", DEFAULT_SRCSET_WIDTHS)


@dataclass
class Context:
    """What serializers need to know about the request."""

    request: object
    rich_text: str = "html"
    #: Pages already known to be visible (live and public), by id: saves a query per link.
    visible_page_ids: set = field(default_factory=set)
    #: The language the client asked for (`locale=`): pages in another one are fallbacks.
    requested_locale: str = ""

    def absolute(self, url):
        if not url:
            return url
        if url.startswith("/"):
            return self.request.build_absolute_uri(url)
        return url

    def api_url(self, name, **kwargs):
        return self.absolute(reverse(f"api-v1:{name}", kwargs=kwargs))

    _locales: dict = field(default_factory=dict)
    _ids_by_path: dict = field(default_factory=dict)

    def locale_code(self, locale_id):
        """Language code of a locale id (all locales are loaded in one query)."""
        if locale_id not in self._locales:
            self._locales.update(chrome.locale_codes())
        return self._locales.get(locale_id, "")

    def prefetch_parents(self, pages):
        """Load the parent ids of `pages` in one query (for `meta.parent_id`)."""
        paths = {page.path[: -page.steplen] for page in pages if page.depth > 1}
        missing = paths - self._ids_by_path.keys()
        if missing:
            self._ids_by_path.update(
                Page.objects.filter(path__in=missing).values_list("path", "id")
            )

    def page_id_for_path(self, path):
        if path not in self._ids_by_path:
            self._ids_by_path[path] = published.remembered(
                "page_id_for_path",
                (path,),
                lambda: Page.objects.filter(path=path).values_list("id", flat=True).first(),
            )
        return self._ids_by_path[path]


# --- Rich text -----------------------------------------------------------------------------------

_RELATIVE_URL = re.compile(r'(\s(?:href|src)=")(/[^"]*)"')
_BLOCK_END = re.compile(r"</(p|h[1-6]|li|blockquote|div)>|<br\s*/?>", re.IGNORECASE)


def rich_text(value, ctx):
    """Rich text as display HTML with absolute URLs (internal links resolved), or plain text."""
    if value is None:
        return None
    html = expand_db_html(str(getattr(value, "source", value)))
    if ctx.rich_text == "text":
        text = strip_tags(_BLOCK_END.sub(lambda match: match.group(0) + "\n", html))
        lines = (" ".join(line.split()) for line in text.splitlines())
        return "\n".join(line for line in lines if line)
    return _RELATIVE_URL.sub(lambda m: f'{m.group(1)}{ctx.absolute(m.group(2))}"', html)


# --- Page links ----------------------------------------------------------------------------------


class PageLink(Schema):
    """A link to another live, public page."""

    id: int
    type: str = Field(description="The page type, e.g. `projects.ProjectPage`.")
    title: str
    url: str = Field(description="The page's public URL.")
    api_url: str = Field(description="The page's detail in this API.")


def is_visible(page, ctx):
    """Live and without view restriction (on it or an ancestor)."""
    if page is None or not page.live:
        return False
    if page.pk in ctx.visible_page_ids:
        return True
    restricted = PageViewRestriction.objects.filter(
        page__in=Page.objects.ancestor_of(page, inclusive=True)
    ).exists()
    if not restricted:
        ctx.visible_page_ids.add(page.pk)
    return not restricted


def page_link(page, ctx, *, checked=False):
    """A PageLink for a visible page; None for drafts, unpublished and private pages."""
    if page is None or not (checked or is_visible(page, ctx)):
        return None
    return {
        "id": page.pk,
        "type": page.specific_class._meta.label if page.specific_class else "wagtailcore.Page",
        "title": page.title,
        "url": ctx.absolute(page.get_url(ctx.request)) or "",
        "api_url": ctx.api_url("page_detail", page_id=page.pk),
    }


# --- Images --------------------------------------------------------------------------------------


class Rendition(Schema):
    url: str
    width: int
    height: int


class FocalPoint(Schema):
    x: int
    y: int
    width: int
    height: int


class ImageSchema(Schema):
    id: int
    title: str
    alt: str = Field(description="Alternative text for this use of the image.")
    width: int
    height: int
    focal_point: FocalPoint | None
    renditions: dict[str, Rendition] = Field(
        description="Named presets (thumbnail, card, medium, large by default)."
    )
    srcset: str = Field(description="Widths for `<img srcset>`; use with `renditions.medium`.")


def image_specs():
    return [*rendition_presets().values(), *(f"width-{width}" for width in srcset_widths())]


def image_data(image, ctx, *, alt=None):
    """A public image with its renditions; None for none or one in a restricted collection."""
    if not visibility.is_public_media(image):
        return None
    presets = rendition_presets()
    renditions = image.get_renditions(*image_specs())
    focal = None
    if image.has_focal_point():
        focal = {
            "x": image.focal_point_x,
            "y": image.focal_point_y,
            "width": image.focal_point_width,
            "height": image.focal_point_height,
        }
    # An image narrower than a srcset width is not upscaled: several specs give the same
    # rendition width, which `srcset` must list once.
    by_width = {}
    for width in srcset_widths():
        rendition = renditions[f"width-{width}"]
        by_width.setdefault(rendition.width, rendition)
    srcset = ", ".join(
        f"{ctx.absolute(rendition.url)} {width}w" for width, rendition in by_width.items()
    )
    return {
        "id": image.pk,
        "title": image.title,
        "alt": alt if alt is not None else image.default_alt_text or "",
        "width": image.width,
        "height": image.height,
        "focal_point": focal,
        "renditions": {
            name: {
                "url": ctx.absolute(renditions[spec].url),
                "width": renditions[spec].width,
                "height": renditions[spec].height,
            }
            for name, spec in presets.items()
        },
        "srcset": srcset,
    }


# --- Documents -----------------------------------------------------------------------------------


class DocumentSchema(Schema):
    id: int
    title: str
    url: str = Field(description="Download address (served by the site).")
    file_extension: str
    file_size: int | None = Field(description="Size in bytes, where known.")


def document_data(document, ctx):
    """A public document; None for none or one in a restricted collection (nothing of it
    leaves, not even its title)."""
    if not visibility.is_public_media(document):
        return None
    return {
        "id": document.pk,
        "title": document.title,
        "url": ctx.absolute(document.url),
        "file_extension": document.file_extension,
        "file_size": document.file_size,
    }


# --- Lists ---------------------------------------------------------------------------------------


class Pagination(Schema):
    count: int = Field(description="Number of items matching the filters, on all pages.")
    limit: int
    offset: int


def paginate(items, limit, offset):
    """(total count, the requested slice)."""
    total = len(items) if isinstance(items, list) else items.count()
    return total, list(items[offset : offset + limit])
