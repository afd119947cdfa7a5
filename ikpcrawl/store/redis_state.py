"""Incremental state and the near-duplicate index in Redis, for crawls on several machines.

Same contract as the SQLite stores (:mod:`ikpcrawl.store.base`, :mod:`ikpcrawl.store.neardup`): exports are
staged under a run's id and committed atomically (a Lua script) once that worker's output file is
complete. Keys, all under the ``ikpcrawl:`` prefix:

* ``ikpcrawl:articles`` hash: canonical URL -> JSON of the exported article's state;
* ``ikpcrawl:staged:<run_id>`` hash: the same, for a run whose output is not complete yet;
* ``ikpcrawl:claims`` hash: canonical URL -> the open run exporting it (so two workers never
  export one article, even when it reaches both, e.g. from a previous run's leftover queue);
* ``ikpcrawl:runs`` hash: run id -> JSON (outlet, feed path, host, pid, status, counts);
* ``ikpcrawl:nd:sig`` hash and ``ikpcrawl:nd:b:<band>:<bucket>`` sets: the near-duplicate index.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import time
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import numpy as np

from ikpcrawl.store.base import ArticleState, exported_urls, partial_path, process_alive
from ikpcrawl.store.neardup import (
    DEFAULT_THRESHOLD,
    MIN_SHINGLES,
    Match,
    band_keys,
    best_match,
    shingles,
    signature,
)

logger = logging.getLogger(__name__)

PREFIX = "ikpcrawl:"
ARTICLES = PREFIX + "articles"
RUNS = PREFIX + "runs"
#: A run another machine left open is settled only after this long (it may still be running).
STALE_REMOTE_RUN = timedelta(hours=6)

CLAIMS = PREFIX + "claims"

# Commit: staged -> articles, release this run's claims, record the run; all or nothing.
_COMMIT = """
local staged = redis.call('HGETALL', KEYS[1])
for i = 1, #staged, 2 do
  redis.call('HSET', KEYS[2], staged[i], staged[i + 1])
  if redis.call('HGET', KEYS[4], staged[i]) == ARGV[1] then redis.call('HDEL', KEYS[4], staged[i]) end
end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[3], ARGV[1], ARGV[2])
return #staged / 2
"""

# Stage: claim the article for this run unless another open run claimed it first.
_STAGE = """
local owner = redis.call('HGET', KEYS[2], ARGV[1])
if owner and owner ~= ARGV[3] then return 0 end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return 1
"""

# Discard: drop the staged rows and release their claims.
_DISCARD = """
local staged = redis.call('HKEYS', KEYS[1])
for _, url in ipairs(staged) do
  if redis.call('HGET', KEYS[2], url) == ARGV[1] then redis.call('HDEL', KEYS[2], url) end
end
redis.call('DEL', KEYS[1])
return #staged
"""


# Drop some staged rows (ARGV[2..]) and release their claims.
_DROP = """
for i = 2, #ARGV do
  redis.call('HDEL', KEYS[1], ARGV[i])
  if redis.call('HGET', KEYS[2], ARGV[i]) == ARGV[1] then redis.call('HDEL', KEYS[2], ARGV[i]) end
