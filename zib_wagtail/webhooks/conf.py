"""Settings of the webhooks app, each read when used with its documented default (docs/webhooks.md).

ZIB_WEBHOOKS_TIMEOUT (5)
    Seconds a receiver has to connect and to answer.
ZIB_WEBHOOKS_RETRY_SCHEDULE (DEFAULT_RETRY_SCHEDULE: 5 s … 10 h)
    Waits between the attempts of a delivery (timedeltas); after the last one it gives up.
ZIB_WEBHOOKS_MAX_FAILURES (10)
    Given-up deliveries in a row after which an endpoint is deactivated.
ZIB_WEBHOOKS_API_PATHS (DEFAULT_API_PATHS)
    `api_url` paths by object type, ``{id}`` replaced by the object's id.
ZIB_WEBHOOKS_BASE_URL ("")
    Absolute base of `api_url` for objects without a site (funding rounds).
ZIB_WEBHOOKS_OBJECT_MODELS (("grants.FundingRound",))
    Models besides pages whose saves and deletions are events, where their app is installed.
ZIB_WEBHOOKS_USER_AGENT ("zib-wagtail-webhooks/<version of the zib-wagtail distribution>")
    The User-Agent header of every webhook request, so receivers can tell whose requests these
    are (the example site: "ZIB-Webhooks/1").
"""

from datetime import timedelta
from importlib.metadata import PackageNotFoundError, version

from django.conf import settings

#: Waits after the 1st, 2nd, … failed attempt of a delivery (the Standard Webhooks / Svix
#: schedule): 8 attempts over about 27 hours, then the delivery gives up.
DEFAULT_RETRY_SCHEDULE = (
    timedelta(seconds=5),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=5),
    timedelta(hours=10),
    timedelta(hours=10),
)

#: Paths of the /api/v1/ detail routes, by object type.
DEFAULT_API_PATHS = {
    "page": "/api/v1/pages/{id}/",
    "funding_round": "/api/v1/funding-rounds/{id}/",
}


#: Models whose saves and deletions are events of the feed, where their app is installed.
DEFAULT_OBJECT_MODELS = ("grants.FundingRound",)


def api_object_models():
    """The installed models of ZIB_WEBHOOKS_OBJECT_MODELS (default: the funding rounds)."""
    from django.apps import apps

    labels = getattr(settings, "ZIB_WEBHOOKS_OBJECT_MODELS", DEFAULT_OBJECT_MODELS)
    return [apps.get_model(label) for label in labels if label.split(".")[0] in apps.app_configs]


def timeout():
    """Seconds a receiver has to answer (connect and read each)."""
    return float(getattr(settings, "ZIB_WEBHOOKS_TIMEOUT", 5))


def retry_schedule():
    return tuple(getattr(settings, "ZIB_WEBHOOKS_RETRY_SCHEDULE", DEFAULT_RETRY_SCHEDULE))


def max_failures():
    """Consecutive given-up deliveries after which an endpoint is disabled."""
    return int(getattr(settings, "ZIB_WEBHOOKS_MAX_FAILURES", 10))


def api_path(object_type, object_id):
    paths = {**DEFAULT_API_PATHS, **getattr(settings, "ZIB_WEBHOOKS_API_PATHS", {})}
    return paths[object_type].format(id=object_id)


def base_url():
    """Absolute base for URLs of objects without a site (funding rounds); may be ""."""
    return getattr(settings, "ZIB_WEBHOOKS_BASE_URL", "").rstrip("/")


def user_agent():
    """The User-Agent of webhook requests: the setting, else zib-wagtail-webhooks/<version>."""
    configured = getattr(settings, "ZIB_WEBHOOKS_USER_AGENT", "")
    if configured:
        return configured
    try:
        return f"zib-wagtail-webhooks/{version('zib-wagtail')}"
    except PackageNotFoundError:  # running from a checkout that is not installed
        return "zib-wagtail-webhooks"
