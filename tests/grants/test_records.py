"""The record-keeping parts: reference numbers, private storage, the one-transaction
submission, the permission policy, the system check and the dashboard's figures."""

import datetime
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.db import transaction
from django.test import RequestFactory
from django.utils.datastructures import MultiValueDict

from grants import emails
from grants.checks import check_private_root
from grants.dashboard import IN_PROGRESS, ApplicationsInProgressPanel, applications_in_progress
from grants.forms import GrantApplicationForm
from grants.models import (
    ApplicationStatus,
    GrantApplication,
    GrantAttachment,
    MailDelivery,
    ReferenceCounter,
    StatusChange,
)
from grants.models.applications import attachment_path
from grants.permissions import ApplicationPermissionPolicy
from grants.reference import format_reference, next_reference
from grants.storage import private_storage
from grants.submission import submit_application
from tests.builders import make_funding_round

from .builders import (
    FREIGABE,
    NO_GROUP,
    REDAKTION,
    SACHBEARBEITUNG,
    SUPERUSER,
    UEBERSETZUNG,
    add_attachment,
    make_application,
    make_role_user,
)
from .conftest import upload, valid_data

pytestmark = pytest.mark.django_db
UTC = datetime.UTC


# --- Reference numbers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prefix", "year", "number", "reference"),
    [
        ("ZIB", 2027, 1, "ZIB-2027-0001"),
        ("ZIB", 2027, 42, "ZIB-2027-0042"),
        ("ZIB", 2027, 9999, "ZIB-2027-9999"),
        ("ZIB", 2027, 10000, "ZIB-2027-10000"),
        ("SB", 2030, 7, "SB-2030-0007"),
    ],
)
def test_reference_format(settings, prefix, year, number, reference):
    settings.ZIB_GRANTS_REFERENCE_PREFIX = prefix
    assert format_reference(year, number) == reference


def test_numbers_count_per_year(settings):
    settings.ZIB_GRANTS_REFERENCE_PREFIX = "ZIB"
    with transaction.atomic():
        handed_out = [next_reference(year) for year in (2026, 2026, 2027, 2026, 2027)]
    assert handed_out == [
        ("ZIB-2026-0001", 1),
        ("ZIB-2026-0002", 2),
        ("ZIB-2027-0001", 1),
        ("ZIB-2026-0003", 3),
        ("ZIB-2027-0002", 2),
    ]
    assert dict(ReferenceCounter.objects.values_list("year", "last_number")) == {2026: 3, 2027: 2}


def test_a_rolled_back_number_is_handed_out_again():
    with transaction.atomic():
        assert next_reference(2026)[1] == 1
    with pytest.raises(RuntimeError), transaction.atomic():
        assert next_reference(2026)[1] == 2
        raise RuntimeError("submission failed")
    with transaction.atomic():
        assert next_reference(2026)[1] == 2


def test_reference_outside_a_transaction_is_refused(monkeypatch):
    """Without the surrounding transaction two submissions could read the same number."""
    outside = SimpleNamespace(in_atomic_block=False)
    monkeypatch.setattr("grants.reference.transaction.get_connection", lambda: outside)
    with pytest.raises(RuntimeError, match="must run inside transaction.atomic"):
        next_reference(2026)
    assert not ReferenceCounter.objects.exists()


def test_builder_references_follow_the_rounds_year():
    funding_round = make_funding_round(
        datetime.datetime(2031, 1, 1, tzinfo=UTC),
        datetime.datetime(2031, 2, 1, tzinfo=UTC),
        year=2031,
    )
    first, second = make_application(funding_round), make_application(funding_round)
    assert (first.reference_year, first.reference_number) == (2031, 1)
    assert (second.reference_year, second.reference_number) == (2031, 2)
    assert second.reference == format_reference(2031, 2)


# --- Private storage -----------------------------------------------------------------------------


def test_attachments_have_no_url():
    with pytest.raises(ValueError, match="no public URL"):
        private_storage.url("2026/abc.pdf")


def test_storage_follows_the_setting_at_every_use(settings, tmp_path):
    settings.ZIB_GRANTS_PRIVATE_ROOT = tmp_path / "eins"
    assert Path(private_storage.location) == tmp_path / "eins"
    settings.ZIB_GRANTS_PRIVATE_ROOT = tmp_path / "zwei"
    assert Path(private_storage.location) == tmp_path / "zwei"


