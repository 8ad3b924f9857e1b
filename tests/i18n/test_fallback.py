"""One fallback rule for the HTML: a page shown in a language it is not translated into says so
in the visitor's language and marks its content with its own language; in a language whose tree
exists, an untranslated page is missing there (404), and links to it are marked German."""

import pytest
from django.utils.text import slugify

from tests.builders import soup
from zib_wagtail.core.models import StandardPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def german_only(home_page):
    """A site whose pages exist in German only (no tree in any other language)."""
    page = StandardPage(title="Über das ZIB", slug=slugify("ueber das zib"), show_in_menus=True)
    home_page.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_a_language_without_pages_falls_back_visibly(client, german_only):
    page = soup(client.get("/tr/"))
    assert page.html["lang"] == "tr"
    notice = page.select_one("main .fallback-notice")
    assert notice is not None
    assert "Bu sayfa" in notice.get_text()  # the notice is Turkish
    content = page.select_one("main .main-content")
    assert (content["lang"], content["dir"]) == ("de", "ltr")


def test_fallback_breadcrumbs_and_content_are_marked_german(client, german_only):
    page = soup(client.get("/ar/ueber-das-zib/"))
    assert page.html["dir"] == "rtl"
    content = page.select_one("main .main-content")
    assert (content.get("lang"), content.get("dir")) == ("de", "ltr")
    assert page.select_one("main .fallback-notice")
    current = page.select_one('.breadcrumbs a[aria-current="page"]')
    assert current["lang"] == "de"


def test_translated_pages_carry_no_fallback(client, module_demo_site):
    for url in ("/", "/en/", "/ar/", "/tr/", "/uk/", "/ru/"):
        page = soup(client.get(url))
        assert page.select_one(".fallback-notice") is None, url
        assert "lang" not in page.select_one("main .main-content").attrs, url


def test_an_untranslated_page_is_missing_in_a_translated_tree(client, module_demo_site):
    german = StandardPage(title="Nur auf Deutsch", slug="nur-auf-deutsch", show_in_menus=True)
    module_demo_site.add_child(instance=german)
    german.save_revision().publish()
    response = client.get("/ar/nur-auf-deutsch/")
    assert response.status_code == 404
    links = soup(response).select("main li a")
    marked = [link for link in links if link.get_text(strip=True) == "Nur auf Deutsch"]
    assert marked and marked[0]["lang"] == "de" and marked[0]["dir"] == "ltr"
