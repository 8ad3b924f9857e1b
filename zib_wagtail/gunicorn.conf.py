"""gunicorn configuration: `gunicorn -c zib_wagtail/gunicorn.conf.py zib_wagtail.wsgi`.

Every value can be overridden by environment variables (docs/betrieb.md): WEB_CONCURRENCY
(worker processes, default 2 × CPU cores + 1), GUNICORN_THREADS (threads per worker, 1),
GUNICORN_BIND (127.0.0.1:8000), GUNICORN_TIMEOUT (30 s), GUNICORN_MAX_REQUESTS (1000, with
jitter: workers are recycled to bound memory growth), GUNICORN_ACCESS_LOG ("-" = stdout,
"" = off; the application's own JSON request log `zib.requests` is usually enough).
"""

import multiprocessing
import os

wsgi_app = "zib_wagtail.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
worker_class = "gthread" if threads > 1 else "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000"))
max_requests_jitter = max_requests // 10
# Load the application once in the master; workers fork with Django set up (faster starts).
preload_app = True
# Behind the reverse proxy on the same machine (or the load balancer's addresses).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "") or None
access_log_format = (
    '{"event": "access", "time": "%(t)s", "method": "%(m)s", "path": "%(U)s", '
    '"status": %(s)s, "bytes": "%(B)s", "duration_ms": %(M)s, "request_id": "%({x-request-id}o)s"}'
)
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")


def post_fork(server, worker):
    """Database connections must not be shared across the fork of preload_app."""
    from django.db import connections

    for connection in connections.all(initialized_only=True):
        connection.close()


def when_ready(server):
    """In the master, once the application is loaded and before the first fork: load what every
    worker needs and freeze the heap (zib_wagtail/prefork.py)."""
    from zib_wagtail.prefork import prepare

    prepare()
