"""`make bench`: ikpcrawl's crawl against the physical limit of Scrapy on this machine.

    python bench/run.py --pages 5000 [--rounds 2] [--skip generic,extract,...] [--rss-check 50000]

One invocation generates (or reuses) an N-page Optika.id-style site (``bench/make_site.py``),
serves it on 127.0.0.1 (nginx when installed, else the threaded ``ikpcrawl.ops.devserver``) and
measures, alternating the crawl variants round by round (bare, full, generic, bare, ...):

1. ``bare``: a minimal sitemap spider that only fetches the pages (``bench/spiders/bare.py``);
2. ``full``: ``ikpcrawl run --outlets optika --all-articles`` (discovery, extraction cascade,
   cleaning, validation, dedupe, incremental state, JSONL export);
3. ``generic``: the same spider with no article selectors (``bench/spiders/generic.py``);
4. ``incremental``: a second run on the unchanged site, then one after 1% new articles;
5. ``extract``: ``ikpcrawl extract --batch`` against trafilatura alone, ms per page;
6. ``workers``: ``--workers 2`` on Redis against one worker, when both exist;
7. ``rendered``: JavaScript rendering against plain fetching, once ``ikpcrawl.crawl.rendering`` exists.

Every crawl runs with the same concurrency (16 overall and per domain, no delay, no
AutoThrottle). Wall time is process start to exit; pages are the responses the crawl's stats
count; RSS is the sum over the crawl's process tree, polled every 0.1 s. Prints a table and
writes ``bench/results.json`` (see bench/README.md).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import json
import math
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, Any

import psutil

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench import make_site

PY = sys.executable
RESULTS = REPO / "bench" / "results.json"
SPIDER_MODULES = "ikpcrawl.spiders,bench.spiders"
CRAWL_VARIANTS = ("bare", "full", "generic")
STEPS = ("bare", "full", "generic", "incremental", "extract", "workers", "rendered")
CONCURRENCY = 16
RSS_POLL_S = 0.1
# The issue's targets.
TARGET_FULL_VS_BARE = 0.5
TARGET_GENERIC_VS_BARE = 0.25
TARGET_PEAK_RSS_MB = 300.0
TARGET_RSS_GROWTH = 0.10
TARGET_INCR_REQUESTS = 0.02
TARGET_INCR_TIME = 0.05
TARGET_TWO_WORKERS = 1.6
NEW_ARTICLES_SHARE = 0.01


# ------------------------------------------------------------------------------- progress
class Progress:
    """One ``\\r``-updated status line on stderr."""

    def __init__(self, stream: IO[str] = sys.stderr):
        self.stream = stream
        self.started = time.monotonic()
        self._width = 0

    def update(self, text: str) -> None:
        elapsed = int(time.monotonic() - self.started)
        line = f"[bench {elapsed // 60:02d}:{elapsed % 60:02d}] {text}"
        pad = max(0, self._width - len(line))
        self._width = len(line)
        self.stream.write("\r" + line + " " * pad)
        self.stream.flush()

    def done(self, text: str) -> None:
        self.update(text)
        self.stream.write("\n")
        self.stream.flush()
        self._width = 0


# --------------------------------------------------------------------------------- server
def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


NGINX_CONF = """worker_processes 1;
daemon off;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 1024; }}
http {{
  include {mime};
  default_type application/octet-stream;
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  keepalive_timeout 300s;
  client_body_temp_path {prefix}/tmp-body;
  proxy_temp_path {prefix}/tmp-proxy;
  fastcgi_temp_path {prefix}/tmp-fastcgi;
  uwsgi_temp_path {prefix}/tmp-uwsgi;
  scgi_temp_path {prefix}/tmp-scgi;
  server {{
    listen 127.0.0.1:{port};
    root {root};
    index index.html index.xml;
    # Mirror layout: /<host>/<path> -> ROOT/<host>/<path>[.html | /index.html | /index.xml]
    location / {{ try_files $uri $uri.html $uri/ =404; }}
  }}
}}
"""


class Server:
    """The site on 127.0.0.1: nginx when installed (and not refused), else ikpcrawl.ops.devserver."""

    def __init__(self, root: Path, work: Path, kind: str = "auto"):
        self.root = root
        self.work = work
        nginx = shutil.which("nginx") or next(
            (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if Path(p).is_file()), None
        )
        self.kind = "nginx" if kind in ("auto", "nginx") and nginx else "python"
        if kind == "nginx" and not nginx:
            raise SystemExit("bench: --server nginx, but nginx is not installed")
        self.nginx = nginx
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def name(self) -> str:
        return "nginx (1 worker, sendfile)" if self.kind == "nginx" else "ikpcrawl.ops.devserver"

    def start(self) -> None:
        self.work.mkdir(parents=True, exist_ok=True)
        log = (self.work / f"{self.kind}.log").open("wb")
        if self.kind == "nginx":
            mime = next(
                (p for p in ("/etc/nginx/mime.types", "/usr/local/etc/nginx/mime.types")
                 if Path(p).is_file()),
                None,
            )  # fmt: skip
            conf = self.work / "nginx.conf"
            conf.write_text(
                NGINX_CONF.format(
                    prefix=self.work, mime=mime or "mime.types", port=self.port, root=self.root
                ),
                encoding="utf-8",
            )
            command = [str(self.nginx), "-c", str(conf), "-p", str(self.work)]
        else:
            command = [PY, "-m", "ikpcrawl.ops.devserver", str(self.root), "--port", str(self.port)]
        self.process = subprocess.Popen(
            command, cwd=REPO, stdin=subprocess.DEVNULL, stdout=log, stderr=log
        )
        probe = f"{self.base_url}/{make_site.HOST}/robots.txt"
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"bench: the {self.kind} server exited; see {log.name}")
            try:
                with urllib.request.urlopen(probe, timeout=1) as answer:
                    if answer.status == 200:
                        return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise SystemExit(f"bench: the {self.kind} server did not answer {probe}")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        # nginx: TERM to the master is a fast shutdown (workers included).
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


# ------------------------------------------------------------------------------ measuring
@dataclass
class Measure:
    variant: str
    round: int
    wall_s: float
    pages: int  # responses received (the crawl's stats)
    requests: int  # requests sent to the downloader
    items: int  # items exported
    peak_rss_mb: float  # sum over the process tree
    exit_code: int
    pages_per_s: float
    stats: dict[str, Any] = field(default_factory=dict)


def tree_rss(process: psutil.Process) -> int:
    total = 0
    try:
        members = [process, *process.children(recursive=True)]
    except psutil.Error:
        return 0
    for member in members:
        with contextlib.suppress(psutil.Error):
            total += member.memory_info().rss
    return total


class LineCounter:
    """Counts JSON lines written so far to the feed files under a directory (progress only)."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.offsets: dict[Path, tuple[int, int]] = {}

    def count(self) -> int:
        if not self.directory.is_dir():
            return 0
        for path in self.directory.rglob("*.jsonl*"):
            offset, lines = self.offsets.get(path, (0, 0))
            try:
                with path.open("rb") as handle:
                    handle.seek(offset)
                    chunk = handle.read()
            except OSError:
                continue
            self.offsets[path] = (offset + len(chunk), lines + chunk.count(b"\n"))
        # A renamed .part shows up twice: count the largest name per run once.
        by_name: dict[str, int] = {}
        for path, (_, lines) in self.offsets.items():
            key = path.name.lstrip(".").removesuffix(".part")
            by_name[key] = max(by_name.get(key, 0), lines)
        return sum(by_name.values())


