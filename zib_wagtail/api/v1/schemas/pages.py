"""Typed page payloads: one schema per page type, derived from the model's `api_fields`.

The `api_fields` declaration on each page model (Wagtail's `APIField`, read by API v2 as well)
is the only list of public fields. Each field is typed from the model field (or, for a property,
from its return annotation) and serialized by the matching rule in `field_spec`.
"""

import datetime
import decimal
import typing
from dataclasses import dataclass
from typing import Annotated, Any, Literal, Union

from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db import models
from django.db.models.fields.reverse_related import ForeignObjectRel
from ninja import Schema
from pydantic import Field, create_model
from wagtail.api import APIField
from wagtail.api.conf import get_model_field
from wagtail.documents import get_document_model
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.models import Page, get_page_models

from .blocks import stream_field_annotation, stream_value
from .common import (
    DocumentSchema,
    ImageSchema,
    PageLink,
    document_data,
    image_data,
    page_link,
    rich_text,
    snippet_types,
)


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


class PageSummary(Schema):
    """A page in lists: what a portal needs to link to it and to fetch its detail."""

    id: int
    type: str = Field(description="The page type, e.g. `projects.ProjectPage`.")
    title: str
    meta: PageMeta


# --- Field rules ---------------------------------------------------------------------------------

_SCALARS = [
    (models.BooleanField, bool),
    (models.IntegerField, int),  # includes the positive/small/big variants
    (models.DecimalField, decimal.Decimal),
    (models.FloatField, float),
    (models.DateTimeField, datetime.datetime),
    (models.DateField, datetime.date),
    (models.CharField, str),  # includes slug, URL and e-mail fields
    (models.TextField, str),
]


@dataclass
class FieldSpec:
    name: str
    annotation: Any
    serialize: Any  # (instance, ctx) -> data


def _getter(name):
    return lambda obj, ctx: getattr(obj, name)


def field_spec(model, name, hint):
    """Type and serializer for one `api_fields` entry of `model`."""
    try:
        field = get_model_field(model, name)
    except FieldDoesNotExist:
        return _property_spec(model, name)

    image_model, document_model = get_image_model(), get_document_model()
    if isinstance(field, StreamField):
        annotation = stream_field_annotation(field.stream_block, f"{hint}{_camel(name)}")
        return FieldSpec(name, annotation, lambda obj, ctx: stream_value(getattr(obj, name), ctx))
    if isinstance(field, RichTextField):
        return FieldSpec(
            name,
            str | None if field.null else str,
            lambda obj, ctx: rich_text(getattr(obj, name), ctx) or "",
        )
    if isinstance(field, ForeignObjectRel):
        item_schema, serialize_item = related_model_schema(field.related_model)
        accessor = field.get_accessor_name()
        return FieldSpec(
            name,
            list[item_schema],
            lambda obj, ctx: [serialize_item(item, ctx) for item in getattr(obj, accessor).all()],
        )
    if field.many_to_many:
        schema, serializer = snippet_types()[field.related_model]
        return FieldSpec(
            name,
            list[schema],
            lambda obj, ctx: [serializer(item, ctx) for item in getattr(obj, name).all()],
        )
    if field.is_relation:
        related = field.related_model
        if issubclass(related, image_model):
            # A page's own alt text for its image, if it has one (`<name>_alt`).
            return FieldSpec(
                name,
                ImageSchema | None,
                lambda obj, ctx: image_data(
                    getattr(obj, name), ctx, alt=getattr(obj, f"{name}_alt", None)
                ),
            )
        if issubclass(related, document_model):
            return FieldSpec(
                name,
                DocumentSchema | None,
                lambda obj, ctx: document_data(getattr(obj, name), ctx),
            )
        if issubclass(related, Page):
            return FieldSpec(
                name,
                PageLink | None,
                lambda obj, ctx: page_link(_specific(getattr(obj, name)), ctx),
            )
        schema, serializer = snippet_types()[related]
        return FieldSpec(
            name,
            schema | None,
            lambda obj, ctx: serializer(value, ctx) if (value := getattr(obj, name)) else None,
        )
    for field_class, python_type in _SCALARS:
        if isinstance(field, field_class):
            annotation = python_type
            if field.choices:
                annotation = Literal[tuple(str(value) for value, _label in field.flatchoices)]
            return FieldSpec(name, annotation | None if field.null else annotation, _getter(name))
    raise ImproperlyConfigured(f"API v1 cannot type {model.__name__}.{name} ({type(field)}).")


def _property_spec(model, name):
    attribute = getattr(model, name, None)
    function = attribute.fget if isinstance(attribute, property) else attribute
    hints = typing.get_type_hints(function) if callable(function) else {}
    if "return" not in hints:
        raise ImproperlyConfigured(
            f"{model.__name__}.{name} is in api_fields but is neither a model field nor a "
            "property with a return annotation; annotate it so that the API can type it."
        )
    annotation = hints["return"]
    if annotation is str:
        return FieldSpec(name, str, lambda obj, ctx: str(getattr(obj, name) or ""))
    return FieldSpec(name, annotation, _getter(name))


def _specific(page):
    return page.specific if page is not None else None


def _camel(name):
    return "".join(part[:1].upper() + part[1:] for part in name.split("_"))


_related_cache = {}


def related_model_schema(model):
    """Schema and serializer of a child relation's model (e.g. an Orderable) from its api_fields."""
    if model not in _related_cache:
        specs = [
            field_spec(model, api_field.name, model.__name__)
            for api_field in APIField.get_fields_for_model(model)
        ]
        schema = create_model(
            model.__name__,
            __base__=Schema,
            **{spec.name: (spec.annotation, ...) for spec in specs},
        )

        def serialize(obj, ctx):
            return {spec.name: spec.serialize(obj, ctx) for spec in specs}

        _related_cache[model] = (schema, serialize)
    return _related_cache[model]


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
    specs = [
        field_spec(model, api_field.name, model.__name__)
        for api_field in APIField.get_fields_for_model(model)
    ]
    schema = create_model(
        model.__name__,
        __base__=Schema,
        __doc__=str(model._meta.verbose_name),
        id=(int, ...),
        type=(Literal[model._meta.label], ...),
        title=(str, ...),
        meta=(PageMeta, ...),
        **{spec.name: (spec.annotation, ...) for spec in specs},
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


# --- Serializing ---------------------------------------------------------------------------------


def page_meta(page, ctx, *, draft=False):
    parent_path = page.path[: -page.steplen] if page.depth > 2 else None  # not the tree root
    return {
        "slug": page.slug,
        "locale": ctx.locale_code(page.locale_id),
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
