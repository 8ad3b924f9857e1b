"""Browser tests: Playwright drives Debian's Chromium against a real server with the demo content.

The server is `manage.py runserver` in a subprocess on its own SQLite file (migrated, demo content
loaded), so the browser tests never share data with the rest of the suite and the rest of the
suite never sees theirs; it uses the test settings. Chromium is Debian's (`make browser` installs
it); Playwright never downloads a browser. In CI (CI=true) a missing Chromium fails the tests,
elsewhere they are skipped with the reason.

Everything is package-scoped: Playwright's sync API runs an event loop in this thread, which
must be gone before the database tests that follow run (Django refuses sync queries inside one).
"""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("ZIB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PROJECT_DIR = Path(__file__).resolve().parents[2]
#: The environment of the running test server (its database), for `site_manage`.
_SITE_ENV = {}

# A standard page made Arabic for the RTL checks: wagtail-localize's fallback keeps its German
# text, which is enough to check the layout and markup of a standard page in Arabic.
ARABIC_STANDARD_PAGE = """
from wagtail.models import Locale, Page, Revision
from wagtail_localize.models import TranslationSource
page = Page.objects.get(slug="kontakt", locale__language_code="de").specific
source, _ = TranslationSource.get_or_create_from_instance(page)
translated, _ = source.create_or_update_translation(
    Locale.objects.get(language_code="ar"), publish=False, fallback=True
)
Revision.objects.get(pk=Page.objects.get(pk=translated.pk).latest_revision_id).publish()
"""


def _require_chromium():
    if Path(CHROMIUM).exists():
        return
    reason = f"Debian's Chromium is not installed at {CHROMIUM} (make browser installs it)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _manage(env, *args, **kwargs):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_DIR,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        **kwargs,
    )


@pytest.fixture(scope="package")
def site_mail():
    """The mails the test server sends: a real SMTP server on 127.0.0.1 that collects them
    (tests/grants/conftest.MailCollector; `to(address)` lists one recipient's)."""
    from tests.grants.conftest import free_port, start_smtp

    controller, collector = start_smtp(free_port())
    collector.port = controller.port
    yield collector
    controller.stop()


@pytest.fixture(scope="package")
def site_url(tmp_path_factory, site_mail):
    """Base URL of a server with the demo content (German, English, Arabic); its mails go to
    `site_mail`."""
    _require_chromium()
    workdir = tmp_path_factory.mktemp("browser-site")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "zib_wagtail.settings.test",
        "DATABASE_URL": f"sqlite:///{workdir / 'site.sqlite3'}",
        "PYTHONUNBUFFERED": "1",
        "ZIB_TEST_SMTP": "1",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(site_mail.port),
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    _SITE_ENV.update(env)
    _manage(env, "compile_translations")
    _manage(env, "migrate", "--noinput")
    _manage(env, "zib_setup_roles")
    _manage(env, "load_zib_content")
    _manage(env, "shell", "-c", ARABIC_STANDARD_PAGE)
    port = _free_port()
    log = (workdir / "server.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=PROJECT_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_serving(url, server, workdir / "server.log")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()
        shutil.rmtree(workdir, ignore_errors=True)


#: How long the test server may take to answer its first request (a loaded CI machine).
SERVER_START_TIMEOUT = 180


def _wait_until_serving(url, server, log_path):
    """Poll until the server answers; fail with its log if it exits or never answers."""
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url + "/", timeout=5)
            return
        except OSError:
            if server.poll() is not None:
                raise RuntimeError(log_path.read_text()) from None
            time.sleep(0.2)
    raise RuntimeError(
        f"the test server did not answer within {SERVER_START_TIMEOUT} s:\n{log_path.read_text()}"
    )


@pytest.fixture(scope="package")
def site_manage(site_url):
    """Run `manage.py` against the test server's database, e.g. `site_manage("shell", "-c", …)`."""
    return lambda *args: _manage(_SITE_ENV, *args)


@pytest.fixture(scope="package")
def browser():
    _require_chromium()
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()
    playwright.stop()


@pytest.fixture
def page(browser, site_url):
    """A fresh browser tab (1280×800) whose relative URLs go to the test server."""
    context = browser.new_context(base_url=site_url, viewport={"width": 1280, "height": 800})
    tab = context.new_page()
    yield tab
    context.close()
