"""Search precision on the demo site: P@1 and P@3 of the query set, on SQLite and PostgreSQL.

For each database: a scratch database (SQLite: bench/.work/search_quality.sqlite3; PostgreSQL:
`zib_bench_quality` at 127.0.0.1:5432, user postgres), `migrate`, the locales, the demo content
(`load_zib_content`, which rebuilds the search index) and then every promoted search result
deleted, so the figures say what the search itself finds. Each query of the query set
(bench/search_queries.tsv: language, query, expected first result) runs through the search page's
function (`search.query.search_pages`) in its language's locale; P@1 counts the queries whose
expected page comes first, P@3 those where it is among the first three.

Usage (from the project directory):

    .venv/bin/python bench/search_quality.py                     # both databases, writes results.md
    .venv/bin/python bench/search_quality.py --database sqlite --no-write
    .venv/bin/python bench/search_quality.py --queries other.tsv --output /tmp/quality.json

Each database runs in a child process of its own (Django is set up once per process). The
section „Suchqualität“ of bench/results.md is replaced (or appended); nothing else in the file
is touched.
"""

import argparse
import csv
import json
import os
import subprocess
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BENCH_DIR.parent
WORK_DIR = BENCH_DIR / ".work"
QUERIES = BENCH_DIR / "search_queries.tsv"
RESULTS_MD = BENCH_DIR / "results.md"
SECTION = "## Suchqualität"
DATABASES = {
    "sqlite": f"sqlite:///{WORK_DIR / 'search_quality.sqlite3'}",
    "postgres": os.environ.get(
        "BENCH_QUALITY_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/zib_bench_quality"
    ),
}
LABELS = {"sqlite": "SQLite", "postgres": "PostgreSQL"}
TARGETS = {"p1": 0.90, "p3": 0.97}


def read_queries(path):
    """(language, query, expected, note) per line of the TSV; lines starting with # are notes."""
    lines = [line for line in Path(path).read_text().splitlines() if not line.startswith("#")]
    rows = list(csv.DictReader(lines, delimiter="\t"))
    return [(row["language"], row["query"], row["expected"], row.get("note", "")) for row in rows]


# --- One database (child process) ----------------------------------------------------------------


def prepare_database(url):
    if url.startswith("sqlite"):
        WORK_DIR.mkdir(exist_ok=True)
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
        return
    from urllib.parse import urlsplit

    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    with psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def evaluate(database, queries_path):
    url = DATABASES[database]
    prepare_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zib_wagtail.settings.dev")
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
    sys.path.insert(0, str(PROJECT_DIR))
    import django

    django.setup()
    from io import StringIO

    from django.core.management import call_command
    from django.utils import translation
    from wagtail.contrib.search_promotions.models import SearchPromotion
    from wagtail.models import Locale, Page, Site

    from search.query import search_pages

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_zib_content", stdout=StringIO())
    SearchPromotion.objects.all().delete()
    load_seconds = round(time.perf_counter() - started, 1)
    site = Site.objects.get(is_default_site=True)
    locales = {locale.language_code: locale for locale in Locale.objects.all()}
    urls = {}
    results = []
    for language, query, expected, note in read_queries(queries_path):
        with translation.override(language):
            outcome = search_pages(query, locale=locales[language], site=site)
            ids = outcome.results.page_ids()[:3]
            for pk in ids:
                if pk not in urls:
                    urls[pk] = Page.objects.get(pk=pk).specific.url
            found = [urls[pk] for pk in ids]
        results.append(
            {
                "language": language,
                "query": query,
                "expected": expected,
                "note": note,
                "found": found,
                "rank": found.index(expected) + 1 if expected in found else None,
                "suggestion": outcome.suggestion,
                "count": outcome.results.count(),
            }
        )
    return {"database": database, "load_seconds": load_seconds, "results": results}


# --- Summary -------------------------------------------------------------------------------------


def precision(results):
    total = len(results)
    return {
        "queries": total,
        "p1": sum(r["rank"] == 1 for r in results) / total if total else 0.0,
        "p3": sum(r["rank"] is not None for r in results) / total if total else 0.0,
    }


def summary(run):
    by_language = {}
    for result in run["results"]:
        by_language.setdefault(result["language"], []).append(result)
    return {
        "all": precision(run["results"]),
        **{language: precision(rows) for language, rows in by_language.items()},
    }


def percent(value):
    return f"{value * 100:.1f} %"


def markdown(runs, command):
    lines = [
        SECTION,
        "",
        f"Gemessen am {time.strftime('%Y-%m-%d %H:%M')} mit `{command}`: "
        f"{len(runs[0]['results'])} Suchanfragen (bench/search_queries.tsv) auf der Demo-Website, "
        "ohne hervorgehobene Suchergebnisse. P@1: die erwartete Seite steht an erster Stelle; "
        f"P@3: unter den ersten drei. Ziel: P@1 ≥ {percent(TARGETS['p1'])}, "
        f"P@3 ≥ {percent(TARGETS['p3'])}.",
        "",
        "| Datenbank | Sprache | Anfragen | P@1 | P@3 |",
        "|---|---|---:|---:|---:|",
    ]
    for run in runs:
        figures = summary(run)
        for language, values in figures.items():
            name = "alle" if language == "all" else language
            lines.append(
                f"| {LABELS[run['database']]} | {name} | {values['queries']} | "
                f"{percent(values['p1'])} | {percent(values['p3'])} |"
            )
    if len(runs) == 2:
        same = sum(
            a["found"][:1] == b["found"][:1]
            for a, b in zip(runs[0]["results"], runs[1]["results"], strict=True)
        )
        lines += [
            "",
            f"Gleiches erstes Ergebnis auf beiden Datenbanken: {same} von "
            f"{len(runs[0]['results'])}.",
        ]
    for run in runs:
        misses = [r for r in run["results"] if r["rank"] != 1]
        lines += ["", f"Nicht an erster Stelle ({LABELS[run['database']]}): {len(misses)}"]
        for miss in misses:
            found = ", ".join(miss["found"]) or "nichts"
            lines.append(
                f"- {miss['language']} „{miss['query']}“: erwartet {miss['expected']}, "
                f"gefunden {found}"
            )
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--queries", type=Path, default=QUERIES)
    parser.add_argument("--output", type=Path, help="also write the figures as JSON here")
    parser.add_argument("--no-write", action="store_true", help="leave bench/results.md alone")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(evaluate(args.child, args.queries), ensure_ascii=False))
        return
    databases = ["sqlite", "postgres"] if args.database == "both" else [args.database]
    runs = []
    for database in databases:
        output = subprocess.run(
            [sys.executable, __file__, "--child", database, "--queries", str(args.queries)],
            check=True,
            capture_output=True,
            text=True,
            cwd=PROJECT_DIR,
        ).stdout
        runs.append(json.loads(output.strip().splitlines()[-1]))
    command = "python bench/search_quality.py" + (
        f" --database {args.database}" if args.database != "both" else ""
    )
    text = markdown(runs, command)
    print(text)
    if args.output:
        args.output.write_text(json.dumps(runs, indent=2, ensure_ascii=False) + "\n")
    if not args.no_write and args.database == "both":
        sys.path.insert(0, str(BENCH_DIR))
        import sync_bench

        current = RESULTS_MD.read_text() if RESULTS_MD.exists() else ""
        RESULTS_MD.write_text(sync_bench.with_section(current, text, SECTION))


if __name__ == "__main__":
    main()
