"""Nothing private is reachable through /api/v1/ or /api/v2/: drafts, unpublished and private
pages, grant applications and their attachments, internal fields."""

import pytest
from wagtail.models import PageViewRestriction

from grants.models import GrantApplication
from tests import builders
from tests.grants.conftest import valid_data
from zib_wagtail.core.models import StandardPage

pytestmark = pytest.mark.django_db

DRAFT_TEXT = "Geheimer Entwurf"
PRIVATE_TEXT = "Nur für Eingeweihte"
UNPUBLISHED_TEXT = "Noch nicht veröffentlicht"


@pytest.fixture
def private_content(home_page):
    public = StandardPage(title="Öffentlich", slug="oeffentlich", intro="Öffentliche Einleitung")
    home_page.add_child(instance=public)
    public.save_revision().publish()
    public.intro = DRAFT_TEXT
    public.save_revision()

    unpublished = StandardPage(title=UNPUBLISHED_TEXT, slug="unveroeffentlicht", live=False)
    home_page.add_child(instance=unpublished)

    private = StandardPage(title=PRIVATE_TEXT, slug="privat", intro=PRIVATE_TEXT)
    home_page.add_child(instance=private)
    child = StandardPage(title=f"{PRIVATE_TEXT} (Unterseite)", slug="unterseite")
    private.add_child(instance=child)
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="geheim"
    )
    return {"public": public, "unpublished": unpublished, "private": private, "child": child}


def _read_everything(client, pages):
    """The bodies of every read URL of both APIs that could leak something, concatenated."""
    urls = [
        "/api/v1/pages/?limit=100",
        "/api/v1/pages/?limit=100&search=" + PRIVATE_TEXT,
        "/api/v1/pages/?limit=100&search=Entwurf",
        "/api/v1/pages/urls/",
        "/api/v1/pages/navigation/?depth=4",
        "/api/v1/pages/?expand=parent,translations&limit=100",
        "/api/v2/pages/?limit=100&fields=*",
        "/api/v2/pages/?search=" + PRIVATE_TEXT,
    ]
    for page in pages.values():
        urls += [f"/api/v1/pages/{page.pk}/", f"/api/v2/pages/{page.pk}/"]
    return "\n".join(client.get(url).content.decode() for url in urls)


def test_drafts_unpublished_and_private_pages_are_not_exposed(client, private_content):
    text = _read_everything(client, private_content)
    assert "Öffentliche Einleitung" in text
    for secret in (DRAFT_TEXT, UNPUBLISHED_TEXT, PRIVATE_TEXT, 'geheim"'):
        assert secret not in text


@pytest.mark.parametrize("name", ["unpublished", "private", "child"])
def test_private_pages_answer_404_everywhere(client, private_content, name):
    page = private_content[name]
    for url in (f"/api/v1/pages/{page.pk}/", f"/api/v2/pages/{page.pk}/"):
        assert client.get(url).status_code == 404, url
    found = client.get("/api/v1/pages/find/", {"path": page.url_path.split("/", 2)[2]})
    assert found.status_code == 404
    assert client.get(f"/api/v1/pages/?child_of={page.pk}").status_code == 404


def test_grant_applications_and_attachments_are_not_reachable(
    client, form_page, open_round, settings, tmp_path
):
    settings.ZIB_GRANTS_PRIVATE_ROOT = tmp_path / "private"
    response = client.post("/api/v1/grant-applications/", valid_data())
    assert response.status_code == 201, response.content
    application = GrantApplication.objects.get()
    attachment = application.attachments.get()

    assert client.get("/api/v1/grant-applications/").status_code == 405
    assert client.get(f"/api/v1/grant-applications/{application.pk}/").status_code == 404
    assert client.get("/api/v2/grant-applications/").status_code == 404
    schema = client.get("/api/v1/openapi.json").json()
    application_paths = [path for path in schema["paths"] if "grant-application" in path]
    assert application_paths == ["/api/v1/grant-applications/"]
    assert list(schema["paths"]["/api/v1/grant-applications/"]) == ["post"]

    everything = _read_everything(client, {"form": form_page})
    for secret in (
        application.reference,
        application.iban,
        application.contact_email,
        attachment.file.name,
        "intern-geheim@example.org",  # the form page's notification recipients
    ):
        assert secret not in everything
    assert "notification_recipients" not in everything
    assert (
        client.get(f"/api/v2/pages/{form_page.pk}/?fields=notification_recipients").status_code
        == 400
    )


def test_documents_in_restricted_collections_are_left_out(client, db):
    from wagtail.models import Collection, CollectionViewRestriction

    root = Collection.get_first_root_node()
    internal = root.add_child(name="Intern")
    CollectionViewRestriction.objects.create(
        collection=internal, restriction_type=CollectionViewRestriction.PASSWORD, password="x"
    )
    public = builders.make_document(title="Richtlinie")
    hidden = builders.make_document(title="Interne Notiz")
    hidden.collection = internal
    hidden.save()
    titles = {item["title"] for item in client.get("/api/v1/documents/").json()["items"]}
    assert titles == {public.title}
    assert client.get(f"/api/v1/documents/{hidden.pk}/").status_code == 404


# --- What a public page embeds -------------------------------------------------------------------

HIDDEN_DOCUMENT = "Interne Notiz"
HIDDEN_IMAGE = "Internes Foto"


