"""The hostile web: faults, politeness under load, unsafe targets, bad configuration.

Crawls run as ``scrapy crawl`` subprocesses through ``IKPCRAWL_MIRROR`` against the fault-injection
server of tests/faultserver.py (one made-up host, ``hostile.ikpcrawl.test``), with the test-only
spiders of tests/spiders/hostile.py. Each crawl runs once per module; the tests read its result.

The site serves, among normal articles: 5xx and 429 (Retry-After) that recover, a connection
reset, a stall past the timeout, a truncated body, legacy encodings with and without a declared
charset, malformed and 10 000-deep HTML, an empty 200, 20 MB pages, a gzip bomb, redirect loops and
chains, redirects to unsafe targets, invalid / XXE / corrupt-gzip sitemaps, a feed with broken
entries and a robots.txt that disallows /private/.
"""

from __future__ import annotations

import ipaddress
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import jsonschema
import pytest
from scrapy import Request
from scrapy.http import Response
from scrapy.settings import Settings

from ikpcrawl.crawl.middlewares import (
    RetryAfterMiddleware,
    SafeTargetMiddleware,
    UnsafeTarget,
    is_public,
)
from tests import faultserver as fs
from tests.conftest import REPO

SCHEMA = json.loads((REPO / "ikpcrawl" / "schema" / "article.schema.json").read_text("utf-8"))
SPIDER_MODULES = "SPIDER_MODULES=ikpcrawl.spiders,tests.spiders"
NOT_FETCHED = re.compile(r"Article not fetched \(([^)]+)\): (\S+)")
DROPPED = re.compile(r"\bDropped ([\w/]+): (\S+)")


# ------------------------------------------------------------------------------- helpers
@dataclass
class Crawl:
    proc: subprocess.CompletedProcess[str]
    lines: list[str]  # every JSONL line written, raw
    stats: dict[str, Any]
    server: fs.FaultServer
    out: Path
    items: list[dict[str, Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.items = [json.loads(line) for line in self.lines if _parses(line)]

    def reasons(self) -> dict[str, list[str]]:
        """URL -> every reason the crawl logged for not exporting it (not fetched, dropped).

        A redirected request is logged under the URL it was redirected to or the one linked:
        both count for the linked URL."""
        found: dict[str, list[str]] = {}
        for pattern in (NOT_FETCHED, DROPPED):
            for reason, url in pattern.findall(self.proc.stderr):
                found.setdefault(url, []).append(reason)
        for slug, target in fs.UNSAFE_REDIRECTS.items():
            if target in found:
                found.setdefault(f"{fs.SITE}/{slug}", []).extend(found.pop(target))
        return found

    def stat(self, key: str) -> int:
        return int(self.stats.get(key, 0))


def _parses(line: str) -> bool:
    try:
        json.loads(line)
    except ValueError:
        return False
    return True


def crawl(
    spider: str,
    server: fs.FaultServer,
    out: Path,
    *args: str,
    env: dict[str, str] | None = None,
    mirror: bool = True,
) -> Crawl:
    """``scrapy crawl <spider>`` in a subprocess, through the fault server as the mirror."""
    stats_file = out / "stats.json"
    full_env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("IKPCRAWL_")},
        "IKPCRAWL_MIRROR": server.base_url if mirror else "",
        "IKPCRAWL_OUTPUT_DIR": str(out),
        "IKPCRAWL_STATS_FILE": str(stats_file),
        "IKPCRAWL_DOWNLOAD_DELAY": "0",
        "IKPCRAWL_AUTOTHROTTLE": "false",
        "IKPCRAWL_TIMEOUT": "2",
        "IKPCRAWL_LOG_LEVEL": "INFO",
        **(env or {}),
    }
    proc = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", spider, "-s", SPIDER_MODULES, *args],
        cwd=REPO,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    lines = [
        line
        for path in sorted(out.rglob("*.jsonl"))
        for line in path.read_text("utf-8").splitlines()
    ]
    stats = json.loads(stats_file.read_text("utf-8")) if stats_file.exists() else {}
    return Crawl(proc, lines, stats, server, out)


