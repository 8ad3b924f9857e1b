"""The demo site, written from the office's public page (shared/seed/zib-office-page.de.txt).

Every fact here comes from that page. Where a page needs a fact the seed lacks, the text says
so with the editorial-gap marker (zib_wagtail.core.conf.editorial_gap()) for editors to fill in.

Loading is idempotent: objects are looked up by slug or name and only created when missing;
existing pages are never overwritten, so editors' changes survive a second run.
"""

import json
import uuid
from dataclasses import dataclass, field

from django.apps import apps
from django.db import transaction
from wagtail.models import Locale, Page, Site

from home.models import HomePage, HomePageFeaturedProject
from projects.models import ProjectIndexPage, ProjectPage, ProjectStatus
from zib_wagtail.core import conf
from zib_wagtail.core.models import District, OfficeSettings, Partner, StandardPage, Topic

GAP = str(conf.editorial_gap())


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)

    def add(self, label):
        self.created.append(label)


def stream(*blocks):
    """StreamField data from (block_type, value) pairs, as the raw JSON Wagtail stores."""
    return json.dumps(
        [{"type": kind, "value": value, "id": str(uuid.uuid4())} for kind, value in blocks]
    )


def heading(text, level="h2"):
    return ("heading", {"text": text, "level": level})


def paragraph(html):
    return ("paragraph", html)


def office_contact(heading_text=""):
    """A contact card left empty so that it shows the office data from OfficeSettings."""
    return (
        "contact_card",
        {"heading": heading_text, "name": "", "role": "", "phone": "", "email": "", "note": ""},
    )


def page_link(page, text=None):
    return f'<a linktype="page" id="{page.id}">{text or page.title}</a>'


# --- Office data -------------------------------------------------------------------------------

OFFICE = {
    "name": "Zuwanderungs- und Integrationsbüro",
    "short_name": "ZIB",
    "placement": "Stabsstelle im Dezernat für Finanzen und Nachhaltigkeit",
    "parent_organisation": "Landeshauptstadt Saarbrücken",
    "founded_year": 2003,
    "building": "Rathaus St. Johann",
    "room": "224",
    "street": "Rathausplatz 1",
    "postcode": "66111",
    "city": "Saarbrücken",
    "phone": "0681 9051588",
    "email": "zib@saarbruecken.de",
    "website": "http://www.saarbruecken.de/zib",
    "opening_hours": GAP,
}

FOCUS_AREAS = [
    ("Bevölkerungsgruppen", "Die Situation bestimmter Bevölkerungsgruppen."),
    ("Gesellschaftlicher Zusammenhalt", "Der gesellschaftliche Zusammenhalt."),
    (
        "Hochqualifizierte",
        "Der Bedarf von Hochqualifizierten, die das Fachkräfteeinwanderungsgesetz von 2020 "
        "in den Blick fasst.",
    ),
]

GRANTS_TEXT = (
    "Der Ausschuss für soziale Angelegenheiten und Integration vergibt jährlich Zuschüsse an "
    "interkulturell tätige Vereine und Migrant*innenorganisationen. Das ZIB nimmt die Anträge "
    "entgegen und vergibt Zuschüsse für Projekte und Veranstaltungen."
)

PARTNERS = [
    (
        "Ämter der Landeshauptstadt",
        Partner.Kind.CITY_OFFICE,
        "Andere Ämter der Stadtverwaltung, mit denen das ZIB eng zusammenarbeitet.",
    ),
    (
        "Gemeinwesenarbeit",
        Partner.Kind.COMMUNITY_WORK,
        "Die Gemeinwesenarbeit in den Stadtteilen, mit der das ZIB an einer strategisch "
        "ausgerichteten Stadtteilentwicklung arbeitet.",
    ),
    (
        "Migrant*innenorganisationen",
        Partner.Kind.MIGRANT_ORGANISATION,
        "Organisationen von Migrantinnen und Migranten, mit denen das ZIB eng zusammenarbeitet.",
    ),
]

