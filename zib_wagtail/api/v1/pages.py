"""Pages: list with filters, detail (with drafts for token holders), find by path, navigation,
all public URLs.

Visibility is decided here and nowhere else: anonymous requests see live pages without view
restriction (`search.query.searchable_pages`); a token whose user may edit a page also sees its
latest draft with `?draft=true`.
"""

import datetime
from typing import Annotated, Literal

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Max, Q
from ninja import Field, Query, Router, Schema
from pydantic import BaseModel, ConfigDict, create_model, model_serializer, model_validator
from wagtail.models import Locale, Page, Site
from wagtail.search.backends.base import FilterFieldError, OrderByFieldError

from search.query import build_hits, search_queryset, searchable_pages
from zib_wagtail.core import chrome
from zib_wagtail.core.conf import content_language_codes

from . import filters as list_filters
from .auth import token_of
from .caching import cacheable, set_last_modified
from .errors import READ_ERRORS, APIProblem, Problem
from .schemas.common import (
    Context,
    DateTimeParameter,
    LocaleCode,
    PageLink,
    Pagination,
    RichTextFormat,
    page_link,
)
from .schemas.pages import (
    PAGE_TYPES,
    PageDetail,
    PageMeta,
    PageSummary,
    PageTypeLabel,
    page_detail,
    page_summary,
)

router = Router(tags=["Pages"])

PageOrder = Literal[
    "path",
    "-path",
    "title",
    "-title",
    "first_published_at",
    "-first_published_at",
    "last_published_at",
    "-last_published_at",
]
EXPAND_PATTERN = r"^(parent|translations)(,(parent|translations))*$"

#: What `fields=` may name: the summary's fields and the page types' detail fields.
SUMMARY_FIELDS = ("type", "title", "meta", "parent", "translations", "highlight")
TYPE_FIELDS = {
    model: {spec.name: spec for spec in page_type.fields} for model, page_type in PAGE_TYPES.items()
}
SELECTABLE_FIELDS = sorted(
    {"id", *SUMMARY_FIELDS}.union(*(names.keys() for names in TYPE_FIELDS.values()))
)
_FIELD_NAME = "(" + "|".join(SELECTABLE_FIELDS) + ")"
FIELDS_PATTERN = rf"^{_FIELD_NAME}(,{_FIELD_NAME})*$"
ERRORS = READ_ERRORS


#: The parameters of every page list, before and after the per-type filters.
_COMMON_FILTERS = {
    "type": (PageTypeLabel | None, Field(None, description="Only pages of this type.")),
    "locale": (LocaleCode | None, Field(None, description="Only pages in this language.")),
    "fallback_locale": (
        LocaleCode | None,
        Field(
            None,
            description="With `locale`: also the pages of this language that have no published "
            "translation into `locale`, each marked `meta.fallback` (the site's fallback rule). "
            "Without `locale` every language is listed anyway, and it changes nothing.",
        ),
    ),
    "child_of": (int | None, Field(None, description="Only direct children of this page id.")),
    "descendant_of": (int | None, Field(None, description="Only pages below this page id.")),
}
_PAGING_FILTERS = {
    "updated_since": (
        DateTimeParameter | None,
        Field(None, description="Only pages published at or after this moment (ISO 8601)."),
    ),
    "search": (
        str | None,
        Field(None, max_length=500, description="Full-text search (German)."),
    ),
    "order": (
        PageOrder | None,
        Field(None, description="Sort order; default: tree order, or relevance when searching."),
    ),
    "limit": (int, Field(20, ge=1, le=100)),
    "offset": (int, Field(0, ge=0, le=100_000)),
    "expand": (
        str | None,
        Field(
            None,
            pattern=EXPAND_PATTERN,
            description="Comma-separated related objects to embed: `parent`, `translations`.",
        ),
    ),
    "fields": (
        str | None,
        Field(
            None,
            pattern=FIELDS_PATTERN,
            max_length=1000,
            description="Comma-separated top-level fields each item has (`id` always): of the "
            "summary (`type`, `title`, `meta`, `parent`, `translations`, `highlight`) and of the "
            "page types' details (e.g. `status`, `district` of `projects.ProjectPage`; an item "
            "gets a type field only if its type has it).",
        ),
    ),
}

