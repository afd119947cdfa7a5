"""Item pipelines, each on real Article objects through a real Scrapy crawler; the stateful
ones (Incremental, Stage, NearDuplicate) on a real SQLite state owned by the IncrementalState
extension, across runs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler, get_reactor_settings

from ikpcrawl.items import Article
from ikpcrawl.ops.evaluate import neardup_variants
from ikpcrawl.pipelines import (
    CleanPipeline,
    DateWindowPipeline,
    DedupePipeline,
    ElectionPipeline,
    EnrichPipeline,
    IncrementalPipeline,
    NearDuplicatePipeline,
    SchemaPipeline,
    StagePipeline,
    ValidatePipeline,
)
from ikpcrawl.spiders.optika import OptikaSpider
from ikpcrawl.store.extension import IncrementalState, incremental_state
from tests.test_neardup import STORY


def make_crawler(**spider_args: Any) -> Any:
    crawler = get_crawler(OptikaSpider, {"ITEM_PIPELINES": {}})
    crawler.stats.open_spider()
    crawler.spider = OptikaSpider.from_crawler(crawler, **spider_args)
    return crawler


def article(**fields: Any) -> Article:
    base: dict[str, Any] = {
        "url": "https://optika.id/a",
        "outlet": "optika.id",
        "id": "0123456789abcdef",
        "canonical_url": "https://optika.id/a",
        "title": "Judul",
        "body": "Optika.id - Isi berita pemilu.\n\nBaca Juga: Lain\n\nEditor : Pahlevi",
        "published_at": "2022-12-27T14:08:00+07:00",
    }
    base.update(fields)
    return Article(**base)


def test_clean_pipeline_moves_editor_and_dateline_and_sets_hash() -> None:
    crawler = make_crawler()
    item = CleanPipeline.from_crawler(crawler).process_item(article())
    assert item.body == "Isi berita pemilu."
    assert item.editor == "Pahlevi"
    assert item.dateline == "Optika.id"
    assert item.word_count == 3
    assert item.content_hash and len(item.content_hash) == 32


@pytest.mark.parametrize("missing", ["title", "body", "url"])
def test_validation_drops_with_a_counted_reason(missing: str) -> None:
    crawler = make_crawler()
    pipeline = ValidatePipeline.from_crawler(crawler)
    with pytest.raises(DropItem, match=f"missing_{missing}"):
        pipeline.process_item(article(**{missing: ""}))
    assert crawler.stats.get_value(f"ikpcrawl/dropped/missing_{missing}") == 1
    assert crawler.stats.get_value("ikpcrawl/dropped") == 1


def test_dedupe_drops_second_copy_within_a_run() -> None:
    crawler = make_crawler()
    pipeline = DedupePipeline.from_crawler(crawler)
    pipeline.process_item(article())
    with pytest.raises(DropItem, match="duplicate"):
        pipeline.process_item(article(url="https://optika.id/a?utm_source=x"))
    pipeline.process_item(article(id="fedcba9876543210"))
    assert crawler.stats.get_value("ikpcrawl/dropped/duplicate") == 1


def test_date_window_is_inclusive_in_the_outlet_zone() -> None:
    crawler = make_crawler(since="2022-12-27", until="2022-12-27")
    pipeline = DateWindowPipeline.from_crawler(crawler)
    # 00:30 WIB on the 27th is inside, although it is still the 26th in UTC.
    pipeline.process_item(article(published_at="2022-12-27T00:30:00+07:00"))
    pipeline.process_item(article(published_at="2022-12-27T23:59:00+07:00"))
    with pytest.raises(DropItem, match="outside_date_window"):
        pipeline.process_item(article(published_at="2022-12-28T00:00:00+07:00"))
    with pytest.raises(DropItem, match="outside_date_window"):
        pipeline.process_item(article(published_at="2022-12-26T23:59:00+07:00"))
    with pytest.raises(DropItem, match="undated"):
        pipeline.process_item(article(published_at=None))


def test_date_window_off_passes_everything() -> None:
    crawler = make_crawler()
    pipeline = DateWindowPipeline.from_crawler(crawler)
    assert pipeline.process_item(article(published_at=None)).published_at is None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"since": "27-12-2022"}, "is not a date"),
        ({"since": "2024-02-02", "until": "2024-01-01"}, "must not be before"),
    ],
)
def test_bad_window_arguments_are_usage_errors(args: dict[str, str], message: str) -> None:
    from scrapy.exceptions import UsageError

    with pytest.raises(UsageError, match=message):
        make_crawler(**args)


# ------------------------------------------------------------------------------ election
NOT_ELECTION = (
    "Harga cabai di pasar induk naik dua kali lipat sejak pekan lalu.\n\nPedagang mengeluh."
)


def test_election_tags_relevance_and_enrichment_and_keeps_everything_by_default() -> None:
    crawler = make_crawler()
    pipeline = ElectionPipeline.from_crawler(crawler)
    election = pipeline.process_item(article(title="KPU tetapkan DPT Pilkada"))
    assert election.election["relevant"] is True
    assert election.election["matched"]
    assert set(election.election) == {"relevant", "matched"}  # the labels are Enrich's job
    other = pipeline.process_item(article(title="Harga cabai naik", body=NOT_ELECTION))
    assert other.election["relevant"] is False
    assert other.election["matched"] == []
    assert crawler.stats.get_value("ikpcrawl/dropped/not_election") is None


def test_election_only_drops_what_is_not_about_the_election() -> None:
    crawler = make_crawler(election_only="true")
    pipeline = ElectionPipeline.from_crawler(crawler)
    with pytest.raises(DropItem, match="not_election"):
        pipeline.process_item(article(title="Harga cabai naik", body=NOT_ELECTION))
    kept = pipeline.process_item(article(title="KPU tetapkan DPT Pilkada"))
    assert kept.election["relevant"] is True
    assert crawler.stats.get_value("ikpcrawl/dropped/not_election") == 1
    assert crawler.stats.get_value("ikpcrawl/dropped") == 1


def test_enrich_adds_the_ikp_labels_beside_relevance() -> None:
    crawler = make_crawler()
    item = ElectionPipeline.from_crawler(crawler).process_item(
        article(title="KPU tetapkan DPT Pilkada di Jawa Timur")
    )
    labelled = EnrichPipeline.from_crawler(crawler).process_item(item)
    assert labelled.election["relevant"] is True
    assert {"ikp_dimensions", "issues", "regions", "contest"} <= set(labelled.election)
    assert any(r.get("name") == "Jawa Timur" for r in labelled.election["regions"])


# -------------------------------------------------------------------------------- schema
def exportable(**fields: Any) -> Article:
    """An article as the spider hands it over, through Clean, Election and Enrich: what Schema
    sees."""
    crawler = make_crawler()
    item = article(crawled_at="2024-01-01T00:00:00+00:00", language="id", **fields)
    item = CleanPipeline.from_crawler(crawler).process_item(item)
    item = ElectionPipeline.from_crawler(crawler).process_item(item)
    return EnrichPipeline.from_crawler(crawler).process_item(item)  # type: ignore[no-any-return]


def test_schema_passes_a_valid_article_and_counts_field_coverage() -> None:
    crawler = make_crawler()
    pipeline = SchemaPipeline.from_crawler(crawler)
    item = exportable(authors=["Ahmad"])
    assert pipeline.process_item(item) is item
    assert crawler.stats.get_value("ikpcrawl/coverage/items") == 1
    assert crawler.stats.get_value("ikpcrawl/coverage/published_at") == 1
    assert crawler.stats.get_value("ikpcrawl/coverage/authors") == 1
    assert crawler.stats.get_value("ikpcrawl/dropped") is None


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("id", "not-a-hex-id"),
        ("published_at", "27/12/2022 14:08"),
        ("content_hash", "x"),
        ("crawled_at", ""),
    ],
)
def test_schema_drops_an_invalid_article_counting_the_field(field: str, value: Any) -> None:
    crawler = make_crawler()
    pipeline = SchemaPipeline.from_crawler(crawler)
    item = exportable()
    setattr(item, field, value)
    with pytest.raises(DropItem, match=f"invalid/{field}"):
        pipeline.process_item(item)
    assert crawler.stats.get_value(f"ikpcrawl/dropped/invalid/{field}") == 1
    assert crawler.stats.get_value("ikpcrawl/dropped") == 1
    assert crawler.stats.get_value("ikpcrawl/coverage/items") is None


# ---------------------------------------------------------------------- near duplicates
def test_near_duplicate_links_a_copy_and_not_a_different_text() -> None:
    crawler = make_crawler()
    pipeline = NearDuplicatePipeline.from_crawler(crawler)  # no state dir: in memory
    original = pipeline.process_item(article(id="a" * 16, body=STORY))
    assert original.near_duplicate_of is None and original.similarity is None
    copy = article(id="b" * 16, body=neardup_variants(STORY)["added_boilerplate"])
    pipeline.process_item(copy)
    assert copy.near_duplicate_of == "a" * 16
    assert copy.similarity is not None and 0.5 < copy.similarity <= 1
    other = pipeline.process_item(article(id="c" * 16, body=NOT_ELECTION * 3))
    assert other.near_duplicate_of is None and other.similarity is None
    assert crawler.stats.get_value("ikpcrawl/near_duplicates") == 1
    pipeline.close_spider()


# ------------------------------------------------------ the incremental state, across runs
T1, T2 = "2024-01-01T00:00:00+00:00", "2024-02-01T00:00:00+00:00"


def state_crawler(state_dir: Path, **settings: Any) -> Crawler:
    """A crawler built in the order of a crawl (``Crawler.crawl_async``): the spider first,
    then the settings applied, which builds the extensions: IncrementalState opens the SQLite
    state in ``state_dir``, settles earlier runs of the spider's outlet and opens this run.
    (``get_crawler`` applies the settings before a spider exists: no outlet, no run.)"""
    crawler = Crawler(
        OptikaSpider,
        {
            **get_reactor_settings(),
            "TELNETCONSOLE_ENABLED": False,
            "REMOTE_CONTROL_ENABLED": False,  # as get_crawler (Scrapy 2.19+)
            "MEMUSAGE_ENABLED": False,  # it expects engine_started before engine_stopped
            "ITEM_PIPELINES": {},
            "EXTENSIONS": {"ikpcrawl.store.extension.IncrementalState": 100},
            "IKPCRAWL_STATE_DIR": str(state_dir),
            **settings,
        },
    )
    crawler.spider = OptikaSpider.from_crawler(crawler)
    crawler._apply_settings()
    crawler.stats.open_spider()
    return crawler


def store_of(crawler: Crawler) -> Any:
    state = incremental_state(crawler)
    assert isinstance(state, IncrementalState)
    assert state.store is not None, "the extension opened no store"
    return state.store


def end_run(crawler: Crawler) -> None:
    """What the engine's stop does to the extension: the store closed, the outlet unlocked."""
    crawler.signals.send_catch_log(signal=signals.engine_stopped)
    assert incremental_state(crawler).store is None  # type: ignore[union-attr]


