"""Search latency with 1,000 and 10,000 project pages, on PostgreSQL (and SQLite).

Creates (or reuses) a scratch database, loads the demo content plus generated project pages with
varied German text, rebuilds the search index, then runs realistic queries and prints median and
p95 latency of

* the search page: a full GET /suche/?q=… through Django (search, promotions, facets,
  excerpts, template), and
* the search alone: `search.query.search_pages` plus the first page of results.

Usage (from the project directory; PostgreSQL at 127.0.0.1:5432, user postgres):

    .venv/bin/python bench/search_bench.py                       # 1,000 and 10,000 pages
    .venv/bin/python bench/search_bench.py --recreate --pages 1000,10000 --searches 200 \
        --database-url postgres://postgres@127.0.0.1:5432/zib_bench_search
    .venv/bin/python bench/search_bench.py --database-url sqlite:///bench/.work/search.sqlite3

The database is created when missing and left in place for the next run (`--recreate` starts
over); pages are added up to each size in turn. `--write` puts the figures into the section
„Suchgeschwindigkeit (PostgreSQL)“ or „(SQLite)“ of bench/results.md (nothing else changes).
"""

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

PROJECT_DIR = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/zib_bench_search"

QUERIES = [
    "Zuschuss",
    "Antrag",
    "Malstatt",
    "Integrationsbeirat",
    "Sprachkurs",
    "Beratung für Familien",
    "Vereine",
    "Projekte in Burbach",
    "Jugendliche",
    "Kontakt",
    "Rathaus",
    "Hausaufgabenhilfe",
    "Neuzugewanderte",
    "Elterncafé Dudweiler",
    "Fachkräfteeinwanderungsgesetz",
    "Theater",
    "geflüchtete Frauen",
    "Bildung",
    "Nachbarschaftsfest",
    "Migration und Vielfalt",
]

ACTIVITIES = [
    "Sprachkurs",
    "Elterncafé",
    "Hausaufgabenhilfe",
    "Beratungsstelle",
    "Nachbarschaftsfest",
    "Theaterprojekt",
    "Mentoringprogramm",
    "Frauentreff",
    "Begegnungscafé",
    "Integrationslotsen",
    "Bewerbungswerkstatt",
    "Stadtteilspaziergang",
    "Kulturfest",
    "Lernpatenschaft",
    "Fußballturnier",
]
GROUPS = [
    "Neuzugewanderte",
    "geflüchtete Frauen",
    "Jugendliche",
    "Familien",
    "Seniorinnen und Senioren",
    "Vereine",
    "Migrant*innenorganisationen",
    "Fachkräfte aus dem Ausland",
    "Schülerinnen und Schüler",
]
DISTRICTS = [
    "Malstatt",
    "Burbach",
    "St. Johann",
    "Alt-Saarbrücken",
    "Dudweiler",
    "Brebach",
    "Folsterhöhe",
    "Eschberg",
]
SENTENCES = [
    "Das {activity} richtet sich an {group} in {district}.",
    "Gemeinsam mit Vereinen aus {district} bietet das Projekt Beratung und Begleitung an.",
    "Der Zuschuss der Landeshauptstadt deckt Raummiete, Material und Honorare.",
    "Ehrenamtliche unterstützen {group} beim Ankommen in der Stadt.",
    "Die Treffen finden wöchentlich im Gemeinschaftszentrum statt.",
    "Das Angebot ist kostenlos; eine Anmeldung ist nicht nötig.",
    "Ziel ist, Sprachkenntnisse zu verbessern und Kontakte in der Nachbarschaft zu knüpfen.",
    "Für den Antrag auf Förderung berät das Zuwanderungs- und Integrationsbüro.",
    "Im Mittelpunkt stehen Bildung, Arbeit und gesellschaftliche Teilhabe.",
    "Seit dem Start haben viele {group} an dem {activity} teilgenommen.",
]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)
    )
    parser.add_argument(
        "--pages", default="1000,10000", help="generated project pages, one run per size"
    )
    parser.add_argument("--searches", type=int, default=200, help="timed searches per kind")
    parser.add_argument("--recreate", action="store_true", help="drop the database first")
    parser.add_argument("--output", type=Path, help="also write the figures as JSON here")
    parser.add_argument("--write", action="store_true", help="update bench/results.md")
    return parser.parse_args()