def run_measured(
    command: list[str],
    env: dict[str, str],
    *,
    log: Path,
    feeds: Path,
    progress: Progress,
    label: str,
    expected: int,
) -> tuple[int, float, float]:
    """Run ``command``; returns (exit code, wall seconds, peak RSS of its tree in MB)."""
    counter = LineCounter(feeds)
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as out:
        started = time.monotonic()
        process = subprocess.Popen(
            command, cwd=REPO, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=out
        )
        watched = psutil.Process(process.pid)
        peak = 0
        last_progress = 0.0
        while process.poll() is None:
            peak = max(peak, tree_rss(watched))
            now = time.monotonic()
            if now - last_progress >= 0.5:
                last_progress = now
                items = counter.count()
                rate = items / max(1e-9, now - started)
                progress.update(
                    f"{label}: {items}/{expected} items, {rate:.0f}/s, "
                    f"RSS {peak / 2**20:.0f} MB, {now - started:.0f}s"
                )
            time.sleep(RSS_POLL_S)
        wall = time.monotonic() - started
    return process.returncode, wall, peak / 2**20


def crawl_env(base_url: str, **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("IKPCRAWL_") and k != "SCRAPY_SETTINGS_MODULE"
    }
    env.update(
        {
            "SCRAPY_SETTINGS_MODULE": "ikpcrawl.settings",
            "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
            "IKPCRAWL_MIRROR": base_url,
            "IKPCRAWL_CONCURRENCY": str(CONCURRENCY),
            "IKPCRAWL_CONCURRENCY_PER_DOMAIN": str(CONCURRENCY),
            "IKPCRAWL_DOWNLOAD_DELAY": "0",
            "IKPCRAWL_AUTOTHROTTLE": "false",
            "IKPCRAWL_LOG_LEVEL": "WARNING",
            "IKPCRAWL_TIMEOUT": "60",
        }
    )
    env.update(extra)
    return env


def feed_setting(path: Path) -> str:
    return json.dumps(
        {str(path): {"format": "jsonlines", "encoding": "utf-8", "overwrite": True,
                     "store_empty": False}}
    )  # fmt: skip


def _interesting_stats(stats: dict[str, Any]) -> dict[str, Any]:
    keep = (
        "finish_reason",
        "item_scraped_count",
        "item_dropped_count",
        "elapsed_time_seconds",
        "downloader/response_bytes",
    )
    prefixes = ("ikpcrawl/", "downloader/response_status_count/", "item_dropped_reasons_count/")
    return {k: v for k, v in sorted(stats.items()) if k in keep or k.startswith(prefixes)}


def _measure(
    variant: str,
    round_no: int,
    code: int,
    wall: float,
    rss: float,
    stats: dict[str, Any],
) -> Measure:
    pages = int(stats.get("response_received_count", 0))
    return Measure(
        variant=variant,
        round=round_no,
        wall_s=round(wall, 2),
        pages=pages,
        requests=int(stats.get("downloader/request_count", 0)),
        items=int(stats.get("item_scraped_count", 0)),
        peak_rss_mb=round(rss, 1),
        exit_code=code,
        pages_per_s=round(pages / wall, 1) if wall > 0 else 0.0,
        stats=_interesting_stats(stats),
    )