def _traceback_tail(text: str) -> str:
    """The end of the first traceback in ``text`` (its last frames and the exception)."""
    start = text.find("Traceback")
    if start < 0:
        return ""
    lines = text[start:].splitlines()
    end = next((i for i, line in enumerate(lines[1:], 1) if not line.startswith(" ")), 1)
    return "\n".join(lines[max(1, end - 4) : end + 1])


def site_path(slug: str) -> str:
    return f"/{fs.HOST}/{slug}"


# ------------------------------------------------------------------ the hostile crawl
@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawl]:
    server = fs.serve({})
    server.routes.update(fs.hostile_site(server.base_url))
    try:
        # A site that answers 503/429 keeps the crawl slowed down; capping the wait keeps this
        # test short (Retry-After itself is checked by test_retry_after_slows_the_site_down).
        yield crawl(
            "hostile",
            server,
            tmp_path_factory.mktemp("hostile"),
            "-s",
            "IKPCRAWL_MAX_RETRY_AFTER=0.5",
            # The fault site's pages name no authors: no coverage check for them.
            "-s",
            'IKPCRAWL_MONITOR_COVERAGE={"published_at": 0.8, "authors": 0, "body": 1.0}',
        )
    finally:
        server.stop()


@pytest.mark.e2e
def test_crawl_finishes_without_errors(hostile: Crawl) -> None:
    # Every servable article is written; the site broke almost half the others (resets, 5xx,
    # truncation), so the error-rate check fails: exit 6, and the last line says which check.
    assert hostile.proc.returncode == 6, hostile.proc.stderr[-3000:]
    last = hostile.proc.stderr.strip().splitlines()[-1]
    assert "17 article(s) written, but checks failed: errors: 16 of 35 articles" in last, last
    assert hostile.stats["finish_reason"] == "finished"
    # A hostile document is counted and skipped, never an exception in a callback.
    errors = [line for line in hostile.proc.stderr.splitlines() if "Spider error" in line]
    assert not errors, "\n".join(errors) + "\n" + _traceback_tail(hostile.proc.stderr)
    assert "Traceback" not in hostile.proc.stderr, _traceback_tail(hostile.proc.stderr)
    exceptions = hostile.stat("spider_exceptions/count")
    assert exceptions == 0, exceptions
    assert not list(hostile.out.rglob("*.part")), "a temporary feed file was left behind"


@pytest.mark.e2e
def test_exports_every_servable_article_exactly_once(hostile: Crawl) -> None:
    urls = [item["canonical_url"] for item in hostile.items]
    assert len(urls) == len(set(urls)), "an article was exported twice"
    assert set(urls) == set(fs.EXPORTED)


@pytest.mark.e2e
@pytest.mark.parametrize("url", sorted(fs.EXPORTED), ids=lambda u: u.rsplit("/", 1)[-1])
def test_exported_text_is_exact(hostile: Crawl, url: str) -> None:
    """Title and body exactly as written, whatever the page's encoding or markup."""
    truth = fs.EXPORTED[url]
    found = [item for item in hostile.items if item["canonical_url"] == url]
    assert found, f"{url} was not exported"
    item = found[0]
    assert item["url"] == truth.url  # the final URL after redirects
    assert item["outlet"] == "hostile.ikpcrawl.test"
    assert item["title"].encode("utf-8") == truth.title.encode("utf-8")
    assert item["body"].encode("utf-8") == truth.body.encode("utf-8")
    assert item["published_at"] == truth.published_at


@pytest.mark.e2e
@pytest.mark.parametrize("slug", sorted(fs.NEVER_SERVED))
def test_unservable_article_is_counted_once_with_a_reason(hostile: Crawl, slug: str) -> None:
    """What could not be had is said once, with a reason that is a stats key."""
    url = f"{fs.SITE}/{slug}"
    reasons = hostile.reasons().get(url, [])
    assert len(reasons) == 1, f"{slug}: logged reasons {reasons} (expected exactly one)"
    reason = reasons[0]
    counted = hostile.stat(f"ikpcrawl/failed/{reason}") + hostile.stat(f"ikpcrawl/dropped/{reason}")
    assert counted, f"{slug}: reason {reason!r} is not in the stats"
    # The reasons the README documents.
    cause = fs.NEVER_SERVED[slug]
    documented = {"timeout": {"timeout"}, "http_500": {"http_500"}, "http_404": {"http_404"}}
    documented["empty"] = {"missing_title", "missing_body"}
    if cause in documented:
        assert reason in documented[cause], f"{slug}: {reason!r}, expected {documented[cause]}"


