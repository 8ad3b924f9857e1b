"""The applicant's status page in a real browser: axe finds no WCAG 2.0/2.1 A or AA violation
on the page with an open query (answer form), the printable copy and the withdrawal question,
in German and English; printing hides the site's chrome."""

import pytest

from .axe import axe_violations, describe

#: Makes an application in `language` with an open query; prints a status link token.
MAKE_APPLICATION = """
from grants import status_links
from grants.workflow import change_status
from tests.grants.builders import make_application
application = make_application(status="in_review", language="{language}")
change_status(application, to_status="query", question="Bitte reichen Sie die Satzung nach.")
print(status_links.issue(application))
"""

FORM_PAGES = {"de": "/zuschuesse/antrag/", "en": "/en/grants/application/"}


@pytest.fixture(scope="module")
def status_urls(site_manage):
    """{language: URL of a status page in that language}."""
    urls = {}
    for language, form in FORM_PAGES.items():
        output = site_manage("shell", "-c", MAKE_APPLICATION.format(language=language)).stdout
        urls[language] = f"{form}status/{output.strip().splitlines()[-1]}/"
    return urls


@pytest.mark.parametrize(
    "part", ["", "kopie/", "zurueckziehen/"], ids=["status", "copy", "withdraw"]
)
@pytest.mark.parametrize("language", FORM_PAGES)
def test_status_pages_have_no_wcag_violations(page, status_urls, language, part):
    url = status_urls[language] + part
    response = page.goto(url)
    assert response.status == 200
    assert page.locator("html").get_attribute("lang") == language

    violations = axe_violations(page)

    assert violations == [], f"{url}:\n{describe(violations)}"


def test_the_answer_form_is_labelled_and_printing_shows_only_the_copy(page, status_urls):
    page.goto(status_urls["de"])
    assert page.get_by_label("Ihre Antwort").is_visible()
    assert page.get_by_label("Unterlagen nachreichen").is_visible()

    page.goto(status_urls["de"] + "kopie/")
    assert page.get_by_role("button", name="Drucken").is_visible()  # shown by the script
    page.emulate_media(media="print")
    assert not page.locator("footer").first.is_visible()
    assert not page.get_by_role("button", name="Drucken").is_visible()
    assert page.get_by_role("heading", name="Ihre Organisation").is_visible()
