"""How a receiver verifies a ZIB webhook (quoted in docs/webhooks.md and run by the tests).

Plain Python with the `standardwebhooks` package from PyPI; no Django needed on the receiving side.
"""

from standardwebhooks import Webhook, WebhookVerificationError

# The endpoint's secret from the ZIB admin („Webhooks“ → „Empfänger“), e.g. from the environment.
SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"


def handle_webhook(body: bytes, headers: dict, secret: str = SECRET):
    """Return the verified event, or None when the request is not genuinely from the ZIB."""
    try:
        event = Webhook(secret).verify(body, headers)
    except WebhookVerificationError:
        return None  # answer 400 and ignore it
    # event == {"type": "page.published", "timestamp": "…", "data": {"id": 42, "api_url": …}}
    # Deduplicate by headers["webhook-id"]; then fetch event["data"]["api_url"] for the content.
    return event
