"""The embedded incremental state store: what was exported, committed only once its output file
is complete.

SQLite under ``IKPCRAWL_STATE_DIR``. Every exported article is remembered by canonical URL with
its content hash and revision; the staging contract is :mod:`ikpcrawl.store.base`'s.
"""

from __future__ import annotations

import logging
import os
import socket
import sqlite3
from contextlib import AbstractContextManager
from pathlib import Path

from ikpcrawl.store.base import (
    ArticleState,
    exported_urls,
    partial_path,
    process_alive,
    write_transaction,
)

logger = logging.getLogger(__name__)

SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    canonical_url TEXT PRIMARY KEY,
    id TEXT NOT NULL,
    outlet TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    revision INTEGER NOT NULL,
    first_seen_at TEXT NOT NULL,
    exported_at TEXT NOT NULL,
    lastmod TEXT
);
CREATE TABLE IF NOT EXISTS staged (
    run_id TEXT NOT NULL,
    canonical_url TEXT NOT NULL,
    id TEXT NOT NULL,
    outlet TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    revision INTEGER NOT NULL,
    first_seen_at TEXT NOT NULL,
    exported_at TEXT NOT NULL,
    lastmod TEXT,
    PRIMARY KEY (run_id, canonical_url)
);
CREATE TABLE IF NOT EXISTS runs (
    run_id TEXT PRIMARY KEY,
    outlet TEXT NOT NULL,
    feed_path TEXT,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    status TEXT NOT NULL,          -- open | committed | discarded
    exported INTEGER NOT NULL DEFAULT 0,
    seen INTEGER,                  -- articles discovery found (monitors' "recent normal")
    host TEXT,                     -- where the run's process lives, to tell a live run
    pid INTEGER,                   -- from one a crash left open
    complete INTEGER               -- 0: the run lost articles (the next walks listings in full)
);
"""


class StateUnusable(RuntimeError):
    """The state file exists but cannot be trusted; the message says what to do."""


class SQLiteState:
    """The embedded :class:`~ikpcrawl.store.base.StateStore`. One connection per process; WAL lets outlets run in parallel."""

    def __init__(self, directory: str | Path):
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.path = self.directory / "state.sqlite"
        if self.path.exists() and self.path.stat().st_size == 0:
            # A reset that would go unnoticed: every article would be exported again.
            raise StateUnusable(
                f"{self.path} is empty (0 bytes): restore it from a backup, or delete it to"
                " start over (every article is then exported again)"
            )
        try:
            self._db = sqlite3.connect(self.path, timeout=60, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            # Staged rows need to survive a power cut only once the output file they describe
            # is renamed into place: sync() makes them durable just before (an fsync per article
            # cost 0.4 ms of a crawl's time per page). A killed process loses nothing either way.
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(SCHEMA)
            columns = {row[1] for row in self._db.execute("PRAGMA table_info(runs)")}
            if "complete" not in columns:  # a state file from before this column
                self._db.execute("ALTER TABLE runs ADD COLUMN complete INTEGER")
        except sqlite3.DatabaseError as error:
            raise StateUnusable(
                f"{self.path} is not a usable state database ({error}): restore it from a backup,"
                " or move it away to start over (every article is then exported again)"
            ) from None

    def close(self) -> None:
        self._db.close()

    def _transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        return write_transaction(self._db)

    # ------------------------------------------------------------------------------- reads
    def get(self, canonical_url: str) -> ArticleState | None:
        row = self._db.execute(
            "SELECT canonical_url, id, outlet, content_hash, revision, first_seen_at,"
            " exported_at, lastmod FROM articles WHERE canonical_url = ?",
            (canonical_url,),
        ).fetchone()
        return ArticleState(*row) if row else None

    def get_many(self, canonical_urls: list[str]) -> dict[str, ArticleState]:
        """The known articles among ``canonical_urls`` (one query for a whole listing page)."""
        out: dict[str, ArticleState] = {}
        for start in range(0, len(canonical_urls), 500):
            chunk = canonical_urls[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for row in self._db.execute(
                "SELECT canonical_url, id, outlet, content_hash, revision, first_seen_at,"
                f" exported_at, lastmod FROM articles WHERE canonical_url IN ({marks})",
                chunk,
            ):
                out[row[0]] = ArticleState(*row)
        return out

    # ------------------------------------------------------------------------------ writes
    def open_run(self, run_id: str, outlet: str, feed_path: str | None, now: str) -> None:
        with self._transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO runs (run_id, outlet, feed_path, started_at, status,"
                " host, pid) VALUES (?, ?, ?, ?, 'open', ?, ?)",
                (run_id, outlet, feed_path, now, socket.gethostname(), os.getpid()),
            )

    def set_feed_path(self, run_id: str, feed_path: str) -> None:
        with self._transaction() as db:
            db.execute("UPDATE runs SET feed_path = ? WHERE run_id = ?", (feed_path, run_id))

    def stage(self, run_id: str, article: ArticleState) -> bool:
        with self._transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO staged (run_id, canonical_url, id, outlet, content_hash,"
                " revision, first_seen_at, exported_at, lastmod) VALUES (?,?,?,?,?,?,?,?,?)",
                (
                    run_id,
                    article.canonical_url,
                    article.id,
                    article.outlet,
                    article.content_hash,
                    article.revision,
                    article.first_seen_at,
                    article.exported_at,
                    article.lastmod,
                ),
            )
        return True  # one run per outlet at a time (the run lock)

    def sync(self, run_id: str) -> None:
        """Make everything written so far durable (called before the output file is renamed)."""
        self._db.execute("PRAGMA synchronous=FULL")
        try:
            with self._transaction() as db:  # a FULL commit fsyncs the whole WAL before it
                db.execute("UPDATE runs SET status = status WHERE run_id = ?", (run_id,))
        finally:
            self._db.execute("PRAGMA synchronous=NORMAL")

    def commit(self, run_id: str, now: str, present: set[str] | None = None) -> int:
        """Make a run's staged exports permanent (see :meth:`StateStore.commit`)."""
        with self._transaction() as db:
            if present is not None:
                db.execute("CREATE TEMP TABLE IF NOT EXISTS present (url TEXT PRIMARY KEY)")
                db.execute("DELETE FROM present")
                db.executemany(
                    "INSERT OR IGNORE INTO present (url) VALUES (?)", ((u,) for u in present)
                )
                db.execute(
                    "DELETE FROM staged WHERE run_id = ?"
                    " AND canonical_url NOT IN (SELECT url FROM present)",
                    (run_id,),
                )
            count = db.execute(
                "INSERT OR REPLACE INTO articles (canonical_url, id, outlet, content_hash,"
                " revision, first_seen_at, exported_at, lastmod)"
                " SELECT canonical_url, id, outlet, content_hash, revision, first_seen_at,"
                " exported_at, lastmod FROM staged WHERE run_id = ?",
                (run_id,),
            ).rowcount
            db.execute("DELETE FROM staged WHERE run_id = ?", (run_id,))
            db.execute(
                "UPDATE runs SET status = 'committed', finished_at = ?, exported = ?"
                " WHERE run_id = ?",
                (now, count, run_id),
            )
        return count

    def discard(self, run_id: str, now: str) -> int:
        """Forget a run whose output never completed; its articles will be exported again."""
        with self._transaction() as db:
            count = db.execute("DELETE FROM staged WHERE run_id = ?", (run_id,)).rowcount
            db.execute(
                "UPDATE runs SET status = 'discarded', finished_at = ? WHERE run_id = ?",
                (now, run_id),
            )
        return count

    def recover(
        self, outlet: str, current_run: str, now: str, *, exclusive: bool = False
    ) -> tuple[int, int]:
        """Settle this outlet's earlier runs left open by a crash: commit those whose output
        file is complete, discard the others (and delete their partial files).

        Returns (runs committed, runs discarded).
        """
        rows = self._db.execute(
            "SELECT run_id, feed_path, host, pid FROM runs WHERE outlet = ? AND status = 'open'"
            " AND run_id != ?",
            (outlet, current_run),
        ).fetchall()
        committed = discarded = 0
        for run_id, feed_path, host, pid in rows:
            # Under the outlet's lock (exclusive) no other run of it can be alive, whatever a
            # reused PID says; otherwise a live process is a run still going.
            alive = host == socket.gethostname() and pid and process_alive(int(pid))
            if alive and not exclusive:
                continue  # still running (a parallel worker or a manual crawl): not ours
            if feed_path and Path(feed_path).is_file():
                self.commit(run_id, now, exported_urls(Path(feed_path)))
                committed += 1
                logger.warning("Recovered run %s: its output was complete, state committed", run_id)
            else:
                self.discard(run_id, now)
                discarded += 1
                if feed_path:
                    partial_path(Path(feed_path)).unlink(missing_ok=True)
                logger.warning(
                    "Recovered run %s: its output never completed; its articles "
                    "will be exported again",
                    run_id,
                )
        return committed, discarded

    def record_seen(self, run_id: str, seen: int, complete: bool = True) -> None:
        with self._transaction() as db:
            db.execute(
                "UPDATE runs SET seen = ?, complete = ? WHERE run_id = ?",
                (seen, int(complete), run_id),
            )

    def last_run_complete(self, outlet: str, current_run: str) -> bool:
        row = self._db.execute(
            "SELECT status, complete FROM runs WHERE outlet = ? AND run_id != ?"
            " AND status != 'open' ORDER BY started_at DESC LIMIT 1",
            (outlet, current_run),
        ).fetchone()
        return row is None or (row[0] == "committed" and row[1] != 0)

    def recent_seen(self, outlet: str, current_run: str, limit: int = 5) -> list[int]:
        """Articles found by this outlet's last finished runs (not counting ``current_run``)."""
        rows = self._db.execute(
            "SELECT seen FROM runs WHERE outlet = ? AND run_id != ? AND seen IS NOT NULL"
            " AND status = 'committed' ORDER BY started_at DESC LIMIT ?",
            (outlet, current_run, limit),
        ).fetchall()
        return [int(r[0]) for r in rows]

    def previous_exports(self, outlet: str, limit: int = 5) -> list[int]:
        """Articles exported by this outlet's last committed runs, newest first."""
        rows = self._db.execute(
            "SELECT exported FROM runs WHERE outlet = ? AND status = 'committed'"
            " ORDER BY started_at DESC LIMIT ?",
            (outlet, limit),
        ).fetchall()
        return [int(r[0]) for r in rows]
