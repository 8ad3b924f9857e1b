"""Demo content of the grants app: the grants page from the seed, the form, an open round.

Idempotent like zib_wagtail.demo.home: only what is missing is created; editors' changes stay.
The seed says little about grants; every further fact is marked as an editorial gap.
"""

import datetime
import uuid
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale

from grants.decisions import default_template
from grants.models import (
    DecisionLetterTemplate,
    FundingRound,
    GrantApplicationPage,
    GrantsPage,
    LetterKind,
)
from home.models import HomePage
from projects.models import ProjectIndexPage
from zib_wagtail.core import conf
from zib_wagtail.core.models import StandardPage
from zib_wagtail.demo.home import (
    GRANTS_TEXT,
    LoadReport,
    ensure_child,
    heading,
    page_link,
    paragraph,
    stream,
)

GAP = str(conf.editorial_gap())
BERLIN = ZoneInfo("Europe/Berlin")


def faq(*items):
    return (
        "faq",
        {
            "heading": "Häufige Fragen",
            # ListBlock items in Wagtail's block format (with ids), which translation tools need.
            "items": [
                {"type": "item", "value": {"question": q, "answer": a}, "id": str(uuid.uuid4())}
                for q, a in items
            ],
        },
    )


def grants_body(application_page=None):
    form_link = (
        page_link(application_page, "Online-Antragsformular")
        if application_page
        else ("Online-Antragsformular")
    )
    return stream(
        heading("Wer kann einen Antrag stellen?"),
        paragraph(
            "<p>Zuschüsse erhalten interkulturell tätige Vereine und "
            f"Migrant*innenorganisationen.</p><p>Weitere Voraussetzungen: {GAP}</p>"
        ),
        heading("Was wird gefördert?"),
        paragraph(
            "<p>Das ZIB vergibt Zuschüsse für Projekte und Veranstaltungen.</p>"
            f"<p>Förderfähige Kosten und Höhe der Zuschüsse: {GAP}</p>"
        ),
        heading("Wie wird entschieden?"),
        paragraph(
            "<p>Das ZIB nimmt die Anträge entgegen. Über die Zuschüsse entscheidet der Ausschuss "
            "für soziale Angelegenheiten und Integration; er vergibt sie jährlich.</p>"
            f"<p>Kriterien der Entscheidung: {GAP}</p>"
        ),
        heading("Fristen"),
        paragraph(
            "<p>Anträge können während einer Antragsrunde gestellt werden. Beginn und "
            "Antragsfrist der aktuellen Runde stehen oben im Kasten „Aktuelle Antragsrunde“.</p>"
        ),
        heading("Downloads"),
        paragraph(f"<p>Förderrichtlinien und Vordrucke: {GAP}</p>"),
        faq(
            (
                "Wie stelle ich einen Antrag?",
                f"<p>Über das {form_link}. Sie erhalten sofort ein Aktenzeichen und eine "
                "Eingangsbestätigung per E-Mail.</p>",
            ),
            (
                "Welche Unterlagen brauche ich?",
                "<p>Einen Kosten- und Finanzierungsplan (Pflicht) und bis zu fünf weitere "
                "Anlagen, z. B. Ihre Satzung. Erlaubt sind PDF, JPEG, PNG, DOCX, XLSX, ODT und "
                "ODS, höchstens 10 MB je Datei und 25 MB insgesamt.</p>",
            ),
            (
                "Wer entscheidet über meinen Antrag?",
                "<p>Der Ausschuss für soziale Angelegenheiten und Integration.</p>",
            ),
        ),
    )


PRIVACY_NOTICE = (
    "<p>Verantwortlich für die Verarbeitung Ihrer Angaben ist das Zuwanderungs- und "
    "Integrationsbüro (ZIB). Wir verarbeiten Ihre Angaben und Anlagen, um Ihren Antrag zu "
    "prüfen, dem Ausschuss für soziale Angelegenheiten und Integration zur Entscheidung "
    "vorzulegen und den Zuschuss auszuzahlen.</p>"
    "<p>Die Angaben werden zehn Jahre nach Abschluss der Antragsrunde gelöscht.</p>"
    f"<p>Rechtsgrundlage, Empfänger und Ihre Rechte: {GAP}</p>"
)


def ensure_pages(home, report):
    is_new = not home.get_children().filter(slug="zuschuesse").exists()
    grants = ensure_child(
        home,
        GrantsPage,
        "zuschuesse",
        report,
        title="Zuschüsse",
        show_in_menus=True,
        intro=GRANTS_TEXT,
        body=grants_body(),
    )
    if is_new:
        projects = ProjectIndexPage.objects.child_of(home).first()
        if projects is not None:
            grants.move(projects, pos="right")  # in the menu right after „Projekte“
    form_is_new = not grants.get_children().filter(slug="antrag").exists()
    application = ensure_child(
        grants,
        GrantApplicationPage,
        "antrag",
        report,
        title="Antrag stellen",
        intro="<p>Hier beantragen interkulturell tätige Vereine und Migrant*innenorganisationen "
        "einen Zuschuss für ein Projekt oder eine Veranstaltung.</p>",
        privacy_notice=PRIVACY_NOTICE,
        thank_you_text="<p>Das ZIB prüft Ihren Antrag und meldet sich bei Rückfragen. Über den "
        "Zuschuss entscheidet der Ausschuss für soziale Angelegenheiten und Integration.</p>",
    )
    if form_is_new and is_new:
        grants.body = grants_body(application)  # link the FAQ to the form
        grants.save_revision().publish()
    return grants, application


