"""Numbers, phone numbers, postcodes, e-mail addresses, references and dates are isolated from
the text around them, and dates follow the page language's formats (issue: bidi and formats)."""

import datetime

import pytest
from django.utils import translation
from wagtail.models import Locale

from projects.models import ProjectPage
from tests.builders import soup

pytestmark = pytest.mark.django_db


@pytest.fixture
def arabic_home(module_demo_site):
    return module_demo_site.get_translation(Locale.objects.get(language_code="ar"))


def test_contact_data_in_arabic_is_isolated_left_to_right(client, arabic_home):
    footer = soup(client.get(arabic_home.url)).find("footer")
    ltr = {bdi.get_text() for bdi in footer.select('bdi[dir="ltr"]')}
    assert {"0681 9051588", "66111 Saarbrücken", "Rathausplatz 1", "zib@saarbruecken.de"} <= ltr
    # German place names are marked as German for screen readers on the Arabic page.
    street = footer.find("bdi", string="Rathausplatz 1")
    assert street["lang"] == "de"


def test_contact_data_in_german_carries_no_foreign_language_marking(client, module_demo_site):
    footer = soup(client.get("/")).find("footer")
    street = footer.find("bdi", string="Rathausplatz 1")
    assert street["dir"] == "ltr"
    assert "lang" not in street.attrs


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("de", "01.03.2017–30.06.2019"),
        ("en", "03/01/2017–06/30/2019"),
        ("ru", "01.03.2017–30.06.2019"),
    ],
)
def test_project_periods_use_the_languages_short_date_format(language, expected):
    page = ProjectPage(start_date=datetime.date(2017, 3, 1), end_date=datetime.date(2019, 6, 30))
    with translation.override(language):
        assert page.period_label == expected
        assert str(page.period_html) == f'<bdi dir="ltr">{expected}</bdi>'


def test_year_periods_isolate_the_numbers_only():
    page = ProjectPage(start_year=2020)
    with translation.override("ar"):
        html = str(page.period_html)
    assert '<bdi dir="ltr">2020</bdi>' in html
    assert html.replace('<bdi dir="ltr">2020</bdi>', "").strip()  # the Arabic word stays outside


def test_grant_deadline_is_in_the_page_languages_format(client, module_demo_site):
    german = soup(client.get("/zuschuesse/")).select_one(".grants-round-box").get_text(" ")
    english = soup(client.get("/en/grants/")).select_one(".grants-round-box")
    assert "Uhr" in german
    text = " ".join(english.get_text().split())
    assert "Uhr" not in text
    assert "Application deadline:" in text
    assert "December" in text or "January" in text or "," in text  # English month names
    times = [bdi.get_text() for bdi in english.select('bdi[dir="ltr"]')]
    assert any(":" in value for value in times)


def test_the_round_title_is_in_the_page_language_or_marked_german(client, module_demo_site):
    """The demo round is translated: „Grants 2026“ on the English page, no German marking;
    a round without translation shows its German title marked lang="de"."""
    from grants.models import FundingRound

    funding_round = FundingRound.objects.get()
    box = soup(client.get("/en/grants/")).select_one(".grants-round-box")
    assert f"Grants {funding_round.year}" in box.get_text()
    assert box.select('[lang="de"]') == []
    arabic = soup(client.get("/ar/grants/")).select_one(".grants-round-box")
    assert f"المنح {funding_round.year}" in arabic.get_text()

    funding_round.translations.filter(language="en").delete()
    box = soup(client.get("/en/grants/")).select_one(".grants-round-box")
    [german] = box.select('span[lang="de"]')
    assert german.get_text() == funding_round.title
