"""Every failure path as a feature: exit codes, last lines, giving up fast, losing nothing.

Each crawl here is a real ``scrapy crawl`` process against real local servers: one that accepts
connections and never answers, a closed port, an output path that is a file, and a disk (a small
tmpfs) that is full.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO, Site, run_crawl

MANIFEST_EXPORTED = {
    a["url"]
    for a in json.loads((REPO / "samples/sites/optika.id/MANIFEST.json").read_text("utf-8"))[
        "articles"
    ]
    if a["expected"] == "exported"
}


class HungServer:
    """Accepts TCP connections and never sends a byte."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self.accepted = 0
        self._held: list[socket.socket] = []
        self._stop = False
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        self.sock.settimeout(0.2)
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.accepted += 1
            self._held.append(conn)

    def close(self) -> None:
        self._stop = True
        for conn in self._held:
            conn.close()
        self.sock.close()


@pytest.fixture
def hung() -> Iterator[HungServer]:
    server = HungServer()
    yield server
    server.close()


def last_line(proc: subprocess.CompletedProcess[str]) -> str:
    return proc.stderr.strip().splitlines()[-1]


@pytest.mark.e2e
def test_a_site_that_never_answers_is_given_up_fast(hung: HungServer, tmp_path: Path) -> None:
    site = Site(f"http://127.0.0.1:{hung.port}", None)
    started = time.monotonic()
    proc, items, stats = run_crawl("optika", site, tmp_path, env={"IKPCRAWL_TIMEOUT": "2"})
    elapsed = time.monotonic() - started
    assert proc.returncode == 7, proc.stderr[-3000:]
    line = last_line(proc)
    assert line.startswith("scrapy crawl optika: nothing fetched (timeout"), line
    assert "Traceback" not in proc.stderr
    # Two timeouts in a row on the host and it is given up: robots.txt is tried twice, and
    # nothing queued behind it waits out its own timeouts and retries.
    assert stats["ikpcrawl/hosts_given_up/timeout"] == 1
    assert hung.accepted <= 4, hung.accepted
    assert (
        items == [] and not list(tmp_path.rglob("*.jsonl")) and not list(tmp_path.rglob("*.part"))
    )
    print(f"hung site: exit 7 after {elapsed:.1f}s, {hung.accepted} connections")


@pytest.mark.e2e
def test_a_refused_connection_is_named(tmp_path: Path) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    proc, items, _ = run_crawl("optika", Site(f"http://127.0.0.1:{port}", None), tmp_path)
    assert proc.returncode == 7, proc.stderr[-3000:]
    assert last_line(proc).startswith("scrapy crawl optika: nothing fetched (refused"), last_line(
        proc
    )
    assert items == [] and not list(tmp_path.rglob("*.jsonl"))


@pytest.mark.e2e
def test_an_output_path_that_is_a_file_stops_the_crawl_with_one_line(
    sample_site: Site, tmp_path: Path
) -> None:
    blocker = tmp_path / "out"
    blocker.write_text("not a directory")
    proc, _, stats = run_crawl(
        "optika", sample_site, tmp_path, env={"IKPCRAWL_OUTPUT_DIR": str(blocker)}
    )
    assert proc.returncode == 8, proc.stderr[-3000:]
    line = last_line(proc)
    assert "not written (Not a directory" in line and line.endswith("(exit code 8)"), line
    assert proc.stderr.count("Output not written") == 1
    assert "Traceback" not in proc.stderr
    assert stats["finish_reason"] == "output_failed"
    # Stopped at the first article it could not write, not after fetching the whole site.
    assert stats.get("ikpcrawl/articles/extracted", 0) < 20


@pytest.mark.e2e
def test_dash_o_writes_that_file_alone(sample_site: Site, tmp_path: Path) -> None:
    target = tmp_path / "x.jsonl"
    proc, _, _ = run_crawl("optika", sample_site, tmp_path / "default", "-O", str(target))
    assert proc.returncode == 9, proc.stderr[-3000:]  # the site's one 500 page
    assert len(target.read_text("utf-8").splitlines()) == 20
    assert not (tmp_path / "default" / "optika").exists()