HELP_SLUG = "hilfe-zum-antrag"
HELP_INTRO = (
    "Wie Sie einen Zuschuss online beantragen: die Schritte des Formulars, das "
    "Zwischenspeichern, Ihre Statusseite, Rückfragen und das Zurückziehen eines Antrags."
)


def help_body(application_page=None):
    """The applicants' help: how the online form and the status page work (facts of the
    software and its default settings, nothing else)."""
    form = (
        page_link(application_page, "Online-Antragsformular")
        if application_page
        else "Online-Antragsformular"
    )
    return stream(
        heading("Die Schritte des Formulars"),
        paragraph(
            f"<p>Das {form} hat fünf Schritte: Organisation (mit der Ansprechperson), Vorhaben, "
            "Finanzen (Kosten- und Finanzierungsplan und Bankverbindung), Anlagen und zuletzt "
            "„Prüfen und absenden“.</p>"
            "<p>Mit „Weiter“ prüfen wir die Angaben des Schritts und nennen, was fehlt. Mit "
            "„Zurück“ kommen Sie zum vorigen Schritt; was Sie eingegeben und hochgeladen haben, "
            "bleibt dabei erhalten.</p>"
            "<p>Der Finanzierungsplan muss ausgeglichen sein: Die Kosten sind auf den Cent so "
            "hoch wie Eigenmittel, Drittmittel und beantragter Zuschuss zusammen.</p>"
            "<p>Im letzten Schritt sehen Sie alle Angaben noch einmal. Erst mit „Antrag "
            "verbindlich absenden“ ist der Antrag gestellt; Sie erhalten sofort ein Aktenzeichen "
            "und eine Eingangsbestätigung per E-Mail.</p>"
        ),
        heading("Zwischenspeichern und später weitermachen"),
        paragraph(
            "<p>Mit „Zwischenspeichern“ bewahren wir Ihre Angaben und Dateien 30 Tage lang auf. "
            "Sie erhalten einen persönlichen Link: auf der Seite und per E-Mail an die Adresse "
            "der Ansprechperson. Mit diesem Link machen Sie später weiter, auch an einem anderen "
            "Gerät. Danach wird der Entwurf mit allen Dateien gelöscht.</p>"
        ),
        heading("Ihre Statusseite"),
        paragraph(
            "<p>Die Eingangsbestätigung enthält den Link zu Ihrer persönlichen Statusseite. Dort "
            "sehen Sie den Stand Ihres Antrags und seinen Verlauf und eine Kopie Ihrer Angaben "
            "zum Ausdrucken. Bitte geben Sie den Link nicht weiter.</p>"
        ),
        heading("Rückfragen"),
        paragraph(
            "<p>Wenn wir etwas wissen müssen, stellen wir eine Rückfrage und schreiben Ihnen "
            "eine E-Mail. Sie antworten auf der Statusseite und können dort auch Unterlagen "
            "nachreichen.</p>"
        ),
        heading("Antrag zurückziehen"),
        paragraph(
            "<p>Solange über Ihren Antrag nicht entschieden ist, können Sie ihn auf der "
            "Statusseite zurückziehen. Danach bearbeiten wir ihn nicht weiter.</p>"
        ),
    )


def ensure_help_page(grants, application, report):
    """„Hilfe zum Antrag“ below „Zuschüsse“, after the form."""
    return ensure_child(
        grants,
        StandardPage,
        HELP_SLUG,
        report,
        title="Hilfe zum Antrag",
        intro=HELP_INTRO,
        body=help_body(application),
    )


DEMO_ROUND_TITLE = "Zuschüsse {year}"
DEMO_ROUND_DESCRIPTION = "Demo-Runde: Antragszeitraum und Budget dieser Runde: {gap}"


def ensure_open_round(report, today=None):
    """One round for the current year, open all year, unless a round of that year exists."""
    today = today or timezone.localdate()
    if FundingRound.objects.filter(year=today.year).exists():
        return None
    opens = datetime.datetime(today.year, 1, 1, 0, 0, tzinfo=BERLIN)
    closes = datetime.datetime(today.year, 12, 31, 23, 59, tzinfo=BERLIN)
    if FundingRound.objects.filter(opens_at__lte=closes, closes_at__gte=opens).exists():
        return None
    funding_round = FundingRound.objects.create(
        title=DEMO_ROUND_TITLE.format(year=today.year),
        year=today.year,
        opens_at=opens,
        closes_at=closes,
        description=DEMO_ROUND_DESCRIPTION.format(gap=GAP),
    )
    report.add(f"funding round {funding_round.title}")
    return funding_round


def ensure_letter_templates(report):
    """The approval and rejection notices as templates staff can edit (menu
    „Bescheidvorlagen“): the app's defaults, whose legal remedy text is an editorial gap."""
    for kind in LetterKind.values:
        if not DecisionLetterTemplate.objects.filter(kind=kind).exists():
            template = default_template(kind)
            template.save()
            report.add(f"decision letter template {template.title}")


def ensure_home_teaser(home, grants, report):
    """Link the home page's grants teaser to the grants page once."""
    if home.grants_page_id:
        return
    home.grants_page = grants
    home.save_revision().publish()
    report.add("home page grants link")


@transaction.atomic
def load():
    report = LoadReport()
    home = HomePage.objects.filter(depth=2, locale=Locale.get_default()).first()
    if home is None:  # zib_wagtail.demo.home builds the home page first
        return report
    grants, application = ensure_pages(home, report)
    ensure_help_page(grants, application, report)
    ensure_open_round(report)
    ensure_letter_templates(report)
    ensure_home_teaser(home.specific, grants, report)
    return report