def test_stored_name_is_random_below_the_year(private_root):
    application = make_application()
    attachment = add_attachment(application, "Kostenplan Verein Müller.PDF")
    name = Path(attachment.file.name)
    assert name.parent == Path(str(application.reference_year))
    assert name.suffix == ".pdf"
    assert len(name.stem) == 32 and int(name.stem, 16) >= 0
    assert "Müller" not in attachment.file.name
    assert attachment.original_name == "Kostenplan Verein Müller.PDF"
    assert (private_root / attachment.file.name).is_file()


@pytest.mark.parametrize(
    ("filename", "suffix"),
    [("plan.pdf", ".pdf"), ("PLAN.DOCX", ".docx"), ("ohne", ""), ("x." + "a" * 20, "." + "a" * 9)],
)
def test_attachment_path_keeps_a_short_lower_case_suffix(filename, suffix):
    unassigned = GrantAttachment()
    path = Path(attachment_path(unassigned, filename))
    assert path.parent == Path("unassigned")
    assert path.suffix == suffix
    assert len(path.name) == 32 + len(suffix)


def test_two_uploads_of_the_same_name_do_not_collide():
    application = make_application()
    first = add_attachment(application, "plan.pdf")
    second = add_attachment(application, "plan.pdf")
    assert first.file.name != second.file.name


# --- One transaction for a submission ------------------------------------------------------------


def bound_form(funding_round, **overrides):
    data = valid_data(**overrides)
    files = MultiValueDict()
    for name in ("budget_plan", "attachments"):
        value = data.pop(name, None)
        if value is not None:
            files.setlist(name, value if isinstance(value, list) else [value])
    form = GrantApplicationForm(data, files, funding_round=funding_round)
    assert form.is_valid(), form.errors
    return form


@pytest.fixture
def funding_round():
    return make_funding_round(
        datetime.datetime(2026, 1, 1, tzinfo=UTC),
        datetime.datetime(2026, 12, 31, tzinfo=UTC),
        year=2026,
    )


def test_submission_stores_everything_together(funding_round, private_root):
    form = bound_form(funding_round, attachments=[upload("satzung.pdf")])
    application = submit_application(form, funding_round, ["buero@example.org"])
    assert application.funding_round == funding_round
    assert application.status == ApplicationStatus.RECEIVED
    assert [(a.kind, a.original_name) for a in application.attachments.all()] == [
        ("budget_plan", "kostenplan.pdf"),
        ("other", "satzung.pdf"),
    ]
    assert all((private_root / a.file.name).is_file() for a in application.attachments.all())
    assert list(application.status_changes.values_list("from_status", "to_status")) == [
        ("", "received")
    ]
    assert list(application.mail_deliveries.values_list("kind", flat=True)) == [
        "confirmation",
        "office",
    ]


def test_a_failing_submission_leaves_no_row_and_no_file(funding_round, private_root, monkeypatch):
    """The mails cannot be written: data, number, history and the written files all go."""

    def broken(*args, **kwargs):
        raise RuntimeError("Vorlage fehlt")

    monkeypatch.setattr(emails, "create_submission_mails", broken)
    form = bound_form(funding_round, attachments=[upload("satzung.pdf"), upload("flyer.pdf")])
    with pytest.raises(RuntimeError, match="Vorlage fehlt"):
        submit_application(form, funding_round, ["buero@example.org"])
    assert not GrantApplication.objects.exists()
    assert not GrantAttachment.objects.exists()
    assert not StatusChange.objects.exists()
    assert not MailDelivery.objects.exists()
    assert not ReferenceCounter.objects.filter(last_number__gt=0).exists()
    assert [p for p in private_root.rglob("*") if p.is_file()] == []


# --- Permission policy ---------------------------------------------------------------------------

POLICY_TABLE = {
    # role: actions allowed on applications
    NO_GROUP: set(),
    REDAKTION: set(),
    UEBERSETZUNG: set(),
    FREIGABE: set(),
    SACHBEARBEITUNG: {"view", "change"},
    SUPERUSER: {"view", "change", "delete"},
}


