"""One exit-code contract for every entry point, and the judgement of a crawl from its stats.

Cron and monitoring see only an exit code and a last line, so both say what happened: 0 only when
the job did its work; otherwise a distinct code, and one line naming the reason (``dns``,
``refused``, ``timeout``, ``http_5xx``, ``robots``, ``disk``) and what to do.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from enum import IntEnum
from typing import Any


class ExitCode(IntEnum):
    OK = 0
    #: An unexpected error (a bug): the log has the traceback.
    FAILED = 1
    #: Bad arguments or configuration: nothing was crawled.
    USAGE = 2
    #: Another run holds the state directory (or this outlet).
    LOCKED = 3
    #: A crawl ended abnormally (crashed, cut short, lost Redis).
    OUTLET_FAILED = 4
    #: Discovery found no articles where earlier runs did (``ikpcrawl run``).
    NO_ITEMS = 5
    #: A health check failed (coverage, volume, error rate).
    CHECKS_FAILED = 6
    #: No page could be fetched at all (DNS, refused, timeout, 5xx everywhere, robots.txt).
    NOTHING_FETCHED = 7
    #: The output could not be written (disk full, read-only or invalid path).
    OUTPUT_FAILED = 8
    #: Some sources or articles failed; everything that was fetched was written.
    PARTIAL = 9


#: When several things went wrong, the code of the worst one is the run's.
SEVERITY = (
    ExitCode.FAILED,
    ExitCode.USAGE,
    ExitCode.LOCKED,
    ExitCode.OUTPUT_FAILED,
    ExitCode.NOTHING_FETCHED,
    ExitCode.OUTLET_FAILED,
    ExitCode.NO_ITEMS,
    ExitCode.CHECKS_FAILED,
    ExitCode.PARTIAL,
    ExitCode.OK,
)


def worst(codes: list[int]) -> int:
    """The run's exit code from its parts' codes."""
    known = [ExitCode(c) if c in ExitCode._value2member_map_ else ExitCode.FAILED for c in codes]
    return int(min(known, key=SEVERITY.index)) if known else int(ExitCode.OK)


#: Failures that make a crawl partial. Refusals by policy (robots.txt, unsafe targets), pages
#: that are gone (404, 410) and other 4xx are the site's answer, not a failure of the job.
def is_failure(reason: str) -> bool:
    return reason in ("timeout", "dns", "refused", "connection", "data_loss", "host_gave_up") or (
        reason.startswith("http_") and (reason == "http_429" or reason[5:6] == "5")
    )


#: What to do, by reason.
ADVICE = {
    "dns": "the host name does not resolve: check the network (ikpcrawl doctor) or the address",
    "refused": "the site refuses connections: check the address, or try later",
    "connection": "connections to the site were lost: try later",
    "timeout": "the site does not answer in time: try later, or raise IKPCRAWL_TIMEOUT",
    "host_gave_up": "the site failed too often in a row and was given up: try later",
    "robots": "robots.txt disallows these pages: the outlet's entry points need changing",
    "http_5xx": "the site answers with server errors: try later",
    "http_429": "the site limits our rate: raise IKPCRAWL_DOWNLOAD_DELAY",
    "disk": "free disk space or choose another output directory (IKPCRAWL_OUTPUT_DIR, --output)",
}


def _group(reason: str) -> str:
    return "http_5xx" if reason.startswith("http_5") else reason


@dataclass
class Outcome:
    code: ExitCode
    status: str  # ok | partial | nothing_fetched | output_failed | failed | checks_failed
    reason: str | None
    message: str

    def line(self, who: str) -> str:
        return f"{who}: {self.message} (exit code {int(self.code)})"


# What a crawl's stats say, read in one place (the summary, the monitors and the judgement).
def counts_under(stats: Mapping[str, Any], prefix: str) -> dict[str, int]:
    """``{"http_500": 2, ...}`` for the keys ``<prefix><name>``."""
    return {k[len(prefix) :]: int(v) for k, v in stats.items() if k.startswith(prefix)}


def articles_found(stats: Mapping[str, Any]) -> int:
    """Article links discovery requested this crawl (from sitemaps, feeds and listings)."""
    return sum(counts_under(stats, "ikpcrawl/discovery/article_links/").values())


def articles_seen(stats: Mapping[str, Any]) -> int:
    """Articles discovery found this crawl (requested, or skipped as already exported)."""
    return articles_found(stats) + int(stats.get("ikpcrawl/incremental/skipped_known", 0))


def request_errors(stats: Mapping[str, Any]) -> int:
    """Articles and discovery documents that could not be fetched (after retries)."""
    failed_discovery = counts_under(stats, "ikpcrawl/discovery/failed/").values()
    return int(stats.get("ikpcrawl/failed", 0)) + sum(failed_discovery)


def run_complete(stats: Mapping[str, Any]) -> bool:
    """Everything discovery found was fetched and written: no article failed, none was lost
    on the way to the file, and the crawl was not cut short."""
    return (
        stats.get("finish_reason") == "finished"
        and not stats.get("ikpcrawl/failed")
        and not stats.get("ikpcrawl/output/lost")
        and not stats.get("ikpcrawl/dropped/redis_unavailable")
    )


def failure_counts(stats: Mapping[str, Any]) -> Counter[str]:
    """Requests that failed, by reason, for discovery documents and articles together."""
    counts: Counter[str] = Counter(counts_under(stats, "ikpcrawl/discovery/failed/"))
    for reason, count in counts_under(stats, "ikpcrawl/failed/").items():
        if not reason.startswith("continuation_"):
            counts[reason] += count
    return counts


def unreachable_reason(stats: Mapping[str, Any]) -> str | None:
    """Why requests failed, naming the cause (``dns``, ``timeout``, ``refused``, ...) rather
    than ``host_gave_up``, which only says ikpcrawl stopped trying."""
    given_up = Counter(
        {
            k.rsplit("/", 1)[1]: int(v)
            for k, v in stats.items()
            if k.startswith("ikpcrawl/hosts_given_up/")
        }
    )
    if given_up:
        return given_up.most_common(1)[0][0]
    failures = failure_counts(stats)
    failures.pop("host_gave_up", None)
    return _group(failures.most_common(1)[0][0]) if failures else None


def pages_fetched(stats: Mapping[str, Any]) -> int:
    """Discovery documents and articles that were fetched and parsed (robots.txt included)."""
    parsed = ("robots", "sitemapindex", "urlset", "feed", "listing_page")
    return int(stats.get("ikpcrawl/articles/extracted", 0)) + sum(
        int(stats.get(f"ikpcrawl/discovery/{kind}", 0)) for kind in parsed
    )


def judge_crawl(stats: Mapping[str, Any]) -> Outcome:
    """What one outlet's crawl achieved, from its stats (``finish_reason`` included)."""
    failures = failure_counts(stats)
    written = int(stats.get("item_scraped_count", 0))
    output_error = stats.get("ikpcrawl/output/failed")
    if output_error:
        lost = int(stats.get("ikpcrawl/output/lost", 0))
        what = f"{lost} article(s) not written" if lost else "the output was not written"
        return Outcome(
            ExitCode.OUTPUT_FAILED,
            "output_failed",
            "disk",
            f"{what} ({output_error}); they will be fetched again by the next run: "
            + ADVICE["disk"],
        )
    reason = stats.get("finish_reason")
    if reason == "state_unusable":
        return Outcome(
            ExitCode.USAGE,
            "bad_state",
            None,
            f"nothing was crawled: {stats.get('ikpcrawl/state/unusable') or 'the state is unusable'}",
        )
    if reason == "locked":
        return Outcome(
            ExitCode.LOCKED,
            "locked",
            None,
            "another crawl of this outlet is using the state directory: nothing was crawled;"
            " wait for it to finish (or stop it)",
        )
    if pages_fetched(stats) == 0 and reason in ("finished", "host_gave_up", None):
        cause = unreachable_reason(stats)
        if cause is None and int(stats.get("ikpcrawl/discovery/robots_disallowed", 0)):
            cause = "robots"
        detail = f"{cause}: {sum(failures.values())} request(s) failed" if cause else "no request"
        advice = ADVICE.get(cause or "", "check the outlet's entry points")
        return Outcome(
            ExitCode.NOTHING_FETCHED,
            "nothing_fetched",
            cause,
            f"nothing fetched ({detail}): {advice}",
        )
    if reason not in ("finished", None):
        return Outcome(
            ExitCode.OUTLET_FAILED,
            "failed",
            str(reason),
            f"the crawl ended early ({reason}); {written} article(s) written: see the log",
        )
    checks = list(stats.get("ikpcrawl/monitors/failed") or [])
    if checks:
        return Outcome(
            ExitCode.CHECKS_FAILED,
            "checks_failed",
            None,
            f"{written} article(s) written, but checks failed: " + "; ".join(checks),
        )
    failed = Counter({r: n for r, n in failures.items() if is_failure(r)})
    if failed:
        grouped: Counter[str] = Counter()
        for r, n in failed.items():
            grouped[_group(r)] += n
        top = grouped.most_common(1)[0][0]
        listed = ", ".join(f"{r} {n}" for r, n in grouped.most_common())
        return Outcome(
            ExitCode.PARTIAL,
            "partial",
            top,
            f"partial: {written} article(s) written; not fetched: {listed}: {ADVICE.get(top, '')}".rstrip(
                ": "
            ),
        )
    return Outcome(ExitCode.OK, "ok", None, f"ok: {written} article(s) written")