def _read_json(path: Path | None) -> dict[str, Any]:
    if path is None or not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text("utf-8"))
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def merge_stats(many: list[dict[str, Any]]) -> dict[str, Any]:
    """Stats of several worker processes as one crawl: counts add up, the rest is the first's
    (elapsed time: the longest)."""
    if len(many) == 1:
        return many[0]
    merged: dict[str, Any] = {}
    for stats in many:
        for key, value in stats.items():
            if key == "elapsed_time_seconds":
                merged[key] = max(float(value), float(merged.get(key, 0)))
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                merged[key] = merged.get(key, 0) + value
            else:
                merged.setdefault(key, value)
    if many:
        merged["workers"] = len(many)
    return merged


class Bench:
    def __init__(self, args: argparse.Namespace, site: Path, server: Server, progress: Progress):
        self.args = args
        self.site = site
        self.server = server
        self.progress = progress
        self.work = args.work
        self.expected = args.pages

    # ----------------------------------------------------------------- crawl variants
    def scrapy_crawl(
        self, spider: str, round_no: int, variant: str, *, state: bool,
        extra_args: Sequence[str] = (),
    ) -> Measure:  # fmt: skip
        """``scrapy crawl SPIDER`` set up the way ``ikpcrawl run`` sets up its crawls."""
        run = self.work / f"{variant}-{round_no}"
        shutil.rmtree(run, ignore_errors=True)
        feed = run / "output" / f"{variant}.jsonl"
        stats_file = run / "stats.json"
        extra = {"IKPCRAWL_STATS_FILE": str(stats_file)}
        if state:
            extra["IKPCRAWL_STATE_DIR"] = str(run / "state")
        command = [
            PY, "-m", "scrapy", "crawl", spider,
            *(["-a", "election_only=false"] if state else []),
            "-s", f"SPIDER_MODULES={SPIDER_MODULES}",
            "-s", f"FEEDS={feed_setting(feed)}",
            "-s", f"LOG_FILE={run / 'crawl.log'}",
            "-s", f"IKPCRAWL_RUN_ID=bench-{variant}-{round_no}",
            *extra_args,
        ]  # fmt: skip
        code, wall, rss = run_measured(
            command,
            crawl_env(self.server.base_url, **extra),
            log=run / "stdout.log",
            feeds=run / "output",
            progress=self.progress,
            label=f"round {round_no} {variant}",
            expected=self.expected,
        )
        measure = _measure(variant, round_no, code, wall, rss, _read_json(stats_file))
        self._drop_outputs(run / "output")
        return measure

    def ikpcrawl_run(
        self, label: str, run: Path, state: Path, *, round_no: int = 0, variant: str = "full",
        extra_args: Sequence[str] = (), extra_env: dict[str, str] | None = None,
    ) -> Measure:  # fmt: skip
        """``ikpcrawl run --outlets optika --all-articles`` with ``state``; fresh output."""
        shutil.rmtree(run / "output", ignore_errors=True)
        command = [
            PY, "-m", "ikpcrawl", "run", "--outlets", "optika", "--all-articles",
            "--parallel", "1", "--output", str(run / "output"), "--state", str(state),
            *extra_args,
        ]  # fmt: skip
        code, wall, rss = run_measured(
            command,
            crawl_env(self.server.base_url, **(extra_env or {})),
            log=run / "stdout.log",
            feeds=run / "output",
            progress=self.progress,
            label=label,
            expected=self.expected,
        )
        # One stats file per worker process (optika.stats.json, or one per --workers worker).
        stats_files = sorted((run / "output" / "_runs").glob("*/optika*.stats.json"))
        stats = merge_stats([_read_json(p) for p in stats_files])
        measure = _measure(variant, round_no, code, wall, rss, stats)
        self._drop_outputs(run / "output")
        return measure

    @staticmethod
    def _drop_outputs(directory: Path) -> None:
        """Exported JSONL is not needed once counted (it is large at 50000 pages)."""
        if directory.is_dir():
            for path in directory.rglob("*.jsonl"):
                path.unlink(missing_ok=True)

    def crawl_rounds(self, variants: Sequence[str]) -> list[Measure]:
        measures: list[Measure] = []
        for round_no in range(1, self.args.rounds + 1):
            for variant in variants:
                if variant == "bare":
                    m = self.scrapy_crawl("bench_bare", round_no, "bare", state=False)
                elif variant == "generic":
                    m = self.scrapy_crawl("optika_generic", round_no, "generic", state=True)
                else:
                    run = self.work / f"full-{round_no}"
                    shutil.rmtree(run, ignore_errors=True)
                    m = self.ikpcrawl_run(
                        f"round {round_no} full", run, run / "state", round_no=round_no
                    )
                measures.append(m)
                self.progress.done(
                    f"round {round_no} {variant}: {m.pages} pages in {m.wall_s:.1f}s = "
                    f"{m.pages_per_s:.1f}/s, {m.requests} requests, {m.items} items, "
                    f"peak RSS {m.peak_rss_mb:.0f} MB, exit {m.exit_code}"
                )
        return measures

    # ------------------------------------------------------------------ incremental
    def incremental(self, first: Measure | None) -> dict[str, Any]:
        """Run (2) again on the unchanged site, then after 1% new articles."""
        if first is None:
            run = self.work / "full-incr"
            shutil.rmtree(run, ignore_errors=True)
            first = self.ikpcrawl_run("incremental: first run", run, run / "state")
            self.progress.done(f"incremental first run: {first.pages} pages, {first.wall_s}s")
        state = self.work / f"full-{first.round}" / "state" if first.round else (
            self.work / "full-incr" / "state"
        )  # fmt: skip
        unchanged = self.ikpcrawl_run(
            "incremental: unchanged site", self.work / "incr-unchanged", state,
            variant="incremental_unchanged",
        )  # fmt: skip
        self.progress.done(
            f"incremental, unchanged site: {unchanged.requests} requests "
            f"(first run {first.requests}), {unchanged.wall_s:.1f}s (first run {first.wall_s:.1f}s)"
        )
        count = max(1, math.ceil(self.args.pages * NEW_ARTICLES_SHARE))
        new_urls = make_site.add_articles(self.site, count)
        try:
            run = self.work / "incr-new"
            newer = self.ikpcrawl_run(
                "incremental: 1% new articles", run, state, variant="incremental_new",
                # DEBUG logs every request: which pages were fetched, checked below.
                extra_env={"IKPCRAWL_LOG_LEVEL": "DEBUG"},
            )  # fmt: skip
        finally:
            make_site.reset_site(self.site)
        fetched = self._fetched_urls(state)
        new = set(new_urls)
        fetched_new = [u for u in fetched if u in new]
        articles_re = re.compile(r"^https://optika\.id/[a-z0-9][a-z0-9-]+$")
        old_articles = [u for u in fetched if u not in new and articles_re.match(u)]
        discovery = [u for u in fetched if u not in new and not articles_re.match(u)]
        self.progress.done(
            f"incremental, +{count} new articles: {newer.requests} requests, "
            f"{len(fetched_new)} new fetched, {newer.stats.get('ikpcrawl/incremental/new', 0)} "
            f"exported as new, {len(old_articles)} old articles refetched"
        )
        return {
            "first_run": asdict(first),
            "unchanged": asdict(unchanged),
            "request_ratio": round(unchanged.requests / first.requests, 4)
            if first.requests
            else None,
            "time_ratio": round(unchanged.wall_s / first.wall_s, 4) if first.wall_s else None,
            "new_articles": {
                "published": count,
                "requests": newer.requests,
                "wall_s": newer.wall_s,
                "new_fetched": len(fetched_new),
                "exported_new": int(newer.stats.get("ikpcrawl/incremental/new", 0)),
                "exported_items": newer.items,
                "old_articles_refetched": len(old_articles),
                "discovery_requests": len(discovery),
                "discovery_urls": sorted(set(discovery)),
                "peak_rss_mb": newer.peak_rss_mb,
                "exit_code": newer.exit_code,
            },
        }

    @staticmethod
    def _fetched_urls(state: Path) -> list[str]:
        """URLs of the 'Crawled (200) <GET url>' lines of the newest run's log."""
        logs = sorted((state / "logs").glob("*/optika.log"), key=lambda p: p.stat().st_mtime)
        if not logs:
            return []
        return re.findall(r"Crawled \(\d+\) <GET ([^>]+)>", logs[-1].read_text("utf-8", "replace"))

    # --------------------------------------------------------------------- extract
    def extract(self) -> dict[str, Any]:
        count = self.args.extract_pages
        self.progress.update(f"extract: timing {count} pages in-process")
        timing = subprocess.run(
            [PY, str(REPO / "bench" / "extract_timing.py"), "--site", str(self.site),
             "--count", str(count)],
            cwd=REPO, capture_output=True, text=True, check=False,
        )  # fmt: skip
        try:
            result: dict[str, Any] = json.loads(timing.stdout.strip().splitlines()[-1])
        except (ValueError, IndexError):
            result = {"error": (timing.stderr or timing.stdout)[-2000:]}
        # The batch command itself: wall time of N lines minus that of 1 line (startup).
        pages = make_site.sample_pages(self.site, count)
        lines = "".join(json.dumps({"file": str(p), "url": u}) + "\n" for p, u in pages)

        def batch(text: str) -> tuple[float, int]:
            started = time.perf_counter()
            done = subprocess.run(
                [PY, "-m", "ikpcrawl", "extract", "--batch"], cwd=REPO, input=text,
                capture_output=True, text=True, check=False,
            )  # fmt: skip
            return time.perf_counter() - started, done.stdout.count("\n")

        self.progress.update(f"extract: ikpcrawl extract --batch over {count} pages")
        one_s, _ = batch(lines.splitlines(keepends=True)[0] if lines else "")
        all_s, out_lines = batch(lines)
        result.update(
            {
                "batch_wall_s": round(all_s, 2),
                "batch_startup_s": round(one_s, 2),
                "batch_lines_out": out_lines,
                "batch_ms_per_page": round((all_s - one_s) * 1000 / max(1, len(pages) - 1), 2),
            }
        )
        self.progress.done(
            f"extract: ikpcrawl {result.get('ikpcrawl_ms_per_page')} ms/page in-process, "
            f"{result['batch_ms_per_page']} ms/page in --batch; trafilatura "
            f"{result.get('trafilatura_ms_per_page')} ms/page"
        )
        return result

    # ---------------------------------------------------------------------- workers
    def workers(self) -> tuple[float | None, str, dict[str, Any]]:
        """``ikpcrawl run --workers 2`` on Redis against ``--workers 1``, when both exist.

        Each run gets its own fresh redis-server (the incremental state lives in Redis in that
        mode, so a shared one would make the second run incremental). The server is passed as
        ``IKPCRAWL_REDIS_URL`` (ikpcrawl/crawl/distributed.py); workers stop 2 s after the shared
        queue empties instead of the default 20 s, which would only measure the idle wait.
        """
        redis = shutil.which("redis-server")
        help_text = subprocess.run(
            [PY, "-m", "ikpcrawl", "run", "--help"], cwd=REPO, capture_output=True, text=True,
            check=False,
        ).stdout  # fmt: skip
        if "--workers" not in help_text:
            return None, "`ikpcrawl run` has no --workers option yet (Redis support not merged)", {}
        if not redis:
            return None, "redis-server is not installed (not on PATH)", {}
        # The newest share of the articles (--since), to keep the whole bench under 10 minutes;
        # one and two workers crawl the same window.
        first = int(self.args.pages * (1 - self.args.workers_share))
        since = make_site.article_record(first)["published"].date().isoformat()
        expected = self.args.pages - first
        runs = {}
        for workers in (1, 2):
            port = free_port()
            server = subprocess.Popen(
                [redis, "--port", str(port), "--save", "", "--appendonly", "no"],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )  # fmt: skip
            try:
                time.sleep(0.5)
                env = {
                    "IKPCRAWL_REDIS_URL": f"redis://127.0.0.1:{port}/0",
                    "IKPCRAWL_WORKER_IDLE_TIMEOUT": "2",
                }
                run = self.work / f"workers-{workers}"
                shutil.rmtree(run, ignore_errors=True)
                saved, self.expected = self.expected, expected
                try:
                    runs[workers] = self.ikpcrawl_run(
                        f"workers={workers}", run, run / "state", variant=f"workers_{workers}",
                        extra_args=("--workers", str(workers), "--since", since),
                        extra_env=env,
                    )  # fmt: skip
                finally:
                    self.expected = saved
            finally:
                server.terminate()
                server.wait(timeout=10)
            m = runs[workers]
            self.progress.done(
                f"workers={workers}: {m.pages} pages in {m.wall_s:.1f}s = {m.pages_per_s}/s, "
                f"exit {m.exit_code}"
            )
        one, two = runs[1], runs[2]
        ratio = round(two.pages_per_s / one.pages_per_s, 3) if one.pages_per_s else None
        return ratio, "", {"since": since, "one": asdict(one), "two": asdict(two)}

    # --------------------------------------------------------------------- rendering
    def rendered(self) -> tuple[float | None, str, dict[str, Any]]:
        """The same sample of article pages, plain and rendered in Chromium.

        Throughput is pages over the crawl's own elapsed time (spider open to close, browser
        start included), so the interpreter's start-up does not drown 50 plain fetches.
        """
        if importlib.util.find_spec("ikpcrawl.crawl.rendering") is None:
            return (
                None,
                "ikpcrawl/crawl/rendering.py does not exist yet (no JavaScript rendering)",
                {},
            )
        chromium = (
            os.environ.get("IKPCRAWL_CHROMIUM")
            or shutil.which("chromium")
            or shutil.which("chromium-browser")
        )
        if not chromium:
            return None, "no Chromium installed (apt-get install -y chromium)", {}
        if importlib.util.find_spec("scrapy_playwright") is None:
            return None, "scrapy-playwright is not installed", {}
        sample = make_site.sample_pages(self.site, self.args.render_pages)
        urls = self.work / "render-sample.txt"
        urls.write_text("".join(f"{u}\n" for _, u in sample), encoding="utf-8")
        runs: dict[str, Measure] = {}
        for variant, spider in (("plain", "optika_sample"), ("rendered", "optika_rendered")):
            run = self.work / f"render-{variant}"
            shutil.rmtree(run, ignore_errors=True)
            saved, self.expected = self.expected, len(sample)
            try:
                runs[variant] = self.scrapy_crawl(
                    spider, 0, f"render-{variant}", state=False,
                    extra_args=("-a", f"urls_file={urls}"),
                )  # fmt: skip
            finally:
                self.expected = saved
            m = runs[variant]
            self.progress.done(
                f"{variant} sample: {m.items}/{len(sample)} items, {m.wall_s:.1f}s wall, "
                f"{m.stats.get('elapsed_time_seconds')}s crawl, exit {m.exit_code}"
            )
        plain, rendered = runs["plain"], runs["rendered"]
        raw: dict[str, Any] = {k: asdict(v) for k, v in runs.items()}
        rendered_pages = int(rendered.stats.get("ikpcrawl/render/pages", 0))
        if rendered.exit_code != 0 or rendered_pages == 0 or not rendered.items:
            reason = (
                f"the rendered crawl did not render ({rendered_pages} pages rendered, "
                f"finish reason {rendered.stats.get('finish_reason')}); see "
                f"{self.work / 'render-rendered'}"
            )
            return None, reason, raw

        def rate(m: Measure) -> float:
            elapsed = float(m.stats.get("elapsed_time_seconds") or m.wall_s)
            return m.items / elapsed if elapsed else 0.0

        ratio = round(rate(rendered) / rate(plain), 4) if rate(plain) else None
        raw["pages"] = len(sample)
        raw["plain_ms_per_page"] = round(1000 / rate(plain), 1) if rate(plain) else None
        raw["rendered_ms_per_page"] = round(1000 / rate(rendered), 1) if rate(rendered) else None
        return ratio, "", raw


