from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SAMPLE_SITES = REPO / "samples" / "sites"
IN_CI = os.environ.get("CI", "").lower() == "true"


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


@pytest.fixture(scope="session")
def sample_site() -> Iterator[str]:
    """The bundled sample sites served on 127.0.0.1 in mirror layout; yields the base URL."""
    from ikpcrawl.devserver import serve

    server, base_url = serve(SAMPLE_SITES)
    yield base_url
    server.shutdown()


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
