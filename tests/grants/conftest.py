"""Fixtures of the grants tests: a page tree with the form, an open round, real uploads and a
real SMTP server (aiosmtpd on 127.0.0.1) that collects the sent mails."""

import datetime
import email
import email.policy
import io
import socket
import zipfile
from decimal import Decimal

import pytest
from aiosmtpd.controller import Controller
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image
from wagtail.models import Site

from grants.fields import german_decimal
from grants.models import GrantApplicationPage, GrantsPage
from tests import builders
from zib_wagtail.core.models import OfficeSettings

FORM_URL = "/zuschuesse/antrag/"
CONFIRMATION_URL = "/zuschuesse/antrag/bestaetigung/"
OFFICE_EMAIL = "zib@example.org"


# --- Files -------------------------------------------------------------------------------------


def pdf_bytes(text="Kostenplan"):
    return (
        b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% " + text.encode() + b"\ntrailer\n%%EOF\n"
    )


def image_bytes(fmt):
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, fmt)
    return buffer.getvalue()


def zip_bytes(entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def office_bytes(kind):
    if kind == "docx":
        return zip_bytes({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})
    if kind == "xlsx":
        return zip_bytes({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"})
    mimetype = {"odt": "text", "ods": "spreadsheet"}[kind]
    return zip_bytes(
        {"mimetype": f"application/vnd.oasis.opendocument.{mimetype}", "content.xml": "<x/>"}
    )


def upload(name="kostenplan.pdf", content=None, content_type="application/pdf"):
    return SimpleUploadedFile(name, pdf_bytes() if content is None else content, content_type)


# --- Form data ---------------------------------------------------------------------------------

#: A balanced financing plan: costs 2.500,00 = own 500,00 + third party 500,00 + requested 1500.
PLAN = {
    "costs": [
        {"category": "fees", "description": "Musik und Technik", "amount": "1.200,00"},
        {"category": "catering", "description": "Essen und Getränke", "amount": "800"},
        {"category": "", "description": "Miete Gemeindezentrum", "amount": "500,00"},
    ],
    "own_funds": [{"description": "Mitgliedsbeiträge", "amount": "500,00"}],
    "third_party": [
        {"description": "Stiftung Nachbarschaft", "status": "confirmed", "amount": "500"}
    ],
}


def plan_for(requested):
    """PLAN's own and third-party funds with one cost line that balances `requested` (text as
    typed, e.g. "2000,50")."""
    costs = Decimal(german_decimal(requested)) + Decimal("1000.00")
    return {
        **PLAN,
        "costs": [{"category": "", "description": "Gesamtkosten", "amount": f"{costs:.2f}"}],
    }


def plan_data(plan=None, empty_rows=0):
    """The financing plan's tables as the browser posts them (management form and rows), with
    `empty_rows` untouched rows after each table's rows, as the form renders them."""
    plan = PLAN if plan is None else plan
    data = {}
    for prefix in ("costs", "own_funds", "third_party"):
        rows = plan.get(prefix, [])
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": str(len(rows) + empty_rows),
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "30",
            }
        )
        for number, row in enumerate(rows):
            data.update({f"{prefix}-{number}-{name}": value for name, value in row.items()})
        for number in range(len(rows), len(rows) + empty_rows):
            data.update({f"{prefix}-{number}-{name}": "" for name in ("description", "amount")})
    return data


def valid_data(plan=None, **overrides):
    """A complete, valid application as the browser posts it (with a budget plan upload and
    the financing plan `plan`, default PLAN)."""
    data = {
        "organisation_name": "Interkultureller Verein Malstatt e. V.",
        "legal_form": "ev",
        "register_number": "VR 1234",
        "street": "Ludwigstraße 12",
        "postcode": "66115",
        "city": "Saarbrücken",
        "contact_name": "Ayşe Demir",
        "contact_email": "ayse.demir@example.org",
        "contact_phone": "0681 123456",
        "kind": "event",
        "title": "Fest der Kulturen",
        "description": "Ein Nachbarschaftsfest mit Musik und Essen aus vielen Ländern.",
        "target_group": "Familien im Stadtteil",
        "district": "",
        "place": "Gemeindezentrum Malstatt",
        "start_date": "2026-06-01",
        "end_date": "2026-06-02",
        "expected_participants": "150",
        "requested_amount": "1500",
        **plan_data(plan),
        "account_holder": "Interkultureller Verein Malstatt e. V.",
        "iban": "DE89 3704 0044 0532 0130 00",
        "bic": "COBADEFFXXX",
        "privacy_consent": "on",
        "truth_declaration": "on",
        "website": "",
        "budget_plan": upload(),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def submit(client, django_capture_on_commit_callbacks):
    """POST the form like a browser (multipart) and run the on-commit mail tasks."""

    def _submit(test_client=None, **overrides):
        with django_capture_on_commit_callbacks(execute=True):
            return (test_client or client).post(FORM_URL, valid_data(**overrides))

    return _submit


# --- Pages, round, users -----------------------------------------------------------------------


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    """Attachments of each test go to a fresh folder outside MEDIA_ROOT."""
    settings.ZIB_GRANTS_PRIVATE_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.ZIB_GRANTS_PRIVATE_ROOT


@pytest.fixture
def grants_page(home_page):
    page = GrantsPage(title="Zuschüsse", slug="zuschuesse", intro="Zuschüsse für Vereine.")
    home_page.add_child(instance=page)
    office = OfficeSettings.for_site(Site.objects.get(is_default_site=True))
    office.name = "Zuwanderungs- und Integrationsbüro"
    office.email = OFFICE_EMAIL
    office.save()
    return page


@pytest.fixture
def application_page(grants_page):
    page = GrantApplicationPage(
        title="Antrag stellen",
        slug="antrag",
        intro="<p>Hier stellen Sie Ihren Antrag.</p>",
        privacy_notice="<p>Wir verarbeiten Ihre Angaben nur für den Antrag.</p>",
        thank_you_text="<p>Wir melden uns bei Rückfragen.</p>",
    )
    grants_page.add_child(instance=page)
    return page


make_round = builders.make_funding_round


@pytest.fixture
def open_round(db):
    now = timezone.now()
    return make_round(
        now - datetime.timedelta(days=1),
        now + datetime.timedelta(days=30),
        title="Zuschüsse 2026",
        year=2026,
        max_amount_per_application=Decimal("5000.00"),
        committee_meeting_date=datetime.date(2026, 12, 10),
    )


@pytest.fixture
def form_page(application_page, open_round):
    """The application form with a round open: ready to accept submissions."""
    return application_page


def make_user(django_user_model, username, group=None):
    user = django_user_model.objects.create_user(
        username=username, email=f"{username}@example.org", password="pw-123-secret"
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def clerk(db, django_user_model):
    return make_user(django_user_model, "sachbearbeiterin", "Zuschüsse-Sachbearbeitung")


@pytest.fixture
def redakteur(db, django_user_model):
    return make_user(django_user_model, "redakteur", "Redaktion")


# --- SMTP --------------------------------------------------------------------------------------


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class MailCollector:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(
            email.message_from_bytes(envelope.content, policy=email.policy.default)
        )
        return "250 Message accepted"

    def to(self, address):
        return [message for message in self.messages if address in message["To"]]


def start_smtp(port):
    collector = MailCollector()
    controller = Controller(collector, hostname="127.0.0.1", port=port)
    controller.start()
    return controller, collector


def body(message):
    return message.get_body(("plain",)).get_content()


@pytest.fixture(scope="session")
def _smtp_session():
    controller, collector = start_smtp(free_port())
    yield controller, collector
    controller.stop()


@pytest.fixture
def smtp(_smtp_session, settings):
    """A real SMTP server on 127.0.0.1; Django sends to it. Returns the mail collector."""
    controller, collector = _smtp_session
    collector.messages.clear()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    return collector
