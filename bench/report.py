#!/usr/bin/env python3
"""Writes the benchmark report (Markdown) from the result lines bench/run.sh collected.

Usage: report.py --results results.jsonl --logs LOGDIR --root REPO --out report.md
Standard library only. Every figure in the report comes from the results file of one run.
"""

import argparse
import datetime
import json
import os
import platform
import subprocess

CONNECTIONS = (16, 64, 256)
SCENARIOS = {
    "minimal": "Minimal Beast server `200 {}` (reference)",
    "minimal-sized": "Minimal Beast server, a body of the list's reply size (diagnostic reference)",
    "list-token": "ListPublishedApp, token",
    "list-aksk": "ListPublishedApp, AK/SK-signed",
    "unpublish": "UnpublishApp, 50 ids, token, durable",
    "pg-list-token": "PostgreSQL: ListPublishedApp, token",
    "pg-unpublish": "PostgreSQL: UnpublishApp, 50 ids, token, durable",
}
CEILING_TITLES = {
    "sqlite": "Storage ceiling: UnpublishApp unit of work, in-process, serial (reference)",
    "postgresql": "PostgreSQL storage ceiling: UnpublishApp unit of work, in-process, serial "
                  "(reference)",
}
# The UnpublishApp scenarios: (scenario, ceiling backend, server log, heading).
UNPUBLISH_RUNS = (("unpublish", "sqlite", "wsappd.log", "SQLite"),
                  ("pg-unpublish", "postgresql", "wsappd-pg.log", "PostgreSQL"))
IDS_PER_UNPUBLISH = 50
# Saturation threshold for "this core was the limit".
SATURATED = 0.9


def load_results(path):
    by_kind = {}
    with open(path) as results:
        for line in results:
            if line.strip():
                record = json.loads(line)
                by_kind.setdefault(record["kind"], []).append(record)
    return by_kind


def load_runs(by_kind):
    return {(r["scenario"], r["connections"]): r for r in by_kind.get("load", [])}


def load_ceilings(by_kind):
    """The storage ceilings by backend; a record without one is SQLite's (earlier runs)."""
    return {c.get("backend", "sqlite"): c for c in by_kind.get("ceiling", [])}


def rps(run):
    return run["wrk"]["requests"] / run["wrk"]["duration_s"]


def errors(run):
    w = run["wrk"]
    return int(w["errors_connect"] + w["errors_read"] + w["errors_write"] + w["errors_status"]
               + w["errors_timeout"])


def share(seconds, run):
    """Seconds of CPU over the run's wall time; tick sampling can overshoot 100% a little."""
    return min(1.0, seconds / run["wall_s"]) if run["wall_s"] else 0.0


def cpu_us_per_request(run):
    return run["server_cpu_s"] / run["wrk"]["requests"] * 1e6 if run["wrk"]["requests"] else 0.0


def served(run):
    """Replies the server gave for the scenario's route during a PostgreSQL run, by status."""
    statuses = run.get("postgres", {}).get("statuses", {})
    return {k: v for k, v in statuses.items() if not k.startswith("other_route_")}


def pg_bound_by(scenario, run):
    """What limited a PostgreSQL run: the server's core is shared by wsappd and the database."""
    pg = run.get("postgres", {})
    replies = served(run)
    answered = sum(replies.values())
    ok = replies.get("200", 0)
    server = share(run["server_cpu_s"], run)
    database = share(run.get("db_cpu_s", 0), run)
    core = share(run["server_core_busy_s"], run)
    others = max(0.0, core - server - database)
    per = lambda seconds: f"{seconds / ok * 1e6:,.0f}" if ok else "–"
    statements = pg.get("statements", {})
    text = (f"the server's core ({core:.0%} busy): wsappd {server:.0%} ({per(run['server_cpu_s'])} "
            f"µs per successful request), PostgreSQL {database:.0%} "
            f"({per(run.get('db_cpu_s', 0))} µs), the rest {others:.0%}")
    if answered and statements:
        text += (f"; {statements['calls'] / answered:.1f} statements per request, each a round "
                 f"trip, executing for {statements['exec_ms'] / answered * 1000:,.0f} µs in all")
    if scenario == "pg-unpublish" and ok:
        retries = pg.get("conflict_retries", 0)
        text += (f"; {retries:,} units run again after a serialization conflict "
                 f"({retries / ok:.2f} per success), {pg.get('retries_exhausted', 0)} exhausted")
    return text


