"""Typed payloads of any model, derived from its `api_fields` (Wagtail's `APIField`).

The `api_fields` declaration of a model is the only list of its public fields, for /api/v1/ and
/api/v2/ alike. The same rules type pages, snippets, settings, funding rounds and the inline
child objects of pages:

- a model field is typed from its class (a field with choices becomes an enum); a relation by
  what it points to: an image, a document, a page link, or the related model's own schema
  (built from *its* `api_fields`);
- a property is typed from its return annotation, in which model classes (as for relations),
  `TypedDict`s (objects) and choices enums (enums) are translated into API types; its docstring
  becomes its description;
- `APIField(name, serializer=SomeField(source="attribute"))` publishes `attribute` under `name`
  (the source is typed; API v2 uses the DRF serializer).

Besides its `api_fields`, a model's schema has `id` (unless it is an inline child object of a
page, or a setting, which is addressed by its site) and, when the model is translatable,
`locale` (the language code). Page types add `type`, `title` and `meta` (schemas/pages.py).

A field this module cannot type is an `ImproperlyConfigured` error naming model and field; it is
raised when /api/v1/ is built and reported by `manage.py check` (zib_api.E001).
"""

import collections.abc
import datetime
import decimal
import enum
import inspect
import types
import typing
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Literal, Union

from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db import models
from django.db.models.fields.reverse_related import ForeignObjectRel
from modelcluster.fields import ParentalKey
from ninja import Schema
from pydantic import Field, create_model
from wagtail.api import APIField
from wagtail.api.conf import get_model_field
from wagtail.documents import get_document_model
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.models import Page, TranslatableMixin

from .blocks import stream_field_annotation, stream_value
from .common import (
    DocumentSchema,
    ImageSchema,
    PageLink,
    document_data,
    image_data,
    page_link,
    rich_text,
)

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
    """One public field: its name in the payload, its type, how to get its value."""

    name: str
    annotation: Any
    serialize: Any  # (instance, ctx) -> data
    description: str | None = None

    def definition(self):
        """The (annotation, field) pair for pydantic's `create_model`."""
        return (self.annotation, Field(description=self.description))


def _same(value, ctx):
    return value


def _camel(name):
    return "".join(part[:1].upper() + part[1:] for part in name.split("_"))


def _specific(page):
    return page.specific if page is not None else None


# --- References to other models ------------------------------------------------------------------


def reference(model, hint):
    """(annotation, convert) of a non-null instance of `model` where another payload embeds it."""
    if issubclass(model, get_image_model()):
        return ImageSchema, lambda value, ctx: image_data(value, ctx)
    if issubclass(model, get_document_model()):
        return DocumentSchema, document_data
    if issubclass(model, Page):
        return PageLink, lambda value, ctx: page_link(_specific(value), ctx)
    if not getattr(model, "api_fields", None):
        raise ImproperlyConfigured(
            f"API v1 cannot type {hint}: {model._meta.label} has no api_fields; declare its "
            "public fields there."
        )
    model_type = model_type_of(model)
    return model_type.schema, model_type.serialize


# --- Annotations of properties -------------------------------------------------------------------

_typed_dicts = {}