@pytest.mark.e2e
def test_a_crawl_that_exports_nothing_leaves_no_file(sample_site: Site, tmp_path: Path) -> None:
    proc, items, stats = run_crawl("optika", sample_site, tmp_path, "-a", "since=2099-01-01")
    assert stats["finish_reason"] == "finished"
    assert items == [] and not list(tmp_path.rglob("*.jsonl")) and not list(tmp_path.rglob(".*"))
    assert proc.returncode in (0, 9), proc.stderr[-2000:]
    assert "0 article(s) written" in last_line(proc)


@pytest.mark.e2e
def test_an_unknown_argument_is_warned_about_with_the_nearest_name(
    sample_site: Site, tmp_path: Path
) -> None:
    proc, _, _ = run_crawl("optika", sample_site, tmp_path, "-a", "sinse=2024-01-01")
    assert "warning: unknown argument -a sinse; did you mean 'since'?" in proc.stderr


@pytest.mark.e2e
@pytest.mark.skipif(os.geteuid() != 0, reason="mounting a small tmpfs needs root")
def test_a_full_disk_loses_nothing_and_duplicates_nothing(
    sample_site: Site, tmp_path: Path
) -> None:
    """The output disk fills up mid-crawl: the lines that did not fit are cut off again, the
    crawl exits 8 naming the disk, the state commits only what the file holds, and the next
    run (with space again) exports exactly the articles that were lost."""
    disk = tmp_path / "disk"
    disk.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=160k", "tmpfs", str(disk)], check=True)
    try:
        filler = disk / "filler"
        filler.write_bytes(b"\0" * 100_000)  # leaves room for a handful of articles
        env = {"IKPCRAWL_OUTPUT_DIR": str(disk), "IKPCRAWL_STATE_DIR": str(tmp_path / "state")}
        first, _, stats = run_crawl("optika", sample_site, tmp_path / "one", env=env)
        assert first.returncode == 8, first.stderr[-3000:]
        assert "No space left on device" in last_line(first), last_line(first)
        lost = int(stats["ikpcrawl/output/lost"])
        files = list(disk.rglob("*.jsonl"))
        kept = [json.loads(line) for f in files for line in f.read_text("utf-8").splitlines()]
        assert lost > 0 and len(kept) + lost == 20, (len(kept), lost)
        filler.unlink()
        second, _, _ = run_crawl("optika", sample_site, tmp_path / "two", env=env)
        assert second.returncode == 9, second.stderr[-3000:]  # the 500 page again
        every = [
            json.loads(line)["canonical_url"]
            for f in disk.rglob("*.jsonl")
            for line in f.read_text("utf-8").splitlines()
        ]
        missing = MANIFEST_EXPORTED - set(every)
        assert len(every) == len(set(every)) == 20, (missing, stats, second.stderr[-4000:])
    finally:
        subprocess.run(["umount", str(disk)], check=False)


def test_the_state_commits_only_what_the_file_holds(tmp_path: Path) -> None:
    from ikpcrawl.store.base import ArticleState
    from ikpcrawl.store.sqlite_state import SQLiteState

    store = SQLiteState(tmp_path / "state")
    urls = [f"https://optika.id/{n}" for n in "abc"]
    store.open_run("r", "optika.id", None, "t0")
    for url in urls:
        store.stage("r", ArticleState(url, url[-1] * 16, "optika.id", "h" * 32, 1, "t0", "t0"))
    feed = tmp_path / "r.jsonl"
    feed.write_text("".join(json.dumps({"canonical_url": u}) + "\n" for u in urls[:2]))
    from ikpcrawl.store.base import exported_urls

    assert store.commit("r", "t1", exported_urls(feed)) == 2
    assert [store.get(u) is not None for u in urls] == [True, True, False]


def test_a_failed_write_leaves_only_whole_lines(tmp_path: Path) -> None:
    from ikpcrawl.crawl.feeds import GuardedFile

    class FullAfter:
        """A file that accepts ``room`` bytes, then fails like a full disk (part-way)."""

        def __init__(self, path: Path, room: int):
            self.handle = path.open("wb", buffering=0)
            self.room = room
            self.name = str(path)

        def write(self, data: memoryview) -> int:
            if self.handle.tell() + len(data) > self.room:
                self.handle.write(data[: max(0, self.room - self.handle.tell())])
                raise OSError(28, "No space left on device")
            return self.handle.write(data)

        def __getattr__(self, name: str) -> object:
            return getattr(self.handle, name)

    errors: list[OSError] = []
    path = tmp_path / "out.jsonl"
    out = GuardedFile(FullAfter(path, 25), errors.append)  # type: ignore[arg-type]
    for n in range(4):
        out.write(json.dumps({"n": n}).encode() + b"\n")
    out.close()
    lines = path.read_bytes().split(b"\n")
    assert lines[-1] == b"" and all(json.loads(x) for x in lines[:-1])
    assert len(lines) - 1 + len(errors) == 4 and errors[0].errno == 28