def bound_by(scenario, run):
    """What limited the run, from where the CPU time went."""
    if scenario.startswith("pg-"):
        return pg_bound_by(scenario, run)
    server = share(run["server_cpu_s"], run)
    server_core = share(run["server_core_busy_s"], run)
    load = share(run["load_cpu_s"], run)
    others = max(0.0, server_core - server)
    cost = f"{cpu_us_per_request(run):.0f} µs of server CPU per request"
    if scenario == "unpublish":
        return (f"the commit path: one writer at a time, and a durable COMMIT for each group of "
                f"units that queued together (group commit, D29; the server process used "
                f"{server:.0%} of its core; the core's other {others:.0%} went to the kernel's "
                f"I/O work and other processes); {cost}")
    if load >= SATURATED:
        return f"the load generator (wrk's core saturated); {cost}"
    if server >= SATURATED:
        return f"server CPU (its core saturated by the server): {cost}"
    if server_core >= SATURATED:
        return (f"the server's core: {server:.0%} server, {others:.0%} kernel network work and "
                f"other processes; {cost}")
    return f"neither core saturated (server core {server_core:.0%} busy); {cost}"


def machine():
    info = {"kernel": platform.release(), "cores": os.cpu_count()}
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    info["cpu"] = line.split(":", 1)[1].strip()
                    break
        with open("/proc/meminfo") as meminfo:
            kib = int(meminfo.readline().split()[1])
            info["memory"] = f"{kib / 1024 / 1024:.1f} GiB"
        with open("/etc/debian_version") as version:
            info["os"] = "Debian " + version.read().strip()
    except OSError:
        pass
    return info


