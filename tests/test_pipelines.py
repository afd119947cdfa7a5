from __future__ import annotations

from typing import Any

import pytest
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from ikpcrawl.items import Article
from ikpcrawl.pipelines import CleanPipeline, DateWindowPipeline, DedupePipeline, ValidatePipeline
from ikpcrawl.spiders.optika import OptikaSpider


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
