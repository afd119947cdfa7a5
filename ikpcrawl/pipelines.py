"""Item pipelines: small, one job each, configured from settings.

Clean (100) -> Election (150) -> Enrich (160) -> Validate (200) -> DateWindow (250) -> Dedupe (300)
-> Incremental (320) -> NearDuplicate (350) -> Schema (380) -> Stage (900, last: only what is
exported is remembered). Every drop is counted in the
stats as ``ikpcrawl/dropped/<reason>`` and logged at INFO with the URL, never silently.
"""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrapy.exceptions import DropItem, NotConfigured

from ikpcrawl.enrich.labels import enrich
from ikpcrawl.enrich.relevance import election_relevance
from ikpcrawl.extract.cleaning import clean_article
from ikpcrawl.items import Article
from ikpcrawl.monitors import COVERAGE_FIELDS
from ikpcrawl.schema import article_validator
from ikpcrawl.store.base import ArticleState
from ikpcrawl.store.extension import IncrementalState, incremental_state
from ikpcrawl.store.neardup import DEFAULT_MAX_AGE_DAYS, DEFAULT_THRESHOLD, NearDuplicateIndex
from ikpcrawl.store.redis_state import RedisUnavailable

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from typing_extensions import Self

    from ikpcrawl.outlet import Outlet

logger = logging.getLogger(__name__)


class DroppedArticle(DropItem):
    """A drop with a machine-readable reason (the stats key suffix)."""

    def __init__(self, reason: str, item: Any, level: str = "INFO"):
        url = item.url if isinstance(item, Article) else "?"
        super().__init__(f"{reason}: {url}", log_level=level)
        self.reason = reason


class _Pipeline:
    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        assert crawler.stats is not None
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def drop(self, reason: str, item: Any) -> DroppedArticle:
        self.stats.inc_value(f"ikpcrawl/dropped/{reason}")
        self.stats.inc_value("ikpcrawl/dropped")
        return DroppedArticle(reason, item)

    def redis_lost(self, error: Exception, item: Any) -> DroppedArticle:
        """Redis went away mid-crawl: stop this worker; the article is fetched again next run."""
        from ikpcrawl.crawl.distributed import stop_for_lost_redis

        stop_for_lost_redis(self.crawler, error)
        return self.drop("redis_unavailable", item)

    @property
    def state(self) -> IncrementalState | None:
        return incremental_state(self.crawler)

    @property
    def outlet(self) -> Outlet | None:
        return getattr(self.crawler.spider, "outlet", None)


class CleanPipeline(_Pipeline):
    """Boilerplate out, bylines and dateline into their fields (see ikpcrawl.extract.cleaning)."""

    def process_item(self, item: Any) -> Any:
        if isinstance(item, Article) and self.outlet is not None:
            clean_article(item, self.outlet)
        return item


class ElectionPipeline(_Pipeline):
    """Tags election relevance (``election = {relevant, matched}``); with
    ``-a election_only=true`` drops what is not relevant."""

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, Article):
            return item
        item.election = election_relevance(item.title, item.body)
        if getattr(self.crawler.spider, "election_only", False) and not item.election["relevant"]:
            raise self.drop("not_election", item)
        return item


class EnrichPipeline(_Pipeline):
    """Adds the IKP labels to ``election``: dimensions, issues, regions, contest (after the
    relevance drop, so dropped articles cost no labelling)."""

    def process_item(self, item: Any) -> Any:
        if isinstance(item, Article):
            item.election = {**(item.election or {}), **enrich(item.title, item.body)}
        return item


class ValidatePipeline(_Pipeline):
    """Drops articles without url, title or body, counting the reason."""

    REQUIRED = ("url", "title", "body")

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, Article):
            return item
        for name in self.REQUIRED:
            if not getattr(item, name):
                raise self.drop(f"missing_{name}", item)
        return item


class DateWindowPipeline(_Pipeline):
    """Exports only articles published inside the spider's ``since``/``until`` window.

    Discovery already skips what sitemaps and feeds date outside the window; this catches
    articles found through listings, whose date is only known after extraction.
    """

    def process_item(self, item: Any) -> Any:
        window = getattr(self.crawler.spider, "date_window", None)
        if not isinstance(item, Article) or window is None or not window.active:
            return item
        if item.published_at is None:
            if window.drop_undated:
                raise self.drop("undated_outside_window", item)
            return item
        if not window.contains(datetime.fromisoformat(item.published_at)):
            raise self.drop("outside_date_window", item)
        return item


class DedupePipeline(_Pipeline):
    """Drops a second copy of an article within a run (same canonical URL, hence same id)."""

    def __init__(self, crawler: Crawler):
        super().__init__(crawler)
        if not crawler.settings.getbool("IKPCRAWL_DEDUPE_ENABLED", True):
            raise NotConfigured("IKPCRAWL_DEDUPE_ENABLED is off")
        self.seen: set[str] = set()

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, Article):
            return item
        if item.id in self.seen:
            raise self.drop("duplicate", item)
        self.seen.add(item.id)
        return item


