"""Translators never publish: a translation goes through the same „Redaktion → Freigabe“ workflow as
a German page. Every step through the admin's real views (POSTs), as the translator clicks them."""

import json

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import translation
from wagtail.models import GroupPagePermission, Locale, Page, PageLogEntry, WorkflowState
from wagtail_localize.models import Translation

from tests.editors.conftest import FREIGABE, UEBERSETZUNG, make_role_user
from tests.editors.test_workflow import approve
from zib_wagtail.core.checks import check_translations_start_as_drafts

pytestmark = pytest.mark.django_db


@pytest.fixture
def translator(django_user_model):
    return make_role_user(django_user_model, "uebersetzerin", UEBERSETZUNG)


@pytest.fixture
def approver(django_user_model):
    return make_role_user(django_user_model, "freigeber", FREIGABE)


def refused(response):
    """Wagtail's admin answers a PermissionDenied with a redirect to the dashboard."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


def english():
    return Locale.objects.get(language_code="en")


@pytest.fixture
def translate(django_capture_on_commit_callbacks):
    """The click on „Übersetzen“ for English, as the form posts it. wagtail-localize publishes
    after the commit, so the on-commit callbacks run as they would in production."""

    def click(client, user, page):
        client.force_login(user)
        url = reverse("wagtail_localize:submit_page_translation", args=[page.pk])
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, {"locales": [english().pk]})

    return click


def translation_of(page):
    return page.get_translation(english())


def editor_props(response):
    """The props the translation editor (React) is started with."""
    node = BeautifulSoup(response.content, "html.parser").select_one(".js-translation-editor")
    return json.loads(node["data-props"])


def test_a_translators_click_on_translate_creates_a_draft_not_a_live_page(
    translate, client, translator, home_page
):
    response = translate(client, translator, home_page)
    assert response.status_code == 302
    page = translation_of(home_page)
    assert not page.live
    assert page.has_unpublished_changes
    assert not PageLogEntry.objects.filter(action="wagtail.publish", user=translator).exists()


def test_the_translator_cannot_publish_from_the_translation_editor(
    translate, client, translator, home_page
):
    translate(client, translator, home_page)
    page = translation_of(home_page)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]), {"action": "publish"}
    )
    assert refused(response)
    page.refresh_from_db()
    assert not page.live


def test_the_translator_submits_for_review_and_freigabe_approves(
    translate, client, translator, approver, home_page
):
    translate(client, translator, home_page)
    page = translation_of(home_page)
    editor = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    submit_form = BeautifulSoup(editor.content, "html.parser").select_one(
        "form[data-zib-submit-translation]"
    )
    assert submit_form is not None
    assert "Zur Freigabe einreichen" in submit_form.get_text()

    response = client.post(submit_form["action"])
    assert response.status_code == 302
    page.refresh_from_db()
    assert not page.live
    state = page.workflow_states.get()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.requested_by == translator
    assert page.latest_revision.user == translator

    assert approve(client, approver, page).status_code == 302
    page.refresh_from_db()
    assert page.live
    assert PageLogEntry.objects.filter(page=page, action="wagtail.publish", user=approver).exists()
    assert not PageLogEntry.objects.filter(action="wagtail.publish", user=translator).exists()


def test_a_user_without_edit_rights_cannot_submit_a_translation(
    translate, client, translator, home_page, django_user_model
):
    translate(client, translator, home_page)
    translation = Translation.objects.get(target_locale=english())
    stranger = django_user_model.objects.create_user("fremd", password="x")
    client.force_login(stranger)
    url = reverse("zib_core_submit_translation", args=[translation.pk])
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))
    editor = make_role_user(django_user_model, "redaktion-ohne-seite", FREIGABE)
    GroupPagePermission.objects.filter(group__name=FREIGABE).delete()
    client.force_login(editor)
    assert refused(client.post(url))
    assert not translation_of(home_page).workflow_states.exists()


def test_publish_immediately_of_a_sync_is_refused_for_translators(
    translate, client, translator, home_page
):
    translate(client, translator, home_page)
    translation = Translation.objects.get(target_locale=english())
    url = reverse("wagtail_localize:update_translations", args=[translation.source_id])
    form = client.get(url)
    assert form.status_code == 200
    assert 'name="publish_translations"' not in form.content.decode()
    response = client.post(url, {"publish_translations": "on"})
    assert response.status_code in {302, 403}
    assert not translation_of(home_page).live


def test_translators_are_not_offered_convert_to_alias(translate, client, translator, home_page):
    translate(client, translator, home_page)
    page = translation_of(home_page)
    editor = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert editor_props(editor)["links"]["convertToAliasUrl"] is None
    url = reverse("wagtail_localize:convert_to_alias", args=[page.pk])
    assert refused(client.post(url))
    page.refresh_from_db()
    assert page.alias_of_id is None


def test_freigabe_still_sees_convert_to_alias(translate, client, approver, translator, home_page):
    translate(client, translator, home_page)
    page = translation_of(home_page)
    client.force_login(approver)
    editor = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert editor_props(editor)["links"]["convertToAliasUrl"]
    assert isinstance(Page.objects.get(pk=page.pk), Page)


def test_with_wagtail_localizes_default_the_click_would_publish(
    translate, client, translator, home_page, settings
):
    """The guard is the setting (and the check that warns without it): with wagtail-localize's
    default, the same click publishes the translation at once."""
    settings.WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = True
    assert [message.id for message in check_translations_start_as_drafts(None)] == ["zib_core.W002"]
    translate(client, translator, home_page)
    assert translation_of(home_page).live
    del settings.WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE
    assert [message.id for message in check_translations_start_as_drafts(None)] == ["zib_core.W002"]


@pytest.mark.parametrize(
    ("msgid", "german"),
    [
        ("Locale", "Sprache"),
        ("Locales", "Sprachen"),
        ("No other translations", "Keine weiteren Übersetzungen"),
    ],
)
def test_wagtail_localizes_admin_words_are_german(msgid, german):
    """wagtail-localize and Wagtail leave „Locale“ untranslated in German; the core's German
    catalogue (before Wagtail in INSTALLED_APPS) names it as editors say it."""
    with translation.override("de"):
        assert translation.gettext(msgid) == german
