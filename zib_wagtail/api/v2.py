"""Wagtail's API v2 at /api/v2/ (DRF), driven by the models' `api_fields`.

Besides Wagtail's own endpoints (pages with the site search, images, documents) it serves the
non-page models the way Wagtail serves images: each a `BaseAPIViewSet` whose fields are the
model's `api_fields` (the same declaration /api/v1/ types its schemas from), so nothing else
of the model is exposed, filtered or ordered by. Translatable models carry `meta.locale` and
take `?locale=`.

    /api/v2/partners/, /topics/, /districts/    snippets (`?locale=de`)
    /api/v2/funding-rounds/                     public data of the funding rounds
    /api/v2/office-settings/                    the office settings of the requested site
                                                (footer pages in `?locale=`'s language)
"""

from django.conf import settings
from django.db import models
from django.utils import translation
from rest_framework.fields import Field
from rest_framework.throttling import SimpleRateThrottle
from wagtail.api.v2.filters import FieldsFilter, LocaleFilter, OrderingFilter
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.serializers import BaseSerializer
from wagtail.api.v2.utils import BadRequestError, get_object_detail_url
from wagtail.api.v2.views import BaseAPIViewSet
from wagtail.api.validators import SiteFilterValidator
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Page, Site, TranslatableMixin

from grants.models import FundingRound
from search.api import SearchablePagesAPIViewSet
from zib_wagtail.core import chrome, visibility
from zib_wagtail.core.clients import client_ip
from zib_wagtail.core.conf import content_language_codes
from zib_wagtail.core.models import District, OfficeSettings, Partner, Topic

from .v1 import auth as v1_auth


class LocaleCodeField(Field):
    """`meta.locale` of a translatable object: its language code."""

    def get_attribute(self, instance):
        return instance

    def to_representation(self, obj):
        return obj.locale.language_code


class ModelValueField(Field):
    """A typed property's value (api_fields): model instances in it become references.

    A page is `{id, meta: {type, detail_url, html_url}, title}` when it is public, else null;
    another model `{id, meta: {type, detail_url}}`; dicts and lists are walked.
    """

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value):
        if isinstance(value, dict):
            return {key: self.to_representation(item) for key, item in value.items()}
        if isinstance(value, list | tuple):
            return [self.to_representation(item) for item in value]
        if isinstance(value, Page):
            return self._page(value)
        if isinstance(value, models.Model):
            return self._object(value)
        return value

    def _detail_url(self, model, pk):
        router = self.context["router"]
        return get_object_detail_url(router, self.context["request"], model, pk)

    def _page(self, page):
        if not visibility.is_public(page):
            return None
        page_type = page.specific_class or type(page)
        meta = {"type": page_type._meta.label, "detail_url": self._detail_url(Page, page.pk)}
        meta["html_url"] = page.full_url
        return {"id": page.pk, "meta": meta, "title": page.title}

    def _object(self, obj):
        meta = {"type": obj._meta.label}
        detail_url = self._detail_url(type(obj), obj.pk)
        if detail_url:
            meta["detail_url"] = detail_url
        return {"id": obj.pk, "meta": meta}


class ModelSerializer(BaseSerializer):
    """Wagtail's serializer, with `meta.locale` and typed properties that may hold models."""

    locale = LocaleCodeField(read_only=True)

    def build_property_field(self, field_name, model_class):
        return ModelValueField, {}


class ModelAPIViewSet(BaseAPIViewSet):
    """An API v2 endpoint of a non-page model: exactly its `api_fields`, listed in full.

    Filters and `order=` accept only those fields (Wagtail's FieldsFilter/OrderingFilter take
    the available fields); a translatable model also takes `?locale=` and has `meta.locale`.
    """

    base_serializer_class = ModelSerializer
    filter_backends = [FieldsFilter, OrderingFilter]
    ordering = ("pk",)

    @classmethod
    def translatable(cls):
        return issubclass(cls.model, TranslatableMixin)

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.model is not None and cls.translatable():
            cls.meta_fields = [*BaseAPIViewSet.meta_fields, "locale"]
            cls.known_query_parameters = BaseAPIViewSet.known_query_parameters | {"locale"}
            cls.filter_backends = [FieldsFilter, LocaleFilter, OrderingFilter]

    def get_queryset(self):
        queryset = self.model.objects.all()
        if self.translatable():
            queryset = queryset.select_related("locale")
        return queryset.order_by(*self.ordering)

    @classmethod
    def get_listing_default_fields(cls, model):
        """Lists show every public field: these models are small."""
        return cls.get_available_fields(model)


class PartnersAPIViewSet(ModelAPIViewSet):
    name = "partners"
    model = Partner
    ordering = ("name", "pk")


class TopicsAPIViewSet(ModelAPIViewSet):
    name = "topics"
    model = Topic
    ordering = ("name", "pk")


class DistrictsAPIViewSet(ModelAPIViewSet):
    name = "districts"
    model = District
    ordering = ("name", "pk")


class FundingRoundsAPIViewSet(ModelAPIViewSet):
    """Public data of the funding rounds, newest first (the budget is not an api_field)."""

    name = "funding-rounds"
    model = FundingRound
    ordering = ("-opens_at", "pk")