# ---------------------------------------------------------------------------------- report
def median(values: Sequence[float]) -> float | None:
    return round(statistics.median(values), 2) if values else None


def summarise(measures: list[Measure], variant: str) -> dict[str, Any]:
    rows = [m for m in measures if m.variant == variant]
    if not rows:
        return {}
    return {
        "pages_per_s": median([m.pages_per_s for m in rows]),
        "wall_s": median([m.wall_s for m in rows]),
        "pages": int(statistics.median([m.pages for m in rows])),
        "requests": int(statistics.median([m.requests for m in rows])),
        "items": int(statistics.median([m.items for m in rows])),
        "peak_rss_mb": max(m.peak_rss_mb for m in rows),
        "exit_codes": sorted({m.exit_code for m in rows}),
    }


def _fmt(value: Any, spec: str = "", suffix: str = "") -> str:
    if value is None:
        return "-"
    return f"{value:{spec}}{suffix}"


def render_table(results: dict[str, Any]) -> str:
    v = results["variants"]
    bare = v.get("bare", {}).get("pages_per_s")
    lines = [
        f"ikpcrawl bench: {results['pages']} pages, {results['rounds']} round(s), "
        f"server {results['machine']['server']}, {results['machine']['cpu_count']} CPUs",
        "",
        f"{'variant':<28} {'pages/s':>8} {'vs bare':>8} {'peak RSS':>9} {'requests':>9} "
        f"{'pages':>7} {'items':>7} {'wall':>8}",
    ]
    names = {"bare": "1 bare reference", "full": "2 full crawl (ikpcrawl run)",
             "generic": "3 generic (no selectors)"}  # fmt: skip
    for key, label in names.items():
        row = v.get(key)
        if not row:
            lines.append(f"{label:<28} skipped")
            continue
        ratio = row["pages_per_s"] / bare if bare and row.get("pages_per_s") else None
        lines.append(
            f"{label:<28} {_fmt(row['pages_per_s'], '.1f'):>8} {_fmt(ratio, '.2f'):>8} "
            f"{_fmt(row['peak_rss_mb'], '.0f', ' MB'):>9} {row['requests']:>9} "
            f"{row['pages']:>7} {row['items']:>7} {_fmt(row['wall_s'], '.1f', ' s'):>8}"
        )
    incr = results.get("incremental")
    if incr:
        u = incr["unchanged"]
        lines.append(
            f"{'4 incremental, unchanged':<28} {'':>8} {'':>8} "
            f"{_fmt(u['peak_rss_mb'], '.0f', ' MB'):>9} {u['requests']:>9} {u['pages']:>7} "
            f"{u['items']:>7} {_fmt(u['wall_s'], '.1f', ' s'):>8}   requests "
            f"{incr['request_ratio']:.2%} / time {incr['time_ratio']:.1%} of the first run"
        )
        n = incr["new_articles"]
        lines.append(
            f"{'4 incremental, +1% new':<28} {'':>8} {'':>8} "
            f"{_fmt(n['peak_rss_mb'], '.0f', ' MB'):>9} {n['requests']:>9} {'':>7} "
            f"{n['exported_items']:>7} {_fmt(n['wall_s'], '.1f', ' s'):>8}   "
            f"{n['new_fetched']}/{n['published']} new fetched, {n['exported_new']} exported as "
            f"new, {n['old_articles_refetched']} old refetched, {n['discovery_requests']} "
            "discovery"
        )
    else:
        lines.append(f"{'4 incremental':<28} skipped")
    ex = results.get("extract")
    if ex and "error" not in ex:
        lines.append(
            f"{'5 extract, ms/page':<28} ikpcrawl {ex['ikpcrawl_ms_per_page']} (in-process), "
            f"{ex['batch_ms_per_page']} (--batch); generic cascade "
            f"{ex['ikpcrawl_generic_ms_per_page']}; trafilatura alone "
            f"{ex['trafilatura_ms_per_page']}  [{ex['pages']} pages]"
        )
    else:
        lines.append(f"{'5 extract':<28} {'skipped' if not ex else ex.get('error', '')[:200]}")
    two = results.get("two_workers_vs_one")
    workers = results.get("workers") or {}
    if two is not None:
        one_w, two_w = workers["one"], workers["two"]
        lines.append(
            f"{'6 two workers vs one':<28} {two:.2f}x: 1 worker {one_w['pages_per_s']}/s "
            f"({one_w['pages']} pages, {one_w['peak_rss_mb']:.0f} MB), 2 workers "
            f"{two_w['pages_per_s']}/s ({two_w['pages']} pages, {two_w['peak_rss_mb']:.0f} MB) "
            f"[Redis; articles since {workers.get('since')}]"
        )
    else:
        reason = results["reasons"].get("two_workers_vs_one")
        lines.append(f"{'6 two workers vs one':<28} n/a: {reason}")
    rend = results.get("rendered_vs_plain")
    raw = results.get("rendering") or {}
    if rend is not None:
        lines.append(
            f"{'7 rendered vs plain':<28} {rend:.3f}x throughput: rendered "
            f"{raw.get('rendered_ms_per_page')} ms/page, plain {raw.get('plain_ms_per_page')} "
            f"ms/page [{raw.get('pages')} pages; rendered peak RSS "
            f"{raw.get('rendered', {}).get('peak_rss_mb', 0):.0f} MB]"
        )
    else:
        reason = results["reasons"].get("rendered_vs_plain")
        lines.append(f"{'7 rendered vs plain':<28} n/a: {reason}")
    growth = results.get("rss_growth")
    if growth:
        lines.append(
            f"{'RSS growth':<28} {growth['small_pages']} pages {growth['small_rss_mb']:.0f} MB -> "
            f"{growth['large_pages']} pages {growth['large_rss_mb']:.0f} MB "
            f"({growth['growth']:+.1%})"
        )
    lines += ["", f"{'target':<44} {'value':>12}  met"]
    for name, t in results["targets"].items():
        met = {True: "yes", False: "NO", None: "n/a"}[t["met"]]
        lines.append(f"{name:<44} {_fmt(t['value']):>12}  {met}")
    return "\n".join(lines)


