"""The User-Agent of webhook requests: a setting; the reusable default names the software."""

from importlib.metadata import version

import pytest
from django.utils import timezone

from zib_wagtail.webhooks import delivery
from zib_wagtail.webhooks.models import ContentChange, Event

pytestmark = pytest.mark.django_db


@pytest.fixture
def change():
    return ContentChange.objects.create(
        event=Event.PAGE_PUBLISHED,
        object_type=ContentChange.ObjectType.PAGE,
        object_id=1,
        content_type="projects.ProjectPage",
    )


def user_agent(endpoint, change):
    _body, headers = delivery.signed_request(endpoint, change, timezone.now())
    return headers["User-Agent"]


def test_example_site_keeps_its_user_agent(make_endpoint, change):
    endpoint = make_endpoint("http://127.0.0.1:9/hook")
    assert user_agent(endpoint, change) == "ZIB-Webhooks/1"


def test_default_user_agent_names_the_distribution_and_its_version(settings, make_endpoint, change):
    del settings.ZIB_WEBHOOKS_USER_AGENT
    endpoint = make_endpoint("http://127.0.0.1:9/hook")
    assert user_agent(endpoint, change) == f"zib-wagtail-webhooks/{version('zib-wagtail')}"

    settings.ZIB_WEBHOOKS_USER_AGENT = "Musterstadt-Webhooks/2"
    assert user_agent(endpoint, change) == "Musterstadt-Webhooks/2"
