"""Page payloads built from test content: rich text, every block type, query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import builders

pytestmark = pytest.mark.django_db


def test_rich_text_html_with_absolute_links_or_text(api, home_page):
    target = builders.make_project_index(home_page)
    home_page.intro = f'<p>Siehe <a linktype="page" id="{target.pk}">Projekte</a>.</p>'
    home_page.save()
    html = api.get_json(f"/pages/{home_page.pk}/")["intro"]
    assert 'href="http://testserver/projekte/"' in html
    text = api.get_json(f"/pages/{home_page.pk}/", rich_text="text")["intro"]
    assert text == "Siehe Projekte."


def test_every_block_type_is_typed_and_resolved(api, home_page):
    index = builders.make_project_index(home_page)
    image = builders.make_image(title="Rathaus", description="Das Rathaus St. Johann")
    document = builders.make_document()
    body = builders.stream(
        ("heading", {"text": "Überblick", "level": "h2"}),
        ("paragraph", "<p>Ein <b>Absatz</b>.</p>"),
        (
            "image",
            {
                "image": {"image": image.pk, "alt_text": "Rathaus von vorn", "decorative": False},
                "caption": "Foto: ZIB",
            },
        ),
        ("quote", {"quote": "Vielfalt gestalten.", "attribution": "ZIB"}),
        ("call_to_action", {"text": "Zu den Projekten", "page": index.pk, "url": ""}),
        ("document", {"document": document.pk, "title": ""}),
        (
            "faq",
            {"heading": "Fragen", "items": [{"question": "Wer?", "answer": "<p>Vereine.</p>"}]},
        ),
        (
            "contact_card",
            {"heading": "Kontakt", "name": "", "role": "", "phone": "", "email": "", "note": ""},
        ),
    )
    page = builders.make_project(
        index, "Blockprojekt", body=body, image=image, image_alt_text="Ein Rathaus"
    )
    data = api.get_json(f"/pages/{page.pk}/")
    blocks = {block["type"]: block["value"] for block in data["body"]}
    assert set(blocks) == set(type(page).body.field.stream_block.child_blocks)
    assert blocks["heading"] == {"text": "Überblick", "level": "h2"}
    assert blocks["paragraph"] == "<p>Ein <b>Absatz</b>.</p>"
    figure = blocks["image"]["image"]
    assert figure["alt"] == "Rathaus von vorn"
    assert set(figure["renditions"]) == {"thumbnail", "card", "medium", "large"}
    assert figure["renditions"]["card"]["url"].startswith("http://testserver/")
    assert figure["srcset"].startswith("http://testserver/") and figure["srcset"].endswith("w")
    assert blocks["call_to_action"]["page"]["title"] == "Projekte"
    assert blocks["document"]["document"]["file_extension"] == "pdf"
    assert blocks["faq"]["items"][0]["answer"] == "<p>Vereine.</p>"
    assert data["image"]["alt"] == "Ein Rathaus"
    assert data["image_alt"] == "Ein Rathaus"


def _count_queries(api, path):
    with CaptureQueriesContext(connection) as queries:
        api.get_json(path)
    return len(queries)


def test_list_queries_do_not_grow_with_the_number_of_projects(api, project_index, make_project):
    topic = builders.make_topic("bildung", "Bildung")
    district = builders.make_district("malstatt", "Malstatt")

    def add(count):
        for _ in range(count):
            make_project(project_index, topics=[topic], district=district)

    add(10)
    path = (
        "/pages/?type=projects.ProjectPage&topic=bildung&district=malstatt&limit=100"
        "&expand=parent,translations"
    )
    _count_queries(api, path)  # warm the process-wide caches (content types, site roots)
    few = _count_queries(api, path)
    add(40)
    many = _count_queries(api, path)
    assert many == few
    assert api.get_json("/pages/", type="projects.ProjectPage", limit=100)["count"] == 50
