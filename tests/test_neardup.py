"""Near duplicates: the labelled set from real corpus bodies, and the index's behaviour."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ikpcrawl.ops.evaluate import evaluate_neardup, neardup_variants, same_topic_bodies
from ikpcrawl.store.neardup import NUM_PERM, NearDuplicateIndex, shingles, signature

STORY = (
    "Komisi Pemilihan Umum menetapkan daftar pemilih tetap untuk pemilihan kepala daerah "
    "serentak setelah rapat pleno terbuka yang dihadiri saksi partai politik dan pengawas. "
    "Ketua KPU daerah mengatakan jumlah pemilih bertambah karena banyak pemilih pemula yang "
    "baru berusia tujuh belas tahun. Bawaslu meminta warga memeriksa namanya secara daring."
)


@pytest.mark.corpus
def test_precision_and_recall_on_the_labelled_corpus_set(corpus: Path) -> None:
    bodies = [
        json.loads(x)["body"]
        for x in (corpus / "articles.jsonl").read_text("utf-8").splitlines()
        if x.strip()
    ]
    report = evaluate_neardup(bodies, same_topic=same_topic_bodies())
    assert report["positives"] == 4 * len(bodies)
    assert report["negatives"] >= 400
    assert report["precision"] >= 0.98
    assert report["recall"] >= 0.95
    assert all(value >= 0.9 for value in report["recall_by_kind"].values())


def test_same_topic_articles_are_not_duplicates() -> None:
    bodies = same_topic_bodies()
    assert len(bodies) >= 30
    index = NearDuplicateIndex()
    linked = [i for i, body in enumerate(bodies) if index.check_and_add(f"a{i}", None, body)]
    assert linked == []


def test_cluster_root_is_the_earliest_and_persists_across_runs(tmp_path: Path) -> None:
    path = tmp_path / "nd.sqlite"
    first = NearDuplicateIndex(path)
    assert first.check_and_add("a" * 16, "2024-01-01T10:00:00+07:00", STORY) is None
    copy = neardup_variants(STORY)["added_boilerplate"]
    match = first.check_and_add("b" * 16, "2024-01-01T12:00:00+07:00", copy)
    assert match is not None
    assert match.root_id == "a" * 16
    first.close()
    # A later run (a new process) links a third copy to the same root, not to the copy.
    later = NearDuplicateIndex(path)
    third = later.check_and_add("c" * 16, None, neardup_variants(STORY)["truncated"])
    assert third is not None
    assert third.root_id == "a" * 16
    assert 0 < third.similarity <= 1
    # An article is never its own duplicate (a revision re-exported).
    assert later.check_and_add("a" * 16, None, STORY + " Tambahan.") is not None  # b, c match
    later.close()


def test_empty_and_tiny_bodies_are_ignored() -> None:
    index = NearDuplicateIndex()
    assert index.check_and_add("x", None, "") is None
    assert index.check_and_add("y", None, "Pemilu") is None
    assert index.check_and_add("z", None, "Pemilu") is None  # too short to call a copy


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from([*STORY.split(), "Pilkada", "İstanbul", "2024"]), max_size=400))
def test_signature_is_datasketch_minhash(words: list[str]) -> None:
    """Our MinHash is datasketch's (affine32, seed 1): signatures stored by either compare."""
    from datasketch import MinHash

    text = " ".join(words)
    grams = shingles(text)
    ours = signature(text, grams)
    if not grams:
        assert ours is None
        return
    reference = MinHash(num_perm=NUM_PERM, seed=1, scheme="affine32")
    reference.update_batch(list(grams))
    assert ours is not None
    assert ours.dtype == np.uint32
    assert np.array_equal(ours, np.asarray(reference.hashvalues, dtype=np.uint32))