@pytest.mark.parametrize("role", list(POLICY_TABLE))
def test_application_policy(role):
    policy = ApplicationPermissionPolicy(GrantApplication)
    user = make_role_user(role)
    allowed = {
        action
        for action in ("add", "copy", "view", "change", "delete")
        if policy.user_has_permission(user, action)
    }
    assert allowed == POLICY_TABLE[role]
    assert policy.user_has_any_permission(user, ["add", "copy"]) is False
    assert policy.user_has_any_permission(user, ["view", "change"]) is bool(POLICY_TABLE[role])


# --- System check ---------------------------------------------------------------------------------


def test_check_requires_the_private_root(settings):
    settings.ZIB_GRANTS_PRIVATE_ROOT = None
    [error] = check_private_root(None)
    assert error.id == "grants.E001"
    assert error.msg == "ZIB_GRANTS_PRIVATE_ROOT is not set."


@pytest.mark.parametrize("public", ["MEDIA_ROOT", "STATIC_ROOT"])
def test_check_refuses_a_private_root_inside_a_public_folder(settings, tmp_path, public):
    setattr(settings, public, tmp_path / "public")
    settings.ZIB_GRANTS_PRIVATE_ROOT = tmp_path / "public" / "private"
    [error] = check_private_root(None)
    assert error.id == "grants.E002"
    assert public in error.msg


def test_check_accepts_a_separate_folder(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STATIC_ROOT = tmp_path / "static"
    settings.ZIB_GRANTS_PRIVATE_ROOT = tmp_path / "private"
    assert check_private_root(None) == []


def test_check_sees_through_relative_paths(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ZIB_GRANTS_PRIVATE_ROOT = tmp_path / "other" / ".." / "media" / "x"
    assert [error.id for error in check_private_root(None)] == ["grants.E002"]


# --- Dashboard figures ----------------------------------------------------------------------------


def test_in_progress_are_the_statuses_with_a_next_step():
    assert IN_PROGRESS == [
        ApplicationStatus.RECEIVED,
        ApplicationStatus.IN_REVIEW,
        ApplicationStatus.QUERY,
        ApplicationStatus.FOR_DECISION,
    ]


def test_panel_counts_per_status_and_lists_the_latest(settings, funding_round):
    settings.ZIB_GRANTS_DASHBOARD_LIMIT = 2
    made = {}
    for day, status in enumerate(
        ["received", "received", "in_review", "query", "granted", "rejected", "withdrawn"], 1
    ):
        application = make_application(funding_round, status=status, organisation_name=status)
        GrantApplication.objects.filter(pk=application.pk).update(
            submitted_at=datetime.datetime(2026, 3, day, tzinfo=UTC)
        )
        made.setdefault(status, []).append(application)

    request = RequestFactory().get("/admin/")
    request.user = make_role_user(SACHBEARBEITUNG)
    context = ApplicationsInProgressPanel(request).get_context_data()

    assert context["total"] == 4
    assert [(str(label), count) for label, count in context["by_status"]] == [
        ("Eingegangen", 2),
        ("In Prüfung", 1),
        ("Rückfrage", 1),
    ]
    assert [a.pk for a in context["latest"]] == [made["query"][0].pk, made["in_review"][0].pk]
    assert applications_in_progress().count() == 4


@pytest.mark.parametrize(("role", "shown"), [(SACHBEARBEITUNG, True), (REDAKTION, False)])
def test_panel_is_shown_only_to_grants_staff(role, shown):
    request = SimpleNamespace(user=make_role_user(role))
    panel = ApplicationsInProgressPanel(request)
    assert panel.is_shown() is shown
    if not shown:
        assert panel.render_html() == ""


def test_admin_url_in_the_office_mail():
    application = make_application()
    assert emails.admin_url(application) == (
        f"http://testserver/admin/grants_applications/inspect/{application.pk}/"
    )


def test_granted_amount_is_kept_only_for_grants():
    granted = make_application(status="granted", requested_amount=Decimal("700"))
    assert granted.granted_amount == Decimal("700")
    assert make_application(status="rejected").granted_amount is None
    assert granted.is_final and not make_application(status="query").is_final
