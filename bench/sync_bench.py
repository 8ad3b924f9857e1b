"""Full-sync benchmark: walk `/api/v1/sync/` from nothing to the final cursor.

Run alone (from the project directory; PostgreSQL at 127.0.0.1:5432, Redis at 127.0.0.1:6379):

    .venv/bin/python bench/sync_bench.py                        # N = 1,000 and 10,000
    BENCH_SIZES=1000,10000 .venv/bin/python bench/sync_bench.py

It is also the last stage of `make bench` (bench/run.py), with the sizes from BENCH_SYNC_SIZES
("1000,10000"; "" skips the stage).

For each N:

1. recreate the PostgreSQL database `zib_bench_sync` (its own, so a `make bench` running at the
   same time keeps `zib_bench`), migrate, load the demo content plus N generated project pages
   (bench/setup_content.py, as bench/run.py does), then `ANALYZE` it (planner statistics, as
   autovacuum would keep them);
2. in-process (Django's test client, production settings; like bench/queries.py): walk the sync
   once counting SQL queries per request, and once more under tracemalloc for the peak memory
   each request allocates;
3. start gunicorn (production settings, bench/run.py's `Server`, response cache off), warm up
   with BENCH_WORKERS untimed walks, then walk the whole sync BENCH_SYNC_WALKS times (3) over
   HTTP, one request at a time, each from no token to `next_token: null` and then
   `/api/v1/changes/?since=<feed_cursor>`; record the time of every request and the gunicorn
   workers' peak RSS (VmHWM in /proc/<pid>/status);
4. check the walk: every page once, one feed cursor, and exactly the pages (ids) and the count
   of `/api/v1/pages/urls/`: any mismatch fails the benchmark.

"Flat per page": for every N against the smallest, time per page, the largest per-request
tracemalloc peak and the workers' VmHWM must stay within 1.5x and the SQL queries per request
must not grow. Prints PASS or FAIL, writes the figures into bench/results.json ("sync"; the
other keys are kept) and the section "Full sync (/api/v1/sync/)" of bench/results.md, and exits
1 on FAIL.

Environment: BENCH_SIZES (alone) / BENCH_SYNC_SIZES (from run.py), BENCH_SYNC_LIMIT (100, the
endpoint's default `limit`), BENCH_SYNC_WALKS (3), BENCH_SYNC_DATABASE_URL
(postgres://postgres@127.0.0.1:5432/zib_bench_sync), BENCH_SYNC_REDIS_URL
(redis://127.0.0.1:6379/7), BENCH_WORKERS (2). Loopback only.
"""

import datetime
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BENCH_DIR.parent
LIMIT = int(os.environ.get("BENCH_SYNC_LIMIT", "100"))
WALKS = int(os.environ.get("BENCH_SYNC_WALKS", "3"))
DATABASE_URL = os.environ.get(
    "BENCH_SYNC_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/zib_bench_sync"
)
REDIS_URL = os.environ.get("BENCH_SYNC_REDIS_URL", "redis://127.0.0.1:6379/7")
URLS = {"database_url": DATABASE_URL, "redis_url": REDIS_URL}
FLAT_FACTOR = 1.5
SECTION = "## Full sync (/api/v1/sync/)"


def sizes_from(variable, default):
    return [int(size) for size in os.environ.get(variable, default).split(",") if size.strip()]


# --- In-process: SQL queries and tracemalloc peak per request ------------------------------------


def walk_in_process(limit):
    """Runs in a subprocess with the benchmark's environment; prints JSON."""
    import tracemalloc

    sys.path.insert(0, str(PROJECT_DIR))
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")

    def walk(measure):
        token, figures, pages = None, [], 0
        while True:
            params = {"limit": limit} | ({"token": token} if token else {})
            with measure() as figure:
                response = client.get("/api/v1/sync/", params)
            assert response.status_code == 200, (response.status_code, response.content[:500])
            body = response.json()
            figures.append(figure())
            pages += len(body["items"])
            token = body["next_token"]
            if token is None:
                return figures, pages

    class queries:
        def __enter__(self):
            self.context = CaptureQueriesContext(connection).__enter__()
            # (queries, their database time in ms)
            return lambda: (
                len(self.context),
                sum(float(query["time"]) for query in self.context.captured_queries) * 1000,
            )

        def __exit__(self, *exc):
            self.context.__exit__(*exc)

    class memory:
        def __enter__(self):
            tracemalloc.reset_peak()
            self.base = tracemalloc.get_traced_memory()[0]
            return lambda: self.peak

        def __exit__(self, *exc):
            self.peak = tracemalloc.get_traced_memory()[1] - self.base

    client.get("/api/v1/sync/", {"limit": limit})  # warm per-process caches
    query_figures, pages = walk(queries)
    tracemalloc.start()
    peaks, _pages = walk(memory)
    tracemalloc.stop()
    print(
        json.dumps(
            {
                "pages": pages,
                "queries": [count for count, _ms in query_figures],
                "sql_ms": [ms for _count, ms in query_figures],
                "tracemalloc_peaks": peaks,
            }
        )
    )


