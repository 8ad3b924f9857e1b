"""Submission storm with repetitions: every client sends its application twice at once with the
same Idempotency-Key, and exactly one application per client may be stored.

Part of stage 5 of `make bench` (bench/run.py), after the plain storm, against the server with
the response cache on. Run alone, without the page benchmark (PostgreSQL at 127.0.0.1:5432,
Redis at 127.0.0.1:6379):

    .venv/bin/python bench/submission_storm.py

Alone it recreates the PostgreSQL database `zib_bench_storm` (its own, so a `make bench`
running at the same time keeps `zib_bench`), loads the demo content (bench/setup_content.py with
10 project pages: the pages are not what is measured), starts gunicorn (production settings,
bench/run.py's `Server`, cache on), runs the plain storm of bench/run.py and then this one, and
writes the figures into bench/results.json ("storm"; the other keys are kept) and the section
"Antragssturm" of bench/results.md.

BENCH_STORM_CLIENTS clients (default BENCH_SUBMISSIONS, 500), BENCH_SUBMISSION_CLIENTS (16) of
them at the same time, each POST their own application twice to /api/v1/grant-applications/
with their own Idempotency-Key, both requests released together (a double click, a retry while
the first is still in flight). Checks: every answer is a 201; both answers of a client carry the
same reference and exactly one of them is `Idempotent-Replayed: true`; the database holds exactly
one new application per client; all references are distinct and the numbers of the year are
gapless (1 … total, none lost to a rolled-back duplicate). Any failure makes `ok` false.

Environment: BENCH_STORM_CLIENTS, BENCH_SUBMISSION_CLIENTS, BENCH_WORKERS (2),
BENCH_STORM_DATABASE_URL (postgres://postgres@127.0.0.1:5432/zib_bench_storm),
BENCH_STORM_REDIS_URL (redis://127.0.0.1:6379/8). Loopback only.
"""

import concurrent.futures
import datetime
import json
import os
import sys
import threading
import time
import uuid
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
SECTION = "## Antragssturm mit Wiederholungen (Idempotency-Key)"
DATABASE_URL = os.environ.get(
    "BENCH_STORM_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/zib_bench_storm"
)
REDIS_URL = os.environ.get("BENCH_STORM_REDIS_URL", "redis://127.0.0.1:6379/8")


def clients():
    return int(os.environ.get("BENCH_STORM_CLIENTS", os.environ.get("BENCH_SUBMISSIONS", "500")))


def stored_numbers(server):
    """(reference numbers of all stored applications, distinct references, submission tokens)."""
    import run

    output = run.run(
        [
            run.PYTHON,
            "manage.py",
            "shell",
            "-c",
            "from grants.models import GrantApplication as A, SubmissionToken as T; import json;"
            "rows=list(A.objects.values_list('reference', 'reference_number'));"
            "print(json.dumps([sorted(n for _r, n in rows), len({r for r, _n in rows}),"
            " T.objects.filter(kind='api').count()]))",
        ],
        server.env,
    ).stdout
    numbers, distinct, keys = json.loads(output.strip().splitlines()[-1])
    return numbers, distinct, keys


