"""Two app servers, one site: what an operations team runs before a CDN (issue 18, item 5).

Two gunicorn instances (production settings, different ports) share one PostgreSQL database, one
Redis database, one media bucket on a real S3 API (moto's server mode on 127.0.0.1), one
folder of private grant attachments, one SMTP server and one webhook receiver (both local sinks
that count what arrives); two `manage.py db_worker` processes run the background tasks. The
scenario proves, through the real admin views and the public site over HTTP:

a) a page published in the admin of one server is on the other at once: its cached home page
   (warmed on that server first), the menu an uncached page builds from the remembered chrome
   (the grant form), and the new page's own URL (a 404 before);
b) rate limits are shared: failed admin logins alternate between the servers until both refuse;
c) a session made on one server is valid on the other (login on A, admin pages on B);
d) mails and webhooks are delivered exactly once with two workers: every stored mail arrives
   once at the SMTP sink, every webhook delivery once at the receiver;
e) scheduled publishing runs once: two `publish_scheduled` at the same moment (cron on both
   servers) publish each due page once and unpublish each expired one once (one log entry and
   one webhook each);
f) media on S3: an image uploaded through A lands in the bucket, B renders a rendition of it
   (read from and written to the bucket) and both are served by their bucket URLs; private
   grant attachments never go to the bucket and have no URL: only the permission-checked
   admin download gives their bytes, and only to staff allowed to see the application.

Used two ways:
- tests/production/test_two_servers.py runs the short version (SHORT) in `make test-postgres`
  on pytest-django's database, with the content built by the test;
- `make bench` runs the full version (FULL) after bench/run.py; alone:
  `.venv/bin/python bench/two_servers.py`. It recreates the PostgreSQL database
  `zib_bench_two_servers` (BENCH_TWO_SERVERS_DATABASE_URL), loads the demo content
  (bench/setup_content.py), uses Redis database 10 (BENCH_TWO_SERVERS_REDIS_URL; flushed) and
  writes its figures to bench/results.json ("two_servers") and the section „Zwei
  Anwendungsserver“ of bench/results.md. Exit status 1 when a check fails.

The checks and the site preparation run Django's ORM in this process (the test's settings in
the test, the production settings here) against the same database as the servers. Every
subprocess is ended in a `finally`; waits poll a condition until a deadline. Loopback only.
"""

import collections
import concurrent.futures
import contextlib
import datetime
import io
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import asdict, dataclass
from email import message_from_bytes, policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
if str(BENCH_DIR) not in sys.path:
    sys.path.insert(0, str(BENCH_DIR))

import run  # noqa: E402  (bench/run.py: environment, database, gunicorn)

SECTION = "## Zwei Anwendungsserver"
DATABASE_URL = os.environ.get(
    "BENCH_TWO_SERVERS_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/zib_bench_two_servers"
)
REDIS_URL = os.environ.get("BENCH_TWO_SERVERS_REDIS_URL", "redis://127.0.0.1:6379/10")
BUCKET = "zib-media"
REGION = "eu-central-1"
#: The scenario's accounts (username → group made by zib_setup_roles), all with PASSWORD.
PUBLISHER, CLERK, EDITOR = "zwei-freigabe", "zwei-sachbearbeitung", "zwei-redaktion"
ACCOUNTS = {PUBLISHER: "Freigabe", CLERK: "Zuschüsse-Sachbearbeitung", EDITOR: "Redaktion"}
PASSWORD = "Zwei-Server-Passwort-2026"
#: How long the background tasks may take to drain, and a subprocess to end.
DRAIN_SECONDS = 180
PROCESS_SECONDS = 120
#: The background tasks that send mails and webhooks.
DELIVERY_TASKS = ("grants.tasks.deliver_mail", "zib_wagtail.webhooks.tasks.deliver_webhook")


@dataclass(frozen=True)
class Size:
    """How much the scenario does: publishes (alternating A→B, B→A), applications (each
    a confirmation and an office mail, a private attachment), scheduled and expired pages."""

    publishes: int
    applications: int
    scheduled: int
    expired: int
    web_concurrency: int
    #: Also run the mail and webhook cron commands on both servers while the workers run.
    cron_on_both: bool


SHORT = Size(
    publishes=2, applications=3, scheduled=4, expired=2, web_concurrency=1, cron_on_both=False
)
FULL = Size(
    publishes=10, applications=60, scheduled=30, expired=10, web_concurrency=2, cron_on_both=True
)


class CheckFailed(AssertionError):
    """A property of the two-server site that does not hold."""


def check(condition, message):
    if not condition:
        raise CheckFailed(message)


def wait_for(condition, seconds, what):
    """Poll `condition` until it returns something true (returned) or `seconds` have passed."""
    deadline = time.monotonic() + seconds
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            raise CheckFailed(f"not within {seconds} s: {what() if callable(what) else what}")
        time.sleep(0.1)


# --- Local sinks: webhook receiver, SMTP server, S3 -----------------------------------------------