def test_extract_of_a_file_that_is_not_html_fails(tmp_path: Path) -> None:
    page = tmp_path / "photo.jpg"
    page.write_bytes(b"\xff\xd8\xff\xe0" + bytes(range(256)) * 4)
    proc = subprocess.run(
        [sys.executable, "-m", "ikpcrawl", "extract", str(page), "--url", "https://optika.id/x"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode != 0, proc.stdout
    assert "not HTML" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.e2e
def test_a_second_crawl_of_the_same_outlet_and_state_is_refused(
    sample_site: Site, tmp_path: Path
) -> None:
    """Plain `scrapy crawl` takes the outlet's lock too: while one crawl of optika holds the
    state directory, another exits 3 without fetching or exporting anything."""
    from ikpcrawl.store.extension import outlet_lock

    state = tmp_path / "state"
    held = outlet_lock(state, "optika.id")
    assert held is not None
    try:
        proc, items, stats = run_crawl(
            "optika", sample_site, tmp_path / "out", env={"IKPCRAWL_STATE_DIR": str(state)}
        )
    finally:
        held.close()
    assert proc.returncode == 3, proc.stderr[-3000:]
    assert "another crawl of this outlet is using the state directory" in last_line(proc)
    assert items == [] and stats.get("ikpcrawl/articles/extracted", 0) == 0
    assert outlet_lock(state, "optika.id") is not None  # free again once the holder is gone


def test_a_delay_raised_by_503_decays_after_successful_responses(tmp_path: Path) -> None:
    """With AutoThrottle off, the slot's delay goes back towards DOWNLOAD_DELAY as the site
    answers again, instead of staying raised for the rest of the crawl."""
    from scrapy.core.downloader import Slot
    from scrapy.http import HtmlResponse, Request
    from scrapy.utils.test import get_crawler

    from ikpcrawl.crawl.middlewares import RetryAfterMiddleware

    crawler = get_crawler(settings_dict={"DOWNLOAD_DELAY": 1.0, "AUTOTHROTTLE_ENABLED": False})
    import inspect

    no_jitter = "jitter" in inspect.signature(Slot).parameters  # Scrapy >= 2.16
    slot = Slot(1, 1.0, **({"jitter": 0} if no_jitter else {"randomize_delay": False}))

    class Engine:
        class downloader:
            slots = {"optika.id": slot}

    crawler.engine = Engine()  # type: ignore[assignment]
    middleware = RetryAfterMiddleware.from_crawler(crawler)
    request = Request("https://optika.id/a", meta={"download_slot": "optika.id"})
    busy = HtmlResponse(request.url, status=503, headers={"Retry-After": "16"}, request=request)
    middleware.process_response(request, busy)
    assert slot.delay == 16.0
    delays = []
    for _ in range(6):
        ok = HtmlResponse(request.url, status=200, body=b"<p>x</p>", request=request)
        middleware.process_response(request, ok)
        delays.append(slot.delay)
    assert delays == [8.0, 4.0, 2.0, 1.0, 1.0, 1.0]


@pytest.mark.e2e
def test_a_run_whose_every_site_hangs_stops_starting_outlets(
    hung: HungServer, tmp_path: Path
) -> None:
    """The first two outlets reach nothing and a network check fails too: the outlets not yet
    started are reported as unreached without waiting out their own timeouts."""
    env = {
        **os.environ,
        "IKPCRAWL_MIRROR": f"http://127.0.0.1:{hung.port}",
        "IKPCRAWL_TIMEOUT": "2",
    }
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "ikpcrawl",
            "run",
            "--outlets",
            "optika,detik,kompas,antaranews,tempo",
            "--output",
            str(tmp_path / "out"),
            "--state",
            str(tmp_path / "state"),
        ],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 7, proc.stdout + proc.stderr
    # Two at a time: the first two, and at most one more that started before the second
    # finished and the check ran; the others are never started.
    started = proc.stderr.count(": started ")
    assert started <= 3, proc.stderr
    skipped = proc.stdout.count("! not started: the network check failed too")
    assert skipped == 5 - started, proc.stdout
    assert proc.stdout.count(" unreached ") == 5, proc.stdout


@pytest.mark.e2e
@pytest.mark.parametrize("content", [b"", b"this is not a database" * 100])
def test_an_emptied_or_corrupt_state_is_refused_not_silently_reset(
    sample_site: Site, tmp_path: Path, content: bytes
) -> None:
    state = tmp_path / "state"
    state.mkdir()
    (state / "state.sqlite").write_bytes(content)
    proc, items, _ = run_crawl(
        "optika", sample_site, tmp_path / "out", env={"IKPCRAWL_STATE_DIR": str(state)}
    )
    assert proc.returncode == 2, proc.stderr[-3000:]
    line = last_line(proc)
    assert "nothing was crawled" in line and "state.sqlite" in line, line
    assert "restore it from a backup" in line and "Traceback" not in proc.stderr
    assert items == []
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "ikpcrawl",
            "run",
            "--outlets",
            "optika",
            "--output",
            str(tmp_path / "out2"),
            "--state",
            str(state),
        ],
        cwd=REPO,
        env={**os.environ, "IKPCRAWL_MIRROR": sample_site.base_url},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 2 and "restore it from a backup" in run.stderr, run.stderr
    assert run.stderr.strip().count("\n") == 0, run.stderr