def ensure_database(url, recreate):
    """Create the scratch database (through the server's `postgres` database) if needed."""
    if url.startswith("sqlite"):
        path = Path(url.removeprefix("sqlite:///"))
        path.parent.mkdir(parents=True, exist_ok=True)
        if recreate:
            path.unlink(missing_ok=True)
        return
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin_url = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as connection:
        if recreate:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


def setup_django(database_url):
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zib_wagtail.settings.dev")
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
    sys.path.insert(0, str(PROJECT_DIR))
    import django
    from django.conf import settings

    django.setup()
    settings.DEBUG = False  # no SQL query log: measure what production runs
    # As gunicorn's master does before forking the workers (zib_wagtail/gunicorn.conf.py).
    from zib_wagtail.prefork import prepare

    prepare()


def load_content(pages):
    """The demo content and `pages` generated project pages, indexed once at the end (saving
    each page does not index it here, as `load_zib_content` does)."""
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.db.models.signals import post_save
    from modelsearch.signal_handlers import post_save_signal_handler
    from wagtail.models import Locale

    from projects.models import ProjectIndexPage, ProjectPage
    from zib_wagtail.core.models import District, Topic

    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_zib_content", verbosity=0)
    index = ProjectIndexPage.objects.get(locale=Locale.get_default())
    existing = ProjectPage.objects.filter(slug__startswith="bench-").count()
    if existing >= pages:
        return existing
    post_save.disconnect(post_save_signal_handler, sender=ProjectPage)
    locale = Locale.get_default()
    districts = [
        District.objects.get_or_create(
            slug=name.lower().replace(" ", "-").replace(".", ""),
            locale=locale,
            defaults={"name": name},
        )[0]
        for name in DISTRICTS
    ]
    topics = list(Topic.objects.filter(locale=locale))
    rng = random.Random(42)
    started = time.perf_counter()
    with transaction.atomic():
        for number in range(existing + 1, pages + 1):
            activity, group = rng.choice(ACTIVITIES), rng.choice(GROUPS)
            district = rng.choice(districts)
            values = {"activity": activity, "group": group, "district": district.name}
            text = " ".join(s.format(**values) for s in rng.sample(SENTENCES, 4))
            project = ProjectPage(
                title=f"{activity} {district.name} {number}",
                slug=f"bench-{number}",
                summary=SENTENCES[0].format(**values),
                body=json.dumps([{"type": "paragraph", "value": f"<p>{text}</p>"}]),
                start_year=rng.randint(2015, 2026),
                district=district,
                location=district.name,
            )
            index.add_child(instance=project)
            project.topics.set(rng.sample(topics, rng.randint(1, 2)))
            project.save()
    post_save.connect(post_save_signal_handler, sender=ProjectPage)
    created = time.perf_counter() - started
    started = time.perf_counter()
    call_command("update_index", verbosity=0)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # the planner's statistics, as autovacuum keeps them
    print(
        f"created {pages - existing} project pages in {created:.0f} s, "
        f"indexed all in {time.perf_counter() - started:.0f} s",
        file=sys.stderr,
    )
    return pages


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def timed(function, queries, searches):
    for query in queries[:5]:  # warm-up: connections, caches, query plans
        function(query)
    durations = []
    for number in range(searches):
        query = queries[number % len(queries)]
        started = time.perf_counter()
        function(query)
        durations.append((time.perf_counter() - started) * 1000)
    return {
        "searches": searches,
        "median_ms": round(statistics.median(durations), 1),
        "p95_ms": round(percentile(durations, 0.95), 1),
        "max_ms": round(max(durations), 1),
    }