class WebhookReceiver:
    """An HTTP server on 127.0.0.1 that answers 204 to every POST and records its webhook-id."""

    def __enter__(self):
        received, lock = [], threading.Lock()

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with lock:
                    received.append((self.headers.get("webhook-id"), json.loads(body)))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.received, self._lock = received, lock
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    def messages(self):
        with self._lock:
            return list(self.received)

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)


class MailSink:
    """An SMTP server on 127.0.0.1 (aiosmtpd) that keeps every message it is given."""

    def __enter__(self):
        from aiosmtpd.controller import Controller

        received, lock = [], threading.Lock()

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                message = message_from_bytes(envelope.content, policy=policy.default)
                with lock:
                    received.append((tuple(sorted(envelope.rcpt_tos)), message["Subject"]))
                return "250 OK"

        self.received, self._lock = received, lock
        self.port = run.free_port()
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self

    def messages(self):
        with self._lock:
            return list(self.received)

    def __exit__(self, *exc):
        self.controller.stop()


class ObjectStore:
    """moto's S3 server on 127.0.0.1 with the media bucket (dummy credentials)."""

    CREDENTIALS = {"aws_access_key_id": "zib-test", "aws_secret_access_key": "zib-test-secret"}

    def __init__(self, log_path):
        self.log_path = log_path

    def __enter__(self):
        import boto3

        self.port = run.free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self.log = self.log_path.open("a")
        self.process = subprocess.Popen(
            [run.PYTHON, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.port)],
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        try:
            self.client = boto3.client(
                "s3", endpoint_url=self.endpoint, region_name=REGION, **self.CREDENTIALS
            )
            wait_for(self._create_bucket, 60, f"moto's S3 server on {self.endpoint}")
        except BaseException:
            self.__exit__()
            raise
        return self

    def _create_bucket(self):
        if self.process.poll() is not None:
            raise RuntimeError(self.log_path.read_text())
        try:
            self.client.create_bucket(
                Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION}
            )
        except Exception:  # not listening yet
            return False
        # Media are public (AWS_QUERYSTRING_AUTH=false): the bucket policy lets anyone read
        # objects, as docs/betrieb.md asks of the operator. Nothing private may go there.
        policy = {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": "*",
                    "Action": "s3:GetObject",
                    "Resource": f"arn:aws:s3:::{BUCKET}/*",
                }
            ],
        }
        self.client.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(policy))
        return True

    def env(self):
        return {
            "ZIB_MEDIA_STORAGE": "s3",
            "AWS_STORAGE_BUCKET_NAME": BUCKET,
            "AWS_S3_ENDPOINT_URL": self.endpoint,
            "AWS_S3_REGION_NAME": REGION,
            "AWS_QUERYSTRING_AUTH": "false",
            "AWS_ACCESS_KEY_ID": self.CREDENTIALS["aws_access_key_id"],
            "AWS_SECRET_ACCESS_KEY": self.CREDENTIALS["aws_secret_access_key"],
        }

    def object_keys(self):
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=BUCKET)
        return [item["Key"] for page in pages for item in page.get("Contents", [])]

    def read(self, key):
        return self.client.get_object(Bucket=BUCKET, Key=key)["Body"].read()

    def url(self, key):
        """The object's URL as the servers' storage makes it (path style, unsigned)."""
        return f"{self.endpoint}/{BUCKET}/{key}"

    def __exit__(self, *exc):
        run.stop(self.process)
        self.log.close()


# --- The deployment: two servers, two workers -----------------------------------------------------


