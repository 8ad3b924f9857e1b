"""Every time a person sees is in the site's time zone (settings.TIME_ZONE, Europe/Berlin):
admin list, detail, history, exports, mails. An application that arrived at 23:40 UTC on
1 December arrived at 00:40 on 2 December in Saarbrücken. Empty values read „–“."""

import csv
import datetime
import io

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from openpyxl import load_workbook

from grants import emails, exports
from grants.models import ApplicationStatus, GrantApplication, StatusChange
from tests.builders import make_funding_round

from .builders import make_application

pytestmark = pytest.mark.django_db

ADMIN = "/admin/grants_applications/"
UTC = datetime.UTC
#: 23:40 UTC on 1 December 2026 (winter: Berlin is UTC+1).
EVENING_UTC = datetime.datetime(2026, 12, 1, 23, 40, tzinfo=UTC)


@pytest.fixture
def evening_application(db):
    funding_round = make_funding_round(
        datetime.datetime(2026, 11, 1, tzinfo=UTC),
        datetime.datetime(2026, 12, 31, tzinfo=UTC),
        title="Zuschüsse 2027",
        year=2027,
    )
    application = make_application(funding_round, status=ApplicationStatus.IN_REVIEW)
    GrantApplication.objects.filter(pk=application.pk).update(submitted_at=EVENING_UTC)
    StatusChange.objects.filter(application=application).update(changed_at=EVENING_UTC)
    application.refresh_from_db()
    return application


def test_the_site_time_zone_is_berlin():
    assert settings.TIME_ZONE == "Europe/Berlin"
    assert settings.USE_TZ


def test_admin_list_detail_and_history_show_berlin_time(client, evening_application, clerk):
    client.force_login(clerk)
    listing = BeautifulSoup(client.get(ADMIN).content, "html.parser")
    row = listing.select_one("#listing-results tbody tr").get_text(" ", strip=True)
    assert "02.12.2026 00:40" in row or "2. Dezember 2026 00:40" in row, row
    assert "23:40" not in row and "None" not in row

    page = BeautifulSoup(
        client.get(f"{ADMIN}inspect/{evening_application.pk}/").content, "html.parser"
    )
    received = next(dt for dt in page.select("dt") if dt.get_text(strip=True) == "Eingegangen am")
    assert received.find_next_sibling("dd").get_text(strip=True) == "2. Dezember 2026 00:40"
    history = next(
        h2.parent for h2 in page.select("section h2") if h2.get_text() == "Statusverlauf"
    )
    times = [tr.select_one("td").get_text(strip=True) for tr in history.select("tbody tr")]
    assert times and set(times) == {"02.12.2026 00:40"}
    text = page.get_text(" ", strip=True)
    assert "23:40" not in text and "None" not in text
    granted = next(dt for dt in page.select("dt") if "Bewilligter Betrag" in dt.get_text())
    assert granted.find_next_sibling("dd").get_text(strip=True) == "–"


def test_a_clerk_in_another_time_zone_still_gets_exports_in_berlin_time(
    client, evening_application, clerk
):
    """Exports go to the committee: the site's time, whatever the clerk's own profile says."""
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(clerk)
    profile.current_time_zone = "America/New_York"
    profile.save()
    client.force_login(clerk)
    round_pk = evening_application.funding_round_id
    response = client.get(f"/admin/grants_rounds/export/{round_pk}/csv/")
    text = response.content.decode("utf-8").removeprefix("\ufeff")
    header, row = csv.reader(io.StringIO(text), delimiter=";")
    assert dict(zip(header, row, strict=True))["Eingegangen am"] == "02.12.2026 00:40"


def test_exports_have_date_and_time_in_berlin_time(evening_application):
    applications = exports.export_queryset(evening_application.funding_round)
    text = exports.as_csv(applications).decode("utf-8").removeprefix("\ufeff")
    header, row = csv.reader(io.StringIO(text), delimiter=";")
    assert dict(zip(header, row, strict=True))["Eingegangen am"] == "02.12.2026 00:40"
    sheet = load_workbook(io.BytesIO(exports.as_xlsx(applications, "Runde"))).active
    header = [cell.value for cell in sheet[1]]
    assert sheet.cell(row=2, column=header.index("Eingegangen am") + 1).value == (
        "02.12.2026 00:40"
    )


def test_confirmation_mail_says_berlin_time(evening_application):
    from django.utils import timezone

    # Even when rendered while another time zone is active (a clerk's profile, a worker).
    with timezone.override("America/New_York"):
        [delivery] = emails.create_submission_mails(evening_application, [], {})
    assert "am 02.12.2026 um 00:40 Uhr" in delivery.body, delivery.body


def test_message_label_is_in_berlin_time(evening_application):
    message = evening_application.messages.create(
        author="office", text="Bitte den Kostenplan nachreichen.", created_at=EVENING_UTC
    )
    assert str(message).endswith("02.12.2026 00:40")
