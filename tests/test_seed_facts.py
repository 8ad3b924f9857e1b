"""Every fact of the seed (shared/seed/zib-office-page.de.txt) is on the page where it belongs.

Strings are compared with the response text after resolving HTML entities, so „Migrant*innen“
and „Ämter“ match however the template escapes them.
"""

import pytest
from wagtail.models import Page

from tests.builders import soup
from zib_wagtail.core import conf

pytestmark = pytest.mark.django_db

GAP = str(conf.editorial_gap())

CONTACT_FACTS = [
    "Zuwanderungs- und Integrationsbüro (ZIB)",
    "Rathaus St. Johann, Raum 224",
    "Rathausplatz 1",
    "66111 Saarbrücken",
    "0681 9051588",
    "zib@saarbruecken.de",
    "http://www.saarbruecken.de/zib",
]

FOCUS_AREAS = [
    "Situation bestimmter Bevölkerungsgruppen",
    "gesellschaftliche Zusammenhalt",
    "Bedarf von Hochqualifizierten, die das Fachkräfteeinwanderungsgesetz von 2020 "
    "in den Blick fasst",
]

GRANTS = [
    "Der Ausschuss für soziale Angelegenheiten und Integration vergibt jährlich Zuschüsse an "
    "interkulturell tätige Vereine und Migrant*innenorganisationen.",
    "Das ZIB nimmt die Anträge entgegen und vergibt Zuschüsse für Projekte und Veranstaltungen.",
]

SEED_FACTS = {
    "/": [
        "Zuwanderungs- und Integrationsbüro",
        "Landeshauptstadt",
        "seit 2003",
        "Strategien im Umgang mit Migration und Vielfalt",
        "neue Projekte an",
        "Ressourcen für die kommunale Integrationsarbeit",
        *FOCUS_AREAS,
        "Zuschüsse an interkulturell tätige Vereine",
        "Ausschuss für soziale Angelegenheiten und Integration",
        "interkulturell tätige Vereine",
        "PatchWorkCity",
        "Bildungswerkstatt",
        "Haus des Ankommens",
        "Integrationskonzept",
    ],
    "/ueber-das-zib/": [
        "Das Zuwanderungs- und Integrationsbüro (ZIB) gibt es seit 2003.",
        "Stabsstelle im Dezernat für Finanzen und Nachhaltigkeit",
        "Geschäftsstelle des Integrationsbeirats",
        "entwickelt Strategien im Umgang mit Migration und Vielfalt",
        "Es stößt neue Projekte an.",
        "Und es erschließt Ressourcen für die kommunale Integrationsarbeit.",
        "Netzwerkpartnerinnen und Netzwerkpartner",
        "Fachveranstaltungen, Fortbildungen und Workshops",
        "immer das Ganze im Auge zu behalten",
        *FOCUS_AREAS,
        "Fachkräfteeinwanderungsgesetz von 2020",
        "Gemeinsam mit anderen Vielfalt gestalten",
        "anderen Ämtern",
        "Gemeinwesenarbeit",
        "Migrant*innenorganisationen",
        "strategisch ausgerichteten Stadtteilentwicklung",
        "die Bürgerinnen und Bürger zu beteiligen und mit ihnen im Dialog zu sein",
        "Neue Entwicklungen",
        "Exemplarisch für seine Arbeitsweise stehen die vielen Projekte",
        "Von 2017 bis 2019",
        "Kirchberg in Malstatt",
        "Bis 2026",
        "Das Integrationskonzept von 2007 wurde 2020",
        *GRANTS,
        *CONTACT_FACTS,
    ],
    "/projekte/": [
        "Exemplarisch für die Arbeitsweise des ZIB stehen die vielen Projekte",
        "PatchWorkCity",
        "Bildungswerkstatt",
        "Haus des Ankommens",
        "Integrationskonzept",
    ],
    "/projekte/patchworkcity/": [
        "PatchWorkCity",
        "2017",
        "2019",
        "2017–2019",
        "gemeinsam mit anderen Ämtern und vielen Mitwirkenden",
        "die Integrationspolitik der Stadt neu ausgerichtet",
        "Abgeschlossen",
    ],
    "/projekte/bildungswerkstatt/": [
        "Bildungswerkstatt",
        "Kirchberg",
        "Malstatt",
        "Kirchberg, Malstatt",
        "wird aktuell ein Bildungszentrum gebaut",
        "neue Impulse für Bildung und Bildungsraumkoordination",
        "Laufend",
    ],
    "/projekte/haus-des-ankommens/": [
        "Haus des Ankommens",
        "2026",
        "bis 2026",
        "Konzept für eine zentrale Anlaufstelle",
        "Informationen für alle neuzugewanderten Menschen",
        "In Konzeption",
    ],
    "/projekte/integrationskonzept/": [
        "Integrationskonzept",
        "2007",
        "2020",
        "ab 2007",
        "durch ein neues Konzept für den Umgang mit Migration und Vielfalt abgelöst",
    ],
    "/integrationsbeirat/": [
        "Integrationsbeirat",
        "Geschäftsstelle des Integrationsbeirats",
        GAP,
        *CONTACT_FACTS,
    ],
    "/kontakt/": [
        "Adresse und Kontakt",
        "Geschäftsstelle des Integrationsbeirats",
        *CONTACT_FACTS,
    ],
    "/impressum/": ["Herausgeber", *CONTACT_FACTS, "Verantwortlich für den Inhalt", GAP],
    "/datenschutz/": ["Verantwortliche Stelle", *CONTACT_FACTS, GAP],
    "/barrierefreiheit/": ["Erklärung zur Barrierefreiheit", *CONTACT_FACTS, GAP],
    # The applicants' help below „Zuschüsse“: no seed facts, how the form behaves
    # (tests/grants/test_form_steps.py holds the software to it).
    "/zuschuesse/hilfe-zum-antrag/": [
        "Das Online-Antragsformular hat fünf Schritte",
        "Mit „Zwischenspeichern“ bewahren wir Ihre Angaben und Dateien 30 Tage lang auf.",
        "können Sie ihn auf der Statusseite zurückziehen",
    ],
    "/leichte-sprache/": [
        "Leichte Sprache",
        "Das ZIB gibt es seit dem Jahr 2003.",
        "Ausschuss für soziale Angelegenheiten und Integration",
        "Bis zum Jahr 2026",
        *CONTACT_FACTS,
    ],
}


