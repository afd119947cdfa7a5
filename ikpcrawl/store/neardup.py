"""Near-duplicate detection across outlets and runs: MinHash signatures with LSH banding.

An article's cleaned body is cut into word 3-shingles and summarised by a 128-permutation
MinHash (the scheme of datasketch 2, computed here: see :func:`signature`). The signature is
split into 64 bands of 2 rows; articles sharing a band are candidates. Syndicated copies are
often truncated or padded with the republisher's boilerplate, which lowers plain Jaccard
similarity for short texts, so the decision uses the overlap coefficient (the share of the
shorter text's shingles found in the other), estimated from the MinHash Jaccard and the two
shingle counts. Signatures and band keys live in SQLite (the state store's directory when
incremental state is on, in memory otherwise), so syndicated copies are linked across runs
without loading every signature into memory: a lookup reads only the candidates' rows. Entries
are written in batches and age out after ``DEFAULT_MAX_AGE_DAYS`` (see ``prune``).
"""

from __future__ import annotations

import hashlib
import logging
import re
import sqlite3
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ikpcrawl.store.base import write_transaction

logger = logging.getLogger(__name__)

NUM_PERM = 128
BANDS, ROWS = 64, 2  # BANDS * ROWS == NUM_PERM; a pair with Jaccard 0.2 is a candidate 93% of times
#: Overlap coefficient (of word 3-shingles) from which two bodies are near duplicates; measured on
#: the labelled corpus set (`make eval`): copies score >= 0.29, different articles <= 0.06.
DEFAULT_THRESHOLD = 0.25
#: Entries are written to SQLite this many at a time, in one transaction: 64 bucket keys per
#: article land on 64 random index pages, and a commit per article rewrote them all to the WAL
#: (0.84 ms an article at 5000 articles on the bench, 0.38 ms in batches of 100). Until written,
#: entries are matched from memory; a crash loses at most this many, whose copies then go unlinked.
FLUSH_EVERY = 100
#: Entries older than this many days are removed when a crawl closes (``prune``): copies are
#: syndicated within days, and every entry kept makes lookups slower (random pairs of articles
#: share a bucket often enough that the candidates per article grow with the index).
DEFAULT_MAX_AGE_DAYS = 30.0
#: Bodies with fewer word 3-shingles than this are neither indexed nor matched.
MIN_SHINGLES = 10
#: Below this estimated Jaccard similarity a pair is never a near duplicate (guards tiny texts).
MIN_JACCARD = 0.1
SHINGLE = 3
_WORD = re.compile(r"\w+")

SCHEMA = """
CREATE TABLE IF NOT EXISTS neardup_articles (
    article_id TEXT PRIMARY KEY,
    root_id TEXT NOT NULL,
    published_at TEXT,
    shingles INTEGER NOT NULL,
    signature BLOB NOT NULL,
    indexed_at REAL                -- unix time of the last indexing (ages entries out)
);
CREATE TABLE IF NOT EXISTS neardup_keys (
    key INTEGER NOT NULL,          -- band number and bucket in one integer
    article_id TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS neardup_keys_key ON neardup_keys (key);
"""


def shingles(text: str) -> set[bytes]:
    words = _WORD.findall(text.lower())
    if len(words) < SHINGLE:
        return {" ".join(words).encode()} if words else set()
    # SHINGLE (3) consecutive words, joined by a space.
    triples = zip(words, words[1:], words[2:], strict=False)  # the shorter lists end it
    return {f"{a} {b} {c}".encode() for a, b, c in triples}


def _permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """datasketch's ``affine32`` permutations: odd multipliers ``a`` and offsets ``b``."""
    gen = np.random.RandomState(seed)
    a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return a, b


_A, _B = _permutations(NUM_PERM, seed=1)


def _fmix32(values: np.ndarray) -> np.ndarray:
    """The MurmurHash3 finalizer (uint32 arithmetic wraps, as intended)."""
    values = values ^ (values >> np.uint32(16))
    values = values * np.uint32(0x85EBCA6B)
    values = values ^ (values >> np.uint32(13))
    values = values * np.uint32(0xC2B2AE35)
    mixed: np.ndarray = values ^ (values >> np.uint32(16))
    return mixed


