"""The changes feed: what is recorded for which change, and how clients page through it."""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from grants.models import FundingRound
from tests import builders
from zib_wagtail.webhooks.models import ContentChange

FEED = "/api/v1/changes/"


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def feed(client, **params):
    response = client.get(FEED, params)
    assert response.status_code == 200, response.content
    return response.json()


def latest():
    """The cursor of the newest change so far (tests look only at what follows)."""
    last = ContentChange.objects.order_by("pk").last()
    return str(last.pk) if last else "0"


def events(client, since="0"):
    return [(item["event"], item["id"]) for item in feed(client, since=since, limit=500)["items"]]


@pytest.fixture
def project(project_index):
    return publish(builders.make_project(project_index, "Bildungswerkstatt", live=False))


def test_publish_unpublish_move_delete_in_order(client, home_page, project_index):
    other_index = builders.make_project_index(home_page, title="Archiv", slug="archiv")
    start = latest()
    project = publish(builders.make_project(project_index, "Bildungswerkstatt", live=False))
    publish(project)
    project.unpublish()
    publish(project)
    project.move(other_index, pos="last-child")
    project.refresh_from_db()
    project.delete()

    assert events(client, start) == [
        ("page.published", project.pk),
        ("page.published", project.pk),
        ("page.unpublished", project.pk),
        ("page.published", project.pk),
        ("page.moved", project.pk),
        ("page.deleted", project.pk),
    ]


def test_item_is_thin_and_complete(client, project_index):
    start = latest()
    project = publish(builders.make_project(project_index, "Bildungswerkstatt", live=False))
    (item,) = feed(client, since=start)["items"]
    change = ContentChange.objects.get(pk=item["cursor"])
    assert item == {
        "cursor": str(change.pk),
        "event": "page.published",
        "object_type": "page",
        "id": project.pk,
        "type": "projects.ProjectPage",
        "locale": "de",
        "url": f"http://localhost/projekte/{project.slug}/",
        "previous_url": None,
        "api_url": f"http://localhost/api/v1/pages/{project.pk}/",
        "occurred_at": item["occurred_at"],
    }
    occurred_at = datetime.datetime.fromisoformat(item["occurred_at"])
    assert abs(occurred_at - change.created_at) < datetime.timedelta(milliseconds=1)


def test_move_reports_new_urls_of_page_and_live_descendants(client, home_page, project_index):
    live = publish(builders.make_project(project_index, "Haus des Ankommens", live=False))
    builders.make_project(project_index, "Entwurf", live=False)
    target = builders.make_project_index(home_page, title="Archiv", slug="archiv")
    publish(project_index)
    start = feed(client)["next_cursor"]

    project_index.move(target, pos="last-child")

    moved = feed(client, since=start)["items"]
    assert [(item["event"], item["id"]) for item in moved] == [
        ("page.moved", project_index.pk),
        ("page.moved", live.pk),
    ]
    assert moved[1]["url"] == f"http://localhost/archiv/projekte/{live.slug}/"
    assert moved[1]["previous_url"] == f"http://localhost/projekte/{live.slug}/"


def test_reorder_is_not_a_move(client, project_index, project):
    sibling = publish(builders.make_project(project_index, "PatchWorkCity", live=False))
    start = feed(client)["next_cursor"]
    sibling.move(project, pos="left")
    assert feed(client, since=start)["items"] == []


def test_deleting_a_subtree_reports_each_live_page(client, project_index, project):
    draft = builders.make_project(project_index, "Entwurf", live=False)
    start = feed(client)["next_cursor"]
    project_index.delete()
    deleted = {item["id"] for item in feed(client, since=start)["items"]}
    assert deleted == {project_index.pk, project.pk}
    assert draft.pk not in deleted


def test_cursor_paging(client, project_index):
    start = latest()
    pages = [
        publish(builders.make_project(project_index, f"Projekt {n}", live=False)) for n in "ABCDE"
    ]

    first = feed(client, since=start, limit=2)
    assert [item["id"] for item in first["items"]] == [pages[0].pk, pages[1].pk]
    assert first["has_more"] is True
    second = feed(client, since=first["next_cursor"], limit=2)
    assert [item["id"] for item in second["items"]] == [pages[2].pk, pages[3].pk]
    third = feed(client, since=second["next_cursor"], limit=2)
    assert [item["id"] for item in third["items"]] == [pages[4].pk]
    assert third["has_more"] is False

    # Nothing new: the same cursor comes back, to be used again later.
    empty = feed(client, since=third["next_cursor"])
    assert empty == {"items": [], "next_cursor": third["next_cursor"], "has_more": False}
    publish(pages[0])
    (item,) = feed(client, since=third["next_cursor"])["items"]
    assert item["id"] == pages[0].pk


def test_since_is_exclusive_and_zero_is_the_beginning(client, project_index, project):
    items = feed(client, since="0")["items"]
    assert [item["cursor"] for item in items] == [
        str(pk) for pk in ContentChange.objects.order_by("pk").values_list("pk", flat=True)
    ]
    assert feed(client, since=items[-2]["cursor"])["items"] == items[-1:]
    assert feed(client, since=items[-1]["cursor"])["items"] == []


@pytest.mark.parametrize("cursor", ["abc", "-1", "1.5", "", "١٢", "9" * 30])
def test_bad_cursor_is_a_problem(client, db, cursor):
    response = client.get(FEED, {"since": cursor})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == "invalid_cursor"
    assert body["status"] == 400
    assert body["type"] == "urn:zib-api:problem:invalid_cursor"


