"""Part of `make bench` (bench/run.py): load the demo content plus N generated project pages
into the benchmark database, open a funding round, and print the ids the benchmark needs.

Run with the production settings and the benchmark's environment:
    python bench/setup_content.py N
Search indexing is switched off while the pages are generated and the index is rebuilt once
at the end (`update_index`), which is much faster than indexing page by page.
"""

import json
import os
import sys
import time
from io import StringIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zib_wagtail.settings.production")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402

TOPICS = ["Bildung", "Sprache", "Arbeit", "Wohnen", "Gesundheit", "Kultur", "Sport", "Beratung"]


def generate_projects(index, count):
    from projects.models import ProjectPage

    existing = ProjectPage.objects.child_of(index).filter(slug__startswith="bench-").count()
    for number in range(existing, count):
        topic = TOPICS[number % len(TOPICS)]
        index.add_child(
            instance=ProjectPage(
                title=f"{topic}sprojekt {number:05d}",
                slug=f"bench-{number:05d}",
                summary=f"Ein generiertes Projekt zu {topic} im Stadtteil, Nummer {number}.",
                live=True,
                locale=index.locale,
            )
        )


def open_funding_round():
    from grants.models import FundingRound

    if FundingRound.objects.current() is None:
        now = timezone.now()
        FundingRound.objects.create(
            title="Benchmark-Runde",
            year=now.year,
            opens_at=now - timezone.timedelta(days=1),
            closes_at=now + timezone.timedelta(days=30),
            budget=1_000_000,
        )


def main(count):
    from projects.models import ProjectIndexPage, ProjectPage

    started = time.monotonic()
    call_command("load_zib_content", stdout=StringIO())
    for backend in settings.WAGTAILSEARCH_BACKENDS.values():
        backend["AUTO_UPDATE"] = False
    index = ProjectIndexPage.objects.get(locale__language_code=settings.LANGUAGE_CODE)
    generate_projects(index, count)
    generated = time.monotonic()
    call_command("update_index", stdout=StringIO(), stderr=StringIO())
    open_funding_round()
    project = ProjectPage.objects.child_of(index).get(slug="bildungswerkstatt")
    print(
        json.dumps(
            {
                "project_id": project.pk,
                "project_url": project.url,
                "pages": ProjectPage.objects.count(),
                "generate_seconds": round(generated - started, 1),
                "index_seconds": round(time.monotonic() - generated, 1),
            }
        )
    )


if __name__ == "__main__":
    main(int(sys.argv[1]))
