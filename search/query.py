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
from django.db.models import F, Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits, SearchPromotion
from wagtail.models import Page, get_page_models
from wagtail.search import index
from wagtail.search.utils import normalise_query_string

from search import analysis, engine, excerpts, facets, fuzzy
from search.models import Boost, IndexEntry, Synonym
from zib_wagtail.core import chrome, visibility
from zib_wagtail.core.conf import content_language_codes
from zib_wagtail.core.published import remembered

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
    live = visibility.exclude_private((Page.objects.all() if queryset is None else queryset).live())
    pages = live.filter(depth__gt=1)
    roots = [site.root_page] if site is not None else []
    if locale is not None:
        default = chrome.default_locale()
        in_locale = Q(locale=locale)
        if locale != default:
            translated = visibility.exclude_private(Page.objects.live().filter(locale=locale))
            in_locale |= Q(locale=default) & ~Q(
                translation_key__in=translated.values("translation_key")
            )
        pages = pages.filter(in_locale)
        if site is not None and site.root_page.locale_id != locale.pk:
            roots += [
                root for root in chrome.root_translations(site) if root.locale_id == locale.pk
            ]
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
    results: object  # RankedResults, or an empty queryset when there is nothing to search for
    operator: str = "and"
    #: True when no page had all words and the results are the pages with any of them.
    broadened: bool = False
    #: „Meinten Sie …?“: the query with its unknown words corrected (search.fuzzy), if any.
    suggestion: str = ""
    #: True when the results are those of the suggestion (the query as typed found nothing).
    corrected: bool = False
    #: The words to mark in titles and excerpts: the query's, its correction's and synonyms'.
    highlight_terms: tuple = ()


def search_languages(languages=None):
    """The languages a query is read in: the given ones, else every content language."""
    codes = list(languages or content_language_codes())
    return list(dict.fromkeys(code for code in codes if code))


def search_queryset(queryset, query, *, operator=None, order_by_relevance=True, languages=None):
    """Search the live, public pages of `queryset` for `query` (raw or a CleanQuery).

    Every word must match („and“). When the words find fewer than three pages, words that are
    not in the index's vocabulary are corrected (search.fuzzy): the correction's pages are shown
    when the words as typed found none, else it is only suggested. When still nothing is found
    and there are several words (or parts of a compound), pages with any of them are returned,
    ranked by the words they have („or“, also a compound's last part alone). A caller that
    fixes the operator gets neither. `languages`: the languages the pages are in, the first the
    visitor's (default: every content language).
    """
    if not isinstance(query, CleanQuery):
        query = clean_query(query)
    pages = searchable_pages(queryset)
    if not query:
        return Search(query, pages.none())
    languages = search_languages(languages)
    # Editors' synonyms and weights change rarely: remembered until content changes (snippets
    # count; zib_wagtail.core.published).
    synonyms = remembered(
        "search:synonyms",
        (),
        lambda: [(s.words, s.replacement, s.language) for s in Synonym.objects.all()],
    )
    rules = {language: engine.synonym_rules(synonyms, language) for language in languages}
    boosts = remembered("search:boosts", tuple(languages), lambda: _boosts(languages))

    def run(text, operator):
        queries = {
            language: engine.read_query(text, language, rules[language], operator)
            for language in languages
        }
        rows = engine.match(queries.values(), pages)
        ranking = engine.Ranking(queries, boosts)
        ranked = ranking.rank(rows)
        results = engine.RankedResults(pages, ranked, order_by_relevance)
        return results, queries

    def found(text, operator, **extra):
        results, queries = run(text, operator)
        terms = _highlight_terms(text, queries)
        return Search(query, results, operator, highlight_terms=terms, **extra)

    if operator is not None:
        return found(query.text, operator)
    search = found(query.text, "and")
    if fuzzy.needs_correction(search.results.count()):
        suggestion = spelling_suggestion(query.text, languages)
        if suggestion:
            corrected = found(suggestion, "and")
            if corrected.results.count() > search.results.count():
                if search.results.count():
                    search.suggestion = suggestion
                else:
                    search = corrected
                    search.suggestion, search.corrected = suggestion, True
    words = analysis.words(query.text, languages[0])
    several = len(words) > 1 or any(len(reading) > 1 for word in words for reading in word.readings)
    if not search.results.count() and several:
        broadened = found(query.text, "or", broadened=True)
        if broadened.results.count():
            return broadened
    return search


def spelling_suggestion(text, languages):
    """The query with each unknown word replaced by the closest word of the index, or ""."""
    corrections = fuzzy.correct(analysis.words(text, languages[0]), languages)
    if not corrections:
        return ""
    for typed, correction in corrections.items():
        text = re.sub(rf"(?<!\w){re.escape(typed)}(?!\w)", correction, text)
    return text


def _highlight_terms(text, queries):
    """The query's words and those of its synonyms, as search.excerpts marks them."""
    terms = list(_WORD.findall(text))
    for query in queries.values():
        for reading in query.readings:
            for group in reading:
                for alternative in group.alternatives:
                    terms.extend(atom.word for atom in alternative.atoms if not atom.prefix)
    return tuple(dict.fromkeys(terms))