def api_type(annotation, hint):
    """(API annotation, convert(value, ctx)) for a Python annotation of a property.

    Model classes become their references, TypedDicts objects, choices enums enums (the values
    as strings); `X | None`, `list[X]`, `tuple[X, ...]` and `dict[str, X]` are translated
    member by member; other annotations (str, int, dict, …) are kept as they are.
    """
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if annotation is None or annotation is type(None):
        return type(None), _same
    if origin in (Union, types.UnionType):
        members = [api_type(arg, hint) for arg in args if arg is not type(None)]
        nullable = len(members) < len(args)
        if len(members) == 1:
            member, convert = members[0]
        elif all(convert is _same for _member, convert in members):
            member, convert = Union[tuple(member for member, _convert in members)], _same  # noqa: UP007
        else:
            raise ImproperlyConfigured(
                f"API v1 cannot type {hint}: a union of model types ({annotation}) cannot be "
                "serialized; return one type (or it | None)."
            )
        if not nullable:
            return member, convert
        if convert is _same:
            return member | None, _same
        return member | None, lambda value, ctx: None if value is None else convert(value, ctx)
    if origin in (list, tuple, set, frozenset, collections.abc.Sequence, collections.abc.Iterable):
        item, convert = api_type(args[0], hint + "Item") if args else (Any, _same)
        return list[item], lambda value, ctx: [convert(each, ctx) for each in value]
    if origin in (dict, collections.abc.Mapping):
        key, value_type = args or (str, Any)
        item, convert = api_type(value_type, hint + "Value")
        return dict[key, item], lambda value, ctx: {
            name: convert(each, ctx) for name, each in value.items()
        }
    if typing.is_typeddict(annotation):
        return _typed_dict(annotation)
    if isinstance(annotation, type):
        if issubclass(annotation, enum.Enum):
            values = tuple(str(member.value) for member in annotation)
            return Literal[values], lambda value, ctx: str(getattr(value, "value", value))
        if issubclass(annotation, models.Model):
            return reference(annotation, hint)
        if annotation is str:
            return str, lambda value, ctx: str(value or "")
    return annotation, _same


def _typed_dict(annotation):
    """An object schema named after the TypedDict, with its keys translated by `api_type`."""
    if annotation not in _typed_dicts:
        hints = typing.get_type_hints(annotation)
        keys = {
            name: api_type(hint, annotation.__name__ + _camel(name)) for name, hint in hints.items()
        }
        schema = create_model(
            annotation.__name__,
            __base__=Schema,
            __doc__=inspect.getdoc(annotation) if annotation.__doc__ else None,
            **{name: (item, ...) for name, (item, _convert) in keys.items()},
        )

        def convert(value, ctx):
            return {name: each(value.get(name), ctx) for name, (_item, each) in keys.items()}

        _typed_dicts[annotation] = (schema, convert)
    return _typed_dicts[annotation]


def _description(function):
    """A property's docstring, on one line (its description in OpenAPI)."""
    doc = inspect.getdoc(function) if function is not None and function.__doc__ else ""
    return " ".join(doc.split()) or None


def _attribute_function(model, name):
    attribute = inspect.getattr_static(model, name, None)
    if isinstance(attribute, property):
        return attribute.fget
    if isinstance(attribute, cached_property):
        return attribute.func
    return None


def _property_spec(model, name, source, hint):
    function = _attribute_function(model, source)
    hints = typing.get_type_hints(function) if function is not None else {}
    if "return" not in hints:
        raise ImproperlyConfigured(
            f"{model.__name__}.{source} is in api_fields but is neither a model field nor a "
            "property with a return annotation; annotate it so that the API can type it."
        )
    annotation, convert = api_type(hints["return"], f"{hint}{_camel(name)}")
    return FieldSpec(
        name,
        annotation,
        lambda obj, ctx: convert(getattr(obj, source), ctx),
        _description(function),
    )


# --- Fields --------------------------------------------------------------------------------------


def _source(api_field):
    """The attribute an APIField publishes: its serializer's `source`, else its name."""
    source = getattr(getattr(api_field, "serializer", None), "source", None)
    return source if isinstance(source, str) and source and source != "*" else api_field.name


