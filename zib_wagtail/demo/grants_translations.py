"""Translations of the grants demo pages: „Zuschüsse“ and the application form page („Antrag
stellen“) in every language of home_translations.LANGUAGES. Made with wagtail-localize like
zib_wagtail.demo.home_translations; written from the German demo text, no added facts,
editorial gaps kept as gaps.

The German strings of the other languages are in zib_wagtail.demo.languages.
"""

from django.db import transaction
from wagtail.models import Locale

from grants.models import FundingRound, FundingRoundTranslation, GrantApplicationPage, GrantsPage
from home.models import HomePage
from projects.models import ProjectIndexPage
from zib_wagtail.core.models import StandardPage
from zib_wagtail.demo.grants import DEMO_ROUND_DESCRIPTION, DEMO_ROUND_TITLE, HELP_SLUG
from zib_wagtail.demo.home import GRANTS_TEXT, LoadReport
from zib_wagtail.demo.home_translations import (
    GAP,
    LANGUAGES,
    Sources,
    strings_for,
    translate,
)

EN_GRANTS = {
    "Zuschüsse": "Grants",
    "zuschuesse": "grants",
    GRANTS_TEXT: (
        "Every year the Committee for Social Affairs and Integration awards grants to "
        "intercultural associations and migrant organisations. The ZIB receives the applications "
        "and awards grants for projects and events."
    ),
    "Wer kann einen Antrag stellen?": "Who can apply?",
    "Zuschüsse erhalten interkulturell tätige Vereine und Migrant*innenorganisationen.": (
        "Grants are awarded to intercultural associations and migrant organisations."
    ),
    f"Weitere Voraussetzungen: {GAP}": f"Further requirements: {GAP}",
    "Was wird gefördert?": "What is funded?",
    "Das ZIB vergibt Zuschüsse für Projekte und Veranstaltungen.": (
        "The ZIB awards grants for projects and events."
    ),
    f"Förderfähige Kosten und Höhe der Zuschüsse: {GAP}": (
        f"Eligible costs and amount of the grants: {GAP}"
    ),
    "Wie wird entschieden?": "How is the decision made?",
    "Das ZIB nimmt die Anträge entgegen. Über die Zuschüsse entscheidet der Ausschuss für soziale "
    "Angelegenheiten und Integration; er vergibt sie jährlich.": (
        "The ZIB receives the applications. The Committee for Social Affairs and Integration "
        "decides on the grants; it awards them every year."
    ),
    f"Kriterien der Entscheidung: {GAP}": f"Decision criteria: {GAP}",
    "Fristen": "Deadlines",
    "Anträge können während einer Antragsrunde gestellt werden. Beginn und Antragsfrist der "
    "aktuellen Runde stehen oben im Kasten „Aktuelle Antragsrunde“.": (
        "Applications can be made during an application round. The start and the deadline of the "
        "current round are shown in the box “Current application round” above."
    ),
    "Downloads": "Downloads",
    f"Förderrichtlinien und Vordrucke: {GAP}": f"Funding guidelines and forms: {GAP}",
    "Häufige Fragen": "Frequently asked questions",
    "Wie stelle ich einen Antrag?": "How do I apply?",
    'Über das <a id="a1">Online-Antragsformular</a>. Sie erhalten sofort ein Aktenzeichen und '
    "eine Eingangsbestätigung per E-Mail.": (
        'With the <a id="a1">online application form</a>. You immediately receive a reference '
        "number and a confirmation of receipt by e-mail."
    ),
    "Welche Unterlagen brauche ich?": "Which documents do I need?",
    "Einen Kosten- und Finanzierungsplan (Pflicht) und bis zu fünf weitere Anlagen, z. B. Ihre "
    "Satzung. Erlaubt sind PDF, JPEG, PNG, DOCX, XLSX, ODT und ODS, höchstens 10 MB je Datei und "
    "25 MB insgesamt.": (
        "A cost and financing plan (required) and up to five further attachments, e.g. your "
        "statutes. Allowed are PDF, JPEG, PNG, DOCX, XLSX, ODT and ODS, at most 10 MB per file "
        "and 25 MB in total."
    ),
    "Wer entscheidet über meinen Antrag?": "Who decides on my application?",
    "Der Ausschuss für soziale Angelegenheiten und Integration.": (
        "The Committee for Social Affairs and Integration."
    ),
}

