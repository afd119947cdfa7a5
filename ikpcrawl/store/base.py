"""What every state store shares: the stored record, the :class:`StateStore` protocol, run ids.

Exports are *staged* under a run's id while a crawl writes its output file, and *committed* once
that file has been renamed into place (see :mod:`ikpcrawl.crawl.feeds`). A crawl killed at any
point leaves either no output file (the next run discards its staged rows, so those articles are
exported again: nothing lost) or a complete file whose rows the next run commits (nothing
exported twice).
"""

from __future__ import annotations

import json
import os
import re
import secrets
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Protocol


@dataclass(frozen=True)
class ArticleState:
    """What the state remembers of one exported article."""

    canonical_url: str
    id: str
    outlet: str
    content_hash: str
    revision: int
    first_seen_at: str
    exported_at: str
    lastmod: str | None = None


class StateStore(Protocol):
    """The incremental state, embedded (SQLite) or shared by several machines (Redis)."""

    def close(self) -> None: ...

    def get(self, canonical_url: str) -> ArticleState | None: ...

    def get_many(self, canonical_urls: list[str]) -> dict[str, ArticleState]:
        """The known articles among ``canonical_urls`` (one query for a whole listing page)."""
        ...

    def open_run(self, run_id: str, outlet: str, feed_path: str | None, now: str) -> None: ...

    def set_feed_path(self, run_id: str, feed_path: str) -> None: ...

    def stage(self, run_id: str, article: ArticleState) -> bool:
        """Remember an article about to be exported; False when another open run has it."""
        ...

    def sync(self, run_id: str) -> None:
        """Make what was staged durable (called before the output file is renamed)."""
        ...

    def commit(self, run_id: str, now: str, present: set[str] | None = None) -> int:
        """Make a run's staged exports permanent (its output file is complete). With
        ``present`` (the canonical URLs the file holds), only those: a staged article whose
        line never reached the file is discarded, and so exported again by a later run."""
        ...

    def discard(self, run_id: str, now: str) -> int:
        """Forget a run whose output never completed; its articles will be exported again."""
        ...

    def recover(self, outlet: str, current_run: str, now: str) -> tuple[int, int]:
        """Settle this outlet's runs left open by a crash: (runs committed, runs discarded)."""
        ...

    def record_seen(self, run_id: str, seen: int, complete: bool = True) -> None:
        """What discovery found this run, and whether everything found was fetched and written
        (a run that was not leaves articles only a full listing walk may find again)."""
        ...

    def last_run_complete(self, outlet: str, current_run: str) -> bool:
        """False when this outlet's last run lost articles (failures, a crash): the next one
        then walks its listings in full instead of stopping at the first known page."""
        ...

    def recent_seen(self, outlet: str, current_run: str, limit: int = 5) -> list[int]:
        """Articles found by this outlet's last finished runs (not counting ``current_run``)."""
        ...

    def previous_exports(self, outlet: str, limit: int = 5) -> list[int]:
        """Articles exported by this outlet's last committed runs, newest first."""
        ...


def new_run_id() -> str:
    """``20261128T041700Z-1a2b3c``: sortable by time, unique across machines."""
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ-") + secrets.token_hex(3)


def utc_now() -> str:
    """Now, as the state stores its times: ``2026-11-28T04:17:00+00:00``."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def partial_path(path: Path) -> Path:
    """The hidden temporary name an output file is written under until it is complete."""
    return path.with_name(f".{path.name}.part")


# The exporter writes each article as one JSON object per line, keys in the Article's order; a
# quote inside a JSON string is always escaped, so this finds only the real field.
_CANONICAL_URL = re.compile(rb'"canonical_url": ?"((?:[^"\\\n]|\\.)*)"')


def exported_urls(path: Path) -> set[str]:
    """The canonical URLs of the articles a finished output file holds: what a run may commit."""
    found: set[str] = set()
    with path.open("rb") as handle:
        for line in handle:
            if not line.endswith(b"\n"):
                break  # an unfinished last line is not an export
            match = _CANONICAL_URL.search(line)
            if match:
                found.add(json.loads(b'"' + match.group(1) + b'"'))
    return found


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextmanager
def write_transaction(db: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """``BEGIN IMMEDIATE`` ... ``COMMIT`` (``ROLLBACK`` on any error) on an autocommit
    connection, retrying the start while another process holds the write lock."""
    for attempt in range(20):
        try:
            db.execute("BEGIN IMMEDIATE")
            break
        except sqlite3.OperationalError:
            if attempt == 19:
                raise
            time.sleep(0.1 * (attempt + 1))
    try:
        yield db
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")
