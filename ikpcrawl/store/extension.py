"""The incremental state during a crawl: a Scrapy extension that owns the store's lifecycle.

It opens the store when the crawler is built (settling what a killed earlier run of the outlet
left behind and opening this run), records the output file, commits the run once the file is
complete, and closes the store when the engine stops. Spiders, pipelines and monitors reach it
through the crawler (:func:`incremental_state`), never through attributes of the spider.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy import signals as scrapy_signals

from ikpcrawl.crawl import signals as ikp_signals
from ikpcrawl.store import open_state
from ikpcrawl.store.base import ArticleState, StateStore, new_run_id, utc_now

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from typing_extensions import Self

logger = logging.getLogger(__name__)


class IncrementalState:
    """``store`` is None when neither ``IKPCRAWL_STATE_DIR`` nor ``IKPCRAWL_REDIS_URL`` is set:
    every crawl then exports everything it finds."""

    def __init__(self, crawler: Crawler, store: StateStore | None, run_id: str):
        self.crawler = crawler
        self.store = store
        self.run_id = run_id
        # Canonical URL -> the lastmod discovery gave, until the article is staged.
        self._lastmods: dict[str, str] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        store = open_state(settings.get("IKPCRAWL_STATE_DIR"), settings.get("IKPCRAWL_REDIS_URL"))
        extension = cls(crawler, store, settings.get("IKPCRAWL_RUN_ID") or new_run_id())
        if store is None:
            return extension
        outlet = getattr(getattr(crawler.spider, "outlet", None), "name", None)
        if outlet is not None:
            now = utc_now()
            # Settle what a killed earlier run of this outlet left behind, then open ours.
            store.recover(outlet, extension.run_id, now)
            store.open_run(extension.run_id, outlet, None, now)
        connect = crawler.signals.connect
        connect(extension.feed_opened, signal=ikp_signals.feed_opened)
        connect(extension.feed_closing, signal=ikp_signals.feed_closing)
        connect(extension.feed_completed, signal=ikp_signals.feed_completed)
        connect(extension.close, signal=scrapy_signals.engine_stopped)
        return extension

    # --------------------------------------------------------------------- during the crawl
    def known(self, canonical_urls: list[str]) -> dict[str, ArticleState]:
        """The exported articles among ``canonical_urls`` (nothing without a store)."""
        if self.store is None or not canonical_urls:
            return {}
        return self.store.get_many(canonical_urls)

    def note_lastmod(self, canonical_url: str, lastmod: str) -> None:
        if self.store is not None:
            self._lastmods[canonical_url] = lastmod

    def take_lastmod(self, canonical_url: str) -> str | None:
        """Taken, not read: the map stays as small as the articles in flight."""
        return self._lastmods.pop(canonical_url, None)

    # -------------------------------------------------------------------- the output file
    def feed_opened(self, path: str) -> None:
        assert self.store is not None
        try:
            self.store.set_feed_path(self.run_id, path)
        except RuntimeError as error:  # RedisUnavailable
            logger.error("Output path not recorded in the state: %s", error)

    def feed_closing(self, path: str) -> None:
        assert self.store is not None
        self.store.sync(self.run_id)

    def feed_completed(self, path: str) -> None:
        assert self.store is not None
        try:
            committed = self.store.commit(self.run_id, utc_now())
        except RuntimeError as error:  # RedisUnavailable: the next run commits it (recover)
            logger.error("State not committed (the next run will): %s", error)
            return
        if self.crawler.stats is not None:
            self.crawler.stats.set_value("ikpcrawl/incremental/committed", committed)
        logger.info("State committed for %d article(s) of run %s", committed, self.run_id)

    def close(self) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None


def incremental_state(crawler: Crawler) -> IncrementalState | None:
    """The crawl's :class:`IncrementalState` (None where the extension is not enabled)."""
    return crawler.get_extension(IncrementalState)
