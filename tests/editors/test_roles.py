"""Each role's day in the admin: what it may do, and what the admin refuses (HTTP, German).

Deleting and moving are tried through the admin's own views (GET the confirmation, POST it) as
the role's user; the database then says whether the page, image or document is gone or moved.
"""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils.text import slugify
from wagtail.images import get_image_model
from wagtail.models import PAGE_PERMISSION_TYPES, Page

from tests import builders
from zib_wagtail.core.models import StandardPage

from .conftest import (
    BEGUTACHTUNG,
    FREIGABE,
    LEITUNG,
    REDAKTION,
    SACHBEARBEITUNG,
    UEBERSETZUNG,
    project_form_data,
)

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


@pytest.fixture
def tree(home_page):
    """Live content pages below the home page: „Über uns“ and „Kontakt“ (movable below „Über
    uns“), a section „Beirat“ with a live subpage, and a draft „Entwurf“ that was never online."""

    def standard_page(parent, title, live=True):
        page = StandardPage(title=title, slug=slugify(title), live=live)
        parent.add_child(instance=page)
        return page

    ueber_uns = standard_page(home_page, "Über uns")
    kontakt = standard_page(home_page, "Kontakt")
    beirat = standard_page(home_page, "Beirat")
    sitzungen = standard_page(beirat, "Sitzungen")
    entwurf = standard_page(home_page, "Entwurf", live=False)
    return {
        "home": home_page,
        "ueber_uns": ueber_uns,
        "kontakt": kontakt,
        "beirat": beirat,
        "sitzungen": sitzungen,
        "entwurf": entwurf,
    }


def delete_page(client, page):
    """GET the admin's delete confirmation, then POST it; returns both responses."""
    url = reverse("wagtailadmin_pages:delete", args=[page.pk])
    return client.get(url), client.post(url)


def move_page(client, page, destination):
    """GET the admin's „Verschieben“ view, then POST the confirmation of the destination."""
    choose = client.get(reverse("wagtailadmin_pages:move", args=[page.pk]))
    confirm = client.post(
        reverse("wagtailadmin_pages:move_confirm", args=[page.pk, destination.pk])
    )
    return choose, confirm


def exists(page):
    return Page.objects.filter(pk=page.pk).exists()


def parent_of(page):
    return Page.objects.get(pk=page.pk).get_parent().specific


def uploads_by(user):
    image = builders.make_image("Eigenes Bild")
    document = builders.make_document("Eigenes Dokument")
    for item in (image, document):
        item.uploaded_by_user = user
        item.save()
    return image, document


def delete_media(client, item):
    """GET and POST the delete view of an image or document."""
    name = "wagtailimages" if isinstance(item, get_image_model()) else "wagtaildocs"
    url = reverse(f"{name}:delete", args=[item.pk])
    return client.get(url), client.post(url)


def media_exists(item):
    return type(item).objects.filter(pk=item.pk).exists()


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
    # No „change“: Wagtail lets whoever may change an image or document delete it.
    assert collection_codenames(redaktion) == {
        f"{action}_{model}" for action in ("add", "choose") for model in ("image", "document")
    }

    freigabe = Group.objects.get(name=FREIGABE)
    assert codenames(freigabe) == codenames(redaktion) | {
        "delete_partner",
        "delete_topic",
        "delete_district",
    }
    assert page_codenames(freigabe) == page_codenames(redaktion) | {"publish_page", "unlock_page"}
    assert collection_codenames(freigabe) == collection_codenames(redaktion) | {
        "change_image",
        "change_document",
    }

    clerks = Group.objects.get(name=SACHBEARBEITUNG)
    assert codenames(clerks) == {
        "access_admin",
        "view_grantapplication",
        "change_grantapplication",
        "view_fundinground",
        "add_fundinground",
        "change_fundinground",
        "view_decisionlettertemplate",
        "add_decisionlettertemplate",
        "change_decisionlettertemplate",
    }
    assert page_codenames(clerks) == set()
    assert collection_codenames(clerks) == set()

    lead = Group.objects.get(name=LEITUNG)
    assert codenames(lead) == codenames(clerks) | {"delete_grantapplication", "view_accesslog"}
    assert page_codenames(lead) == set()
    assert collection_codenames(lead) == set()

    reviewers = Group.objects.get(name=BEGUTACHTUNG)
    assert codenames(reviewers) == {"access_admin", "review_grantapplication"}
    assert page_codenames(reviewers) == set()
    assert collection_codenames(reviewers) == set()

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


