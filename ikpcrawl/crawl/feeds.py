"""Feed storage that never shows a reader a partial file, and says so when it cannot write.

A write that fails (a full disk, a path that is not a directory) costs the articles it was
writing, never the file: the failed line is cut off again, the loss is counted
(``ikpcrawl/output/lost``, ``ikpcrawl/output/failed``), and since the state commits only what the
finished file holds (:func:`ikpcrawl.store.base.exported_urls`), those articles are fetched again
by the next run. A file that cannot be opened at all stops the crawl (``output_failed``).
"""

from __future__ import annotations

import errno
import io
import logging
import os
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, cast

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
        try:
            self.final_path.parent.mkdir(parents=True, exist_ok=True)
            if self.write_mode == "ab" and self.final_path.exists():
                # Appending: start the temporary copy from what is already there.
                self.temp_path.write_bytes(self.final_path.read_bytes())
            raw = self.temp_path.open(self.write_mode, buffering=0)
        except OSError as error:
            self._failed(error, stop=True)
            return cast("IO[bytes]", GuardedFile(None, self._lost))
        self._signal(signals.feed_opened)
        return cast("IO[bytes]", GuardedFile(raw, self._lost))

    def store(self, file: IO[bytes]) -> None:
        if isinstance(file, GuardedFile) and file.raw is None:
            return  # never opened: nothing to keep
        try:
            os.fsync(file.fileno())
            file.close()
            self._signal(signals.feed_closing)
            os.replace(self.temp_path, self.final_path)
            _fsync_directory(self.final_path.parent)
        except OSError as error:
            self._failed(error, stop=False)
            self.temp_path.unlink(missing_ok=True)
            return
        logger.info("Feed complete: %s", self.final_path)
        # Only now may the run's state be committed (see ikpcrawl.store).
        self._signal(signals.feed_completed)

    def _lost(self, error: OSError) -> None:
        """One article's line could not be written (and was cut off again)."""
        if self.crawler is not None and self.crawler.stats is not None:
            self.crawler.stats.inc_value("ikpcrawl/output/lost")
        self._failed(error, stop=False)

    def _failed(self, error: OSError, *, stop: bool) -> None:
        stats = self.crawler.stats if self.crawler is not None else None
        if stats is not None and not stats.get_value("ikpcrawl/output/failed"):
            stats.set_value(
                "ikpcrawl/output/failed", f"{error.strerror or error}: {self.final_path}"
            )
            logger.error("Output not written: %s: %s", error.strerror or error, self.final_path)
        engine = self.crawler.engine if self.crawler is not None else None
        if stop and engine is not None:
            from scrapy.utils.defer import deferred_from_coro

            # Crawling on would fetch articles only to lose them.
            deferred_from_coro(engine.close_spider_async(reason="output_failed"))


class GuardedFile(io.RawIOBase):
    """An unbuffered output file whose failed writes are undone and reported, never raised: each
    exported line is one write, so the file only ever holds whole lines."""

    def __init__(self, raw: IO[bytes] | None, on_error: Callable[[OSError], None]):
        super().__init__()
        self.raw = raw
        self._on_error = on_error

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        view = memoryview(data).cast("B")
        if self.raw is None:
            self._on_error(OSError(errno.EBADF, "the output file could not be opened"))
            return len(view)
        start = self.raw.tell()
        try:
            done = 0
            while done < len(view):
                done += self.raw.write(view[done:]) or 0
        except OSError as error:
            try:
                self.raw.truncate(start)
                self.raw.seek(start)
            except OSError:
                logger.exception("Could not cut off a failed line in %s", self.raw.name)
            self._on_error(error)
        return len(view)

    def fileno(self) -> int:
        if self.raw is None:
            raise OSError(errno.EBADF, "no file")
        return self.raw.fileno()

    def close(self) -> None:
        if self.raw is not None:
            self.raw.close()
        super().close()


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
