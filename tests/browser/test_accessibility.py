"""axe-core finds no WCAG 2.0/2.1 A or AA violation on any page type in German, English and
Arabic, and on the home page and a standard page in every further language."""

import pytest

from .axe import axe_violations, describe
from .pages import ALL_PAGES, ARABIC_PAGES, submit_empty_application

#: The languages ALL_PAGES does not cover (German, English and Arabic are there).
FURTHER_LANGUAGES = ["tr", "uk", "ru"]


@pytest.mark.parametrize("url", ALL_PAGES.values(), ids=ALL_PAGES.keys())
def test_page_has_no_wcag_violations(page, url):
    page.goto(url)

    violations = axe_violations(page)

    assert violations == [], f"{url}:\n{describe(violations)}"


@pytest.fixture(scope="module")
def about_page_in(browser, site_url):
    """{language: URL of „Über das ZIB“ in it}, read off the German page's language switcher
    (the language's own slug); where a language has no translation, its fallback URL."""
    context = browser.new_context(base_url=site_url)
    tab = context.new_page()
    tab.goto("/ueber-das-zib/")
    links = tab.locator(".language-switcher a")
    hrefs = {
        links.nth(i).get_attribute("lang"): links.nth(i).get_attribute("href")
        for i in range(links.count())
    }
    context.close()
    urls = {}
    for code in FURTHER_LANGUAGES:
        href = hrefs.get(code, f"/{code}/")
        urls[code] = href if href.strip("/") != code else f"/{code}/ueber-das-zib/"
    return urls


@pytest.mark.parametrize("kind", ["home", "standard page"])
@pytest.mark.parametrize("language", FURTHER_LANGUAGES)
def test_every_language_has_no_wcag_violations(page, about_page_in, language, kind):
    url = f"/{language}/" if kind == "home" else about_page_in[language]
    page.goto(url)
    assert page.locator("html").get_attribute("lang") == language

    violations = axe_violations(page)

    assert violations == [], f"{url}:\n{describe(violations)}"


@pytest.mark.parametrize(
    "url", ["/zuschuesse/antrag/", "/en/grants/application/"], ids=["de", "en"]
)
def test_grant_form_with_errors_has_no_wcag_violations(page, url):
    submit_empty_application(page, url)

    violations = axe_violations(page)

    assert violations == [], f"{url} (errors):\n{describe(violations)}"


@pytest.mark.parametrize("url", ARABIC_PAGES.values(), ids=ARABIC_PAGES.keys())
def test_arabic_pages_are_right_to_left(page, url):
    page.goto(url)

    html = page.locator("html")
    assert html.get_attribute("lang") == "ar"
    assert html.get_attribute("dir") == "rtl"
    # The layout mirrors: the brand (first in the header) sits at the right edge.
    brand = page.locator(".site-brand").bounding_box()
    nav_or_search = page.locator(".site-search").bounding_box()
    assert brand["x"] > nav_or_search["x"]


def test_language_switcher_links_translations(page):
    page.goto("/ueber-das-zib/")

    links = page.locator(".language-switcher a")
    by_lang = {links.nth(i).get_attribute("lang"): links.nth(i) for i in range(links.count())}
    assert by_lang["de"].get_attribute("aria-current") == "true"
    assert by_lang["en"].get_attribute("href") == "/en/about-the-zib/"
    # Every other language leads into its own part of the site (the translation, or its home
    # page where there is none: tests/i18n/test_languages.py).
    for code, link in by_lang.items():
        assert code == "de" or link.get_attribute("href").startswith(f"/{code}/"), code
    by_lang["en"].click()
    assert page.locator("h1").inner_text() == "About the ZIB"
    assert page.locator("html").get_attribute("lang") == "en"