end
return #ARGV - 1
"""


class RedisUnavailable(RuntimeError):
    """Redis cannot be reached; the message says where and how to fix it."""


def connect(url: str) -> Any:
    import redis

    client = redis.Redis.from_url(
        url, socket_timeout=30, socket_connect_timeout=10, retry_on_timeout=True
    )
    try:
        client.ping()
    except redis.RedisError as error:
        raise RedisUnavailable(
            f"Redis at {url} is unreachable ({error}); start it or fix IKPCRAWL_REDIS_URL"
        ) from None
    return client


def check_durable(client: Any, url: str) -> None:
    """Refuse a Redis that would forget the state (no persistence) or evict it (an eviction
    policy): after a restart every article would be exported again. Raises RedisUnavailable
    with the setting to change; a Redis whose CONFIG command is disabled is trusted."""
    import redis

    try:
        config = client.config_get("appendonly")
        config.update(client.config_get("save"))
        config.update(client.config_get("maxmemory-policy"))
    except redis.RedisError as error:
        logger.warning("Redis at %s: persistence not checked (%s)", url, error)
        return
    value = {
        k.decode() if isinstance(k, bytes) else k: v.decode() if isinstance(v, bytes) else v
        for k, v in config.items()
    }
    if value.get("appendonly") != "yes" and not (value.get("save") or "").strip():
        raise RedisUnavailable(
            f"Redis at {url} keeps nothing across a restart (appendonly no, no save points):"
            " set appendonly yes, or every article is exported again after a restart"
        )
    policy = value.get("maxmemory-policy", "noeviction")
    if policy != "noeviction":
        raise RedisUnavailable(
            f"Redis at {url} may evict the state (maxmemory-policy {policy}):"
            " set maxmemory-policy noeviction"
        )


def _state_json(article: ArticleState) -> str:
    return json.dumps(
        [
            article.id,
            article.outlet,
            article.content_hash,
            article.revision,
            article.first_seen_at,
            article.exported_at,
            article.lastmod,
        ]
    )


def _state_of(url: str, raw: bytes | str) -> ArticleState:
    values = json.loads(raw)
    return ArticleState(url, *values)


def _guarded(method: Any) -> Any:
    """Turn any Redis error into RedisUnavailable, one clear line for the caller to report."""
    import functools

    @functools.wraps(method)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        import redis

        try:
            return method(self, *args, **kwargs)
        except redis.RedisError as error:
            raise RedisUnavailable(f"Redis at {self.url} was lost ({error})") from None

    return wrapper


class RedisState:
    def __init__(self, url: str):
        self.url = url
        self.client = connect(url)
        self._commit = self.client.register_script(_COMMIT)
        self._stage = self.client.register_script(_STAGE)
        self._discard = self.client.register_script(_DISCARD)
        self._drop = self.client.register_script(_DROP)

    def close(self) -> None:
        self.client.close()

    # reads
    @_guarded
    def get(self, canonical_url: str) -> ArticleState | None:
        raw = self.client.hget(ARTICLES, canonical_url)
        return _state_of(canonical_url, raw) if raw else None

    @_guarded
    def get_many(self, canonical_urls: list[str]) -> dict[str, ArticleState]:
        if not canonical_urls:
            return {}
        values = self.client.hmget(ARTICLES, canonical_urls)
        return {u: _state_of(u, v) for u, v in zip(canonical_urls, values, strict=True) if v}

    # runs
    def _run(self, run_id: str) -> dict[str, Any] | None:
        raw = self.client.hget(RUNS, run_id)
        return json.loads(raw) if raw else None

    def _put_run(self, run_id: str, run: dict[str, Any]) -> None:
        self.client.hset(RUNS, run_id, json.dumps(run))

    @_guarded
    def open_run(self, run_id: str, outlet: str, feed_path: str | None, now: str) -> None:
        self._put_run(
            run_id,
            {
                "outlet": outlet,
                "feed_path": feed_path,
                "started_at": now,
                "finished_at": None,
                "status": "open",
                "exported": 0,
                "seen": None,
                "host": socket.gethostname(),
                "pid": os.getpid(),
            },
        )

    @_guarded
    def set_feed_path(self, run_id: str, feed_path: str) -> None:
        run = self._run(run_id)
        if run is not None:
            run["feed_path"] = feed_path
            self._put_run(run_id, run)

    @_guarded
    def stage(self, run_id: str, article: ArticleState) -> bool:
        """Stage for this run; False when another worker's open run already claimed it."""
        return bool(
            self._stage(
                keys=[PREFIX + f"staged:{run_id}", CLAIMS],
                args=[article.canonical_url, _state_json(article), run_id],
            )
        )

    def sync(self, run_id: str) -> None:
        """Nothing to do: how durable writes are is Redis's own setting (appendfsync, README)."""

    @_guarded
    def commit(self, run_id: str, now: str, present: set[str] | None = None) -> int:
        run = self._run(run_id) or {}
        staged_key = PREFIX + f"staged:{run_id}"
        if present is not None:
            # What never reached the file is dropped first (and its claim released); a crash in
            # between leaves the file, and the next run's recover() does the same again.
            staged = [
                u.decode() if isinstance(u, bytes) else u for u in self.client.hkeys(staged_key)
            ]
            absent = [u for u in staged if u not in present]
            for start in range(0, len(absent), 500):
                self._drop(keys=[staged_key, CLAIMS], args=[run_id, *absent[start : start + 500]])
        run.update(status="committed", finished_at=now, exported=int(self.client.hlen(staged_key)))
        return int(
            self._commit(keys=[staged_key, ARTICLES, RUNS, CLAIMS], args=[run_id, json.dumps(run)])
        )

    @_guarded
    def discard(self, run_id: str, now: str) -> int:
        staged_key = PREFIX + f"staged:{run_id}"
        count = int(self._discard(keys=[staged_key, CLAIMS], args=[run_id]))
        run = self._run(run_id) or {}
        run.update(status="discarded", finished_at=now)
        self._put_run(run_id, run)
        return count

    @_guarded
    def recover(self, outlet: str, current_run: str, now: str) -> tuple[int, int]:
        committed = discarded = 0
        here = socket.gethostname()
        for raw_id, raw in self.client.hscan_iter(RUNS):
            run_id = raw_id.decode() if isinstance(raw_id, bytes) else raw_id
            run = json.loads(raw)
            if run.get("outlet") != outlet or run.get("status") != "open" or run_id == current_run:
                continue
            if run.get("host") == here:
                if run.get("pid") and process_alive(int(run["pid"])):
                    continue
            else:
                started = datetime.fromisoformat(run["started_at"])
                if datetime.now(timezone.utc) - started < STALE_REMOTE_RUN:
                    continue  # another machine's worker, maybe still running
            feed = run.get("feed_path")
            if feed and run.get("host") == here and Path(feed).is_file():
                self.commit(run_id, now, exported_urls(Path(feed)))
                committed += 1
            else:
                self.discard(run_id, now)
                discarded += 1
                if feed and run.get("host") == here:
                    partial_path(Path(feed)).unlink(missing_ok=True)
        return committed, discarded

    @_guarded
    def record_seen(self, run_id: str, seen: int, complete: bool = True) -> None:
        run = self._run(run_id)
        if run is not None:
            run["seen"] = seen
            run["complete"] = complete
            self._put_run(run_id, run)

    @_guarded
    def last_run_complete(self, outlet: str, current_run: str) -> bool:
        for run_id, run in self._runs_of(outlet):
            if run_id != current_run and run.get("status") != "open":
                return bool(run.get("status") == "committed" and run.get("complete", True))
        return True

    def _runs_of(self, outlet: str) -> list[tuple[str, dict[str, Any]]]:
        runs = []
        for raw_id, raw in self.client.hscan_iter(RUNS):
            run = json.loads(raw)
            if run.get("outlet") == outlet:
                runs.append((raw_id.decode() if isinstance(raw_id, bytes) else raw_id, run))
        runs.sort(key=lambda r: r[1].get("started_at", ""), reverse=True)
        return runs

    @_guarded
    def recent_seen(self, outlet: str, current_run: str, limit: int = 5) -> list[int]:
        return [
            int(r["seen"])
            for i, r in self._runs_of(outlet)
            if i != current_run and r.get("status") == "committed" and r.get("seen") is not None
        ][:limit]

    @_guarded
    def previous_exports(self, outlet: str, limit: int = 5) -> list[int]:
        return [
            int(r.get("exported", 0))
            for _, r in self._runs_of(outlet)
            if r.get("status") == "committed"
        ][:limit]