@pytest.fixture
def runs(tmp_path: Path) -> Iterator[list[Crawler]]:
    """Crawlers made with :func:`state_crawler` on ``tmp_path``; the unfinished ones ended."""
    made: list[Crawler] = []
    yield made
    for crawler in made:
        state = incremental_state(crawler)
        if state is not None and state.store is not None:
            end_run(crawler)


def new_run(runs: list[Crawler], state_dir: Path) -> Crawler:
    crawler = state_crawler(state_dir)
    runs.append(crawler)
    return crawler


def export(crawler: Crawler, item: Article) -> Article:
    """Clean -> Incremental -> Stage, as ITEM_PIPELINES orders them."""
    for pipeline in (CleanPipeline, IncrementalPipeline, StagePipeline):
        item = pipeline.from_crawler(crawler).process_item(item)
    return item


def test_the_extension_owns_the_state_of_the_run(tmp_path: Path, runs: list[Crawler]) -> None:
    crawler = new_run(runs, tmp_path)
    state = incremental_state(crawler)
    assert isinstance(state, IncrementalState)
    assert state.run_id
    assert (tmp_path / "state.sqlite").is_file()
    # No state directory: no store; the stateful pipelines let every article through as it is.
    bare = get_crawler(OptikaSpider, {"EXTENSIONS": {IncrementalState: 100}})
    bare.stats.open_spider()
    bare.spider = OptikaSpider.from_crawler(bare)
    assert incremental_state(bare) is not None and incremental_state(bare).store is None  # type: ignore[union-attr]
    item = export(bare, article(crawled_at=T1))
    assert (item.revision, item.first_seen_at) == (1, None)
    assert bare.stats.get_value("ikpcrawl/incremental/new") is None


