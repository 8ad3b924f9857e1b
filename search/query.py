"""The site search: one pipeline for the HTML search page and the APIs.

    raw query → clean_query → searchable_pages → search_queryset (the backend search)
                                               → search_pages (+ promotions, type facets)

`search_queryset` is what every caller shares: the HTML view through `search_pages`, API v2's
`search=` through `search.api.PageSearchFilter`. Both therefore find the same pages for the same
words, with the same operator and the same fallback.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Q, prefetch_related_objects
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Locale, Page, get_page_models
from wagtail.search import index
from wagtail.search.backends import get_search_backend
from wagtail.search.utils import normalise_query_string

from search import excerpts

#: Longer queries are cut (at a word boundary); the search page says so.
MAX_QUERY_LENGTH = 200
#: Words beyond this number are ignored.
MAX_TERMS = 10


def results_per_page():
    return getattr(settings, "ZIB_SEARCH_RESULTS_PER_PAGE", 10)


# Letters and digits; everything else (quotes, operators, markup, emoji, underscores) separates
# words, as it does in both databases' full-text tokenizers.
_WORD = re.compile(r"[^\W_]+")


# --- The query -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CleanQuery:
    """A query as typed, made safe: `text` to show and record, `terms` to search for."""

    text: str = ""
    terms: tuple[str, ...] = ()
    truncated: bool = False

    def __bool__(self):
        return bool(self.terms)

    @property
    def search_string(self):
        return " ".join(self.terms)


def clean_query(raw):
    """Normalise Unicode, drop control and format characters, cap the length and the words."""
    text = unicodedata.normalize("NFKC", str(raw or ""))
    text = "".join(" " if unicodedata.category(char)[0] in "CZ" else char for char in text)
    text = " ".join(text.split())
    truncated = len(text) > MAX_QUERY_LENGTH
    if truncated:
        text = text[:MAX_QUERY_LENGTH]
        if " " in text:
            text = text.rsplit(" ", 1)[0]
    terms = tuple(_WORD.findall(text))
    if len(terms) > MAX_TERMS:
        terms, truncated = terms[:MAX_TERMS], True
    return CleanQuery(text=text, terms=terms, truncated=truncated)


# --- Which pages, which types --------------------------------------------------------------------


def searchable_pages(queryset=None, *, locale=None, site=None):
    """Live, public pages below the tree root; optionally of one locale and one site.

    A locale's pages include the default language's pages that have no live translation in it,
    the fallback the HTML shows (docs/translations.md): the search page marks them as German.
    """
    live = (Page.objects.all() if queryset is None else queryset).live().public()
    pages = live.filter(depth__gt=1)
    roots = [site.root_page] if site is not None else []
    if locale is not None:
        default = Locale.get_default()
        in_locale = Q(locale=locale)
        if locale != default:
            translated = Page.objects.live().public().filter(locale=locale)
            in_locale |= Q(locale=default) & ~Q(
                translation_key__in=translated.values("translation_key")
            )
        pages = pages.filter(in_locale)
        if site is not None:
            translated_root = site.root_page.get_translation_or_none(locale)
            if translated_root is not None and translated_root.pk != site.root_page.pk:
                roots.append(translated_root)
    if roots:
        below = Q()
        for root in roots:
            below |= Q(path__startswith=root.path)
        pages = pages.filter(below)
    return pages


@dataclass(frozen=True)
class PageType:
    """A searchable page model as the type filter shows it."""

    model: type

    @property
    def slug(self):
        return self.model._meta.label_lower

    @property
    def label(self):
        return self.model._meta.verbose_name

    @cached_property
    def content_type(self):
        return ContentType.objects.get_for_model(self.model)


def searchable_page_types():
    """Every page model with indexed fields, by slug (e.g. `projects.projectpage`)."""
    return {
        page_type.slug: page_type
        for page_type in (
            PageType(model)
            for model in get_page_models()
            if model is not Page and index.class_is_indexed(model)
        )
    }


# --- The search ----------------------------------------------------------------------------------


@dataclass
class Search:
    query: CleanQuery
    results: object  # SearchResults, or an empty queryset when there is nothing to search for
    operator: str = "and"
    #: True when no page had all words and the results are the pages with any of them.
    broadened: bool = False


def search_queryset(queryset, query, *, operator=None, order_by_relevance=True):
    """Search the live, public pages of `queryset` for `query` (raw or a CleanQuery).

    Every word must match („and“); when that finds nothing and there are several words, pages
    with any of them are returned instead („or“), unless the caller fixes the operator.
    """
    if not isinstance(query, CleanQuery):
        query = clean_query(query)
    pages = searchable_pages(queryset)
    if not query:
        return Search(query, pages.none())
    backend = get_search_backend()

    def run(operator):
        return backend.search(
            query.search_string, pages, operator=operator, order_by_relevance=order_by_relevance
        )

    if operator is not None:
        return Search(query, run(operator), operator)
    results = run("and")
    if len(query.terms) > 1 and not results.count():
        return Search(query, run("or"), "or", broadened=True)
    return Search(query, results, "and")


# --- Promotions ----------------------------------------------------------------------------------


@dataclass
class Promotion:
    """A result an editor promoted for this query: a page or an external link."""

    title: str
    description: str = ""
    page: Page | None = None
    url: str = ""

    @property
    def type_label(self):
        if self.page is None:
            return _("Externer Link")
        return self.page.specific_class._meta.verbose_name


def get_promotions(query, pages):
    """The promotions for this exact query whose page is among `pages` (or is external).

    A promoted page in another language is replaced by its translation in `pages`, if any.
    """
    if not query:
        return []
    promotions = list(
        SearchPromotion.objects.filter(query__query_string=normalise_query_string(query.text))
        .select_related("page")
        .order_by("sort_order", "pk")
    )
    keys = [promotion.page.translation_key for promotion in promotions if promotion.page]
    by_key = {
        page.translation_key: page for page in pages.filter(translation_key__in=keys).specific()
    }
    found = []
    for promotion in promotions:
        if promotion.page is None:
            if promotion.external_link_url:
                found.append(
                    Promotion(
                        title=promotion.external_link_text or promotion.external_link_url,
                        description=promotion.description,
                        url=promotion.external_link_url,
                    )
                )
        elif promotion.page.translation_key in by_key:
            page = by_key.pop(promotion.page.translation_key)
            found.append(
                Promotion(
                    title=page.title,
                    description=promotion.description or getattr(page, "meta_description", ""),
                    page=page,
                )
            )
    return found


def record_query(query):
    """Count the query for the editors' „popular search terms“ (Wagtail's search promotions)."""
    if query:
        Query.get(query.text).add_hit()


# --- The search page -----------------------------------------------------------------------------


@dataclass
class TypeFacet:
    page_type: PageType
    count: int


@dataclass
class SearchOutcome:
    """Everything the search page shows for one query."""

    query: CleanQuery
    results: object
    broadened: bool = False
    promotions: list[Promotion] = field(default_factory=list)
    type_facets: list[TypeFacet] = field(default_factory=list)
    page_type: PageType | None = None

    @property
    def total(self):
        return len(self.promotions) + (self.results.count() if self.query else 0)


def search_pages(query, *, locale, page_type=None, site=None):
    """Search the site for a citizen: promotions first, then results, with counts per type.

    `page_type` is a slug from `searchable_page_types()`; unknown slugs are ignored. Promoted
    pages are left out of the results so that nothing is listed twice.
    """
    query = query if isinstance(query, CleanQuery) else clean_query(query)
    pages = searchable_pages(locale=locale, site=site)
    selected = searchable_page_types().get(page_type or "")
    if not query:
        return SearchOutcome(query, pages.none(), page_type=selected)

    promotions = get_promotions(query, pages)
    promoted_ids = [promotion.page.pk for promotion in promotions if promotion.page]
    organic = pages.exclude(pk__in=promoted_ids).specific()
    search = search_queryset(organic, query)
    facets = type_facets(search.results)
    results = search.results
    if selected is not None:
        promotions = [
            p for p in promotions if p.page and p.page.content_type_id == selected.content_type.pk
        ]
        results = search_queryset(
            organic.filter(content_type=selected.content_type), query, operator=search.operator
        ).results
    return SearchOutcome(
        query,
        results,
        broadened=search.broadened,
        promotions=promotions,
        type_facets=facets,
        page_type=selected,
    )


def type_facets(results):
    """Result counts per page type, largest first."""
    if not results.count():
        return []
    by_content_type = {
        page_type.content_type.pk: page_type for page_type in searchable_page_types().values()
    }
    counts = results.facet("content_type_id")
    return [
        TypeFacet(by_content_type[content_type_id], count)
        for content_type_id, count in counts.items()
        if content_type_id in by_content_type
    ]


@dataclass
class Hit:
    """One result as the page lists it."""

    page: Page
    type_label: str
    title_html: str
    excerpt_html: str
    #: The page's language code: German for a fallback on another language's search page.
    language: str = ""


def paginate(results, number, per_page=None):
    """The requested page of results; the first for a non-number, the last beyond the end.

    Returns (page, notice); the notice explains a replaced page number.
    """
    paginator = Paginator(results, per_page or results_per_page())
    try:
        return paginator.page(number or 1), ""
    except PageNotAnInteger:
        return paginator.page(1), _("Die Seitenzahl war ungültig; angezeigt wird die erste Seite.")
    except EmptyPage:
        return paginator.page(paginator.num_pages), _(
            "Diese Ergebnisseite gibt es nicht; angezeigt wird die letzte Seite."
        )


def build_hits(pages, query):
    """Title, type label and highlighted excerpt for each page of one results page."""
    pages = list(pages)
    _prefetch_related_search_fields(pages)
    languages = dict(Locale.objects.values_list("pk", "language_code")) if pages else {}
    return [
        Hit(
            page=page,
            type_label=page.specific_class._meta.verbose_name,
            title_html=excerpts.highlight(page.title, query.terms),
            excerpt_html=excerpts.excerpt(excerpts.searchable_text(page), query.terms),
            language=languages.get(page.locale_id, ""),
        )
        for page in pages
    ]


def _prefetch_related_search_fields(pages):
    """Load the related objects the excerpts read (district, topics …) in one query each."""
    by_model = {}
    for page in pages:
        by_model.setdefault(type(page), []).append(page)
    for model, instances in by_model.items():
        names = {
            search_field.field_name
            for search_field in model.get_search_fields()
            if isinstance(search_field, index.RelatedFields)
        }
        if names:
            prefetch_related_objects(instances, *sorted(names))