def judge_targets(results: dict[str, Any]) -> dict[str, Any]:
    def target(value: Any, ok: bool | None, goal: str) -> dict[str, Any]:
        return {"goal": goal, "value": value, "met": None if value is None else ok}

    r = results
    incr = r.get("incremental") or {}
    new = incr.get("new_articles") or {}
    growth = (r.get("rss_growth") or {}).get("growth")
    two = r.get("two_workers_vs_one")
    new_ok = None
    if new:
        new_ok = new["new_fetched"] == new["published"] and new["old_articles_refetched"] == 0
    return {
        "full_vs_bare >= 0.5": target(
            r["full_vs_bare"], (r["full_vs_bare"] or 0) >= TARGET_FULL_VS_BARE, ">= 0.5"
        ),
        "generic_vs_bare >= 0.25": target(
            r["generic_vs_bare"], (r["generic_vs_bare"] or 0) >= TARGET_GENERIC_VS_BARE, ">= 0.25"
        ),
        f"peak_rss_mb < 300 at {r['pages']} pages": target(
            r["peak_rss_mb"], (r["peak_rss_mb"] or 1e9) < TARGET_PEAK_RSS_MB, "< 300 MB"
        ),
        "rss growth 5000->50000 < 10%": target(
            growth, growth is not None and growth < TARGET_RSS_GROWTH, "< 10%"
        ),
        "incremental_request_ratio <= 2%": target(
            r["incremental_request_ratio"],
            (r["incremental_request_ratio"] or 1) <= TARGET_INCR_REQUESTS,
            "<= 0.02",
        ),
        "incremental_time_ratio <= 5%": target(
            r["incremental_time_ratio"],
            (r["incremental_time_ratio"] or 1) <= TARGET_INCR_TIME,
            "<= 0.05",
        ),
        "+1% new: fetches exactly the new articles": target(
            f"{new.get('new_fetched')}/{new.get('published')}" if new else None,
            new_ok,
            "all new, no old article",
        ),
        "two_workers_vs_one >= 1.6": target(
            two, two is not None and two >= TARGET_TWO_WORKERS, ">= 1.6"
        ),
    }