TOPICS = [
    ("integrationspolitik", "Integrationspolitik"),
    ("bildung", "Bildung"),
    ("neuzugewanderte", "Neuzugewanderte"),
    ("migration-und-vielfalt", "Migration und Vielfalt"),
]

DISTRICTS = [("malstatt", "Malstatt")]

PROJECTS = [
    {
        "title": "PatchWorkCity",
        "slug": "patchworkcity",
        "summary": "Von 2017 bis 2019 hat das ZIB gemeinsam mit anderen Ämtern und vielen "
        "Mitwirkenden die Integrationspolitik der Stadt neu ausgerichtet.",
        "start_year": 2017,
        "end_year": 2019,
        "topics": ["integrationspolitik"],
        "partners": ["Ämter der Landeshauptstadt"],
    },
    {
        "title": "Bildungswerkstatt",
        "slug": "bildungswerkstatt",
        "summary": "Auf dem Kirchberg in Malstatt wird aktuell ein Bildungszentrum gebaut. "
        "Damit werden neue Impulse für Bildung und Bildungsraumkoordination gesetzt.",
        "district": "malstatt",
        "location": "Kirchberg",
        "topics": ["bildung"],
    },
    {
        "title": "Haus des Ankommens",
        "slug": "haus-des-ankommens",
        "summary": "Bis 2026 wird ein Konzept für eine zentrale Anlaufstelle entwickelt. Dort gibt "
        "es Informationen für alle neuzugewanderten Menschen.",
        "end_year": 2026,
        "status_override": ProjectStatus.CONCEPT,
        "topics": ["neuzugewanderte"],
    },
    {
        "title": "Integrationskonzept",
        "slug": "integrationskonzept",
        "summary": "Das Integrationskonzept von 2007 wurde 2020 durch ein neues Konzept für den "
        "Umgang mit Migration und Vielfalt abgelöst.",
        "start_year": 2007,
        "topics": ["integrationspolitik", "migration-und-vielfalt"],
    },
]


# „Leichte Sprache“ (German easy language): short sentences, one idea each, hard words explained.
EASY_LANGUAGE = [
    heading("Was ist das ZIB?"),
    paragraph(
        "<p>ZIB ist eine Abkürzung.</p>"
        "<p>ZIB bedeutet: Zuwanderungs- und Integrations-Büro.</p>"
        "<p>Zuwanderung bedeutet: Menschen kommen aus einem anderen Land hierher.</p>"
        "<p>Integration bedeutet: Alle Menschen gehören dazu. Alle können mitmachen.</p>"
        "<p>Das ZIB ist ein Büro der Stadt Saarbrücken.</p>"
        "<p>Das ZIB gibt es seit dem Jahr 2003.</p>"
    ),
    heading("Was macht das ZIB?"),
    paragraph(
        "<ul>"
        "<li>Das ZIB macht Pläne für das Zusammen-Leben von vielen verschiedenen Menschen in der "
        "Stadt.</li>"
        "<li>Das ZIB beginnt neue Projekte. Ein Projekt ist eine Arbeit mit einem Ziel.</li>"
        "<li>Das ZIB arbeitet mit anderen Ämtern zusammen. Ein Amt ist ein Teil der "
        "Stadt-Verwaltung.</li>"
        "<li>Das ZIB arbeitet auch mit Vereinen von Menschen zusammen, die eingewandert "
        "sind.</li>"
        "<li>Das ZIB macht Veranstaltungen und Fortbildungen. Bei einer Fortbildung lernen "
        "Menschen etwas Neues für ihre Arbeit.</li>"
        "</ul>"
    ),
    heading("Ein Ort für neue Menschen in der Stadt"),
    paragraph(
        "<p>Das Projekt heißt: Haus des Ankommens.</p>"
        "<p>Es soll eine zentrale Anlauf-Stelle geben.</p>"
        "<p>Dort bekommen Menschen Informationen. Die Menschen sind neu in die Stadt "
        "gekommen.</p>"
        "<p>Bis zum Jahr 2026 wird dafür ein Plan gemacht.</p>"
    ),
    heading("Geld für Vereine"),
    paragraph(
        "<p>Manche Vereine arbeiten mit Menschen aus verschiedenen Kulturen.</p>"
        "<p>Diese Vereine können Geld von der Stadt bekommen. Das Geld heißt: Zuschuss.</p>"
        "<p>Dafür schreibt der Verein einen Antrag. Das ZIB nimmt die Anträge an.</p>"
        "<p>Über das Geld entscheidet der Ausschuss für soziale Angelegenheiten und "
        "Integration. Er gibt jedes Jahr Geld.</p>"
    ),
    heading("So erreichen Sie das ZIB"),
    office_contact(),
]


