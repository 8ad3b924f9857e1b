"""The mail outbox and the two maintenance commands, against a real SMTP server (aiosmtpd).

- `send_grant_mails`: pending and failed mails are sent once the server is back, each exactly
  once, oldest first, until ZIB_GRANTS_MAIL_MAX_ATTEMPTS (or --max-attempts);
- `purge_grant_applications`: applications of rounds closed longer than the retention period
  go with their attachments, history and mails; --dry-run only reports.
"""

import datetime
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.core.management import call_command

from grants import emails
from grants.models import (
    FundingRound,
    GrantApplication,
    GrantAttachment,
    MailDelivery,
    ReferenceCounter,
    StatusChange,
)
from tests.builders import make_funding_round, make_home_page

from .builders import SACHBEARBEITUNG, build_grants_tree, make_application, make_role_user
from .conftest import MailCollector, free_port, start_smtp

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
NOW = datetime.datetime(2026, 12, 2, 9, 30, tzinfo=UTC)
FROM = "ZIB-Website <noreply@localhost>"


@pytest.fixture
def smtp_port(settings):
    """Django sends to this port; nothing listens on it until a test starts a server."""
    port = free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    settings.DEFAULT_FROM_EMAIL = FROM
    return port


@pytest.fixture
def server(smtp_port):
    """Start the SMTP server on the port (call it), stopped at the end of the test."""
    controllers = []

    def _start(handler=None):
        if handler is None:
            controller, collector = start_smtp(smtp_port)
        else:
            controller = Controller(handler, hostname="127.0.0.1", port=smtp_port)
            controller.start()
            collector = handler
        controllers.append(controller)
        return collector

    yield _start
    for controller in controllers:
        controller.stop()


def send_mails(*args):
    out = StringIO()
    call_command("send_grant_mails", *args, stdout=out)
    return out.getvalue().strip()


def outbox_row(application, subject, recipients=None, **fields):
    return MailDelivery.objects.create(
        application=application,
        kind=fields.pop("kind", MailDelivery.Kind.CONFIRMATION),
        recipients=recipients or [application.contact_email],
        subject=subject,
        body=f"Text von {subject}\n",
        **fields,
    )


def states():
    return list(MailDelivery.objects.order_by("pk").values_list("subject", "status", "attempts"))


# --- send_grant_mails ----------------------------------------------------------------------------


def test_failing_then_working_server(smtp_port, server):
    application = make_application(contact_email="verein@example.org")
    with time_machine.travel(NOW, tick=False):
        for subject in ("Erste", "Zweite", "Dritte"):
            outbox_row(application, subject, reply_to=["buero@example.org"])

        assert send_mails() == "0 sent, 3 failed"

    rows = list(MailDelivery.objects.order_by("pk"))
    assert [(r.status, r.attempts, r.sent_at) for r in rows] == [("failed", 1, None)] * 3
    assert all(r.last_attempt_at == NOW for r in rows)
    assert all(r.last_error.startswith("ConnectionRefusedError: ") for r in rows)

    collector = server()
    later = NOW + datetime.timedelta(minutes=10)
    with time_machine.travel(later, tick=False):
        assert send_mails() == "3 sent, 0 failed"

    rows = list(MailDelivery.objects.order_by("pk"))
    assert [(r.status, r.attempts, r.last_error) for r in rows] == [("sent", 2, "")] * 3
    assert all(r.sent_at == later and r.last_attempt_at == later for r in rows)
    assert [m["Subject"] for m in collector.messages] == ["Erste", "Zweite", "Dritte"]
    first = collector.messages[0]
    assert first["To"] == "verein@example.org"
    assert first["Reply-To"] == "buero@example.org"
    assert first["From"] == FROM
    assert first.get_body(("plain",)).get_content().strip() == "Text von Erste"

    # Sent is final: a further run sends nothing and tries nothing.
    assert send_mails() == "0 sent, 0 failed"
    assert len(collector.messages) == 3
    assert {r.attempts for r in MailDelivery.objects.all()} == {2}


def test_oldest_mail_is_sent_first(smtp_port, server):
    application = make_application()
    for minutes, subject in [(20, "Neu"), (0, "Alt"), (10, "Mittel")]:
        with time_machine.travel(NOW + datetime.timedelta(minutes=minutes), tick=False):
            outbox_row(application, subject)
    collector = server()
    assert send_mails() == "3 sent, 0 failed"
    assert [m["Subject"] for m in collector.messages] == ["Alt", "Mittel", "Neu"]