def machine(server: Server) -> dict[str, Any]:
    try:
        scrapy_version = subprocess.run(
            [PY, "-c", "import scrapy; print(scrapy.__version__)"],
            capture_output=True, text=True, check=False,
        ).stdout.strip()  # fmt: skip
    except OSError:
        scrapy_version = "?"
    return {
        "cpu_count": os.cpu_count(),
        "cpu_model": _cpu_model(),
        "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "python": platform.python_version(),
        "scrapy": scrapy_version,
        "platform": platform.platform(),
        "server": server.name,
    }


def _cpu_model() -> str | None:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return None


def warm_cache(site: Path, progress: Progress) -> None:
    """Read every file once, so no variant pays for a cold page cache."""
    total = 0
    for path in (site / make_site.HOST).rglob("*"):
        if path.is_file():
            with path.open("rb") as handle:
                while chunk := handle.read(1 << 20):
                    total += len(chunk)
    progress.done(f"page cache warmed: {total / 2**20:.0f} MB")


def warm_imports(progress: Progress) -> None:
    """Compile/cache the imports once so the first measured process is not penalised."""
    subprocess.run(
        [PY, "-m", "scrapy", "list", "-s", f"SPIDER_MODULES={SPIDER_MODULES}"],
        cwd=REPO, env=crawl_env("http://127.0.0.1:9"), capture_output=True, check=False,
    )  # fmt: skip
    subprocess.run([PY, "-c", "import trafilatura"], capture_output=True, check=False)
    progress.done("imports warmed")


