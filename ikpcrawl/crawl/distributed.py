"""Crawling on several machines: scrapy-redis's scheduler and dupefilter, plus what they lack.

With ``IKPCRAWL_REDIS_URL`` set, the request queue and dupefilter live in Redis (scrapy-redis)
and so do the incremental state and the near-duplicate index (:mod:`ikpcrawl.store.redis_state`).
What this module adds:

* **generations**: a crawl of an outlet is a *generation* (``ikpcrawl seed`` or the first worker
  starts one). The dupefilter is per generation, so every run refetches discovery documents and
  articles not yet exported, while within a run each request is made once across all workers.
  A request lost with a killed worker is therefore picked up by the next run;
* **seeding through the dupefilter**: entry points are pushed once per generation (a stock
  scrapy-redis seed bypasses the dupefilter);
* **idle exit**: a worker stops when the shared queue has stayed empty for
  ``IKPCRAWL_WORKER_IDLE_TIMEOUT`` seconds (default 20);
* **clear errors**: losing Redis stops the worker with one line (finish reason
  ``redis_unavailable``); the next run continues from what Redis kept.

Keys: ``ikpcrawl:<spider>:requests`` (queue), ``ikpcrawl:<spider>:dupefilter:<generation>``,
``ikpcrawl:<spider>:generation``, ``ikpcrawl:<spider>:seeded:<generation>``.
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import DontCloseSpider, NotConfigured
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.scheduler import Scheduler

from ikpcrawl.store.base import new_run_id

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings
    from typing_extensions import Self

logger = logging.getLogger(__name__)

QUEUE_KEY = "ikpcrawl:%(spider)s:requests"
DUPEFILTER_KEY = "ikpcrawl:%(spider)s:dupefilter"
#: A generation's dupefilter set expires this long after its last write.
DUPEFILTER_TTL_S = 7 * 24 * 3600


def generation_key(spider_name: str) -> str:
    return f"ikpcrawl:{spider_name}:generation"


def new_generation() -> str:
    """A generation id, in the same sortable form as run ids."""
    return new_run_id()


def current_generation(client: Any, spider_name: str, wanted: str | None = None) -> str:
    """The generation to work in: ``wanted`` (made current), the current one, or a new one."""
    key = generation_key(spider_name)
    if wanted:
        client.set(key, wanted)
        return wanted
    client.set(key, new_generation(), nx=True)
    value = client.get(key)
    return value.decode() if isinstance(value, bytes) else str(value)


def claim_seeding(client: Any, spider_name: str, generation: str) -> bool:
    """True for exactly one caller per generation: the one that pushes the entry points."""
    return bool(
        client.set(f"ikpcrawl:{spider_name}:seeded:{generation}", "1", nx=True, ex=DUPEFILTER_TTL_S)
    )


def claim_generation_seeding(settings: BaseSettings, spider_name: str) -> tuple[str, bool]:
    """The generation this worker works in, and whether it is the one to push the entry points."""
    from ikpcrawl.store.redis_state import connect

    client = connect(settings.get("IKPCRAWL_REDIS_URL"))
    try:
        generation = current_generation(client, spider_name, settings.get("IKPCRAWL_GENERATION"))
        return generation, claim_seeding(client, spider_name, generation)
    finally:
        client.close()


def redis_lost(crawler: Crawler) -> bool:
    """Whether this worker lost Redis (and is stopping for it)."""
    return bool(crawler.stats is not None and crawler.stats.get_value("ikpcrawl/redis/lost"))


def stop_for_lost_redis(crawler: Crawler, error: BaseException) -> None:
    """Say once, clearly, that Redis is gone, and close this worker (``redis_unavailable``)."""
    if redis_lost(crawler):
        return
    logger.error(
        "%s: this worker stops; the next run continues from what Redis kept",
        str(error).split(" (")[0] if "was lost" in str(error) else error,
    )
    if crawler.stats is not None:
        crawler.stats.set_value("ikpcrawl/redis/lost", 1)
    if crawler.engine is not None:
        from scrapy.utils.defer import deferred_from_coro

        deferred_from_coro(crawler.engine.close_spider_async(reason="redis_unavailable"))


class RedisLossMiddleware:
    """Spider middleware: a callback that hit a lost Redis stops the worker, no traceback."""

    def __init__(self, crawler: Crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_spider_exception(self, response: Any, exception: BaseException) -> Any:
        import redis

        from ikpcrawl.store.redis_state import RedisUnavailable

        if isinstance(exception, (RedisUnavailable, redis.RedisError)):
            stop_for_lost_redis(self.crawler, exception)
            return []
        return None


class GenerationDupeFilter(RFPDupeFilter):  # type: ignore[misc]
    """scrapy-redis's dupefilter, keyed per generation (``...:dupefilter:<generation>``)."""

    @classmethod
    def from_spider(cls, spider: Spider) -> Self:
        instance: Self = super().from_spider(spider)
        # Before the spider starts: the generation it will claim (or join) keys this filter.
        generation = current_generation(
            instance.server, spider.name, spider.settings.get("IKPCRAWL_GENERATION")
        )
        instance.key = f"{instance.key}:{generation}"
        return instance

    def request_seen(self, request: Request) -> bool:
        seen = bool(super().request_seen(request))
        if not seen:
            self.server.expire(self.key, DUPEFILTER_TTL_S)
        return seen


