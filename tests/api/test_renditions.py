"""`GET /api/v1/images/{id}/rendition/`: renditions on demand, within an allow-list."""

import pytest
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction

from tests import builders

pytestmark = pytest.mark.django_db
API = "/api/v1"


@pytest.fixture
def image(db):
    return builders.make_image(title="Sommerfest", size=(1600, 1200))


def rendition(client, image_id, **params):
    return client.get(f"{API}/images/{image_id}/rendition/", params)


@pytest.mark.parametrize(
    ("spec", "fmt", "size", "file_format"),
    [
        ("fill-800x600", "webp", (800, 600), "webp"),
        ("width-400", "avif", (400, 300), "avif"),
        ("width-400", "jpeg", (400, 300), "jpeg"),
        ("fill-400x300", None, (400, 300), "png"),  # the original's format
    ],
)
def test_a_rendition_in_an_allowed_size_and_format(client, image, spec, fmt, size, file_format):
    from PIL import Image

    params = {"spec": spec, **({"format": fmt} if fmt else {})}
    response = rendition(client, image.pk, **params)
    assert response.status_code == 200, response.content
    data = response.json()
    assert (data["width"], data["height"]) == size
    assert data["format"] == file_format
    assert data["image_id"] == image.pk
    stored = image.renditions.get(filter_spec=data["spec"])
    with stored.file.open("rb") as file, Image.open(file) as made:
        assert made.size == size
        assert made.format.lower() == file_format
    assert data["url"] == f"http://testserver{stored.url}"
    assert "public" in response["Cache-Control"] and response["ETag"]


def test_a_second_request_reuses_the_stored_rendition(client, image):
    first = rendition(client, image.pk, spec="fill-800x600", format="webp").json()
    second = rendition(client, image.pk, spec="fill-800x600", format="webp").json()
    assert first == second
    assert image.renditions.count() == 1


@pytest.mark.parametrize(
    "params",
    [
        {"spec": "fill-801x601"},  # not in the allow-list
        {"spec": "original"},
        {"spec": "width-400", "format": "gif"},
        {},
    ],
)
def test_sizes_and_formats_outside_the_allow_list_are_refused(client, image, params):
    response = rendition(client, image.pk, **params)
    assert response.status_code == 422
    assert response.json()["code"] == "validation_error"
    assert not image.renditions.exists()


def test_no_rendition_of_an_image_in_a_restricted_collection(client, image):
    internal = Collection.get_first_root_node().add_child(name="Intern")
    CollectionViewRestriction.objects.create(
        collection=internal, restriction_type=CollectionViewRestriction.LOGIN
    )
    image.collection = internal
    image.save()
    response = rendition(client, image.pk, spec="width-400")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert not image.renditions.exists()


def test_no_rendition_of_a_missing_image(client, db):
    missing = (
        get_image_model().objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    ) + 1
    assert rendition(client, missing, spec="width-400").status_code == 404
