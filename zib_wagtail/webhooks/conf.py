"""Settings of the webhooks app, each with its documented default (see docs/webhooks.md)."""

from datetime import timedelta

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
