"""The site chrome's lookups, remembered until published content changes (published.py).

Every page shows the same frame: the home page link, the main menu, the language switcher,
breadcrumbs and the footer's pages. Each lookup here answers from the request's memo or the
shared cache, so a warm page spends its queries on its own content only.
"""

from django.conf import settings
from django.http.request import split_domain_port
from django.utils import translation
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from . import conf, published, visibility


def site_for_request(request):
    """The Wagtail site of the request (as `Site.find_for_request`, which it primes)."""
    if request is None:
        return None
    if not hasattr(request, "_wagtail_site"):
        hostname = split_domain_port(request._get_raw_host())[0]
        port = request.get_port()
        request._wagtail_site = published.remembered(
            "site", (hostname, port), lambda: Site._find_for_request(request)
        )
    return request._wagtail_site


def active_language():
    """The active language as a content language code (e.g. „de“), else the default one."""
    try:
        return get_supported_content_language_variant(translation.get_language())
    except LookupError:
        return get_supported_content_language_variant(settings.LANGUAGE_CODE)


def _locale_codes():
    return dict(Locale.objects.values_list("pk", "language_code"))


def locale_codes():
    """{locale id: language code} of every locale."""
    return published.remembered("locale_codes", (), _locale_codes)


def language_of(page):
    """The language code of a page's locale, without loading the locale."""
    return locale_codes().get(page.locale_id)


def locale_for(language):
    """The Locale of a language code (None: no such locale), remembered."""
    return published.remembered(
        "locale", (language,), lambda: Locale.objects.filter(language_code=language).first()
    )


def default_locale():
    """`Locale.get_default()`, remembered."""
    return locale_for(get_supported_content_language_variant(settings.LANGUAGE_CODE))


def active_locale():
    """`Locale.get_active()`, remembered: the active language's locale, else the default one."""
    return locale_for(active_language()) or default_locale()


def active_locale_id():
    """The id of the locale of the active language (None: no such locale)."""
    language = active_language()
    return next((pk for pk, code in locale_codes().items() if code == language), None)


def _translations(pages, language):
    """Live translations of pages into language, by translation key (one query)."""
    return {
        page.translation_key: page
        for page in Page.objects.live()
        .filter(
            translation_key__in=[page.translation_key for page in pages],
            locale__language_code=language,
        )
        .select_related("locale")
    }


def localize(pages):
    """Each page replaced by its live translation in the active language, where there is one.

    At most one query for all pages together (none when they are all in the active language).
    Pages without a translation stay as they are and get `content_language` set to their own
    language, so that templates can mark them with `lang`.
    """
    pages = [page for page in pages if page is not None]
    language = active_language()
    foreign = [page for page in pages if language_of(page) != language]
    translations = _translations(foreign, language) if foreign else {}
    result = []
    for page in pages:
        if page in foreign:
            translated = translations.get(page.translation_key)
            if translated is None:
                page.content_language = language_of(page)
            else:
                page = translated
        result.append(page)
    return result


def localized(page):
    """`page.localized` (its live translation in the active language, else itself) without
    asking the database for the active locale."""
    if page is None:
        return None
    translated = localize([page])[0]
    translated.__dict__.pop("content_language", None)
    return translated


def localized_pages(page_ids):
    """The pages of page_ids (None skipped) in the active language where translated."""
    ids = tuple(page_id for page_id in page_ids if page_id)

    def compute():
        pages = Page.objects.filter(pk__in=ids).select_related("locale").in_bulk()
        return localize([pages.get(page_id) for page_id in ids])

    return published.remembered("localized_pages", (ids, active_language()), compute)


def root_translations(site):
    """The translations of the site's root page (`root_page.get_translations()`), remembered."""
    return published.remembered(
        "root_translations", (site.pk,), lambda: list(site.root_page.get_translations())
    )


def site_home(request):
    """The site's home page in the active language (its root page where untranslated)."""
    site = site_for_request(request)
    if site is None:
        return None
    return published.remembered(
        "site_home", (site.pk, active_language()), lambda: site.root_page.localized
    )


def main_menu_pages(request):
    """Live, public pages directly below the site's home page marked „Im Menü anzeigen“, each
    in the active language where translated (else marked with its own)."""
    site = site_for_request(request)
    if site is None:
        return []

    def compute():
        children = site.root_page.get_children().live().in_menu().select_related("locale")
        return localize(visibility.exclude_private(children))

    return published.remembered("main_menu", (site.pk, active_language()), compute)


def page_versions(request, page):
    """{language: (url, full url, is a translation of page)} for every content language: the
    page's live, public translation, else the home page in that language."""
    site = site_for_request(request)

    def compute():
        root = site.root_page if site else None
        keys = {page.translation_key} | ({root.translation_key} if root else set())
        by_key = {}
        candidates = visibility.exclude_private(
            Page.objects.live().filter(translation_key__in=keys).select_related("locale")
        )
        for candidate in candidates:
            by_key.setdefault(candidate.translation_key, {})[candidate.locale.language_code] = (
                candidate
            )
        translations = by_key.get(page.translation_key, {})
        homes = by_key.get(root.translation_key, {}) if root else {}
        versions = {}
        for code in conf.content_language_codes():
            target = translations.get(code)
            if target is not None:
                versions[code] = (target.get_url(request), target.get_full_url(request), True)
            elif code in homes:
                versions[code] = (homes[code].get_url(request), "", False)
        return versions

    return published.remembered(
        "page_versions", (site.pk if site else None, page.translation_key), compute
    )


def ancestors(page):
    """The page's ancestors from the tree root down (plain pages with their locale)."""
    return published.remembered(
        "ancestors",
        (page.path,),
        lambda: list(page.get_ancestors().select_related("locale")),
    )


def parent(page):
    """The page's parent (a plain page), remembered like its ancestors."""
    found = ancestors(page)
    return found[-1] if found else None
