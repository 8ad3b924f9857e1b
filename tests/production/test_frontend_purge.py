"""CDN purge (Wagtail's frontend cache, HTTP backend) against a local receiver of PURGE requests:
a change purges the page, its parent index and the home page, after the commit."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from wagtail.models import Page

from projects.models import ProjectIndexPage, ProjectPage

pytestmark = pytest.mark.django_db


class Receiver(BaseHTTPRequestHandler):
    received = None

    def do_PURGE(self):  # noqa: N802 (the HTTP method's name)
        self.received.append((self.headers.get("Host"), self.path))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def purges(settings):
    """The paths purged at a local HTTP receiver on 127.0.0.1 (a free port)."""
    received = []
    handler = type("RecordingReceiver", (Receiver,), {"received": received})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{server.server_port}",
        }
    }
    yield received
    server.shutdown()
    server.server_close()


@pytest.fixture
def project(module_demo_site):
    index = ProjectIndexPage.objects.get(locale__language_code="de")
    return ProjectPage.objects.child_of(index).get(slug="bildungswerkstatt")


def paths(received):
    return sorted({path for _host, path in received})


def test_publish_purges_page_index_and_home(purges, project, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        project.save_revision().publish()

    assert paths(purges) == ["/", "/projekte/", "/projekte/bildungswerkstatt/"]
    assert {host for host, _path in purges} == {"localhost"}


def test_nothing_is_purged_before_the_commit(purges, project, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        project.save_revision().publish()

    assert purges == []
    assert callbacks


def test_unpublish_purges(purges, project, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        project.unpublish()

    assert "/projekte/bildungswerkstatt/" in paths(purges)
    assert "/projekte/" in paths(purges)


def test_move_purges_old_and_new_url(purges, module_demo_site, django_capture_on_commit_callbacks):
    about = Page.objects.get(slug="ueber-das-zib", locale__language_code="de")
    contact = Page.objects.get(slug="kontakt", locale__language_code="de")
    with django_capture_on_commit_callbacks(execute=True):
        contact.move(about, pos="last-child")

    assert {"/kontakt/", "/ueber-das-zib/kontakt/", "/ueber-das-zib/", "/"} <= set(paths(purges))


def test_delete_purges(purges, project, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        project.delete()

    assert {"/projekte/bildungswerkstatt/", "/projekte/", "/"} <= set(paths(purges))


def test_no_purge_without_setting(settings, project, django_capture_on_commit_callbacks):
    settings.WAGTAILFRONTENDCACHE = {}
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        project.save_revision().publish()
    assert all("purge" not in repr(callback) for callback in callbacks)
