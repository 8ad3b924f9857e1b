"""Othercity runs the zib-wagtail apps under its own home page and its own base.html."""

import html

import pytest
from bs4 import BeautifulSoup
from cityhome.models import HomePage
from conftest import OFFICE_EMAIL, valid_application
from django.core import mail
from django.utils import translation

from grants.forms import GrantApplicationForm
from grants.models import GrantApplication, GrantsPage
from projects.models import ProjectIndexPage
from zib_wagtail.core.models import StandardPage

pytestmark = pytest.mark.django_db

#: Markup only Othercity's base.html has, and the site chrome of the ZIB's that must not appear.
OWN_MARKUP = ("data-othercity-shell", "othersite/othercity.css", "Othercity – Rathausplatz 1")
ZIB_CHROME = ("site-header", "site-footer", "skip-link")


def text(response):
    return html.unescape(response.content.decode())


def assert_own_base(response):
    assert response.status_code == 200
    body = text(response)
    for marker in OWN_MARKUP:
        assert marker in body
    for marker in ZIB_CHROME:
        assert marker not in body


def new_home_page(tree):
    """A second home page of Othercity's, with nothing below it yet."""
    return tree.home.get_parent().add_child(instance=HomePage(title="Neu", slug="neu"))


def test_the_page_types_go_below_the_sites_own_home_page(tree):
    assert set(HomePage.allowed_subpage_models()) == {StandardPage, ProjectIndexPage, GrantsPage}
    fresh = new_home_page(tree)
    for model in (ProjectIndexPage, GrantsPage):
        assert model.allowed_parent_page_models() == [HomePage]
        assert model.can_create_at(fresh)
        assert not model.can_create_at(tree.home)  # one per home page
    # Our home.HomePage is not installed, so it is left out of the default parents.
    assert StandardPage.allowed_parent_page_models() == [HomePage, StandardPage]


def test_every_page_type_renders_in_the_sites_own_base_template(client, tree):
    pages = [tree.home, tree.standard, tree.index, tree.project, tree.grants, tree.form]
    for page in pages:
        response = client.get(page.url)
        assert_own_base(response)
        assert page.title in text(response)
    # The grants pages put their stylesheet into extra_css, the form its script into extra_js.
    assert "grants/css/grants.css" in text(client.get(tree.grants.url))
    form = text(client.get(tree.form.url))
    assert "grants/css/grants.css" in form
    assert "grants/js/grants.js" in form
    assert 'name="organisation_name"' in form
    assert "Zuschüsse 2026" in text(client.get(tree.grants.url))


def test_search_finds_the_project_and_asks_robots_not_to_index(client, tree):
    response = client.get("/suche/", {"q": "Nachbarschaftsgarten"})
    assert_own_base(response)
    assert '<meta name="robots" content="noindex, follow">' in text(response)
    assert response["X-Robots-Tag"] == "noindex, follow"
    assert result_links(response) == [("Nachbarschaftsgarten Weststadt", tree.project.url)]
    assert result_links(client.get("/suche/", {"q": "Quantenchromodynamik"})) == []


def result_links(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [(link.get_text(), link["href"]) for link in soup.select(".search-result__title a")]


def test_an_application_through_the_html_form(client, tree, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(tree.form.url, valid_application(), follow=True)
    assert response.redirect_chain[-1][1] == 302
    assert response.redirect_chain[-1][0].endswith("/bestaetigung/")
    assert_own_base(response)
    assert "OC-2026-0001" in text(response)

    application = GrantApplication.objects.get()
    assert application.reference == "OC-2026-0001"
    assert application.funding_round == tree.round
    assert application.organisation_name == "Kulturverein Weststadt e. V."
    attachment = application.attachments.get()
    assert attachment.original_name == "kostenplan.pdf"
    assert attachment.file.read().startswith(b"%PDF-1.4")
    recipients = {address for message in mail.outbox for address in message.to}
    assert {OFFICE_EMAIL, "mira.kovac@example.org"} <= recipients


def test_an_application_through_the_api(client, tree, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/v1/grant-applications/", valid_application())
    assert response.status_code == 201, response.content
    assert response.json()["reference"] == "OC-2026-0001"
    assert GrantApplication.objects.get().reference == "OC-2026-0001"

    refused = client.post("/api/v1/grant-applications/", valid_application(iban="DE00 1"))
    assert refused.status_code == 422
    assert {error["field"] for error in refused.json()["errors"]} == {"iban"}
    assert GrantApplication.objects.count() == 1


def test_the_content_api_and_the_changes_feed(client, tree):
    pages = client.get("/api/v1/pages/")
    assert pages.status_code == 200, pages.content
    titles = {item["title"] for item in pages.json()["items"]}
    assert {"Othercity", "Nachbarschaftsgarten Weststadt", "Zuschüsse", "Antrag stellen"} <= titles

    changes = client.get("/api/v1/changes/", {"since": "0"})
    assert changes.status_code == 200, changes.content
    published = {
        item["id"] for item in changes.json()["items"] if item["event"] == "page.published"
    }
    assert {tree.standard.pk, tree.project.pk} <= published

    v2 = client.get("/api/v2/pages/", {"search": "Nachbarschaftsgarten"})
    assert v2.status_code == 200, v2.content
    assert [item["id"] for item in v2.json()["items"]] == [tree.project.pk]


def test_the_admin_edits_every_page_type(client, tree, django_user_model):
    admin = django_user_model.objects.create_superuser("admin", "admin@example.org", "pw")
    client.force_login(admin)
    for page in (tree.home, tree.standard, tree.index, tree.project, tree.grants, tree.form):
        response = client.get(f"/admin/pages/{page.pk}/edit/")
        assert response.status_code == 200, page
    choices = text(client.get(f"/admin/pages/{new_home_page(tree).pk}/add_subpage/"))
    for model in (StandardPage, ProjectIndexPage, GrantsPage):
        assert f"/admin/pages/add/{model._meta.app_label}/{model._meta.model_name}/" in choices


def test_the_interface_speaks_english_from_the_compiled_catalogues(client, tree):
    response = client.get("/en/suche/", {"q": "Garten"})
    assert response.status_code == 200
    assert response["Content-Language"] == "en"
    assert "<title>Search for “Garten”" in text(response)
    label = GrantApplicationForm.base_fields["organisation_name"].label
    with translation.override("en"):
        assert str(GrantsPage._meta.verbose_name) == "Grants (overview)"
        assert str(label) == "Name of the organisation"
    with translation.override("de"):
        assert str(label) == "Name der Organisation"