EN_APPLICATION = {
    "Antrag stellen": "Apply for a grant",
    "antrag": "application",
    "Hier beantragen interkulturell tätige Vereine und Migrant*innenorganisationen einen Zuschuss "
    "für ein Projekt oder eine Veranstaltung.": (
        "Here intercultural associations and migrant organisations apply for a grant for a "
        "project or an event."
    ),
    "Verantwortlich für die Verarbeitung Ihrer Angaben ist das Zuwanderungs- und "
    "Integrationsbüro (ZIB). Wir verarbeiten Ihre Angaben und Anlagen, um Ihren Antrag zu prüfen, "
    "dem Ausschuss für soziale Angelegenheiten und Integration zur Entscheidung vorzulegen und den "
    "Zuschuss auszuzahlen.": (
        "The Immigration and Integration Office (ZIB) is responsible for processing your details. "
        "We process your details and attachments in order to examine your application, to put it "
        "to the Committee for Social Affairs and Integration for a decision and to pay out the "
        "grant."
    ),
    "Die Angaben werden zehn Jahre nach Abschluss der Antragsrunde gelöscht.": (
        "The details are deleted ten years after the end of the application round."
    ),
    f"Rechtsgrundlage, Empfänger und Ihre Rechte: {GAP}": (
        f"Legal basis, recipients and your rights: {GAP}"
    ),
    "Das ZIB prüft Ihren Antrag und meldet sich bei Rückfragen. Über den Zuschuss entscheidet der "
    "Ausschuss für soziale Angelegenheiten und Integration.": (
        "The ZIB examines your application and contacts you if it has questions. The Committee "
        "for Social Affairs and Integration decides on the grant."
    ),
}

AR_GRANTS = {
    "Zuschüsse": "المنح",
    "zuschuesse": "grants",
    GRANTS_TEXT: (
        "تمنح لجنة الشؤون الاجتماعية والاندماج سنويًا منحًا للجمعيات العاملة في المجال بين "
        "الثقافات ولمنظمات المهاجرين. ويستقبل مكتب الهجرة والاندماج الطلبات ويمنح المنح للمشاريع "
        "والفعاليات."
    ),
    "Wer kann einen Antrag stellen?": "من يمكنه تقديم طلب؟",
    "Zuschüsse erhalten interkulturell tätige Vereine und Migrant*innenorganisationen.": (
        "تحصل على المنح الجمعيات العاملة في المجال بين الثقافات ومنظمات المهاجرين."
    ),
    f"Weitere Voraussetzungen: {GAP}": f"شروط أخرى: {GAP}",
    "Was wird gefördert?": "ما الذي يتم دعمه؟",
    "Das ZIB vergibt Zuschüsse für Projekte und Veranstaltungen.": (
        "يمنح المكتب منحًا للمشاريع والفعاليات."
    ),
    f"Förderfähige Kosten und Höhe der Zuschüsse: {GAP}": (
        f"التكاليف القابلة للدعم وقيمة المنح: {GAP}"
    ),
    "Wie wird entschieden?": "كيف يتم اتخاذ القرار؟",
    "Das ZIB nimmt die Anträge entgegen. Über die Zuschüsse entscheidet der Ausschuss für soziale "
    "Angelegenheiten und Integration; er vergibt sie jährlich.": (
        "يستقبل المكتب الطلبات. وتقرّر لجنة الشؤون الاجتماعية والاندماج بشأن المنح، وهي تمنحها "
        "سنويًا."
    ),
    f"Kriterien der Entscheidung: {GAP}": f"معايير القرار: {GAP}",
    "Fristen": "المواعيد النهائية",
    "Anträge können während einer Antragsrunde gestellt werden. Beginn und Antragsfrist der "
    "aktuellen Runde stehen oben im Kasten „Aktuelle Antragsrunde“.": (
        "يمكن تقديم الطلبات خلال جولة تقديم الطلبات. ويظهر موعد بدء الجولة الحالية وآخر موعد "
        "لتقديم الطلبات فيها في المربع أعلاه الخاص بجولة تقديم الطلبات الحالية."
    ),
    "Downloads": "التنزيلات",
    f"Förderrichtlinien und Vordrucke: {GAP}": f"إرشادات الدعم والنماذج: {GAP}",
    "Häufige Fragen": "أسئلة شائعة",
    "Wie stelle ich einen Antrag?": "كيف أقدّم طلبًا؟",
    'Über das <a id="a1">Online-Antragsformular</a>. Sie erhalten sofort ein Aktenzeichen und '
    "eine Eingangsbestätigung per E-Mail.": (
        'عبر <a id="a1">نموذج الطلب الإلكتروني</a>. ستحصلون فورًا على رقم مرجعي وعلى تأكيد '
        "بالاستلام عبر البريد الإلكتروني."
    ),
    "Welche Unterlagen brauche ich?": "ما المستندات التي أحتاجها؟",
    "Einen Kosten- und Finanzierungsplan (Pflicht) und bis zu fünf weitere Anlagen, z. B. Ihre "
    "Satzung. Erlaubt sind PDF, JPEG, PNG, DOCX, XLSX, ODT und ODS, höchstens 10 MB je Datei und "
    "25 MB insgesamt.": (
        "خطة للتكاليف والتمويل (إلزامية) وما يصل إلى خمسة مرفقات أخرى، مثل النظام الأساسي "
        "لجمعيتكم. الصيغ المسموح بها: PDF وJPEG وPNG وDOCX وXLSX وODT وODS، بحد أقصى 10 ميغابايت "
        "لكل ملف و25 ميغابايت إجمالًا."
    ),
    "Wer entscheidet über meinen Antrag?": "من يقرّر بشأن طلبي؟",
    "Der Ausschuss für soziale Angelegenheiten und Integration.": (
        "لجنة الشؤون الاجتماعية والاندماج."
    ),
}


