"""`/api/v1/sync/`: a new consumer gets every public page, then follows the changes feed from the
sync's cursor and misses nothing that changed meanwhile."""

from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from zib_wagtail.core.models import StandardPage

pytestmark = pytest.mark.django_db


def add_pages(parent, count, prefix="Seite"):
    pages = []
    for number in range(count):
        page = StandardPage(title=f"{prefix} {number}", slug=f"{prefix.lower()}-{number}")
        parent.add_child(instance=page)
        page.save_revision().publish()
        pages.append(page)
    return pages


def listed(client):
    items = client.get("/api/v1/pages/urls/").json()["items"]
    return {(item["id"], urlsplit(item["url"]).path) for item in items}


def sync_all(client, limit, between=None):
    """Follow the chain of next_tokens; `between(n)` runs after the n-th answer."""
    answers, token = [], None
    while True:
        params = {"limit": limit} | ({"token": token} if token else {})
        response = client.get("/api/v1/sync/", params)
        assert response.status_code == 200, response.content
        answers.append(response.json())
        if between:
            between(len(answers))
        token = answers[-1]["next_token"]
        if token is None:
            return answers


def test_a_sync_lists_every_public_page_once(client, home_page):
    add_pages(home_page, 7)
    hidden = add_pages(home_page, 1, prefix="Intern")[0]
    PageViewRestriction.objects.create(page=hidden, restriction_type="login")
    answers = sync_all(client, limit=3)
    ids = [item["id"] for answer in answers for item in answer["items"]]
    assert len(ids) == len(set(ids)) == 8  # home and seven pages, not the private one
    assert {pk for pk, _path in listed(client)} == set(ids)
    assert len(answers) == 3
    assert len({answer["feed_cursor"] for answer in answers}) == 1
    assert answers[0]["items"][0]["meta"]["api_url"].startswith("http://testserver/api/v1/pages/")


def test_sync_then_feed_misses_nothing_that_changed_meanwhile(client, home_page):
    first, second, *_rest = add_pages(home_page, 6)

    def meanwhile(number):
        if number == 1:  # after the first answer, which had `first`
            first.unpublish()
            add_pages(home_page, 1, prefix="Neu")
            second.slug = "umbenannt"
            second.save_revision().publish()

    answers = sync_all(client, limit=2, between=meanwhile)
    known = {
        item["id"]: urlsplit(item["meta"]["url"]).path
        for answer in answers
        for item in answer["items"]
    }
    feed = client.get("/api/v1/changes/", {"since": answers[0]["feed_cursor"]}).json()
    for item in feed["items"]:
        if item["event"] in ("page.unpublished", "page.deleted"):
            known.pop(item["id"], None)
        else:
            known[item["id"]] = urlsplit(item["url"]).path
    assert set(known.items()) == listed(client)


@pytest.mark.parametrize("token", ["abc", "1", "1.x", "9" * 30 + ".0"])
def test_a_malformed_token_is_a_validation_error(client, home_page, token):
    response = client.get("/api/v1/sync/", {"token": token})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "token"


def test_a_token_the_endpoint_never_gave_is_400(client, home_page):
    response = client.get("/api/v1/sync/", {"token": "1.999999"})  # beyond the feed
    assert response.status_code == 400
    assert response.json()["code"] == "bad_request"


def test_each_answer_costs_the_same_whatever_the_site_size(client, home_page):
    add_pages(home_page, 12)

    def queries(limit):
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/v1/sync/", {"limit": limit}).status_code == 200
        return len(captured)

    queries(1)  # warm: the site, locales and parents are remembered after the first answer
    assert queries(3) == queries(12)
