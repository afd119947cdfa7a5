"""JavaScript rendering: only declared pages go through Chromium, through the mirror as well.

The site ``samples/sites/js.ikpcrawl.test`` builds its listing (from ``api/articles.json``, by
``fetch`` to the real host) and its articles (title, date, author, paragraphs) in the browser,
300 ms after load; its served HTML holds empty containers only. Test-only spiders live in
``tests/spiders/jsdemo.py``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import scrapy
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from ikpcrawl.config import ConfigError
from ikpcrawl.crawl import rendering
from ikpcrawl.outlet import Source
from ikpcrawl.spiders.base import NewsSpider
from ikpcrawl.spiders.optika import OptikaSpider
from tests.conftest import IN_CI, REPO, SAMPLE_SITES, Site, run_crawl
from tests.spiders.jsdemo import JsDemoRetrySpider, JsDemoSpider

HOST = "js.ikpcrawl.test"
SITE = SAMPLE_SITES / HOST
SPIDERS = ("-s", "SPIDER_MODULES=ikpcrawl.spiders,tests.spiders")
SKIP_LINE = "chromium not installed: browser tests will be skipped (run as root: apt-get install -y chromium)"
# The marker every process of one crawl inherits: how leaked Chromium processes are found.
MARKER = "IKPCRAWL_TEST_CRAWL"


def truth() -> dict[str, dict[str, Any]]:
    """What the site's JavaScript shows, by URL: the API documents it renders."""
    docs = (json.loads(p.read_text("utf-8")) for p in (SITE / "api" / "berita").glob("*.json"))
    return {doc["url"]: doc for doc in docs}


def need_browser() -> str:
    """Chromium and scrapy-playwright, or a skip with one line (a failure with CI=true)."""
    executable = rendering.chromium_path()
    problem = rendering.browser_problem(executable)
    if problem:
        line = SKIP_LINE if "Chromium" in problem else problem
        if IN_CI:
            pytest.fail(f"CI=true: {line}")
        pytest.skip(line)
    return executable


@pytest.fixture
def browser() -> str:
    return need_browser()


def crawler_processes(marker: str) -> list[str]:
    """Live processes (not zombies) that inherited ``marker``: a crawl's leftovers."""
    import psutil

    found = []
    for proc in psutil.process_iter(["pid", "name", "status"]):
        try:
            if proc.info["status"] == psutil.STATUS_ZOMBIE:
                continue
            if proc.environ().get(MARKER) == marker:
                found.append(f"{proc.info['pid']} {proc.info['name']}")
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            continue
    return found


def assert_no_leftovers(marker: str) -> None:
    """Chromium (and the Playwright driver) exit with the crawl; allow them a moment."""
    deadline = time.monotonic() + 10
    while (left := crawler_processes(marker)) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not left, f"processes of the crawl still running: {left}"


@pytest.fixture
def crawl_marker() -> Iterator[str]:
    marker = uuid.uuid4().hex
    yield marker
    assert_no_leftovers(marker)


def hits(site: Site, prefix: str) -> int:
    return sum(n for path, n in site.server.hits.snapshot().items() if path.startswith(prefix))


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if "] ERROR:" in line and "Spidermon" not in line]


# ------------------------------------------------------------------------------ settings
def test_debian_chromium_with_flags_that_work_as_root() -> None:
    settings = rendering.settings_from_env({})
    options = settings["PLAYWRIGHT_LAUNCH_OPTIONS"]
    assert options["executable_path"] == "/usr/bin/chromium"
    for flag in ("--no-sandbox", "--disable-dev-shm-usage", "--disable-background-networking"):
        assert flag in options["args"]
    assert settings["IKPCRAWL_RENDER"] is True
    assert settings["IKPCRAWL_RENDER_RETRY_EMPTY_BODY"] is True
    custom = rendering.settings_from_env({"IKPCRAWL_CHROMIUM": "/opt/chromium/chrome"})
    assert custom["PLAYWRIGHT_LAUNCH_OPTIONS"]["executable_path"] == "/opt/chromium/chrome"
    assert rendering.settings_from_env({"IKPCRAWL_RENDER": "false"})["IKPCRAWL_RENDER"] is False
    with pytest.raises(ConfigError, match="IKPCRAWL_RENDER must be true or false"):
        rendering.settings_from_env({"IKPCRAWL_RENDER": "sometimes"})


