"""Feed storage that never shows a reader a partial file."""

from __future__ import annotations

import logging
import os
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from scrapy.extensions.feedexport import FileFeedStorage

from ikpcrawl.crawl import signals
from ikpcrawl.store.base import partial_path

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.crawler import Crawler
    from typing_extensions import Self

logger = logging.getLogger(__name__)


class AtomicFileFeedStorage(FileFeedStorage):
    """Writes ``.<name>.part`` beside the target, fsyncs it and renames it when the feed closes.

    A rename within one directory is atomic, so ``*.jsonl`` globs only ever match whole files.
    """

    def __init__(
        self,
        uri: str,
        *,
        feed_options: dict[str, Any] | None = None,
        crawler: Crawler | None = None,
    ):
        super().__init__(uri, feed_options=feed_options)
        self.final_path = Path(self.path).absolute()
        self.temp_path = partial_path(self.final_path)
        self.crawler = crawler

    @classmethod
    def from_crawler(
        cls, crawler: Crawler, uri: str, *, feed_options: dict[str, Any] | None = None
    ) -> Self:
        return cls(uri, feed_options=feed_options, crawler=crawler)

    def _signal(self, signal: object) -> None:
        if self.crawler is not None:
            self.crawler.signals.send_catch_log(signal=signal, path=str(self.final_path))

    def open(self, spider: Spider) -> IO[bytes]:
        self.final_path.parent.mkdir(parents=True, exist_ok=True)
        if self.write_mode == "ab" and self.final_path.exists():
            # Appending: start the temporary copy from what is already there.
            self.temp_path.write_bytes(self.final_path.read_bytes())
        handle = self.temp_path.open(self.write_mode)
        self._signal(signals.feed_opened)
        return handle

    def store(self, file: IO[bytes]) -> None:
        file.flush()
        os.fsync(file.fileno())
        file.close()
        self._signal(signals.feed_closing)
        os.replace(self.temp_path, self.final_path)
        _fsync_directory(self.final_path.parent)
        logger.info("Feed complete: %s", self.final_path)
        # Only now may the run's state be committed (see ikpcrawl.store.sqlite_state).
        self._signal(signals.feed_completed)


def _fsync_directory(directory: Path) -> None:
    """Make the rename itself durable before anything relies on it."""
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def uri_params(params: dict[str, Any], spider: Spider) -> dict[str, Any]:
    """Values for the ``FEEDS`` URI template: ``output_dir`` and a compact UTC ``run_time``."""
    return {
        **params,
        "output_dir": spider.crawler.settings.get("IKPCRAWL_OUTPUT_DIR") or "output",
        "run_time": datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ"),
    }
