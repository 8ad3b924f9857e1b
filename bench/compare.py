"""Side by side with an earlier commit (issue 18): `.venv/bin/python bench/compare.py` (last
stage of `make bench`).

The uncached index, project page and API v2 list must reach ≥ 1.5× the requests per second of
the code before issue 18's work (BENCH_BASE, default 0224135, the commit before its first
change). On a shared, noisy machine only ratios measured in one run mean anything, so:

1. check out BENCH_BASE into a git worktree (bench/.work/base), beside this tree;
2. give each tree its own PostgreSQL database (zib_bench_head, zib_bench_base) with the demo
   content plus BENCH_COMPARE_SIZE (1000) generated project pages, loaded by that tree's own
   bench/setup_content.py, and its own collected static files;
3. start both with gunicorn (production settings, the same venv, the response cache off,
   GUNICORN workers as in bench/run.py), both running at once;
4. drive each URL with wrk alternately — head, base, head, base … BENCH_COMPARE_ROUNDS (3)
   times — so that the machine's load falls on both alike, and compare the medians.

Writes the section „Seite an Seite mit dem Stand vor Issue 18“ of bench/results.md and the key
"compare" of bench/results.json; exits with status 1 when a target is missed.
"""

import json
import os
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import run as bench  # noqa: E402
import sync_bench  # noqa: E402

BASE = os.environ.get("BENCH_BASE", "0224135")
SIZE = int(os.environ.get("BENCH_COMPARE_SIZE", "1000"))
ROUNDS = int(os.environ.get("BENCH_COMPARE_ROUNDS", "3"))
TARGET = 1.5
SECTION = "## Seite an Seite mit dem Stand vor Issue 18"
BASE_DIR = bench.WORK_DIR / "base"
ADMIN_URL = bench.DATABASE_URL.rsplit("/", 1)[0]


def paths(content):
    """The URLs compared; the first three carry the target."""
    return {
        "Projektübersicht": "/projekte/",
        "Projektseite": content["project_url"],
        "API v2 Projektliste": "/api/v2/pages/?type=projects.ProjectPage",
        "Startseite": "/",
        "API v1 Projektliste": "/api/v1/pages/?type=projects.ProjectPage",
    }


TARGETED = ("Projektübersicht", "Projektseite", "API v2 Projektliste")


def checkout_base():
    """bench/.work/base at BENCH_BASE (a detached worktree; reused and moved when present)."""
    revision = bench.run(["git", "rev-parse", "--verify", f"{BASE}^{{commit}}"], os.environ)
    commit = revision.stdout.strip()
    if not (BASE_DIR / ".git").exists():
        bench.run(["git", "worktree", "prune"], os.environ)
        bench.run(["git", "worktree", "add", "--detach", str(BASE_DIR), commit], os.environ)
    else:
        bench.run(["git", "checkout", "--detach", "--force", commit], os.environ, cwd=BASE_DIR)
    return commit


class Tree:
    """One checkout with its own database, Redis database and static files."""

    def __init__(self, name, directory, redis_db):
        self.name = name
        self.directory = directory
        self.database_url = f"{ADMIN_URL}/zib_bench_{name}"
        self.redis_url = bench.REDIS_URL.rsplit("/", 1)[0] + f"/{redis_db}"
        self.extra = {
            "STATIC_ROOT": str(bench.WORK_DIR / f"static-{name}"),
            "MEDIA_ROOT": str(bench.WORK_DIR / f"media-{name}"),
            "ZIB_GRANTS_PRIVATE_ROOT": str(bench.WORK_DIR / f"private-{name}"),
        }

    def env(self):
        env = bench.environment(0, False, self.database_url, self.redis_url)
        env.update(self.extra)
        return env

    def prepare(self):
        print(f"== {self.name}: database, content (N = {SIZE})", flush=True)
        bench.recreate_database(self.database_url)
        bench.flush_redis(self.redis_url)
        env = self.env()
        commands = (
            ["compile_translations"],
            ["migrate", "--noinput"],
            ["collectstatic", "--noinput", "-v", "0"],
        )
        for command in commands:
            bench.run([bench.PYTHON, "manage.py", *command], env, cwd=self.directory)
        output = bench.run(
            [bench.PYTHON, "bench/setup_content.py", str(SIZE)], env, cwd=self.directory
        )
        self.content = json.loads(output.stdout.strip().splitlines()[-1])
        bench.analyze(self.database_url)
        return self.content

    def server(self):
        return bench.Server(
            False,
            cwd=self.directory,
            env=self.extra,
            database_url=self.database_url,
            redis_url=self.redis_url,
        )