def test_incremental_new_unchanged_and_changed_across_runs(
    tmp_path: Path, runs: list[Crawler]
) -> None:
    first = new_run(runs, tmp_path)
    item = export(first, article(crawled_at=T1))
    assert (item.revision, item.first_seen_at) == (1, T1)
    assert first.stats.get_value("ikpcrawl/incremental/new") == 1
    store = store_of(first)
    assert store.commit(incremental_state(first).run_id, T1) == 1  # type: ignore[union-attr]
    end_run(first)

    second = new_run(runs, tmp_path)
    with pytest.raises(DropItem, match="unchanged"):
        export(second, article(crawled_at=T2))
    assert second.stats.get_value("ikpcrawl/dropped/unchanged") == 1
    changed = export(
        second, article(body="Optika.id - Isi berita pemilu, diperbarui.", crawled_at=T2)
    )
    assert (changed.revision, changed.first_seen_at) == (2, T1)
    assert second.stats.get_value("ikpcrawl/incremental/updated") == 1
    assert second.stats.get_value("ikpcrawl/incremental/new") is None


def test_stage_stages_under_the_run_and_only_a_commit_makes_it_known(
    tmp_path: Path, runs: list[Crawler]
) -> None:
    crawler = new_run(runs, tmp_path)
    state = incremental_state(crawler)
    assert state is not None
    store = store_of(crawler)
    state.note_lastmod("https://optika.id/a", "2022-12-27T15:00:00+07:00")
    item = export(crawler, article(crawled_at=T1))
    assert store.get(item.canonical_url) is None  # staged, not yet known
    assert store.commit("another-run", T1) == 0  # staged under this run's id only
    assert store.commit(state.run_id, T1) == 1
    known = store.get(item.canonical_url)
    assert known is not None
    assert (known.id, known.outlet, known.content_hash) == (item.id, "optika.id", item.content_hash)
    assert (known.revision, known.first_seen_at, known.exported_at) == (1, T1, T1)
    assert known.lastmod == "2022-12-27T15:00:00+07:00"
    assert state.take_lastmod(item.canonical_url) is None  # taken when staged


