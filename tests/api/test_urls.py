"""URLs in payloads come from `reverse()`: a site that mounts the API elsewhere gets its own URLs
(pages' `api_url`, page links, the changes feed and webhooks, the OpenAPI paths)."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests import builders
from zib_wagtail.webhooks import conf as webhooks_conf
from zib_wagtail.webhooks.models import ContentChange

pytestmark = pytest.mark.django_db

BASE = "http://testserver/content/v1"


@pytest.fixture
def elsewhere(settings):
    settings.ROOT_URLCONF = "tests.api.urls_elsewhere"


@pytest.fixture
def project(project_index):
    project = builders.make_project(
        project_index, "Bildungswerkstatt", live=False, slug="bildungswerkstatt"
    )
    project.save_revision().publish()
    return project


def test_page_urls_follow_where_the_api_is_mounted(elsewhere, project_index, project):
    client = Client()
    assert reverse("api-v1:page_detail", args=[1]) == "/content/v1/pages/1/"
    listed = client.get("/content/v1/pages/", {"expand": "parent"}).json()
    by_id = {item["id"]: item for item in listed["items"]}
    assert by_id[project.pk]["meta"]["api_url"] == f"{BASE}/pages/{project.pk}/"
    assert by_id[project.pk]["parent"]["api_url"] == f"{BASE}/pages/{project_index.pk}/"
    detail = client.get(f"/content/v1/pages/{project.pk}/").json()
    assert detail["meta"]["api_url"] == f"{BASE}/pages/{project.pk}/"
    assert detail["meta"]["url"] == "http://testserver/projekte/bildungswerkstatt/"
    navigation = client.get("/content/v1/pages/navigation/").json()
    for item in navigation["items"]:
        assert item["api_url"].startswith(f"{BASE}/pages/")


def test_the_openapi_document_and_docs_follow_too(elsewhere, db):
    client = Client()
    document = client.get("/content/v1/openapi.json").json()
    assert "/content/v1/pages/{page_id}/" in document["paths"]
    assert not [path for path in document["paths"] if path.startswith("/api/")]
    assert client.get("/content/v1/docs/").status_code == 200
    problem = client.get("/content/v1/gibt-es-nicht/")
    assert (problem.status_code, problem.json()["code"]) == (404, "not_found")


def test_changes_feed_and_webhooks_carry_the_reversed_api_url(elsewhere, project_index):
    project = builders.make_project(project_index, "Haus des Ankommens", live=False)
    project.save_revision().publish()
    now = timezone.now()
    funding_round = builders.make_funding_round(now, now + datetime.timedelta(days=30))
    page_change = ContentChange.objects.filter(object_id=project.pk, object_type="page").last()
    assert page_change.api_url == f"http://localhost/content/v1/pages/{project.pk}/"
    round_change = ContentChange.objects.filter(object_type="funding_round").last()
    assert round_change.api_url == (
        f"http://localhost/content/v1/funding-rounds/{funding_round.pk}/"
    )
    items = Client().get("/content/v1/changes/", {"since": "0", "limit": 500}).json()["items"]
    assert {item["api_url"] for item in items} >= {page_change.api_url, round_change.api_url}
    # The URL the feed gives is one the API answers.
    path = round_change.api_url.removeprefix("http://localhost")
    assert Client().get(path).json()["id"] == funding_round.pk


def test_v2_follows_as_well(elsewhere, home_page):
    topic = builders.make_topic("bildung", "Bildung")
    listed = Client().get("/content/v2/topics/").json()
    assert listed["items"][0]["meta"]["detail_url"] == (
        f"http://localhost/content/v2/topics/{topic.pk}/"
    )


def test_without_the_api_the_feed_records_no_api_url(settings, project_index):
    settings.ROOT_URLCONF = "tests.api.urls_without_api"
    project = builders.make_project(project_index, "Ohne API", live=False, slug="ohne-api")
    project.save_revision().publish()
    change = ContentChange.objects.filter(object_id=project.pk).last()
    assert change.url == "http://localhost/projekte/ohne-api/"
    assert change.api_url == ""


def test_fixed_api_paths_still_override_the_reversed_ones(settings, db):
    settings.ROOT_URLCONF = "tests.api.urls_elsewhere"
    assert webhooks_conf.api_path("page", 7) == "/content/v1/pages/7/"
    settings.ZIB_WEBHOOKS_API_PATHS = {"page": "/other/pages/{id}/"}
    assert webhooks_conf.api_path("page", 7) == "/other/pages/7/"
    assert webhooks_conf.api_path("funding_round", 3) == "/content/v1/funding-rounds/3/"
    assert webhooks_conf.api_url("https://zib.example", "page", 7) == (
        "https://zib.example/other/pages/7/"
    )