def test_wagtail_still_derives_delete_and_move_from_these_page_permissions():
    """The policy in roles.py relies on Wagtail 8 having no page permission for deleting or
    moving. Should a Wagtail upgrade add one, the roles need a new decision."""
    assert [codename for codename, *_labels in PAGE_PERMISSION_TYPES] == [
        "add",
        "bulk_delete",
        "change",
        "lock",
        "publish",
        "unlock",
    ]
    assert not any("bulk_delete_page" in page_codenames(group) for group in Group.objects.all())


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


def test_redaktion_deletes_and_moves_drafts_only(client, redakteurin, tree):
    client.force_login(redakteurin)
    kontakt, entwurf = tree["kontakt"], tree["entwurf"]

    # A live page stays where it is: the views refuse, the POSTs change nothing.
    confirm, post = delete_page(client, kontakt)
    assert refused(confirm) and refused(post)
    assert exists(kontakt)
    choose, confirm = move_page(client, kontakt, tree["ueber_uns"])
    assert refused(choose) and refused(confirm)
    assert parent_of(kontakt) == tree["home"]
    # Nor the order of the tree (the order of the main navigation).
    position = reverse("wagtailadmin_pages:set_page_position", args=[kontakt.pk]) + "?position=0"
    assert refused(client.post(position))
    assert list(tree["home"].get_children())[0].pk == tree["ueber_uns"].pk

    # A draft that never was online may be moved and deleted.
    choose, confirm = move_page(client, entwurf, tree["ueber_uns"])
    assert allowed(choose) and confirm.status_code == 302
    assert parent_of(entwurf) == tree["ueber_uns"]
    confirm, post = delete_page(client, entwurf)
    assert allowed(confirm) and post.status_code == 302
    assert not exists(entwurf)


def test_redaktion_deletes_no_section_even_when_it_is_offline(client, redakteurin, tree):
    beirat = tree["beirat"]
    Page.objects.filter(pk__in=[beirat.pk, tree["sitzungen"].pk]).update(live=False)
    client.force_login(redakteurin)
    confirm, post = delete_page(client, beirat)
    assert refused(confirm) and refused(post)
    assert exists(beirat) and exists(tree["sitzungen"])


def test_redaktion_uploads_images_and_documents_and_edits_only_their_own(
    client, redakteurin, django_user_model
):
    colleague = django_user_model.objects.create_user(username="kollegin")
    others_image, others_document = uploads_by(colleague)
    own_image, own_document = uploads_by(redakteurin)
    client.force_login(redakteurin)
    assert allowed(client.get(reverse("wagtailimages:add")))
    assert allowed(client.get(reverse("wagtaildocs:add")))
    assert allowed(client.get(reverse("wagtailimages_chooser:choose")))
    assert allowed(client.get(reverse("wagtaildocs_chooser:choose")))

    # Images and documents of others: chosen in the editor, neither changed nor deleted; the
    # library lists only their own.
    chooser = client.get(reverse("wagtailimages_chooser:choose"))
    assert others_image.title in builders.page_text(chooser)
    own_image.title, others_image.title = "Mein Foto", "Fremdes Foto"
    own_image.save()
    others_image.save()
    library = builders.page_text(client.get(reverse("wagtailimages:index")))
    assert "Mein Foto" in library and "Fremdes Foto" not in library
    for item, name in [(others_image, "wagtailimages"), (others_document, "wagtaildocs")]:
        assert refused(client.get(reverse(f"{name}:edit", args=[item.pk])))
        confirm, post = delete_media(client, item)
        assert refused(confirm) and refused(post)
        assert media_exists(item), name

    # Their own uploads: edited and deleted.
    for item, name in [(own_image, "wagtailimages"), (own_document, "wagtaildocs")]:
        assert allowed(client.get(reverse(f"{name}:edit", args=[item.pk])))
        confirm, post = delete_media(client, item)
        assert allowed(confirm) and post.status_code == 302
        assert not media_exists(item), name


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


