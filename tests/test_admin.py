"""The Wagtail admin: editors log in and edit every page type; settings and snippets open."""

import pytest
from django.urls import reverse
from wagtail.models import Page, Site, get_page_models

from tests.builders import EDITOR_PASSWORD
from zib_wagtail.core.models import OfficeSettings

pytestmark = pytest.mark.django_db

# Every page type of the apps whose demo content the `module_demo_site` fixture loads.
PAGE_TYPES = [
    model
    for model in get_page_models()
    if model._meta.app_label in {"home", "zib_core", "projects"}
]


def log_in(client, username, password):
    """Log in through the admin's login form, as a person would."""
    form = client.get("/admin/login/")
    assert form.status_code == 200
    assert 'name="password"' in form.content.decode()
    return client.post(
        "/admin/login/", {"username": username, "password": password, "next": "/admin/"}
    )


def test_editor_is_a_plain_member_of_the_editors_group(editor):
    assert not editor.is_superuser
    assert not editor.is_staff
    assert list(editor.groups.values_list("name", flat=True)) == ["Editors"]
    assert editor.has_perm("wagtailadmin.access_admin")


def test_editor_logs_in_through_the_login_form(client, editor):
    response = log_in(client, editor.username, EDITOR_PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_wrong_password_is_refused(client, editor):
    response = log_in(client, editor.username, "falsch")

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


@pytest.mark.parametrize("page_type", PAGE_TYPES, ids=lambda model: model.__name__)
def test_editor_opens_the_edit_view_of_every_page_type(client, module_demo_site, editor, page_type):
    log_in(client, editor.username, EDITOR_PASSWORD)
    page = page_type.objects.first()
    assert page is not None, f"the demo content has no {page_type.__name__}"

    response = client.get(f"/admin/pages/{page.pk}/edit/")

    assert response.status_code == 200
    assert response.context["page"].pk == page.pk
    assert page.title in response.content.decode()


def test_anonymous_visitor_is_sent_to_the_login(client, module_demo_site):
    page = Page.objects.get(slug="kontakt")

    for url in ("/admin/", f"/admin/pages/{page.pk}/edit/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/admin/login/?next="), url


def test_office_settings_edit_view_opens_for_a_superuser(admin_client, module_demo_site):
    site = Site.objects.get(is_default_site=True)
    url = reverse("wagtailsettings:edit", args=["zib_core", "officesettings", site.pk])

    response = admin_client.get(url)

    assert response.status_code == 200
    content = response.content.decode()
    assert "Rathausplatz 1" in content
    assert "zib@saarbruecken.de" in content


@pytest.mark.parametrize(
    ("url_name", "expected"),
    [
        ("wagtailsnippets_zib_core_partner:list", "Gemeinwesenarbeit"),
        ("wagtailsnippets_zib_core_topic:list", "Integrationspolitik"),
        ("wagtailsnippets_zib_core_district:list", "Malstatt"),
    ],
)
def test_snippet_listings_open_for_a_superuser(admin_client, module_demo_site, url_name, expected):
    response = admin_client.get(reverse(url_name))

    assert response.status_code == 200
    assert expected in response.content.decode()


def test_office_settings_are_translated_in_the_admin_and_shown_per_language(
    admin_client, module_demo_site
):
    """A real POST of the settings form with one more translation (Turkish office hours); the
    Turkish page shows them in Turkish, the English page the German gap marked as German."""
    from tests.builders import form_post_data, soup

    site = Site.objects.get(is_default_site=True)
    url = reverse("wagtailsettings:edit", args=["zib_core", "officesettings", site.pk])
    form = admin_client.get(url).context["form"]
    data = form_post_data(form)
    turkish = next(
        child.prefix
        for child in form.formsets["translations"].forms
        if child["language"].value() == "tr"
    )
    data[f"{turkish}-opening_hours"] = "Pzt–Per 9–12"
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors

    office = OfficeSettings.for_site(site)
    assert office.translated("opening_hours", "tr") == ("Pzt–Per 9–12", "tr")
    assert office.translations.count() == 5  # nothing else lost or added

    turkish_home = soup(admin_client.get("/tr/"))
    hours = turkish_home.select_one("footer .office-contact dd:not(:has(a))")
    assert hours.get_text() == "Pzt–Per 9–12" and "lang" not in hours.attrs
    assert turkish_home.select_one(".site-brand__name").get_text() == "Göç ve Uyum Bürosu"
    english_home = soup(admin_client.get("/en/"))
    hours = english_home.select_one("footer .office-contact dd:not(:has(a))")
    assert hours["lang"] == "de"
    assert "lang" not in english_home.select_one(".site-brand__name").attrs
