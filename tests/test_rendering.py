"""Every page type renders its key content; every shared StreamField block renders."""

import pytest

from projects.models import ProjectIndexPage, ProjectStatus
from tests.builders import (
    make_district,
    make_document,
    make_image,
    make_partner,
    make_topic,
    page_text,
    soup,
    stream,
)
from zib_wagtail.core.models import StandardPage

pytestmark = pytest.mark.django_db


def test_home_page_shows_intro_focus_areas_projects_grants_and_contact(client, demo_site):
    response = client.get("/")

    assert response.status_code == 200
    assert response.templates[0].name == "home/home_page.html"
    text = page_text(response)
    doc = soup(response)
    assert doc.h1.get_text(strip=True) == "Zuwanderungs- und Integrationsbüro"
    assert "Das Zuwanderungs- und Integrationsbüro (ZIB) der Landeshauptstadt" in text

    focus = doc.find("section", attrs={"aria-labelledby": "focus-heading"})
    assert focus.h2.get_text(strip=True) == "Das Ganze im Auge behalten"
    assert [h.get_text(strip=True) for h in focus.find_all("h3")] == [
        "Bevölkerungsgruppen",
        "Gesellschaftlicher Zusammenhalt",
        "Hochqualifizierte",
    ]

    projects = doc.find("section", attrs={"aria-labelledby": "projects-heading"})
    assert projects.h2.get_text(strip=True) == "Neue Entwicklungen"
    cards = {a.get_text(strip=True): a["href"] for a in projects.select(".card__title a")}
    assert cards == {
        "PatchWorkCity": "/projekte/patchworkcity/",
        "Bildungswerkstatt": "/projekte/bildungswerkstatt/",
        "Haus des Ankommens": "/projekte/haus-des-ankommens/",
        "Integrationskonzept": "/projekte/integrationskonzept/",
    }
    assert projects.find("a", class_="more-link")["href"] == "/projekte/"

    grants = doc.find("section", attrs={"aria-labelledby": "grants-heading"})
    assert grants.h2.get_text(strip=True) == "Zuschüsse an interkulturell tätige Vereine"
    assert "Ausschuss für soziale Angelegenheiten und Integration" in grants.get_text()

    contact = doc.find("section", attrs={"aria-labelledby": "home-contact-heading"})
    assert contact.h2.get_text(strip=True) == "So erreichen Sie uns"
    assert "Rathausplatz 1" in contact.get_text()
    assert contact.find("a", href="mailto:zib@saarbruecken.de")


def test_home_page_grants_teaser_links_to_the_chosen_page(client, demo_site):
    target = StandardPage.objects.get(slug="kontakt")
    demo_site.grants_page = target
    demo_site.save_revision().publish()

    grants = soup(client.get("/")).find("section", attrs={"aria-labelledby": "grants-heading"})

    link = grants.find("a", class_="button")
    assert link["href"] == "/kontakt/"
    assert link.get_text(strip=True) == "Mehr zu Kontakt"


def test_home_page_hides_contact_block_when_switched_off(client, demo_site):
    demo_site.show_contact = False
    demo_site.save_revision().publish()

    doc = soup(client.get("/"))

    assert doc.find("section", attrs={"aria-labelledby": "home-contact-heading"}) is None
    # The footer still carries the contact data.
    assert "Rathausplatz 1" in doc.find("footer").get_text()


