"""Retention purge; the demo content of the grants app."""

import datetime
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from grants.models import (
    FundingRound,
    GrantApplication,
    GrantApplicationPage,
    GrantsPage,
    MailDelivery,
    RoundState,
    StatusChange,
)
from home.models import HomePage

from .conftest import make_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def old_and_new(form_page, open_round, submit):
    """One application in a round closed 11 years ago, one in the open round."""
    submit(organisation_name="Verein Neu")
    now = timezone.now()
    old_round = make_round(
        now.replace(year=now.year - 12), now.replace(year=now.year - 11), title="Alt"
    )
    submit(organisation_name="Verein Alt")
    old = GrantApplication.objects.get(organisation_name="Verein Alt")
    old.funding_round = old_round
    old.save()
    return old, GrantApplication.objects.get(organisation_name="Verein Neu")


def test_purge_dry_run_deletes_nothing(old_and_new):
    out = StringIO()
    call_command("purge_grant_applications", "--dry-run", stdout=out)
    assert "would delete 1 applications and 1 files" in out.getvalue()
    assert GrantApplication.objects.count() == 2


def test_purge_deletes_old_applications_and_files(old_and_new, django_capture_on_commit_callbacks):
    old, new = old_and_new
    old_file = Path(old.attachments.get().file.path)
    new_file = Path(new.attachments.get().file.path)
    assert old_file.is_file()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_grant_applications", stdout=StringIO())

    assert list(GrantApplication.objects.values_list("organisation_name", flat=True)) == [
        "Verein Neu"
    ]
    assert not old_file.exists()
    assert new_file.is_file()
    assert not StatusChange.objects.filter(application_id=old.pk).exists()
    assert not MailDelivery.objects.filter(application_id=old.pk).exists()
    assert FundingRound.objects.filter(title="Alt").exists()  # the round's figures stay


def test_purge_respects_years_option_and_setting(old_and_new, settings):
    call_command("purge_grant_applications", "--years", "12", stdout=StringIO())
    assert GrantApplication.objects.count() == 2
    settings.ZIB_GRANTS_RETENTION_YEARS = 5
    out = StringIO()
    call_command("purge_grant_applications", "--dry-run", stdout=out)
    assert "would delete 1 applications" in out.getvalue()


def test_demo_content(client, demo_site):
    grants = GrantsPage.objects.get(locale__language_code="de")
    assert grants.url == "/zuschuesse/"
    assert GrantApplicationPage.objects.get(locale__language_code="de").url == "/zuschuesse/antrag/"
    current = FundingRound.objects.get()
    assert current.year == timezone.localdate().year
    assert current.get_state() == RoundState.OPEN
    home = HomePage.objects.get(locale__language_code="de")
    assert home.grants_page_id == grants.pk
    menu = [page.slug for page in home.get_children().in_menu()]
    assert menu.index("zuschuesse") == menu.index("projekte") + 1
    assert "vergibt jährlich Zuschüsse" in client.get("/zuschuesse/").content.decode()
    html = client.get("/zuschuesse/antrag/").content.decode()
    assert "grants-form" in html
    assert 'href="/zuschuesse/"' in client.get("/").content.decode()

    # Idempotent: a second run creates nothing of the grants app.
    out = StringIO()
    call_command("load_zib_content", stdout=out)
    assert "zuschuesse" not in out.getvalue()
    assert FundingRound.objects.count() == 1


def test_demo_round_is_not_added_next_to_an_editor_round(db, demo_site):
    from zib_wagtail.demo.grants import ensure_open_round
    from zib_wagtail.demo.home import LoadReport

    next_year = timezone.localdate() + datetime.timedelta(days=366)
    report = LoadReport()
    assert ensure_open_round(report, today=next_year) is not None
    assert ensure_open_round(report, today=next_year) is None