def run_size(pages, searches):
    from django.db import connection
    from django.test import Client
    from wagtail.models import Locale, Page, Site

    from search.query import build_hits, paginate, search_pages

    projects = load_content(pages)
    client = Client(HTTP_HOST="localhost")
    locale, site = Locale.get_default(), Site.objects.get(is_default_site=True)

    def search_page(query):
        response = client.get("/suche/", {"q": query})
        assert response.status_code == 200, response.status_code

    def search_function(query):
        outcome = search_pages(query, locale=locale, site=site)
        results_page, _notice = paginate(outcome.results, 1)
        build_hits(results_page.object_list, outcome.query, outcome.highlight_terms)

    vendor = connection.vendor
    database = (
        f"PostgreSQL {connection.pg_version // 10000}"
        if vendor == "postgresql"
        else (f"SQLite {connection.Database.sqlite_version}")
    )
    return {
        "database": database,
        "calibration": calibration(),
        "live_pages": Page.objects.live().count(),
        "project_pages": projects,
        "search_page": timed(search_page, QUERIES, searches),
        "search_function": timed(search_function, QUERIES, searches),
    }


def calibration():
    """The machine's speed at the time of the run, to compare runs on machines of the same size
    (shared ones vary by a factor of two from one day to the next): the median of five runs of
    a fixed Python loop and of a fixed database computation."""
    from django.db import connection

    def python_loop():
        total = 0
        for number in range(2_000_000):
            total += number
        return total

    sql = (
        "SELECT sum(g) FROM generate_series(1, 1000000) AS g"
        if connection.vendor == "postgresql"
        else "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000000) "
        "SELECT sum(x) FROM c"
    )

    def database():
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchone()

    figures = {}
    for name, function in (("python_loop_ms", python_loop), ("database_ms", database)):
        durations = []
        for _ in range(5):
            started = time.perf_counter()
            function()
            durations.append((time.perf_counter() - started) * 1000)
        figures[name] = round(statistics.median(durations), 1)
    return figures


def section_of(runs):
    return f"## Suchgeschwindigkeit ({runs[0]['database'].split()[0]})"


def markdown(runs, command):
    lines = [
        section_of(runs),
        "",
        f"Gemessen am {time.strftime('%Y-%m-%d %H:%M')} mit `{command}` auf "
        f"{os.cpu_count()} CPU-Kernen (Entwicklungs-Einstellungen mit DEBUG aus, Testclient, kein "
        f"Netz), je {runs[0]['search_page']['searches']} Suchen über {len(QUERIES)} Anfragen "
        "(bench/search_bench.py). Ziel: p95 der Suchseite ≤ 80 ms bei 10.000 Seiten auf "
        "PostgreSQL.",
        "",
        "| Datenbank | Seiten (live) | Suchseite Median | Suchseite p95 | Suche allein Median | "
        "Suche allein p95 |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for run in runs:
        page, function = run["search_page"], run["search_function"]
        lines.append(
            f"| {run['database']} | {run['live_pages']:,} | {page['median_ms']} ms | "
            f"{page['p95_ms']} ms | {function['median_ms']} ms | {function['p95_ms']} ms |"
        )
    speed = runs[0]["calibration"]
    lines += [
        "",
        f"Geschwindigkeit der Maschine bei diesem Lauf (zum Vergleich mit anderen Läufen): "
        f"Python-Schleife über 2 Mio. Zahlen {speed['python_loop_ms']} ms, Summe über 1 Mio. "
        f"Zahlen in der Datenbank {speed['database_ms']} ms (Median von fünf).",
    ]
    return "\n".join(lines) + "\n"


def write_section(heading, section):
    """bench/results.md with this section replaced (or appended)."""
    path = Path(__file__).resolve().parent / "results.md"
    text = path.read_text() if path.exists() else ""
    start = text.find(heading)
    if start == -1:
        text = text.rstrip("\n") + "\n\n" + section
    else:
        end = text.find("\n## ", start + len(heading))
        rest = text[end + 1 :] if end != -1 else ""
        text = text[:start] + section + ("\n" + rest if rest else "")
    path.write_text(text)


def main():
    args = parse_args()
    ensure_database(args.database_url, args.recreate)
    setup_django(args.database_url)
    runs = [run_size(int(size), args.searches) for size in args.pages.split(",")]
    print(json.dumps(runs, indent=2, ensure_ascii=False))
    if args.output:
        args.output.write_text(json.dumps(runs, indent=2, ensure_ascii=False) + "\n")
    if args.write:
        command = "python bench/search_bench.py " + " ".join(sys.argv[1:])
        write_section(section_of(runs), markdown(runs, command.strip()))


if __name__ == "__main__":
    main()
