"""Facets of the search page besides the page type: the snippets pages are filed under.

Derived from the page models' `api_list_filters` (the content API's list filters, see
zib_wagtail/api/v1/filters.py): every filter with a `lookup` and a `label`, such as the projects'
`topic` (`topics__slug`, `topics__name`) and `district`, counts the results per value and
filters them with `?topic=bildung`. No list of models or fields lives here.

The index keeps each page's values (`values_of`, search.index), so that counting them over
thousands of results needs no query; filtering asks the database (`apply`). A snippet that is
renamed or deleted re-indexes the pages that name it (search.signals).
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Q

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


#: Separators of the facet values an index entry holds (search.models.IndexEntry.facets):
#: between values, and between a value's name, value and label (ASCII's record and unit
#: separators, which no slug or name contains).
VALUE_SEPARATOR, PART_SEPARATOR = "\x1e", "\x1f"


def values_of(pages):
    """{page id: the facet values of the page as the index keeps them}: each value as
    „name␟value␟label“, joined by „␞“ (one query per declared facet and page model)."""
    by_model = {}
    for page in pages:
        by_model.setdefault(type(page), []).append(page.pk)
    found = {}
    for model, ids in by_model.items():
        for name, specs in declarations([model]).items():
            for spec in specs:
                values = (
                    model.objects.filter(pk__in=ids, **{f"{spec.lookup}__isnull": False})
                    .order_by()
                    .values_list("pk", spec.lookup, spec.label_lookup)
                    .distinct()
                )
                for pk, value, label in values:
                    text = PART_SEPARATOR.join((name, str(value), str(label)))
                    found.setdefault(pk, []).append(text)
    return {pk: VALUE_SEPARATOR.join(sorted(texts)) for pk, texts in found.items()}


def count(rows, page_models, applied):
    """The facets over the result rows (search.engine.Row), values by count, from the values
    each row's index entry holds: no query (counting 6,000 results in the database took 16 ms
    and more)."""
    declared = declarations(page_models)
    # Many results share the same values: count each combination once, then its values.
    counts = Counter()
    for combination, n in Counter(row.facets for row in rows).items():
        if combination:
            for item in combination.split(VALUE_SEPARATOR):
                counts[item] += n
    by_name = {}
    for item, n in counts.items():
        name, value, label = item.split(PART_SEPARATOR)
        if name in declared:
            # One value may carry two labels (rows indexed before a snippet was renamed):
            # counted once, under the label of most rows.
            values = by_name.setdefault(name, {})
            total, best = values.get(value, (0, (0, label)))
            values[value] = (total + n, max(best, (n, label)))
    facets = []
    for name, specs in declared.items():
        if by_name.get(name):
            values = sorted(
                (
                    FacetValue(value, label, total)
                    for value, (total, (_n, label)) in by_name[name].items()
                ),
                key=lambda facet_value: (-facet_value.count, str(facet_value.label)),
            )
            facets.append(
                Facet(name, specs[0].label, values[:MAX_VALUES], selected=applied.get(name, ""))
            )
    return facets