def test_only_pending_and_failed_mails_are_sent(smtp_port, server):
    application = make_application()
    outbox_row(application, "Wartet")
    outbox_row(application, "Fehlgeschlagen", status="failed", attempts=2)
    outbox_row(application, "Schon versendet", status="sent", attempts=1, sent_at=NOW)
    collector = server()
    assert send_mails() == "2 sent, 0 failed"
    assert sorted(m["Subject"] for m in collector.messages) == ["Fehlgeschlagen", "Wartet"]
    assert states() == [
        ("Wartet", "sent", 1),
        ("Fehlgeschlagen", "sent", 3),
        ("Schon versendet", "sent", 1),
    ]


class RefusingCollector(MailCollector):
    """Accepts every recipient but one, as a real server refuses an unknown mailbox."""

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address == "unbekannt@example.org":
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"


def test_a_refused_recipient_fails_only_its_own_mail(smtp_port, server):
    application = make_application()
    outbox_row(application, "An den Verein", ["verein@example.org"])
    outbox_row(application, "An niemanden", ["unbekannt@example.org"])
    outbox_row(application, "Ans Büro", ["buero@example.org"])
    collector = server(RefusingCollector())

    assert send_mails() == "2 sent, 1 failed"

    assert states() == [
        ("An den Verein", "sent", 1),
        ("An niemanden", "failed", 1),
        ("Ans Büro", "sent", 1),
    ]
    refused = MailDelivery.objects.get(subject="An niemanden")
    assert refused.last_error.startswith("SMTPRecipientsRefused: ")
    assert "unbekannt@example.org" in refused.last_error
    assert len(collector.messages) == 2


def test_attempts_stop_at_the_configured_maximum(smtp_port, server, settings):
    settings.ZIB_GRANTS_MAIL_MAX_ATTEMPTS = 3
    application = make_application()
    outbox_row(application, "Hartnäckig")

    assert [send_mails() for _ in range(4)] == [
        "0 sent, 1 failed",
        "0 sent, 1 failed",
        "0 sent, 1 failed",
        "0 sent, 0 failed",  # three attempts: the cron run leaves it alone
    ]
    assert states() == [("Hartnäckig", "failed", 3)]

    # The option lifts the limit for one run …
    assert send_mails("--max-attempts", "5") == "0 sent, 1 failed"
    assert states() == [("Hartnäckig", "failed", 4)]

    # … and with the server back, the regular run still skips it: staff resend it.
    collector = server()
    assert send_mails() == "0 sent, 0 failed"
    assert collector.messages == []


def test_staff_resend_a_mail_beyond_the_maximum(client, smtp_port, server, settings):
    settings.ZIB_GRANTS_MAIL_MAX_ATTEMPTS = 1
    build_grants_tree(make_home_page())
    application = make_application()
    delivery = outbox_row(application, "Nachgereicht", status="failed", attempts=1)
    collector = server()
    client.force_login(make_role_user(SACHBEARBEITUNG))

    response = client.post(f"/admin/grants_applications/mail/{delivery.pk}/retry/", follow=True)

    assert response.redirect_chain == [
        (f"/admin/grants_applications/inspect/{application.pk}/", 302)
    ]
    assert "Die E-Mail wurde versendet." in response.content.decode()
    assert states() == [("Nachgereicht", "sent", 2)]
    assert [m["Subject"] for m in collector.messages] == ["Nachgereicht"]

    # A second click sends nothing.
    response = client.post(f"/admin/grants_applications/mail/{delivery.pk}/retry/", follow=True)
    assert "Diese E-Mail wurde bereits versendet." in response.content.decode()
    assert len(collector.messages) == 1
    assert states() == [("Nachgereicht", "sent", 2)]


def test_staff_see_why_a_resend_failed(client, smtp_port):
    build_grants_tree(make_home_page())
    application = make_application()
    delivery = outbox_row(application, "Geht nicht", status="failed", attempts=1)
    client.force_login(make_role_user(SACHBEARBEITUNG))

    response = client.post(f"/admin/grants_applications/mail/{delivery.pk}/retry/", follow=True)

    assert "Versand fehlgeschlagen: ConnectionRefusedError" in response.content.decode()
    assert states() == [("Geht nicht", "failed", 2)]


def test_mail_that_could_not_be_queued_stays_pending_for_the_command(
    smtp_port, server, monkeypatch, django_capture_on_commit_callbacks, caplog
):
    """The task backend is down after the commit: the row waits, the command sends it."""
    application = make_application()
    delivery = outbox_row(application, "Ohne Warteschlange")

    class BackendDown:
        def enqueue(self, *args, **kwargs):
            raise ConnectionError("task backend unreachable")

    monkeypatch.setattr("grants.tasks.deliver_mail", BackendDown())
    with django_capture_on_commit_callbacks(execute=True):
        emails.queue([delivery])
    assert states() == [("Ohne Warteschlange", "pending", 0)]
    assert f"Could not queue grant mail {delivery.pk}" in caplog.text

    collector = server()
    assert send_mails() == "1 sent, 0 failed"
    assert [m["Subject"] for m in collector.messages] == ["Ohne Warteschlange"]


