"""/healthz for load balancers and monitoring: is the database reachable, is the cache?

200 `{"status": "ok", "database": "ok", "cache": "ok"}` or 503 with "error" for the failing
part. Never the exception text (it may contain host names or credentials); that goes to the log.
"""

import logging
import uuid

from django.core.cache import caches
from django.db import connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


def check_database():
    for alias in connections:
        connection = connections[alias]
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")


def check_cache():
    cache = caches["default"]
    key = f"zib:healthz:{uuid.uuid4().hex}"
    cache.set(key, "ok", timeout=10)
    if cache.get(key) != "ok":
        raise RuntimeError("cache round trip returned nothing")
    cache.delete(key)


CHECKS = {"database": check_database, "cache": check_cache}


@never_cache
@require_GET
def healthz(request):
    report = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception:  # any failure of a dependency makes the instance unhealthy
            logger.exception("Health check %s failed", name)
            report[name] = "error"
        else:
            report[name] = "ok"
    healthy = all(value == "ok" for value in report.values())
    body = {"status": "ok" if healthy else "error", **report}
    return JsonResponse(body, status=200 if healthy else 503)
