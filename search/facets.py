"""Facets of the search page besides the page type: the snippets pages are filed under.

Derived from the page models' `api_list_filters` (the content API's list filters, see
zib_wagtail/api/v1/filters.py): every filter with a `lookup` and a `label`, such as the projects'
`topic` (`topics__slug`, `topics__name`) and `district`, counts the results per value and
filters them with `?topic=bildung`. No list of models or fields lives here.
"""

import json
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Count, F, Q, Value
from django.db.models.expressions import RawSQL

MAX_VALUES = 12


@dataclass(frozen=True)
class Declaration:
    model: type
    name: str
    lookup: str
    label_lookup: str

    @property
    def label(self):
        return self.model._meta.get_field(self.lookup.split("__")[0]).verbose_name


@dataclass
class FacetValue:
    value: str
    label: str
    count: int


@dataclass
class Facet:
    name: str
    label: str
    values: list = field(default_factory=list)
    selected: str = ""


def declarations(page_models):
    found = {}
    for model in page_models:
        for spec in getattr(model, "api_list_filters", ()):
            if spec.get("lookup") and spec.get("label"):
                found.setdefault(spec["name"], []).append(
                    Declaration(model, spec["name"], spec["lookup"], spec["label"])
                )
    return found


def apply(pages, page_models, selected):
    """`pages` narrowed by the selected facet values ({name: value}); unknown names and values
    are ignored. Returns (pages, {name: value} that applied)."""
    applied = {}
    for name, specs in declarations(page_models).items():
        value = (selected.get(name) or "").strip()
        if not value:
            continue
        matching = [spec.model.objects.filter(**{spec.lookup: value}) for spec in specs]
        if any(queryset.exists() for queryset in matching):
            condition = Q()
            for queryset in matching:
                condition |= Q(pk__in=queryset.values("pk"))
            pages = pages.filter(condition)
            applied[name] = value
    return pages, applied


def _id_list(ids):
    """`ids` as one parameter (an array, a JSON list): thousands of results would otherwise be
    thousands of placeholders, slow to build and to plan."""
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::integer[])", [list(ids)])
    return RawSQL("SELECT value FROM json_each(%s)", [json.dumps(list(ids))])


def count(rows, page_models, applied):
    """The facets over the result rows (search.engine.Row), values by count: one query for all
    facets (a UNION of one count per facet and page model)."""
    content_types = {}
    for row in rows:
        content_types.setdefault(row.content_type_id, []).append(row.page_id)
    declared = declarations(page_models)
    counting = []
    for name, specs in declared.items():
        for spec in specs:
            ids = content_types.get(ContentType.objects.get_for_model(spec.model).pk)
            if ids:
                counting.append(
                    spec.model.objects.filter(
                        pk__in=_id_list(ids), **{f"{spec.lookup}__isnull": False}
                    )
                    .order_by()
                    .values(facet_value=F(spec.lookup), facet_label=F(spec.label_lookup))
                    .annotate(facet=Value(name), n=Count("pk", distinct=True))
                )
    if not counting:
        return []
    counts, labels = {}, {}
    union = counting[0].union(*counting[1:], all=True) if len(counting) > 1 else counting[0]
    for item in union:
        by_value = counts.setdefault(item["facet"], {})
        by_value[item["facet_value"]] = by_value.get(item["facet_value"], 0) + item["n"]
        labels[item["facet"], item["facet_value"]] = item["facet_label"]
    facets = []
    for name, specs in declared.items():
        if counts.get(name):
            values = sorted(
                (FacetValue(value, labels[name, value], n) for value, n in counts[name].items()),
                key=lambda facet_value: (-facet_value.count, str(facet_value.label)),
            )
            facets.append(
                Facet(name, specs[0].label, values[:MAX_VALUES], selected=applied.get(name, ""))
            )
    return facets
