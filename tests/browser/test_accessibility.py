"""axe-core finds no WCAG 2.0/2.1 A or AA violation on any page type, in German and Arabic."""

import pytest

from .axe import axe_violations, describe
from .pages import ALL_PAGES, ARABIC_PAGES, submit_empty_application


@pytest.mark.parametrize("url", ALL_PAGES.values(), ids=ALL_PAGES.keys())
def test_page_has_no_wcag_violations(page, url):
    page.goto(url)

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


def test_language_switcher_links_translations_and_falls_back_to_home(page):
    page.goto("/ueber-das-zib/")

    links = page.locator(".language-switcher a")
    by_lang = {links.nth(i).get_attribute("lang"): links.nth(i) for i in range(links.count())}
    assert by_lang["de"].get_attribute("aria-current") == "true"
    assert by_lang["en"].get_attribute("href") == "/en/about-the-zib/"
    assert by_lang["ar"].get_attribute("href") == "/ar/"  # no Arabic version: Arabic home
    by_lang["en"].click()
    assert page.locator("h1").inner_text() == "About the ZIB"
    assert page.locator("html").get_attribute("lang") == "en"
