"""The response cache: anonymous reads are served from it, every public change invalidates the
pages that show it (the page, its index, the home page), and nothing personal ever gets in."""

import pytest
from django.test import Client
from wagtail.models import Page

from projects.models import ProjectIndexPage, ProjectPage
from tests.builders import page_text

pytestmark = pytest.mark.django_db


def get(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200, (url, response.status_code)
    return response


def cache_state(response):
    return response.get("X-Cache")


@pytest.fixture
def index(module_demo_site):
    return ProjectIndexPage.objects.get(locale__language_code="de")


@pytest.fixture
def project(index):
    return ProjectPage.objects.child_of(index).get(slug="bildungswerkstatt")


def test_anonymous_page_is_served_from_cache(cache_backend, module_demo_site, client):
    first = get(client, "/")
    second = get(client, "/")

    assert cache_state(first) == "MISS"
    assert cache_state(second) == "HIT"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


def test_query_string_is_part_of_the_key(cache_backend, module_demo_site, client):
    get(client, "/projekte/")
    filtered = get(client, "/projekte/?status=ongoing")

    assert cache_state(filtered) == "MISS"
    assert cache_state(get(client, "/projekte/?status=ongoing")) == "HIT"


def test_publishing_invalidates_page_index_and_home(cache_backend, index, project, client):
    for url in ("/", "/projekte/", project.url):
        get(client, url)
        assert cache_state(get(client, url)) == "HIT"

    project.title = "Bildungswerkstatt Malstatt neu"
    project.save_revision().publish()

    for url in ("/projekte/", project.url):
        response = get(client, url)
        assert cache_state(response) == "MISS", url
        assert "Bildungswerkstatt Malstatt neu" in page_text(response), url
    assert cache_state(get(client, "/")) == "MISS"


def test_new_page_appears_on_cached_index(cache_backend, index, client):
    get(client, "/projekte/")

    new = ProjectPage(title="Sprachcafé Burbach", slug="sprachcafe", summary="Kurz.", live=False)
    index.add_child(instance=new)
    new.save_revision().publish()

    assert "Sprachcafé Burbach" in page_text(get(client, "/projekte/"))


def test_unpublishing_invalidates(cache_backend, index, project, client):
    url = project.url
    get(client, url)
    assert "Bildungswerkstatt" in page_text(get(client, "/projekte/"))

    project.unpublish()

    assert client.get(url).status_code == 404
    assert "/projekte/bildungswerkstatt/" not in page_text(get(client, "/projekte/"))


def test_moving_invalidates(cache_backend, module_demo_site, client):
    about = Page.objects.get(slug="ueber-das-zib", locale__language_code="de")
    contact = Page.objects.get(slug="kontakt", locale__language_code="de")
    get(client, contact.url)
    get(client, "/")
    assert cache_state(get(client, contact.url)) == "HIT"

    contact.move(about, pos="last-child")

    old = client.get("/kontakt/")  # Wagtail redirects the old URL; never the cached page
    assert old.status_code == 301 and cache_state(old) is None
    assert get(client, "/ueber-das-zib/kontakt/").status_code == 200
    assert cache_state(get(client, "/")) == "MISS"


def test_deleting_invalidates(cache_backend, index, project, client):
    url = project.url
    get(client, url)
    get(client, "/projekte/")

    project.delete()

    assert client.get(url).status_code == 404
    assert "/projekte/bildungswerkstatt/" not in page_text(get(client, "/projekte/"))


def test_saving_a_draft_keeps_the_cache(cache_backend, project, client):
    get(client, project.url)
    project.title = "Entwurf, noch nicht öffentlich"
    project.save_revision()

    response = get(client, project.url)
    assert cache_state(response) == "HIT"
    assert "Entwurf, noch nicht öffentlich" not in page_text(response)


def test_office_settings_change_invalidates_the_footer(cache_backend, module_demo_site, client):
    from zib_wagtail.core.models import OfficeSettings

    get(client, "/")
    office = OfficeSettings.for_site(module_demo_site.get_site())
    office.phone = "+49 681 905-9999"
    office.save()

    assert "905-9999" in page_text(get(client, "/"))


def test_logged_in_editor_never_gets_or_fills_the_cache(cache_backend, project, editor):
    anonymous = Client()
    get(anonymous, project.url)  # cached for anonymous visitors
    staff = Client()
    staff.force_login(editor)

    response = get(staff, project.url)
    assert cache_state(response) is None  # not from the cache, not stored

    get(staff, "/zuschuesse/")
    assert cache_state(get(anonymous, "/zuschuesse/")) == "MISS"  # the editor's view not stored


def test_preview_is_never_cached(cache_backend, project, editor, client):
    editor.is_superuser = True
    editor.save()
    staff = Client()
    staff.force_login(editor)
    project.title = "Vorschau-Titel"
    project.save_revision()
    preview = staff.get(f"/admin/pages/{project.pk}/edit/preview/")
    assert preview.status_code in (200, 302, 400)

    response = get(client, project.url)
    assert "Vorschau-Titel" not in page_text(response)
    assert cache_state(response) == "MISS"


def test_form_with_csrf_token_is_never_cached(cache_backend, module_demo_site):
    first, second = Client(), Client()
    one = get(first, "/zuschuesse/antrag/")
    two = get(second, "/zuschuesse/antrag/")

    assert cache_state(one) is None and cache_state(two) is None
    token_one = one.cookies["csrftoken"].value
    token_two = two.cookies["csrftoken"].value
    assert token_one != token_two
    assert token_one not in page_text(two)


def test_post_is_never_cached(cache_backend, module_demo_site, client):
    response = client.post("/suche/", {"q": "Zuschüsse"})
    assert cache_state(response) is None


def test_languages_have_separate_entries(cache_backend, module_demo_site, client):
    german = get(client, "/")
    english = get(client, "/en/")

    assert cache_state(english) == "MISS"
    assert 'lang="de"' in german.content.decode()
    assert 'lang="en"' in english.content.decode()
    # A visitor whose browser prefers English still gets the German page at / (and from cache).
    client.cookies["django_language"] = "en"
    again = get(client, "/", HTTP_ACCEPT_LANGUAGE="en")
    assert cache_state(again) == "HIT"
    assert 'lang="de"' in again.content.decode()


def test_session_cookie_bypasses_the_cache(cache_backend, module_demo_site, client):
    get(client, "/")
    client.cookies["sessionid"] = "irgendeine-sitzung"

    assert cache_state(get(client, "/")) is None


def test_not_found_is_not_cached(cache_backend, module_demo_site, client):
    client.get("/gibt-es-nicht/")
    assert cache_state(client.get("/gibt-es-nicht/")) is None


def test_cache_can_be_switched_off(settings, module_demo_site, client):
    settings.ZIB_PAGE_CACHE = False
    get(client, "/")
    assert cache_state(get(client, "/")) is None


# --- The read API -----------------------------------------------------------------------------


def test_api_listing_is_cached_with_its_etag(cache_backend, module_demo_site, client):
    url = "/api/v1/pages/?type=projects.ProjectPage"
    first = get(client, url)
    second = get(client, url)

    assert cache_state(second) == "HIT"
    assert second["ETag"] == first["ETag"]
    assert second["Cache-Control"] == first["Cache-Control"]
    assert second.content == first.content

    not_modified = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert not_modified.status_code == 304


def test_api_detail_is_invalidated_on_publish(cache_backend, project, client):
    url = f"/api/v1/pages/{project.pk}/"
    before = get(client, url)
    assert cache_state(get(client, url)) == "HIT"

    project.title = "Bildungswerkstatt (API)"
    project.save_revision().publish()

    after = get(client, url)
    assert cache_state(after) == "MISS"
    assert after["ETag"] != before["ETag"]
    assert after.json()["title"] == "Bildungswerkstatt (API)"


def test_api_v2_is_cached_and_invalidated(cache_backend, project, client):
    url = "/api/v2/pages/?type=projects.ProjectPage"
    get(client, url)
    assert cache_state(get(client, url)) == "HIT"

    project.unpublish()

    response = get(client, url)
    assert cache_state(response) == "MISS"
    assert project.pk not in [item["id"] for item in response.json()["items"]]


def test_api_with_token_is_never_cached(cache_backend, project, client):
    url = f"/api/v1/pages/{project.pk}/"
    get(client, url)
    response = client.get(url, HTTP_AUTHORIZATION="Bearer kein-gültiges-token")
    assert cache_state(response) is None