@pytest.mark.e2e
def test_failure_reasons_tell_causes_apart(hostile: Crawl) -> None:
    """One cause, one reason; different causes, different reasons ("by reason" means that)."""
    logged = hostile.reasons()
    by_cause: dict[str, set[str]] = {}
    for slug, cause in fs.NEVER_SERVED.items():
        by_cause.setdefault(cause, set()).update(logged.get(f"{fs.SITE}/{slug}", []))
    problems = [f"{c}: never counted" for c, reasons in by_cause.items() if not reasons]
    problems += [
        f"{c}: counted under several reasons {sorted(r)}" for c, r in by_cause.items() if len(r) > 1
    ]
    causes_of: dict[str, set[str]] = {}
    for cause, reasons in by_cause.items():
        for reason in reasons:
            causes_of.setdefault(reason, set()).add(cause)
    # Refused redirects (IP, scheme, offsite) may share one reason ("refused"); nothing else.
    problems += [
        f"reason {r!r} covers different causes {sorted(c)}"
        for r, c in causes_of.items()
        if len(c) > 1 and not c <= fs.REFUSED_REDIRECTS
    ]
    assert not problems, "\n".join(problems)


@pytest.mark.e2e
def test_failed_total_matches_reasons(hostile: Crawl) -> None:
    reasons = {k: v for k, v in hostile.stats.items() if k.startswith("ikpcrawl/failed/") and v}
    total = hostile.stat("ikpcrawl/failed")
    assert total == sum(reasons.values()), reasons
    articles = [s for s, cause in fs.NEVER_SERVED.items() if cause != "empty"]
    assert total == len(articles), f"{total} failed, {len(articles)} unservable: {reasons}"


@pytest.mark.e2e
def test_discovery_survives_broken_documents(hostile: Crawl) -> None:
    prefix = "ikpcrawl/discovery/"
    counts = {k[len(prefix) :]: v for k, v in hostile.stats.items() if k.startswith(prefix)}
    # The sitemap that is not XML and the .xml.gz that is not gzip are each counted as invalid.
    assert counts.get("invalid_sitemap") == 2, counts
    # The articles sitemap, the XXE one (entities are never expanded or fetched) and the gzipped.
    assert counts.get("urlset") == 3, counts
    assert hostile.server.hits(site_path("xxe-probe")) == 0
    assert counts.get("feed") == 1, counts
    # The listing's page 2 links back to page 1: max_pages (3) bounds the loop.
    assert counts.get("listing_page") == 3, counts
    # Sitemaps named twice (robots.txt and the index, the index naming itself) are read once.
    assert hostile.server.hits(site_path("sitemap_index.xml")) == 1
    assert hostile.server.hits(site_path("sitemap-articles.xml")) == 1


@pytest.mark.e2e
def test_nothing_disallowed_offsite_or_unsafe_is_requested(hostile: Crawl) -> None:
    hits = hostile.server.hit_paths()
    elsewhere = sorted(p for p in hits if not p.startswith(f"/{fs.HOST}/"))
    assert not elsewhere, f"requests for other hosts reached the mirror: {elsewhere}"
    private = sorted(p for p in hits if p.startswith(site_path("private/")))
    assert not private, f"robots.txt disallows /private/, yet: {private}"
    assert not [i["url"] for i in hostile.items if "/private/" in i["url"]]
    for slug in fs.NEVER_SERVED:
        if fs.NEVER_SERVED[slug] in fs.REFUSED_REDIRECTS:
            assert hits.get(site_path(slug), 0) == 1, slug  # the redirect itself, once