# --- Helpers -----------------------------------------------------------------------------------


def grants_privacy_section():
    """The privacy page's section on grant applications: the retention periods as the grants
    settings have them (grants.retention), not as a copy of today's numbers."""
    if not apps.is_installed("grants"):
        return []
    from grants.retention import privacy_notice_html

    return [heading("Anträge auf Zuschüsse"), paragraph(privacy_notice_html())]


def ensure_child(parent, model, slug, report, **fields):
    """Return the child page with this slug, creating and publishing it when it is missing."""
    existing = parent.get_children().filter(slug=slug).specific().first()
    if existing is not None:
        return existing
    page = model(slug=slug, locale=parent.locale, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    report.add(f"page {page.url_path}")
    return page


def ensure_home_page(report):
    """The site's home page, replacing Wagtail's placeholder „Welcome“ page on a fresh install."""
    locale = Locale.get_default()
    root = Page.get_first_root_node()
    home = HomePage.objects.filter(depth=2, locale=locale).first()
    if home is None:
        placeholder = root.get_children().filter(slug="home").exact_type(Page).first()
        if placeholder is not None and not placeholder.get_children().exists():
            placeholder.delete()
        home = HomePage(
            title="Zuwanderungs- und Integrationsbüro",
            slug="home",
            locale=locale,
            seo_title="Zuwanderungs- und Integrationsbüro der Landeshauptstadt",
            intro=(
                "<p>Das Zuwanderungs- und Integrationsbüro (ZIB) der Landeshauptstadt "
                "Saarbrücken gibt es seit 2003. Es entwickelt Strategien im Umgang mit "
                "Migration und Vielfalt, stößt neue Projekte an und erschließt Ressourcen für "
                "die kommunale Integrationsarbeit.</p>"
            ),
            focus_heading="Das Ganze im Auge behalten",
            focus_intro="Dabei ist es dem ZIB wichtig, immer das Ganze im Auge zu behalten:",
            focus_areas=stream(*[("focus_area", {"title": t, "text": x}) for t, x in FOCUS_AREAS]),
            projects_heading="Neue Entwicklungen",
            grants_heading="Zuschüsse an interkulturell tätige Vereine",
            grants_text=GRANTS_TEXT,
        )
        root.add_child(instance=home)
        home.save_revision().publish()
        report.add("page / (home)")

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name="Zuwanderungs- und Integrationsbüro",
        )
        report.add("site")
    elif site.root_page_id != home.id:
        site.root_page = home
        site.site_name = site.site_name or "Zuwanderungs- und Integrationsbüro"
        site.save()
        report.add("site root")
    return home, Site.objects.get(is_default_site=True)


def ensure_snippets(report):
    locale = Locale.get_default()
    partners = {}
    for name, kind, description in PARTNERS:
        partner, created = Partner.objects.get_or_create(
            name=name, locale=locale, defaults={"kind": kind, "description": description}
        )
        partners[name] = partner
        if created:
            report.add(f"partner {name}")
    topics = {}
    for slug, name in TOPICS:
        topic, created = Topic.objects.get_or_create(
            slug=slug, locale=locale, defaults={"name": name}
        )
        topics[slug] = topic
        if created:
            report.add(f"topic {name}")
    districts = {}
    for slug, name in DISTRICTS:
        district, created = District.objects.get_or_create(
            slug=slug, locale=locale, defaults={"name": name}
        )
        districts[slug] = district
        if created:
            report.add(f"district {name}")
    return partners, topics, districts