class Deployment:
    """Sinks, object store, then (`start()`) two gunicorn instances and two db_workers, all on
    the same database, Redis and bucket. Everything it started ends when the block ends."""

    def __init__(self, database_url, redis_url, work_dir, static_root, size):
        self.database_url, self.redis_url = database_url, redis_url
        self.work_dir, self.static_root, self.size = Path(work_dir), Path(static_root), size
        self.private_root = self.work_dir / "private"
        self.logs = self.work_dir / "logs"
        self.servers, self.workers = [], []

    def __enter__(self):
        self.logs.mkdir(parents=True, exist_ok=True)
        self.private_root.mkdir(parents=True, exist_ok=True)
        self.stack = contextlib.ExitStack()
        try:
            self.receiver = self.stack.enter_context(WebhookReceiver())
            self.mail = self.stack.enter_context(MailSink())
            self.store = self.stack.enter_context(ObjectStore(self.logs / "moto.log"))
        except BaseException:
            self.stack.close()
            raise
        self.secret_key = secrets.token_urlsafe(50)
        return self

    def __exit__(self, *exc):
        self.stack.close()

    def env(self, server=None):
        """The environment of every process: what bench/run.py sets for the benchmark, and
        what the two servers must share (signing key, S3, mail server, attachments)."""
        env = dict(server.env) if server else run.environment(0, True, **self._urls())
        env.update(
            SECRET_KEY=self.secret_key,
            STATIC_ROOT=str(self.static_root),
            MEDIA_ROOT=str(self.work_dir / "media"),
            ZIB_GRANTS_PRIVATE_ROOT=str(self.private_root),
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=str(self.mail.port),
            WEB_CONCURRENCY=str(self.size.web_concurrency),
            **self.store.env(),
        )
        return env

    def _urls(self):
        return {"database_url": self.database_url, "redis_url": self.redis_url}

    def start(self):
        """Both workers, then both servers (each waits for /healthz)."""
        run.flush_redis(self.redis_url)
        for number in (1, 2):
            log = self.stack.enter_context((self.logs / f"worker-{number}.log").open("a"))
            process = subprocess.Popen(
                [run.PYTHON, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay"],
                cwd=run.PROJECT_DIR,
                env=self.env(),
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            self.stack.callback(run.stop, process)
            self.workers.append(process)
        for name in ("a", "b"):
            server = run.Server(cache_on=True, **self._urls())
            server.env = self.env(server)
            server.log_path = self.logs / f"gunicorn-{name}.log"
            self.servers.append(self.stack.enter_context(server))
        for process in self.workers:
            check(process.poll() is None, "a db_worker ended: " + self.log_text("worker-*"))

    @property
    def a(self):
        return self.servers[0]

    @property
    def b(self):
        return self.servers[1]

    def manage(self, server, *args):
        """`manage.py …` in the environment of `server`, started now (a Popen)."""
        log = (self.logs / f"manage-{args[0]}.log").open("a")
        self.stack.callback(log.close)
        return subprocess.Popen(
            [run.PYTHON, "manage.py", *args],
            cwd=run.PROJECT_DIR,
            env=server.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )

    def log_text(self, pattern):
        return "\n".join(path.read_text()[-3000:] for path in sorted(self.logs.glob(pattern)))


# --- Preparing the site (Django in this process) --------------------------------------------------


def password_hash(password):
    """A hash the servers' default hasher accepts, whatever this process's settings list."""
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    hasher = PBKDF2PasswordHasher()
    return hasher.encode(password, hasher.salt())


def prepare_site(receiver_url, size):
    """What the scenario needs on top of a site with a home page and the grant form: the
    roles and their accounts, a webhook endpoint at the receiver, pages due for scheduled
    publishing and live pages past their expiry. Returns their ids."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.utils import timezone
    from wagtail.models import Locale

    from home.models import HomePage
    from zib_wagtail.core.models import StandardPage
    from zib_wagtail.webhooks.models import WebhookEndpoint

    call_command("zib_setup_roles", verbosity=0)
    for username, group in ACCOUNTS.items():
        user, _created = get_user_model().objects.get_or_create(
            username=username, defaults={"email": f"{username}@example.org"}
        )
        user.password = password_hash(PASSWORD)
        user.save()
        user.groups.set([Group.objects.get(name=group)])
    endpoint = WebhookEndpoint.objects.create(name="Zwei Server (Test)", url=receiver_url)
    home = HomePage.objects.get(depth=2, locale=Locale.get_default())
    past = timezone.now() - datetime.timedelta(minutes=5)
    token = uuid.uuid4().hex[:6]
    scheduled = []
    for number in range(size.scheduled):
        page = StandardPage(title=f"Termin {number + 1}", slug=f"termin-{token}-{number + 1}")
        page.live = False
        page.go_live_at = past
        home.add_child(instance=page)
        page.save_revision(approved_go_live_at=past)
        scheduled.append(page.pk)
    expired = []
    for number in range(size.expired):
        page = StandardPage(
            title=f"Alte Ausschreibung {number + 1}",
            slug=f"ausschreibung-{token}-{number + 1}",
            expire_at=past,
        )
        home.add_child(instance=page)
        expired.append(page.pk)
    return {
        "home_id": home.pk,
        "endpoint_id": endpoint.pk,
        "scheduled": scheduled,
        "expired": expired,
    }


# --- HTTP helpers ---------------------------------------------------------------------------------


def csrf_token(html):
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    check(match, "no CSRF token in the form")
    return match.group(1)


def login(server, username, password=PASSWORD):
    """A requests.Session logged in to the admin of `server` (the login form, as a browser)."""
    import requests

    session = requests.Session()
    form = session.get(server.url + "/admin/login/", timeout=30)
    response = session.post(
        server.url + "/admin/login/",
        data={
            "username": username,
            "password": password,
            "csrfmiddlewaretoken": csrf_token(form.text),
            "next": "/admin/",
        },
        allow_redirects=False,
        timeout=60,
    )
    check(
        response.status_code == 302 and response.headers["Location"] == "/admin/",
        f"login of {username} on {server.url}: {response.status_code}",
    )
    return session


def same_browser(session):
    """A second client with the cookies of `session` (as a browser sends them to any server
    behind the same host name)."""
    import requests

    other = requests.Session()
    other.cookies.update(session.cookies)
    return other


def form_fields(html, form_id):
    """The values a browser submits from the form `form_id` as rendered (no file inputs)."""
    from bs4 import BeautifulSoup

    form = BeautifulSoup(html, "html.parser").find("form", id=form_id)
    check(form is not None, f"no form #{form_id}")
    data = {}
    for element in form.find_all(["input", "textarea"]):
        kind, name = element.get("type", "text"), element.get("name")
        if (
            not name
            or kind in {"file", "submit"}
            or (kind == "checkbox" and not element.get("checked"))
        ):
            continue
        data[name] = element.text if element.name == "textarea" else element.get("value", "")
    return data


def get(server, path, session=None, **kwargs):
    import requests

    return (session or requests).get(server.url + path, timeout=60, **kwargs)


def menu_links(html):
    """The hrefs of the site's main navigation."""
    from bs4 import BeautifulSoup

    nav = BeautifulSoup(html, "html.parser").find("nav", class_="main-nav")
    check(nav is not None, "no main navigation in the page")
    return {link.get("href") for link in nav.find_all("a")}


# --- The checks -----------------------------------------------------------------------------------


def check_session_shared(deployment):
    """c) Login on A; the same cookies open the admin on B (not without them)."""
    session_a = login(deployment.a, PUBLISHER)
    session_b = same_browser(session_a)
    dashboard = get(deployment.b, "/admin/", session_b, allow_redirects=False)
    check(dashboard.status_code == 200, f"admin on B with A's session: {dashboard.status_code}")
    anonymous = get(deployment.b, "/admin/", allow_redirects=False)
    check(anonymous.status_code == 302, f"admin on B without a session: {anonymous.status_code}")
    return session_a, session_b, {"admin_on_b_with_session_of_a": dashboard.status_code}


def check_login_throttle_shared(deployment):
    """b) Failed logins alternate A, B, A, …; after the limit both servers answer 429."""
    import requests

    from zib_wagtail.ops.login_throttle import max_failures

    username = f"unbekannt-{uuid.uuid4().hex[:8]}"
    client = requests.Session()

    def attempt(server):
        form = get(server, "/admin/login/", client)
        return client.post(
            server.url + "/admin/login/",
            data={
                "username": username,
                "password": "falsch",
                "csrfmiddlewaretoken": csrf_token(form.text),
            },
            allow_redirects=False,
            timeout=60,
        ).status_code

    servers = deployment.servers
    statuses = [attempt(servers[number % 2]) for number in range(max_failures())]
    check(statuses == [200] * max_failures(), f"failed logins before the limit: {statuses}")
    refused = [attempt(deployment.b), attempt(deployment.a)]
    check(refused == [429, 429], f"after {max_failures()} failures on both servers: {refused}")
    return {"failures_allowed": max_failures(), "after_limit_b_a": refused}


def publish_page(server, session, parent_id, title, slug):
    """Publish a new StandardPage below `parent_id` in the admin's page editor of `server`."""
    path = f"/admin/pages/add/zib_core/standardpage/{parent_id}/"
    form = get(server, path, session)
    check(form.status_code == 200, f"page editor on {server.url}: {form.status_code}")
    data = form_fields(form.text, "page-edit-form")
    data.update(
        {
            "title": title,
            "slug": slug,
            "intro": f"{title}: neu veröffentlicht.",
            "show_in_menus": "on",
            # The StreamField and the comments are built by the editor's JavaScript.
            "body-count": "0",
            "comments-TOTAL_FORMS": "0",
            "comments-INITIAL_FORMS": "0",
            "comments-MIN_NUM_FORMS": "0",
            "comments-MAX_NUM_FORMS": "1000",
            "action-publish": "action-publish",
        }
    )
    started = time.perf_counter()
    response = session.post(server.url + path, data=data, allow_redirects=False, timeout=60)
    elapsed = (time.perf_counter() - started) * 1000
    check(
        response.status_code == 302,
        f"publishing on {server.url}: {response.status_code} {response.text[:300]}",
    )
    return elapsed


def check_publish_visible(deployment, sessions, home_id, form_path, publishes):
    """a) Warm the other server (cached home page: a HIT; the uncached grant form with the
    remembered menu; the new URL: 404), publish on one, then the other shows it at once."""
    pairs = [(deployment.a, deployment.b, sessions[0]), (deployment.b, deployment.a, sessions[1])]
    rounds = []
    for number in range(publishes):
        publisher, observer, session = pairs[number % 2]
        slug = f"neu-{uuid.uuid4().hex[:8]}"
        url = f"/{slug}/"
        get(observer, "/")
        warm = get(observer, "/")
        check(warm.headers.get("X-Cache") == "HIT", f"home page not cached: {warm.headers}")
        check(url not in menu_links(warm.text), "the new page is in the menu before it exists")
        form = get(observer, form_path)
        check("no-store" in form.headers.get("Cache-Control", ""), "the form page was cacheable")
        check(url not in menu_links(form.text), "the form's menu lists a page not yet published")
        check(get(observer, url).status_code == 404, f"{url} exists before it is published")

        publish_ms = publish_page(publisher, session, home_id, f"Neuigkeit {number + 1}", slug)
        started = time.perf_counter()
        home = get(observer, "/")
        form = get(observer, form_path)
        page = get(observer, url)
        observed_ms = (time.perf_counter() - started) * 1000
        check(url in menu_links(home.text), f"the other server's home page is stale ({url})")
        check(home.headers.get("X-Cache") == "MISS", f"stale entry served: {home.headers}")
        check(url in menu_links(form.text), f"the other server's remembered menu is stale ({url})")
        check(page.status_code == 200, f"{url} on the other server: {page.status_code}")
        check(f"Neuigkeit {number + 1}" in page.text, "the new page shows another title")
        rounds.append({"publish_ms": round(publish_ms), "observed_ms": round(observed_ms)})
    return {
        "publishes": publishes,
        "publish_ms_max": max(r["publish_ms"] for r in rounds),
        "observed_ms_max": max(r["observed_ms"] for r in rounds),
    }


def png(colour=(200, 40, 40)):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (320, 200), colour).save(buffer, "PNG")
    return buffer.getvalue()


def check_media_on_s3(deployment, sessions):
    """f) Upload an image in A's admin: its original is in the bucket; B's admin renders a
    rendition of it, stored in the bucket too; both are served from their bucket URLs."""
    import requests
    from wagtail.images import get_image_model

    title = f"Stadtteilfest {uuid.uuid4().hex[:6]}"
    content = png()
    form = get(deployment.a, "/admin/images/add/", sessions[0])
    data = form_fields(form.text, "w-editor-form") | {"title": title, "description": "Test"}
    response = sessions[0].post(
        deployment.a.url + "/admin/images/add/",
        data=data,
        files={"file": ("stadtteilfest.png", content, "image/png")},
        allow_redirects=False,
        timeout=60,
    )
    check(response.status_code == 302, f"image upload on A: {response.status_code}")
    image = get_image_model().objects.get(title=title)
    keys = deployment.store.object_keys()
    check(image.file.name in keys, f"{image.file.name} is not in the bucket: {keys}")
    check(deployment.store.read(image.file.name) == content, "the bucket has other bytes")
    original = requests.get(deployment.store.url(image.file.name), timeout=30)
    check(original.content == content, f"the original's URL: {original.status_code}")

    edit = get(deployment.b, f"/admin/images/{image.pk}/", sessions[1])
    check(edit.status_code == 200, f"image in B's admin: {edit.status_code}")
    prefix = deployment.store.url("")
    sources = re.findall(r'<img[^>]+src="(' + re.escape(prefix) + r'[^"]+)"', edit.text)
    check(sources, f"B's admin shows no image from the bucket ({prefix})")
    rendition = requests.get(sources[0], timeout=30)
    check(
        rendition.status_code == 200 and rendition.content[:4] in {b"\x89PNG", b"RIFF"},
        f"the rendition's URL {sources[0]}: {rendition.status_code}",
    )
    check(
        sources[0].removeprefix(prefix) in deployment.store.object_keys(), "rendition not in bucket"
    )
    return {"original_key": image.file.name, "rendition_url_is_bucket": True}


def pdf(marker):
    """A small PDF whose bytes are unique (the marker in a comment line)."""
    return b"%PDF-1.4\n% " + marker.encode() + b"\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"


def submit_applications(deployment, count):
    """`count` applications through the API, alternating between the servers, each with a
    budget plan (a private attachment). Returns their references and the PDFs' bytes."""
    import requests

    def submit(number):
        server = deployment.servers[number % 2]
        content = pdf(f"Kostenplan zwei-server-{uuid.uuid4().hex}")
        response = requests.post(
            server.url + "/api/v1/grant-applications/",
            data=run.application(number),
            files={"budget_plan": ("kostenplan.pdf", content, "application/pdf")},
            timeout=120,
        )
        check(response.status_code == 201, f"application on {server.url}: {response.text[:300]}")
        return response.json()["reference"], content

    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        return dict(pool.map(submit, range(count)))


def check_attachments_private(deployment, submitted):
    """f) The attachments are in the private folder, nowhere in the bucket; the admin links
    to its own download view, which gives the bytes to the clerk only (on either server)."""
    from grants.models import GrantAttachment

    attachments = list(
        GrantAttachment.objects.filter(application__reference__in=submitted).select_related(
            "application"
        )
    )
    check(len(attachments) == len(submitted), f"{len(attachments)} attachments stored")
    keys = deployment.store.object_keys()
    contents = set(submitted.values())
    for attachment in attachments:
        path = deployment.private_root / attachment.file.name
        check(path.read_bytes() in contents, f"{attachment.file.name} not in the private folder")
        check(
            not any(Path(attachment.file.name).name in key for key in keys),
            f"{attachment.file.name} is in the bucket",
        )
    check(
        not any(deployment.store.read(key) in contents for key in keys),
        "an attachment's bytes are in the bucket",
    )

    clerk_b = login(deployment.b, CLERK)
    clerk_a = same_browser(clerk_b)
    editor_a = login(deployment.a, EDITOR)
    attachment = attachments[0]
    inspect = get(
        deployment.a, f"/admin/grants_applications/inspect/{attachment.application_id}/", clerk_a
    )
    check(inspect.status_code == 200, f"the application in A's admin: {inspect.status_code}")
    check(deployment.store.endpoint not in inspect.text, "the admin links to the bucket")
    links = set(re.findall(r'href="(/admin/[^"]*/attachment/\d+/)"', inspect.text))
    check(links, "the application page has no download link")
    link = sorted(links)[0]
    download = get(deployment.b, link, clerk_b)
    check(
        download.status_code == 200 and download.content in contents,
        f"the clerk's download on B: {download.status_code}",
    )
    check("no-store" in download.headers.get("Cache-Control", ""), "download is cacheable")
    anonymous = get(deployment.a, link, allow_redirects=False)
    check(anonymous.status_code == 302, f"anonymous download: {anonymous.status_code}")
    check("/admin/login/" in anonymous.headers.get("Location", ""), "no redirect to the login")
    refused = get(deployment.a, link, editor_a, allow_redirects=False)
    check(
        refused.status_code == 302 and refused.content not in contents,
        f"the editor's download: {refused.status_code}",
    )
    check("/admin/login/" not in refused.headers["Location"], "the editor was sent to log in")
    return {
        "attachments": len(attachments),
        "in_bucket": 0,
        "anonymous": anonymous.status_code,
        "editor": refused.status_code,
        "clerk": download.status_code,
    }


def check_scheduled_once(deployment):
    """e) Two `publish_scheduled` at the same moment, one per server (and, in the full
    version, both servers' mail and webhook cron commands with them)."""
    commands = [("publish_scheduled",)]
    if deployment.size.cron_on_both:
        commands += [("send_grant_mails",), ("deliver_webhooks",)]
    started = time.perf_counter()
    processes = [
        deployment.manage(server, *command) for command in commands for server in deployment.servers
    ]
    codes = [process.wait(timeout=PROCESS_SECONDS) for process in processes]
    elapsed = time.perf_counter() - started
    check(codes == [0] * len(processes), "a command failed: " + deployment.log_text("manage-*"))
    return {"runs_at_once": len(processes), "seconds": round(elapsed, 1)}


def check_scheduled_results(prepared):
    """e) Each due page published once, each expired page unpublished once."""
    from wagtail.models import Page, PageLogEntry

    from zib_wagtail.webhooks.models import ContentChange

    def entries(pks, action):
        rows = PageLogEntry.objects.filter(page_id__in=pks, action=action)
        return collections.Counter(rows.values_list("page_id", flat=True))

    published = entries(prepared["scheduled"], "wagtail.publish.scheduled")
    unpublished = entries(prepared["expired"], "wagtail.unpublish.scheduled")
    check(
        all(published[pk] == 1 for pk in prepared["scheduled"]),
        f"scheduled publishing log entries per page: {dict(published)}",
    )
    check(
        all(unpublished[pk] == 1 for pk in prepared["expired"]),
        f"scheduled unpublishing log entries per page: {dict(unpublished)}",
    )
    live = set(
        Page.objects.filter(pk__in=prepared["scheduled"], live=True).values_list("pk", flat=True)
    )
    check(live == set(prepared["scheduled"]), "a due page is not live")
    check(
        not Page.objects.filter(pk__in=prepared["expired"], live=True).exists(),
        "an expired page is still live",
    )
    changes = collections.Counter(
        ContentChange.objects.filter(
            object_id__in=prepared["scheduled"], event="page.published"
        ).values_list("object_id", flat=True)
    )
    check(
        all(changes[pk] == 1 for pk in prepared["scheduled"]),
        f"page.published events per scheduled page: {dict(changes)}",
    )
    return {
        "scheduled_pages": len(prepared["scheduled"]),
        "expired_pages": len(prepared["expired"]),
        "published_once": sum(published.values()),
        "unpublished_once": sum(unpublished.values()),
    }


def waiting(references, endpoint_id):
    """What is not delivered yet: queued or running tasks, unsent mails, open webhook
    deliveries (all zero once the workers are done). A failed task fails the check at once."""
    from django_tasks_db.models import DBTaskResult

    from grants.models import MailDelivery
    from zib_wagtail.webhooks.models import WebhookDelivery

    failed = DBTaskResult.objects.filter(status="FAILED", task_path__in=DELIVERY_TASKS).first()
    check(failed is None, f"a delivery task failed: {failed and failed.traceback[-1500:]}")
    mails = MailDelivery.objects.filter(application__reference__in=references)
    deliveries = WebhookDelivery.objects.filter(endpoint_id=endpoint_id)
    return {
        "tasks": DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).count(),
        "mails": mails.exclude(status=MailDelivery.Status.SENT).count(),
        "webhooks": deliveries.exclude(status=WebhookDelivery.Status.SUCCEEDED).count(),
    }


