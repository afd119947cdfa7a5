"""Many machines on Redis (scrapy-redis): work shared, each article exported once."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ikpcrawl.ops.devserver import serve
from tests.bigsite import build
from tests.conftest import IN_CI

ARTICLES = 500


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Redis:
    def __init__(self, directory: Path):
        self.directory = directory
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        # Append-only persistence: after a restart Redis still has the queue and the state.
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--dir",
                str(self.directory),
                "--appendonly",
                "yes",
                "--save",
                "",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


@pytest.fixture
def redis(tmp_path: Path) -> Iterator[Redis]:
    if shutil.which("redis-server") is None:
        message = "redis-server not installed: run as root: apt-get install -y redis-server"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    server = Redis(tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def big_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, set[str]]]:
    root = tmp_path_factory.mktemp("bigsite")
    urls = set(build(root, ARTICLES))
    server, base_url = serve(root)
    yield base_url, urls
    server.shutdown()
    server.server_close()


def env_for(base_url: str, redis_url: str | None = None) -> dict[str, str]:
    env = {
        **os.environ,
        "IKPCRAWL_MIRROR": base_url,
        "IKPCRAWL_DOWNLOAD_DELAY": "0",
        "IKPCRAWL_AUTOTHROTTLE": "false",
        "IKPCRAWL_CONCURRENCY_PER_DOMAIN": "8",
        "IKPCRAWL_WORKER_IDLE_TIMEOUT": "3",
    }
    env.pop("IKPCRAWL_REDIS_URL", None)
    if redis_url:
        env["IKPCRAWL_REDIS_URL"] = redis_url
    return env


def ikpcrawl(tmp: Path, env: dict[str, str], *args: str, **popen: Any) -> Any:
    command = [sys.executable, "-m", "ikpcrawl", *args]
    if popen:
        return subprocess.Popen(command, env=env, cwd=tmp, **popen)
    return subprocess.run(
        command, env=env, cwd=tmp, capture_output=True, text=True, timeout=300, check=False
    )


def exported(*outputs: Path) -> Counter[str]:
    counts: Counter[str] = Counter()
    for out in outputs:
        for path in out.glob("outlet=*/crawl_date=*/*.jsonl"):
            for line in path.read_text("utf-8").splitlines():
                counts[json.loads(line)["canonical_url"]] += 1
    return counts


def wait_for_claims(url: str, count: int, timeout: float = 120) -> None:
    """Until the workers are exporting (``count`` articles claimed): halfway, not at start-up."""
    import redis as redis_py

    client = redis_py.Redis.from_url(url)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if client.hlen("ikpcrawl:claims") + client.hlen("ikpcrawl:articles") >= count:
            return
        time.sleep(0.1)
    raise AssertionError(f"the workers claimed fewer than {count} articles in {timeout} s")


@pytest.mark.e2e
@pytest.mark.redis
def test_two_workers_export_each_article_once_like_one_worker(
    big_site: tuple[str, set[str]], redis: Redis, tmp_path: Path
) -> None:
    base_url, urls = big_site
    single = ikpcrawl(
        tmp_path,
        env_for(base_url),
        "run",
        "--outlets",
        "optika",
        "--all-articles",
        "--output",
        str(tmp_path / "one"),
        "--state",
        str(tmp_path / "one-state"),
    )
    assert single.returncode == 0, single.stdout + single.stderr
    one = exported(tmp_path / "one")
    assert set(one) == urls

    two = ikpcrawl(
        tmp_path,
        env_for(base_url, redis.url),
        "run",
        "--outlets",
        "optika",
        "--workers",
        "2",
        "--all-articles",
        "--output",
        str(tmp_path / "two"),
        "--state",
        str(tmp_path / "two-state"),
    )
    assert two.returncode == 0, two.stdout + two.stderr
    # Two worker processes ran (each writes its stats; an idle one writes no output file).
    assert len(list((tmp_path / "two" / "_runs").glob("*/optika-w[01].stats.json"))) == 2
    assert list((tmp_path / "two").glob("outlet=*/crawl_date=*/*-w[01].jsonl"))
    counts = exported(tmp_path / "two")
    assert set(counts) == set(one)
    assert max(counts.values()) == 1, "an article was exported by both workers"

    # A second run on Redis: everything is known there, nothing is exported again.
    again = ikpcrawl(
        tmp_path,
        env_for(base_url, redis.url),
        "run",
        "--outlets",
        "optika",
        "--workers",
        "2",
        "--all-articles",
        "--output",
        str(tmp_path / "two"),
        "--state",
        str(tmp_path / "two-state"),
    )
    assert again.returncode == 0, again.stdout + again.stderr
    assert exported(tmp_path / "two") == counts


@pytest.mark.e2e
@pytest.mark.redis
def test_killing_a_worker_loses_nothing_for_good(
    big_site: tuple[str, set[str]], redis: Redis, tmp_path: Path
) -> None:
    base_url, urls = big_site
    env = env_for(base_url, redis.url)
    env["IKPCRAWL_DOWNLOAD_DELAY"] = "0.03"  # slow enough to stop it halfway
    seeded = ikpcrawl(tmp_path, env, "seed", "--outlets", "optika")
    assert seeded.returncode == 0, seeded.stderr
    assert "entry point(s) queued" in seeded.stdout
    # Two "machines": each worker has its own output and state directory.
    workers = [
        ikpcrawl(
            tmp_path,
            env,
            "worker",
            "--outlets",
            "optika",
            "--all-articles",
            "--output",
            str(tmp_path / f"m{i}"),
            "--state",
            str(tmp_path / f"m{i}-state"),
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for i in range(2)
    ]
    wait_for_claims(redis.url, 60)
    os.killpg(workers[0].pid, signal.SIGKILL)
    workers[0].wait()
    assert workers[1].wait(timeout=240) == 0
    after_kill = exported(tmp_path / "m0", tmp_path / "m1")
    assert max(after_kill.values(), default=1) == 1
    # The next run picks up what the killed worker had in flight.
    rerun = ikpcrawl(
        tmp_path,
        env,
        "run",
        "--outlets",
        "optika",
        "--workers",
        "2",
        "--all-articles",
        "--output",
        str(tmp_path / "m1"),
        "--state",
        str(tmp_path / "m1-state"),
    )
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    total = exported(tmp_path / "m0", tmp_path / "m1")
    assert set(total) == urls
    assert max(total.values()) == 1


@pytest.mark.e2e
@pytest.mark.redis
def test_losing_redis_stops_workers_clearly_and_the_next_run_continues(
    big_site: tuple[str, set[str]], redis: Redis, tmp_path: Path
) -> None:
    base_url, urls = big_site
    env = env_for(base_url, redis.url)
    env["IKPCRAWL_DOWNLOAD_DELAY"] = "0.03"  # slow enough to stop it halfway
    run = ikpcrawl(
        tmp_path,
        env,
        "run",
        "--outlets",
        "optika",
        "--workers",
        "2",
        "--all-articles",
        "--output",
        str(tmp_path / "out"),
        "--state",
        str(tmp_path / "state"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    wait_for_claims(redis.url, 60)
    redis.stop()
    out, err = run.communicate(timeout=240)
    assert run.returncode == 4, out + err
    assert "redis_unavailable" in out
    assert "Traceback" not in out + err
    logs = "".join(p.read_text("utf-8") for p in (tmp_path / "state" / "logs").rglob("*.log"))
    assert "this worker stops; the next run continues from what Redis kept" in logs
    redis.start()  # same directory: Redis comes back with what it kept
    again = ikpcrawl(
        tmp_path,
        env,
        "run",
        "--outlets",
        "optika",
        "--workers",
        "2",
        "--all-articles",
        "--output",
        str(tmp_path / "out"),
        "--state",
        str(tmp_path / "state"),
    )
    assert again.returncode == 0, again.stdout + again.stderr
    total = exported(tmp_path / "out")
    assert set(total) == urls
    assert max(total.values()) == 1


def test_bad_or_unreachable_redis_is_one_line(tmp_path: Path) -> None:
    env = {**os.environ, "IKPCRAWL_REDIS_URL": "notaurl"}
    proc = ikpcrawl(tmp_path, env, "run", "--outlets", "optika")
    assert proc.returncode == 2
    assert "IKPCRAWL_REDIS_URL must be a Redis URL" in proc.stderr
    env["IKPCRAWL_REDIS_URL"] = f"redis://127.0.0.1:{free_port()}/0"
    proc = ikpcrawl(tmp_path, env, "run", "--outlets", "optika", "--workers", "2")
    assert proc.returncode == 2
    assert "unreachable" in proc.stderr and "Traceback" not in proc.stderr
    env.pop("IKPCRAWL_REDIS_URL")
    proc = ikpcrawl(tmp_path, env, "run", "--outlets", "optika", "--workers", "2")
    assert proc.returncode == 2 and "IKPCRAWL_REDIS_URL" in proc.stderr


@pytest.mark.redis
def test_near_duplicate_index_on_redis_matches_the_sqlite_one(redis: Redis) -> None:
    """The shared index links the same copies as the embedded one, across workers."""
    from ikpcrawl.ops.evaluate import neardup_variants, same_topic_bodies
    from ikpcrawl.store.neardup import NearDuplicateIndex
    from ikpcrawl.store.redis_state import RedisNearDuplicateIndex
    from tests.test_neardup import STORY

    bodies = [("orig", STORY)] + [(f"topic{i}", b) for i, b in enumerate(same_topic_bodies())]
    bodies += [(f"copy-{kind}", text) for kind, text in neardup_variants(STORY).items()]
    embedded = NearDuplicateIndex()
    worker_a = RedisNearDuplicateIndex(redis.url)
    worker_b = RedisNearDuplicateIndex(redis.url)  # another worker, its own connection
    for n, (article_id, body) in enumerate(bodies):
        expected = embedded.check_and_add(article_id, None, body)
        got = (worker_a if n % 2 else worker_b).check_and_add(article_id, None, body)
        assert got == expected, article_id
        if article_id.startswith("copy-"):
            assert got is not None
            assert got.root_id == "orig"
        else:
            assert got is None, article_id
    # An article is never its own duplicate (a revision re-exported by either worker).
    again = worker_a.check_and_add("orig", None, STORY)
    assert again is not None
    assert again.root_id == "orig"  # linked through its copies, not to itself
    for index in (embedded, worker_a, worker_b):
        index.close()


def test_an_idle_worker_looks_at_the_queue_again_soon() -> None:
    """While it waits out its idle timeout, a worker re-checks the shared queue every 0.5 s
    (Scrapy alone would look again only at its 5 s heartbeat), and never piles up checks."""
    from types import SimpleNamespace

    from scrapy.exceptions import DontCloseSpider
    from twisted.internet.task import Clock

    from ikpcrawl.crawl.distributed import IdleGuard

    clock = Clock()
    checks: list[float] = []
    slot = SimpleNamespace(
        scheduler=SimpleNamespace(has_pending_requests=lambda: False),
        nextcall=SimpleNamespace(schedule=lambda: checks.append(clock.seconds())),
    )
    crawler: Any = SimpleNamespace(engine=SimpleNamespace(_slot=slot))
    guard = IdleGuard(crawler, timeout=60.0, clock=clock)
    for _ in range(3):  # spider_idle may come several times before the re-check
        with pytest.raises(DontCloseSpider):
            guard.spider_idle(None)  # type: ignore[arg-type]
    clock.advance(0.5)
    assert checks == [0.5]
    with pytest.raises(DontCloseSpider):
        guard.spider_idle(None)  # type: ignore[arg-type]
    clock.advance(0.5)
    assert checks == [0.5, 1.0]
    guard.timeout = 0.0  # waited long enough: the worker may close
    guard.spider_idle(None)  # type: ignore[arg-type]


@pytest.mark.redis
def test_near_duplicate_index_on_redis_ages_out_old_entries(redis: Redis) -> None:
    import time

    from ikpcrawl.ops.evaluate import neardup_variants
    from ikpcrawl.store.redis_state import RedisNearDuplicateIndex
    from tests.test_neardup import STORY

    index = RedisNearDuplicateIndex(redis.url)
    index.check_and_add("old", None, STORY)
    assert index.prune(30) == 0
    assert index.prune(30, now=time.time() + 31 * 86400) == 1
    assert index.client.keys("ikpcrawl:nd:*") == []  # band sets, signatures, times: all gone
    assert index.check_and_add("copy", None, neardup_variants(STORY)["truncated"]) is None
    index.close()


@pytest.mark.e2e
@pytest.mark.redis
def test_redis_stopped_and_restarted_again_and_again_loses_and_duplicates_nothing(
    big_site: tuple[str, set[str]], redis: Redis, tmp_path: Path
) -> None:
    """Three times over, Redis (append-only) is stopped mid-crawl and started again: each
    interrupted run stops clearly, and in the end every article was exported exactly once (the
    state commits what a worker's finished file holds, never the staged set alone)."""
    base_url, urls = big_site
    env = env_for(base_url, redis.url)
    env["IKPCRAWL_DOWNLOAD_DELAY"] = "0.03"
    args = ["run", "--outlets", "optika", "--workers", "2", "--all-articles"]
    args += ["--output", str(tmp_path / "out"), "--state", str(tmp_path / "state")]
    import redis as redis_py

    for _ in range(3):
        client = redis_py.Redis.from_url(redis.url)
        already = int(client.hlen("ikpcrawl:articles")) + int(client.hlen("ikpcrawl:claims"))
        client.close()
        run = ikpcrawl(tmp_path, env, *args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        wait_for_claims(redis.url, already + 40)
        redis.stop()
        out, err = run.communicate(timeout=240)
        assert run.returncode in (0, 4), out + err
        redis.start()
    final = ikpcrawl(tmp_path, env, *args)
    assert final.returncode == 0, final.stdout + final.stderr
    total = exported(tmp_path / "out")
    assert set(total) == urls
    assert max(total.values()) == 1


@pytest.mark.redis
def test_a_redis_that_keeps_nothing_is_refused(tmp_path: Path) -> None:
    if shutil.which("redis-server") is None:
        pytest.fail("redis-server not installed: run as root: apt-get install -y redis-server")
    port = free_port()
    server = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--appendonly",
            "no",
            "--save",
            "",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        env = env_for("http://127.0.0.1:9", f"redis://127.0.0.1:{port}/0")
        proc = ikpcrawl(
            tmp_path,
            env,
            "run",
            "--outlets",
            "optika",
            "--output",
            str(tmp_path / "out"),
            "--state",
            str(tmp_path / "state"),
        )
        assert proc.returncode == 2, proc.stdout + proc.stderr
        assert "keeps nothing across a restart" in proc.stderr
        assert "set appendonly yes" in proc.stderr and "Traceback" not in proc.stderr
    finally:
        server.terminate()
        server.wait(timeout=10)
