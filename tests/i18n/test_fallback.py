"""One fallback rule for the HTML: a page shown in a language it is not translated into says so
in the visitor's language and marks its content with its own language."""

import pytest
from wagtail.models import Locale

from tests.builders import soup

pytestmark = pytest.mark.django_db


def test_a_missing_turkish_page_falls_back_visibly(client, module_demo_site):
    """Turkish has no pages of its own in the demo yet: /tr/ shows the German page, marked."""
    assert not module_demo_site.get_translation_or_none(Locale.objects.get(language_code="tr"))
    page = soup(client.get("/tr/"))
    assert page.html["lang"] == "tr"
    notice = page.select_one("main .fallback-notice")
    assert notice is not None
    assert "Bu sayfa" in notice.get_text()  # the notice is Turkish
    content = page.select_one("main .main-content")
    assert (content["lang"], content["dir"]) == ("de", "ltr")


def test_fallback_breadcrumbs_and_content_are_marked_german(client, module_demo_site):
    page = soup(client.get("/tr/ueber-das-zib/"))
    content = page.select_one("main .main-content")
    assert (content.get("lang"), content.get("dir")) == ("de", "ltr")
    assert page.select_one("main .fallback-notice")
    current = page.select_one('.breadcrumbs a[aria-current="page"]')
    assert current["lang"] == "de"


def test_translated_pages_carry_no_fallback(client, module_demo_site):
    for url in ("/", "/en/", "/ar/"):
        page = soup(client.get(url))
        assert page.select_one(".fallback-notice") is None, url
        assert "lang" not in page.select_one("main .main-content").attrs, url


def test_the_404_page_marks_german_menu_items_on_an_arabic_page(client, module_demo_site):
    response = client.get("/ar/gibt-es-nicht/")
    assert response.status_code == 404
    links = soup(response).select("main li a")
    german = [link for link in links if link.get_text(strip=True) == "Über das ZIB"]
    assert german and german[0]["lang"] == "de" and german[0]["dir"] == "ltr"
