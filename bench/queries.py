"""Part of `make bench` (bench/run.py): SQL queries per request for each benchmarked URL,
measured in-process through Django's test client (production settings, the benchmark database),
with the response cache off and on (a warmed entry). Prints JSON {url: {"off": n, "on": n}}."""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zib_wagtail.settings.production")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries)


def main(urls):
    client = Client(HTTP_HOST="127.0.0.1")
    result = {}
    for url in urls:
        settings.ZIB_PAGE_CACHE = False
        count(client, url)  # warm per-process caches (site root paths, renditions)
        off = count(client, url)
        settings.ZIB_PAGE_CACHE = True
        count(client, url)  # fills the entry
        result[url] = {"off": off, "on": count(client, url)}
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
