"""Reflow (WCAG 1.4.10) and text resize (1.4.4): no horizontal scrolling at 320 px width, and
the content stays usable with the text at 200 %."""

import pytest

from .pages import ARABIC_PAGES, GERMAN_PAGES, submit_empty_application

PAGES = {**GERMAN_PAGES, **ARABIC_PAGES}
SCROLL_WIDTH = "() => document.documentElement.scrollWidth"


@pytest.fixture
def narrow_page(browser, site_url):
    context = browser.new_context(base_url=site_url, viewport={"width": 320, "height": 800})
    tab = context.new_page()
    yield tab
    context.close()


@pytest.mark.parametrize("url", PAGES.values(), ids=PAGES.keys())
def test_no_horizontal_scrolling_at_320_pixels(narrow_page, url):
    narrow_page.goto(url)

    assert narrow_page.evaluate(SCROLL_WIDTH) <= 320


def test_grant_form_with_errors_reflows_at_320_pixels(narrow_page):
    submit_empty_application(narrow_page)

    assert narrow_page.evaluate(SCROLL_WIDTH) <= 320


@pytest.mark.parametrize("url", PAGES.values(), ids=PAGES.keys())
def test_text_at_200_percent_stays_usable(page, url):
    page.goto(url)
    # Through the CSSOM: the site's Content-Security-Policy forbids inline <style>.
    page.evaluate("document.documentElement.style.setProperty('font-size', '200%', 'important')")
    assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == "32px"

    assert page.evaluate(SCROLL_WIDTH) <= 1280
    heading = page.locator("main h1")
    assert heading.is_visible()
    box = heading.bounding_box()
    assert box["width"] > 0 and box["x"] >= 0 and box["x"] + box["width"] <= 1280
