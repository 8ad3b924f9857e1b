"""HTTP caching and compression of HTML (issue 18, item 2): public pages carry Cache-Control,
an ETag and a correct Vary and answer a revisit with 304, from the response cache as without
it; personal answers (forms with a CSRF token, logged-in users, previews, sessions, page types
marked `shared_cache = False`) are `private, no-store` and never compressed (BREACH)."""

import gzip

import brotli
import pytest
from django.test import Client
from django.utils.cache import cc_delim_re

from projects.models import ProjectPage
from tests.builders import page_text
from zib_wagtail.core.models import StandardPage

pytestmark = pytest.mark.django_db

PUBLIC = "public, max-age=60, s-maxage=300, stale-while-revalidate=600"


def vary(response):
    return {value.lower() for value in cc_delim_re.split(response.get("Vary", "")) if value}


def get(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, (url, response.status_code)
    return response


@pytest.fixture
def site(module_demo_site):
    return module_demo_site


@pytest.mark.parametrize("url", ["/", "/en/", "/projekte/", "/projekte/bildungswerkstatt/"])
def test_public_pages_may_be_kept_by_browsers_and_shared_caches(site, client, url):
    response = get(client, url)

    assert response["Cache-Control"] == PUBLIC
    assert response["ETag"].startswith('"') and len(response["ETag"]) == 34
    # The answer differs with a session cookie and with the content coding, not with the
    # Accept-Language header (the path holds the language).
    assert vary(response) == {"cookie", "accept-encoding"}
    assert "Last-Modified" not in response


def test_cache_control_is_configurable(site, client, settings):
    settings.ZIB_PAGE_CACHE_MAX_AGE = 0
    settings.ZIB_PAGE_CACHE_S_MAXAGE = 3600
    settings.ZIB_PAGE_CACHE_STALE_WHILE_REVALIDATE = 60

    response = get(client, "/")

    assert response["Cache-Control"] == (
        "public, max-age=0, s-maxage=3600, stale-while-revalidate=60"
    )


def test_a_revisit_with_the_etag_is_answered_304_without_the_response_cache(site, client):
    first = get(client, "/projekte/")

    again = client.get("/projekte/", HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]
    assert again.get("X-Cache") is None  # the response cache is off in these tests


def test_a_changed_page_gets_a_new_etag(site, client):
    first = get(client, "/projekte/bildungswerkstatt/")
    project = ProjectPage.objects.get(slug="bildungswerkstatt", locale__language_code="de")
    project.title = "Bildungswerkstatt Malstatt"
    project.save_revision().publish()

    again = client.get("/projekte/bildungswerkstatt/", HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]
    assert "Bildungswerkstatt Malstatt" in page_text(again)


def test_a_cached_hit_carries_the_etag_and_answers_304(cache_backend, site, client):
    first = get(client, "/projekte/")
    hit = get(client, "/projekte/")

    assert (first["X-Cache"], hit["X-Cache"]) == ("MISS", "HIT")
    assert hit["ETag"] == first["ETag"]
    assert hit["Cache-Control"] == PUBLIC
    assert vary(hit) == vary(first)
    assert hit["Content-Security-Policy"] == first["Content-Security-Policy"]

    not_modified = client.get("/projekte/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert not_modified.status_code == 304
    assert not_modified["X-Cache"] == "HIT"
    assert not_modified["ETag"] == first["ETag"]


@pytest.mark.parametrize(
    ("coding", "decompress"), [("br", brotli.decompress), ("gzip", gzip.decompress)]
)
def test_html_is_compressed_for_clients_that_accept_it(site, client, coding, decompress):
    plain = get(client, "/projekte/")
    compressed = get(client, "/projekte/", HTTP_ACCEPT_ENCODING=f"{coding}, identity")

    assert "Content-Encoding" not in plain
    assert compressed["Content-Encoding"] == coding
    assert len(compressed.content) < len(plain.content) / 3
    assert decompress(compressed.content) == plain.content
    # Each representation its own strong ETag, and the 304 for it.
    assert compressed["ETag"] != plain["ETag"]
    revisit = client.get(
        "/projekte/", HTTP_ACCEPT_ENCODING=coding, HTTP_IF_NONE_MATCH=compressed["ETag"]
    )
    assert revisit.status_code == 304


def test_the_cache_keeps_each_coding_apart(cache_backend, site, client):
    get(client, "/", HTTP_ACCEPT_ENCODING="br")
    gzipped = get(client, "/", HTTP_ACCEPT_ENCODING="gzip")
    br_hit = get(client, "/", HTTP_ACCEPT_ENCODING="gzip, br")
    plain = get(client, "/")

    assert (gzipped["X-Cache"], gzipped["Content-Encoding"]) == ("MISS", "gzip")
    assert (br_hit["X-Cache"], br_hit["Content-Encoding"]) == ("HIT", "br")
    assert plain["X-Cache"] == "MISS" and "Content-Encoding" not in plain
    assert gzip.decompress(gzipped.content) == brotli.decompress(br_hit.content) == plain.content


def test_the_api_is_compressed_and_keeps_its_own_caching_headers(site, client):
    response = get(client, "/api/v1/pages/?type=projects.ProjectPage", HTTP_ACCEPT_ENCODING="br")

    assert response["Content-Encoding"] == "br"
    assert brotli.decompress(response.content).startswith(b"{")
    assert response["Cache-Control"].startswith("public, max-age=")
    assert "accept-encoding" in vary(response)


# --- Personal answers ---------------------------------------------------------------------------


def assert_personal(response):
    assert response["Cache-Control"] == "private, no-store"
    assert "ETag" not in response
    assert "Content-Encoding" not in response  # BREACH: secrets are never compressed
    assert response.get("X-Cache") is None


def test_the_grant_form_with_its_csrf_token_is_personal(cache_backend, site):
    browser = Client()
    first = get(browser, "/zuschuesse/antrag/", HTTP_ACCEPT_ENCODING="gzip, br")
    other = get(Client(), "/zuschuesse/antrag/", HTTP_ACCEPT_ENCODING="gzip, br")

    assert_personal(first)
    assert 'name="csrfmiddlewaretoken"' in first.content.decode()
    assert first.cookies["csrftoken"].value != other.cookies["csrftoken"].value


def test_every_route_of_the_grant_form_page_is_personal(cache_backend, site, client):
    """The page type says so (`shared_cache = False`), whatever its route shows."""
    from grants.models import GrantApplicationPage

    assert GrantApplicationPage.shared_cache is False
    response = client.get("/zuschuesse/antrag/bestaetigung/")  # no submission: back to the form
    assert response.status_code == 302
    assert response["Cache-Control"] == "private, no-store"


def test_a_page_type_marked_personal_is_never_shared(cache_backend, site, client, monkeypatch):
    monkeypatch.setattr(StandardPage, "shared_cache", False)

    first = get(client, "/ueber-das-zib/", HTTP_ACCEPT_ENCODING="br")
    second = get(client, "/ueber-das-zib/", HTTP_ACCEPT_ENCODING="br")

    assert_personal(first)
    assert_personal(second)  # not stored, so never a HIT


def test_logged_in_editors_get_personal_answers(cache_backend, site, editor):
    staff = Client()
    staff.force_login(editor)

    assert_personal(get(staff, "/projekte/", HTTP_ACCEPT_ENCODING="br"))


def test_a_session_cookie_makes_the_answer_personal(site, client):
    client.cookies["sessionid"] = "irgendeine-sitzung"

    assert_personal(get(client, "/", HTTP_ACCEPT_ENCODING="br"))


def test_a_preview_is_personal(site, editor):
    editor.is_superuser = True
    editor.save()
    staff = Client()
    staff.force_login(editor)
    project = ProjectPage.objects.get(slug="bildungswerkstatt", locale__language_code="de")

    response = staff.get(f"/admin/pages/{project.pk}/view_draft/", HTTP_ACCEPT_ENCODING="br")

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "public" not in response["Cache-Control"]
    assert "Content-Encoding" not in response


def test_a_post_answer_is_personal(site, client):
    response = client.post("/zuschuesse/antrag/", {}, HTTP_ACCEPT_ENCODING="br")

    assert "no-store" in response["Cache-Control"]
    assert "Content-Encoding" not in response


def test_not_found_is_not_public(site, client):
    response = client.get("/gibt-es-nicht/")

    assert response.status_code == 404
    assert "public" not in response.get("Cache-Control", "")
    assert "ETag" not in response
