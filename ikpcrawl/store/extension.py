"""The incremental state during a crawl: a Scrapy extension that owns the store's lifecycle.

It opens the store when the crawler is built (settling what a killed earlier run of the outlet
left behind and opening this run), records the output file, commits the run once the file is
complete, and closes the store when the engine stops. Spiders, pipelines and monitors reach it
through the crawler (:func:`incremental_state`), never through attributes of the spider.
"""

from __future__ import annotations

import fcntl
import logging
import os
from pathlib import Path
from typing import IO, TYPE_CHECKING

from scrapy import signals as scrapy_signals

from ikpcrawl.crawl import signals as ikp_signals
from ikpcrawl.store import open_state
from ikpcrawl.store.base import ArticleState, StateStore, exported_urls, new_run_id, utc_now
from ikpcrawl.store.sqlite_state import SQLiteState, StateUnusable

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
        self._lock: IO[str] | None = None
        #: Another crawl of the outlet holds the state, or the state cannot be trusted: this
        #: crawl must crawl nothing (finish reason ``_refusal``).
        self.locked = False
        self._refusal = "locked"
        self._listing_stop: bool | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        state_dir = settings.get("IKPCRAWL_STATE_DIR")
        redis_url = settings.get("IKPCRAWL_REDIS_URL")
        outlet = getattr(getattr(crawler.spider, "outlet", None), "name", None)
        lock = None
        if state_dir and not redis_url and outlet is not None:
            # One crawl of an outlet at a time on a state directory (Redis has claims instead):
            # held until this process ends, so a killed parent cannot let a second crawl in.
            lock = outlet_lock(Path(state_dir), outlet)
            if lock is None:
                extension = cls(crawler, None, settings.get("IKPCRAWL_RUN_ID") or new_run_id())
                extension.locked = True
                crawler.signals.connect(extension._refuse, signal=scrapy_signals.spider_opened)
                return extension
        try:
            store = open_state(state_dir, redis_url)
        except StateUnusable as error:
            logger.error("%s", error)
            if crawler.stats is not None:
                crawler.stats.set_value("ikpcrawl/state/unusable", str(error))
            extension = cls(crawler, None, settings.get("IKPCRAWL_RUN_ID") or new_run_id())
            extension.locked = True
            extension._refusal = "state_unusable"
            crawler.signals.connect(extension._refuse, signal=scrapy_signals.spider_opened)
            if lock is not None:
                lock.close()
            return extension
        extension = cls(crawler, store, settings.get("IKPCRAWL_RUN_ID") or new_run_id())
        extension._lock = lock
        if store is None:
            return extension
        if outlet is not None:
            now = utc_now()
            # Settle what a killed earlier run of this outlet left behind, then open ours.
            if lock is not None:  # SQLite, under the outlet's lock
                assert isinstance(store, SQLiteState)
                store.recover(outlet, extension.run_id, now, exclusive=True)
            else:
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

    def may_stop_listings(self) -> bool:
        """Whether a listing page whose articles are all known may end the walk: not after a
        run that lost articles (they may stand only on the older pages)."""
        if self.store is None:
            return False
        if self._listing_stop is None:
            outlet = getattr(getattr(self.crawler.spider, "outlet", None), "name", "")
            self._listing_stop = self.store.last_run_complete(outlet, self.run_id)
            if not self._listing_stop:
                logger.info("The last run lost articles: listings are walked in full this time")
        return self._listing_stop

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
            # Only what the finished file holds: a line lost to a failed write is not "known".
            committed = self.store.commit(self.run_id, utc_now(), exported_urls(Path(path)))
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
        if self._lock is not None:
            self._lock.close()  # releases the outlet's lock
            self._lock = None

    def _refuse(self) -> None:
        if self._refusal == "locked":
            logger.error(
                "Another crawl of this outlet is using %s: this one stops (nothing exported twice)",
                self.crawler.settings.get("IKPCRAWL_STATE_DIR"),
            )
        if self.crawler.engine is not None:
            from scrapy.utils.defer import deferred_from_coro

            reason = self._refusal
            deferred_from_coro(self.crawler.engine.close_spider_async(reason=reason))


def outlet_lock(state_dir: Path, outlet: str) -> IO[str] | None:
    """An exclusive lock on ``<state>/locks/<outlet>.lock`` (None when another process holds it);
    the kernel releases it when the holder dies, however it dies."""
    directory = state_dir / "locks"
    directory.mkdir(parents=True, exist_ok=True)
    handle = (directory / f"{outlet}.lock").open("a+")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        return None
    handle.seek(0)
    handle.truncate()
    handle.write(str(os.getpid()))
    handle.flush()
    return handle


def incremental_state(crawler: Crawler) -> IncrementalState | None:
    """The crawl's :class:`IncrementalState` (None where the extension is not enabled)."""
    return crawler.get_extension(IncrementalState)
