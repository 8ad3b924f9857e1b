"""One JSON line per request on `zib.requests`: no query string, no cookies, a request id."""

import json
import logging

import pytest

# /healthz checks every configured database, the test settings' replica alias (a mirror) too.
pytestmark = pytest.mark.django_db(databases=["default", "replica"])


def test_one_json_line_per_request(client, caplog):
    client.cookies["sessionid"] = "geheime-sitzung"
    with caplog.at_level(logging.INFO, logger="zib.requests"):
        response = client.get("/healthz?email=anna@example.org")

    records = [r for r in caplog.records if r.name == "zib.requests"]
    assert len(records) == 1
    line = json.loads(records[0].getMessage())
    assert line["method"] == "GET"
    assert line["path"] == "/healthz"
    assert line["status"] == 200
    assert line["duration_ms"] >= 0
    assert line["request_id"] == response["X-Request-ID"]
    assert "anna@example.org" not in records[0].getMessage()
    assert "geheime-sitzung" not in records[0].getMessage()


def test_well_formed_request_id_is_kept(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="proxy-1234abcd")
    assert response["X-Request-ID"] == "proxy-1234abcd"


def test_malformed_request_id_is_replaced(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="<script>")
    assert response["X-Request-ID"] != "<script>"
    assert len(response["X-Request-ID"]) == 32
