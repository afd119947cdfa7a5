"""`ikpcrawl run`: the scheduled job. Each outlet is its own `scrapy crawl` process.

One failing outlet never blocks the others; a bounded number run in parallel. Output is
partitioned Hive-style, ``DIR/outlet=<outlet>/crawl_date=<YYYY-MM-DD>/<run_id>.jsonl`` (the
``outlet`` key equals the items' own ``outlet`` field, so DuckDB and pyarrow read it back
unchanged). A file lock on the state directory keeps two runs from overlapping.
"""

from __future__ import annotations

import ctypes
import fcntl
import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import IO

from ikpcrawl.crawl.outcome import ExitCode, judge_crawl
from ikpcrawl.ops.summary import (
    OutletResult,
    judge,
    merge,
    render_summary,
    summarise,
    write_summary,
)

logger = logging.getLogger(__name__)

# The exit-code contract is ikpcrawl.crawl.outcome.ExitCode; these names are kept for callers.
EXIT_OK = int(ExitCode.OK)
EXIT_USAGE = int(ExitCode.USAGE)
EXIT_LOCKED = int(ExitCode.LOCKED)

PR_SET_PDEATHSIG = 1  # linux/prctl.h

#: Logs of this many runs are kept under <state>/logs/; older ones are deleted.
LOG_RETENTION_RUNS = 30


class RunError(Exception):
    """A user error: one line, exit code 2."""


class LockedError(Exception):
    """Another run holds the state directory."""


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


def resolve_outlets(names: str | None, all_outlets: bool) -> list[str]:
    """Spider names from ``--outlets a,b`` (spider or outlet names) or ``--all``."""
    from ikpcrawl.spiders.registry import outlet_by_name, spiders

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


def check_environment() -> None:
    """Bad ``IKPCRAWL_*`` values are one line here, not a crawl process that dies at start."""
    from ikpcrawl.config import ConfigError, settings_from_env, unknown_variables
    from ikpcrawl.crawl import rendering

    try:
        settings_from_env()
        rendering.settings_from_env()
    except ConfigError as error:
        raise RunError(str(error)) from None
    for warning in unknown_variables():
        logger.warning("%s", warning)


def check_state(state: Path, redis_url: str | None) -> None:
    """An emptied or corrupt state file is one line here, never a silent re-export of all."""
    from ikpcrawl.store import open_state
    from ikpcrawl.store.sqlite_state import StateUnusable

    if redis_url:
        return  # checked with the connection (check_durable)
    try:
        store = open_state(str(state))
    except StateUnusable as error:
        raise RunError(str(error)) from None
    if store is not None:
        store.close()


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


@dataclass
class _Worker:
    process: subprocess.Popen[bytes]
    result: OutletResult
    stats_file: Path
    started: float


def _start_worker(
    spider: str,
    index: int,
    workers: int,
    *,
    run_id: str,
    output: Path,
    state: Path,
    crawl_date: str,
    log_dir: Path,
    stats_dir: Path,
    since: str | None,
    election_only: bool,
    env_extra: dict[str, str],
) -> _Worker:
    from ikpcrawl.spiders.registry import spiders as registry

    outlet = registry()[spider].outlet.name
    suffix = f"-w{index}" if workers > 1 else ""
    feed = output / f"outlet={outlet}" / f"crawl_date={crawl_date}" / f"{run_id}{suffix}.jsonl"
    log_file = log_dir / f"{spider}{suffix}.log"
    stats_file = stats_dir / f"{spider}{suffix}.stats.json"
    env = {
        **os.environ,
        **env_extra,
        # Found from any working directory (cron starts elsewhere).
        "SCRAPY_SETTINGS_MODULE": "ikpcrawl.settings",
        "IKPCRAWL_STATE_DIR": str(state),
        "IKPCRAWL_STATS_FILE": str(stats_file),
    }
    command = [
        *_spider_command(spider, since=since, election_only=election_only),
        *("-s", f"FEEDS={_feed_setting(feed)}"),
        *("-s", f"IKPCRAWL_RUN_ID={run_id}-{spider}{suffix}"),
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
        preexec_fn=_stop_with_parent,  # noqa: PLW1509 - only prctl, before exec
    )
    return _Worker(process, result, stats_file, time.monotonic())