def storm(server, count=None, concurrency=None):
    """`count` clients, `concurrency` at a time, each sending one application twice at once."""
    import requests
    import run

    count = count or clients()
    concurrency = concurrency or run.SUBMISSION_CLIENTS
    url = server.url + "/api/v1/grant-applications/"
    before, _distinct, keys_before = stored_numbers(server)

    def post(number, key, barrier):
        barrier.wait(timeout=60)
        started = time.perf_counter()
        response = requests.post(
            url,
            data=run.application(100_000 + number),
            files={"budget_plan": ("kostenplan.pdf", run.PDF, "application/pdf")},
            headers={"Idempotency-Key": key},
            timeout=120,
        )
        elapsed = (time.perf_counter() - started) * 1000
        body = response.json() if "json" in response.headers.get("Content-Type", "") else {}
        replayed = response.headers.get("Idempotent-Replayed") == "true"
        return response.status_code, body.get("reference"), replayed, elapsed, body

    def client(number):
        """Both copies of one client's application, released together."""
        key, barrier = str(uuid.uuid4()), threading.Barrier(2)
        with concurrent.futures.ThreadPoolExecutor(2) as pair:
            return list(pair.map(lambda _copy: post(number, key, barrier), range(2)))

    started = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(concurrency) as pool:
        pairs = list(pool.map(client, range(count)))
    wall = time.perf_counter() - started

    answers = [answer for pair in pairs for answer in pair]
    failures = [body for status, _ref, _rep, _ms, body in answers if status != 201]
    consistent = [
        pair
        for pair in pairs
        if pair[0][1] is not None
        and pair[0][1] == pair[1][1]
        and sorted(answer[2] for answer in pair) == [False, True]
    ]
    references = {pair[0][1] for pair in consistent}
    after, distinct, keys_after = stored_numbers(server)
    latencies = sorted(answer[3] for answer in answers)
    figures = {
        "clients": count,
        "concurrency": concurrency,
        "requests": len(answers),
        "answered_201": len(answers) - len(failures),
        "replayed": sum(answer[2] for answer in answers),
        "pairs_consistent": len(consistent),
        "distinct_references_in_answers": len(references),
        "stored_before": len(before),
        "stored_new": len(after) - len(before),
        "idempotency_keys_new": keys_after - keys_before,
        "distinct_stored": distinct,
        "gapless": after == list(range(1, len(after) + 1)),
        "first_failure": failures[0] if failures else None,
        "rps": round(len(answers) / wall, 1),
        "p50_ms": round(latencies[len(latencies) // 2], 1),
        "p99_ms": round(latencies[max(0, int(len(latencies) * 0.99) - 1)], 1),
    }
    figures["ok"] = (
        not failures
        and len(consistent) == len(references) == count
        and figures["stored_new"] == figures["idempotency_keys_new"] == count
        and distinct == len(after)
        and figures["gapless"]
    )
    return figures


def line(figures):
    """One line of German for results.md."""
    return (
        f"Doppelt gesendet: {figures['clients']} Clients ({figures['concurrency']} gleichzeitig) "
        f"senden ihren Antrag je zweimal zugleich mit demselben Idempotency-Key: "
        f"{figures['requests']} Anfragen, {figures['answered_201']} × 201, davon "
        f"{figures['replayed']} wiederholte Antworten; {figures['stored_new']} neu gespeichert, "
        f"{figures['distinct_references_in_answers']} verschiedene Aktenzeichen, Nummern "
        f"{'lückenlos' if figures['gapless'] else 'MIT LÜCKEN'}; {figures['rps']:.0f} Anfr./s, "
        f"p50 / p99 {figures['p50_ms']} / {figures['p99_ms']} ms "
        f"({'nichts verloren, nichts doppelt' if figures['ok'] else 'FEHLER'})."
    )


def markdown(results):
    plain = results["plain"]
    return "\n".join(
        [
            SECTION,
            "",
            f"{results['date']} auf {results['machine']} (gunicorn mit {results['workers']} "
            f"Workern, Produktionseinstellungen, PostgreSQL, Redis, Cache an; die Maschine teilen "
            f"sich mehrere Arbeiten). Befehl: `{results['command']}` (auch Teil von Stufe 5 von "
            "`make bench`).",
            "",
            f"Zuerst der einfache Sturm: {plain['sent']} Anträge von {plain['clients']} Clients, "
            f"{plain['created']} angenommen, {plain['stored']} gespeichert, "
            f"{plain['distinct_stored']} verschiedene Aktenzeichen; {plain['rps']:.0f} Anfr./s, "
            f"p50 / p99 {plain['p50_ms']} / {plain['p99_ms']} ms.",
            "",
            line(results["storm"]),
            "",
        ]
    )


def main():
    sys.path.insert(0, str(BENCH_DIR))
    import run
    import sync_bench

    urls = {"database_url": DATABASE_URL, "redis_url": REDIS_URL}
    run.WORK_DIR.mkdir(exist_ok=True)
    env = run.environment(0, cache_on=False, **urls)
    if not (run.WORK_DIR / "static" / "staticfiles.json").exists():
        run.run([run.PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"], env)
    print("== database, content", flush=True)
    run.recreate_database(DATABASE_URL)
    run.run([run.PYTHON, "manage.py", "migrate", "--noinput"], env)
    run.run([run.PYTHON, "bench/setup_content.py", "10"], env)
    run.flush_redis(REDIS_URL)
    with run.Server(cache_on=True, **urls) as server:
        plain = run.submit_applications(server)
        print(f"   plain storm: {plain}", flush=True)
        figures = storm(server)
        print(f"   storm with repetitions: {figures}", flush=True)
    results = {
        "date": datetime.datetime.now().isoformat(timespec="minutes"),
        "machine": sync_bench.machine(),
        "workers": run.WORKERS,
        "command": ".venv/bin/python bench/submission_storm.py",
        "plain": plain,
        "storm": figures,
    }
    results_json = BENCH_DIR / "results.json"
    stored = json.loads(results_json.read_text()) if results_json.exists() else {}
    stored["storm"] = results
    results_json.write_text(json.dumps(stored, indent=2, ensure_ascii=False) + "\n")
    results_md = BENCH_DIR / "results.md"
    text = results_md.read_text() if results_md.exists() else ""
    results_md.write_text(sync_bench.with_section(text, markdown(results), SECTION))
    print(markdown(results))
    if not (plain["ok"] and figures["ok"]):
        sys.exit("submission storm: lost or duplicated applications (see results.md)")


if __name__ == "__main__":
    main()
