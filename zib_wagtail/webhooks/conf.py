"""Settings of the webhooks app, each read when used with its documented default (docs/webhooks.md).

ZIB_WEBHOOKS_TIMEOUT (5)
    Seconds a receiver has to connect and to answer.
ZIB_WEBHOOKS_RETRY_SCHEDULE (DEFAULT_RETRY_SCHEDULE: 5 s … 10 h)
    Waits between the attempts of a delivery (timedeltas); after the last one it gives up.
ZIB_WEBHOOKS_MAX_FAILURES (10)
    Given-up deliveries in a row after which an endpoint is deactivated.
ZIB_WEBHOOKS_API_URL_NAMES (DEFAULT_API_URL_NAMES)
    URL names of the content API's detail routes by object type, reversed with the object's id
    for `api_url`, so the URLs follow wherever the site mounts the API.
ZIB_WEBHOOKS_API_PATHS ({})
    Fixed `api_url` paths by object type instead (``{id}`` replaced by the object's id), e.g.
    for an API served by another application.
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
from django.urls import NoReverseMatch, reverse

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

#: URL names of the content API's detail routes, by object type (zib_wagtail.api: namespace
#: "api-v1"); each takes the object's id.
DEFAULT_API_URL_NAMES = {
    "page": "api-v1:page_detail",
    "funding_round": "api-v1:funding_round_detail",
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
    """The path of the object in the content API, by `reverse()` where the site mounts it; ""
    when the site has no such route (e.g. it does not include the API's URLs)."""
    paths = getattr(settings, "ZIB_WEBHOOKS_API_PATHS", {})
    if object_type in paths:
        return paths[object_type].format(id=object_id)
    names = {**DEFAULT_API_URL_NAMES, **getattr(settings, "ZIB_WEBHOOKS_API_URL_NAMES", {})}
    if object_type not in names:
        return ""
    try:
        return reverse(names[object_type], args=[object_id])
    except NoReverseMatch:
        return ""


def api_url(root_url, object_type, object_id):
    """The absolute `api_url` of an object below `root_url`, or "" (no API route)."""
    path = api_path(object_type, object_id)
    return (root_url or "") + path if path else ""


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
