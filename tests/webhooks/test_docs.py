"""docs/webhooks.md quotes zib_wagtail/webhooks/verify_example.py; the delivery tests run it."""

from pathlib import Path

from zib_wagtail.webhooks import verify_example

DOCS = Path(__file__).resolve().parents[2] / "docs" / "webhooks.md"


def test_docs_quote_the_tested_verification_example():
    source = Path(verify_example.__file__).read_text()
    assert source.strip() in DOCS.read_text()


def test_example_secret_signs_and_verifies():
    from datetime import UTC, datetime

    from standardwebhooks import Webhook

    now = datetime.now(UTC)
    body = '{"type":"page.published","timestamp":"x","data":{"id":1}}'
    headers = {
        "webhook-id": "msg_1",
        "webhook-timestamp": str(int(now.timestamp())),
        "webhook-signature": Webhook(verify_example.SECRET).sign("msg_1", now, body),
    }
    assert verify_example.handle_webhook(body.encode(), headers)["data"] == {"id": 1}
    headers["webhook-signature"] = "v1,AAAA"
    assert verify_example.handle_webhook(body.encode(), headers) is None