class RedisScheduler(Scheduler):  # type: ignore[misc]
    """scrapy-redis's scheduler; a lost Redis stops the worker with one clear line."""

    crawler: Crawler | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        import redis

        try:
            instance: Self = super().from_crawler(crawler)
        except redis.RedisError as error:
            url = crawler.settings.get("REDIS_URL")
            raise NotConfigured(
                f"Redis at {url} is unreachable ({error}); start it or fix IKPCRAWL_REDIS_URL"
            ) from None
        instance.crawler = crawler
        return instance

    def _lost(self, error: Exception) -> None:
        self._stopping = True
        if self.crawler is not None:
            url = self.crawler.settings.get("REDIS_URL")
            stop_for_lost_redis(self.crawler, RuntimeError(f"Redis at {url} was lost ({error})"))

    def enqueue_request(self, request: Request) -> bool:
        import redis

        try:
            return bool(super().enqueue_request(request))
        except redis.RedisError as error:
            self._lost(error)
            return False

    def next_request(self) -> Request | None:
        import redis

        try:
            return super().next_request()  # type: ignore[no-any-return]
        except redis.RedisError as error:
            self._lost(error)
            return None

    def has_pending_requests(self) -> bool:
        import redis

        try:
            return bool(super().has_pending_requests())
        except redis.RedisError as error:
            self._lost(error)
            return False


class IdleGuard:
    """Keeps a worker alive while other workers may still add requests to the shared queue."""

    #: How soon an idle worker looks at the queue again. Scrapy's own heartbeat comes every 5 s,
    #: which made a worker stop up to 5 s after its timeout (a third of a short bench run).
    RECHECK_S = 0.5

    def __init__(self, crawler: Crawler, timeout: float, clock: Any = None):
        self.crawler = crawler
        self.timeout = timeout
        self.idle_since: float | None = None
        self._recheck: Any = None
        self._clock = clock  # the reactor (a twisted.internet.task.Clock in tests)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.get("IKPCRAWL_REDIS_URL"):
            raise NotConfigured("not distributed")
        guard = cls(crawler, crawler.settings.getfloat("IKPCRAWL_WORKER_IDLE_TIMEOUT", 20.0))
        crawler.signals.connect(guard.spider_idle, signal=signals.spider_idle)
        return guard

    def spider_idle(self, spider: Spider) -> None:
        engine: Any = self.crawler.engine
        scheduler = getattr(engine, "_slot", None) and engine._slot.scheduler
        if getattr(scheduler, "_stopping", False):
            return  # Redis is gone: let the worker close
        pending = False
        try:
            pending = bool(scheduler is not None and scheduler.has_pending_requests())
        except Exception:  # noqa: BLE001 - Redis trouble is reported by the scheduler itself
            return
        if pending:
            self.idle_since = None
            self._recheck_soon(engine)
            raise DontCloseSpider
        now = time.monotonic()
        if self.idle_since is None:
            self.idle_since = now
        if now - self.idle_since < self.timeout:
            self._recheck_soon(engine)
            raise DontCloseSpider

    def _recheck_soon(self, engine: Any) -> None:
        """Have the engine look for requests (and call spider_idle again) in RECHECK_S."""
        slot = getattr(engine, "_slot", None)
        if slot is None or (self._recheck is not None and self._recheck.active()):
            return
        if self._clock is None:
            from twisted.internet import reactor

            self._clock = reactor
        self._recheck = self._clock.callLater(self.RECHECK_S, slot.nextcall.schedule)


def push_seeds(spidercls: type[Any], redis_url: str, generation: str) -> int:
    """``ikpcrawl seed``: push an outlet's entry points into its queue, through the dupefilter.

    Returns how many requests were queued (0 when this generation was already seeded).
    """
    from scrapy.crawler import Crawler
    from scrapy.settings import Settings
    from scrapy_redis import picklecompat
    from scrapy_redis.queue import PriorityQueue

    from ikpcrawl.store.redis_state import connect

    client = connect(redis_url)
    current_generation(client, spidercls.name, generation)
    if not claim_seeding(client, spidercls.name, generation):
        return 0
    settings = Settings()
    settings.setmodule("ikpcrawl.settings", priority="project")
    settings.setdict({"IKPCRAWL_REDIS_URL": redis_url, "REDIS_URL": redis_url}, priority="cmdline")
    spider = spidercls.from_crawler(Crawler(spidercls, settings))
    queue = PriorityQueue(
        client, spider, QUEUE_KEY % {"spider": spider.name}, serializer=picklecompat
    )
    dupefilter = GenerationDupeFilter(
        client, key=f"{DUPEFILTER_KEY % {'spider': spider.name}}:{generation}"
    )
    pushed = 0
    for request in spider.seed_requests():
        if dupefilter.request_seen(request):
            continue
        queue.push(request)
        pushed += 1
    return pushed
