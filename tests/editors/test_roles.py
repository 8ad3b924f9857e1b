"""Each role's day in the admin: what it may do, and what the admin refuses (HTTP, German)."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import Page

from tests import builders

from .conftest import FREIGABE, REDAKTION, SACHBEARBEITUNG, UEBERSETZUNG, project_form_data

pytestmark = pytest.mark.django_db

ROLES = [REDAKTION, FREIGABE, SACHBEARBEITUNG, UEBERSETZUNG]


def allowed(response):
    return response.status_code == 200


def refused(response):
    """Wagtail answers a refused admin view with 403 or a redirect to the dashboard."""
    if response.status_code == 403:
        return True
    return response.status_code == 302 and response.url in {reverse("wagtailadmin_home"), "/"}


@pytest.fixture
def site(project_index):
    partner = builders.make_partner("Diakonisches Werk an der Saar")
    project = builders.make_project(project_index, "Bildungswerkstatt", partners=[partner])
    return {"index": project_index, "project": project, "partner": partner}


# --- The groups as defined ----------------------------------------------------------------------


def codenames(group):
    return set(group.permissions.values_list("codename", flat=True))


def page_codenames(group):
    return set(group.page_permissions.values_list("permission__codename", flat=True))


def collection_codenames(group):
    return set(group.collection_permissions.values_list("permission__codename", flat=True))


SNIPPET_EDIT = {
    "add_partner",
    "change_partner",
    "add_topic",
    "change_topic",
    "add_district",
    "change_district",
}
PROMOTIONS = {"add_searchpromotion", "change_searchpromotion", "delete_searchpromotion"}


def test_the_four_roles_exist_with_exactly_their_permissions(db):
    redaktion = Group.objects.get(name=REDAKTION)
    assert codenames(redaktion) == {
        "access_admin",
        *SNIPPET_EDIT,
        "change_officesettings",
        *PROMOTIONS,
    }
    assert page_codenames(redaktion) == {"add_page", "change_page", "lock_page"}
    assert collection_codenames(redaktion) == {
        f"{action}_{model}"
        for action in ("add", "change", "choose")
        for model in ("image", "document")
    }

    freigabe = Group.objects.get(name=FREIGABE)
    assert codenames(freigabe) == codenames(redaktion) | {
        "delete_partner",
        "delete_topic",
        "delete_district",
    }
    assert page_codenames(freigabe) == page_codenames(redaktion) | {"publish_page", "unlock_page"}
    # Wagtail has no delete permission of its own for images and documents: change includes it.
    assert collection_codenames(freigabe) == collection_codenames(redaktion)

    clerks = Group.objects.get(name=SACHBEARBEITUNG)
    assert codenames(clerks) == {
        "access_admin",
        "view_grantapplication",
        "change_grantapplication",
        "view_fundinground",
        "add_fundinground",
        "change_fundinground",
    }
    assert page_codenames(clerks) == set()
    assert collection_codenames(clerks) == set()

    translators = Group.objects.get(name=UEBERSETZUNG)
    assert codenames(translators) == {
        "access_admin",
        "submit_translation",
        "change_partner",
        "change_topic",
        "change_district",
    }
    assert page_codenames(translators) == {"change_page"}
    assert collection_codenames(translators) == set()


def test_page_permissions_apply_to_every_language_tree(db):
    root = Page.get_first_root_node()
    for name in (REDAKTION, FREIGABE, UEBERSETZUNG):
        group = Group.objects.get(name=name)
        assert set(group.page_permissions.values_list("page_id", flat=True)) == {root.pk}


def test_only_superusers_manage_users_and_webhooks(client, django_user_model):
    from .conftest import make_role_user

    for number, name in enumerate(ROLES):
        user = make_role_user(django_user_model, f"rolle{number}", name)
        client.force_login(user)
        assert refused(client.get(reverse("wagtailusers_users:index"))), name
        assert refused(client.get(reverse("wagtailusers_groups:index"))), name
        assert refused(client.get(reverse("wagtailsites:index"))), name


# --- Redaktion ----------------------------------------------------------------------------------


def test_redaktion_creates_and_edits_pages_but_cannot_publish(client, redakteurin, site):
    client.force_login(redakteurin)
    index = site["index"]
    add_url = reverse("wagtailadmin_pages:add", args=["projects", "projectpage", index.pk])
    assert allowed(client.get(add_url))
    response = client.post(add_url, project_form_data(action="action-publish"))
    assert response.status_code == 302
    page = index.get_children().get(slug="sprachcafe-malstatt").specific
    assert not page.live, "the publish button is not honoured without publish permission"
    assert page.get_latest_revision().user == redakteurin

    perms = site["project"].permissions_for_user(redakteurin)
    assert perms.can_edit() and not perms.can_publish() and not perms.can_unpublish()
    assert allowed(client.get(reverse("wagtailadmin_pages:edit", args=[site["project"].pk])))
    assert refused(client.post(reverse("wagtailadmin_pages:unpublish", args=[site["project"].pk])))
    site["project"].refresh_from_db()
    assert site["project"].live


def test_redaktion_uploads_and_edits_images_and_documents(client, redakteurin):
    image = builders.make_image()
    document = builders.make_document()
    client.force_login(redakteurin)
    assert allowed(client.get(reverse("wagtailimages:add")))
    assert allowed(client.get(reverse("wagtailimages:edit", args=[image.pk])))
    assert allowed(client.get(reverse("wagtaildocs:add")))
    assert allowed(client.get(reverse("wagtaildocs:edit", args=[document.pk])))
    assert allowed(client.get(reverse("wagtailimages_chooser:choose")))


def test_redaktion_maintains_snippets_contact_data_and_promotions(client, redakteurin, site):
    client.force_login(redakteurin)
    partner = site["partner"]
    assert allowed(client.get(reverse("wagtailsnippets_zib_core_partner:add")))
    assert allowed(client.get(reverse("wagtailsnippets_zib_core_partner:edit", args=[partner.pk])))
    assert allowed(client.get(reverse("wagtailsnippets_zib_core_topic:add")))
    assert allowed(client.get(reverse("wagtailsnippets_zib_core_district:add")))
    assert refused(
        client.get(reverse("wagtailsnippets_zib_core_partner:delete", args=[partner.pk]))
    )
    site_pk = site["index"].get_site().pk
    response = client.get(
        reverse("wagtailsettings:edit", args=["zib_core", "officesettings", site_pk])
    )
    assert allowed(response)
    assert allowed(client.get(reverse("wagtailsearchpromotions:add")))


def test_redaktion_sees_no_grant_applications(client, redakteurin):
    client.force_login(redakteurin)
    assert refused(client.get(reverse("grants_applications:index")))
    assert refused(client.get(reverse("grants_rounds:index")))
    menu = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "grants_applications" not in menu


# --- Freigabe -----------------------------------------------------------------------------------


def test_freigabe_publishes_unpublishes_and_deletes_snippets(client, freigeber, site):
    client.force_login(freigeber)
    index = site["index"]
    add_url = reverse("wagtailadmin_pages:add", args=["projects", "projectpage", index.pk])
    response = client.post(add_url, project_form_data(action="action-publish"))
    assert response.status_code == 302
    page = index.get_children().get(slug="sprachcafe-malstatt")
    assert page.live

    project = site["project"]
    assert allowed(client.get(reverse("wagtailadmin_pages:unpublish", args=[project.pk])))
    assert allowed(
        client.get(reverse("wagtailsnippets_zib_core_partner:delete", args=[site["partner"].pk]))
    )
    assert refused(client.get(reverse("grants_applications:index")))


# --- Zuschüsse-Sachbearbeitung ------------------------------------------------------------------


def test_sachbearbeitung_works_on_applications_only(client, sachbearbeiter, site):
    client.force_login(sachbearbeiter)
    assert allowed(client.get(reverse("grants_applications:index")))
    assert allowed(client.get(reverse("grants_rounds:index")))
    assert refused(client.get(reverse("wagtailadmin_pages:edit", args=[site["project"].pk])))
    assert refused(client.get(reverse("wagtailadmin_explore", args=[site["index"].pk])))
    assert refused(client.get(reverse("wagtailimages:index")))
    assert refused(client.get(reverse("wagtaildocs:index")))
    assert refused(client.get(reverse("wagtailsnippets_zib_core_partner:list")))


# --- Übersetzung --------------------------------------------------------------------------------


def test_uebersetzung_translates_but_neither_creates_nor_publishes(client, uebersetzerin, site):
    client.force_login(uebersetzerin)
    project = site["project"]
    assert allowed(
        client.get(reverse("wagtail_localize:submit_page_translation", args=[project.pk]))
    )
    assert allowed(client.get(reverse("wagtailadmin_pages:edit", args=[project.pk])))
    perms = project.permissions_for_user(uebersetzerin)
    assert not perms.can_publish() and not perms.can_add_subpage() and not perms.can_delete()
    add_url = reverse("wagtailadmin_pages:add", args=["projects", "projectpage", site["index"].pk])
    assert refused(client.get(add_url))
    assert refused(client.get(reverse("wagtailimages:add")))
    assert refused(client.get(reverse("wagtailsnippets_zib_core_partner:add")))
    assert allowed(
        client.get(reverse("wagtailsnippets_zib_core_partner:edit", args=[site["partner"].pk]))
    )
    assert refused(client.get(reverse("grants_applications:index")))


def test_other_roles_cannot_submit_translations(client, redakteurin, sachbearbeiter, site):
    url = reverse("wagtail_localize:submit_page_translation", args=[site["project"].pk])
    for user in (redakteurin, sachbearbeiter):
        client.force_login(user)
        assert refused(client.get(url))
