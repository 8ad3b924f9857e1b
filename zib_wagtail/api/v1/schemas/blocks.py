"""Typed StreamField content: one schema per block type, built from the block definitions.

A StreamField becomes a list of `{"type": …, "id": …, "value": …}` items, a union discriminated
on `type`. Struct blocks become objects with one property per child block; rich text is HTML or
text (`rich_text=`); images, documents and page links are resolved (a page link to a draft or
private page is null). A block class this module cannot type is an error at start-up, not an
untyped hole in the contract.
"""

import datetime
import decimal
from typing import Annotated, Any, Literal, Union

from django.core.exceptions import ImproperlyConfigured
from pydantic import Field, create_model
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock, ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from .common import (
    DocumentSchema,
    ImageSchema,
    PageLink,
    document_data,
    image_data,
    page_link,
    rich_text,
)

_schemas = {}


def _camel(name):
    return "".join(part[:1].upper() + part[1:] for part in name.split("_"))


def _snippet_reference(block, hint):
    """A snippet is embedded with the schema of its model's `api_fields` (schemas/models.py)."""
    from .models import reference  # models.py builds on this module

    return reference(block.target_model, hint or type(block).__name__)


def _optional(annotation, block):
    return annotation if block.required else annotation | None


def block_annotation(block, hint):
    """The Python type of a block's API value; `hint` names anonymous struct/stream blocks."""
    if isinstance(block, ImageBlock | ImageChooserBlock):
        return ImageSchema | None
    if isinstance(block, DocumentChooserBlock):
        return DocumentSchema | None
    if isinstance(block, blocks.PageChooserBlock):
        return PageLink | None
    if isinstance(block, SnippetChooserBlock):
        return _snippet_reference(block, hint)[0] | None
    if isinstance(block, blocks.RichTextBlock):
        return str
    if isinstance(block, blocks.StreamBlock):
        return list[stream_union(block, hint)]
    if isinstance(block, blocks.ListBlock):
        return list[block_annotation(block.child_block, hint + "Item")]
    if isinstance(block, blocks.StructBlock):
        return struct_schema(block, hint)
    if isinstance(block, blocks.ChoiceBlock):
        values = tuple(str(value) for value, _label in block.field.choices if value != "")
        if block.required:
            return Literal[values]
        return Literal[(*values, "")] | None
    scalar = [
        (blocks.BooleanBlock, bool),
        (blocks.IntegerBlock, int),
        (blocks.FloatBlock, float),
        (blocks.DecimalBlock, decimal.Decimal),
        (blocks.DateTimeBlock, datetime.datetime),
        (blocks.DateBlock, datetime.date),
        (blocks.TimeBlock, datetime.time),
        (
            blocks.CharBlock
            | blocks.TextBlock
            | blocks.URLBlock
            | blocks.EmailBlock
            | blocks.RegexBlock,
            str,
        ),
    ]
    for block_class, annotation in scalar:
        if isinstance(block, block_class):
            return _optional(annotation, block)
    raise ImproperlyConfigured(
        f"API v1 cannot type the block {type(block).__name__} ({hint}); add it to "
        "zib_wagtail/api/v1/schemas/blocks.py."
    )


def _schema_name(block, hint):
    cls = type(block)
    own_class = cls not in (blocks.StructBlock, blocks.StreamBlock)
    return cls.__name__ if own_class else hint


def _description(block):
    return str(getattr(block.meta, "description", "") or block.label or "") or None


def struct_schema(block, hint):
    """One object schema per struct block class (cached, so each appears once in OpenAPI)."""
    name = _schema_name(block, hint)
    key = ("struct", name)
    if key not in _schemas:
        fields = {}
        for child_name, child in block.child_blocks.items():
            annotation = block_annotation(child, name + _camel(child_name))
            fields[child_name] = (
                annotation,
                Field(description=str(child.label) if child.label else None),
            )
        _schemas[key] = create_model(name, __doc__=_description(block), **fields)
    return _schemas[key]


def stream_union(block, hint):
    """The discriminated union of a stream block's children (one item schema per block type)."""
    name = _schema_name(block, hint)
    key = ("stream", name)
    if key not in _schemas:
        members = []
        for child_name, child in block.child_blocks.items():
            value = block_annotation(child, f"{name}{_camel(child_name)}")
            members.append(
                create_model(
                    f"{name}{_camel(child_name)}Item",
                    __doc__=_description(child),
                    type=(Literal[child_name], ...),
                    id=(str | None, None),
                    value=(value, ...),
                )
            )
        if len(members) == 1:
            _schemas[key] = members[0]
        else:
            _schemas[key] = Annotated[Union[tuple(members)], Field(discriminator="type")]  # noqa: UP007
    return _schemas[key]


def stream_field_annotation(stream_block, hint):
    return list[stream_union(stream_block, hint)]


# --- Values --------------------------------------------------------------------------------------


def block_value(block, value, ctx) -> Any:
    """A block's value as plain data matching `block_annotation`."""
    if isinstance(block, ImageBlock):
        if value is None:
            return None
        alt = "" if getattr(value, "decorative", False) else value.contextual_alt_text
        return image_data(value, ctx, alt=alt or "")
    if isinstance(block, ImageChooserBlock):
        return image_data(value, ctx)
    if isinstance(block, DocumentChooserBlock):
        return document_data(value, ctx)
    if isinstance(block, blocks.PageChooserBlock):
        return page_link(value.specific if value else None, ctx)
    if isinstance(block, SnippetChooserBlock):
        return _snippet_reference(block, "")[1](value, ctx) if value else None
    if isinstance(block, blocks.RichTextBlock):
        return rich_text(value, ctx) or ""
    if isinstance(block, blocks.StreamBlock):
        return stream_value(value, ctx)
    if isinstance(block, blocks.ListBlock):
        return [block_value(block.child_block, item, ctx) for item in value]
    if isinstance(block, blocks.StructBlock):
        return {
            name: block_value(child, value.get(name), ctx)
            for name, child in block.child_blocks.items()
        }
    return value


def stream_value(stream, ctx):
    return [
        {
            "type": child.block_type,
            "id": child.id,
            "value": block_value(child.block, child.value, ctx),
        }
        for child in stream
    ]
