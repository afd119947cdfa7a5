"""Crawl extensions: the stats dump written at the end of every crawl."""

from __future__ import annotations

import json
import logging
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrapy import signals

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.crawler import Crawler
    from typing_extensions import Self

logger = logging.getLogger(__name__)


def _jsonable(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


class StatsFile:
    """Writes the crawl's stats as JSON to ``IKPCRAWL_STATS_FILE`` when the spider closes."""

    def __init__(self, crawler: Crawler, path: Path | None):
        self.crawler = crawler
        self.path = path

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        path = crawler.settings.get("IKPCRAWL_STATS_FILE")
        # Unset: stay idle (NotConfigured would log a warning on every plain crawl).
        extension = cls(crawler, Path(path) if path else None)
        if path:
            crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_closed(self, spider: Spider, reason: str) -> None:
        assert self.crawler.stats is not None and self.path is not None
        stats = {k: _jsonable(v) for k, v in self.crawler.stats.get_stats().items()}
        stats["finish_reason"] = reason
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f".{self.path.name}.part")
        tmp.write_text(json.dumps(stats, indent=2, sort_keys=True), encoding="utf-8")
        tmp.replace(self.path)
        logger.info("Stats written to %s", self.path)