def check_delivered_once(deployment, references, prepared, events, since):
    """d) Once the queue is empty: every stored mail arrived once, every webhook delivery
    once, each task ran once, and no task failed. `since`: when the first application was
    sent (time.perf_counter())."""
    from django_tasks_db.models import DBTaskResult

    from grants.models import MailDelivery
    from zib_wagtail.webhooks.delivery import message_id
    from zib_wagtail.webhooks.models import WebhookDelivery

    endpoint_id = prepared["endpoint_id"]
    state = {}

    def drained():
        state.update(waiting(references, endpoint_id))
        return not any(state.values())

    wait_for(drained, DRAIN_SECONDS, lambda: f"the workers deliver everything, waiting: {state}")
    drain_seconds = time.perf_counter() - since
    mails = list(MailDelivery.objects.filter(application__reference__in=references))
    expected = collections.Counter((tuple(sorted(m.recipients)), m.subject) for m in mails)
    arrived = collections.Counter(deployment.mail.messages())
    check(
        len(mails) >= 2 * len(references), f"{len(mails)} mails for {len(references)} applications"
    )
    check(
        arrived == expected,
        f"mails: {sum(expected.values())} stored; arrived too often or unknown: "
        f"{arrived - expected}; not arrived: {expected - arrived}",
    )
    check(all(m.attempts == 1 for m in mails), "a mail was tried more than once")

    deliveries = list(
        WebhookDelivery.objects.filter(endpoint_id=endpoint_id).select_related("change")
    )
    check(len(deliveries) == events, f"{len(deliveries)} webhook deliveries for {events} changes")
    expected_ids = collections.Counter(message_id(d.change) for d in deliveries)
    received_ids = collections.Counter(
        webhook_id for webhook_id, _body in deployment.receiver.messages()
    )
    check(
        received_ids == expected_ids,
        f"webhooks: {received_ids - expected_ids} extra, {expected_ids - received_ids} missing",
    )
    check(all(d.attempts == 1 for d in deliveries), "a webhook delivery was tried twice")

    tasks = DBTaskResult.objects.filter(task_path__in=DELIVERY_TASKS)
    check(not tasks.exclude(status="SUCCESSFUL").exists(), "a background task failed")
    per_worker = collections.Counter(
        worker for ids in tasks.values_list("worker_ids", flat=True) for worker in ids
    )
    check(
        all(len(ids) == 1 for ids in tasks.values_list("worker_ids", flat=True)), "a task ran twice"
    )
    return {
        "mails": len(mails),
        "mails_arrived": sum(arrived.values()),
        "webhooks": len(deliveries),
        "webhooks_arrived": sum(received_ids.values()),
        "tasks": tasks.count(),
        "tasks_per_worker": sorted(per_worker.values(), reverse=True),
        "drain_seconds": round(drain_seconds, 1),
    }