def test_freigabe_deletes_and_moves_live_pages(client, freigeber, tree):
    client.force_login(freigeber)
    kontakt = tree["kontakt"]
    choose, confirm = move_page(client, kontakt, tree["ueber_uns"])
    assert allowed(choose) and confirm.status_code == 302
    kontakt.refresh_from_db()
    assert parent_of(kontakt) == tree["ueber_uns"] and kontakt.live
    assert kontakt.url_path.endswith("/uber-uns/kontakt/")

    position = reverse("wagtailadmin_pages:set_page_position", args=[tree["entwurf"].pk])
    assert client.post(position + "?position=0").status_code == 200
    assert list(tree["home"].get_children())[0].pk == tree["entwurf"].pk

    confirm, post = delete_page(client, kontakt)
    assert allowed(confirm) and post.status_code == 302
    assert not exists(kontakt)


def test_freigabe_moves_a_section_but_deletes_it_only_page_by_page(client, freigeber, tree):
    """Without „bulk_delete“, nobody but an administrator deletes a page with its subpages."""
    client.force_login(freigeber)
    beirat, sitzungen = tree["beirat"], tree["sitzungen"]
    confirm, post = delete_page(client, beirat)
    assert refused(confirm) and refused(post)
    assert exists(beirat) and exists(sitzungen)

    _choose, confirm = move_page(client, beirat, tree["ueber_uns"])
    assert confirm.status_code == 302
    assert parent_of(beirat) == tree["ueber_uns"] and parent_of(sitzungen) == beirat

    _confirm, post = delete_page(client, sitzungen)
    _confirm, post_section = delete_page(client, beirat)
    assert post.status_code == post_section.status_code == 302
    assert not exists(sitzungen) and not exists(beirat)


def test_freigabe_edits_and_deletes_every_image_and_document(client, freigeber, django_user_model):
    colleague = django_user_model.objects.create_user(username="kollegin")
    image, document = uploads_by(colleague)
    client.force_login(freigeber)
    for item, name in [(image, "wagtailimages"), (document, "wagtaildocs")]:
        assert allowed(client.get(reverse(f"{name}:edit", args=[item.pk])))
        confirm, post = delete_media(client, item)
        assert allowed(confirm) and post.status_code == 302
        assert not media_exists(item), name


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
    assert not perms.can_publish() and not perms.can_add_subpage()
    confirm, post = delete_page(client, project)
    assert refused(confirm) and refused(post)
    assert exists(project)
    choose, _confirm = move_page(client, project, site["index"])
    assert refused(choose)
    add_url = reverse("wagtailadmin_pages:add", args=["projects", "projectpage", site["index"].pk])
    assert refused(client.get(add_url))
    assert refused(client.get(reverse("wagtailimages:add")))
    assert refused(client.get(reverse("wagtailsnippets_zib_core_partner:add")))
    assert allowed(
        client.get(reverse("wagtailsnippets_zib_core_partner:edit", args=[site["partner"].pk]))
    )
    assert refused(client.get(reverse("grants_applications:index")))


def test_uebersetzung_can_delete_a_draft_it_may_edit(client, uebersetzerin, site):
    """Wagtail lets whoever may edit a page that is not live delete it (docs/redaktion.md,
    „Löschen und Verschieben“); a live one stays."""
    draft = builders.make_project(site["index"], "Entwurf", live=False)
    client.force_login(uebersetzerin)
    _confirm, post = delete_page(client, draft)
    assert post.status_code == 302
    assert not exists(draft) and exists(site["project"])


def test_other_roles_cannot_submit_translations(client, redakteurin, sachbearbeiter, site):
    url = reverse("wagtail_localize:submit_page_translation", args=[site["project"].pk])
    for user in (redakteurin, sachbearbeiter):
        client.force_login(user)
        assert refused(client.get(url))