def _boosts(languages):
    """Editors' weights as search.engine.Ranking applies them."""
    weights = []
    boosts = list(Boost.objects.select_related("page"))
    keys = [boost.page.translation_key for boost in boosts if boost.page_id]
    translations = {}
    for pk, key in Page.objects.filter(translation_key__in=keys).values_list(
        "pk", "translation_key"
    ):
        translations.setdefault(key, set()).add(pk)
    types = searchable_page_types()
    for boost in boosts:
        page_ids = content_type_id = stems = None
        if boost.page_id:
            page_ids = translations.get(boost.page.translation_key, {boost.page_id})
        elif boost.page_type in types:
            content_type_id = types[boost.page_type].content_type.pk
        else:
            continue
        if boost.word_list:
            stems = {
                analysis.stem(word.text, language)
                for language in languages
                for phrase in boost.word_list
                for word in analysis.words(phrase, language)
            }
        weights.append((float(boost.factor), page_ids, content_type_id, stems))
    return weights


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
    """Count the query for the editors' „popular search terms“ (Wagtail's search promotions).

    A query searched before today costs one UPDATE; only its first search of the day creates
    the day's row the way Wagtail's `Query.add_hit` does.
    """
    if not query:
        return
    today = timezone.now().date()
    counted = QueryDailyHits.objects.filter(
        query__query_string=normalise_query_string(query.text), date=today
    ).update(hits=F("hits") + 1)
    if not counted:
        Query.get(query.text).add_hit(date=today)


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
    #: Topics, districts … of the results (search.facets), and the values selected.
    facets: list = field(default_factory=list)
    filters: dict = field(default_factory=dict)
    suggestion: str = ""
    corrected: bool = False
    highlight_terms: tuple = ()

    @property
    def total(self):
        return len(self.promotions) + (self.results.count() if self.query else 0)


def search_pages(query, *, locale, page_type=None, site=None, filters=None):
    """Search the site for a citizen: promotions first, then results, with counts per type and
    per facet value (topics, districts …).

    `page_type` is a slug from `searchable_page_types()`, `filters` {facet name: value}
    (search.facets); unknown ones are ignored. Promoted pages are left out of the results so that
    nothing is listed twice. The query is read in the page's language and in the default one
    (whose untranslated pages are found as fallbacks).
    """
    query = query if isinstance(query, CleanQuery) else clean_query(query)
    pages = searchable_pages(locale=locale, site=site)
    types = searchable_page_types()
    selected = types.get(page_type or "")
    if not query:
        return SearchOutcome(query, pages.none(), page_type=selected)

    promotions = get_promotions(query, pages)
    promoted_ids = [promotion.page.pk for promotion in promotions if promotion.page]
    organic = pages.exclude(pk__in=promoted_ids).specific()
    page_models = [page_type.model for page_type in types.values()]
    organic, applied = facets.apply(organic, page_models, filters or {})
    languages = [locale.language_code, chrome.default_locale().language_code]
    search = search_queryset(organic, query, languages=languages)
    results = search.results
    counts = type_facets(results)
    list_facets = facets.count(results.rows, page_models, applied) if results else []
    if selected is not None:
        promotions = [
            p for p in promotions if p.page and p.page.content_type_id == selected.content_type.pk
        ]
        results = engine.RankedResults(
            organic,
            [row for row in results.rows if row.content_type_id == selected.content_type.pk],
        )
    return SearchOutcome(
        query,
        results,
        broadened=search.broadened,
        promotions=promotions,
        type_facets=counts,
        page_type=selected,
        facets=list_facets,
        filters=applied,
        suggestion=search.suggestion,
        corrected=search.corrected,
        highlight_terms=search.highlight_terms,
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


def build_hits(pages, query, terms=None):
    """Title, type label and highlighted excerpt for each page of one results page.

    `terms`: the words to mark (search.query.Search.highlight_terms), else the query's. The
    excerpt comes from the records shown on the page (e.g. the office's contact data) and the
    page's text as the index holds them (one query for the whole results page, whatever related
    objects the texts come from), marked in the page's language. A page indexed before the index
    kept its text is read from the page itself.
    """
    pages = list(pages)
    if not pages:
        return []
    terms = tuple(terms or query.terms)
    languages = chrome.locale_codes()
    stored = {
        page_id: (record, body)
        for page_id, record, body in IndexEntry.objects.filter(
            page_id__in=[page.pk for page in pages]
        ).values_list("page_id", "record_text", "body_text")
    }
    hits = []
    for page in pages:
        language = languages.get(page.locale_id, "")
        record, body = stored.get(page.pk, ("", ""))
        text = " ".join(part for part in (record, body or excerpts.searchable_text(page)) if part)
        hits.append(
            Hit(
                page=page,
                type_label=page.specific_class._meta.verbose_name,
                title_html=excerpts.highlight(page.title, terms, language),
                excerpt_html=excerpts.excerpt(text, terms, language=language),
                language=language,
            )
        )
    return hits