def test_an_uncommitted_run_leaves_the_article_new(tmp_path: Path, runs: list[Crawler]) -> None:
    """Staged but never committed (its output never completed): the next run exports it again."""
    first = new_run(runs, tmp_path)
    export(first, article(crawled_at=T1))
    end_run(first)
    second = new_run(runs, tmp_path)
    again = export(second, article(crawled_at=T2))
    assert (again.revision, again.first_seen_at) == (1, T2)
    assert second.stats.get_value("ikpcrawl/incremental/new") == 1


def test_near_duplicates_are_linked_across_runs_beside_the_state(
    tmp_path: Path, runs: list[Crawler]
) -> None:
    first = new_run(runs, tmp_path)
    pipeline = NearDuplicatePipeline.from_crawler(first)
    pipeline.process_item(article(id="a" * 16, body=STORY))
    pipeline.close_spider()
    assert (tmp_path / "neardup.sqlite").is_file()
    end_run(first)
    second = new_run(runs, tmp_path)
    pipeline = NearDuplicatePipeline.from_crawler(second)
    copy = pipeline.process_item(article(id="b" * 16, body=neardup_variants(STORY)["truncated"]))
    assert copy.near_duplicate_of == "a" * 16
    different = pipeline.process_item(article(id="c" * 16, body=NOT_ELECTION * 3))
    assert different.near_duplicate_of is None
    pipeline.close_spider()