def test_submission_mails_have_their_recipients_and_reply_to(smtp_port, server):
    application = make_application(contact_email="verein@example.org")
    deliveries = emails.create_submission_mails(
        application, ["buero@example.org", "leitung@example.org"], {}
    )
    assert [(d.kind, d.recipients, d.reply_to) for d in deliveries] == [
        ("confirmation", ["verein@example.org"], ["buero@example.org"]),
        ("office", ["buero@example.org", "leitung@example.org"], ["verein@example.org"]),
    ]
    assert deliveries[0].subject == f"Eingangsbestätigung Ihres Antrags {application.reference}"
    collector = server()
    assert send_mails() == "2 sent, 0 failed"
    office = collector.to("leitung@example.org")
    assert len(office) == 1 and office[0]["Reply-To"] == "verein@example.org"


def test_without_office_recipients_only_the_applicant_is_written_to(db):
    application = make_application()
    deliveries = emails.create_submission_mails(application, [], {})
    assert [(d.kind, d.reply_to) for d in deliveries] == [("confirmation", [])]


# --- purge_grant_applications --------------------------------------------------------------------


def purge(*args):
    out = StringIO()
    call_command("purge_grant_applications", *args, stdout=out)
    return out.getvalue()


def years_ago(years, delta=datetime.timedelta(0)):
    return NOW.replace(year=NOW.year - years) + delta


@pytest.fixture
def archive(private_root):
    """Rounds closed 12 years ago, exactly at the 10-year cutoff, just before it, and an open
    one; each with applications carrying files, history and mails."""
    with time_machine.travel(NOW, tick=False):
        rounds = {
            "old": make_funding_round(years_ago(13), years_ago(12), title="Runde 2014", year=2014),
            "before": make_funding_round(
                years_ago(11),
                years_ago(10, -datetime.timedelta(microseconds=1)),
                title="Runde 2016 früh",
                year=2016,
            ),
            "cutoff": make_funding_round(
                years_ago(10, -datetime.timedelta(days=30)),
                years_ago(10),
                title="Runde 2016 spät",
                year=2016,
            ),
            "open": make_funding_round(
                NOW - datetime.timedelta(days=1),
                NOW + datetime.timedelta(days=9),
                title="Runde 2026",
                year=2026,
            ),
        }
        applications = {}
        for key, funding_round in rounds.items():
            applications[key] = [
                make_application(
                    funding_round,
                    status="granted" if key != "open" else "received",
                    organisation_name=f"Verein {key} {number}",
                    attachments=["kostenplan.pdf", "satzung.pdf"],
                )
                for number in (1, 2)
            ]
            for application in applications[key]:
                outbox_row(application, f"Mail {application.reference}", status="sent")
    return rounds, applications


def files_of(applications):
    return [
        Path(attachment.file.path)
        for application in applications
        for attachment in application.attachments.all()
    ]


def test_dry_run_reports_and_deletes_nothing(archive, private_root):
    rounds, applications = archive
    every_file = sorted(p for p in private_root.rglob("*") if p.is_file())
    rows = (GrantApplication.objects.count(), GrantAttachment.objects.count())

    with time_machine.travel(NOW, tick=False):
        out = purge("--dry-run")

    assert out.splitlines() == [
        "Runde 2016 früh (closed 2016-12-02): 2 applications",
        "Runde 2014 (closed 2014-12-02): 2 applications",
        "Dry run: would delete 4 applications and 8 files.",
    ]
    assert (GrantApplication.objects.count(), GrantAttachment.objects.count()) == rows == (8, 16)
    assert sorted(p for p in private_root.rglob("*") if p.is_file()) == every_file


def test_real_run_deletes_rows_and_files_of_old_rounds_only(
    archive, private_root, django_capture_on_commit_callbacks
):
    rounds, applications = archive
    gone = applications["old"] + applications["before"]
    kept = applications["cutoff"] + applications["open"]
    gone_files, kept_files = files_of(gone), files_of(kept)
    gone_ids = [application.pk for application in gone]
    assert len(gone_files) == 8 and all(path.is_file() for path in gone_files)

    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        out = purge()

    assert out.splitlines()[-1] == "Deleted 4 applications and 8 files."
    assert not GrantApplication.objects.filter(pk__in=gone_ids).exists()
    assert not GrantAttachment.objects.filter(application_id__in=gone_ids).exists()
    assert not StatusChange.objects.filter(application_id__in=gone_ids).exists()
    assert not MailDelivery.objects.filter(application_id__in=gone_ids).exists()
    assert not any(path.exists() for path in gone_files)
    # Closed exactly at the cutoff is not yet „longer ago“: kept, like the open round.
    assert set(GrantApplication.objects.values_list("pk", flat=True)) == {a.pk for a in kept}
    assert all(path.is_file() for path in kept_files)
    assert GrantAttachment.objects.count() == 8
    # The rounds and their reference counters stay (figures of past years).
    assert FundingRound.objects.count() == 4
    assert ReferenceCounter.objects.filter(year=2014).exists()

    with time_machine.travel(NOW, tick=False):
        assert purge().splitlines() == ["Deleted 0 applications and 0 files."]