def test_polite_playwright_defaults() -> None:
    from ikpcrawl import settings

    assert settings.PLAYWRIGHT_MAX_CONTEXTS <= 2
    assert settings.PLAYWRIGHT_MAX_PAGES_PER_CONTEXT <= 4
    assert settings.PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT > 0
    assert settings.PLAYWRIGHT_ABORT_REQUEST == "ikpcrawl.crawl.rendering.should_abort_request"
    # Plain requests keep Scrapy's HTTP/1.1 handler, behind the mirror-aware one.
    assert set(settings.DOWNLOAD_HANDLERS.values()) == {
        "ikpcrawl.crawl.mirror.MirrorDownloadHandler"
    }


class BrowserRequestLike:
    """What should_abort_request reads of a playwright Request."""

    def __init__(self, resource_type: str, url: str = "https://example.com/a") -> None:
        self.resource_type = resource_type
        self.url = url


def aborted(resource_type: str, url: str = "https://example.com/a") -> bool:
    import asyncio

    return asyncio.run(rendering.should_abort_request(BrowserRequestLike(resource_type, url)))


def test_images_fonts_and_media_are_blocked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IKPCRAWL_MIRROR", "http://127.0.0.1:9")  # no DNS for example.com here
    for kind in ("image", "font", "media"):
        assert aborted(kind)
    for kind in ("document", "script", "fetch", "xhr", "stylesheet"):
        assert not aborted(kind)


