"""Every page in every language, as Chromium renders it at 1280 and 320 px (issue 13, acceptance):

- no German interface string in text of the page's language (the rendered DOM is checked with the
  detector of tests/i18n/test_frame_language.py; text inside its own `lang` is left out);
- `<html lang dir>` is the page's language;
- on Arabic pages the phone number, postcode and e-mail address are rendered in their order;
- at 1280 px, axe-core finds no WCAG 2.1 A/AA violation.

The pages are those the API lists for the language (`/api/v1/pages/urls/?locale=`), plus its
search page with and without results and its 404 page.
"""

import json
import urllib.request

import pytest
from bs4 import BeautifulSoup

from tests.browser.axe import axe_violations, describe
from tests.browser.test_bidi import FOOTER_RUNS, assert_rendered_in_order
from tests.i18n.test_frame_language import german_found

LANGUAGES = ["de", "en", "ar", "tr", "uk", "ru"]
WIDTHS = [1280, 320]


def urls_of(site_url, language):
    with urllib.request.urlopen(f"{site_url}/api/v1/pages/urls/?locale={language}") as response:
        items = json.load(response)["items"]
    prefix = "" if language == "de" else f"/{language}"
    paths = [item["url"].removeprefix(site_url) for item in items]
    return paths + [
        f"{prefix}/suche/?q=ZIB",
        f"{prefix}/suche/?q=Raumschiff",
        f"{prefix}/diese-seite-gibt-es-nicht/",
    ]


@pytest.mark.parametrize("width", WIDTHS, ids=[f"{width}px" for width in WIDTHS])
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_speaks_its_language_as_rendered(browser, site_url, language, width):
    paths = urls_of(site_url, language)
    assert len(paths) > 10, paths  # the demo has every page in every language
    context = browser.new_context(base_url=site_url, viewport={"width": width, "height": 800})
    tab = context.new_page()
    direction = "rtl" if language == "ar" else "ltr"
    problems = []
    try:
        for path in paths:
            response = tab.goto(path)
            if response.status not in (200, 404):
                problems.append(f"{path}: status {response.status}")
                continue
            frame = tab.evaluate("[document.documentElement.lang, document.documentElement.dir]")
            if frame != [language, direction]:
                problems.append(f"{path}: <html lang dir> is {frame}")
            html = BeautifulSoup(tab.content(), "html.parser")
            problems += [f"{path}: {found}" for found in german_found(html, language)]
            if language == "ar":
                for name, run in FOOTER_RUNS.items():
                    try:
                        assert_rendered_in_order(tab, "footer", run)
                    except AssertionError as error:
                        problems.append(f"{path}: {name}: {error}")
            if width == 1280 and (violations := axe_violations(tab)):
                problems.append(f"{path}: axe:\n{describe(violations)}")
    finally:
        context.close()
    assert problems == [], f"{len(problems)} problem(s):\n" + "\n".join(problems)
