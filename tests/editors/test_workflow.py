"""The moderation workflow „Redaktion → Freigabe“, scheduled publishing and revisions."""

import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, Workflow, WorkflowState

from tests import builders

from .conftest import FREIGABE, project_form_data

pytestmark = pytest.mark.django_db


def add_url(index):
    return reverse("wagtailadmin_pages:add", args=["projects", "projectpage", index.pk])


def submit_new_project(client, user, index, **fields):
    client.force_login(user)
    response = client.post(add_url(index), project_form_data(action="action-submit", **fields))
    assert response.status_code == 302, response.content.decode()[:2000]
    return Page.objects.child_of(index).get(slug="sprachcafe-malstatt").specific


def approve(client, user, page):
    task_state = page.current_workflow_task_state
    client.force_login(user)
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk])
    return client.post(url, {"comment": "Passt so."})


def test_one_workflow_on_the_whole_tree(db):
    root = Page.get_first_root_node()
    workflow = root.get_workflow()
    assert workflow.name == "Redaktion → Freigabe"
    tasks = [task.specific for task in workflow.tasks]
    assert [task.name for task in tasks] == ["Freigabe"]
    assert [group.name for group in tasks[0].groups.all()] == [FREIGABE]
    assert not Workflow.objects.get(name="Moderators approval").active


def test_redaktion_submits_and_freigabe_approves_and_publishes(
    client, redakteurin, freigeber, project_index
):
    page = submit_new_project(client, redakteurin, project_index)
    assert not page.live
    state = page.current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.requested_by == redakteurin
    assert page.current_workflow_task.name == "Freigabe"

    # The author cannot approve her own submission.
    assert approve(client, redakteurin, page).status_code in {302, 403}
    page.refresh_from_db()
    assert not page.live

    response = approve(client, freigeber, page)
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live
    assert page.live_revision.user == redakteurin
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED


def test_freigabe_requests_changes_and_the_page_stays_a_draft(
    client, redakteurin, freigeber, project_index
):
    page = submit_new_project(client, redakteurin, project_index)
    task_state = page.current_workflow_task_state
    client.force_login(freigeber)
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "reject", task_state.pk])
    assert client.post(url, {"comment": "Bitte das Bild ergänzen."}).status_code == 302
    page.refresh_from_db()
    assert not page.live
    assert page.workflow_states.get().status == WorkflowState.STATUS_NEEDS_CHANGES


def test_scheduled_publishing_and_unpublishing(client, freigeber, project_index):
    """Approved with „Veröffentlicht ab“ in the future: `publish_scheduled` publishes it then,
    and unpublishes it after „Veröffentlicht bis“ (cron runs the command every few minutes)."""
    go_live = timezone.now() + datetime.timedelta(days=2)
    expire = go_live + datetime.timedelta(days=7)
    client.force_login(freigeber)
    data = project_form_data(
        action="action-publish",
        go_live_at=go_live.strftime("%Y-%m-%d %H:%M"),
        expire_at=expire.strftime("%Y-%m-%d %H:%M"),
    )
    assert client.post(add_url(project_index), data).status_code == 302
    page = Page.objects.child_of(project_index).get(slug="sprachcafe-malstatt").specific
    assert not page.live
    assert page.scheduled_revision is not None

    call_command("publish_scheduled")
    page.refresh_from_db()
    assert not page.live

    with time_machine.travel(go_live + datetime.timedelta(minutes=1)):
        call_command("publish_scheduled")
    page.refresh_from_db()
    assert page.live

    with time_machine.travel(expire + datetime.timedelta(minutes=1)):
        call_command("publish_scheduled")
    page.refresh_from_db()
    assert not page.live and page.expired


def test_revisions_can_be_compared_and_reverted(client, redakteurin, project_index):
    project = builders.make_project(project_index, "Bildungswerkstatt")
    first = project.save_revision(user=redakteurin)
    first.publish()
    project.summary = "Eine neue Kurzbeschreibung."
    second = project.save_revision(user=redakteurin)

    client.force_login(redakteurin)
    history = client.get(reverse("wagtailadmin_pages:history", args=[project.pk]))
    assert history.status_code == 200
    compare = client.get(
        reverse("wagtailadmin_pages:revisions_compare", args=[project.pk, first.pk, second.pk])
    )
    assert compare.status_code == 200
    diff = builders.soup(compare).select_one("td.comparison")
    assert diff.select_one(".addition").get_text() == "Eine neue "
    assert diff.select_one(".deletion").get_text() == " von Bildungswerkstatt."

    revert = client.get(reverse("wagtailadmin_pages:revisions_revert", args=[project.pk, first.pk]))
    assert revert.status_code == 200
    assert "Kurzbeschreibung von Bildungswerkstatt." in builders.page_text(revert)
    # The revert view is the editor, filled with the old revision; saving it makes the old
    # content the newest draft.
    form = builders.soup(revert).select_one("form#page-edit-form")
    assert form["action"] == revert.request["PATH_INFO"]
    data = project_form_data(title="Bildungswerkstatt", slug=project.slug)
    data["summary"] = "Kurzbeschreibung von Bildungswerkstatt."
    assert client.post(form["action"], data).status_code == 302
    latest = Page.objects.get(pk=project.pk).get_latest_revision_as_object()
    assert latest.summary == "Kurzbeschreibung von Bildungswerkstatt."


def test_the_project_index_follows_publishing_at_once(client, freigeber, project_index):
    """The index remembers its ordered projects until content changes: a project published,
    unpublished or put behind a password in the admin shows (or goes) on the next visit."""
    from django.test import Client
    from wagtail.models import PageViewRestriction

    from tests.test_projects import card_titles

    builders.make_project(project_index, "Bildungswerkstatt")
    visitor = Client()
    assert card_titles(visitor.get("/projekte/")) == ["Bildungswerkstatt"]

    client.force_login(freigeber)
    data = project_form_data(action="action-publish")
    assert client.post(add_url(project_index), data).status_code == 302
    assert card_titles(visitor.get("/projekte/")) == ["Bildungswerkstatt", "Sprachcafé Malstatt"]

    page = Page.objects.child_of(project_index).get(slug="sprachcafe-malstatt")
    unpublish = reverse("wagtailadmin_pages:unpublish", args=[page.pk])
    assert client.post(unpublish).status_code == 302
    assert card_titles(visitor.get("/projekte/")) == ["Bildungswerkstatt"]

    other = Page.objects.child_of(project_index).get(title="Bildungswerkstatt")
    PageViewRestriction.objects.create(
        page=other, restriction_type=PageViewRestriction.PASSWORD, password="geheim"
    )
    assert card_titles(visitor.get("/projekte/")) == []
