"""`ikpcrawl run`: the scheduled job. Each outlet is its own `scrapy crawl` process.

One failing outlet never blocks the others; a bounded number run in parallel. Output is
partitioned Hive-style, ``DIR/outlet=<outlet>/crawl_date=<YYYY-MM-DD>/<run_id>.jsonl`` (the
``outlet`` key equals the items' own ``outlet`` field, so DuckDB and pyarrow read it back
unchanged). A file lock on the state directory keeps two runs from overlapping.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import IO, Any

logger = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_LOCKED = 3
EXIT_OUTLET_FAILED = 4
EXIT_NO_ITEMS = 5
EXIT_CHECKS_FAILED = 6

#: Logs of this many runs are kept under <state>/logs/; older ones are deleted.
LOG_RETENTION_RUNS = 30


class RunError(Exception):
    """A user error: one line, exit code 2."""


class LockedError(Exception):
    """Another run holds the state directory."""


@dataclass
class OutletResult:
    spider: str
    outlet: str
    exit_code: int
    duration_s: float
    pages: int = 0
    found: int = 0
    new: int = 0
    updated: int = 0
    skipped_known: int = 0
    dropped: dict[str, int] = field(default_factory=dict)
    errors: int = 0
    finish_reason: str | None = None
    output: str | None = None
    log_file: str | None = None
    status: str = "ok"  # ok | failed | no_items | checks_failed
    problem: str | None = None
    checks_failed: list[str] = field(default_factory=list)


@contextmanager
def state_lock(state_dir: Path) -> Iterator[IO[str]]:
    """An exclusive, non-blocking lock on ``<state>/run.lock``; released when the process dies."""
    state_dir.mkdir(parents=True, exist_ok=True)
    handle = (state_dir / "run.lock").open("a+")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        holder = handle.read().strip() or "?"
        handle.close()
        raise LockedError(
            f"another ikpcrawl run (pid {holder}) is using {state_dir}; this one exits"
        ) from None
    handle.seek(0)
    handle.truncate()
    handle.write(str(os.getpid()))
    handle.flush()
    try:
        yield handle
    finally:
        fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()


def new_run_id() -> str:
    from ikpcrawl.spiders.base import new_run_id as make

    return make()


def resolve_outlets(names: str | None, all_outlets: bool) -> list[str]:
    """Spider names from ``--outlets a,b`` (spider or outlet names) or ``--all``."""
    from ikpcrawl.registry import outlet_by_name, spiders

    known = spiders()
    if all_outlets or not names:
        return list(known)
    chosen: list[str] = []
    for name in (n.strip() for n in names.split(",") if n.strip()):
        if name in known:
            chosen.append(name)
            continue
        outlet = outlet_by_name(name)
        match = [s for s, cls in known.items() if outlet is not None and cls.outlet is outlet]
        if not match:
            raise RunError(f"unknown outlet {name!r}; known: {', '.join(known)}")
        chosen.extend(match)
    return list(dict.fromkeys(chosen))


def check_since(since: str | None) -> None:
    if since is None:
        return
    try:
        date.fromisoformat(since)
    except ValueError:
        raise RunError(f"--since {since!r} is not a date: use YYYY-MM-DD") from None


def check_writable(path: Path, what: str) -> None:
    try:
        path.mkdir(parents=True, exist_ok=True)
        probe = path / f".ikpcrawl-write-test-{os.getpid()}"
        probe.write_text("")
        probe.unlink()
    except OSError as error:
        raise RunError(
            f"{what} {path} is not writable ({error.strerror}); choose another "
            f"with --{what.split()[0]}"
        ) from None


def _spider_command(spider: str, *, since: str | None, election_only: bool) -> list[str]:
    command = [
        sys.executable,
        "-m",
        "scrapy",
        "crawl",
        spider,
        "-a",
        f"election_only={'true' if election_only else 'false'}",
    ]
    if since:
        command += ["-a", f"since={since}"]
    return command


def _feed_setting(path: Path) -> str:
    return json.dumps(
        {
            str(path): {
                "format": "jsonlines",
                "encoding": "utf-8",
                "overwrite": True,
                "store_empty": False,
            }
        }
    )


def _summarise(result: OutletResult, stats: dict[str, Any]) -> None:
    prefix = "ikpcrawl/"
    result.pages = int(stats.get("response_received_count", 0))
    result.found = sum(
        int(v) for k, v in stats.items() if k.startswith("ikpcrawl/discovery/article_links/")
    )
    result.new = int(stats.get("ikpcrawl/incremental/new", 0))
    result.updated = int(stats.get("ikpcrawl/incremental/updated", 0))
    result.skipped_known = int(stats.get("ikpcrawl/incremental/skipped_known", 0))
    result.dropped = {
        k[len(prefix + "dropped/") :]: int(v)
        for k, v in stats.items()
        if k.startswith(prefix + "dropped/")
    }
    result.errors = int(stats.get("ikpcrawl/failed", 0)) + sum(
        int(v) for k, v in stats.items() if k.startswith("ikpcrawl/discovery/failed/")
    )
    result.finish_reason = stats.get("finish_reason")
    result.checks_failed = list(stats.get("ikpcrawl/monitors/failed") or [])


def run_outlets(
    spiders: Sequence[str],
    *,
    output: Path,
    state: Path,
    since: str | None = None,
    election_only: bool = True,
    parallel: int = 2,
    extra_env: dict[str, str] | None = None,
    progress: IO[str] | None = None,
) -> tuple[str, list[OutletResult]]:
    """Run each spider as its own process (at most ``parallel`` at once); returns results."""
    from ikpcrawl.registry import spiders as registry

    run_id = new_run_id()
    crawl_date = datetime.now(timezone.utc).date().isoformat()
    log_dir = state / "logs" / run_id
    log_dir.mkdir(parents=True, exist_ok=True)
    stats_dir = output / "_runs" / run_id
    stats_dir.mkdir(parents=True, exist_ok=True)
    pending = list(spiders)
    running: dict[str, tuple[subprocess.Popen[bytes], OutletResult, float, Path]] = {}
    done: list[OutletResult] = []
    while pending or running:
        while pending and len(running) < max(1, parallel):
            spider = pending.pop(0)
            outlet = registry()[spider].outlet.name
            feed = output / f"outlet={outlet}" / f"crawl_date={crawl_date}" / f"{run_id}.jsonl"
            log_file = log_dir / f"{spider}.log"
            stats_file = stats_dir / f"{spider}.stats.json"
            env = {
                **os.environ,
                **(extra_env or {}),
                # Found from any working directory (cron starts elsewhere).
                "SCRAPY_SETTINGS_MODULE": "ikpcrawl.settings",
                "IKPCRAWL_STATE_DIR": str(state),
                "IKPCRAWL_STATS_FILE": str(stats_file),
            }
            command = [
                *_spider_command(spider, since=since, election_only=election_only),
                *("-s", f"FEEDS={_feed_setting(feed)}"),
                *("-s", f"IKPCRAWL_RUN_ID={run_id}-{spider}"),
                *("-s", f"LOG_FILE={log_file}"),
            ]
            result = OutletResult(
                spider=spider,
                outlet=outlet,
                exit_code=-1,
                duration_s=0.0,
                output=str(feed),
                log_file=str(log_file),
            )
            process = subprocess.Popen(
                command,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            running[spider] = (process, result, time.monotonic(), stats_file)
            if progress:
                progress.write(f"run {run_id}: started {spider}\n")
                progress.flush()
        time.sleep(0.2)
        for spider, (process, result, started, stats_file) in list(running.items()):
            if process.poll() is None:
                continue
            del running[spider]
            result.exit_code = process.returncode
            result.duration_s = round(time.monotonic() - started, 2)
            stats = {}
            if stats_file.is_file():
                stats = json.loads(stats_file.read_text("utf-8"))
            _summarise(result, stats)
            if not Path(result.output or "").is_file():
                result.output = None
            done.append(result)
            if progress:
                progress.write(
                    f"run {run_id}: finished {spider} (exit {result.exit_code}, "
                    f"{result.duration_s:.1f}s)\n"
                )
                progress.flush()
    order = {name: i for i, name in enumerate(spiders)}
    done.sort(key=lambda r: order[r.spider])
    return run_id, done


def judge(results: list[OutletResult], state: Path) -> int:
    """Mark failed / no-item outlets and return the run's exit code."""
    from ikpcrawl.state import SQLiteState

    store = SQLiteState(state)
    try:
        for result in results:
            if result.exit_code != 0 or result.finish_reason not in ("finished", None):
                result.status = "failed"
                result.problem = (
                    f"exit code {result.exit_code}, finish reason {result.finish_reason}"
                )
            elif result.finish_reason is None:
                result.status = "failed"
                result.problem = "the crawl wrote no stats (it did not finish)"
            elif result.found + result.skipped_known == 0 and any(
                store.previous_exports(result.outlet, limit=5)
            ):
                # Discovery found nothing at all where earlier runs exported articles.
                result.status = "no_items"
                result.problem = "discovery found no articles; earlier runs did"
            elif result.checks_failed:
                result.status = "checks_failed"
                result.problem = "failed checks: " + "; ".join(result.checks_failed)
    finally:
        store.close()
    if any(r.status == "failed" for r in results):
        return EXIT_OUTLET_FAILED
    if any(r.status == "no_items" for r in results):
        return EXIT_NO_ITEMS
    if any(r.status == "checks_failed" for r in results):
        return EXIT_CHECKS_FAILED
    return EXIT_OK