@pytest.fixture
def block_page(demo_site):
    """A StandardPage whose body uses every block type of zib_wagtail/core/blocks.py."""
    index = ProjectIndexPage.objects.get(locale__language_code="de")
    image = make_image(title="Beratungsgespräch", description="Standard-Alternativtext")
    document = make_document(title="Integrationskonzept 2020", filename="konzept.pdf")
    page = StandardPage(
        title="Alle Bausteine",
        slug="bausteine",
        intro="Eine Seite mit jedem Baustein.",
        body=stream(
            ("heading", {"text": "Zwischenüberschrift drei", "level": "h3"}),
            ("paragraph", "<p>Ein Absatz mit <b>fettem</b> Text.</p>"),
            (
                "image",
                {
                    "image": {
                        "image": image.pk,
                        "decorative": False,
                        "alt_text": "Zwei Menschen im Gespräch am Tisch",
                    },
                    "caption": "Foto: Landeshauptstadt Saarbrücken",
                },
            ),
            ("quote", {"quote": "Vielfalt gestalten.", "attribution": "ZIB"}),
            ("call_to_action", {"text": "Zu den Projekten", "page": index.pk, "url": ""}),
            (
                "call_to_action",
                {"text": "Zur Stadt", "page": None, "url": "https://www.saarbruecken.de/zib"},
            ),
            ("document", {"document": document.pk, "title": ""}),
            (
                "faq",
                {
                    "heading": "Häufige Fragen",
                    "items": [
                        {
                            "question": "Wer vergibt die Zuschüsse?",
                            "answer": "<p>Der Ausschuss für soziale Angelegenheiten.</p>",
                        },
                        {"question": "Bis wann?", "answer": "<p>Jährlich.</p>"},
                    ],
                },
            ),
            ("contact_card", {"heading": "Büro", "name": "", "phone": "", "email": ""}),
            (
                "contact_card",
                {
                    "heading": "Ansprechperson",
                    "name": "Erika Beispiel",
                    "role": "Sachbearbeitung Zuschüsse",
                    "phone": "0681 123456",
                    "email": "erika.beispiel@example.org",
                    "note": "Dienstags nicht erreichbar.",
                },
            ),
        ),
    )
    demo_site.add_child(instance=page)
    page.save_revision().publish()
    return page, image, document


def test_standard_page_renders_every_block_type(client, block_page):
    page, image, document = block_page
    used = {block.block_type for block in page.body}
    assert used == set(page.body.stream_block.child_blocks), "a block type is not covered"

    response = client.get("/bausteine/")

    assert response.status_code == 200
    doc = soup(response)
    article = doc.find("article")
    assert article.h1.get_text(strip=True) == "Alle Bausteine"
    assert article.find("p", class_="lead").get_text(strip=True) == "Eine Seite mit jedem Baustein."
    # heading
    assert article.find("h3").get_text(strip=True) == "Zwischenüberschrift drei"
    # paragraph
    assert article.select_one(".rich-text b").get_text() == "fettem"
    # image: rendition with the contextual alt text and the caption
    figure = article.find("figure", class_="figure")
    img = figure.find("img")
    assert img["alt"] == "Zwei Menschen im Gespräch am Tisch"
    assert img["src"].endswith(".webp")
    assert figure.figcaption.get_text(strip=True) == "Foto: Landeshauptstadt Saarbrücken"
    # quote
    quote = article.find("figure", class_="quote")
    assert quote.blockquote.get_text(strip=True) == "Vielfalt gestalten."
    assert quote.figcaption.get_text(strip=True) == "ZIB"
    # call to action, page and url variant
    ctas = {a.get_text(strip=True): a["href"] for a in article.select(".cta a")}
    assert ctas == {
        "Zu den Projekten": "/projekte/",
        "Zur Stadt": "https://www.saarbruecken.de/zib",
    }
    # document: link text falls back to the document title; type and size shown
    download = article.find("p", class_="download")
    link = download.find("a")
    assert link["href"] == document.url
    assert link.get_text(strip=True) == "Integrationskonzept 2020"
    assert "PDF" in download.find(class_="download__meta").get_text()
    # faq
    faq = article.find("section", class_="faq")
    assert faq.h2.get_text(strip=True) == "Häufige Fragen"
    assert [s.get_text(strip=True) for s in faq.find_all("summary")] == [
        "Wer vergibt die Zuschüsse?",
        "Bis wann?",
    ]
    # contact cards: empty → office data; filled → the person (and not the office)
    office_card, person_card = article.find_all("section", class_="contact-card")
    assert office_card.h2.get_text(strip=True) == "Büro"
    assert "Rathaus St. Johann, Raum 224" in " ".join(office_card.get_text().split())
    assert office_card.find("a", href="mailto:zib@saarbruecken.de")
    person_text = person_card.get_text(" ", strip=True)
    for fact in (
        "Erika Beispiel",
        "Sachbearbeitung Zuschüsse",
        "0681 123456",
        "Dienstags nicht erreichbar.",
    ):
        assert fact in person_text
    assert person_card.find("a", href="mailto:erika.beispiel@example.org")
    assert "Rathausplatz" not in person_text


