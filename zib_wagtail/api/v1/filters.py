"""Per-type list filters of `GET /pages/`, declared on the page models.

A page model lists the query parameters of its type in `api_list_filters` (e.g. the projects'
`status`, `topic` and `district`). Each entry is a dict:

``name``
    The query parameter.
``type``
    ``str`` (default), ``int``, ``bool`` or a choices enum (its values become an enum in
    OpenAPI; other values are refused with 422).
``description``
    Shown in the OpenAPI document.
``max_length``
    For ``str`` parameters (default 100).
``lookup``
    The queryset filter the value is given to, e.g. ``"topics__slug"``; or
``apply``
    A callable ``(queryset, value) -> queryset`` for anything a lookup cannot say.
``prepare``
    Optional: the name of a queryset method applied first, e.g. ``"with_status"`` to annotate
    what ``lookup`` filters on.
``label``
    Optional, with ``lookup``: the lookup of each value's display name for the search facets,
    e.g. ``"topics__name"`` (a choices enum labels its values itself).

A filter with a ``lookup`` is also a search facet: `GET /pages/?search=` counts the results per
value (`facet_counts`).

The page list accepts the union of all page types' parameters. A request that uses some of them
lists the pages of every type that declares all of them (and, with `type=`, only of that type);
a parameter of several page types must have the same type on each.
"""

import enum
import functools
import operator
from dataclasses import dataclass, field
from typing import Any, Literal

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Count, Q
from pydantic import Field

_KEYS = {"name", "type", "description", "max_length", "lookup", "apply", "prepare", "label"}


@dataclass(frozen=True)
class Declaration:
    """One model's declaration of a list filter."""

    model: type
    name: str
    type: Any
    description: str
    max_length: int
    lookup: str | None
    apply: Any
    prepare: str | None
    label: str | None = None

    def filter(self, queryset, value):
        if self.apply is not None:
            return self.apply(queryset, value)
        return queryset.filter(**{self.lookup: value})


@dataclass
class ListFilter:
    """A query parameter of the page list and the page types that declare it."""

    name: str
    annotation: Any
    description: str
    max_length: int | None
    declarations: dict = field(default_factory=dict)  # model → Declaration

    def definition(self):
        """The (annotation, field) pair for pydantic's `create_model`: optional, default None."""
        extra = {"max_length": self.max_length} if self.max_length else {}
        return (self.annotation | None, Field(None, description=self.description, **extra))


def _annotation(value_type):
    if isinstance(value_type, type) and issubclass(value_type, enum.Enum):
        return Literal[tuple(str(member.value) for member in value_type)]
    if value_type in (str, int, bool):
        return value_type
    raise ImproperlyConfigured(f"unsupported type {value_type!r}: use str, int, bool or choices")


def _declaration(model, entry):
    where = f"{model._meta.label}.api_list_filters"
    if not isinstance(entry, dict) or "name" not in entry:
        raise ImproperlyConfigured(f"{where}: each entry is a dict with a `name` ({entry!r}).")
    unknown = set(entry) - _KEYS
    if unknown:
        raise ImproperlyConfigured(f"{where}[{entry['name']}]: unknown keys {sorted(unknown)}.")
    if ("lookup" in entry) == ("apply" in entry):
        raise ImproperlyConfigured(f"{where}[{entry['name']}]: give either `lookup` or `apply`.")
    value_type = entry.get("type", str)
    try:
        _annotation(value_type)
    except ImproperlyConfigured as error:
        raise ImproperlyConfigured(f"{where}[{entry['name']}]: {error}") from None
    prepare = entry.get("prepare")
    if prepare and not hasattr(model.objects.all(), prepare):
        raise ImproperlyConfigured(
            f"{where}[{entry['name']}]: the queryset of {model.__name__} has no method `{prepare}`."
        )
    return Declaration(
        model=model,
        name=entry["name"],
        type=value_type,
        description=str(entry.get("description", "")),
        max_length=int(entry.get("max_length", 100)) if value_type is str else 0,
        lookup=entry.get("lookup"),
        apply=entry.get("apply"),
        prepare=prepare,
        label=entry.get("label"),
    )


def collect(page_models, reserved=()):
    """The list filters declared by `page_models`, by name, in the order first declared."""
    filters = {}
    for model in page_models:
        for entry in getattr(model, "api_list_filters", ()):
            declaration = _declaration(model, entry)
            name = declaration.name
            if name in reserved:
                raise ImproperlyConfigured(
                    f"{model._meta.label}.api_list_filters: `{name}` is a parameter of every "
                    "page list already; choose another name."
                )
            annotation = _annotation(declaration.type)
            known = filters.get(name)
            if known is None:
                known = filters[name] = ListFilter(
                    name,
                    annotation,
                    declaration.description,
                    declaration.max_length or None,
                )
            elif known.annotation != annotation:
                other = next(iter(known.declarations)).__name__
                raise ImproperlyConfigured(
                    f"{model._meta.label}.api_list_filters: `{name}` has another type than on "
                    f"{other}; one query parameter has one type."
                )
            known.declarations[model] = declaration
    return filters


def apply(pages, filters, values, page_type=None):
    """`pages` narrowed to the pages matching `values` (name → value, None: not given).

    Each page type declaring all given filters contributes the pages its own queryset (with
    `prepare` applied) finds; `page_type` restricts the types to it and its subclasses.
    """
    active = {name: value for name, value in values.items() if value is not None}
    if not active:
        return pages
    models = [
        model
        for model in next(iter(filters[name] for name in active)).declarations
        if all(model in filters[name].declarations for name in active)
        and (page_type is None or issubclass(model, page_type))
    ]
    if not models:
        return pages.none()
    matches = []
    for model in models:
        queryset = model.objects.all()
        prepared = set()
        for name, value in active.items():
            declaration = filters[name].declarations[model]
            if declaration.prepare and declaration.prepare not in prepared:
                queryset = getattr(queryset, declaration.prepare)()
                prepared.add(declaration.prepare)
            queryset = declaration.filter(queryset, value)
        matches.append(Q(pk__in=queryset.values("pk")))
    return pages.filter(functools.reduce(operator.or_, matches))


# --- Facets --------------------------------------------------------------------------------------


def facet_names(filters):
    """The filters that are search facets: those a lookup can count."""
    return [
        name
        for name, list_filter in filters.items()
        if any(declaration.lookup for declaration in list_filter.declarations.values())
    ]


def facet_counts(filters, ids):
    """{facet: [{value, label, count}, …]} over the pages `ids`, largest count first."""
    return {name: _facet(filters[name], ids) for name in facet_names(filters)}


def _facet(list_filter, ids):
    counts, labels = {}, {}
    for model, declaration in list_filter.declarations.items():
        if not declaration.lookup:
            continue
        queryset = model.objects.filter(pk__in=ids)
        if declaration.prepare:
            queryset = getattr(queryset, declaration.prepare)()
        columns = [declaration.lookup, *([declaration.label] if declaration.label else [])]
        for row in queryset.values(*columns).annotate(count=Count("pk", distinct=True)):
            value = row[declaration.lookup]
            if value is None or value == "":
                continue
            value = str(value)
            counts[value] = counts.get(value, 0) + row["count"]
            labels[value] = _label(declaration, value, row)
    return [
        {"value": value, "label": labels[value], "count": count}
        for value, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]


def _label(declaration, value, row):
    if declaration.label:
        return str(row[declaration.label] or value)
    if isinstance(declaration.type, type) and issubclass(declaration.type, enum.Enum):
        member = declaration.type(value)
        return str(getattr(member, "label", value))
    return value
