"""Typed page payloads: one schema per page type, derived from the model's `api_fields`.

The `api_fields` declaration on each page model (Wagtail's `APIField`, read by API v2 as well)
is the only list of public fields. They are typed and serialized by the rules every model
shares (schemas/models.py); a page type adds `id`, `type`, `title` and `meta`.
"""

import datetime
from dataclasses import dataclass
from typing import Annotated, Literal, Union

from ninja import Schema
from pydantic import Field, create_model
from wagtail.models import Page, get_page_models

from .models import api_field_specs


class PageMeta(Schema):
    slug: str
    locale: str = Field(description="Language code, e.g. `de`.")
    url: str = Field(description="The page's public URL.")
    api_url: str
    parent_id: int | None
    translation_key: str = Field(description="Shared by a page and its translations.")
    first_published_at: datetime.datetime | None
    last_published_at: datetime.datetime | None
    seo_title: str
    search_description: str = Field(description="Meta description (set or derived).")
    show_in_menus: bool
    draft: bool = Field(
        False, description="True when this is the latest draft (token with `draft=true`)."
    )
    fallback: bool = Field(
        False,
        description="True when the page is listed in place of a missing translation into the "
        "requested `locale` (`fallback_locale`); show it marked as being in `meta.locale`.",
    )


# --- Page types ----------------------------------------------------------------------------------


@dataclass
class PageType:
    model: type
    schema: type
    fields: list

    @property
    def label(self):
        return self.model._meta.label

    def serialize(self, page, ctx, base):
        data = dict(base)
        for spec in self.fields:
            data[spec.name] = spec.serialize(page, ctx)
        return data


def build_page_type(model):
    specs = api_field_specs(model)
    schema = create_model(
        model.__name__,
        __base__=Schema,
        __doc__=str(model._meta.verbose_name),
        id=(int, ...),
        type=(Literal[model._meta.label], ...),
        title=(str, ...),
        meta=(PageMeta, ...),
        **{spec.name: spec.definition() for spec in specs},
    )
    return PageType(model, schema, specs)


def _build_registry():
    return {
        model: build_page_type(model)
        for model in sorted(get_page_models(), key=lambda model: model._meta.label)
        if model is not Page
    }


PAGE_TYPES = _build_registry()
PAGE_TYPE_LABELS = tuple(page_type.label for page_type in PAGE_TYPES.values())

#: The detail of any page: a union discriminated on `type`.
PageDetail = Annotated[
    Union[tuple(page_type.schema for page_type in PAGE_TYPES.values())],  # noqa: UP007
    Field(discriminator="type"),
]
PageTypeLabel = Literal[PAGE_TYPE_LABELS]


class PageSummary(Schema):
    """A page in lists: what a portal needs to link to it and to fetch its detail."""

    id: int
    type: PageTypeLabel = Field(description="The page type, e.g. `projects.ProjectPage`.")
    title: str
    meta: PageMeta


# --- Serializing ---------------------------------------------------------------------------------


def page_meta(page, ctx, *, draft=False):
    parent_path = page.path[: -page.steplen] if page.depth > 2 else None  # not the tree root
    locale = ctx.locale_code(page.locale_id)
    return {
        "slug": page.slug,
        "locale": locale,
        "url": ctx.absolute(page.get_url(ctx.request)) or "",
        "api_url": ctx.api_url("page_detail", page_id=page.pk),
        "parent_id": ctx.page_id_for_path(parent_path) if parent_path else None,
        "translation_key": str(page.translation_key),
        "first_published_at": page.first_published_at,
        "last_published_at": page.last_published_at,
        "seo_title": page.seo_title,
        "search_description": getattr(page, "meta_description", page.search_description) or "",
        "show_in_menus": page.show_in_menus,
        "draft": draft,
        "fallback": bool(ctx.requested_locale) and locale != ctx.requested_locale,
    }


def page_summary(page, ctx):
    return {
        "id": page.pk,
        "type": page.specific_class._meta.label if page.specific_class else "wagtailcore.Page",
        "title": page.title,
        "meta": page_meta(page, ctx),
    }


def page_detail(page, ctx, *, draft=False):
    page_type = PAGE_TYPES[type(page)]
    base = {
        "id": page.pk,
        "type": page_type.label,
        "title": page.title,
        "meta": page_meta(page, ctx, draft=draft),
    }
    return page_type.serialize(page, ctx, base)
