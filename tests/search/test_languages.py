"""The search covers the current language only; further languages get /<code>/suche/."""

import pytest
from django.urls import clear_url_caches
from wagtail.models import Locale, Page

from tests.search.helpers import result_urls, search_html


@pytest.fixture
def english(demo_home, settings):
    """English enabled, with the home page and „Über das ZIB“ translated and published."""
    settings.LANGUAGES = settings.WAGTAIL_CONTENT_LANGUAGES = [
        ("de", "Deutsch"),
        ("en", "English"),
    ]
    clear_url_caches()
    # The locale comes from home's migration, the translations from the demo content.
    locale = Locale.objects.get(language_code="en")
    about = Page.objects.get(url_path="/home/ueber-das-zib/").specific.get_translation(locale)
    about.title = "About the office"
    about.intro = "The office develops strategies for migration and diversity since 2003."
    about.save_revision().publish()
    yield locale
    clear_url_caches()


def test_german_search_finds_german_pages_only(client, english):
    _response, html = search_html(client, "2003")
    assert "/ueber-das-zib/" in result_urls(html)
    assert not any(url.startswith("/en/") for url in result_urls(html))


def test_english_search_is_at_en_suche_and_finds_english_pages_only(client, english):
    response = client.get("/en/suche/", {"q": "2003"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'action="/en/suche/"' in html
    assert "/en/about-the-zib/" in result_urls(html)
    assert all(url.startswith("/en/") for url in result_urls(html))
    _response, html = search_html(client, "diversity")  # German search, English word
    assert result_urls(html) == []