@pytest.mark.e2e
def test_unsafe_targets_are_refused_and_counted(hostile: Crawl) -> None:
    refused = {k: v for k, v in hostile.stats.items() if k.startswith("ikpcrawl/refused/")}
    # A sitemap (requested with dont_filter) redirecting to the metadata address.
    assert refused.get("ikpcrawl/refused/ip_redirect", 0) >= 1, refused
    forbidden = hostile.stat("robotstxt/forbidden")
    assert forbidden == 3, forbidden  # secret-1 (listing), secret-2 (feed), secret-3 (redirect)


@pytest.mark.e2e
def test_retries_recover_transient_faults(hostile: Crawl) -> None:
    assert hostile.server.hits(site_path("flaky-503")) == 3
    assert hostile.server.hits(site_path("slow-429")) == 2
    assert hostile.server.hits(site_path("reset-once")) == 2
    # Faults that never recover are tried 1 + RETRY_TIMES (3) times, no more.
    for slug in ("stall", "truncated", "always-500"):
        assert hostile.server.hits(site_path(slug)) == 4, slug
    # Too large is final: a 20 MB page is not fetched again.
    for slug in ("huge", "huge-unannounced", "gzip-bomb"):
        assert hostile.server.hits(site_path(slug)) == 1, slug


@pytest.mark.e2e
def test_politeness_holds_during_the_hostile_crawl(hostile: Crawl) -> None:
    most = hostile.server.max_open()
    assert 1 <= most <= 2, most
    slowed = hostile.stat("ikpcrawl/politeness/slowed_down")
    assert slowed >= 3, slowed  # 503, 503, 429


@pytest.mark.e2e
@pytest.mark.parametrize("name", ["hostile", "unparsable", "polite", "slowed"])
def test_every_jsonl_line_validates(request: pytest.FixtureRequest, name: str) -> None:
    result: Crawl = request.getfixturevalue(name)
    # (What each crawl must export is checked by its own tests; here: what it wrote is valid.)
    for line in result.lines:
        jsonschema.validate(json.loads(line), SCHEMA)
    assert not list(result.out.rglob("*.part")), "a temporary feed file was left behind"


@pytest.mark.e2e
def test_run_summary_counts_failures_by_reason(hostile: Crawl) -> None:
    """`ikpcrawl run` summarises each outlet's crawl stats: it must say why articles failed."""
    from ikpcrawl.ops.summary import OutletResult, render_summary, summarise

    result = OutletResult("hostile", "hostile.ikpcrawl.test", exit_code=0, duration_s=1.0)
    summarise(result, hostile.stats)
    text = render_summary("test-run", [result], 0)
    payload = json.dumps(asdict(result))
    reasons = [
        k.split("/", 2)[2]
        for k, v in hostile.stats.items()
        if k.startswith(("ikpcrawl/failed/", "ikpcrawl/dropped/")) and v
    ]
    assert reasons
    missing = [r for r in reasons if r not in text or f'"{r}"' not in payload]
    assert not missing, f"reasons missing from the run summary: {missing}\n{text}"


# ------------------------------------------------------- one unparsable link per document
@pytest.fixture(scope="module")
def unparsable(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawl]:
    server = fs.serve(fs.unparsable_site())
    try:
        yield crawl("hostile", server, tmp_path_factory.mktemp("unparsable"))
    finally:
        server.stop()


@pytest.mark.e2e
@pytest.mark.parametrize("source", ["sitemap", "feed", "listing"])
def test_one_unparsable_link_costs_nothing_else(unparsable: Crawl, source: str) -> None:
    """A link urllib cannot parse ("http://[::1/x") in a sitemap, feed or listing is skipped:
    the articles before and after it in the same document are still exported."""
    assert unparsable.proc.returncode == expected_exit(unparsable.stats), unparsable.proc.stderr[
        -3000:
    ]
    exported = {item["canonical_url"] for item in unparsable.items}
    wanted = {fs.UNPARSABLE_OK[source].url, fs.ONLY_IN[source].url}
    assert wanted <= exported, f"lost from the {source}: {sorted(wanted - exported)}"
    document = {"sitemap": "/sitemap_index.xml", "feed": "/feed.xml", "listing": "/indeks/"}
    errors = [
        line
        for line in unparsable.proc.stderr.splitlines()
        if "Spider error" in line and document[source] in line
    ]
    assert not errors, "\n".join(errors) + "\n" + _traceback_tail(unparsable.proc.stderr)


