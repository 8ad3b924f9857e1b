"""The language of an API answer meant for people (problem titles, form errors, mails)."""

from django.conf import settings
from django.utils import translation

from zib_wagtail.core.conf import content_language_codes


def request_language(request):
    """`?locale=` if it names a content language, else Accept-Language, else the default
    language. (LocaleMiddleware treats every URL without a language prefix as German, so the
    header is read here.)"""
    if request is None:
        return settings.LANGUAGE_CODE
    requested = request.GET.get("locale", "")
    if requested in content_language_codes():
        return requested
    accepted = translation.get_language_from_request(request)
    return accepted if accepted in content_language_codes() else settings.LANGUAGE_CODE
