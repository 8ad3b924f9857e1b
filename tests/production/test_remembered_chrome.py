"""The remembered lookups of the site chrome are never stale: every publish, unpublish, move,
settings change or privacy change shows on the very next request — with the response cache
switched off, so that what is tested is the lookups (zib_wagtail.core.published), on local
memory and on Redis."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Page, PageViewRestriction

from tests.builders import page_text, soup
from zib_wagtail.core.models import OfficeSettings, OfficeSettingsTranslation, StandardPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def remembered_only(cache_backend, settings, module_demo_site):
    """The shared cache on (locmem or Redis), the response cache off."""
    settings.ZIB_PAGE_CACHE = False
    return module_demo_site


def menu(client, url="/"):
    response = client.get(url)
    assert response.status_code == 200
    nav = soup(response).select_one("nav.main-nav")
    return [link.get_text(strip=True) for link in nav.select("a")] if nav else []


def footer(client, url="/"):
    response = client.get(url)
    assert response.status_code == 200
    return soup(response).select_one("footer").get_text(" ", strip=True)


def test_a_published_page_joins_the_menu_at_once(remembered_only, client):
    before = menu(client)
    assert menu(client) == before  # remembered
    page = StandardPage(title="Sprechstunde", slug="sprechstunde", show_in_menus=True)
    remembered_only.add_child(instance=page)
    page.save_revision().publish()

    assert menu(client) == [*before, "Sprechstunde"]
    assert client.get("/sprechstunde/").status_code == 200


def test_a_renamed_menu_page_shows_its_new_title(remembered_only, client):
    about = StandardPage.objects.get(slug="ueber-das-zib", locale__language_code="de")
    assert "Über das ZIB" in menu(client)

    about.title = "Wer wir sind"
    about.save_revision().publish()

    assert "Wer wir sind" in menu(client) and "Über das ZIB" not in menu(client)
    assert "Wer wir sind" in page_text(client.get("/ueber-das-zib/"))


def test_an_unpublished_page_leaves_menu_and_route(remembered_only, client):
    about = StandardPage.objects.get(slug="ueber-das-zib", locale__language_code="de")
    assert client.get("/ueber-das-zib/").status_code == 200
    assert "Über das ZIB" in menu(client)

    about.unpublish()

    assert "Über das ZIB" not in menu(client)
    assert client.get("/ueber-das-zib/").status_code == 404


def test_a_new_slug_moves_the_route(remembered_only, client):
    about = StandardPage.objects.get(slug="ueber-das-zib", locale__language_code="de")
    assert client.get("/ueber-das-zib/").status_code == 200

    about.slug = "wir"
    about.save_revision().publish()

    assert client.get("/wir/").status_code == 200
    assert client.get("/ueber-das-zib/").status_code != 200


def test_a_moved_page_is_served_at_its_new_address(remembered_only, client):
    about = Page.objects.get(slug="ueber-das-zib", locale__language_code="de")
    contact = Page.objects.get(slug="kontakt", locale__language_code="de")
    assert client.get("/kontakt/").status_code == 200

    contact.move(about, pos="last-child")

    assert client.get("/ueber-das-zib/kontakt/").status_code == 200
    assert client.get("/kontakt/").status_code != 200


def test_a_page_made_private_is_no_longer_served_or_linked(remembered_only, client):
    about = Page.objects.get(slug="ueber-das-zib", locale__language_code="de")
    assert client.get("/ueber-das-zib/").status_code == 200
    assert "Über das ZIB" in menu(client)

    restriction = PageViewRestriction.objects.create(
        page=about, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([Group.objects.get(name="Editors")])

    response = client.get("/ueber-das-zib/")
    assert response.status_code == 302 and "login" in response["Location"]
    assert "Über das ZIB" not in menu(client)


def test_office_settings_reach_the_footer_at_once(remembered_only, client):
    office = OfficeSettings.for_site(remembered_only.get_site())
    assert "0681 905-9999" not in footer(client)

    office.phone = "0681 905-9999"
    office.save()

    assert "0681 905-9999" in footer(client)
    assert "0681 905-9999" in footer(client, "/projekte/")


def test_a_translation_of_the_office_data_reaches_the_footer_at_once(remembered_only, client):
    office = OfficeSettings.for_site(remembered_only.get_site())
    translation = OfficeSettingsTranslation.objects.get(office=office, language="en")
    assert "Immigration Desk" not in footer(client, "/en/")

    translation.name = "Immigration Desk"
    translation.save()

    assert "Immigration Desk" in footer(client, "/en/")


def test_a_new_footer_page_is_linked_at_once(remembered_only, client):
    office = OfficeSettings.for_site(remembered_only.get_site())
    page = StandardPage(title="Leitbild", slug="leitbild")
    remembered_only.add_child(instance=page)
    assert "Leitbild" not in footer(client)

    office.accessibility_page = page
    office.save()

    assert "Leitbild" in footer(client)