def ensure_projects(home, report):
    partners, topics, districts = ensure_snippets(report)
    index = ensure_child(
        home,
        ProjectIndexPage,
        "projekte",
        report,
        title="Projekte",
        show_in_menus=True,
        intro="Exemplarisch für die Arbeitsweise des ZIB stehen die vielen Projekte. Sie zeigen, "
        "wie das ZIB Strategien im Umgang mit Migration und Vielfalt entwickelt und gemeinsam "
        "mit anderen umsetzt.",
    )
    projects = []
    for spec in PROJECTS:
        spec = dict(spec)
        spec["topics"] = [topics[slug] for slug in spec.get("topics", [])]
        spec["partners"] = [partners[name] for name in spec.get("partners", [])]
        spec["district"] = districts.get(spec.get("district"))
        projects.append(ensure_child(index, ProjectPage, spec.pop("slug"), report, **spec))
    return index, projects


def ensure_standard_pages(home, projects, report):
    by_slug = {page.slug: page for page in projects}
    project_list = "".join(
        f"<li>{page_link(by_slug[slug])}: {text}</li>"
        for slug, text in [
            (
                "patchworkcity",
                "Von 2017 bis 2019 hat das ZIB gemeinsam mit anderen Ämtern und vielen "
                "Mitwirkenden die Integrationspolitik der Stadt neu ausgerichtet.",
            ),
            (
                "bildungswerkstatt",
                "Aktuell wird auf dem Kirchberg in Malstatt ein Bildungszentrum gebaut. Damit "
                "werden neue Impulse für Bildung und Bildungsraumkoordination gesetzt.",
            ),
            (
                "haus-des-ankommens",
                "Bis 2026 wird ein Konzept für eine zentrale Anlaufstelle entwickelt. Dort gibt "
                "es Informationen für alle neuzugewanderten Menschen.",
            ),
            (
                "integrationskonzept",
                "Das Integrationskonzept von 2007 wurde 2020 durch ein neues Konzept für den "
                "Umgang mit Migration und Vielfalt abgelöst.",
            ),
        ]
        if slug in by_slug
    )
    pages = {}
    about_is_new = not home.get_children().filter(slug="ueber-das-zib").exists()
    pages["about"] = ensure_child(
        home,
        StandardPage,
        "ueber-das-zib",
        report,
        title="Über das ZIB",
        show_in_menus=True,
        intro="Das Zuwanderungs- und Integrationsbüro (ZIB) gibt es seit 2003. Es ist eine "
        "Stabsstelle im Dezernat für Finanzen und Nachhaltigkeit. Zum ZIB gehört auch die "
        "Geschäftsstelle des Integrationsbeirats.",
        body=stream(
            heading("Was das ZIB tut"),
            paragraph(
                "<p>Das Zuwanderungs- und Integrationsbüro entwickelt Strategien im Umgang mit "
                "Migration und Vielfalt. Es stößt neue Projekte an. Und es erschließt Ressourcen "
                "für die kommunale Integrationsarbeit. Das ZIB begleitet seine "
                "Netzwerkpartnerinnen und Netzwerkpartner mit Fachveranstaltungen, Fortbildungen "
                "und Workshops.</p>"
                "<p>Dabei ist es dem ZIB wichtig, immer das Ganze im Auge zu behalten:</p><ul>"
                "<li>die Situation bestimmter Bevölkerungsgruppen</li>"
                "<li>der gesellschaftliche Zusammenhalt</li>"
                "<li>der Bedarf von Hochqualifizierten, die das Fachkräfteeinwanderungsgesetz von "
                "2020 in den Blick fasst</li></ul>"
            ),
            heading("Gemeinsam mit anderen Vielfalt gestalten"),
            paragraph(
                "<p>Das ZIB arbeitet eng mit anderen Ämtern, der Gemeinwesenarbeit und "
                "Migrant*innenorganisationen zusammen. Gemeinsam arbeiten sie an einer "
                "strategisch ausgerichteten Stadtteilentwicklung. Es ist ihnen wichtig, die "
                "Bürgerinnen und Bürger zu beteiligen und mit ihnen im Dialog zu sein.</p>"
            ),
            heading("Neue Entwicklungen"),
            paragraph(
                "<p>Exemplarisch für seine Arbeitsweise stehen die vielen Projekte:</p>"
                f"<ul>{project_list}</ul>"
            ),
            heading("Zuschüsse an interkulturell tätige Vereine"),
            paragraph(f"<p>{GRANTS_TEXT}</p>"),
            office_contact("Adresse und Kontakt"),
        ),
    )
    if about_is_new and projects:
        # „Über das ZIB“ links to the projects, so it is created after them but listed first.
        pages["about"].move(projects[0].get_parent(), pos="left")
    pages["council"] = ensure_child(
        home,
        StandardPage,
        "integrationsbeirat",
        report,
        title="Integrationsbeirat",
        show_in_menus=True,
        intro="Zum Zuwanderungs- und Integrationsbüro (ZIB) gehört die Geschäftsstelle des "
        "Integrationsbeirats.",
        body=stream(
            heading("Geschäftsstelle des Integrationsbeirats"),
            paragraph(
                "<p>Die Geschäftsstelle des Integrationsbeirats ist Teil des ZIB und dort "
                "erreichbar.</p>"
                f"<p>Aufgaben, Mitglieder und Sitzungstermine des Integrationsbeirats: {GAP}</p>"
            ),
            office_contact("Kontakt zur Geschäftsstelle"),
        ),
    )
    pages["contact"] = ensure_child(
        home,
        StandardPage,
        "kontakt",
        report,
        title="Kontakt",
        show_in_menus=True,
        intro="So erreichen Sie das Zuwanderungs- und Integrationsbüro (ZIB) und die "
        "Geschäftsstelle des Integrationsbeirats.",
        body=stream(office_contact("Adresse und Kontakt")),
    )
    pages["imprint"] = ensure_child(
        home,
        StandardPage,
        "impressum",
        report,
        title="Impressum",
        intro="Wer diese Website herausgibt und wer für ihren Inhalt verantwortlich ist.",
        body=stream(
            heading("Herausgeber"),
            office_contact(),
            heading("Verantwortlich für den Inhalt"),
            paragraph(f"<p>{GAP}</p>"),
            heading("Vertretungsberechtigt"),
            paragraph(f"<p>{GAP}</p>"),
        ),
    )
    pages["privacy"] = ensure_child(
        home,
        StandardPage,
        "datenschutz",
        report,
        title="Datenschutz",
        intro="Hier erfahren Sie, welche Daten beim Besuch dieser Website verarbeitet werden.",
        body=stream(
            heading("Verantwortliche Stelle"),
            office_contact(),
            heading("Datenschutzbeauftragte Person"),
            paragraph(f"<p>{GAP}</p>"),
            heading("Keine Inhalte von fremden Servern"),
            paragraph(
                "<p>Diese Website lädt keine Schriften, Skripte oder Stylesheets von fremden "
                "Servern. Beim Aufruf einer Seite werden daher keine Daten an Dritte "
                "übermittelt.</p>"
            ),
            heading("Verarbeitung beim Aufruf der Website"),
            paragraph(f"<p>Art, Zweck, Rechtsgrundlage und Speicherdauer: {GAP}</p>"),
            *grants_privacy_section(),
            heading("Ihre Rechte"),
            paragraph(f"<p>{GAP}</p>"),
        ),
    )
    pages["accessibility"] = ensure_child(
        home,
        StandardPage,
        "barrierefreiheit",
        report,
        title="Erklärung zur Barrierefreiheit",
        intro="Das Zuwanderungs- und Integrationsbüro ist bemüht, seine Website im Einklang mit "
        "der Barrierefreie-Informationstechnik-Verordnung (BITV 2.0) barrierefrei zugänglich "
        "zu machen.",
        body=stream(
            heading("Stand der Vereinbarkeit mit den Anforderungen"),
            paragraph(
                "<p>Die Anforderungen der BITV 2.0 beruhen auf den Web Content Accessibility "
                "Guidelines (WCAG) 2.1 in den Stufen A und AA.</p>"
                "<p>Jede Seitenart dieser Website wird bei jeder Änderung der Software "
                "automatisch mit dem Prüfwerkzeug axe-core gegen die Regeln der WCAG 2.1 in den "
                "Stufen A und AA geprüft, auf Deutsch und auf Arabisch. Automatisch geprüft "
                "werden außerdem die Bedienung des Antragsformulars allein mit der Tastatur, die "
                "Darstellung auf schmalen Bildschirmen (320 Pixel breit) und bei doppelter "
                "Schriftgröße. Automatische Prüfungen erfassen nicht alle Anforderungen.</p>"
                f"<p>Ergebnis einer Prüfung durch Sachverständige (Datum, Methode und ob die "
                f"Website vollständig oder teilweise mit den Anforderungen vereinbar ist): "
                f"{GAP}</p>"
            ),
            heading("Nicht barrierefreie Inhalte"),
            paragraph(f"<p>{GAP}</p>"),
            heading("Erstellung dieser Erklärung"),
            paragraph(f"<p>Datum der Erstellung und der letzten Überprüfung: {GAP}</p>"),
            heading("Feedback und Kontakt"),
            paragraph(
                "<p>Sind Ihnen Mängel beim barrierefreien Zugang zu Inhalten dieser Website "
                "aufgefallen? Oder benötigen Sie Informationen in einer barrierefreien Form? "
                "Dann können Sie sich an das ZIB wenden:</p>"
            ),
            office_contact(),
            heading("Durchsetzungsverfahren"),
            paragraph(
                "<p>Wenn Sie auf Ihre Rückmeldung keine zufriedenstellende Antwort erhalten, "
                "können Sie sich an die zuständige Durchsetzungsstelle wenden. Sie prüft Ihr "
                "Anliegen und kann ein Durchsetzungsverfahren einleiten.</p>"
                f"<p>Zuständige Durchsetzungsstelle mit Anschrift: {GAP}</p>"
            ),
        ),
    )
    pages["easy_language"] = ensure_child(
        home,
        StandardPage,
        "leichte-sprache",
        report,
        title="Leichte Sprache",
        intro="Hier erklären wir in Leichter Sprache: Was ist das ZIB? Und was macht das ZIB?",
        body=stream(*EASY_LANGUAGE),
    )
    return pages


