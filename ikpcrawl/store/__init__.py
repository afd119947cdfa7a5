"""Storage: the incremental state behind one protocol (:class:`~ikpcrawl.store.base.StateStore`,
in SQLite or Redis), owned during a crawl by :class:`~ikpcrawl.store.extension.IncrementalState`;
and the near-duplicate index."""

from __future__ import annotations

from ikpcrawl.store.base import ArticleState, StateStore


def open_state(directory: str | None, redis_url: str | None = None) -> StateStore | None:
    """The state store: in Redis when ``redis_url`` is set (IKPCRAWL_REDIS_URL), else SQLite
    under ``directory`` (IKPCRAWL_STATE_DIR); None when neither is set."""
    if redis_url:
        from ikpcrawl.store.redis_state import RedisState

        return RedisState(redis_url)
    if directory:
        from ikpcrawl.store.sqlite_state import SQLiteState

        return SQLiteState(directory)
    return None


__all__ = ["ArticleState", "StateStore", "open_state"]