def field_spec(model, api_field, hint):
    """Type and serializer for one `api_fields` entry of `model`."""
    if not isinstance(api_field, APIField):
        api_field = APIField(api_field)
    name, source = api_field.name, _source(api_field)
    try:
        field = get_model_field(model, source)
    except FieldDoesNotExist:
        return _property_spec(model, name, source, hint)

    def value(obj):
        return getattr(obj, source)

    if isinstance(field, StreamField):
        annotation = stream_field_annotation(field.stream_block, f"{hint}{_camel(name)}")
        return FieldSpec(name, annotation, lambda obj, ctx: stream_value(value(obj), ctx))
    if isinstance(field, RichTextField):
        return FieldSpec(
            name,
            str | None if field.null else str,
            lambda obj, ctx: rich_text(value(obj), ctx) or "",
        )
    if isinstance(field, ForeignObjectRel):
        item, convert = reference(field.related_model, f"{model.__name__}.{name}")
        accessor = field.get_accessor_name()
        return FieldSpec(
            name,
            list[item],
            lambda obj, ctx: [convert(each, ctx) for each in getattr(obj, accessor).all()],
        )
    if field.many_to_many:
        item, convert = reference(field.related_model, f"{model.__name__}.{name}")
        return FieldSpec(
            name, list[item], lambda obj, ctx: [convert(each, ctx) for each in value(obj).all()]
        )
    if field.is_relation:
        if issubclass(field.related_model, get_image_model()):
            # The object's own alt text for its image, if it has one (`<name>_alt`).
            return FieldSpec(
                name,
                ImageSchema | None,
                lambda obj, ctx: image_data(
                    value(obj), ctx, alt=getattr(obj, f"{source}_alt", None)
                ),
            )
        item, convert = reference(field.related_model, f"{model.__name__}.{name}")
        return FieldSpec(
            name,
            item | None,
            lambda obj, ctx: None if (related := value(obj)) is None else convert(related, ctx),
        )
    for field_class, python_type in _SCALARS:
        if isinstance(field, field_class):
            annotation = python_type
            if field.choices:
                annotation = Literal[tuple(str(choice) for choice, _label in field.flatchoices)]
            return FieldSpec(
                name, annotation | None if field.null else annotation, lambda obj, ctx: value(obj)
            )
    raise ImproperlyConfigured(f"API v1 cannot type {model.__name__}.{name} ({type(field)}).")


def api_field_specs(model, hint=None):
    """The FieldSpecs of a model's `api_fields`, in their order."""
    return [
        field_spec(model, api_field, hint or model.__name__)
        for api_field in APIField.get_fields_for_model(model)
    ]


# --- Model types ---------------------------------------------------------------------------------


def is_inline(model):
    """An inline child object of a page (ParentalKey): part of the page, no identity of its own."""
    return any(isinstance(field, ParentalKey) for field in model._meta.get_fields())


def is_setting(model):
    try:
        from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
    except ImportError:  # pragma: no cover - wagtail.contrib.settings is part of Wagtail
        return False
    return issubclass(model, BaseGenericSetting | BaseSiteSetting)


def schema_name(model):
    """The OpenAPI component of a model: `ProjectPage`, `Office` (OfficeSettings),
    `TopicSchema`; inline child objects by their model name."""
    name = model.__name__
    if issubclass(model, Page) or is_inline(model):
        return name
    if is_setting(model):
        return name.removesuffix("Settings") or name
    return f"{name}Schema"


@dataclass
class ModelType:
    """The schema of a non-page model and how to serialize an instance of it."""

    model: type
    schema: type
    fields: list
    with_id: bool = True
    with_locale: bool = False

    @property
    def label(self):
        return self.model._meta.label

    def serialize(self, obj, ctx):
        data = {"id": obj.pk} if self.with_id else {}
        for spec in self.fields:
            data[spec.name] = spec.serialize(obj, ctx)
        if self.with_locale:
            data["locale"] = ctx.locale_code(obj.locale_id)
        return data


_model_types = {}
_building = set()


def model_type_of(model):
    """The ModelType of a model with `api_fields` (built once)."""
    if model in _model_types:
        return _model_types[model]
    if model in _building:
        raise ImproperlyConfigured(
            f"API v1 cannot type {model._meta.label}: its api_fields embed it again (a cycle); "
            "leave the back reference out."
        )
    _building.add(model)
    try:
        with_id = not (is_inline(model) or is_setting(model))
        with_locale = issubclass(model, TranslatableMixin)
        specs = api_field_specs(model)
        definitions = {}
        if with_id:
            definitions["id"] = (int, ...)
        definitions.update({spec.name: spec.definition() for spec in specs})
        if with_locale:
            definitions["locale"] = (str, Field(description="Language code, e.g. `de`."))
        schema = create_model(
            schema_name(model),
            __base__=Schema,
            __doc__=str(model._meta.verbose_name),
            **definitions,
        )
        _model_types[model] = ModelType(model, schema, specs, with_id, with_locale)
    finally:
        _building.discard(model)
    return _model_types[model]