def render_summary(run_id: str, results: list[OutletResult], exit_code: int) -> str:
    header = (
        f"{'outlet':<16} {'status':<9} {'pages':>6} {'new':>5} {'upd':>5} {'known':>6} "
        f"{'errors':>6} {'time':>7}  dropped"
    )
    lines = [f"ikpcrawl run {run_id}", header]
    for r in results:
        dropped = ", ".join(f"{k} {v}" for k, v in sorted(r.dropped.items()) if v) or "-"
        lines.append(
            f"{r.spider:<16} {r.status:<9} {r.pages:>6} {r.new:>5} {r.updated:>5} "
            f"{r.skipped_known:>6} {r.errors:>6} {r.duration_s:>6.1f}s  {dropped}"
        )
        if r.problem:
            lines.append(f"{'':<16} ! {r.problem} (log: {r.log_file})")
    total_new = sum(r.new for r in results)
    total_upd = sum(r.updated for r in results)
    lines.append(f"total: {total_new} new, {total_upd} updated; exit code {exit_code}")
    return "\n".join(lines)


def write_summary(
    output: Path, run_id: str, results: list[OutletResult], exit_code: int, started_at: str
) -> Path:
    path = output / "_runs" / f"{run_id}.json"
    payload = {
        "run_id": run_id,
        "started_at": started_at,
        "finished_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "exit_code": exit_code,
        "outlets": [asdict(r) for r in results],
    }
    tmp = path.with_name(f".{path.name}.part")
    tmp.write_text(json.dumps(payload, indent=2), encoding="utf-8")
    tmp.replace(path)
    return path