def test_under_the_outlet_lock_a_reused_pid_does_not_hide_a_dead_run(tmp_path: Path) -> None:
    """recover() judged runs by PID alone: a dead run whose PID now belongs to another process
    kept its complete file uncommitted (and re-exported). Under the outlet's lock no other run
    of the outlet can be alive, so its complete file is committed."""
    from ikpcrawl.store.base import ArticleState
    from ikpcrawl.store.sqlite_state import SQLiteState

    store = SQLiteState(tmp_path / "state")
    url = "https://optika.id/a"
    feed = tmp_path / "a.jsonl"
    store.open_run("dead", "optika.id", str(feed), "t0")  # recorded with this test's own pid
    store.stage("dead", ArticleState(url, "a" * 16, "optika.id", "h" * 32, 1, "t0", "t0"))
    feed.write_text(json.dumps({"canonical_url": url}) + "\n")
    assert store.recover("optika.id", "next", "t1") == (0, 0)  # pid alive: left alone
    assert store.recover("optika.id", "next", "t1", exclusive=True) == (1, 0)
    assert store.get(url) is not None


def test_after_a_run_that_lost_articles_listings_are_walked_in_full(tmp_path: Path) -> None:
    """A listing page whose articles are all known ends the walk, except after a run that lost
    articles (a failed fetch, a line not written, a crash): those may stand only on older
    pages, and the next run must find them again."""
    import sqlite3

    from ikpcrawl.store.sqlite_state import SQLiteState

    store = SQLiteState(tmp_path / "state")
    assert store.last_run_complete("optika.id", "x")  # no history: nothing to catch up on
    store.open_run("a", "optika.id", None, "2026-01-01T00:00:00+00:00")
    store.record_seen("a", 20, complete=False)
    store.commit("a", "t", set())
    assert not store.last_run_complete("optika.id", "x")
    store.open_run("b", "optika.id", None, "2026-01-02T00:00:00+00:00")
    store.record_seen("b", 20, complete=True)
    store.commit("b", "t", set())
    assert store.last_run_complete("optika.id", "x")
    store.open_run("c", "optika.id", None, "2026-01-03T00:00:00+00:00")
    store.discard("c", "t")  # killed before its output completed
    assert not store.last_run_complete("optika.id", "x")
    store.close()
    # A state file from before the column is upgraded in place.
    old = tmp_path / "old"
    old.mkdir()
    db = sqlite3.connect(old / "state.sqlite")
    db.execute(
        "CREATE TABLE runs (run_id TEXT PRIMARY KEY, outlet TEXT NOT NULL, feed_path TEXT,"
        " started_at TEXT NOT NULL, finished_at TEXT, status TEXT NOT NULL,"
        " exported INTEGER NOT NULL DEFAULT 0, seen INTEGER, host TEXT, pid INTEGER)"
    )
    db.commit()
    db.close()
    assert SQLiteState(old).last_run_complete("optika.id", "x")