def reading_text(node):
    """The text as a reader gets it: inline markup (links, <bdi> isolates) joins without gaps,
    line breaks and blocks separate."""
    for br in node.find_all("br"):
        br.replace_with("\n")
    for block in node.find_all(["p", "li", "dt", "dd", "h1", "h2", "h3", "div", "address"]):
        block.insert_after("\n")
    return " ".join(node.get_text().split())


@pytest.mark.parametrize("url", SEED_FACTS)
def test_seed_facts_are_on_their_page(client, module_demo_site, url):
    response = client.get(url)

    assert response.status_code == 200
    text = reading_text(soup(response))
    missing = [fact for fact in SEED_FACTS[url] if fact not in text]
    assert missing == [], f"{url} lacks {missing}"


def test_every_seed_page_is_in_the_table(module_demo_site):
    """A page added to the demo content needs its facts listed above."""
    # Pages of other apps (e.g. grants) have their own tests.
    pages = Page.objects.live().descendant_of(module_demo_site, inclusive=True)
    pages = pages.filter(content_type__app_label__in=["home", "zib_core", "projects"])
    urls = {page.url for page in pages}
    assert urls <= set(SEED_FACTS)


def test_contact_page_links_phone_email_and_website(client, module_demo_site):
    main = soup(client.get("/kontakt/")).find("main")

    assert main.find("a", href="tel:+496819051588").get_text(strip=True) == "0681 9051588"
    assert main.find("a", href="mailto:zib@saarbruecken.de")
    assert main.find("a", href="http://www.saarbruecken.de/zib")


def test_every_page_carries_the_contact_data_in_its_footer(client, module_demo_site):
    pages = Page.objects.live().public().descendant_of(module_demo_site, inclusive=True)
    assert pages.count() >= 12

    for page in pages:
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        footer = soup(response).find("footer")
        text = reading_text(footer)
        missing = [fact for fact in CONTACT_FACTS if fact not in text]
        assert missing == [], f"footer of {page.url} lacks {missing}"
        assert footer.find("a", href="tel:+496819051588"), page.url
        assert footer.find("a", href="mailto:zib@saarbruecken.de"), page.url
        assert footer.find("a", href="http://www.saarbruecken.de/zib"), page.url


def test_imprint_marks_the_missing_responsible_person_as_a_gap(client, module_demo_site):
    main = soup(client.get("/impressum/")).find("main")

    heading = main.find("h2", string="Verantwortlich für den Inhalt")
    assert heading.find_next("p").get_text(strip=True) == GAP


def test_opening_hours_are_marked_as_a_gap(client, module_demo_site):
    for url in ("/kontakt/", "/"):
        footer = soup(client.get(url)).find("footer")
        hours = footer.find("dt", string="Sprechzeiten")
        assert hours is not None, url
        assert hours.find_next_sibling("dd").get_text(strip=True) == GAP, url
