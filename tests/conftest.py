from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
SAMPLE_SITES = REPO / "samples" / "sites"
IN_CI = os.environ.get("CI", "").lower() == "true"


def optika_site_module() -> Any:
    """samples/make_optika_site.py, imported by path (samples/ is not a package)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "make_optika_site", REPO / "samples" / "make_optika_site.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def corpus_dir() -> Path:
    return Path(os.environ.get("IKPCRAWL_CORPUS") or REPO.parent / "shared" / "corpus")


@pytest.fixture(scope="session")
def corpus() -> Path:
    """The shared real-page corpus; skipped on a user's machine, required in CI."""
    path = corpus_dir()
    if not (path / "articles.jsonl").is_file():
        if IN_CI:
            pytest.fail(f"corpus not found at {path} (CI must have ../shared/corpus)")
        pytest.skip(f"corpus not found at {path} (set IKPCRAWL_CORPUS to run these tests)")
    return path


@dataclass
class Site:
    """A local site in mirror layout: its base URL and the server's per-path hit counts."""

    base_url: str
    server: Any

    def hits(self, path: str) -> int:
        return int(self.server.hits.get(path, 0))


@pytest.fixture
def sample_site() -> Iterator[Site]:
    """The bundled sample sites served on 127.0.0.1 (a fresh server, so hits are per test)."""
    from ikpcrawl.ops.devserver import serve

    server, base_url = serve(SAMPLE_SITES)
    yield Site(base_url, server)
    server.shutdown()


def run_crawl(
    spider: str, site: Site, out: Path, *args: str, env: dict[str, str] | None = None
) -> tuple[subprocess.CompletedProcess[str], list[dict[str, Any]], dict[str, Any]]:
    """``scrapy crawl`` in a subprocess through the mirror; returns (process, items, stats)."""
    stats_file = out / "stats.json"
    full_env = {
        **os.environ,
        "IKPCRAWL_MIRROR": site.base_url,
        "IKPCRAWL_OUTPUT_DIR": str(out),
        "IKPCRAWL_STATS_FILE": str(stats_file),
        "IKPCRAWL_DOWNLOAD_DELAY": "0",
        "IKPCRAWL_AUTOTHROTTLE": "false",
        "IKPCRAWL_LOG_LEVEL": "INFO",
        **(env or {}),
    }
    proc = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", spider, *args],
        cwd=REPO,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    items: list[dict[str, Any]] = []
    for path in sorted(out.rglob("*.jsonl")):
        items.extend(json.loads(line) for line in path.read_text("utf-8").splitlines())
    stats = json.loads(stats_file.read_text("utf-8")) if stats_file.exists() else {}
    return proc, items, stats


# A fixture that needs something beyond Python, and the marker that says so (pyproject.toml):
# `make test-fast` deselects by marker, so a test using one of these without it is an error.
# (sample_site is only a local server: a test using it is e2e when it crawls, which a fixture
# cannot tell.)
FIXTURE_MARKERS = {"redis": "redis", "browser": "browser", "corpus": "corpus"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    unmarked = [
        f"{item.nodeid} uses the {fixture!r} fixture: mark it @pytest.mark.{marker}"
        for item in items
        for fixture, marker in FIXTURE_MARKERS.items()
        if fixture in getattr(item, "fixturenames", ()) and item.get_closest_marker(marker) is None
    ]
    if unmarked:
        raise pytest.UsageError("tests missing a marker:\n" + "\n".join(unmarked))


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """In CI a skipped test is a failure: every dependency must be installed there."""
    if not IN_CI:
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter else 0
    if skipped:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
        if reporter:
            reporter.write_line(f"CI=true: {skipped} test(s) skipped; CI allows none", red=True)
