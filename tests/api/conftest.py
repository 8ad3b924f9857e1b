"""Fixtures of the API contract tests: a client, the demo content, tokens, a grant form."""

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone
from wagtail.models import APIToken

from grants.models import GrantApplicationPage, GrantsPage
from home.models import HomePage
from tests import builders

API = "/api/v1"


@pytest.fixture
def api():
    """A client that talks to /api/v1/ (paths relative to it) and returns the response."""

    class APIClient(Client):
        def get_json(self, endpoint, /, expected=200, headers=None, **params):
            response = self.get(API + endpoint, params, headers=headers)
            assert response.status_code == expected, (response.status_code, response.content)
            return response.json()

    return APIClient()


@pytest.fixture
def demo(_demo_content_for_module, db):
    """The demo content (loaded once per module); returns the German home page."""
    return HomePage.objects.get(depth=2, locale__language_code="de")


def page_id(title):
    from wagtail.models import Page

    return Page.objects.get(title=title, locale__language_code="de").pk


@pytest.fixture
def make_token(db, django_user_model):
    """`make_token(superuser=True)` → (plaintext token, APIToken)."""

    def _make(username="portal", superuser=True, **user_fields):
        if superuser:
            user = django_user_model.objects.create_superuser(
                username=username, email=f"{username}@example.org", password="pw"
            )
        else:
            user = django_user_model.objects.create_user(
                username=username, email=f"{username}@example.org", password="pw"
            )
        token, plaintext = APIToken.create_token(user=user, name=f"Token {username}")
        return plaintext, token

    return _make


make_round = builders.make_funding_round


@pytest.fixture
def open_round(db):
    now = timezone.now()
    return make_round(
        now - datetime.timedelta(days=1),
        now + datetime.timedelta(days=30),
        title="Zuschüsse 2026",
        year=2026,
        budget=Decimal("10000.00"),
        max_amount_per_application=Decimal("5000.00"),
    )


@pytest.fixture
def form_page(home_page):
    grants = GrantsPage(title="Zuschüsse", slug="zuschuesse", intro="Zuschüsse für Vereine.")
    home_page.add_child(instance=grants)
    page = GrantApplicationPage(
        title="Antrag stellen",
        slug="antrag",
        intro="<p>Hier stellen Sie Ihren Antrag.</p>",
        privacy_notice="<p>Wir verarbeiten Ihre Angaben nur für den Antrag.</p>",
        notification_recipients="intern-geheim@example.org",
    )
    grants.add_child(instance=page)
    return page
