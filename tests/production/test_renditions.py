"""Image renditions are generated once and then found in the renditions cache."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.images import get_image_model

from tests.builders import make_image, make_project

pytestmark = pytest.mark.django_db


def test_renditions_are_created_once_and_then_served_from_cache(project_index, client):
    project = make_project(
        project_index, "Mit Bild", image=make_image(size=(1600, 900)), image_alt_text="Ein Bild"
    )
    Rendition = get_image_model().get_rendition_model()

    assert client.get(project.url).status_code == 200
    assert Rendition.objects.count() == 1
    with CaptureQueriesContext(connection) as queries:
        assert client.get(project.url).status_code == 200

    assert Rendition.objects.count() == 1
    rendition_table = Rendition._meta.db_table
    assert not [q for q in queries.captured_queries if rendition_table in q["sql"]]
