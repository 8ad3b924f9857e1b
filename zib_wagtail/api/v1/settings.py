"""Site settings: the office's contact data (settings of the requested site), from the model's
`api_fields`; footer pages in the requested language where translated."""

from django.conf import settings as django_settings
from django.utils import translation
from ninja import Router
from wagtail.models import Site

from zib_wagtail.core.models import OfficeSettings

from .caching import cacheable
from .errors import READ_ERRORS, APIProblem
from .pages import LocaleCode
from .schemas.common import Context
from .schemas.models import model_type_of

router = Router(tags=["Settings"])

OFFICE = model_type_of(OfficeSettings)
Office = OFFICE.schema


@router.get("/office/", response={200: Office, **READ_ERRORS})
@cacheable
def office(request, locale: LocaleCode = django_settings.LANGUAGE_CODE):
    """Contact data of the office; footer pages in the requested language where translated."""
    site = Site.find_for_request(request) or Site.objects.filter(is_default_site=True).first()
    if site is None:
        raise APIProblem("not_found", "No site is configured.")
    with translation.override(locale):  # page links follow the active language (`localized`)
        return OFFICE.serialize(OfficeSettings.for_site(site), Context(request=request))
