"""Health checks at the end of every crawl (spidermon), and alerts when one fails.

* volume: articles discovered are not far below the outlet's recent normal (kept between runs in
  the state store);
* coverage: enough articles carry published_at, authors and a body;
* errors: the share of 4xx/5xx responses and of failed article downloads stays low;
* finish reason: the crawl finished rather than being cut short.

Failures are written into the crawl's stats (``ikpcrawl/monitors/failed``), which ``ikpcrawl run``
reads to exit non-zero and name the outlet and the check, and are posted to
``IKPCRAWL_ALERT_WEBHOOK`` (Slack-compatible JSON ``{"text": ...}``) when it is set.
"""

from __future__ import annotations

import json
import logging
import statistics
import urllib.request
import warnings
from typing import Any

from spidermon import Monitor, MonitorSuite, monitors
from spidermon.core.actions import Action

from ikpcrawl.crawl.distributed import redis_lost
from ikpcrawl.crawl.outcome import (
    ADVICE,
    articles_found,
    articles_seen,
    run_complete,
    unreachable_reason,
)
from ikpcrawl.store.extension import incremental_state

logger = logging.getLogger(__name__)
# spidermon 1.27 reports through Spider.log(), which Scrapy 2.19 deprecates: not our warning.
warnings.filterwarnings("ignore", message=r"Spider\.log\(\) is deprecated")

# unittest leaves out frames of modules that define this: a failed check is reported as its
# one-line message ("AssertionError: 16 of 35 articles could not be fetched ..."), not as a
# traceback into this file.
__unittest = True

COVERAGE_FIELDS = ("published_at", "authors", "body")
MIN_REQUESTS_FOR_RATE = 5


class _CrawlMonitor(Monitor):  # type: ignore[misc]
    longMessage = False  # our messages say everything; no "x is not false :" prefix

    @property
    def stats(self) -> dict[str, Any]:
        return dict(self.data.stats)

    @property
    def settings(self) -> Any:
        return self.data.crawler.settings


@monitors.name("volume")
class VolumeMonitor(_CrawlMonitor):
    @monitors.name("articles found vs the outlet's recent normal")
    def test_volume_vs_recent_normal(self) -> None:
        spider = self.data.spider
        state = incremental_state(self.data.crawler)
        if state is None or state.store is None:
            self.skipTest("no incremental state: no history to compare with")
            return
        if getattr(spider, "distributed", False):
            # One worker's share says nothing; `ikpcrawl run` judges the outlet as a whole.
            self.skipTest("one of several workers")
            return
        history = state.store.recent_seen(spider.outlet.name, state.run_id)
        if len(history) < 2:
            self.skipTest("fewer than two earlier runs")
        normal = statistics.median(history)
        ratio = self.settings.getfloat("IKPCRAWL_MONITOR_MIN_VOLUME_RATIO", 0.5)
        seen = articles_seen(self.stats)
        self.assertGreaterEqual(
            seen,
            ratio * normal,
            msg=f"found {seen} articles, under {ratio:.0%} of the recent normal {normal:g}",
        )


@monitors.name("coverage")
class CoverageMonitor(_CrawlMonitor):
    @monitors.name("published_at, authors and body coverage")
    def test_field_coverage(self) -> None:
        items = int(self.stats.get("ikpcrawl/coverage/items", 0))
        if items == 0:
            self.skipTest("no articles exported this crawl")
        outlet = getattr(self.data.spider, "outlet", None)
        minimums = {
            **self.settings.getdict("IKPCRAWL_MONITOR_COVERAGE"),
            **dict(getattr(outlet, "coverage", ())),  # the outlet's own expectations
        }
        short = []
        for name in COVERAGE_FIELDS:
            have = int(self.stats.get(f"ikpcrawl/coverage/{name}", 0))
            wanted = float(minimums.get(name, 0))
            if have / items < wanted:
                short.append(f"{name} {have / items:.0%} < {wanted:.0%}")
        self.assertFalse(short, msg=f"field coverage too low: {', '.join(short)}")


@monitors.name("errors")
class ErrorRateMonitor(_CrawlMonitor):
    @monitors.name("failed-download rate")
    def test_error_rates(self) -> None:
        stats = self.stats
        responses = int(stats.get("downloader/response_count", 0))
        failed = int(stats.get("ikpcrawl/failed", 0))
        requested = articles_found(stats)
        limit = self.settings.getfloat("IKPCRAWL_MONITOR_MAX_ERROR_RATE", 0.25)
        problems = []
        # Rates over a handful of requests say nothing; failures after retries are what count.
        if requested >= MIN_REQUESTS_FOR_RATE and failed / requested > limit:
            problems.append(
                f"{failed} of {requested} articles could not be fetched "
                f"({failed / requested:.0%} > {limit:.0%})"
            )
        if stats.get("downloader/request_count") and not responses:
            reason = unreachable_reason(stats) or "no reason recorded"
            problems.append(f"no response at all ({reason}): {ADVICE.get(reason, 'see the log')}")
        self.assertFalse(problems, msg="; ".join(problems))


@monitors.name("finish")
class FinishReasonMonitor(_CrawlMonitor):
    @monitors.name("finish reason")
    def test_finish_reason(self) -> None:
        reason = self.stats.get("finish_reason")
        self.assertEqual(reason, "finished", msg=f"crawl ended with {reason!r}")


class RecordAndAlert(Action):  # type: ignore[misc]
    """Writes the results into the stats; posts failures to the alert webhook."""

    def run_action(self) -> None:
        crawler = self.data.crawler
        spider = self.data.spider
        failed = [
            f"{getattr(r.item, 'monitor_name', r.item)}: {r.reason or 'error'}"
            for r in self.result.monitors_failed_results
        ]
        crawler.stats.set_value("ikpcrawl/monitors/failed", failed)
        crawler.stats.set_value(
            "ikpcrawl/monitors/passed", len(self.result.monitors_passed_results)
        )
        state = incremental_state(crawler)
        if state is not None and state.store is not None and not redis_lost(crawler):
            try:
                stats = dict(crawler.stats.get_stats())
                state.store.record_seen(state.run_id, articles_seen(stats), run_complete(stats))
            except RuntimeError as error:  # RedisUnavailable: reported once already
                logger.warning("Run history not recorded: %s", error)
        webhook = crawler.settings.get("IKPCRAWL_ALERT_WEBHOOK")
        if failed and webhook:
            outlet = getattr(getattr(spider, "outlet", None), "name", spider.name)
            post_alert(
                webhook,
                f"ikpcrawl: {outlet} ({spider.name}) failed "
                f"{len(failed)} check(s):\n" + "\n".join(f"• {f}" for f in failed),
            )


def post_alert(url: str, text: str, timeout: float = 10) -> bool:
    """POST ``{"text": ...}`` (Slack incoming-webhook format); never raises."""
    request = urllib.request.Request(
        url,
        data=json.dumps({"text": text}).encode("utf-8"),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return 200 <= int(response.status) < 300
    except OSError as error:
        logger.error("Alert webhook failed: %s", error)
        return False


class CrawlHealth(MonitorSuite):  # type: ignore[misc]
    monitors = [VolumeMonitor, CoverageMonitor, ErrorRateMonitor, FinishReasonMonitor]
    monitors_finished_actions = [RecordAndAlert]
