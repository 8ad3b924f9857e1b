"""Load benchmark: `make bench` (or `.venv/bin/python bench/run.py`).

For each size N in BENCH_SIZES (default "10,1000"; "10,1000,10000" for the full series):

1. recreate the PostgreSQL database `zib_bench`, migrate, load the demo content plus N generated
   project pages (bench/setup_content.py), collect the static files;
2. start gunicorn (production settings, 2 workers, 127.0.0.1, a free port; Redis database 6),
   once with the response cache off (ZIB_PAGE_CACHE=false) and once on;
3. drive each URL with `wrk` (BENCH_CONNECTIONS=8 connections, BENCH_DURATION=5 seconds,
   2 threads) after a warm-up, and read requests per second and p50/p99 latency;
4. count SQL queries per request in-process (bench/queries.py);
5. with the cache on, send 500 grant applications from 16 concurrent clients to the API and
   check that exactly 500 distinct reference numbers are stored (none lost or duplicated); then
   500 clients (16 at a time) send theirs twice at once with the same Idempotency-Key
   (bench/submission_storm.py): exactly 500 more stored, distinct, numbers gapless. This stage
   alone: `.venv/bin/python bench/submission_storm.py`;
6. last stage, the full sync (bench/sync_bench.py) for N in BENCH_SYNC_SIZES (default
   "1000,10000"; "" skips it and keeps the previous figures): `/api/v1/sync/` walked from
   nothing to the final cursor, time per page and memory per request flat. Alone:
   `BENCH_SIZES=1000,10000 .venv/bin/python bench/sync_bench.py`.

Writes bench/results.json and bench/results.md. Loopback only; nothing leaves the machine.
Environment: BENCH_DATABASE_URL (postgres://postgres@127.0.0.1:5432/zib_bench),
BENCH_REDIS_URL (redis://127.0.0.1:6379/6), BENCH_WORKERS (2), BENCH_SUBMISSIONS (500),
BENCH_SUBMISSION_CLIENTS (16).
"""

import concurrent.futures
import datetime
import json
import os
import platform
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psycopg

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BENCH_DIR.parent
WORK_DIR = BENCH_DIR / ".work"
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))

SIZES = [int(size) for size in os.environ.get("BENCH_SIZES", "10,1000").split(",") if size]
SYNC_SIZES = [
    int(size) for size in os.environ.get("BENCH_SYNC_SIZES", "1000,10000").split(",") if size
]
DURATION = int(os.environ.get("BENCH_DURATION", "5"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
SUBMISSIONS = int(os.environ.get("BENCH_SUBMISSIONS", "500"))
SUBMISSION_CLIENTS = int(os.environ.get("BENCH_SUBMISSION_CLIENTS", "16"))
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/zib_bench")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/6")
#: How long gunicorn may take to answer /healthz (a busy machine starts slowly).
STARTUP_SECONDS = 60


def endpoints(project_id, project_url):
    return {
        "Startseite": "/",
        "Projektübersicht": "/projekte/",
        "Projektseite": project_url,
        "Zuschüsse": "/zuschuesse/",
        "Suche": "/suche/?q=Integration",
        "API v1 Projektliste": "/api/v1/pages/?type=projects.ProjectPage",
        "API v1 Projekt": f"/api/v1/pages/{project_id}/",
        "API v2 Projektliste": "/api/v2/pages/?type=projects.ProjectPage",
        "API v2 Projekt": f"/api/v2/pages/{project_id}/",
        # The site's stylesheet (whitenoise, from STATIC_ROOT): the ceiling of the cached path.
        "Statische Datei": "/static/zib_core/css/site.css",
    }


def environment(port, cache_on, database_url=None, redis_url=None):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "ZIB_PAGE_CACHE"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="zib_wagtail.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database_url or DATABASE_URL,
        REDIS_URL=redis_url or REDIS_URL,
        WAGTAILADMIN_BASE_URL=f"http://127.0.0.1:{port}",
        SECURE_SSL_REDIRECT="false",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
        STATIC_ROOT=str(WORK_DIR / "static"),
        MEDIA_ROOT=str(WORK_DIR / "media"),
        ZIB_GRANTS_PRIVATE_ROOT=str(WORK_DIR / "private"),
        ZIB_PAGE_CACHE="true" if cache_on else "false",
        # The benchmark is one client address: lift the per-client limits.
        ZIB_API_RATE_LIMIT="10000000/m",
        ZIB_GRANTS_RATE_LIMIT="1000000/3600",
        ZIB_GRANTS_INVALID_RATE_LIMIT="1000000/3600",
        ZIB_REQUEST_LOG_LEVEL="WARNING",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY=str(WORKERS),
        GUNICORN_ACCESS_LOG="",
        GUNICORN_LOG_LEVEL="warning",
        PYTHONUNBUFFERED="1",
        # Workers live through the whole run, so their peak memory (VmHWM) covers every URL.
        GUNICORN_MAX_REQUESTS="0",
    )
    return env