class OfficeSettingsAPIViewSet(ModelAPIViewSet):
    """The office settings of the requested site (one item); `?locale=` chooses the language of
    the footer pages (default: the site's default language)."""

    name = "office-settings"
    model = OfficeSettings
    known_query_parameters = BaseAPIViewSet.known_query_parameters | {"locale"}

    def get_queryset(self):
        site = Site.find_for_request(self.request)
        site = site or Site.objects.filter(is_default_site=True).first()
        if site is None:
            return self.model.objects.none()
        OfficeSettings.for_site(site)  # creates the (empty) settings of a new site
        return self.model.objects.filter(site=site).order_by("pk")

    def _language(self):
        locale = self.request.GET.get("locale", settings.LANGUAGE_CODE)
        if locale not in content_language_codes():
            raise BadRequestError(f"locale must be one of {', '.join(content_language_codes())}")
        return locale

    def listing_view(self, request):
        with translation.override(self._language()):
            return super().listing_view(request)

    def detail_view(self, request, pk):
        with translation.override(self._language()):
            return super().detail_view(request, pk)


class PublicPagesAPIViewSet(SearchablePagesAPIViewSet):
    """Wagtail's pages endpoint (with the site search) on a few queries, however long the list.

    Wagtail builds its base queryset up to three times per request, each time with a query for
    the view restrictions, the site and the home page's translations; here it is built once,
    and for readers without a session (who pass no restriction) from the remembered lookups
    (zib_wagtail.core.chrome, visibility). Listed pages come with their locale (`meta.locale`).
    """

    def get_base_queryset(self):
        if not hasattr(self, "_zib_base_queryset"):
            anonymous = settings.SESSION_COOKIE_NAME not in self.request.COOKIES
            self._zib_base_queryset = (
                self._anonymous_base_queryset() if anonymous else super().get_base_queryset()
            )
        return self._zib_base_queryset

    def _anonymous_base_queryset(self):
        """Wagtail's `get_public_pages_queryset` for a reader that passes no view restriction."""
        request = self.request
        chrome.site_for_request(request)
        try:
            site = SiteFilterValidator(site=request.GET.get("site"), request=request).site_obj
        except ValueError as error:
            raise BadRequestError(str(error)) from error
        pages = visibility.exclude_private(Page.objects.all().live())
        if site is None:
            return pages.none()
        below = pages.descendant_of(site.root_page, inclusive=True)
        if getattr(settings, "WAGTAIL_I18N_ENABLED", False):
            for root in chrome.root_translations(site):
                below |= pages.descendant_of(root, inclusive=True)
        return below

    def get_queryset(self):
        return super().get_queryset().select_related("locale")

    def get_object(self):
        # Once per request (Wagtail asks again for the serializer): the page row, then the
        # specific page as its type loads it for serving, with the related objects its fields
        # show (BasePage.get_serve_queryset).
        if not hasattr(self, "_zib_object"):
            base = BaseAPIViewSet.get_object(self)
            model = base.specific_class or type(base)
            if hasattr(model, "get_serve_queryset"):
                page = model.get_serve_queryset().get(pk=base.pk)
            else:
                page = base.specific
            page.locale = chrome.locale_for(chrome.language_of(page)) or page.locale
            parent = chrome.parent(page)
            if parent is not None:
                page._cached_parent_obj = parent
            self._zib_object = page
        return self._zib_object


class PublicImagesAPIViewSet(ImagesAPIViewSet):
    """Wagtail's images without those of restricted collections (as /api/v1/)."""

    def get_queryset(self):
        return visibility.public_media(super().get_queryset())


class PublicDocumentsAPIViewSet(DocumentsAPIViewSet):
    """Wagtail's documents without those of restricted collections (as /api/v1/)."""

    def get_queryset(self):
        return visibility.public_media(super().get_queryset())


class SharedRateThrottle(SimpleRateThrottle):
    """v2 under /api/v1/'s limits and on the same budget: the same setting, scope and cache key
    per client address (anonymous) or per token, so a client cannot double its rate by
    switching API versions."""

    def __init__(self):  # the rate is read per request, from the settings
        pass

    def allow_request(self, request, view):
        token = v1_auth.token_of(request)
        if token is not None:
            self.scope, self.ident = v1_auth.TokenThrottle.scope, token.pk
            setting, default = "ZIB_API_TOKEN_RATE_LIMIT", v1_auth.TokenThrottle.default_rate
        else:
            self.scope, self.ident = v1_auth.AnonymousThrottle.scope, client_ip(request)
            setting, default = "ZIB_API_RATE_LIMIT", v1_auth.AnonymousThrottle.default_rate
        self.rate = getattr(settings, setting, default)
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.ident}


#: The largest offset v2 takes (as /api/v1/): beyond it a list is a 400, not a database error.
MAX_OFFSET = 100_000


class BoundedPagination(WagtailPagination):
    """Wagtail's pagination with offset and limit bounded: a huge number is a 400 (Wagtail
    passes it to the database, which fails with a 500)."""

    def paginate_queryset(self, queryset, request, view=None):
        offset = request.GET.get("offset", "0")
        if offset.isdigit() and int(offset) > MAX_OFFSET:
            raise BadRequestError(f"offset cannot be higher than {MAX_OFFSET}")
        limit = request.GET.get("limit", "")
        if limit.isdigit() and len(limit) > 6:
            raise BadRequestError("limit is too large")
        return super().paginate_queryset(queryset, request, view)


api_router = WagtailAPIRouter("wagtailapi")
for name, viewset in (
    ("pages", PublicPagesAPIViewSet),
    ("images", PublicImagesAPIViewSet),
    ("documents", PublicDocumentsAPIViewSet),
    *(
        (viewset.name, viewset)
        for viewset in (
            PartnersAPIViewSet,
            TopicsAPIViewSet,
            DistrictsAPIViewSet,
            FundingRoundsAPIViewSet,
            OfficeSettingsAPIViewSet,
        )
    ),
):
    bounded = type(
        viewset.__name__,
        (viewset,),
        {"pagination_class": BoundedPagination, "throttle_classes": [SharedRateThrottle]},
    )
    api_router.register_endpoint(name, bounded)