def _unpack(raw: bytes) -> tuple[str, int, bytes]:
    """``(root_id, shingle count, signature)`` from a stored ``[root, size]\\n<signature>``."""
    header, packed = raw.split(b"\n", 1)
    root, size = json.loads(header)
    return root, int(size), packed


def _unpacked(values: list[bytes | None]) -> Iterator[tuple[str, int, bytes]]:
    """The entries among HMGET results (missing ones are None)."""
    return (_unpack(raw) for raw in values if raw)


# The near-duplicate index in two scripts, one call each per article: as separate commands it
# was ~130 per article (64 SMEMBERS, 64 SADD), and building and parsing them cost a worker more
# CPU than the rest of its Redis work together.
# KEYS: the 64 band keys, then the signature hash. ARGV: the article id.
_ND_CANDIDATES = """
local seen, ids = {}, {}
for i = 1, #KEYS - 1 do
  for _, member in ipairs(redis.call('SMEMBERS', KEYS[i])) do
    if member ~= ARGV[1] and not seen[member] then
      seen[member] = true
      ids[#ids + 1] = member
    end
  end
end
local out = {}
for start = 1, #ids, 500 do
  local chunk = {}
  for i = start, math.min(start + 499, #ids) do chunk[#chunk + 1] = ids[i] end
  for _, value in ipairs(redis.call('HMGET', KEYS[#KEYS], unpack(chunk))) do
    if value then out[#out + 1] = value end
  end
end
return out
"""
# KEYS: the 64 band keys, the signature hash, the indexing times. ARGV: the article id, its
# stored value, the time.
_ND_ADD = """
local n = #KEYS
redis.call('HSET', KEYS[n - 1], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[n], ARGV[3], ARGV[1])
for i = 1, n - 2 do redis.call('SADD', KEYS[i], ARGV[1]) end
return 1
"""