def compare():
    commit = checkout_base()
    head = Tree("head", bench.PROJECT_DIR, 7)
    base = Tree("base", BASE_DIR, 8)
    for tree in (head, base):
        tree.prepare()
    figures = {name: {"head": [], "base": []} for name in paths(head.content)}
    with head.server() as head_server, base.server() as base_server:
        servers = {
            "head": (head_server, paths(head.content)),
            "base": (base_server, paths(base.content)),
        }
        for round_ in range(ROUNDS):
            for name in figures:
                # Alternate who goes first, so neither always meets a warmer machine.
                order = ("head", "base") if round_ % 2 == 0 else ("base", "head")
                for side in order:
                    server, urls = servers[side]
                    result = bench.wrk(server.url + urls[name])
                    if result["errors"]:
                        raise RuntimeError(f"{side} {name}: {result['errors']} errors")
                    figures[name][side].append(result)
                print(
                    f"   round {round_ + 1} {name}: head {figures[name]['head'][-1]['rps']} "
                    f"base {figures[name]['base'][-1]['rps']} req/s",
                    flush=True,
                )
        rss = {"head": head_server.peak_worker_rss_mb(), "base": base_server.peak_worker_rss_mb()}
    rows = {}
    for name, sides in figures.items():
        medians = {
            side: {
                "rps": statistics.median(r["rps"] for r in results),
                "p50_ms": statistics.median(r["p50_ms"] for r in results),
            }
            for side, results in sides.items()
        }
        ratio = medians["head"]["rps"] / medians["base"]["rps"]
        rows[name] = {
            **medians,
            "ratio": round(ratio, 2),
            "rounds": {side: [r["rps"] for r in results] for side, results in sides.items()},
            "ok": ratio >= TARGET if name in TARGETED else None,
        }
    return {
        "date": time.strftime("%Y-%m-%dT%H:%M"),
        "base": commit,
        "head": bench.run(["git", "rev-parse", "HEAD"], os.environ).stdout.strip(),
        "size": SIZE,
        "rounds": ROUNDS,
        "load_average": os.getloadavg(),
        "peak_worker_rss_mb": rss,
        "rows": rows,
    }


def markdown(results):
    lines = [
        SECTION,
        "",
        f"{results['date']}, N = {results['size']} Projektseiten, ohne Response-Cache, "
        f"{bench.WORKERS} gunicorn-Worker je Stand, wrk mit {bench.CONNECTIONS} Verbindungen, "
        f"{bench.DURATION} s je Messung, {results['rounds']} Runden abwechselnd. Befehl: "
        f"`.venv/bin/python bench/compare.py` (Teil von `make bench`; BENCH_BASE="
        f"{results['base'][:7]}). Vergleich: dieser Stand ({results['head'][:7]}) gegen "
        f"{results['base'][:7]} (vor der ersten Änderung für Issue 18), beide gleichzeitig "
        "gestartet, mit eigener Datenbank und denselben Paketen. Load-Average am Ende: "
        + ", ".join(f"{value:.1f}" for value in results["load_average"])
        + ".",
        "",
        "| Adresse | Anfr./s jetzt | vorher | p50 ms jetzt / vorher | Faktor | Ziel ≥ 1.5× |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for name, row in results["rows"].items():
        goal = {True: "erreicht", False: "verfehlt", None: "–"}[row["ok"]]
        lines.append(
            f"| {name} | {row['head']['rps']:.0f} | {row['base']['rps']:.0f} | "
            f"{row['head']['p50_ms']} / {row['base']['p50_ms']} | {row['ratio']:.2f}× | {goal} |"
        )
    rss = results["peak_worker_rss_mb"]
    lines += [
        "",
        f"Größter Speicher eines Workers (VmHWM): jetzt {rss['head']} MiB, "
        f"vorher {rss['base']} MiB.",
        "",
    ]
    return "\n".join(lines)


def main():
    bench.WORK_DIR.mkdir(exist_ok=True)
    results = compare()
    results_json = bench.BENCH_DIR / "results.json"
    stored = json.loads(results_json.read_text()) if results_json.exists() else {}
    stored["compare"] = results
    results_json.write_text(json.dumps(stored, indent=2, ensure_ascii=False))
    results_md = bench.BENCH_DIR / "results.md"
    text = results_md.read_text() if results_md.exists() else ""
    results_md.write_text(sync_bench.with_section(text, markdown(results), SECTION))
    print(markdown(results))
    if any(row["ok"] is False for row in results["rows"].values()):
        sys.exit("side by side: a target of ≥ 1.5× is missed (see results.md)")


if __name__ == "__main__":
    try:
        main()
    except subprocess.CalledProcessError as error:
        sys.exit(f"{error.cmd}: {error.stderr}")