def run(args, env, cwd=PROJECT_DIR, **kwargs):
    return subprocess.run(
        args, cwd=cwd, env=env, check=True, capture_output=True, text=True, **kwargs
    )


def recreate_database(url=None):
    url = url or DATABASE_URL
    name = url.rsplit("/", 1)[1]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def analyze(url):
    """Planner statistics after loading: this machine's PostgreSQL runs without autovacuum, and
    without statistics it plans 10,000 rows as one (as a production database never would)."""
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("ANALYZE")


def flush_redis(url=None):
    import redis

    redis.Redis.from_url(url or REDIS_URL).flushdb()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn with the production settings on 127.0.0.1."""

    def __init__(self, cache_on, cwd=PROJECT_DIR, env=None, **urls):
        self.port = free_port()
        self.env = environment(self.port, cache_on, **urls)
        self.env.update(env or {})
        self.cwd = cwd
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = WORK_DIR / "gunicorn.log"

    def peak_worker_rss_mb(self):
        """The largest peak resident memory (VmHWM) of the current workers, in MiB."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        peaks = []
        for pid in children.read_text().split():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except FileNotFoundError:  # a worker that just ended
                continue
            peaks.append(int(re.search(r"^VmHWM:\s+(\d+) kB", status, re.M).group(1)))
        return round(max(peaks) / 1024, 1) if peaks else None

    def __enter__(self):
        self.log = self.log_path.open("a")
        self.process = subprocess.Popen(
            [GUNICORN, "-c", "zib_wagtail/gunicorn.conf.py"],
            cwd=self.cwd,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url + "/healthz", timeout=2)
                return self
            except OSError:
                if self.process.poll() is not None:
                    self.log.close()
                    raise RuntimeError(self.log_path.read_text()) from None
                time.sleep(0.1)
        self.__exit__()
        raise RuntimeError(f"gunicorn did not answer /healthz within {STARTUP_SECONDS} s")

    def __exit__(self, *exc):
        stop(self.process)
        self.log.close()