def rss_check(
    args: argparse.Namespace, progress: Progress, small_rss: float | None
) -> dict[str, Any]:
    """One full crawl of a larger site (e.g. 50000 pages) for the RSS growth target."""
    large = args.rss_check
    root = make_site.site_root(args.bench_dir, large)
    root, reused = make_site.ensure_site(
        root, large, progress=lambda d, t: progress.update(f"generating site: {d}/{t} pages")
    )
    progress.done(f"site of {large} pages {'reused' if reused else 'generated'}: {root}")
    server = Server(root, args.work / f"server-{large}", args.server)
    server.start()
    try:
        bench = Bench(args, root, server, progress)
        bench.expected = large
        run = args.work / f"full-rss-{large}"
        shutil.rmtree(run, ignore_errors=True)
        m = bench.ikpcrawl_run(f"RSS check, {large} pages", run, run / "state", variant="full_rss")
    finally:
        server.stop()
    progress.done(f"RSS check: {large} pages, peak RSS {m.peak_rss_mb:.0f} MB, {m.pages_per_s}/s")
    growth = (m.peak_rss_mb / small_rss - 1) if small_rss else None
    return {
        "small_pages": args.pages,
        "small_rss_mb": small_rss,
        "large_pages": large,
        "large_rss_mb": m.peak_rss_mb,
        "growth": round(growth, 4) if growth is not None else None,
        "large_run": asdict(m),
    }