# ------------------------------------------------------------------------- politeness
@pytest.fixture(scope="module")
def polite(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawl]:
    """30 articles that each take 0.5 s to answer: enough load to need the concurrency cap."""
    server = fs.serve(fs.politeness_site(30, {}, think_s=0.5))
    try:
        yield crawl(
            "hostile_polite",
            server,
            tmp_path_factory.mktemp("polite"),
            env={"IKPCRAWL_CONCURRENCY_PER_DOMAIN": "2", "IKPCRAWL_DOWNLOAD_DELAY": "0.2"},
        )
    finally:
        server.stop()


@pytest.mark.e2e
def test_concurrency_and_delay_are_never_exceeded(polite: Crawl) -> None:
    assert polite.proc.returncode == expected_exit(polite.stats), polite.proc.stderr[-3000:]
    assert len(polite.items) == 30
    # Requests overlapped (the test has load), and never more than 2 at once.
    assert polite.server.max_open() == 2
    gaps = list(fs.iter_gaps(polite.server.starts))
    # DOWNLOAD_DELAY 0.2 s randomised to 0.1-0.3 s between request starts.
    assert statistics.median(gaps) >= 0.1, gaps
    assert min(gaps) >= 0.05, gaps


@pytest.fixture(scope="module")
def slowed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawl]:
    server = fs.serve(fs.politeness_site(6, {"polite-2": "2", "polite-5": "2"}))
    try:
        yield crawl(
            "hostile_polite",
            server,
            tmp_path_factory.mktemp("slowed"),
            env={"IKPCRAWL_CONCURRENCY_PER_DOMAIN": "2", "IKPCRAWL_DOWNLOAD_DELAY": "0.2"},
        )
    finally:
        server.stop()


@pytest.mark.e2e
def test_retry_after_slows_the_site_down(slowed: Crawl) -> None:
    assert slowed.proc.returncode == expected_exit(slowed.stats), slowed.proc.stderr[-3000:]
    assert len(slowed.items) == 6
    slowed_down = slowed.stat("ikpcrawl/politeness/slowed_down")
    assert slowed_down >= 2, slowed_down
    answered_429 = [t for t, _, status in slowed.server.answers if status == 429]
    assert len(answered_429) == 2
    starts = [t for t, _ in slowed.server.starts]
    for moment in answered_429:
        later = [t for t in starts if t > moment]
        assert later
        # "Retry-After: 2": no request to the site for 2 s (a little slack for clocks).
        assert min(later) - moment >= 1.9, f"next request {min(later) - moment:.2f}s after 429"


def _slot_and_middleware(delay: float) -> tuple[Any, RetryAfterMiddleware]:
    from scrapy.core.downloader import Slot

    try:
        slot = Slot(2, delay, jitter=0.5)
    except TypeError:  # Scrapy < 2.14
        slot = Slot(2, delay, True)
    crawler = SimpleNamespace(
        settings=Settings({"IKPCRAWL_MAX_RETRY_AFTER": 120.0}),
        engine=SimpleNamespace(downloader=SimpleNamespace(slots={"site": slot})),
        stats=None,
    )
    return slot, RetryAfterMiddleware(crawler)  # type: ignore[arg-type]


def test_retry_after_is_a_floor_that_jitter_cannot_shorten(monkeypatch: pytest.MonkeyPatch) -> None:
    """Deterministic: the earliest moment the slot can release its next request, with the
    delay's random jitter at its lowest, is still ``Retry-After`` seconds away."""
    from scrapy.core import downloader

    clock = getattr(downloader, "monotonic", None) or downloader.time  # type: ignore[attr-defined]
    slot, middleware = _slot_and_middleware(0.2)
    slot.lastseen = clock()  # a request just left
    request = Request("https://hostile.ikpcrawl.test/x", meta={"download_slot": "site"})
    response = Response(request.url, status=429, headers={"Retry-After": "2"}, request=request)
    middleware.process_response(request, response)
    monkeypatch.setattr(random, "uniform", lambda low, high: low)
    earliest = slot.lastseen + slot.download_delay() - clock()
    assert earliest >= 1.95, f"next request possible after {earliest:.2f}s despite Retry-After: 2"