def stop(process, timeout=30):
    """End a subprocess: SIGTERM (gunicorn and db_worker finish what they are doing), then
    SIGKILL if it has not ended within `timeout` seconds."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=timeout)


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def to_ms(text):
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return round(float(value) * UNITS[unit], 2)


def wrk(url):
    # Warm-up: fill the caches (and, with the cache off, Django's per-process caches).
    for _ in range(WORKERS * 4):
        urllib.request.urlopen(url, timeout=30).read()
    output = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}s", "--latency", url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    percentiles = dict(re.findall(r"^\s*(50|99)(?:\.0+)?%\s+(\S+)\s*$", output, re.M))
    if set(percentiles) != {"50", "99"}:
        raise RuntimeError(f"unexpected wrk output for {url}:\n{output}")
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": round(float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)), 1),
        "p50_ms": to_ms(percentiles["50"]),
        "p99_ms": to_ms(percentiles["99"]),
        "errors": int(errors.group(1)) if errors else 0,
    }


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n"


def application(number):
    return {
        "organisation_name": f"Verein Nummer {number} e. V.",
        "legal_form": "ev",
        "street": "Ludwigstraße 12",
        "postcode": "66115",
        "city": "Saarbrücken",
        "contact_name": "Ayşe Demir",
        "contact_email": f"antrag{number}@example.org",
        "contact_phone": "0681 123456",
        "kind": "event",
        "title": f"Fest der Kulturen {number}",
        "description": "Ein Nachbarschaftsfest mit Musik und Essen aus vielen Ländern.",
        "target_group": "Familien im Stadtteil",
        "place": "Gemeindezentrum Malstatt",
        # Within the benchmark round's funding period (its year, bench/setup_content.py).
        "start_date": f"{datetime.date.today().year}-06-01",
        "end_date": f"{datetime.date.today().year}-06-02",
        "expected_participants": "150",
        "requested_amount": "1500",
        # The financing plan as JSON parts (costs 2.500,00 = 500 + 500 + 1500 requested).
        "cost_lines": json.dumps(
            [
                {"category": "fees", "description": "Musik und Technik", "amount": "1.200,00"},
                {"category": "catering", "description": "Essen und Getränke", "amount": 1300},
            ]
        ),
        "income_lines": json.dumps(
            [
                {"kind": "own", "description": "Mitgliedsbeiträge", "amount": "500,00"},
                {
                    "kind": "third_party",
                    "description": "Stiftung Nachbarschaft",
                    "status": "confirmed",
                    "amount": 500,
                },
            ]
        ),
        "account_holder": "Interkultureller Verein Malstatt e. V.",
        "iban": "DE89 3704 0044 0532 0130 00",
        "bic": "COBADEFFXXX",
        "privacy_consent": "on",
        "truth_declaration": "on",
        "website": "",
    }


def submit_applications(server):
    """SUBMISSIONS POSTs from SUBMISSION_CLIENTS threads; then count what the database holds."""
    import requests

    url = server.url + "/api/v1/grant-applications/"

    def submit(number):
        started = time.perf_counter()
        response = requests.post(
            url,
            data=application(number),
            files={"budget_plan": ("kostenplan.pdf", PDF, "application/pdf")},
            timeout=60,
        )
        elapsed = (time.perf_counter() - started) * 1000
        body = response.json() if "json" in response.headers.get("Content-Type", "") else {}
        return response.status_code, body.get("reference"), elapsed, body

    started = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(SUBMISSION_CLIENTS) as pool:
        results = list(pool.map(submit, range(SUBMISSIONS)))
    wall = time.perf_counter() - started
    created = [reference for status, reference, _ms, _body in results if status == 201]
    failures = [body for status, _ref, _ms, body in results if status != 201]
    stored = run(
        [
            PYTHON,
            "manage.py",
            "shell",
            "-c",
            "from grants.models import GrantApplication as A; import json;"
            "r=list(A.objects.values_list('reference', flat=True));"
            "print(json.dumps([len(r), len(set(r))]))",
        ],
        server.env,
    )
    total, distinct = json.loads(stored.stdout.strip().splitlines()[-1])
    latencies = sorted(ms for _s, _r, ms, _b in results)
    return {
        "sent": SUBMISSIONS,
        "clients": SUBMISSION_CLIENTS,
        "created": len(created),
        "distinct_references_in_responses": len(set(created)),
        "stored": total,
        "distinct_stored": distinct,
        "first_failure": failures[0] if failures else None,
        "rps": round(SUBMISSIONS / wall, 1),
        "p50_ms": round(latencies[len(latencies) // 2], 1),
        "p99_ms": round(latencies[int(len(latencies) * 0.99) - 1], 1),
        "ok": len(created) == SUBMISSIONS == total == distinct == len(set(created)),
    }


def bench_size(size):
    print(f"== N = {size}: database, content", flush=True)
    recreate_database()
    env = environment(0, cache_on=False)
    run([PYTHON, "manage.py", "migrate", "--noinput"], env)
    started = time.monotonic()
    content = json.loads(
        run([PYTHON, "bench/setup_content.py", str(size)], env).stdout.strip().splitlines()[-1]
    )
    content["load_seconds"] = round(time.monotonic() - started, 1)
    analyze(DATABASE_URL)
    print(f"   content: {content}", flush=True)
    urls = endpoints(content["project_id"], content["project_url"])
    queries = json.loads(
        run([PYTHON, "bench/queries.py", *urls.values()], env).stdout.strip().splitlines()[-1]
    )
    rows = {}
    peak_rss = {}
    for cache_on in (False, True):
        flush_redis()
        with Server(cache_on) as server:
            for name, path in urls.items():
                figures = wrk(server.url + path)
                figures["queries"] = queries[path]["on" if cache_on else "off"]
                rows.setdefault(name, {})["on" if cache_on else "off"] = figures
                print(f"   cache {'on ' if cache_on else 'off'} {name}: {figures}", flush=True)
            peak_rss["on" if cache_on else "off"] = server.peak_worker_rss_mb()
            if cache_on:
                submissions = submit_applications(server)
                print(f"   submissions: {submissions}", flush=True)
                import submission_storm

                repeated = submission_storm.storm(server)
                print(f"   submissions sent twice: {repeated}", flush=True)
    return {
        "size": size,
        "content": content,
        "urls": urls,
        "rows": rows,
        "peak_worker_rss_mb": peak_rss,
        "submissions": submissions,
        "submissions_twice": repeated,
    }


def markdown(results):
    lines = [
        f"Benchmark vom {results['date']} auf {results['machine']} "
        f"(gunicorn mit {WORKERS} Workern, PostgreSQL, Redis; wrk mit {CONNECTIONS} "
        f"Verbindungen, {DURATION} s je Adresse). Befehl: `make bench` "
        f"(BENCH_SIZES={','.join(map(str, SIZES))}).",
        "",
    ]
    for run_ in results["runs"]:
        lines += [
            f"**N = {run_['size']} Projektseiten** (Laden: {run_['content']['load_seconds']} s)",
            "",
            "| Adresse | Anfr./s ohne Cache | p50 / p99 ms | SQL | Anfr./s mit Cache | "
            "p50 / p99 ms | SQL |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ]
        for name, row in run_["rows"].items():
            off, on = row["off"], row["on"]
            lines.append(
                f"| {name} | {off['rps']:.0f} | {off['p50_ms']} / {off['p99_ms']} | "
                f"{off['queries']} | {on['rps']:.0f} | {on['p50_ms']} / {on['p99_ms']} | "
                f"{on['queries']} |"
            )
        sub = run_["submissions"]
        rss = run_.get("peak_worker_rss_mb", {})
        lines += [
            f"| Antrag einreichen (POST, {sub['clients']} Clients) | – | – | – | "
            f"{sub['rps']:.0f} | {sub['p50_ms']} / {sub['p99_ms']} | – |",
            "",
            f"Anträge: {sub['sent']} gesendet, {sub['created']} angenommen, {sub['stored']} "
            f"gespeichert, {sub['distinct_stored']} verschiedene Aktenzeichen "
            f"({'nichts verloren, nichts doppelt' if sub['ok'] else 'FEHLER'}).",
            "",
        ]
        if rss:
            lines += [
                f"Größter Speicher eines Workers (VmHWM): {rss.get('off')} MiB ohne Cache, "
                f"{rss.get('on')} MiB mit Cache (nach allen Adressen und den Anträgen).",
                "",
            ]
        lines += cached_share(run_["rows"])
        if "submissions_twice" in run_:
            import submission_storm

            lines += [submission_storm.line(run_["submissions_twice"]), ""]
    lines += cost_curve(results["runs"])
    return "\n".join(lines)


#: Pages whose cost must not grow with the number of projects (issue 18): ≤ 1.5× at N = max.
CURVE_PAGES = ("Projektübersicht", "Suche")
CURVE_LIMIT = 1.5


def cost_curve(runs):
    """The smallest and the largest N side by side for the listing pages: how much slower
    (uncached req/s and p50) the largest is; the target is within CURVE_LIMIT."""
    if len(runs) < 2:
        return []
    small, large = min(runs, key=lambda r: r["size"]), max(runs, key=lambda r: r["size"])
    lines = [
        f"**Kostenkurve** (ohne Cache, N = {large['size']} gegen N = {small['size']}; "
        f"Ziel: höchstens {CURVE_LIMIT}× langsamer):",
        "",
        "| Adresse | Anfr./s | p50 ms | SQL | Faktor | Ziel |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for name in CURVE_PAGES:
        before, after = small["rows"][name]["off"], large["rows"][name]["off"]
        factor = before["rps"] / after["rps"] if after["rps"] else float("inf")
        lines.append(
            f"| {name} | {before['rps']:.0f} → {after['rps']:.0f} | "
            f"{before['p50_ms']} → {after['p50_ms']} | {before['queries']} → "
            f"{after['queries']} | {factor:.2f}× | "
            f"{'erreicht' if factor <= CURVE_LIMIT else 'verfehlt'} |"
        )
    return lines + [""]


def cached_share(rows):
    """Cache hits side by side with the static file, measured in the same run on the same
    server (issue 18: the cached path close to the limit)."""
    static = rows.get("Statische Datei", {}).get("on", {}).get("rps")
    if not static:
        return []
    shares = [
        f"{name} {row['on']['rps'] / static:.0%}"
        for name, row in rows.items()
        if name != "Statische Datei"
    ]
    return [
        "Mit Cache im Verhältnis zur statischen Datei (whitenoise, derselbe Server im selben "
        f"Lauf, {static:.0f} Anfr./s): " + ", ".join(shares) + ".",
        "",
    ]


def main():
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk (make bench does it)")
    WORK_DIR.mkdir(exist_ok=True)
    (WORK_DIR / "gunicorn.log").write_text("")
    env = environment(0, cache_on=False)
    run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"], env)
    results = {
        "date": datetime.datetime.now().isoformat(timespec="minutes"),
        "machine": f"{os.cpu_count()} CPU-Kerne, {platform.processor() or platform.machine()}",
        "settings": {
            "workers": WORKERS,
            "connections": CONNECTIONS,
            "duration_s": DURATION,
            "sizes": SIZES,
        },
        "runs": [bench_size(size) for size in SIZES],
    }
    import sync_bench

    if SYNC_SIZES:
        results["sync"] = sync_bench.bench(SYNC_SIZES)
    elif (BENCH_DIR / "results.json").exists():  # stage skipped: keep its last figures
        previous = json.loads((BENCH_DIR / "results.json").read_text())
        if "sync" in previous:
            results["sync"] = previous["sync"]
    text = markdown(results) + "\n"
    # The other stages' sections (search, two servers, side by side …) stay as they were.
    previous_md = BENCH_DIR / "results.md"
    if previous_md.exists():
        previous_text = previous_md.read_text()
        first_section = previous_text.find("\n## ")
        if first_section != -1:
            text = text.rstrip("\n") + "\n" + previous_text[first_section:]
    if "sync" in results:
        text = sync_bench.with_section(text, sync_bench.markdown(results["sync"]))
    # Other stages' keys (compare, two servers …) stay as they were.
    results_json = BENCH_DIR / "results.json"
    stored = json.loads(results_json.read_text()) if results_json.exists() else {}
    results_json.write_text(json.dumps({**stored, **results}, indent=2, ensure_ascii=False))
    (BENCH_DIR / "results.md").write_text(text)
    print(text)
    if results.get("sync", {}).get("flat", {}).get("ok") is False and SYNC_SIZES:
        sys.exit("full sync: not flat per page (see results.md)")


if __name__ == "__main__":
    main()