def run_scenario(deployment, prepared, form_path):
    """All checks in order (the deployment started); returns their figures or raises
    CheckFailed at the first that does not hold."""
    size = deployment.size
    figures = {}
    session_a, session_b, figures["sessions"] = check_session_shared(deployment)
    figures["rate_limit"] = check_login_throttle_shared(deployment)
    figures["publish"] = check_publish_visible(
        deployment, (session_a, session_b), prepared["home_id"], form_path, size.publishes
    )
    figures["media"] = check_media_on_s3(deployment, (session_a, session_b))
    started = time.perf_counter()
    submitted = submit_applications(deployment, size.applications)
    figures["applications"] = {
        "count": len(submitted),
        "seconds": round(time.perf_counter() - started, 1),
    }
    figures["attachments"] = check_attachments_private(deployment, submitted)
    figures["scheduled_runs"] = check_scheduled_once(deployment)
    events = size.publishes + size.scheduled + size.expired
    figures["deliveries"] = check_delivered_once(
        deployment, list(submitted), prepared, events, since=started
    )
    figures["scheduled"] = check_scheduled_results(prepared)
    return figures


# --- The full version: `make bench` ---------------------------------------------------------------


def line(name, figures):
    return f"| {name} | {figures} |"


def markdown(results):
    """The section of bench/results.md (German, as the rest of it)."""
    size, figures = results["size"], results.get("figures", {})
    lines = [
        SECTION,
        "",
        f"{results['date']} auf {results['machine']} (die Maschine teilen sich mehrere Arbeiten). "
        f"Befehl: `{results['command']}` (auch Teil von `make bench`; die Kurzfassung läuft in "
        "`make test-postgres`: tests/production/test_two_servers.py).",
        "",
        f"Zwei gunicorn-Instanzen mit je {size['web_concurrency']} Workern "
        "(Produktionseinstellungen, verschiedene Ports) an derselben PostgreSQL-Datenbank, "
        "derselben Redis-Datenbank, demselben Bucket (moto als S3-Server) und demselben Ordner "
        "der Antragsanhänge; zwei `manage.py db_worker`; ein SMTP-Empfänger und ein "
        "Webhook-Empfänger zählen, was ankommt. Alles auf 127.0.0.1.",
        "",
    ]
    if not results["ok"]:
        return "\n".join(lines + [f"**FEHLER:** {results['error']}", ""])
    publish, rate = figures["publish"], figures["rate_limit"]
    files = figures["attachments"]
    runs, scheduled, sent = figures["scheduled_runs"], figures["scheduled"], figures["deliveries"]
    lines += [
        "| Prüfung | Ergebnis |",
        "|---|---|",
        line(
            "Veröffentlichen im Admin des einen, sichtbar auf dem anderen",
            f"{publish['publishes']} Seiten abwechselnd auf A und B veröffentlicht; der andere "
            "Server zeigt sie sofort in der gecachten Startseite (vorher Cache-Treffer), im "
            "gemerkten Menü des ungecachten Antragsformulars und unter der neuen Adresse (vorher "
            f"404), keine Antwort veraltet (Veröffentlichen bis "
            f"{publish['publish_ms_max']} ms, drei Abrufe danach bis "
            f"{publish['observed_ms_max']} ms)",
        ),
        line(
            "Ratenbegrenzung geteilt",
            f"{rate['failures_allowed']} Fehlanmeldungen abwechselnd auf A und B, danach "
            f"antworten B und A mit {' und '.join(map(str, rate['after_limit_b_a']))}",
        ),
        line(
            "Sitzung geteilt",
            "Anmeldung auf A, Admin auf B mit denselben Cookies: "
            f"{figures['sessions']['admin_on_b_with_session_of_a']} (ohne Cookies: Umleitung "
            "zur Anmeldung)",
        ),
        line(
            "E-Mails und Webhooks genau einmal (zwei Worker)",
            f"{figures['applications']['count']} Anträge über die API (abwechselnd A und B): "
            f"{sent['mails']} E-Mails gespeichert, {sent['mails_arrived']} angekommen; "
            f"{sent['webhooks']} Webhook-Zustellungen, {sent['webhooks_arrived']} angekommen; "
            f"{sent['tasks']} Aufgaben, je Worker {' / '.join(map(str, sent['tasks_per_worker']))}"
            f", keine doppelt; alles zugestellt {sent['drain_seconds']} s nach dem ersten "
            "Antrag",
        ),
        line(
            "Geplantes Veröffentlichen einmal",
            f"{runs['runs_at_once']} Befehle zugleich (`publish_scheduled` auf beiden Servern"
            + (
                ", dazu `send_grant_mails` und `deliver_webhooks` auf beiden"
                if size["cron_on_both"]
                else ""
            )
            + f"): {scheduled['scheduled_pages']} fällige Seiten je einmal veröffentlicht "
            f"({scheduled['published_once']} Protokolleinträge), {scheduled['expired_pages']} "
            f"abgelaufene je einmal zurückgezogen ({scheduled['unpublished_once']}); je Seite "
            "ein Webhook",
        ),
        line(
            "Medien in S3",
            "Bild im Admin von A hochgeladen: Original im Bucket, B erzeugt eine Bildvariante "
            "(liest das Original aus dem Bucket, legt die Variante dort ab); beide über ihre "
            "Bucket-Adresse abrufbar",
        ),
        line(
            "Antragsanhänge privat",
            f"{files['attachments']} Anhänge im privaten Ordner, {files['in_bucket']} im Bucket; "
            f"Download nur über den Admin: Sachbearbeitung {files['clerk']}, Redaktion "
            f"{files['editor']} (abgewiesen, keine Bytes), ohne Anmeldung {files['anonymous']} "
            "(zur Anmeldung)",
        ),
        "",
    ]
    return "\n".join(lines)