#: The per-type filters the page models declare in `api_list_filters` (v1/filters.py).
LIST_FILTERS = list_filters.collect(
    PAGE_TYPES, reserved={*_COMMON_FILTERS, *_PAGING_FILTERS, "rich_text", "draft", "path"}
)

PageFilters = create_model(
    "PageFilters",
    __base__=Schema,
    **_COMMON_FILTERS,
    **{name: list_filter.definition() for name, list_filter in LIST_FILTERS.items()},
    **_PAGING_FILTERS,
)


class SearchHighlight(Schema):
    """Where a search found its words: HTML, escaped, the matches in `<mark>`."""

    title: str = Field(description="The title with the matches marked.")
    excerpt: str = Field(description="About 200 characters of the text around the first match.")


class PageListItem(PageSummary):
    parent: PageLink | None = Field(None, description="With `expand=parent`.")
    translations: list[PageLink] | None = Field(None, description="With `expand=translations`.")
    highlight: SearchHighlight | None = Field(None, description="With `search`.")

    @model_validator(mode="before")
    @classmethod
    def _not_a_selection(cls, value):
        if isinstance(value, Selected):
            raise ValueError("a field selection is a PageFieldSelection")
        return value


class Selected(dict):
    """The item of a list asked for with `fields=`: only the selected fields."""


class PageFieldSelection(BaseModel):
    """A list item with `fields=`: `id` and the selected fields, nothing else."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"additionalProperties": True})

    id: int
    type: PageTypeLabel | None = None
    title: str | None = None
    meta: PageMeta | None = None
    parent: PageLink | None = None
    translations: list[PageLink] | None = None
    highlight: SearchHighlight | None = None

    @model_validator(mode="before")
    @classmethod
    def _only_a_selection(cls, value):
        if not isinstance(value, Selected):
            raise ValueError("not a field selection")
        return value

    @model_serializer(mode="wrap")
    def _selected_only(self, handler):
        data = handler(self)
        return {name: value for name, value in data.items() if name in self.model_fields_set}


class FacetValue(Schema):
    value: str = Field(description="The value to filter with, e.g. a type label or a slug.")
    label: str
    count: int = Field(description="Results with this value.")


SearchFacets = create_model(
    "SearchFacets",
    __base__=Schema,
    __doc__="Result counts per page type and per value of the per-type list filters.",
    type=(list[FacetValue], ...),
    **dict.fromkeys(list_filters.facet_names(LIST_FILTERS), (list[FacetValue], ...)),
)


class PageList(Pagination):
    items: list[Annotated[PageListItem | PageFieldSelection, Field(union_mode="left_to_right")]] = (
        Field(description="Summaries; with `fields=`, only `id` and the selected fields.")
    )
    facets: SearchFacets | None = Field(
        None,
        description="With `search`: the results counted per page type and per value of the "
        "list filters (before `limit`/`offset`, after the other filters).",
    )


def _selected_fields(fields):
    """The names asked for with `fields=` (None: all; the pattern allows known names only)."""
    if fields is None:
        return None
    return list(dict.fromkeys(name for name in fields.split(",") if name != "id"))


def _select(item, page, names, ctx):
    """The item with `id` and the selected fields (type fields serialized only when asked)."""
    selected = Selected(id=item["id"])
    specs = TYPE_FIELDS.get(type(page), {})
    for name in names:
        if name in specs:
            selected[name] = specs[name].serialize(page, ctx)
        elif name in SUMMARY_FIELDS:
            selected[name] = item.get(name)
    return selected


def _context(request, rich_text="html"):
    chrome.site_for_request(request)  # the remembered site: page URLs need no query for it
    return Context(request=request, rich_text=rich_text)


def _locale(code):
    locale = Locale.objects.filter(language_code=code).first()
    if locale is None:
        raise APIProblem("not_found", f"There is no content in the language „{code}“ yet.")
    return locale


def _anchor(page_id):
    page = searchable_pages().filter(pk=page_id).first()
    if page is None:
        raise APIProblem("not_found", f"There is no public page {page_id}.")
    return page


def filter_pages(filters):
    """The live, public pages matching the filters (before search and pagination); only pages
    of the API's page types (a bare `wagtailcore.Page` is no content the API can type)."""
    pages = searchable_pages().exclude(content_type=ContentType.objects.get_for_model(Page))
    page_type = None
    if filters.type:
        page_type = next(model for model in PAGE_TYPES if model._meta.label == filters.type)
        pages = pages.type(page_type)
    pages = list_filters.apply(
        pages,
        LIST_FILTERS,
        {name: getattr(filters, name) for name in LIST_FILTERS},
        page_type=page_type,
    )
    if filters.locale:
        pages = pages.filter(_in_language(filters.locale, filters.fallback_locale))
    if filters.child_of is not None:
        pages = pages.child_of(_anchor(filters.child_of))
    if filters.descendant_of is not None:
        pages = pages.descendant_of(_anchor(filters.descendant_of))
    if filters.updated_since:
        pages = pages.filter(last_published_at__gte=filters.updated_since)
    return pages.distinct()


