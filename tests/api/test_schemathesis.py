"""Property-based contract test (schemathesis): generated requests against the WSGI app find no
server error and no response that contradicts the OpenAPI document. Bounded: a few examples per
operation, so that the module runs in well under a minute."""

from contextlib import contextmanager
from pathlib import Path

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests import builders


@contextmanager
def connections_kept_open():
    """Like Django's test client: a WSGI request must not close the test's database connection
    (on PostgreSQL that would end the test transaction)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


CONFIG = schemathesis.config.SchemathesisConfig.from_path(
    Path(__file__).with_name("schemathesis.toml")
)

with connections_kept_open():
    schema = schemathesis.openapi.from_wsgi(
        "/api/v1/openapi.json", get_wsgi_application(), config=CONFIG
    )

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def content(home_page, settings):
    """A little of everything, and rate limits out of the way."""
    settings.ZIB_API_RATE_LIMIT = "100000/m"
    settings.ZIB_GRANTS_RATE_LIMIT = (100000, 60)
    index = builders.make_project_index(home_page)
    topic = builders.make_topic("bildung", "Bildung")
    district = builders.make_district("malstatt", "Malstatt")
    image = builders.make_image()
    builders.make_project(
        index,
        "Bildungswerkstatt",
        topics=[topic],
        district=district,
        image=image,
        image_alt_text="Ein Bild",
        body=builders.stream(("heading", {"text": "Überblick", "level": "h2"})),
    )
    builders.make_partner("Gemeinwesenarbeit", kind="community_work")
    builders.make_document()
    with connections_kept_open():
        yield home_page


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=8,
    derandomize=True,  # a fixed seed: the same requests on every run
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_conforms_to_its_schema(case, content):
    # The WSGI transport hands the body over as sent; it does not undo gzip or brotli (the
    # compression itself is tested in tests/production/).
    case.call_and_validate(headers={"Accept-Encoding": "identity"})