@pytest.mark.parametrize("limit", [0, 501, "x"])
def test_bad_limit_is_rejected(client, db, limit):
    assert client.get(FEED, {"limit": limit}).status_code in {400, 422}


def test_feed_is_briefly_cacheable(client, db):
    response = client.get(FEED)
    assert response["Cache-Control"] == "public, max-age=30"


def test_feed_is_in_the_openapi_schema(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/changes/"]["get"]
    assert operation["operationId"] == "listChanges"
    assert {"ChangesPage", "Change"} <= set(schema["components"]["schemas"])


# --- Private pages --------------------------------------------------------------------------


def restrict(page):
    return PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="geheim"
    )


def test_changes_of_private_pages_are_never_recorded(client, project_index):
    restrict(project_index)
    start = feed(client)["next_cursor"]
    page = publish(builders.make_project(project_index, "Intern", live=False))
    page.unpublish()
    publish(page)
    page.delete()
    assert feed(client, since=start)["items"] == []


def test_becoming_private_unpublishes_and_becoming_public_publishes(client, project_index, project):
    start = feed(client)["next_cursor"]
    restriction = restrict(project_index)
    restrict(project)  # already private through its parent: nothing new
    after_restricting = feed(client, since=start)
    assert [(i["event"], i["id"]) for i in after_restricting["items"]] == [
        ("page.unpublished", project_index.pk),
        ("page.unpublished", project.pk),
    ]
    PageViewRestriction.objects.filter(page=project).delete()
    restriction.delete()
    assert [
        (i["event"], i["id"]) for i in feed(client, since=after_restricting["next_cursor"])["items"]
    ] == [("page.published", project_index.pk), ("page.published", project.pk)]


# --- Funding rounds --------------------------------------------------------------------------


def test_funding_round_changes(client, home_page):
    now = timezone.now()
    start = latest()
    funding_round = FundingRound.objects.create(
        title="Zuschüsse 2027",
        year=2027,
        opens_at=now,
        closes_at=now + datetime.timedelta(days=30),
    )
    funding_round.budget = 50_000
    funding_round.save()
    pk = funding_round.pk
    funding_round.delete()

    items = feed(client, since=start)["items"]
    assert [(i["event"], i["id"]) for i in items] == [("funding_round.changed", pk)] * 3
    assert items[0]["type"] == "grants.FundingRound"
    assert items[0]["api_url"] == f"http://localhost/api/v1/funding-rounds/{pk}/"
    assert items[0]["locale"] is None and items[0]["url"] is None


def test_a_cursor_the_feed_never_issued_is_400(client, db):
    response = client.get("/api/v1/changes/", {"since": "999999"})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_cursor"
    assert client.get("/api/v1/changes/", {"since": "0"}).status_code == 200


def test_feed_and_webhook_write_one_timestamp_format(client, project_index, project):
    from zib_wagtail.webhooks.delivery import payload

    item = feed(client, since="0")["items"][-1]
    change = ContentChange.objects.get(pk=int(item["cursor"]))
    body = payload(change)
    assert item["occurred_at"] == body["data"]["occurred_at"] == body["timestamp"]
    assert item["occurred_at"].endswith("Z")
    parsed = datetime.datetime.fromisoformat(item["occurred_at"])
    assert parsed == change.created_at and len(item["occurred_at"]) == len(
        "2026-12-02T17:34:38.123456Z"
    )


def restrict_to_login(page):
    return PageViewRestriction.objects.create(page=page, restriction_type="login")


def test_moving_into_a_private_area_unpublishes_and_out_of_it_publishes(
    client, home_page, project_index, project
):
    """The pages leave (and re-enter) the public API, and the feed says so for each one."""
    private = builders.make_project_index(home_page, title="Intern", slug="intern")
    restrict_to_login(private)
    start = latest()
    project_index.move(private, pos="last-child")
    assert events(client, start) == [
        ("page.unpublished", project_index.pk),
        ("page.unpublished", project.pk),
    ]
    start = latest()
    project_index.refresh_from_db()
    project_index.move(home_page, pos="last-child")
    assert events(client, start) == [
        ("page.published", project_index.pk),
        ("page.published", project.pk),
    ]


def test_a_move_within_a_private_area_says_nothing(client, home_page, project_index, project):
    private = builders.make_project_index(home_page, title="Intern", slug="intern")
    restrict_to_login(private)
    other = builders.make_project_index(private, title="Archiv", slug="archiv")
    project_index.move(private, pos="last-child")
    start = latest()
    project_index.refresh_from_db()
    project_index.move(other, pos="last-child")
    assert events(client, start) == []


def test_a_new_slug_changes_the_url_of_the_page_and_each_page_below(
    client, project_index, project, django_capture_on_commit_callbacks
):
    start = latest()
    project_index.slug = "vorhaben"
    with django_capture_on_commit_callbacks(execute=True):
        publish(project_index)
    changed = [
        item for item in feed(client, since=start)["items"] if item["event"] == "page.url_changed"
    ]
    assert [(item["id"], item["previous_url"], item["url"]) for item in changed] == [
        (project_index.pk, "http://localhost/projekte/", "http://localhost/vorhaben/"),
        (
            project.pk,
            f"http://localhost/projekte/{project.slug}/",
            f"http://localhost/vorhaben/{project.slug}/",
        ),
    ]