def _in_language(code, fallback_code=None):
    """Pages in `code`; with `fallback_code`, also its pages not translated into `code`."""
    locale = _locale(code)
    condition = Q(locale=locale)
    if fallback_code and fallback_code != code:
        translated = searchable_pages().filter(locale=locale).values("translation_key")
        condition |= Q(locale=_locale(fallback_code)) & ~Q(translation_key__in=translated)
    return condition


def _expand(items, pages, expand, ctx):
    """Embed parents/translations of a list of pages: one query each, whatever the count."""
    wanted = set((expand or "").split(",")) - {""}
    if "parent" in wanted:
        parent_paths = {page.path[: -page.steplen] for page in pages if page.depth > 2}
        parents = {
            parent.path: parent
            for parent in searchable_pages().filter(path__in=parent_paths).select_related("locale")
        }
        for item, page in zip(items, pages, strict=True):
            parent = parents.get(page.path[: -page.steplen])
            item["parent"] = page_link(parent, ctx, checked=True) if parent else None
    if "translations" in wanted:
        by_key = {}
        keys = {page.translation_key for page in pages}
        translations = searchable_pages().filter(translation_key__in=keys).select_related("locale")
        for translation in translations.order_by("locale__language_code"):
            by_key.setdefault(translation.translation_key, []).append(translation)
        for item, page in zip(items, pages, strict=True):
            item["translations"] = [
                page_link(other, ctx, checked=True)
                for other in by_key.get(page.translation_key, [])
                if other.pk != page.pk
            ]
    return items


@router.get("/", response={200: PageList, **ERRORS}, summary="List pages")
@cacheable
def list_pages(request, filters: Query[PageFilters]):
    """Live, public pages: filter, search, order, paginate. Items are summaries; fetch the
    typed detail from `meta.api_url`."""
    names = _selected_fields(filters.fields)
    pages = filter_pages(filters)
    pages = pages.order_by(*dict.fromkeys([filters.order or "path", "path"]))
    search = facets = None
    if filters.search is not None:
        try:
            search = search_queryset(
                Page.objects.filter(pk__in=list(pages.values_list("pk", flat=True))).order_by(
                    *pages.query.order_by
                ),
                filters.search,
                order_by_relevance=filters.order is None,
            )
            pages = search.results
            facets = _facets(pages)
        except (FilterFieldError, OrderByFieldError) as error:
            raise APIProblem("bad_request", "This order is not available with search.") from error
    else:
        set_last_modified(request, pages.aggregate(latest=Max("last_published_at"))["latest"])
    total, batch = _page_batch(pages, filters.limit, filters.offset)
    ctx = _context(request)
    ctx.requested_locale = filters.locale or ""
    ctx.prefetch_parents(batch)
    items = [page_summary(page, ctx) for page in batch]
    _expand(items, batch, filters.expand, ctx)
    if search is not None:
        for item, hit in zip(items, build_hits(batch, search.query), strict=True):
            item["highlight"] = {"title": hit.title_html, "excerpt": hit.excerpt_html}
    if names is not None:
        items = [_select(item, page, names, ctx) for item, page in zip(items, batch, strict=True)]
    return {
        "count": total,
        "limit": filters.limit,
        "offset": filters.offset,
        "items": items,
        "facets": facets,
    }