def test_a_rendered_page_cannot_reach_private_or_internal_addresses(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The same target rules as plain requests, for every request a page's scripts make."""
    monkeypatch.delenv("IKPCRAWL_MIRROR", raising=False)
    for url in (
        "http://169.254.169.254/latest/meta-data/",
        "http://127.0.0.1:6379/",
        "http://10.0.0.5/admin",
        "https://192.168.1.1/",
        "http://localhost:8080/x",
        "http://2130706433/",
        "file:///etc/passwd",
    ):
        assert aborted("fetch", url), url
    assert not aborted("document", "data:text/html,<p>x</p>")


def test_settings_and_plain_crawling_code_do_not_import_playwright() -> None:
    code = (
        "import sys, ikpcrawl.settings, ikpcrawl.crawl.mirror, ikpcrawl.crawl.rendering, ikpcrawl.ops.doctor;"
        "import ikpcrawl.spiders.kumparan;"
        "print(sorted(m for m in sys.modules if 'playwright' in m))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"


# ------------------------------------------------------------------------ the requests
def spider(cls: type[NewsSpider], **settings: Any) -> NewsSpider:
    crawler = get_crawler(cls, settings_dict=settings)
    return cls.from_crawler(crawler)


def test_only_declared_pages_are_rendered() -> None:
    pytest.importorskip("scrapy_playwright")
    demo = spider(JsDemoSpider)
    listing = demo._source_request(demo.outlet.sources[0], priority=1)
    assert listing.meta["playwright"] is True
    (wait,) = listing.meta["playwright_page_methods"]
    assert wait.method == "wait_for_selector"
    assert wait.args == ("#article-list a, div.article-body p",)
    assert wait.kwargs["timeout"] == 5_000
    robots = demo._source_request(Source.robots(f"https://{HOST}/robots.txt"), priority=1)
    assert "playwright" not in robots.meta
    # Listings only: articles are plain HTTP.
    retry = spider(JsDemoRetrySpider)
    assert retry._render_meta("listing")["playwright"] is True
    assert retry._render_meta("article") == {}
    # A plain outlet never renders; nor does a JS outlet with rendering off.
    optika = spider(OptikaSpider)
    assert optika.javascript is None
    assert all("playwright" not in optika._source_request(s, 1).meta for s in optika.outlet.sources)
    off = spider(JsDemoSpider, IKPCRAWL_RENDER=False)
    assert off.javascript is None and off.render_disabled
    assert "playwright" not in off._source_request(off.outlet.sources[0], 1).meta


def test_an_empty_body_is_retried_rendered_once() -> None:
    pytest.importorskip("scrapy_playwright")
    retry = spider(JsDemoRetrySpider)
    url, doc = next(iter(truth().items()))
    path = SITE / url.split(f"{HOST}/", 1)[1]
    request = scrapy.Request(url, meta={"ikp_via": "listing"})
    plain = HtmlResponse(url=url, body=path.read_bytes(), request=request)
    (again,) = list(retry.parse_article(plain))
    assert isinstance(again, scrapy.Request)
    assert again.url == url and again.dont_filter
    assert again.meta["playwright"] is True and again.meta["ikp_render_retry"] is True
    # The rendered answer is final, even if it still had no body.
    rendered = HtmlResponse(url=url, body=path.read_bytes(), request=again)
    (article,) = list(retry.parse_article(rendered))
    assert not isinstance(article, scrapy.Request)
    # Switched off: no retry.
    off = spider(JsDemoRetrySpider, IKPCRAWL_RENDER_RETRY_EMPTY_BODY=False)
    (article,) = list(off.parse_article(plain))
    assert not isinstance(article, scrapy.Request)
    assert doc["title"]


# -------------------------------------------------------------------------- end to end
@pytest.mark.browser
@pytest.mark.e2e
def test_rendered_crawl_gets_every_article(
    browser: str, sample_site: Site, tmp_path: Path, crawl_marker: str
) -> None:
    proc, items, stats = run_crawl(
        "jsdemo", sample_site, tmp_path, *SPIDERS, env={MARKER: crawl_marker}
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert stats["finish_reason"] == "finished"
    expected = truth()
    assert len(expected) == 4
    got = {item["url"]: item for item in items}
    assert len(got) == len(items), "an article was exported twice"
    assert set(got) == set(expected)
    for url, item in got.items():
        doc = expected[url]
        assert item["title"] == doc["title"]
        assert item["published_at"] == doc["published_at"]
        assert item["authors"] == [doc["author"]]
        assert item["section"] == doc["section"]
        assert item["body"] == "\n\n".join(doc["paragraphs"])
        assert item["outlet"] == HOST
        assert item["sources"]["body"] == "selector"
    # Two listing pages (the second found through a link the script inserted) and 4 articles;
    # article 105 never gets its text (its API fails): a render error after the 5 s wait.
    assert stats["ikpcrawl/render/pages"] == 6
    assert stats["ikpcrawl/render/errors"] == 1
    assert stats["ikpcrawl/failed/timeouterror"] == 1
    assert stats["ikpcrawl/discovery/article_links/listing"] == 5
    assert stats["playwright/browser_count"] == 1
    # Every page was closed, the failed one too.
    assert stats["playwright/page_count"] == 7
    assert stats["playwright/page_count/closed"] == 7
    # The browser's sub-requests came from the mirror: the script, the fetch to the real host.
    assert sample_site.hits(f"/{HOST}/static/app.js") >= 1
    assert sample_site.hits(f"/{HOST}/api/articles.json") == 1
    assert sample_site.hits(f"/{HOST}/api/articles-2.json") == 1
    assert hits(sample_site, f"/{HOST}/api/berita/") == 5
    # Images and fonts are never requested; nothing left the mirror's host.
    assert sample_site.hits(f"/{HOST}/static/logo.png") == 0
    assert sample_site.hits(f"/{HOST}/static/demo-sans.woff2") == 0
    assert all(path.startswith(f"/{HOST}/") for path in sample_site.server.hits.snapshot())


@pytest.mark.e2e
def test_plain_crawl_of_a_js_site_gets_nothing_and_says_why(
    sample_site: Site, tmp_path: Path
) -> None:
    proc, items, stats = run_crawl(
        "jsdemo", sample_site, tmp_path, *SPIDERS, env={"IKPCRAWL_RENDER": "false"}
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert stats["finish_reason"] == "finished"
    assert items == []
    assert stats["ikpcrawl/render/disabled"] == 1
    assert stats["ikpcrawl/discovery/empty_listing"] == 1
    assert "ikpcrawl/discovery/article_links/listing" not in stats
    assert "ikpcrawl/render/pages" not in stats
    assert not any(key.startswith("playwright/") for key in stats)
    assert "Rendering is off (IKPCRAWL_RENDER=false)" in proc.stderr
    # No browser ran: the page's script and API were never requested.
    assert sample_site.hits(f"/{HOST}/static/app.js") == 0
    assert hits(sample_site, f"/{HOST}/api/") == 0


@pytest.mark.browser
@pytest.mark.e2e
def test_articles_without_static_body_are_retried_rendered(
    browser: str, sample_site: Site, tmp_path: Path, crawl_marker: str
) -> None:
    proc, items, stats = run_crawl(
        "jsdemo_retry", sample_site, tmp_path, *SPIDERS, env={MARKER: crawl_marker}
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    expected = truth()
    assert {item["url"] for item in items} == set(expected)
    for item in items:
        assert item["body"] == "\n\n".join(expected[item["url"]]["paragraphs"])
    assert stats["ikpcrawl/render/retried_empty_body"] == 5
    # 2 listing pages + 4 articles rendered on their second fetch (105 never renders).
    assert stats["ikpcrawl/render/pages"] == 6
    assert stats["ikpcrawl/render/errors"] == 1
    assert stats.get("ikpcrawl/dropped/missing_body", 0) == 0


@pytest.mark.e2e
def test_missing_browser_is_one_clear_line(sample_site: Site, tmp_path: Path) -> None:
    proc, items, stats = run_crawl(
        "jsdemo", sample_site, tmp_path, *SPIDERS, env={"IKPCRAWL_CHROMIUM": "/nonexistent/chr"}
    )
    assert items == []
    assert stats["finish_reason"] == "browser_unavailable"
    assert stats["ikpcrawl/render/unavailable"] == 1
    errors = error_lines(proc.stderr)
    assert len(errors) == 1, errors
    assert errors[0].endswith(
        "Chromium not found at /nonexistent/chr: apt-get install -y chromium,"
        " or set IKPCRAWL_CHROMIUM"
    )
    # Checked before the first request: the site was never asked for a page.
    assert hits(sample_site, f"/{HOST}/indeks") == 0


@pytest.mark.e2e
def test_broken_browser_is_one_clear_line(
    sample_site: Site, tmp_path: Path, crawl_marker: str
) -> None:
    pytest.importorskip("scrapy_playwright")
    broken = tmp_path / "chromium"
    broken.write_text("#!/bin/sh\necho 'chromium: cannot open shared object file' >&2\nexit 127\n")
    broken.chmod(0o755)
    proc, items, stats = run_crawl(
        "jsdemo",
        sample_site,
        tmp_path / "out",
        *SPIDERS,
        env={"IKPCRAWL_CHROMIUM": str(broken), MARKER: crawl_marker},
    )
    assert items == []
    assert stats["finish_reason"] == "browser_unavailable"
    errors = error_lines(proc.stderr)
    assert len(errors) == 1, errors
    assert f"Chromium at {broken} does not start" in errors[0]
    assert "apt-get install -y chromium, or set IKPCRAWL_CHROMIUM" in errors[0]


# Installed in a crawl subprocess through PYTHONPATH: scrapy-playwright and Playwright absent.
BLOCK_PLAYWRIGHT = textwrap.dedent(
    """
    import sys

    class _Absent:
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in ("scrapy_playwright", "playwright"):
                raise ModuleNotFoundError(f"No module named {name!r}")
            return None

    sys.meta_path.insert(0, _Absent())
    """
)


@pytest.mark.e2e
def test_plain_outlets_work_without_browser_or_scrapy_playwright(
    sample_site: Site, tmp_path: Path
) -> None:
    (tmp_path / "block").mkdir()
    (tmp_path / "block" / "sitecustomize.py").write_text(BLOCK_PLAYWRIGHT)
    env = {
        "PYTHONPATH": os.pathsep.join([str(tmp_path / "block"), os.environ.get("PYTHONPATH", "")]),
        "IKPCRAWL_CHROMIUM": "/nonexistent/chromium",
    }
    proc, items, stats = run_crawl("optika", sample_site, tmp_path / "optika", env=env)
    assert proc.returncode == 9, proc.stderr[-3000:]  # the sample site's one 500 page
    assert stats["finish_reason"] == "finished"
    assert items, "the plain outlet exported nothing"
    assert not any(key.startswith(("ikpcrawl/render/", "playwright/")) for key in stats)
    # The JS outlet, on the same machine: one line naming the fix.
    proc, items, stats = run_crawl("jsdemo", sample_site, tmp_path / "js", *SPIDERS, env=env)
    assert items == []
    assert stats["finish_reason"] == "browser_unavailable"
    errors = error_lines(proc.stderr)
    assert len(errors) == 1, errors
    assert "scrapy-playwright is not installed: pip install scrapy-playwright" in errors[0]