class RedisNearDuplicateIndex:
    """The LSH index of :mod:`ikpcrawl.store.neardup`, shared by every worker through Redis."""

    SIGNATURES = PREFIX + "nd:sig"
    TIMES = PREFIX + "nd:time"  # article id -> when it was indexed (ages entries out)

    def __init__(self, url: str, threshold: float = DEFAULT_THRESHOLD):
        self.url = url
        self.client = connect(url)
        self.threshold = threshold
        self._candidates = self.client.register_script(_ND_CANDIDATES)
        self._add = self.client.register_script(_ND_ADD)

    def close(self) -> None:
        self.client.close()

    @staticmethod
    def _band_key(band: int, bucket: int) -> str:
        return PREFIX + f"nd:b:{band}:{bucket}"

    @_guarded
    def prune(self, max_age_days: float, now: float | None = None) -> int:
        """Remove the entries indexed more than ``max_age_days`` ago; returns how many.

        (Entries indexed before their time was recorded are kept.)"""
        cutoff = (time.time() if now is None else now) - max_age_days * 86400
        removed = 0
        while True:
            old = [
                m.decode() if isinstance(m, bytes) else m
                for m in self.client.zrangebyscore(self.TIMES, "-inf", cutoff, start=0, num=500)
            ]
            if not old:
                return removed
            values = self.client.hmget(self.SIGNATURES, old)
            pipe = self.client.pipeline(transaction=True)
            for article_id, raw in zip(old, values, strict=True):
                if raw:
                    sig = np.frombuffer(_unpack(raw)[2], dtype=np.uint32)
                    for band, bucket in enumerate(band_keys(sig)):
                        pipe.srem(self._band_key(band, bucket), article_id)
                pipe.hdel(self.SIGNATURES, article_id)
                pipe.zrem(self.TIMES, article_id)
            pipe.execute()
            removed += len(old)

    @_guarded
    def check_and_add(self, article_id: str, published_at: str | None, text: str) -> Match | None:
        grams = shingles(text)
        if len(grams) < MIN_SHINGLES:
            return None
        sig = signature(text, grams)
        if sig is None:
            return None
        keys = [self._band_key(band, bucket) for band, bucket in enumerate(band_keys(sig))]
        keys.append(self.SIGNATURES)
        stored = self._candidates(keys=keys, args=[article_id])
        best = best_match(sig, len(grams), _unpacked(stored), self.threshold)
        root_id = best[1] if best else article_id
        value = json.dumps([root_id, len(grams)]).encode() + b"\n" + sig.tobytes()
        self._add(keys=[*keys, self.TIMES], args=[article_id, value, time.time()])
        if best is None:
            return None
        return Match(root_id=best[1], similarity=round(best[0], 3))