# ------------------------------------------------------------------ unsafe targets
def loopback_name() -> str:
    """A host name (not "localhost", which is refused by name) that resolves only to loopback
    addresses on this machine: /etc/hosts usually has one (the host name, ip6-localhost)."""
    names = [socket.gethostname(), "ip6-localhost", "localhost.localdomain"]
    try:
        for line in Path("/etc/hosts").read_text("utf-8").splitlines():
            fields = line.split("#", 1)[0].split()
            if len(fields) > 1 and (fields[0].startswith("127.") or fields[0] == "::1"):
                names.extend(fields[1:])
    except OSError:
        pass
    for name in names:
        lowered = name.lower()
        if lowered == "localhost" or lowered.endswith((".localhost", ".local", ".internal")):
            continue
        try:
            infos = socket.getaddrinfo(name, None, type=socket.SOCK_STREAM)
        except OSError:
            continue
        if infos and all(ipaddress.ip_address(i[4][0]).is_loopback for i in infos):
            return name
    return "localhost"  # refused by name: still no request may reach the server


@pytest.mark.e2e
def test_hostname_resolving_to_a_private_address_is_refused(tmp_path: Path) -> None:
    """Without a mirror names are resolved: one that resolves to 127.0.0.1 is never contacted."""
    server = fs.serve({})
    try:
        name = loopback_name()
        port = server.server_address[1]
        result = crawl(
            "hostile_direct", server, tmp_path, "-a", f"base=http://{name}:{port}", mirror=False
        )
    finally:
        server.stop()
    assert result.proc.returncode == expected_exit(result.stats), result.proc.stderr[-3000:]
    assert result.server.hit_paths() == {}, f"{name} was contacted"
    refused = result.stat("ikpcrawl/refused/private_address")
    assert refused >= 1, (name, result.stats)


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("8.8.8.8", True),
        ("2001:4860:4860::8888", True),
        ("10.0.0.1", False),
        ("172.16.5.4", False),
        ("192.168.1.1", False),
        ("127.0.0.1", False),
        ("::1", False),
        ("169.254.169.254", False),
        ("fe80::1", False),
        ("fd00:ec2::254", False),
        ("0.0.0.0", False),
        ("::ffff:127.0.0.1", False),
        ("::ffff:10.1.2.3", False),
        ("224.0.0.1", False),
        ("100.64.0.1", False),  # carrier-grade NAT (RFC 6598): not reachable from the internet
        ("100.100.100.200", False),  # Alibaba Cloud's instance metadata address
        ("198.18.0.1", False),  # benchmarking (RFC 2544)
    ],
)
def test_is_public(address: str, public: bool) -> None:
    assert is_public(address) is public


def _safe_target(mirror: str = "") -> tuple[SafeTargetMiddleware, dict[str, int]]:
    counts: dict[str, int] = {}
    stats = SimpleNamespace(
        inc_value=lambda key, n=1: counts.__setitem__(key, counts.get(key, 0) + n)
    )
    crawler = SimpleNamespace(settings=Settings({"IKPCRAWL_MIRROR": mirror}), stats=stats)
    return SafeTargetMiddleware(crawler), counts  # type: ignore[arg-type]


def _run(coro: Any) -> Any:
    import asyncio

    return asyncio.run(coro)


UNSAFE_URLS = [
    ("http://10.0.0.1/x", "ip_literal"),
    ("http://127.0.0.1:9/x", "ip_literal"),
    ("http://[::1]/x", "ip_literal"),
    ("http://169.254.169.254/latest/meta-data", "ip_literal"),
    ("http://[::ffff:169.254.169.254]/x", "ip_literal"),
    ("http://8.8.8.8/x", "ip_literal"),
    ("ftp://hostile.ikpcrawl.test/x", "scheme"),
    ("file:///etc/passwd", "scheme"),
    ("data:text/html,<h1>x</h1>", "scheme"),
    ("http://localhost/x", "private_address"),
    ("http://metadata.google.internal/x", "private_address"),
]