def test_files_stay_when_the_deletion_is_rolled_back(archive):
    """Files go only after the commit: here no commit happens (the test's transaction), so
    the files of the deleted rows are still there."""
    rounds, applications = archive
    old_files = files_of(applications["old"])
    with time_machine.travel(NOW, tick=False):
        purge()
    assert not GrantApplication.objects.filter(funding_round=rounds["old"]).exists()
    assert all(path.is_file() for path in old_files)


@pytest.mark.parametrize(
    ("args", "setting", "expected"),
    [
        ((), None, 4),
        (("--years", "12"), None, 0),  # the 2014 round closed exactly 12 years ago
        (("--years", "11"), None, 2),
        ((), 11, 2),
        (("--years", "0"), 11, 6),  # everything closed before now, never the open round
        (("--years", "20"), 0, 0),  # the option wins over the setting
    ],
)
def test_retention_from_option_and_setting(archive, settings, args, setting, expected):
    if setting is not None:
        settings.ZIB_GRANTS_RETENTION_YEARS = setting
    with time_machine.travel(NOW, tick=False):
        out = purge("--dry-run", *args)
    assert out.splitlines()[-1] == (
        f"Dry run: would delete {expected} applications and {2 * expected} files."
    )


def test_purge_on_29_february(db):
    leap_day = datetime.datetime(2028, 2, 29, 12, 0, tzinfo=UTC)
    make_funding_round(
        datetime.datetime(2027, 1, 1, tzinfo=UTC),
        datetime.datetime(2027, 2, 27, tzinfo=UTC),
        title="Vor dem Stichtag",
    )
    make_funding_round(
        datetime.datetime(2027, 3, 1, tzinfo=UTC),
        datetime.datetime(2027, 3, 31, tzinfo=UTC),
        title="Nach dem Stichtag",
    )
    for funding_round in FundingRound.objects.all():
        make_application(funding_round)
    with time_machine.travel(leap_day, tick=False):
        out = purge("--years", "1", "--dry-run")
    assert out.splitlines() == [
        "Vor dem Stichtag (closed 2027-02-27): 1 applications",
        "Dry run: would delete 1 applications and 0 files.",
    ]


def test_nothing_to_purge(db):
    make_application()
    assert purge("--dry-run").splitlines() == ["Dry run: would delete 0 applications and 0 files."]
    assert GrantApplication.objects.count() == 1


@pytest.fixture
def outcomes(db):
    """Rounds closed 2, 4 and 11 years ago, each with a granted, a rejected, a withdrawn and
    an undecided application."""
    result = {}
    with time_machine.travel(NOW, tick=False):
        for years in (2, 4, 11):
            funding_round = make_funding_round(
                years_ago(years + 1), years_ago(years), title=f"Vor {years} Jahren"
            )
            for status in ("granted", "rejected", "withdrawn", "for_decision"):
                result[(years, status)] = make_application(funding_round, status=status)
    return result


def purged(outcomes, *args):
    with time_machine.travel(NOW, tick=False):
        purge(*args)
    kept = set(GrantApplication.objects.values_list("pk", flat=True))
    return {key for key, application in outcomes.items() if application.pk not in kept}


def test_retention_depends_on_the_outcome(outcomes):
    """Defaults: granted and undecided 10 years, rejected 3, withdrawn 1 after the round."""
    assert purged(outcomes) == {
        (2, "withdrawn"),
        (4, "withdrawn"),
        (4, "rejected"),
        (11, "withdrawn"),
        (11, "rejected"),
        (11, "granted"),
        (11, "for_decision"),
    }


def test_retention_per_outcome_from_the_settings(outcomes, settings):
    settings.ZIB_GRANTS_RETENTION_YEARS = 3
    settings.ZIB_GRANTS_RETENTION_YEARS_REJECTED = 1
    settings.ZIB_GRANTS_RETENTION_YEARS_WITHDRAWN = 5
    assert purged(outcomes) == {
        (2, "rejected"),
        (4, "rejected"),
        (4, "granted"),
        (4, "for_decision"),
        (11, "rejected"),
        (11, "granted"),
        (11, "for_decision"),
        (11, "withdrawn"),
    }


def test_years_option_is_one_period_for_every_outcome(outcomes):
    assert purged(outcomes, "--years", "5") == {
        (11, status) for status in ("granted", "rejected", "withdrawn", "for_decision")
    }