def main():
    import django
    import sync_bench

    size = FULL
    work_dir = run.WORK_DIR / "two_servers"
    shutil.rmtree(work_dir, ignore_errors=True)
    work_dir.mkdir(parents=True)
    env = run.environment(0, cache_on=False, database_url=DATABASE_URL, redis_url=REDIS_URL)
    static_root = run.WORK_DIR / "static"
    if not (static_root / "staticfiles.json").exists():
        run.run([run.PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"], env)
    print("== two servers: database, content", flush=True)
    run.recreate_database(DATABASE_URL)
    run.run([run.PYTHON, "manage.py", "migrate", "--noinput"], env)
    run.run([run.PYTHON, "bench/setup_content.py", "10"], env)
    # This process reads and prepares the same database with the ORM.
    os.environ.update(env)
    sys.path.insert(0, str(run.PROJECT_DIR))
    django.setup()
    from django.conf import settings

    from grants.models import GrantApplicationPage

    form_page = GrantApplicationPage.objects.live().get(
        locale__language_code=settings.LANGUAGE_CODE
    )
    results = {
        "date": datetime.datetime.now().isoformat(timespec="minutes"),
        "machine": sync_bench.machine(),
        "command": ".venv/bin/python bench/two_servers.py",
        "size": asdict(size),
    }
    with Deployment(DATABASE_URL, REDIS_URL, work_dir, static_root, size) as deployment:
        prepared = prepare_site(deployment.receiver.url, size)
        print("== two servers: start", flush=True)
        deployment.start()
        try:
            results["figures"] = run_scenario(deployment, prepared, form_page.get_url())
            results["ok"] = True
        except CheckFailed as error:
            results.update(ok=False, error=str(error)[:2000])
    run.flush_redis(REDIS_URL)
    print(json.dumps(results, indent=2, ensure_ascii=False), flush=True)
    results_json = BENCH_DIR / "results.json"
    stored = json.loads(results_json.read_text()) if results_json.exists() else {}
    stored["two_servers"] = results
    results_json.write_text(json.dumps(stored, indent=2, ensure_ascii=False) + "\n")
    results_md = BENCH_DIR / "results.md"
    text = results_md.read_text() if results_md.exists() else ""
    results_md.write_text(sync_bench.with_section(text, markdown(results), SECTION))
    if not results["ok"]:
        sys.exit(f"two servers: {results['error']}")


if __name__ == "__main__":
    main()