@pytest.mark.parametrize("mirror", ["", "http://127.0.0.1:8000"], ids=["direct", "mirror"])
@pytest.mark.parametrize(("url", "reason"), UNSAFE_URLS, ids=[u for u, _ in UNSAFE_URLS])
def test_safe_target_refuses(url: str, reason: str, mirror: str) -> None:
    middleware, counts = _safe_target(mirror)
    with pytest.raises(UnsafeTarget) as refused:
        _run(middleware.process_request(Request(url)))
    assert refused.value.reason == reason
    assert counts == {f"ikpcrawl/refused/{reason}": 1}


# IPv4 spellings that resolvers accept (inet_aton): IP literals in disguise. Without a mirror
# they are contacted as written, so they must be refused like any IP literal.
DISGUISED_IPS = [
    "http://2130706433/x",  # 127.0.0.1
    "http://0x7f.0.0.1/x",  # 127.0.0.1
    "http://127.1/x",  # 127.0.0.1
    "http://0251.0376.0251.0376/x",  # 169.254.169.254
    "http://134744072/x",  # 8.8.8.8: public, but still an IP literal
]


@pytest.mark.parametrize("url", DISGUISED_IPS)
def test_safe_target_refuses_disguised_ip_literals(url: str) -> None:
    middleware, counts = _safe_target()
    with pytest.raises(UnsafeTarget) as refused:
        _run(middleware.process_request(Request(url)))
    assert refused.value.reason == "ip_literal"
    assert counts == {"ikpcrawl/refused/ip_literal": 1}


def test_safe_target_resolves_names_without_a_mirror(monkeypatch: pytest.MonkeyPatch) -> None:
    import asyncio

    answers = {
        "intranet.example": ["10.1.2.3"],
        "mixed.example": ["93.184.216.34", "192.168.0.10"],
        "news.example": ["93.184.216.34"],
    }

    async def fake_getaddrinfo(host: str, port: Any, **kwargs: Any) -> list[Any]:
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, 0)) for a in answers[host]]

    async def check(url: str) -> None:
        loop = asyncio.get_running_loop()
        monkeypatch.setattr(loop, "getaddrinfo", fake_getaddrinfo)
        await middleware.process_request(Request(url))

    middleware, counts = _safe_target()
    for host in ("intranet.example", "mixed.example"):
        with pytest.raises(UnsafeTarget):
            _run(check(f"https://{host}/x"))
    _run(check("https://news.example/x"))
    assert counts == {"ikpcrawl/refused/private_address": 2}
    # In mirror mode names are not resolved: only the mirror is reached.
    middleware, counts = _safe_target("http://127.0.0.1:8000")
    _run(check("https://intranet.example/x"))
    assert counts == {}


# --------------------------------------------------------------- bad configuration
@dataclass(frozen=True)
class BadCase:
    argv: tuple[str, ...]
    env: tuple[tuple[str, str], ...] = ()
    mentions: str = ""


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