def _facets(results):
    """Counts per page type and per list-filter value over all results of a search."""
    ids = [page.pk for page in results]
    by_type = {}
    for content_type_id in Page.objects.filter(pk__in=ids).values_list(
        "content_type_id", flat=True
    ):
        by_type[content_type_id] = by_type.get(content_type_id, 0) + 1
    types = []
    for content_type_id, count in by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model in PAGE_TYPES:
            types.append(
                {"value": model._meta.label, "label": str(model._meta.verbose_name), "count": count}
            )
    return {
        "type": sorted(types, key=lambda facet: (-facet["count"], facet["value"])),
        **list_filters.facet_counts(LIST_FILTERS, ids),
    }


def _page_batch(pages, limit, offset):
    """(total, the requested pages as their specific types, in order): 1 query per page type."""
    total = pages.count()
    ids = [page.pk for page in pages[offset : offset + limit]]
    by_id = Page.objects.filter(pk__in=ids).select_related("locale").specific().in_bulk()
    return total, [by_id[pk] for pk in ids if pk in by_id]


class DetailOptions(Schema):
    rich_text: RichTextFormat = Field("html", description="Rich text as `html` or `text`.")
    draft: bool = Field(
        False,
        description="The latest draft instead of the live version. Needs a bearer token whose "
        "user may edit the page; the response is then `private, no-store`.",
    )


def _require_token_for_drafts(request, options):
    """Checked before any lookup, so that anonymous clients learn nothing about drafts."""
    if options.draft and token_of(request) is None:
        raise APIProblem("unauthorized", "Drafts need a bearer token.")


class PageReadOptions(DetailOptions):
    locale: LocaleCode | None = Field(None, description="The page's translation in this language.")
    fallback_locale: LocaleCode | None = Field(
        None,
        description="With `locale`: the translation into this language where the one into "
        "`locale` is missing (`meta.fallback: true`).",
    )


def _detail_response(request, page, options, requested_locale=""):
    ctx = _context(request, options.rich_text)
    ctx.requested_locale = requested_locale
    request.zib_content_language = ctx.locale_code(page.locale_id)
    if options.draft:
        token = token_of(request)
        if not page.permissions_for_user(token.user).can_edit():
            raise APIProblem("forbidden", "This token may not read drafts of this page.")
        page = page.get_latest_revision_as_object()
        return page_detail(page, ctx, draft=True)
    set_last_modified(request, page.last_published_at)
    return page_detail(page, ctx)


@router.get(
    "/{int:page_id}/",
    response={200: PageDetail, 403: Problem, **ERRORS},
    url_name="page_detail",
    summary="A page",
)
@cacheable
def page_detail_view(request, page_id: int, options: Query[PageReadOptions]):
    """The typed page: its type's fields, StreamField blocks, images and links resolved.

    With `locale`, the page's translation into that language; with `fallback_locale` too, the
    translation into that one where the first is missing (`meta.fallback: true`). The answer's
    `Content-Language` is the language of the page it returns."""
    _require_token_for_drafts(request, options)
    pages = Page.objects.all() if options.draft else searchable_pages()
    page = pages.filter(pk=page_id, depth__gt=1).specific().first()
    if page is None:
        raise APIProblem("not_found", f"There is no public page {page_id}.")
    if options.locale:
        wanted = [options.locale, options.fallback_locale] if options.fallback_locale else []
        translations = {
            translation.locale.language_code: translation
            for translation in pages.filter(translation_key=page.translation_key)
            .select_related("locale")
            .specific()
        }
        page = next(
            (translations[code] for code in wanted or [options.locale] if code in translations),
            None,
        )
        if page is None:
            raise APIProblem("not_found", f"Page {page_id} is not public in „{options.locale}“.")
    return _detail_response(request, page, options, requested_locale=options.locale or "")


class FindOptions(DetailOptions):
    path: str = Field(
        ...,
        max_length=1000,
        description="The page's path below the home page of its language, e.g. "
        "`/projekte/bildungswerkstatt/`.",
    )
    locale: LocaleCode | None = Field(
        None, description="Language; default: from a /<code>/ prefix of the path, else German."
    )