#: The demo round's description („Demo-Runde: Antragszeitraum und Budget dieser Runde: …“).
ROUND_DESCRIPTIONS = {
    "en": "Demo round: application period and budget of this round: {gap}",
    "ar": "جولة تجريبية: فترة تقديم الطلبات وميزانية هذه الجولة: {gap}",
    "tr": "Deneme dönemi: bu dönemin başvuru süresi ve bütçesi: {gap}",
    "uk": "Демонстраційний раунд: період подання заявок і бюджет цього раунду: {gap}",
    "ru": "Демонстрационный раунд: период подачи заявок и бюджет этого раунда: {gap}",
}


def translate_demo_rounds(report):
    """The demo round's title and description in every language; rounds editors made (or
    retitled) are left alone."""
    for funding_round in FundingRound.objects.all():
        if funding_round.title != DEMO_ROUND_TITLE.format(year=funding_round.year):
            continue
        if funding_round.description != DEMO_ROUND_DESCRIPTION.format(gap=GAP):
            continue
        present = set(funding_round.translations.values_list("language", flat=True))
        for language_code in LANGUAGES:
            if language_code in present or language_code not in ROUND_DESCRIPTIONS:
                continue
            FundingRoundTranslation.objects.create(
                funding_round=funding_round,
                language=language_code,
                title=f"{strings_for(language_code)['Zuschüsse']} {funding_round.year}",
                description=ROUND_DESCRIPTIONS[language_code].format(gap=GAP),
            )
            report.add(f"funding round {funding_round.title} in {language_code}")


@transaction.atomic
def load():
    report = LoadReport()
    translate_demo_rounds(report)
    home = HomePage.objects.filter(depth=2, locale=Locale.get_default()).first()
    grants = GrantsPage.objects.child_of(home).first() if home else None
    if grants is None:
        return report
    sources = Sources()
    application = GrantApplicationPage.objects.child_of(grants).first()
    help_page = StandardPage.objects.child_of(grants).filter(slug=HELP_SLUG).first()
    present = set(Locale.objects.values_list("language_code", flat=True))
    for language_code in LANGUAGES:
        if language_code not in present:
            continue
        strings = strings_for(language_code)
        locale = Locale.objects.get(language_code=language_code)
        is_new = grants.get_translation_or_none(locale) is None
        translated = translate(grants, language_code, strings, report, sources)
        if is_new:
            place_after_projects(translated, locale)
        if application is not None:
            translate(application, language_code, strings, report, sources)
        if help_page is not None:
            translate(help_page, language_code, strings, report, sources)
    return report


def place_after_projects(translated_grants, locale):
    """In the menu „Zuschüsse“ follows „Projekte“ in every language, as in German."""
    index = ProjectIndexPage.objects.filter(locale=locale, depth=translated_grants.depth).first()
    if index is not None and index.get_parent().pk == translated_grants.get_parent().pk:
        translated_grants.move(index, pos="right")