# --- Over HTTP against gunicorn -------------------------------------------------------------------


def worker_pids(master_pid):
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    return sorted(int(pid) for pid in children)


def status_kib(pid, field):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"no {field} for {pid}")


def walk_http(session, base_url, limit):
    token, durations, ids, cursors = None, [], [], set()
    while True:
        params = {"limit": limit} | ({"token": token} if token else {})
        started = time.perf_counter()
        response = session.get(base_url + "/api/v1/sync/", params=params, timeout=60)
        content = response.content
        durations.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (response.status_code, content[:500])
        body = json.loads(content)
        ids += [item["id"] for item in body["items"]]
        cursors.add(body["feed_cursor"])
        token = body["next_token"]
        if token is None:
            break
    assert len(cursors) == 1, f"the feed cursor changed during one sync: {cursors}"
    (cursor,) = cursors
    feed = session.get(base_url + "/api/v1/changes/", params={"since": cursor}, timeout=60)
    assert feed.status_code == 200, (feed.status_code, feed.content[:500])
    return {
        "durations": durations,
        "ids": ids,
        "cursor": cursor,
        "feed_items_after_cursor": len(feed.json()["items"]),
    }


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def bench_http(limit, walks):
    import requests
    import run

    run.flush_redis(REDIS_URL)
    with run.Server(cache_on=False, **URLS) as server, requests.Session() as session:
        workers = worker_pids(server.process.pid)
        for _ in range(len(workers)):  # warm-up: untimed walks, so every worker has served
            walk_http(session, server.url, limit)  # every page type once
        hwm_before = max(status_kib(pid, "VmHWM") for pid in workers)
        results = [walk_http(session, server.url, limit) for _ in range(walks)]
        if worker_pids(server.process.pid) != workers:
            raise RuntimeError(
                "gunicorn recycled a worker during the walks: VmHWM is not comparable"
            )
        hwm_after = max(status_kib(pid, "VmHWM") for pid in workers)
        rss_after = max(status_kib(pid, "VmRSS") for pid in workers)
        # Only now: /urls/ answers every page at once, its peak must not count as the sync's.
        listed = session.get(server.url + "/api/v1/pages/urls/", timeout=120).json()

    listed_ids = sorted(item["id"] for item in listed["items"])
    for result in results:
        ids = result["ids"]
        assert len(ids) == len(set(ids)), "a page came twice in one sync"
        assert len(ids) == listed["count"] == len(listed_ids), (
            f"the sync gave {len(ids)} pages, /api/v1/pages/urls/ counts {listed['count']}"
        )
        assert sorted(ids) == listed_ids, "the sync and /api/v1/pages/urls/ list different pages"
    durations = [ms for result in results for ms in result["durations"]]
    totals = sorted(sum(result["durations"]) for result in results)
    total_ms = statistics.median(totals)
    first = results[0]["durations"]
    tenth = max(1, len(first) // 10)
    return {
        "pages": len(results[0]["ids"]),
        "urls_count": listed["count"],
        "requests": len(first),
        "walks": walks,
        "total_s": round(total_ms / 1000, 2),
        "total_s_walks": [round(ms / 1000, 2) for ms in totals],
        "ms_per_page": round(total_ms / len(results[0]["ids"]), 3),
        "p50_ms": round(percentile(durations, 0.5), 1),
        "p99_ms": round(percentile(durations, 0.99), 1),
        "first_tenth_p50_ms": round(
            statistics.median(ms for r in results for ms in r["durations"][:tenth]), 1
        ),
        "last_tenth_p50_ms": round(
            statistics.median(ms for r in results for ms in r["durations"][-tenth:]), 1
        ),
        "feed_items_after_cursor": results[-1]["feed_items_after_cursor"],
        "workers": len(workers),
        "worker_vmhwm_before_mib": round(hwm_before / 1024, 1),
        "worker_vmhwm_mib": round(hwm_after / 1024, 1),
        "worker_vmrss_mib": round(rss_after / 1024, 1),
    }


# --- One size, the flatness check, the results files ---------------------------------------------


def analyze():
    """Planner statistics for the freshly loaded tables, as autovacuum keeps them in production.

    Without them (autovacuum off, or not yet run after the bulk load) PostgreSQL believes
    wagtailcore_page is nearly empty and answers the keyset query `id > after ORDER BY id
    LIMIT n` with a sequential scan and a sort: O(N) per request instead of an index range.
    """
    import psycopg

    with psycopg.connect(DATABASE_URL, autocommit=True) as connection:
        connection.execute("ANALYZE")


def bench_size(size, limit=LIMIT, walks=WALKS):
    import run

    print(f"== sync, N = {size}: database, content", flush=True)
    run.recreate_database(DATABASE_URL)
    env = run.environment(0, cache_on=False, **URLS)
    run.run([run.PYTHON, "manage.py", "migrate", "--noinput"], env)
    started = time.monotonic()
    output = run.run([run.PYTHON, "bench/setup_content.py", str(size)], env).stdout
    content = json.loads(output.strip().splitlines()[-1])
    content["load_seconds"] = round(time.monotonic() - started, 1)
    print(f"   content: {content}", flush=True)
    analyze()
    output = run.run([run.PYTHON, "bench/sync_bench.py", "--in-process", str(limit)], env).stdout
    in_process = json.loads(output.strip().splitlines()[-1])
    http = bench_http(limit, walks)
    assert in_process["pages"] == http["pages"], (in_process["pages"], http["pages"])
    queries, peaks = in_process["queries"], in_process["tracemalloc_peaks"]
    row = {
        "size": size,
        "limit": limit,
        "project_pages": content["pages"],
        "load_seconds": content["load_seconds"],
        **http,
        "sql_per_request_min": min(queries),
        "sql_per_request_max": max(queries),
        "sql_ms_per_request_median": round(statistics.median(in_process["sql_ms"]), 2),
        "sql_ms_per_request_max": round(max(in_process["sql_ms"]), 2),
        "tracemalloc_peak_per_request_kib_median": round(statistics.median(peaks) / 1024),
        "tracemalloc_peak_per_request_kib_max": round(max(peaks) / 1024),
    }
    print(f"   sync: {json.dumps(row)}", flush=True)
    return row


def flatness(rows):
    if len(rows) < 2:
        return {"ok": None, "line": "Flat per page: not checked (needs two sizes)"}
    base, checks = min(rows, key=lambda row: row["size"]), []
    for row in rows:
        if row is base:
            continue
        time_ratio = row["ms_per_page"] / base["ms_per_page"]
        memory_ratio = (
            row["tracemalloc_peak_per_request_kib_max"]
            / base["tracemalloc_peak_per_request_kib_max"]
        )
        rss_ratio = row["worker_vmhwm_mib"] / base["worker_vmhwm_mib"]
        ok = (
            time_ratio <= FLAT_FACTOR
            and memory_ratio <= FLAT_FACTOR
            and rss_ratio <= FLAT_FACTOR
            and row["sql_per_request_max"] <= base["sql_per_request_max"]
        )
        checks.append(
            {
                "size": row["size"],
                "against": base["size"],
                "time_per_page_ratio": round(time_ratio, 2),
                "memory_per_request_ratio": round(memory_ratio, 2),
                "worker_vmhwm_ratio": round(rss_ratio, 2),
                "sql_per_request": [base["sql_per_request_max"], row["sql_per_request_max"]],
                "ok": ok,
            }
        )
    ok = all(check["ok"] for check in checks)
    line = f"Flat per page: {'PASS' if ok else 'FAIL'} (limit {FLAT_FACTOR}x; " + "; ".join(
        f"N = {c['size']:,} vs {c['against']:,}: time per page {c['time_per_page_ratio']}x, "
        f"memory per request {c['memory_per_request_ratio']}x, worker VmHWM "
        f"{c['worker_vmhwm_ratio']}x, SQL per request "
        f"{c['sql_per_request'][0]} -> {c['sql_per_request'][1]}"
        for c in checks
    )
    return {"ok": ok, "factor": FLAT_FACTOR, "checks": checks, "line": line + ")"}


def machine():
    cpu = platform.processor() or platform.machine()
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory = Path("/proc/meminfo").read_text().split()[1]
    return f"{os.cpu_count()} CPU cores ({cpu}), {int(memory) // 1024 // 1024} GiB RAM"


def bench(sizes):
    import run

    run.WORK_DIR.mkdir(exist_ok=True)
    env = run.environment(0, cache_on=False, **URLS)
    if not (run.WORK_DIR / "static" / "staticfiles.json").exists():
        run.run([run.PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"], env)
    rows = [bench_size(size) for size in sizes]
    import psycopg

    with psycopg.connect(DATABASE_URL) as connection:
        postgres = connection.execute("SHOW server_version").fetchone()[0].split()[0]
    return {
        "date": datetime.datetime.now().isoformat(timespec="minutes"),
        "machine": machine(),
        "software": f"Python {platform.python_version()}, PostgreSQL {postgres}, "
        f"gunicorn {run.WORKERS} sync workers (production settings), response cache off",
        "command": (
            f"BENCH_SIZES={','.join(map(str, sizes))} .venv/bin/python bench/sync_bench.py"
        ),
        "limit": LIMIT,
        "walks": WALKS,
        "rows": rows,
        "flat": flatness(rows),
    }


def markdown(sync):
    flat = sync["flat"]
    lines = [
        SECTION,
        "",
        f"{sync['date']} on {sync['machine']}, shared with other work; {sync['software']}. "
        f"Command: `{sync['command']}` (also the last stage of `make bench`, BENCH_SYNC_SIZES).",
        "",
        f"One client walks the whole sync over HTTP from no token to `next_token: null` "
        f"(`limit={sync['limit']}`), then `/api/v1/changes/?since=<feed_cursor>`; "
        f"{sync['walks']} walks, total time is their median, p50/p99 over all their requests. "
        "Pages received are checked against `/api/v1/pages/urls/` (same count, same ids, none "
        "twice). The database is `ANALYZE`d after loading: this PostgreSQL runs without "
        "autovacuum, and without statistics the planner answers the keyset query with a "
        "sequential scan (O(N) per request). SQL queries (with their database time as Django "
        "records it, 1 ms resolution per query) and the tracemalloc peak per request are "
        "measured in-process "
        "(Django test client, production settings); VmHWM is the largest peak RSS of the "
        "gunicorn workers before the timed walks (after the warm-up walks) and after them.",
        "",
        "| N generated | pages synced (= /urls/) | requests | total s | ms per page | "
        "p50 / p99 ms per request | first / last tenth p50 ms | SQL per request "
        "(queries; DB ms median / max) | "
        "tracemalloc peak per request KiB (median / max) | worker VmHWM MiB (before / after) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in sync["rows"]:
        sql = (
            str(row["sql_per_request_max"])
            if row["sql_per_request_min"] == row["sql_per_request_max"]
            else f"{row['sql_per_request_min']}–{row['sql_per_request_max']}"
        )
        lines.append(
            f"| {row['size']:,} | {row['pages']:,} (= {row['urls_count']:,}) | {row['requests']} "
            f"| {row['total_s']} | {row['ms_per_page']} | {row['p50_ms']} / {row['p99_ms']} | "
            f"{row['first_tenth_p50_ms']} / {row['last_tenth_p50_ms']} | {sql}; "
            f"{row['sql_ms_per_request_median']} / {row['sql_ms_per_request_max']} | "
            f"{row['tracemalloc_peak_per_request_kib_median']:,} / "
            f"{row['tracemalloc_peak_per_request_kib_max']:,} | "
            f"{row['worker_vmhwm_before_mib']} / {row['worker_vmhwm_mib']} |"
        )
    lines += ["", f"**{flat['line']}**", ""]
    return "\n".join(lines)


def with_section(text, section, heading=SECTION):
    """results.md with the section under `heading` (default: the sync's) replaced or appended."""
    start = text.find(heading)
    if start == -1:
        return text.rstrip("\n") + "\n\n" + section
    end = text.find("\n## ", start + len(heading))
    rest = text[end + 1 :] if end != -1 else ""
    return text[:start] + section + ("\n" + rest if rest else "")


def main():
    sys.path.insert(0, str(BENCH_DIR))
    sync = bench(sizes_from("BENCH_SIZES", "1000,10000"))
    results_json = BENCH_DIR / "results.json"
    results = json.loads(results_json.read_text()) if results_json.exists() else {}
    results["sync"] = sync
    results_json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    results_md = BENCH_DIR / "results.md"
    text = results_md.read_text() if results_md.exists() else ""
    results_md.write_text(with_section(text, markdown(sync)))
    print(markdown(sync))
    if sync["flat"]["ok"] is False:
        sys.exit(1)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--in-process"]:
        walk_in_process(int(sys.argv[2]))
    else:
        main()