def signature(text: str, grams: set[bytes] | None = None) -> np.ndarray | None:
    """The MinHash signature of a body (uint32 x NUM_PERM); None for an empty body.

    The same values as ``datasketch.MinHash(num_perm=128, seed=1, scheme="affine32")`` fed the
    shingles (a test pins that), computed here because importing datasketch imports SciPy: about
    70 MB and 0.4 s more for every crawl process. Owning the scheme also keeps stored signatures
    comparable when a library changes its default (datasketch 2.0 did).
    """
    grams = shingles(text) if grams is None else grams
    if not grams:
        return None
    # sha1_hash32: the first 4 bytes of SHA-1, little-endian.
    sha1 = hashlib.sha1
    digests = np.frombuffer(b"".join([sha1(gram).digest() for gram in grams]), dtype=np.uint8)
    first4 = np.ascontiguousarray(digests.reshape(-1, 20)[:, :4]).view("<u4").ravel()
    hashed = _fmix32(first4.astype(np.uint32)).reshape(-1, 1)
    result: np.ndarray = (hashed * _A + _B).min(axis=0)
    return result


def band_keys(sig: np.ndarray) -> list[int]:
    """One 63-bit bucket key per band."""
    keys = []
    for band in range(BANDS):
        chunk = sig[band * ROWS : (band + 1) * ROWS].tobytes()
        keys.append(int.from_bytes(hashlib.blake2b(chunk, digest_size=8).digest(), "big") >> 1)
    return keys


def table_keys(keys: list[int]) -> list[int]:
    """Band and bucket folded into one signed 63-bit integer (one indexed column)."""
    return [((band << 56) ^ bucket) & ((1 << 63) - 1) for band, bucket in enumerate(keys)]


def best_match(
    sig: np.ndarray, size: int, candidates: Iterable[tuple[str, int, bytes]], threshold: float
) -> tuple[float, str] | None:
    """The closest near duplicate among ``(root_id, shingle count, signature bytes)`` rows:
    ``(overlap, root_id)``, or None when none reaches ``threshold``. All rows are compared in
    one array operation (common phrases make dozens of candidates per article on a big site)."""
    roots: list[str] = []
    sizes: list[int] = []
    packed: list[bytes] = []
    for root, count, raw in candidates:
        roots.append(root)
        sizes.append(int(count))
        packed.append(raw)
    if not roots:
        return None
    others = np.frombuffer(b"".join(packed), dtype=np.uint32).reshape(len(roots), NUM_PERM)
    jaccard = np.count_nonzero(others == sig, axis=1) / NUM_PERM
    counts = np.asarray(sizes, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):  # a count of 0 is masked below
        intersection = jaccard * (size + counts) / (1 + jaccard)
        scores = np.minimum(1.0, intersection / np.minimum(size, counts))
    scores[(jaccard < MIN_JACCARD) | (counts == 0) | (scores < threshold)] = -1.0
    best = int(np.argmax(scores))
    if scores[best] < 0:
        return None
    return float(scores[best]), roots[best]


@dataclass(frozen=True)
class Match:
    root_id: str
    similarity: float