@pytest.fixture
def embedding_page(home_page, private_content):
    """A public page embedding a document and an image of a login-restricted collection, and
    linking (in rich text) to a draft-only page, a private page and the restricted document."""
    from wagtail.models import Collection, CollectionViewRestriction

    internal = Collection.get_first_root_node().add_child(name="Intern")
    below = internal.add_child(name="Intern/Protokolle")  # inherits the restriction
    CollectionViewRestriction.objects.create(
        collection=internal, restriction_type=CollectionViewRestriction.LOGIN
    )
    document = builders.make_document(title=HIDDEN_DOCUMENT, filename="intern.pdf")
    document.collection = below
    document.save()
    image = builders.make_image(title=HIDDEN_IMAGE)
    image.collection = internal
    image.save()
    unpublished, private = private_content["unpublished"], private_content["private"]
    text = (
        f'<p>Siehe <a linktype="page" id="{unpublished.pk}">den Entwurf</a>, '
        f'<a linktype="page" id="{private.pk}">die interne Seite</a> und '
        f'<a linktype="document" id="{document.pk}">das Protokoll</a>.</p>'
    )
    page = StandardPage(
        title="Mit Anhängen",
        slug="mit-anhaengen",
        body=builders.stream(
            ("paragraph", text),
            ("document", {"document": document.pk, "title": ""}),
            (
                "image",
                {"image": {"image": image.pk, "alt_text": "", "decorative": True}, "caption": ""},
            ),
        ),
    )
    home_page.add_child(instance=page)
    page.save_revision().publish()
    return {"page": page, "document": document, "image": image}


def leaked(text, embedding_page, private_content):
    secrets = [
        HIDDEN_DOCUMENT,
        HIDDEN_IMAGE,
        "intern.pdf",
        f"/documents/{embedding_page['document'].pk}/",
        private_content["unpublished"].slug,
        private_content["private"].slug,
    ]
    return [secret for secret in secrets if secret in text]


def test_a_public_page_shows_nothing_of_restricted_media_or_private_link_targets(
    client, embedding_page, private_content
):
    response = client.get(embedding_page["page"].url)
    html = response.content.decode()
    assert response.status_code == 200
    assert leaked(html, embedding_page, private_content) == []
    assert "/media/images/" not in html  # not even the restricted image's file
    for text in ("den Entwurf", "die interne Seite", "das Protokoll"):
        assert f"<a>{text}</a>" in html  # the words stay, the link goes


def test_the_apis_give_nothing_of_restricted_media_or_private_link_targets(
    client, embedding_page, private_content
):
    page = embedding_page["page"]
    v1 = client.get(f"/api/v1/pages/{page.pk}/").content.decode()
    v2 = client.get(f"/api/v2/pages/{page.pk}/").content.decode()
    for text in (v1, v2):
        assert leaked(text, embedding_page, private_content) == []
    blocks = {
        block["type"]: block for block in client.get(f"/api/v1/pages/{page.pk}/").json()["body"]
    }
    assert blocks["document"]["value"]["document"] is None
    images = client.get("/api/v1/images/").json()["items"]
    assert HIDDEN_IMAGE not in {item["title"] for item in images}
    assert client.get(f"/api/v1/images/{embedding_page['image'].pk}/").status_code == 404
    documents = client.get("/api/v1/documents/").json()["items"]
    assert HIDDEN_DOCUMENT not in {item["title"] for item in documents}


def test_api_v2_lists_no_restricted_media(client, embedding_page):
    images = client.get("/api/v2/images/").json()["items"]
    documents = client.get("/api/v2/documents/").json()["items"]
    assert HIDDEN_IMAGE not in {item["title"] for item in images}
    assert HIDDEN_DOCUMENT not in {item["title"] for item in documents}
    assert client.get(f"/api/v2/images/{embedding_page['image'].pk}/").status_code == 404
    assert client.get(f"/api/v2/documents/{embedding_page['document'].pk}/").status_code == 404


def restriction_lookups(queries):
    return [q["sql"] for q in queries if "wagtailcore_collectionviewrestriction" in q["sql"]]


@pytest.mark.parametrize("url", ["html", "/api/v1/pages/{id}/"])
def test_the_collection_privacy_is_read_once_per_request(client, embedding_page, url):
    """Every embedded image and document asks whether its collection is restricted: one
    query per request answers all of them."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    page = embedding_page["page"]
    more = [builders.make_document(title=f"Öffentlich {n}") for n in range(3)]
    page.body = [
        *page.body.raw_data,
        *({"type": "document", "value": {"document": d.pk, "title": ""}} for d in more),
    ]
    page.save_revision().publish()
    address = page.url if url == "html" else url.format(id=page.pk)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
    assert response.status_code == 200
    assert f"/documents/{more[2].pk}/" in response.content.decode()
    assert len(restriction_lookups(queries.captured_queries)) == 1


def test_outside_a_request_a_changed_collection_privacy_counts_at_once(db):
    from wagtail.models import Collection, CollectionViewRestriction

    from zib_wagtail.core import visibility

    document = builders.make_document(title="Bald intern")
    assert visibility.is_public_media(document)
    internal = Collection.get_first_root_node().add_child(name="Intern")
    document.collection = internal
    document.save()
    CollectionViewRestriction.objects.create(
        collection=internal, restriction_type=CollectionViewRestriction.LOGIN
    )
    assert not visibility.is_public_media(document)
