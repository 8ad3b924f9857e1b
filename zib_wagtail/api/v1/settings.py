"""The office's contact data (OfficeSettings of the requested site)."""

from django.conf import settings as django_settings
from django.db import models
from ninja import Field, Router, Schema
from wagtail.models import Locale, Page, Site

from zib_wagtail.core.models import OfficeSettings

from .caching import cacheable
from .errors import READ_ERRORS, APIProblem
from .pages import LocaleCode
from .schemas.common import Context, PageLink, page_link

router = Router(tags=["Settings"])

#: The OfficeSettings fields that link to pages (footer pages), found from the model.
PAGE_LINK_FIELDS = [
    field.name
    for field in OfficeSettings._meta.get_fields()
    if isinstance(field, models.ForeignKey) and issubclass(field.related_model, Page)
]


class Address(Schema):
    building: str
    room: str
    street: str
    postcode: str
    city: str
    country: str = "DE"


class Office(Schema):
    name: str
    short_name: str
    placement: str
    parent_organisation: str
    founded_year: int | None
    address: Address
    phone: str
    phone_uri: str = Field(description="`tel:` URI in international form.")
    email: str
    website: str
    opening_hours: list[str] = Field(description="One entry per line as the office wrote it.")
    pages: dict[str, PageLink | None] = Field(
        description="Footer pages: " + ", ".join(f"`{name}`" for name in PAGE_LINK_FIELDS) + "."
    )
    schema_org: dict = Field(description="The office as schema.org GovernmentOffice (JSON-LD).")


@router.get("/office/", response={200: Office, **READ_ERRORS})
@cacheable
def office(request, locale: LocaleCode = django_settings.LANGUAGE_CODE):
    """Contact data of the office; footer pages in the requested language where translated."""
    site = Site.find_for_request(request) or Site.objects.filter(is_default_site=True).first()
    if site is None:
        raise APIProblem("not_found", "No site is configured.")
    office = OfficeSettings.for_site(site)
    ctx = Context(request=request)
    target = Locale.objects.filter(language_code=locale).first()
    pages = {}
    for name in PAGE_LINK_FIELDS:
        page = getattr(office, name)
        if page is not None and target is not None and page.locale_id != target.pk:
            page = page.get_translation_or_none(target) or page
        pages[name] = page_link(page.specific if page else None, ctx)
    return {
        "name": office.name,
        "short_name": office.short_name,
        "placement": office.placement,
        "parent_organisation": office.parent_organisation,
        "founded_year": office.founded_year,
        "address": {
            "building": office.building,
            "room": office.room,
            "street": office.street,
            "postcode": office.postcode,
            "city": office.city,
        },
        "phone": office.phone,
        "phone_uri": office.phone_uri,
        "email": office.email,
        "website": office.website,
        "opening_hours": office.opening_hours_lines,
        "pages": pages,
        "schema_org": office.as_schema_org(),
    }
