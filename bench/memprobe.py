"""A Scrapy extension that shows what a crawl keeps in memory (Python allocations that grow).

Enable it for one crawl (it slows the crawl down: tracemalloc traces every allocation)::

    scrapy crawl optika ... -s 'EXTENSIONS={"ikpcrawl.crawl.extensions.StatsFile": 900,
        "bench.memprobe.MemProbe": 950}' -s MEMPROBE_FILE=/tmp/memprobe.txt

It takes a tracemalloc snapshot once ``MEMPROBE_FIRST`` items were scraped (default 500) and
another when the spider closes, and writes the allocation sites that grew most in between, with
the process RSS at both points. What grows with the number of pages is what limits memory on
large sites. ``MEMPROBE_FRAMES`` (default 4) is the traceback depth kept per allocation: deeper
is clearer and slower. Add ``-s CLOSESPIDER_ITEMCOUNT=3000`` to stop early.
"""

from __future__ import annotations

import tracemalloc
from pathlib import Path
from typing import TYPE_CHECKING, Any

import psutil
from scrapy import signals
from scrapy.exceptions import NotConfigured

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from typing_extensions import Self


class MemProbe:
    def __init__(self, path: Path, first: int, top: int):
        self.path = path
        self.first = first
        self.top = top
        self.items = 0
        self.baseline: tracemalloc.Snapshot | None = None
        self.baseline_rss = 0.0
        self.baseline_items = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        path = crawler.settings.get("MEMPROBE_FILE")
        if not path:
            raise NotConfigured("MEMPROBE_FILE is not set")
        probe = cls(
            Path(path),
            crawler.settings.getint("MEMPROBE_FIRST", 500),
            crawler.settings.getint("MEMPROBE_TOP", 30),
        )
        tracemalloc.start(crawler.settings.getint("MEMPROBE_FRAMES", 4))
        crawler.signals.connect(probe.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(probe.spider_closed, signal=signals.spider_closed)
        return probe

    @staticmethod
    def _rss_mb() -> float:
        return float(psutil.Process().memory_info().rss) / 2**20

    def item_scraped(self, item: Any) -> None:
        self.items += 1
        if self.items == self.first:
            self.baseline = tracemalloc.take_snapshot()
            self.baseline_rss = self._rss_mb()
            self.baseline_items = self.items

    def spider_closed(self) -> None:
        final = tracemalloc.take_snapshot()
        rss = self._rss_mb()
        lines = [
            f"items: {self.baseline_items} -> {self.items}; RSS {self.baseline_rss:.1f} -> "
            f"{rss:.1f} MB; traced now {tracemalloc.get_traced_memory()[0] / 2**20:.1f} MB",
            "",
        ]
        if self.baseline is not None:
            stats = final.compare_to(self.baseline, "traceback")
            for stat in stats[: self.top]:
                lines.append(
                    f"{stat.size_diff / 2**20:+8.2f} MB {stat.count_diff:+9d} blocks  "
                    f"(now {stat.size / 2**20:.2f} MB)"
                )
                frames = [f for f in stat.traceback if "tracemalloc" not in f.filename]
                for frame in frames[-6:]:
                    lines.append(f"      {frame.filename}:{frame.lineno}")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        tracemalloc.stop()
