import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from zib_wagtail.webhooks.models import WebhookEndpoint


@pytest.fixture(autouse=True)
def _webhooks_urls(settings):
    settings.ROOT_URLCONF = "tests.webhooks.urls"


class Receiver:
    """A real HTTP server on 127.0.0.1 that records requests and answers with `status`."""

    def __init__(self):
        self.requests = []
        self.status = 200
        self.release = threading.Event()  # set() lets a "slow" answer go
        self.slow = False
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append(
                    {"path": self.path, "headers": dict(self.headers), "body": body}
                )
                if receiver.slow:
                    receiver.release.wait(5)
                self.send_response(receiver.status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        class Server(ThreadingHTTPServer):
            def handle_error(self, request, client_address):
                pass  # e.g. the client gave up on a slow answer: expected here

        self.server = Server(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def close(self):
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    receiver = Receiver()
    yield receiver
    receiver.close()


@pytest.fixture
def make_endpoint(home_page):
    """Endpoints are made after the site exists (replacing its placeholder page is a change)."""

    def make(url, **fields):
        fields.setdefault("name", "Stadtportal")
        return WebhookEndpoint.objects.create(url=url, **fields)

    return make


@pytest.fixture
def endpoint(receiver, make_endpoint):
    return make_endpoint(receiver.url)