def git_revision(root):
    try:
        revision = subprocess.run(["git", "-C", root, "rev-parse", "--short", "HEAD"],
                                  capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", root, "status", "--porcelain", "--", "src",
                                "migrations", "CMakeLists.txt", "bench"],
                               capture_output=True, text=True, check=True).stdout.strip()
        return revision + (" (with uncommitted changes)" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"


def mib(kib):
    return f"{kib / 1024:.1f}"


def verdict(ok):
    if ok is None:
        return "(no target)"
    return "met" if ok else "**not met**"


def ceiling_row(backend, ceiling):
    c = ceiling["result"]
    return (
        f"| {CEILING_TITLES[backend]} | 1 "
        f"| {c['units_per_second']:,.0f} | {c['unit']['p50_ms']:.2f} "
        f"| {c['unit']['p99_ms']:.2f} | {c['unit']['max_ms']:.2f} "
        f"| {1000 / c['units_per_second']:.2f} | {mib(c['peak_rss_kib'])} | 0 "
        f"| {c['cpu_seconds'] / c['seconds']:.0%} "
        f"| {c['cpu_seconds'] / c['units'] * 1e6:,.0f} | – "
        f"| {min(1.0, ceiling['server_core_busy_s'] / ceiling['wall_s']):.0%} |")


def results_table(runs, ceilings):
    lines = [
        "| Scenario | Conns | Requests/s | p50 ms | p99 ms | max ms | Conns ÷ rate ms "
        "| Peak RSS MiB | Errors | Server CPU | Server CPU µs/req | wrk CPU | Server core busy |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
        "| ---: |",
    ]
    for scenario, title in SCENARIOS.items():
        if scenario == "pg-list-token" and "sqlite" in ceilings:
            lines.append(ceiling_row("sqlite", ceilings["sqlite"]))
        for connections in CONNECTIONS:
            run = runs.get((scenario, connections))
            if run is None:
                continue
            w = run["wrk"]
            lines.append(
                f"| {title} | {connections} | {rps(run):,.0f} | {w['latency_p50_ms']:.2f} "
                f"| {w['latency_p99_ms']:.2f} | {w['latency_max_ms']:.2f} "
                f"| {connections / rps(run) * 1000:.2f} | {mib(run['peak_rss_kib'])} | {errors(run)} "
                f"| {share(run['server_cpu_s'], run):.0%} | {cpu_us_per_request(run):,.0f} "
                f"| {share(run['load_cpu_s'], run):.0%} "
                f"| {share(run['server_core_busy_s'], run):.0%} |")
    if "sqlite" in ceilings and not any(s == "pg-list-token" for s, _ in runs):
        lines.append(ceiling_row("sqlite", ceilings["sqlite"]))
    if "postgresql" in ceilings:
        lines.append(ceiling_row("postgresql", ceilings["postgresql"]))
    if not any(s.startswith("pg-") for s, _ in runs) and "postgresql" not in ceilings:
        lines.append("| PostgreSQL backend | – | not measured (BENCH_POSTGRES=0) "
                     "| | | | | | | | | | |")
    return lines


def ratio_rows(runs, ceilings):
    """(target, connections, measured text, ok) for every target of the issue."""
    ceiling = ceilings.get("sqlite")
    rows = []
    for connections in CONNECTIONS:
        minimal = runs.get(("minimal", connections))
        token = runs.get(("list-token", connections))
        aksk = runs.get(("list-aksk", connections))
        unpublish = runs.get(("unpublish", connections))
        if minimal and token:
            r = rps(token) / rps(minimal)
            rows.append(("ListPublishedApp ≥ 40% of the minimal server's requests/s", connections,
                         f"{r:.1%}", r >= 0.40))
            p = token["wrk"]["latency_p99_ms"] / minimal["wrk"]["latency_p99_ms"]
            rows.append(("ListPublishedApp p99 ≤ 3 × the minimal server's p99", connections,
                         f"{p:.1f} ×", p <= 3))
        sized = runs.get(("minimal-sized", connections))
        if sized and token:
            # Not a target of the issue: how near the list is to sending its bytes and no more.
            r = rps(token) / rps(sized)
            rows.append(("Diagnostic: ListPublishedApp's share of the minimal server sending the "
                         "list's reply size", connections, f"{r:.1%}", None))
        if token and aksk:
            r = rps(aksk) / rps(token)
            rows.append(("AK/SK list ≥ 80% of the token list's requests/s", connections,
                         f"{r:.1%}", r >= 0.80))
            p = aksk["wrk"]["latency_p99_ms"] / token["wrk"]["latency_p99_ms"]
            rows.append(("AK/SK list p99 ≤ 3 × the token list's p99", connections, f"{p:.1f} ×",
                         p <= 3))
        if unpublish and ceiling:
            c = ceiling["result"]
            r = rps(unpublish) / c["units_per_second"]
            rows.append(("UnpublishApp ≥ 50% of the storage ceiling's units/s", connections,
                         f"{r:.1%}", r >= 0.50))
            p = unpublish["wrk"]["latency_p99_ms"] / c["unit"]["p99_ms"]
            rows.append(("UnpublishApp p99 ≤ 3 × the storage ceiling's p99 (serial)", connections,
                         f"{p:.1f} ×", p <= 3))
    rows += pg_ratio_rows(runs, ceilings.get("postgresql"))
    total_errors = sum(errors(run) for run in runs.values())
    rows.append(("No error responses during any run", "all", f"{total_errors} errors",
                 total_errors == 0))
    return rows


def pg_ratio_rows(runs, ceiling):
    """The same targets on PostgreSQL: the list against the minimal server, UnpublishApp
    against the PostgreSQL storage ceiling."""
    rows = []
    for connections in CONNECTIONS:
        minimal = runs.get(("minimal", connections))
        token = runs.get(("pg-list-token", connections))
        unpublish = runs.get(("pg-unpublish", connections))
        if minimal and token:
            r = rps(token) / rps(minimal)
            rows.append(("PostgreSQL: ListPublishedApp ≥ 40% of the minimal server's requests/s",
                         connections, f"{r:.1%}", r >= 0.40))
            p = token["wrk"]["latency_p99_ms"] / minimal["wrk"]["latency_p99_ms"]
            rows.append(("PostgreSQL: ListPublishedApp p99 ≤ 3 × the minimal server's p99",
                         connections, f"{p:.1f} ×", p <= 3))
        if unpublish and ceiling:
            c = ceiling["result"]
            r = rps(unpublish) / c["units_per_second"]
            rows.append(("PostgreSQL: UnpublishApp ≥ 50% of the PostgreSQL storage ceiling's "
                         "units/s", connections, f"{r:.1%}", r >= 0.50))
            p = unpublish["wrk"]["latency_p99_ms"] / c["unit"]["p99_ms"]
            rows.append(("PostgreSQL: UnpublishApp p99 ≤ 3 × the PostgreSQL storage ceiling's "
                         "p99 (serial)", connections, f"{p:.1f} ×", p <= 3))
    return rows


def accounting_table(runs, scenario="unpublish"):
    lines = [
        "| Conns | Blocks issued by wrk | Responses seen by wrk (2xx) | 200s in the server's "
        "access log | Apps before | Apps after | Apps removed | 50 × 200s | Check "
        "| Write units per COMMIT (SQLite group commit) |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |",
    ]
    all_ok = True
    for connections in CONNECTIONS:
        run = runs.get((scenario, connections))
        if run is None or "accounting" not in run:
            continue
        a = run["accounting"]
        w = run["wrk"]
        completed_ok = int(w["requests"] - w["errors_status"])
        issued = int(w["issued"])
        expected = IDS_PER_UNPUBLISH * a["server_successes"]
        ok = (a["apps_removed"] == expected and w["exhausted"] == 0
              and IDS_PER_UNPUBLISH * completed_ok <= a["apps_removed"]
              <= IDS_PER_UNPUBLISH * issued)
        all_ok = all_ok and ok
        # Every write unit of the run (refusals' audit records too), over the COMMITs made.
        commits = a.get("group_commits", 0)
        per_commit = (f"{a['group_committed_units'] / commits:.2f}" if commits > 0 else "–")
        lines.append(
            f"| {connections} | {issued:,} | {completed_ok:,} | {a['server_successes']:,} "
            f"| {a['apps_before']:,} | {a['apps_after']:,} | {a['apps_removed']:,} "
            f"| {expected:,} | {'ok' if ok else '**mismatch**'} | {per_commit} |")
    return lines, all_ok


def ceiling_section(ceiling):
    if not ceiling:
        return ["Not run."]
    if ceiling.get("backend") == "postgresql":
        return pg_ceiling_section(ceiling)
    c = ceiling["result"]
    commit_share = c["commit"]["mean_ms"] / c["unit"]["mean_ms"] if c["unit"]["mean_ms"] else 0
    return [
        f"{c['units']:,} units of work in {c['seconds']:.1f} s: **{c['units_per_second']:,.0f} "
        f"units/s** ({c['apps_removed']:,} apps removed), unit p50 {c['unit']['p50_ms']:.2f} ms, "
        f"p90 {c['unit']['p90_ms']:.2f} ms, p99 {c['unit']['p99_ms']:.2f} ms, max "
        f"{c['unit']['max_ms']:.2f} ms. The commit alone (WAL append and fsync, plus the periodic "
        f"checkpoint) takes {c['commit']['mean_ms']:.2f} ms on average, {commit_share:.0%} of "
        f"a unit; the process used {c['cpu_seconds']:.1f} CPU-seconds in "
        f"{c['seconds']:.1f} s ({c['cpu_seconds'] / c['seconds']:.0%} of a core) and waited "
        f"for the disk the rest of the time. Peak RSS during the units: "
        f"{mib(c['peak_rss_kib'])} MiB."
        + (" **The seeded blocks ran out before the time was up.**"
           if c["blocks_exhausted"] else ""),
    ]


def pg_ceiling_section(ceiling):
    c = ceiling["result"]
    statements = ceiling.get("postgres", {}).get("statements", {})
    core = min(1.0, ceiling["server_core_busy_s"] / ceiling["wall_s"])
    commit_share = c["commit"]["mean_ms"] / c["unit"]["mean_ms"] if c["unit"]["mean_ms"] else 0
    lines = [
        f"{c['units']:,} units of work in {c['seconds']:.1f} s: **{c['units_per_second']:,.0f} "
        f"units/s** ({c['apps_removed']:,} apps removed), unit p50 {c['unit']['p50_ms']:.2f} ms, "
        f"p90 {c['unit']['p90_ms']:.2f} ms, p99 {c['unit']['p99_ms']:.2f} ms, max "
        f"{c['unit']['max_ms']:.2f} ms. The commit alone (one round trip, in which PostgreSQL "
        f"writes the WAL and waits for its fsync) takes {c['commit']['mean_ms']:.2f} ms on "
        f"average, {commit_share:.0%} of a unit. The shared core was {core:.0%} busy: the "
        f"ceiling process used {c['cpu_seconds']:.1f} CPU-seconds in its {c['seconds']:.1f} s of "
        f"units ({c['cpu_seconds'] / c['seconds']:.0%}), PostgreSQL "
        f"{ceiling.get('db_cpu_s', 0):.1f} in the process's {ceiling['wall_s']:.1f} s "
        f"({ceiling.get('db_cpu_s', 0) / ceiling['wall_s']:.0%}). "
        f"Peak RSS of the ceiling process during the units: {mib(c['peak_rss_kib'])} MiB."
        + (" **The seeded blocks ran out before the time was up.**"
           if c["blocks_exhausted"] else ""),
    ]
    if statements and c["units"]:
        lines += ["", f"PostgreSQL ran {statements['calls']:,} statements, "
                  f"{statements['calls'] / c['units']:.1f} per unit, each a round trip; executing "
                  f"them took {statements['exec_ms'] / c['units']:.2f} ms per unit, and the "
                  f"units wrote {statements['wal_bytes'] / c['units'] / 1024:.0f} KiB of WAL "
                  "each. The most frequent (calls, mean execution ms):", ""]
        lines += statement_list(statements)
    return lines


def statement_list(statements, limit=8):
    rows = ["```"]
    for top in (statements.get("top") or [])[:limit]:
        rows.append(f"{top['calls']:>8,}  {top['mean_ms']:.4f}  {top['query']}")
    return rows + ["```"]


def database_errors(logs):
    """ERROR lines in PostgreSQL's log, counted by message and the statement that failed."""
    path = os.path.join(logs, "postgres.log")
    if not os.path.exists(path):
        return {}
    counts = {}
    error = None
    with open(path) as log:
        for line in log:
            if " ERROR:  " in line:
                if error:
                    counts[(error, "")] = counts.get((error, ""), 0) + 1
                error = line.split(" ERROR:  ", 1)[1].strip()
            elif error and " STATEMENT:  " in line:
                statement = " ".join(line.split(" STATEMENT:  ", 1)[1].split())[:100]
                counts[(error, statement)] = counts.get((error, statement), 0) + 1
                error = None
    if error:
        counts[(error, "")] = counts.get((error, ""), 0) + 1
    return counts


def pg_section(runs, by_kind, logs):
    """The PostgreSQL runs in detail: the cluster, and what the database did per request."""
    settings = (by_kind.get("postgres") or [{}])[0].get("settings")
    if not settings:
        return ["Not run (BENCH_POSTGRES=0)."]
    out = [
        f"A private PostgreSQL {settings.get('server_version', '?').split()[0]} cluster, started "
        "fresh for the run on the disk that holds the SQLite data and pinned to the server's "
        "core with wsappd (the database works for the server there, as SQLite does inside it); "
        f"fsync={settings.get('fsync')}, synchronous_commit={settings.get('synchronous_commit')}, "
        f"full_page_writes={settings.get('full_page_writes')}, "
        f"wal_sync_method={settings.get('wal_sync_method')}, "
        f"commit_delay={settings.get('commit_delay')}, shared_buffers="
        f"{settings.get('shared_buffers')}; pg_stat_statements counts the statements. wsappd "
        "runs with its defaults: one worker thread per core and a pool of at most 16 "
        "connections, so at most as many units of work are in flight as it has threads.", "",
        "| Scenario | Conns | Requests/s | Replies (by status) | Statements per request "
        "| Execution µs per request | wsappd CPU µs/req | PostgreSQL CPU µs/req "
        "| Conflict retries |",
        "| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for scenario in ("pg-list-token", "pg-unpublish"):
        for connections in CONNECTIONS:
            run = runs.get((scenario, connections))
            if run is None or "postgres" not in run:
                continue
            pg = run["postgres"]
            replies = served(run)
            answered = sum(replies.values()) or 1
            ok = replies.get("200", 0) or 1
            calls = pg["statements"]["calls"]
            out.append(
                f"| {SCENARIOS[scenario]} | {connections} | {rps(run):,.0f} "
                f"| {', '.join(f'{k}: {v:,}' for k, v in sorted(replies.items()))} "
                f"| {calls / answered:.1f} | {pg['statements']['exec_ms'] / answered * 1000:,.0f} "
                f"| {run['server_cpu_s'] / ok * 1e6:,.0f} "
                f"| {run.get('db_cpu_s', 0) / ok * 1e6:,.0f} "
                f"| {pg.get('conflict_retries', 0):,} |")
    out += ["", "Per request: divided by the replies the server logged for the run (statements, "
            "execution) or by its 200 replies (CPU); the CPU columns cover the load run, the "
            "statement columns also the requests in flight when it ended."]
    for scenario in ("pg-list-token", "pg-unpublish"):
        run = runs.get((scenario, 64))
        if run and "postgres" in run:
            out += ["", f"{SCENARIOS[scenario]}, 64 connections: the most frequent statements "
                    "(calls, mean execution ms):", ""]
            out += statement_list(run["postgres"]["statements"])
    errors_seen = database_errors(logs)
    out += ["", "Errors in PostgreSQL's log over the whole phase (the profile runs included), "
            "with the statement that failed:", ""]
    if not errors_seen:
        out.append("None.")
    for (error, statement), count in sorted(errors_seen.items(), key=lambda item: -item[1]):
        out.append(f"- {count:,} × {error}" + (f" — `{statement}`" if statement else ""))
    return out


def curve_section(curves):
    if not curves:
        return ["Not run (BENCH_COST_CURVE=0)."], None
    lines = [
        "| Apps in the project | ListPublishedApp p50 / p90 / p99 ms | UnpublishApp (50) p50 / "
        "p90 / p99 ms | Errors | Server RSS MiB | Server peak RSS MiB | Database MiB |",
        "| ---: | --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for curve in curves:
        lst, unp = curve["probe"]["list"], curve["probe"]["unpublish"]
        lines.append(
            f"| {curve['count']['project_apps']:,} "
            f"| {lst['p50_ms']:.2f} / {lst['p90_ms']:.2f} / {lst['p99_ms']:.2f} "
            f"| {unp['p50_ms']:.2f} / {unp['p90_ms']:.2f} / {unp['p99_ms']:.2f} "
            f"| {lst['errors'] + unp['errors']} | {mib(curve['rss_kib'])} "
            f"| {mib(curve['peak_rss_kib'])} | {curve['db_bytes'] / 1048576:.0f} |")
    first, last = curves[0]["probe"], curves[-1]["probe"]
    growth = {name: last[name]["p50_ms"] / first[name]["p50_ms"]
              for name in ("list", "unpublish") if first[name]["p50_ms"] > 0}
    return lines, growth


def read_profile(path, limit):
    if not os.path.exists(path):
        return []
    with open(path) as profile:
        rows = [" ".join(line.split()).replace(" - -", "") for line in profile if line.strip()]
    return [row[:140] for row in rows[:limit]]


def profile_sections(logs):
    lines = []
    for scenario, title in SCENARIOS.items():
        own = read_profile(os.path.join(logs, f"{scenario}.profile.txt"), 12)
        if not own:
            continue
        whose = ("of the server's core (wsappd and the PostgreSQL sessions; the first column "
                 "names the process)" if scenario.startswith("pg-") else "of the server process")
        lines += [f"**{title}**, 64 connections, on-CPU samples {whose}.", ""]
        processes = read_profile(os.path.join(logs, f"{scenario}.profile-processes.txt"), 6)
        if processes:
            split = ", ".join(f"{row.split()[1]} {row.split()[0]}" for row in processes
                              if len(row.split()) >= 2)
            lines += [f"Samples by process: {split} (swapper: the core idle).", ""]
        lines += ["Hottest symbols (self time):", "", "```"] + own + ["```", ""]
        inclusive = read_profile(os.path.join(logs, f"{scenario}.profile-inclusive.txt"), 22)
        if inclusive:
            lines += ["The server's own functions, time including callees (columns: "
                      "inclusive, self):", "", "```"] + inclusive + ["```", ""]
    return lines


def unpublish_server_side(runs, logs, scenario="unpublish", log_name="wsappd.log"):
    """UnpublishApp's time inside the server, from the access log's duration_ms."""
    path = os.path.join(logs, log_name)
    if not os.path.exists(path):
        return []
    with open(path) as log:
        lines = log.readlines()
    out = ["| Conns | Requests | p50 ms | p99 ms | max ms | Requests over 300 ms |",
           "| ---: | ---: | ---: | ---: | ---: | ---: |"]
    for connections in CONNECTIONS:
        run = runs.get((scenario, connections))
        if run is None or "accounting" not in run:
            continue
        a = run["accounting"]
        durations = sorted(
            float(field.split("=", 1)[1])
            for line in lines[a["log_first_line"] - 1:a["log_last_line"]]
            if "route=UnpublishApp" in line
            for field in line.split() if field.startswith("duration_ms="))
        if not durations:
            continue
        pick = lambda p: durations[min(len(durations) - 1, int(p / 100 * len(durations)))]
        out.append(f"| {connections} | {len(durations):,} | {pick(50):.2f} | {pick(99):.2f} "
                   f"| {durations[-1]:.2f} | {sum(d > 300 for d in durations)} |")
    return out


def render(by_kind, logs, root):
    runs = load_runs(by_kind)
    ceilings = load_ceilings(by_kind)
    run_info = (by_kind.get("run") or [{}])[0]
    info = machine()
    out = [
        "# wsapp benchmark report",
        "",
        f"- Date: {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M UTC}",
        f"- Machine: {info.get('cpu', '?')}, {info['cores']} cores, {info.get('memory', '?')}, "
        f"{info.get('os', '?')}, kernel {info['kernel']}",
        f"- Code: {run_info.get('revision') or git_revision(root)}, Release build",
        f"- Load: wrk (Debian), 1 thread, keep-alive, {run_info.get('duration_s', '?')} s per run, "
        f"pinned to core {run_info.get('load_cpu', '?')}; servers pinned to core "
        f"{run_info.get('server_cpu', '?')}; wsappd with its defaults (SQLite WAL, "
        "synchronous=FULL, one worker thread per core, info-level access log to a file); on "
        "PostgreSQL the same with `--store postgresql://...`, the database pinned to the "
        "server's core too",
        f"- Load average at the start / end of the run: {run_info.get('loadavg_start', '?')} / "
        f"{run_info.get('loadavg_end', '?')}; the benchmark ran in its own session at "
        f"scheduling priority {run_info.get('nice', 0)} (autogroup nice), so other work on the "
        "machine took less of its cores",
        "",
        "## Targets",
        "",
        "| Target | Conns | Measured | Verdict |",
        "| --- | ---: | ---: | --- |",
    ]
    for target, connections, measured, ok in ratio_rows(runs, ceilings):
        out.append(f"| {target} | {connections} | {measured} | {verdict(ok)} |")
    accounting = {}
    for scenario, _, _, heading in UNPUBLISH_RUNS:
        lines, ok = accounting_table(runs, scenario)
        if len(lines) > 2:
            accounting[scenario] = lines
            prefix = "" if scenario == "unpublish" else f"{heading}: "
            out.append(f"| {prefix}UnpublishApp: apps removed = 50 × successful requests | all | "
                       f"{'equal' if ok else 'different'} | {verdict(ok)} |")
    curve_lines, growth = curve_section(by_kind.get("curve", []))
    if growth is not None:
        flat = len(growth) == 2 and all(g <= 1.5 for g in growth.values())
        measured = ", ".join(f"{name} {g:.2f} ×" for name, g in growth.items()) or "no samples"
        out.append(f"| Cost flat in the project's size (p50 at 10^6 apps ≤ 1.5 × p50 at 10^3) "
                   f"| 1 | {measured} | {verdict(flat)} |")
    out += ["", "## Results", ""] + results_table(runs, ceilings)
    out += ["", "Conns ÷ rate: the mean time a request spends in the system when that many "
            "connections each keep one request outstanding (Little's law); a p50 near it means "
            "the latency is queueing behind the bottleneck, not the request's own cost. Server "
            "CPU and wrk CPU: CPU time of the process over the run's wall time (100% = one "
            "core); on PostgreSQL rows, wsappd's alone (the database's is below). Server core "
            "busy: how busy the server's core was, whoever used it (the server, the database, "
            "the kernel's network and disk work, other processes).", ""]
    out += ["## What bounded each figure", ""]
    for scenario, title in SCENARIOS.items():
        for connections in CONNECTIONS:
            run = runs.get((scenario, connections))
            if run:
                out.append(f"- {title}, {connections} connections: {bound_by(scenario, run)}.")
    out += ["", "### Storage ceiling", ""] + ceiling_section(ceilings.get("sqlite"))
    if "postgresql" in ceilings:
        out += ["", "### PostgreSQL storage ceiling", ""]
        out += ceiling_section(ceilings["postgresql"])
    out += ["", "### PostgreSQL: statements and CPU per request", ""]
    out += pg_section(runs, by_kind, logs)
    out += ["", "### Profiles", ""] + (profile_sections(logs) or ["Not collected (BENCH_PROFILE=0)."])
    out += ["## UnpublishApp accounting", "",
            "Each request carries its own block of 50 published apps. wrk stops with requests in "
            "flight, which the server still completes, so the exact check uses the server's own "
            "count of 200 replies (its access log); wrk's figures bound it from both sides."]
    for scenario, _, log_name, heading in UNPUBLISH_RUNS:
        if scenario not in accounting:
            continue
        out += ["", f"**{heading}**", ""] + accounting[scenario]
        out += ["", "Time spent inside the server (the access log's `duration_ms`: from the "
                "request being read to the reply being built, so without the wait for a free "
                "worker thread):", ""] + unpublish_server_side(runs, logs, scenario, log_name)
    out += ["", "## Cost curve", "",
            "One connection, one request at a time (service time, no queueing): 2,000 "
            "ListPublishedApp pages of 10 from the group of 1,000 apps, and 200 UnpublishApp "
            "requests of 50 apps each published just before (not timed), so the project keeps "
            "its size. The levels are reached by publishing more apps in other groups of the same "
            "project through the services, while the server runs. SQLite only.", ""]
    out += curve_lines
    out += ["", "## Run", "",
            f"Build {run_info.get('build_s', '?')} s, whole run {run_info.get('total_s', '?')} s "
            "(`bench/run.sh`)."]
    return "\n".join(out) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--results", required=True)
    parser.add_argument("--logs", required=True)
    parser.add_argument("--root", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    report = render(load_results(args.results), args.logs, args.root)
    with open(args.out, "w") as out:
        out.write(report)


if __name__ == "__main__":
    main()