def _stop_with_parent() -> None:
    """In the child, before exec: the kernel sends it SIGTERM when the `ikpcrawl run` parent
    dies (kill, SIGKILL, a daemon stop), so no crawl outlives the run that started it; Scrapy
    closes gracefully on SIGTERM (the feed file is finished and committed)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        pass  # not Linux: the crawl's own outlet lock still keeps runs from overlapping


def run_outlets(
    spiders: Sequence[str],
    *,
    output: Path,
    state: Path,
    since: str | None = None,
    election_only: bool = True,
    parallel: int = 2,
    workers: int = 1,
    join: bool = False,
    extra_env: dict[str, str] | None = None,
    progress: IO[str] | None = None,
) -> tuple[str, list[OutletResult]]:
    """Run each outlet as ``workers`` processes, at most ``parallel`` outlets at once (a thread
    pool, each thread waiting on its outlet's processes).

    On Redis an outlet's workers share one generation: a new one named after this run, or
    with ``join`` (``ikpcrawl worker``) the outlet's current one, which other machines work too.
    When the first outlets reach nothing and a network check fails too, the outlets not yet
    started are skipped (reported as unreached) instead of each waiting out its own timeouts.
    """
    from ikpcrawl.store.base import new_run_id

    run_id = new_run_id()
    crawl_date = datetime.now(timezone.utc).date().isoformat()
    log_dir = state / "logs" / run_id
    log_dir.mkdir(parents=True, exist_ok=True)
    stats_dir = output / "_runs" / run_id
    stats_dir.mkdir(parents=True, exist_ok=True)
    env = dict(extra_env or {})
    if not join and (os.environ.get("IKPCRAWL_REDIS_URL") or env.get("IKPCRAWL_REDIS_URL")):
        env["IKPCRAWL_GENERATION"] = run_id
    network = NetworkWatch()

    def say(line: str) -> None:
        if progress:
            progress.write(f"run {run_id}: {line}\n")
            progress.flush()

    def crawl_outlet(spider: str) -> OutletResult:
        down = network.before_start()
        if down:
            return _skipped(spider, down)
        group = [
            _start_worker(
                spider,
                index,
                workers,
                run_id=run_id,
                output=output,
                state=state,
                crawl_date=crawl_date,
                log_dir=log_dir,
                stats_dir=stats_dir,
                since=since,
                election_only=election_only,
                env_extra=env,
            )
            for index in range(workers)
        ]
        say(f"started {spider}" + (f" ({workers} workers)" if workers > 1 else ""))
        merged = merge([_finished(worker) for worker in group])
        network.after(merged)
        return merged

    done: list[OutletResult] = []
    with ThreadPoolExecutor(max_workers=max(1, parallel)) as pool:
        for future in as_completed([pool.submit(crawl_outlet, s) for s in spiders]):
            merged = future.result()
            done.append(merged)
            say(f"finished {merged.spider} (exit {merged.exit_code}, {merged.duration_s:.1f}s)")
    order = {name: i for i, name in enumerate(spiders)}
    done.sort(key=lambda r: order[r.spider])
    return run_id, done


def _finished(worker: _Worker) -> OutletResult:
    """Wait for one crawl process, then read what it did from its stats file."""
    result = worker.result
    result.exit_code = worker.process.wait()
    result.duration_s = round(time.monotonic() - worker.started, 2)
    stats = None
    if worker.stats_file.is_file():
        stats = json.loads(worker.stats_file.read_text("utf-8"))
    result.stats = stats
    summarise(result, stats or {})
    if not Path(result.output or "").is_file():
        result.output = None
    return result


def _skipped(spider: str, why: str) -> OutletResult:
    from ikpcrawl.spiders.registry import spiders as registry

    outlet = registry()[spider].outlet.name
    return OutletResult(spider=spider, outlet=outlet, exit_code=7, duration_s=0.0, skipped=why)


class NetworkWatch:
    """Tells a dead network from dead sites: after the first two outlets of a run reached
    nothing (timeouts, DNS, refusals) and none reached anything, one network check decides
    whether the outlets not yet started are worth their timeouts. Outlets about to start wait
    while the check runs (one lock)."""

    def __init__(self) -> None:
        self.down: str | None = None
        self._unreached = 0
        self._reached_any = False
        self._checked = False
        self._lock = threading.Lock()

    def before_start(self) -> str | None:
        with self._lock:
            return self.down

    def after(self, result: OutletResult) -> None:
        outcome = judge_crawl(result.stats) if result.stats is not None else None
        with self._lock:
            if outcome is None or outcome.code is not ExitCode.NOTHING_FETCHED:
                self._reached_any = True
                return
            if outcome.reason in ("timeout", "dns", "refused"):
                self._unreached += 1
            if self._unreached < 2 or self._reached_any or self._checked:
                return
            from ikpcrawl.ops.doctor import FAIL, check_network
            from ikpcrawl.spiders.registry import spiders as registry

            self._checked = True
            host = registry()[result.spider].outlet.domains[0]
            check = check_network(host, os.environ)
            if check.status == FAIL:
                self.down = f"not started: the network check failed too ({check.detail})"
                logger.error("%s; the outlets not started yet are skipped", self.down)


def remove_partial_outputs(output: Path) -> int:
    """Delete ``.part`` files a killed run left in the partitioned output. Only runs holding
    the state lock write there, and we hold it now, so none of them is being written."""
    removed = 0
    for path in output.glob("outlet=*/crawl_date=*/.*.part"):
        path.unlink(missing_ok=True)
        removed += 1
    if removed:
        logger.warning("Removed %d partial output file(s) of an interrupted run", removed)
    return removed


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
    workers: int = 1,
    join: bool = False,
    out: IO[str] = sys.stdout,
) -> int:
    """The whole `ikpcrawl run` command; returns its exit code."""
    check_environment()
    spiders = resolve_outlets(outlets, all_outlets)
    check_since(since)
    if parallel < 1:
        raise RunError(f"--parallel must be 1 or more, got {parallel}")
    if workers < 1:
        raise RunError(f"--workers must be 1 or more, got {workers}")
    redis_url = os.environ.get("IKPCRAWL_REDIS_URL")
    if (workers > 1 or join) and not redis_url:
        raise RunError(
            "several workers share their work through Redis: set IKPCRAWL_REDIS_URL "
            "(e.g. redis://127.0.0.1:6379/0)"
        )
    if redis_url:
        from ikpcrawl.store.redis_state import RedisUnavailable, check_durable, connect

        try:
            client = connect(redis_url)
            try:
                check_durable(client, redis_url)
            finally:
                client.close()
        except RedisUnavailable as error:
            raise RunError(str(error)) from None
    check_writable(output, "output directory")
    check_writable(state, "state directory")
    check_state(state, redis_url)
    started_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
    with state_lock(state):
        prune_logs(state)
        remove_partial_outputs(output)
        run_id, results = run_outlets(
            spiders,
            output=output,
            state=state,
            since=since,
            election_only=election_only,
            parallel=parallel,
            workers=workers,
            join=join,
            progress=sys.stderr,
        )
        exit_code = judge(results, state)
        path = write_summary(output, run_id, results, exit_code, started_at)
    out.write(render_summary(run_id, results, exit_code) + f"\nsummary: {path}\n")
    out.flush()
    return exit_code