class IncrementalPipeline(_Pipeline):
    """Lets an article through only when it is new or its text changed since the last export,
    numbering its revision. Needs ``IKPCRAWL_STATE_DIR`` (set by ``ikpcrawl run``); without it
    every article passes."""

    def process_item(self, item: Any) -> Any:
        store = self.state.store if self.state is not None else None
        if not isinstance(item, Article) or store is None:
            return item
        try:
            known = store.get(item.canonical_url)
        except RedisUnavailable as error:
            raise self.redis_lost(error, item) from None
        if known is not None and known.content_hash == item.content_hash:
            raise self.drop("unchanged", item)
        item.revision = known.revision + 1 if known else 1
        item.first_seen_at = known.first_seen_at if known else item.crawled_at
        self.stats.inc_value(
            "ikpcrawl/incremental/updated" if known else "ikpcrawl/incremental/new"
        )
        return item


class NearDuplicatePipeline(_Pipeline):
    """Links syndicated copies and updated re-publications: ``near_duplicate_of`` and
    ``similarity`` (see ikpcrawl.store.neardup). The index lives beside the incremental state when
    there is one, so it works across runs and outlets; in memory otherwise."""

    def __init__(self, crawler: Crawler):
        super().__init__(crawler)
        threshold = crawler.settings.getfloat("IKPCRAWL_NEARDUP_THRESHOLD", DEFAULT_THRESHOLD)
        redis_url = crawler.settings.get("IKPCRAWL_REDIS_URL")
        self.index: Any
        if redis_url:
            from ikpcrawl.store.redis_state import RedisNearDuplicateIndex

            self.index = RedisNearDuplicateIndex(redis_url, threshold=threshold)
            return
        state_dir = crawler.settings.get("IKPCRAWL_STATE_DIR")
        path = Path(state_dir) / "neardup.sqlite" if state_dir else None
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        self.index = NearDuplicateIndex(path, threshold=threshold)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, Article) or not item.body:
            return item
        try:
            match = self.index.check_and_add(item.id, item.published_at, item.body)
        except RedisUnavailable as error:
            raise self.redis_lost(error, item) from None
        if match is not None:
            item.near_duplicate_of = match.root_id
            item.similarity = match.similarity
            self.stats.inc_value("ikpcrawl/near_duplicates")
        return item

    def close_spider(self) -> None:
        days = self.crawler.settings.getfloat("IKPCRAWL_NEARDUP_DAYS", DEFAULT_MAX_AGE_DAYS)
        try:
            if days > 0:
                removed = self.index.prune(days)
                self.stats.set_value("ikpcrawl/near_duplicates/aged_out", removed)
        except RedisUnavailable as error:
            logger.error("Near-duplicate index not pruned (the next run will): %s", error)
        finally:
            self.index.close()


class SchemaPipeline(_Pipeline):
    """Drops an article that does not validate against the shipped JSON Schema, counting the
    failing field (``ikpcrawl/dropped/invalid/<field>``)."""

    def __init__(self, crawler: Crawler):
        super().__init__(crawler)
        self.validator = article_validator()

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, Article):
            return item
        error = next(iter(self.validator.iter_errors(item.to_dict())), None)
        if error is not None:
            where = str(error.path[0]) if error.path else str(error.validator)
            logger.info("Invalid article %s: %s: %s", item.url, where, error.message[:200])
            raise self.drop(f"invalid/{where}", item)
        # Coverage of the fields the health checks watch (ikpcrawl.monitors).
        self.stats.inc_value("ikpcrawl/coverage/items")
        for name in COVERAGE_FIELDS:
            if getattr(item, name):
                self.stats.inc_value(f"ikpcrawl/coverage/{name}")
        return item


class StagePipeline(_Pipeline):
    """The last step: remembers what is about to be exported, under the run's id. The state is
    committed only when the output file is complete (see ikpcrawl.store)."""

    def process_item(self, item: Any) -> Any:
        state = self.state
        if not isinstance(item, Article) or state is None or state.store is None:
            return item
        try:
            claimed = self._stage(state, item)
        except RedisUnavailable as error:
            raise self.redis_lost(error, item) from None
        if not claimed:
            raise self.drop("exported_by_another_worker", item)
        return item

    @staticmethod
    def _stage(state: IncrementalState, item: Article) -> bool:
        assert state.store is not None
        return bool(
            state.store.stage(
                state.run_id,
                ArticleState(
                    canonical_url=item.canonical_url,
                    id=item.id,
                    outlet=item.outlet,
                    content_hash=item.content_hash or "",
                    revision=item.revision,
                    first_seen_at=item.first_seen_at or item.crawled_at,
                    exported_at=item.crawled_at,
                    lastmod=state.take_lastmod(item.canonical_url),
                ),
            )
        )
