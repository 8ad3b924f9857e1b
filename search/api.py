"""API v2 pages endpoint whose `search=` is the site search (`search.query.search_queryset`)."""

from django.conf import settings
from rest_framework.filters import BaseFilterBackend
from wagtail.api.v2.filters import SearchFilter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.search.backends.base import FilterFieldError, OrderByFieldError

from search.query import search_queryset


class PageSearchFilter(BaseFilterBackend):
    """`?search=…`: the search page's words, operator and fallback; live, public pages only.

    `search_operator=and|or` fixes the operator (no fallback); without it the search page's
    rule applies. Like Wagtail's SearchFilter, it must come last: results cannot be filtered.
    """

    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET:
            return queryset
        if not getattr(settings, "WAGTAILAPI_SEARCH_ENABLED", True):
            raise BadRequestError("search is disabled")
        if getattr(queryset, "_filtered_by_tag", False):
            raise BadRequestError("filtering by tag with a search query is not supported")
        operator = request.GET.get("search_operator") or None
        if operator not in (None, "and", "or"):
            raise BadRequestError("search_operator must be 'and' or 'or'")
        try:
            return search_queryset(
                queryset,
                request.GET["search"],
                operator=operator,
                order_by_relevance="order" not in request.GET,
            ).results
        except FilterFieldError as error:
            raise BadRequestError(
                f"cannot filter by '{error.field_name}' while searching (field is not indexed)"
            ) from error
        except OrderByFieldError as error:
            raise BadRequestError(
                f"cannot order by '{error.field_name}' while searching (field is not indexed)"
            ) from error


class SearchablePagesAPIViewSet(PagesAPIViewSet):
    filter_backends = [
        PageSearchFilter if backend is SearchFilter else backend
        for backend in PagesAPIViewSet.filter_backends
    ]
