"""An optional read replica (`DATABASE_REPLICA_URL`) that answers anonymous visitors' reads.

The replica lags behind the primary, so it may only be read where an old answer does no harm:

- a GET, HEAD or OPTIONS request without a session cookie (no editor, no applicant with a form
  session) and without the pin cookie that a recent write of the same client set (so that a
  visitor who just sent something sees it);
- that has not written anything itself: its first write pins the rest of it to the primary;
- that comes more than `ZIB_REPLICA_LAG_SECONDS` after the last change of published content.
  What an uncached anonymous request reads is remembered and cached for every visitor under
  the new content generation (zib_wagtail.caching, zib_wagtail.core.published), so it must not
  come from a replica that has not caught up with the publish yet.

Everything else (writes, the admin, forms, previews, management commands, background tasks)
reads the primary: the router sends a read to the replica only when this middleware allowed it
for the request being answered. Without `DATABASE_REPLICA_URL` the middleware removes itself
and the router is not installed. (django-multidb-router pins on a cookie the same way, but sends
every read outside a pinned request — tasks, commands — to the replica; here the primary is the
default and the replica the exception.)
"""

import time

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.db import DEFAULT_DB_ALIAS, connections

from zib_wagtail.core import memo, published

REPLICA_ALIAS = "replica"
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
WRITE_STATEMENTS = frozenset({"INSERT", "UPDATE", "DELETE", "REPLACE", "MERGE", "TRUNCATE"})
ALLOWED_KEY = "zib:replica:allowed"
WROTE_KEY = "zib:replica:wrote"


def pin_cookie_name():
    return getattr(settings, "ZIB_REPLICA_PIN_COOKIE", "zib_primary")


def lag_seconds():
    """How long after a write or a publish reads stay on the primary (longer than the lag)."""
    return int(getattr(settings, "ZIB_REPLICA_LAG_SECONDS", 15))


def replica_configured():
    return REPLICA_ALIAS in settings.DATABASES


def reads_from_replica():
    """Whether a read now may go to the replica (only inside a request the middleware allowed,
    that has not written, and not shortly after published content changed)."""
    if not memo.recall(ALLOWED_KEY) or memo.recall(WROTE_KEY):
        return False
    changed_at = published.changed_at()
    return changed_at is None or time.time() - changed_at > lag_seconds()


def _watch_writes(execute, sql, params, many, context):
    """Marks the request as having written when a statement on the primary writes."""
    words = sql.lstrip().split(None, 1)
    if words and words[0].upper() in WRITE_STATEMENTS:
        memo.remember(WROTE_KEY, True)
    return execute(sql, params, many, context)


class ReplicaRouter:
    """Reads of allowed requests to the replica; every write and every other read to the primary."""

    def db_for_read(self, model, **hints):
        return REPLICA_ALIAS if reads_from_replica() else DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        # Also asked for reads that may write (get_or_create): those read the primary, and only
        # a statement that really writes (ReplicaReadsMiddleware watches them) pins the request.
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # Both aliases hold the same data: objects read from either may be related.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS


class ReplicaReadsMiddleware:
    """Allows the replica for anonymous reads; pins a client that wrote to the primary a while."""

    def __init__(self, get_response):
        if not replica_configured():
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request):
        cookie = pin_cookie_name()
        anonymous_read = (
            request.method in READ_METHODS
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and cookie not in request.COOKIES
        )
        memo.remember(ALLOWED_KEY, anonymous_read)
        with connections[DEFAULT_DB_ALIAS].execute_wrapper(_watch_writes):
            response = self.get_response(request)
        # A GET that writes (the search statistics) pins only itself: its answer stays cacheable.
        if request.method not in READ_METHODS:
            response.set_cookie(
                cookie,
                "1",
                max_age=lag_seconds(),
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