def prune_logs(state: Path, keep: int = LOG_RETENTION_RUNS) -> None:
    logs = state / "logs"
    if not logs.is_dir():
        return
    runs = sorted((p for p in logs.iterdir() if p.is_dir()), key=lambda p: p.name)
    for old in runs[:-keep] if keep else runs:
        shutil.rmtree(old, ignore_errors=True)


def run(
    outlets: str | None,
    all_outlets: bool,
    output: Path,
    state: Path,
    since: str | None,
    *,
    election_only: bool = True,
    parallel: int = 2,
    out: IO[str] = sys.stdout,
) -> int:
    """The whole `ikpcrawl run` command; returns its exit code."""
    spiders = resolve_outlets(outlets, all_outlets)
    check_since(since)
    if parallel < 1:
        raise RunError(f"--parallel must be 1 or more, got {parallel}")
    check_writable(output, "output directory")
    check_writable(state, "state directory")
    started_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
    with state_lock(state):
        prune_logs(state)
        run_id, results = run_outlets(
            spiders,
            output=output,
            state=state,
            since=since,
            election_only=election_only,
            parallel=parallel,
            progress=sys.stderr,
        )
        exit_code = judge(results, state)
        path = write_summary(output, run_id, results, exit_code, started_at)
    out.write(render_summary(run_id, results, exit_code) + f"\nsummary: {path}\n")
    out.flush()
    return exit_code