def find_page(request, path, locale_code):
    segments = [segment for segment in path.split("/") if segment]
    languages = content_language_codes()
    if locale_code is None:
        if segments and segments[0] in languages and segments[0] != settings.LANGUAGE_CODE:
            locale_code = segments.pop(0)
        else:
            locale_code = settings.LANGUAGE_CODE
    site = Site.find_for_request(request) or Site.objects.filter(is_default_site=True).first()
    if site is None:
        return None
    locale = Locale.objects.filter(language_code=locale_code).first()
    root = site.root_page.get_translation_or_none(locale) if locale else None
    if root is None:
        return None
    url_path = root.url_path + "".join(f"{segment}/" for segment in segments)
    return Page.objects.filter(url_path=url_path, locale=locale).first()


@router.get(
    "/find/",
    response={200: PageDetail, 403: Problem, **ERRORS},
    summary="Find a page by path",
)
@cacheable
def find_page_view(request, options: Query[FindOptions]):
    """The page at a public path (as in the site's URLs) in a language."""
    _require_token_for_drafts(request, options)
    page = find_page(request, options.path, options.locale)
    if page is not None and not options.draft:
        page = searchable_pages().filter(pk=page.pk).first()
    if page is None:
        raise APIProblem("not_found", f"There is no public page at „{options.path}“.")
    return _detail_response(request, page.specific, options)


# --- Navigation and URLs -------------------------------------------------------------------------


class NavigationItem(Schema):
    id: int
    type: str
    title: str
    url: str
    api_url: str
    children: list["NavigationItem"]


NavigationItem.model_rebuild()


class Navigation(Schema):
    locale: str
    items: list[NavigationItem] = Field(description="The home page's menu pages, as a tree.")


def _home(request, locale_code):
    site = Site.find_for_request(request) or Site.objects.filter(is_default_site=True).first()
    locale = _locale(locale_code)
    root = site.root_page.get_translation_or_none(locale) if site else None
    if root is None:
        raise APIProblem("not_found", f"There is no home page in „{locale_code}“.")
    return root


@router.get("/navigation/", response={200: Navigation, **ERRORS}, summary="Navigation tree")
@cacheable
def navigation(
    request,
    locale: LocaleCode = settings.LANGUAGE_CODE,
    depth: int = Query(2, ge=1, le=4, description="Levels below the home page."),
):
    """Live, public pages marked „show in menus“ below the home page, in tree order."""
    home = _home(request, locale)
    pages = (
        searchable_pages()
        .descendant_of(home)
        .filter(show_in_menus=True, depth__lte=home.depth + depth)
        .select_related("locale")
        .order_by("path")
    )
    ctx = _context(request)
    nodes = {home.path: {"children": []}}
    for page in pages:
        parent = nodes.get(page.path[: -page.steplen])
        if parent is None:  # below a page that is not in the menu
            continue
        link = page_link(page, ctx, checked=True)
        node = {**link, "children": []}
        parent["children"].append(node)
        nodes[page.path] = node
    set_last_modified(request, pages.aggregate(latest=Max("last_published_at"))["latest"])
    return {"locale": locale, "items": nodes[home.path]["children"]}


class PublicUrl(Schema):
    id: int
    type: str
    locale: str
    url: str
    last_published_at: datetime.datetime | None


class PublicUrls(Schema):
    count: int
    items: list[PublicUrl]


@router.get("/urls/", response={200: PublicUrls, **ERRORS}, summary="All public URLs")
@cacheable
def public_urls(request, locale: LocaleCode | None = None):
    """Every live, public page with its URL (for sitemaps, link checks, static builds)."""
    pages = searchable_pages().select_related("locale").order_by("path")
    if locale:
        pages = pages.filter(locale=_locale(locale))
    ctx = _context(request)
    items = [
        {
            "id": page.pk,
            "type": page.specific_class._meta.label if page.specific_class else "",
            "locale": page.locale.language_code,
            "url": ctx.absolute(page.get_url(request)) or "",
            "last_published_at": page.last_published_at,
        }
        for page in pages
    ]
    set_last_modified(
        request,
        max(
            (item["last_published_at"] for item in items if item["last_published_at"]), default=None
        ),
    )
    return {"count": len(items), "items": items}