SCRAPY = (sys.executable, "-m", "scrapy")
IKPCRAWL = (sys.executable, "-m", "ikpcrawl")
BAD_CASES = {
    "unknown-spider": BadCase((*SCRAPY, "crawl", "nope"), mentions="nope"),
    "bad-date": BadCase((*SCRAPY, "crawl", "optika", "-a", "since=2024-13-40"), mentions="since"),
    "unknown-outlet": BadCase((*IKPCRAWL, "run", "--outlets", "nope"), mentions="nope"),
    "output-is-a-file": BadCase(
        (*IKPCRAWL, "run", "--outlets", "optika", "--output", "{tmp}/a-file"), mentions="a-file"
    ),
    "bad-concurrency": BadCase(
        (*SCRAPY, "list"), (("IKPCRAWL_CONCURRENCY", "abc"),), "IKPCRAWL_CONCURRENCY"
    ),
    "bad-mirror": BadCase((*SCRAPY, "list"), (("IKPCRAWL_MIRROR", "ftp://x"),), "IKPCRAWL_MIRROR"),
    "bad-cron": BadCase((*IKPCRAWL, "schedule", "--cron", "61 * * * *"), mentions="61 * * * *"),
    "bad-redis-url-scrapy": BadCase(
        (*SCRAPY, "list"), (("IKPCRAWL_REDIS_URL", "notaurl"),), "IKPCRAWL_REDIS_URL"
    ),
    "bad-redis-url": BadCase(
        (*IKPCRAWL, "run", "--outlets", "optika"),
        (("IKPCRAWL_REDIS_URL", "notaurl"),),
        "IKPCRAWL_REDIS_URL",
    ),
}


@pytest.fixture(scope="module")
def bad_runs(
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, subprocess.CompletedProcess[str]]:
    """Every bad case at once (each is its own process), so the slow ones overlap."""
    tmp = tmp_path_factory.mktemp("bad")
    (tmp / "a-file").write_text("not a directory")
    dead_mirror = f"http://127.0.0.1:{_closed_port()}"
    running = {}
    for name, case in BAD_CASES.items():
        argv = [a.replace("{tmp}", str(tmp)) for a in case.argv]
        if argv[2:4] == ["ikpcrawl", "run"] and "--output" not in argv:
            argv += ["--output", str(tmp / name / "out")]
        if argv[2:4] == ["ikpcrawl", "run"]:
            argv += ["--state", str(tmp / name / "state")]
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("IKPCRAWL_")},
            # Should a bad value slip through, nothing leaves this machine and it ends soon.
            "IKPCRAWL_MIRROR": dead_mirror,
            "IKPCRAWL_TIMEOUT": "1",
            "IKPCRAWL_DOWNLOAD_DELAY": "0",
            "IKPCRAWL_CRONTAB_FILE": str(tmp / name / "crontab"),
            **dict(case.env),
        }
        running[name] = subprocess.Popen(
            argv,
            cwd=REPO,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
    done = {}
    for name, process in running.items():
        try:
            stdout, stderr = process.communicate(timeout=120)
        except subprocess.TimeoutExpired:
            process.kill()
            stdout, stderr = process.communicate()
        done[name] = subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)
    return done


@pytest.mark.parametrize("name", sorted(BAD_CASES))
def test_bad_configuration_is_one_line_and_exit_2(
    bad_runs: dict[str, subprocess.CompletedProcess[str]], name: str
) -> None:
    proc = bad_runs[name]
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert "Traceback" not in proc.stderr, _traceback_tail(proc.stderr)
    assert proc.returncode == 2, f"exit {proc.returncode}; stderr: {proc.stderr[-1500:]}"
    assert len(lines) == 1, f"{len(lines)} stderr lines:\n" + "\n".join(lines[:20])
    assert BAD_CASES[name].mentions in lines[0]


def expected_exit(stats: dict[str, Any]) -> int:
    """The contract: 7 when nothing could be fetched; 6 when a health check failed; else 9 (partial) when a request failed for
    the site's fault (network, 5xx, 429); 0 when every failure was a refusal by policy or a
    page that is gone."""
    failed = [
        k.rsplit("/", 1)[1]
        for k in stats
        if k.startswith(("ikpcrawl/failed/", "ikpcrawl/discovery/failed/"))
    ]
    site_fault = [
        r
        for r in failed
        if r in ("timeout", "dns", "refused", "connection", "data_loss")
        or r == "http_429"
        or r.startswith("http_5")
    ]
    fetched = int(stats.get("ikpcrawl/articles/extracted", 0)) + sum(
        int(stats.get(f"ikpcrawl/discovery/{kind}", 0))
        for kind in ("robots", "sitemapindex", "urlset", "feed", "listing_page")
    )
    if not fetched:
        return 7
    if stats.get("ikpcrawl/monitors/failed"):
        return 6
    return 9 if site_fault else 0