def test_document_link_downloads_the_document(client, home_page, settings, tmp_path):
    # Wagtail serves documents from a local path, which the in-memory test storage lacks.
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    document = make_document(filename="konzept.pdf", content=b"%PDF-1.4")

    response = client.get(document.url)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4"


def test_project_index_lists_the_projects(client, demo_site):
    response = client.get("/projekte/")

    assert response.status_code == 200
    doc = soup(response)
    assert doc.h1.get_text(strip=True) == "Projekte"
    assert "Exemplarisch für die Arbeitsweise des ZIB" in doc.find("p", class_="lead").get_text()
    assert doc.find(class_="result-count").get_text(strip=True) == "4 Projekte"
    titles = [a.get_text(strip=True) for a in doc.select(".project-card .card__title a")]
    assert titles == [
        "Bildungswerkstatt",
        "Haus des Ankommens",
        "Integrationskonzept",
        "PatchWorkCity",
    ]
    haus = next(c for c in doc.select(".project-card") if "Haus des Ankommens" in c.get_text())
    assert haus.find(class_="status").get_text(strip=True) == "In Konzeption"
    assert "bis 2026" in haus.get_text()


def test_project_page_shows_status_period_place_topics_partners_and_image(
    client, project_index, make_project
):
    image = make_image(title="Baustelle", description="Standardtext des Bildes")
    project = make_project(
        project_index,
        "Bildungszentrum",
        slug="bildungszentrum",
        summary="Ein Bildungszentrum entsteht.",
        start_year=2000,
        end_year=2001,
        district=make_district("malstatt", "Malstatt"),
        location="Kirchberg",
        topics=[make_topic("bildung", "Bildung"), make_topic("vielfalt", "Migration und Vielfalt")],
        partners=[
            make_partner("Gemeinwesenarbeit", website="https://gwa.example.org"),
            make_partner("Stadtbibliothek", description="Die Bibliothek der Stadt."),
        ],
        image=image,
        image_alt_text="Kräne über dem Rohbau des Bildungszentrums",
    )

    response = client.get("/projekte/bildungszentrum/")

    assert response.status_code == 200
    article = soup(response).find("article")
    assert article.h1.get_text(strip=True) == "Bildungszentrum"
    facts = {
        div.dt.get_text(strip=True): div.dd.get_text(" ", strip=True)
        for div in article.find("dl", class_="facts").find_all("div")
    }
    assert facts == {
        "Status": ProjectStatus.COMPLETED.label,
        "Zeitraum": "2000–2001",
        "Ort": "Kirchberg, Malstatt",
        "Themen": "Bildung, Migration und Vielfalt",
    }
    assert article.find("span", class_="status--completed")
    img = article.find("figure", class_="figure").img
    assert img["alt"] == "Kräne über dem Rohbau des Bildungszentrums"
    assert img["src"].startswith("/media/images/")
    partners = article.find("section", class_="partners")
    assert partners.find("a", href="https://gwa.example.org").get_text() == "Gemeinwesenarbeit"
    assert "Stadtbibliothek: Die Bibliothek der Stadt." in partners.get_text(" ", strip=True)
    assert article.find("a", class_="more-link")["href"] == project.get_parent().url


def test_project_page_without_optional_data_omits_their_rows(client, project_index, make_project):
    make_project(project_index, "Schlicht", slug="schlicht")

    article = soup(client.get("/projekte/schlicht/")).find("article")

    labels = [dt.get_text(strip=True) for dt in article.find("dl", class_="facts").find_all("dt")]
    assert labels == ["Status"]
    assert article.find("figure") is None
    assert article.find("section", class_="partners") is None