def test_many_candidates_pick_the_closest_copy() -> None:
    """Dozens of articles sharing bands with a new one: the best-scoring copy is the match."""
    index = NearDuplicateIndex()
    for i, body in enumerate(same_topic_bodies()):
        index.check_and_add(f"other{i}", None, body)
    index.check_and_add("root", None, STORY)
    truncated = neardup_variants(STORY)["truncated"]
    match = index.check_and_add("copy", None, truncated)
    assert match is not None
    assert match.root_id == "root"
    assert match.similarity >= 0.9  # a truncation's shingles are all in the original


def test_copies_match_across_written_and_waiting_entries(tmp_path: Path) -> None:
    """Entries are written in batches: a copy matches an original whether it is still in
    memory or already in SQLite, and a second process sees only what the first wrote."""
    from ikpcrawl.store.neardup import FLUSH_EVERY

    fillers = same_topic_bodies()
    index = NearDuplicateIndex(tmp_path / "nd.sqlite")
    assert index.check_and_add("orig", None, STORY) is None
    copy = index.check_and_add("copy1", None, neardup_variants(STORY)["added_boilerplate"])
    assert copy is not None  # the original is still waiting in memory
    assert copy.root_id == "orig"
    for i in range(FLUSH_EVERY):  # pushes the original (and more) into SQLite
        index.check_and_add(f"filler{i}", None, fillers[i % len(fillers)] + f" Nomor {i} ya.")
    other = NearDuplicateIndex(tmp_path / "nd.sqlite")
    later = other.check_and_add("copy2", None, neardup_variants(STORY)["truncated"])
    assert later is not None
    assert later.root_id == "orig"
    other.close()
    index.close()


def test_a_revision_replaces_its_entry_and_bucket_keys(tmp_path: Path) -> None:
    """Re-indexing an article (a new revision) leaves exactly its new bucket keys behind."""
    from ikpcrawl.store.neardup import BANDS

    other = same_topic_bodies()[0]
    index = NearDuplicateIndex(tmp_path / "nd.sqlite")
    index.check_and_add("a", None, STORY)
    index.flush()
    index.check_and_add("a", None, other)  # the article now says something else
    index.flush()
    rows = index._db.execute("SELECT count(*) FROM neardup_keys WHERE article_id = 'a'")
    assert rows.fetchone()[0] == BANDS
    # Its old text is gone from the index: a copy of it finds nothing.
    assert index.check_and_add("b", None, neardup_variants(STORY)["truncated"]) is None
    index.close()


def test_old_entries_age_out(tmp_path: Path) -> None:
    """prune() removes entries indexed longer ago than the window, with their bucket keys."""
    import time

    index = NearDuplicateIndex(tmp_path / "nd.sqlite")
    index.check_and_add("old", None, STORY)
    assert index.prune(30) == 0  # written now (prune flushes first): kept
    assert index.prune(30, now=time.time() + 31 * 86400) == 1
    assert index._db.execute("SELECT count(*) FROM neardup_keys").fetchone()[0] == 0
    assert index._db.execute("SELECT count(*) FROM neardup_articles").fetchone()[0] == 0
    # A copy of the aged-out article now starts a cluster of its own.
    assert index.check_and_add("copy", None, neardup_variants(STORY)["truncated"]) is None
    index.close()


def test_an_index_from_before_aging_is_upgraded(tmp_path: Path) -> None:
    """An index file without ``indexed_at`` gets the column; its entries count from now."""
    import sqlite3

    path = tmp_path / "nd.sqlite"
    index = NearDuplicateIndex(path)
    index.check_and_add("a", None, STORY)
    index.close()
    db = sqlite3.connect(path)
    db.execute("ALTER TABLE neardup_articles DROP COLUMN indexed_at")
    db.commit()
    db.close()
    upgraded = NearDuplicateIndex(path)
    assert upgraded.prune(1) == 0
    match = upgraded.check_and_add("b", None, neardup_variants(STORY)["truncated"])
    assert match is not None
    assert match.root_id == "a"
    upgraded.close()
