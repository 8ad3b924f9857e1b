"""The XML sitemap with every language version and its hreflang alternates.

Wagtail's sitemap lists only the pages below the site's root page, i.e. the default language's
tree. With WAGTAIL_I18N_ENABLED the translated trees hang beside it, so this sitemap lists the
pages below every translation of the root page and gives each URL its alternates
(<xhtml:link rel="alternate" hreflang=…>), x-default being the default language's version.
"""

from django.conf import settings
from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page


class TranslatedSitemap(Sitemap):
    def items(self):
        roots = self.get_wagtail_site().root_page.get_translations(inclusive=True)
        in_any_tree = Q(pk__in=[])
        for root in roots:
            in_any_tree |= Q(path__startswith=root.path, depth__gte=root.depth)
        return (
            Page.objects.live()
            .public()
            .filter(in_any_tree)
            .order_by("path")
            .defer_streamfields()
            .specific()
        )

    def _alternates(self, translation_keys):
        """translation_key → [(language code, full URL)] of the live, public language versions."""
        versions = {}
        pages = (
            Page.objects.live()
            .public()
            .filter(translation_key__in=translation_keys)
            .select_related("locale")
            .order_by("path")
        )
        for page in pages:
            url = page.get_full_url(self.request)
            if url:
                versions.setdefault(page.translation_key, []).append(
                    (page.locale.language_code, url)
                )
        return versions

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        pages = list(self.paginator.page(page).object_list)
        alternates = self._alternates({item.translation_key for item in pages})
        default = get_supported_content_language_variant(settings.LANGUAGE_CODE)
        by_location = {}
        for item in pages:
            by_location[item.get_full_url(self.request)] = alternates.get(item.translation_key, [])
        for url in urls:
            versions = by_location.get(url["location"], [])
            if len(versions) > 1:
                url["alternates"] = [
                    {"lang_code": code, "location": location} for code, location in versions
                ]
                url["alternates"] += [
                    {"lang_code": "x-default", "location": location}
                    for code, location in versions
                    if code == default
                ]
        return urls
