"""What one `ikpcrawl run` achieved: each outlet's result from its crawl's stats, the run's exit
code (the worst outlet's, :mod:`ikpcrawl.crawl.outcome`), and the summary on screen and on disk
(``<output>/_runs/<run_id>.json``)."""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ikpcrawl.crawl.outcome import (
    ExitCode,
    articles_found,
    counts_under,
    judge_crawl,
    request_errors,
    worst,
)

if TYPE_CHECKING:
    from ikpcrawl.store.base import StateStore

logger = logging.getLogger(__name__)


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
    extracted: int = 0
    dropped: dict[str, int] = field(default_factory=dict)
    errors: int = 0
    finish_reason: str | None = None
    output: str | None = None
    log_file: str | None = None
    status: str = "ok"  # ok | partial | unreached | no_output | failed | no_items | checks_failed
    reason: str | None = None  # dns, refused, timeout, http_5xx, robots, disk ...
    stats: dict[str, Any] | None = field(default=None, repr=False)
    skipped: str | None = None  # why the outlet was not started (the network is down)
    problem: str | None = None
    checks_failed: list[str] = field(default_factory=list)
    failed: dict[str, int] = field(default_factory=dict)
    workers: int = 1


def summarise(result: OutletResult, stats: dict[str, Any]) -> None:
    result.pages = int(stats.get("response_received_count", 0))
    result.found = articles_found(stats)
    result.new = int(stats.get("ikpcrawl/incremental/new", 0))
    result.updated = int(stats.get("ikpcrawl/incremental/updated", 0))
    result.skipped_known = int(stats.get("ikpcrawl/incremental/skipped_known", 0))
    result.extracted = int(stats.get("ikpcrawl/articles/extracted", 0))
    result.dropped = counts_under(stats, "ikpcrawl/dropped/")
    result.failed = counts_under(stats, "ikpcrawl/failed/")
    result.errors = request_errors(stats)
    result.finish_reason = stats.get("finish_reason")
    result.checks_failed = list(stats.get("ikpcrawl/monitors/failed") or [])


def merge(results: list[OutletResult]) -> OutletResult:
    """One outlet's result from its workers' results."""
    if len(results) == 1:
        return results[0]
    first = results[0]
    merged = OutletResult(
        spider=first.spider,
        outlet=first.outlet,
        exit_code=max(r.exit_code for r in results),
        duration_s=max(r.duration_s for r in results),
        pages=sum(r.pages for r in results),
        found=sum(r.found for r in results),
        new=sum(r.new for r in results),
        updated=sum(r.updated for r in results),
        skipped_known=sum(r.skipped_known for r in results),
        extracted=sum(r.extracted for r in results),
        errors=sum(r.errors for r in results),
        log_file=", ".join(r.log_file or "" for r in results),
        output=", ".join(r.output for r in results if r.output) or None,
    )
    for r in results:
        for reason, count in r.dropped.items():
            merged.dropped[reason] = merged.dropped.get(reason, 0) + count
        for reason, count in r.failed.items():
            merged.failed[reason] = merged.failed.get(reason, 0) + count
        merged.checks_failed.extend(r.checks_failed)
    reasons = {r.finish_reason for r in results}
    merged.finish_reason = (
        "finished" if reasons == {"finished"} else ",".join(sorted(str(x) for x in reasons))
    )
    merged.workers = len(results)
    merged.stats = _merge_stats([r.stats for r in results])
    return merged


def _merge_stats(parts: list[dict[str, Any] | None]) -> dict[str, Any] | None:
    """One outlet's stats from its workers': counts added, lists joined, the worst finish."""
    if any(p is None for p in parts):
        return None
    merged: dict[str, Any] = {}
    for part in parts:
        for key, value in (part or {}).items():
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                merged[key] = merged.get(key, 0) + value
            elif isinstance(value, list):
                merged[key] = [*merged.get(key, []), *value]
            elif key == "finish_reason" and merged.get(key) not in (None, "finished"):
                continue  # a worker that did not finish speaks for the outlet
            else:
                merged[key] = value
    return merged


def judge(results: list[OutletResult], state: Path) -> int:
    """Each outlet's status and problem (:func:`ikpcrawl.crawl.outcome.judge_crawl` on its
    stats, plus the run history), and the run's exit code: the worst outlet's."""
    from ikpcrawl.store import open_state
    from ikpcrawl.store.redis_state import RedisUnavailable

    try:
        store = open_state(str(state), os.environ.get("IKPCRAWL_REDIS_URL"))
    except RedisUnavailable as error:
        logger.error("%s: the run's history is not available to judge it", error)
        store = None
    codes = []
    try:
        for result in results:
            code = _judge_outlet(result, store)
            result.status = STATUS_OF.get(code, "failed")
            codes.append(int(code))
    finally:
        if store is not None:
            store.close()
    return worst(codes)


STATUS_OF = {
    ExitCode.OK: "ok",
    ExitCode.PARTIAL: "partial",
    ExitCode.NOTHING_FETCHED: "unreached",
    ExitCode.OUTPUT_FAILED: "no_output",
    ExitCode.NO_ITEMS: "no_items",
    ExitCode.CHECKS_FAILED: "checks_failed",
}


def _judge_outlet(result: OutletResult, store: StateStore | None) -> ExitCode:
    if result.skipped:
        result.problem = result.skipped
        return ExitCode.NOTHING_FETCHED
    if result.stats is None:
        result.problem = (
            f"the crawl wrote no stats (it did not finish; exit code {result.exit_code})"
        )
        return ExitCode.OUTLET_FAILED
    outcome = judge_crawl(result.stats)
    result.reason = outcome.reason
    # The stats say what the crawl did (for several workers, all of them together: one worker
    # alone may rightly have fetched nothing); only a crash or a bad setting overrides them.
    if result.exit_code in (ExitCode.FAILED, ExitCode.USAGE) or result.exit_code < 0:
        result.problem = f"exit code {result.exit_code}, finish reason {result.finish_reason}"
        return ExitCode.OUTLET_FAILED
    if (
        outcome.code in (ExitCode.OK, ExitCode.PARTIAL, ExitCode.CHECKS_FAILED)
        and store is not None
        and result.found + result.skipped_known + result.extracted == 0
        and any(store.previous_exports(result.outlet, limit=5))
    ):
        # Nothing found and nothing crawled where earlier runs exported articles.
        result.problem = "discovery found no articles; earlier runs did"
        return ExitCode.NO_ITEMS
    if outcome.code is not ExitCode.OK:
        result.problem = outcome.message
    return outcome.code


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
        if r.failed:
            failed = ", ".join(f"{k} {v}" for k, v in sorted(r.failed.items()))
            lines.append(f"{'':<16} not fetched: {failed}")
        if r.problem:
            where = f" (log: {r.log_file})" if r.log_file else ""
            lines.append(f"{'':<16} ! {r.problem}{where}")
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
        "outlets": [{k: v for k, v in asdict(r).items() if k != "stats"} for r in results],
    }
    tmp = path.with_name(f".{path.name}.part")
    tmp.write_text(json.dumps(payload, indent=2), encoding="utf-8")
    tmp.replace(path)
    return path