class NearDuplicateIndex:
    """The persistent LSH index. ``path=None`` keeps it in memory (one run only)."""

    def __init__(self, path: str | Path | None = None, threshold: float = DEFAULT_THRESHOLD):
        self.threshold = threshold
        self._db = sqlite3.connect(
            str(path) if path else ":memory:", timeout=60, isolation_level=None
        )
        self._db.execute("PRAGMA journal_mode=WAL")
        # A lost entry after a power cut only means one copy goes unlinked: no fsync per article.
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(SCHEMA)
        columns = {row[1] for row in self._db.execute("PRAGMA table_info(neardup_articles)")}
        if "indexed_at" not in columns:  # an index from before entries aged out: start now
            self._db.execute("ALTER TABLE neardup_articles ADD COLUMN indexed_at REAL")
            self._db.execute("UPDATE neardup_articles SET indexed_at = ?", (time.time(),))
        # New entries wait here and are written FLUSH_EVERY at a time (see FLUSH_EVERY).
        self._pending: list[_Entry] = []
        self._pending_by_key: dict[int, list[_Entry]] = {}

    def close(self) -> None:
        self.flush()
        self._db.close()

    def flush(self) -> None:
        """Write the pending entries in one short transaction."""
        if not self._pending:
            return
        pending, self._pending, self._pending_by_key = self._pending, [], {}
        now = time.time()
        with write_transaction(self._db) as db:
            for entry in pending:
                previous = db.execute(
                    "SELECT signature FROM neardup_articles WHERE article_id = ?",
                    (entry.article_id,),
                ).fetchone()
                if previous is not None:  # a revision: its old bucket keys go
                    self._drop_keys(entry.article_id, previous[0])
                db.execute(
                    "INSERT OR REPLACE INTO neardup_articles (article_id, root_id, published_at,"
                    " shingles, signature, indexed_at) VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        entry.article_id,
                        entry.root_id,
                        entry.published_at,
                        entry.shingles,
                        entry.signature,
                        now,
                    ),
                )
                db.executemany(
                    "INSERT INTO neardup_keys VALUES (?, ?)",
                    [(key, entry.article_id) for key in entry.keys],
                )

    def _drop_keys(self, article_id: str, packed_signature: bytes) -> None:
        """Delete an entry's bucket keys, found from its stored signature through the key index
        (by article id alone would scan the whole table)."""
        keys = table_keys(band_keys(np.frombuffer(packed_signature, dtype=np.uint32)))
        self._db.executemany(
            "DELETE FROM neardup_keys WHERE key = ? AND article_id = ?",
            [(key, article_id) for key in keys],
        )

    def prune(self, max_age_days: float, now: float | None = None) -> int:
        """Remove the entries indexed more than ``max_age_days`` ago; returns how many."""
        self.flush()
        cutoff = (time.time() if now is None else now) - max_age_days * 86400
        removed = 0
        while True:
            old = self._db.execute(
                "SELECT article_id, signature FROM neardup_articles WHERE indexed_at < ?"
                " LIMIT 1000",
                (cutoff,),
            ).fetchall()
            if not old:
                return removed
            with write_transaction(self._db) as db:
                for article_id, packed in old:
                    self._drop_keys(article_id, packed)
                    db.execute("DELETE FROM neardup_articles WHERE article_id = ?", (article_id,))
            removed += len(old)

    def check_and_add(self, article_id: str, published_at: str | None, text: str) -> Match | None:
        """Link ``article_id`` to its cluster (if any) and remember it for later articles.

        Returns the cluster's root (the earliest article seen in it) and the similarity to the
        closest member, or None when nothing earlier is similar enough.
        """
        grams = shingles(text)
        if len(grams) < MIN_SHINGLES:
            return None  # a dozen words say too little to call anything a copy
        sig = signature(text, grams)
        if sig is None:
            return None
        size = len(grams)
        folded = table_keys(band_keys(sig))
        marks = ",".join("?" * len(folded))
        # One query for every stored candidate's row (an article shares bands with dozens).
        stored = self._db.execute(
            "SELECT root_id, shingles, signature FROM neardup_articles WHERE article_id IN"
            f" (SELECT article_id FROM neardup_keys WHERE key IN ({marks})) AND article_id != ?",
            [*folded, article_id],
        ).fetchall()
        waiting = {
            id(entry): entry
            for key in folded
            for entry in self._pending_by_key.get(key, ())
            if entry.article_id != article_id
        }
        stored.extend((e.root_id, e.shingles, e.signature) for e in waiting.values())
        best = best_match(sig, size, stored, self.threshold)
        entry = _Entry(
            article_id, best[1] if best else article_id, published_at, size, sig.tobytes(), folded
        )
        self._pending.append(entry)
        for key in folded:
            self._pending_by_key.setdefault(key, []).append(entry)
        if len(self._pending) >= FLUSH_EVERY:
            self.flush()
        if best is None:
            return None
        return Match(root_id=best[1], similarity=round(best[0], 3))


@dataclass(frozen=True)
class _Entry:
    """An article's index entry: its cluster root, shingle count, signature and bucket keys."""

    article_id: str
    root_id: str
    published_at: str | None
    shingles: int
    signature: bytes
    keys: list[int]
