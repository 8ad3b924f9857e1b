"""Template tags of the site frame: navigation, languages, breadcrumbs, structured data."""

import json
from dataclasses import dataclass

from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page

from zib_wagtail.core import chrome, conf

register = template.Library()

# Characters that must not appear raw inside <script> (same set as Django's json_script).
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def _active_language():
    """The active language as a content language code (e.g. „de“), falling back to the default."""
    return chrome.active_language()


@register.simple_tag(takes_context=True)
def main_menu_pages(context):
    """Live, public pages directly below the home page that editors marked „Im Menü anzeigen“.

    The menu follows the site's main tree; in another language each item links to its
    translation, or to the original page (marked with its language) where there is none yet.
    Remembered until published content changes (zib_wagtail.core.published).
    """
    return chrome.main_menu_pages(context["request"])


@register.simple_tag
def localized_pages(*pages):
    """The given pages (None skipped) in the active language where translated (remembered
    until published content changes)."""
    return chrome.localized_pages([page.pk for page in pages if page is not None])


@register.simple_tag
def lang_attrs(obj):
    """` lang=… dir=…` for a page (or text in the language code given as a string) shown in
    another language than the surrounding page."""
    language = obj if isinstance(obj, str) else getattr(obj, "content_language", None)
    if not language or language == _active_language():
        return ""
    info = translation.get_language_info(language)
    return format_html(' lang="{}" dir="{}"', language, "rtl" if info["bidi"] else "ltr")


@register.filter
def language_of(page):
    """The language code of a page's locale (without loading the locale)."""
    return chrome.language_of(page) or ""


@register.simple_tag
def source_lang_attrs():
    """`lang`/`dir` for untranslated data in the default language (e.g. the office's name)."""
    return lang_attrs(settings.LANGUAGE_CODE)


@dataclass
class LanguageVersion:
    """One entry of the language switcher: a language and where the reader gets to."""

    code: str
    name: str
    url: str
    is_active: bool
    #: True when url shows the current page itself in that language (an hreflang alternate).
    is_translation: bool
    full_url: str = ""

    @property
    def is_default(self):
        return self.code == get_supported_content_language_variant(settings.LANGUAGE_CODE)

    @property
    def direction(self):
        return "rtl" if translation.get_language_info(self.code)["bidi"] else "ltr"


def _view_versions(request):
    """For views outside the page tree (search, 404): the same URL in every language."""
    match = getattr(request, "resolver_match", None)
    versions = {}
    for code, _name in conf.content_languages():
        if match is not None and match.url_name != "wagtail_serve":
            versions[code] = (translate_url(request.path, code), "", False)
        else:
            with translation.override(code):
                versions[code] = (reverse("wagtail_serve", args=[""]), "", False)
    return versions


@register.simple_tag(takes_context=True)
def language_versions(context):
    """The language switcher's entries, in the order of WAGTAIL_CONTENT_LANGUAGES, each named
    in its own language; cached per request (the header and the head both use it)."""
    request = context.get("request")
    if request is None:
        return []
    cached = getattr(request, "_zib_language_versions", None)
    if cached is not None:
        return cached
    page = context.get("page")
    active = _active_language()
    if isinstance(page, Page) and page.pk:
        versions = chrome.page_versions(request, page)
    else:
        versions = _view_versions(request)
    result = [
        LanguageVersion(
            code=code,
            name=name,
            url=versions[code][0],
            full_url=versions[code][1],
            is_active=code == active,
            is_translation=versions[code][2],
        )
        for code, name in conf.content_languages()
        if code in versions
    ]
    request._zib_language_versions = result
    return result


@register.simple_tag(takes_context=True)
def site_home(context):
    return chrome.site_home(context["request"])


@register.simple_tag
def breadcrumb_pages(page):
    """Ancestors of the page from the home page down, without the tree root."""
    if not isinstance(page, Page) or page.depth <= 2:
        return []
    return [ancestor for ancestor in chrome.ancestors(page) if ancestor.depth >= 2]


@register.filter
def is_section_of(menu_page, current_page):
    """True when current_page is menu_page or lies below it (for aria-current in the menu)."""
    if not isinstance(current_page, Page):
        return False
    return current_page.path.startswith(menu_page.path)


@register.simple_tag
def json_ld(data):
    """Render a dict as a JSON-LD script element, escaped for safe inclusion in HTML."""
    payload = json.dumps(data, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))


@register.filter(is_safe=True)
def ltr(value):
    """Isolate a left-to-right run (phone number, postcode, e-mail, IBAN, reference number, time)
    so that right-to-left text around it cannot reorder it."""
    if value in (None, ""):
        return ""
    return format_html('<bdi dir="ltr">{}</bdi>', value)


@register.filter(is_safe=True)
def isolate(value):
    """Isolate a run whose direction follows its own text (a date with a month name, an amount)."""
    if value in (None, ""):
        return ""
    return format_html("<bdi>{}</bdi>", value)


@register.filter(is_safe=True)
def in_language_of(value, obj):
    """value (a page's title inside a translated sentence) in a span with the `lang`/`dir` of
    obj (a page, or a language code) where `lang_attrs` marks obj; unchanged otherwise."""
    if value in (None, ""):
        return ""
    attrs = lang_attrs(obj)
    return format_html("<span{}>{}</span>", attrs, value) if attrs else value


@register.filter(is_safe=True)
def in_source_language(value):
    """Untranslated data in the default language (a funding round's title) inside a sentence in
    another language: wrapped in a span with its `lang`/`dir` there, unchanged otherwise."""
    return in_language_of(value, settings.LANGUAGE_CODE)


@register.simple_tag
def source_lang():
    """` lang="de"` for untranslated data in the default language on a page in another language
    (the direction is set by `ltr`)."""
    default = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    if _active_language() == default:
        return ""
    return format_html(' lang="{}"', default)


@register.simple_tag
def fallback_language(page):
    """The page's own language when it is shown in place of a missing translation (a German page
    under /tr/), else "": the one fallback rule of the HTML (docs/translations.md)."""
    if not isinstance(page, Page):
        return ""
    try:
        language = get_supported_content_language_variant(chrome.language_of(page) or "")
    except LookupError:
        return ""
    return "" if language == _active_language() else language