@contextlib.contextmanager
def serving(server: Server) -> Iterator[Server]:
    server.start()
    try:
        yield server
    finally:
        server.stop()


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="bench/run.py", description="ikpcrawl benchmarks (see bench/README.md)."
    )
    parser.add_argument("--pages", type=int, default=5000, help="article pages (default 5000)")
    parser.add_argument("--rounds", type=int, default=2, help="alternating rounds (default 2)")
    parser.add_argument(
        "--skip", default="", help=f"comma-separated steps to skip: {', '.join(STEPS)}"
    )
    parser.add_argument("--extract-pages", type=int, default=500, help="pages for step 5")
    parser.add_argument("--render-pages", type=int, default=50, help="pages for step 7")
    parser.add_argument(
        "--workers-share", type=float, default=0.4,
        help="share of the newest articles crawled by step 6 (--since), default 0.4",
    )  # fmt: skip
    parser.add_argument(
        "--rss-check", type=int, default=0, metavar="N",
        help="also crawl an N-page site once (e.g. 50000) and report RSS growth",
    )  # fmt: skip
    parser.add_argument("--server", choices=("auto", "nginx", "python"), default="auto")
    parser.add_argument(
        "--bench-dir", type=Path, default=make_site.default_root(),
        help="sites and run directories (default $IKPCRAWL_BENCH_DIR or $TMPDIR/ikpcrawl-bench)",
    )  # fmt: skip
    parser.add_argument("--output", type=Path, default=RESULTS, help="results JSON path")
    args = parser.parse_args(argv)
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    unknown = skip - set(STEPS)
    if unknown:
        parser.error(f"unknown --skip step(s): {', '.join(sorted(unknown))}; known: {STEPS}")
    if args.pages < 10 or args.rounds < 1:
        parser.error("--pages must be >= 10 and --rounds >= 1")
    args.skip = skip
    args.work = args.bench_dir / "runs" / f"n{args.pages}"
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    progress = Progress()
    started = time.monotonic()
    started_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
    root = make_site.site_root(args.bench_dir, args.pages)
    root, reused = make_site.ensure_site(
        root, args.pages,
        progress=lambda d, t: progress.update(f"generating site: {d}/{t} pages"),
    )  # fmt: skip
    stamp = make_site.read_stamp(root) or {}
    progress.done(f"site of {args.pages} pages {'reused' if reused else 'generated'}: {root}")
    shutil.rmtree(args.work, ignore_errors=True)
    args.work.mkdir(parents=True)
    warm_cache(root, progress)
    warm_imports(progress)
    server = Server(root, args.work / "server", args.server)
    with serving(server):
        progress.done(f"serving {root} at {server.base_url} with {server.name}")
        bench = Bench(args, root, server, progress)
        variants = [v for v in CRAWL_VARIANTS if v not in args.skip]
        measures = bench.crawl_rounds(variants) if variants else []
        incremental = None
        if "incremental" not in args.skip:
            fulls = [m for m in measures if m.variant == "full"]
            incremental = bench.incremental(fulls[-1] if fulls else None)
        extract = bench.extract() if "extract" not in args.skip else None
        two_workers, workers_reason, workers_raw = (
            bench.workers() if "workers" not in args.skip else (None, "skipped (--skip)", {})
        )
        rendered, rendered_reason, rendered_raw = (
            bench.rendered() if "rendered" not in args.skip else (None, "skipped (--skip)", {})
        )
        info = machine(server)
    variants_summary = {v: summarise(measures, v) for v in CRAWL_VARIANTS}
    bare = variants_summary["bare"].get("pages_per_s")

    def vs_bare(variant: str) -> float | None:
        value = variants_summary[variant].get("pages_per_s")
        return round(value / bare, 3) if value and bare else None

    results: dict[str, Any] = {
        "pages": args.pages,
        "bare_pages_per_s": bare,
        "full_pages_per_s": variants_summary["full"].get("pages_per_s"),
        "generic_pages_per_s": variants_summary["generic"].get("pages_per_s"),
        "full_vs_bare": vs_bare("full"),
        "generic_vs_bare": vs_bare("generic"),
        "peak_rss_mb": variants_summary["full"].get("peak_rss_mb"),
        "incremental_request_ratio": incremental["request_ratio"] if incremental else None,
        "incremental_time_ratio": incremental["time_ratio"] if incremental else None,
        "extract_ms_per_page": (extract or {}).get("ikpcrawl_ms_per_page"),
        "extract_batch_ms_per_page": (extract or {}).get("batch_ms_per_page"),
        "trafilatura_ms_per_page": (extract or {}).get("trafilatura_ms_per_page"),
        "two_workers_vs_one": two_workers,
        "rendered_vs_plain": rendered,
        "reasons": {
            k: v
            for k, v in (
                ("two_workers_vs_one", workers_reason),
                ("rendered_vs_plain", rendered_reason),
            )
            if v
        },
        "rounds": args.rounds,
        "variants": variants_summary,
        "incremental": incremental,
        "extract": extract,
        "workers": workers_raw or None,
        "rendering": rendered_raw or None,
        "raw": [asdict(m) for m in measures],
        "settings": {
            "concurrency": CONCURRENCY,
            "concurrency_per_domain": CONCURRENCY,
            "download_delay": 0,
            "autothrottle": False,
            "log_level": "WARNING",
            "robots_obey": True,
        },
        "site": {"root": str(root), "reused": reused, **stamp},
        "machine": info,
        "date": started_at,
    }
    if args.rss_check:
        results["rss_growth"] = rss_check(args, progress, results["peak_rss_mb"])
    results["duration_s"] = round(time.monotonic() - started, 1)
    results["targets"] = judge_targets(results)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.output.with_name(f".{args.output.name}.part")
    tmp.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(args.output)
    print(render_table(results))
    print(f"\nresults: {args.output} (whole bench {results['duration_s']:.0f}s)")
    failed = [m for m in measures if m.exit_code != 0]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
