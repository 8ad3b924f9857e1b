from django.http import QueryDict
from django.template.response import TemplateResponse

from search.query import MAX_QUERY_LENGTH, build_hits, paginate, record_query, search_pages
from zib_wagtail.core import chrome

#: Query parameters of the search page itself; every other one may name a facet.
RESERVED = {"q", "typ", "seite"}


def search_view(request):
    """The site search: /suche/?q=…&typ=…&topic=…&seite=… (facet names: search.facets)."""
    outcome = search_pages(
        request.GET.get("q", ""),
        locale=chrome.active_locale(),
        page_type=request.GET.get("typ", ""),
        site=chrome.site_for_request(request),
        filters={name: value for name, value in request.GET.items() if name not in RESERVED},
    )
    results_page, page_notice = paginate(outcome.results, request.GET.get("seite"))
    if "seite" not in request.GET and outcome.page_type is None and not outcome.filters:
        record_query(outcome.query)
    links = QueryDict(mutable=True)
    links["q"] = outcome.query.text
    suggestion_query = _query_string(q=outcome.suggestion) if outcome.suggestion else ""
    type_query = links.urlencode()
    for name, value in outcome.filters.items():
        links[name] = value
    facet_query = links.urlencode()
    if outcome.page_type:
        links["typ"] = outcome.page_type.slug
    response = TemplateResponse(
        request,
        "search/search.html",
        {
            "search": outcome,
            "query": outcome.query,
            "query_given": bool(request.GET.get("q", "").strip()),
            "max_query_length": MAX_QUERY_LENGTH,
            "results_page": results_page,
            "hits": (
                build_hits(results_page.object_list, outcome.query, outcome.highlight_terms)
                if outcome.query
                else []
            ),
            "promotions": outcome.promotions if results_page.number == 1 else [],
            "page_notice": page_notice,
            "page_range": results_page.paginator.get_elided_page_range(
                results_page.number, on_each_side=2, on_ends=1
            ),
            "type_query": type_query,
            "facet_links": _facet_links(outcome, links),
            "facet_query": facet_query,
            "suggestion_query": suggestion_query,
            "page_query": links.urlencode(),
        },
    )
    # Result pages stay out of search engines whatever the site's base.html puts in <head>.
    response["X-Robots-Tag"] = "noindex, follow"
    return response


def _query_string(**params):
    query = QueryDict(mutable=True)
    query.update(params)
    return query.urlencode()


def _facet_links(outcome, links):
    """Per facet: (facet, [(value, link that selects it or, when selected, removes it)])."""
    found = []
    for facet in outcome.facets:
        values = []
        for value in facet.values:
            query = links.copy()
            if facet.selected == str(value.value):
                query.pop(facet.name, None)
            else:
                query[facet.name] = value.value
            query.pop("seite", None)
            values.append((value, query.urlencode(), facet.selected == str(value.value)))
        found.append((facet, values))
    return found
