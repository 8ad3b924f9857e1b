"""The OpenAPI document: valid, complete for every page and block type, snapshot-tested; the
interactive docs load nothing from other hosts.

After an intended schema change, regenerate the snapshot and review its diff:

    ZIB_UPDATE_SNAPSHOTS=1 .venv/bin/pytest tests/api/test_openapi.py
"""

import difflib
import json
import os
import re
from pathlib import Path

import pytest
from openapi_spec_validator import validate
from wagtail.api import APIField

from zib_wagtail.api.v1.schemas.pages import PAGE_TYPES
from zib_wagtail.core.blocks import BaseStreamBlock

SNAPSHOT = Path(__file__).with_name("openapi.snapshot.json")


@pytest.fixture(scope="module")
def schema():
    from zib_wagtail.api.v1.app import api as api_v1

    return api_v1.get_openapi_schema(path_prefix="/api/v1/")


def test_openapi_document_is_valid_3_1(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.1")
    validate(document)


def test_every_page_type_has_a_schema_with_all_its_api_fields(schema):
    components = schema["components"]["schemas"]
    for model, page_type in PAGE_TYPES.items():
        properties = components[page_type.schema.__name__]["properties"]
        names = [field.name for field in APIField.get_fields_for_model(model)]
        assert set(names) <= set(properties), model
        assert properties["type"]["const"] == model._meta.label


def test_every_stream_block_has_an_item_schema_discriminated_on_type(schema):
    components = schema["components"]["schemas"]
    for name in BaseStreamBlock.base_blocks:
        camel = "".join(part.title() for part in name.split("_"))
        item = components[f"BaseStreamBlock{camel}Item"]
        assert item["properties"]["type"]["const"] == name
    body = components["StandardPage"]["properties"]["body"]["items"]
    assert body["discriminator"]["propertyName"] == "type"


def test_openapi_snapshot(schema):
    current = json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    if os.environ.get("ZIB_UPDATE_SNAPSHOTS") == "1":
        SNAPSHOT.write_text(current, encoding="utf-8")
    expected = SNAPSHOT.read_text(encoding="utf-8")
    if current != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                current.splitlines(keepends=True),
                "openapi.snapshot.json",
                "current schema",
                n=2,
            )
        )
        pytest.fail(
            "The OpenAPI document changed. If intended, regenerate the snapshot with\n"
            "  ZIB_UPDATE_SNAPSHOTS=1 .venv/bin/pytest tests/api/test_openapi.py\n"
            "and commit it with the change.\n\n" + diff[:20000]
        )


def test_docs_are_served_from_the_site_itself(client, db):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    references = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert references, html
    for reference in references:
        assert not re.match(r"^(https?:)?//", reference), reference
        assert client.get(reference).status_code == 200, reference
    assert "swagger-ui" in html


def test_the_contract_says_what_generators_need(client, db):
    """Anonymous reads are valid (security `{}` first), operationIds are short and unique, the
    server is named, HEAD is implied and not listed, discriminators and statuses are enums."""
    document = client.get("/api/v1/openapi.json").json()
    assert document["servers"] == [{"url": "/", "description": "This site"}]
    operations = [
        (method, path, operation)
        for path, methods in document["paths"].items()
        for method, operation in methods.items()
    ]
    assert {method for method, _path, _operation in operations} <= {"get", "post"}
    ids = [operation["operationId"] for _method, _path, operation in operations]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z]+(?:[A-Z][a-z]+)*", name) and len(name) <= 24 for name in ids)
    assert {"listPages", "getPage", "findPage", "listChanges", "submitGrantApplication"} <= set(ids)
    for _method, path, operation in operations:
        assert operation["security"][0] == {}, path
        assert "400" in operation["responses"], path  # unknown_parameter
    components = document["components"]["schemas"]
    assert set(components["PageListItem"]["properties"]["type"]["enum"]) == {
        model._meta.label for model in PAGE_TYPES
    }
    status = components["ProjectPage"]["properties"]["status"]
    assert "ongoing" in json.dumps(status) and "enum" in json.dumps(status)