def ensure_office_settings(site, pages, report):
    office = OfficeSettings.for_site(site)
    if not office.name:
        for name, value in OFFICE.items():
            setattr(office, name, value)
        office.contact_page = pages["contact"]
        office.imprint_page = pages["imprint"]
        office.privacy_page = pages["privacy"]
        office.accessibility_page = pages["accessibility"]
        office.save()
        report.add("office settings")
    if office.easy_language_page_id is None and pages.get("easy_language"):
        office.easy_language_page = pages["easy_language"]
        office.save(update_fields=["easy_language_page"])
        report.add("office settings: link to „Leichte Sprache“")
    return office


def ensure_home_links(home, projects, report):
    """Feature the seed projects on the home page once; later edits by editors stay as they are."""
    if home.featured_projects.exists() or not projects:
        return
    home.featured_projects = [
        HomePageFeaturedProject(page=project, sort_order=i) for i, project in enumerate(projects)
    ]
    home.save_revision().publish()
    report.add("home page featured projects")


@transaction.atomic
def load():
    """Build the demo site; return a LoadReport of what was created."""
    report = LoadReport()
    home, site = ensure_home_page(report)
    _index, projects = ensure_projects(home, report)
    pages = ensure_standard_pages(home, projects, report)
    ensure_office_settings(site, pages, report)
    ensure_home_links(home, projects, report)
    return report
