"""`ikpcrawl run`: incremental, crash-safe, non-overlapping runs against a local site."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from ikpcrawl.crawl.feeds import partial_path
from ikpcrawl.crawl.urls import canonicalize_url
from ikpcrawl.ops.devserver import serve
from ikpcrawl.store.sqlite_state import ArticleState, SQLiteState
from tests.conftest import SAMPLE_SITES, optika_site_module

MANIFEST = json.loads((SAMPLE_SITES / "optika.id" / "MANIFEST.json").read_text("utf-8"))
EXPORTED = {canonicalize_url(a["url"]) for a in MANIFEST["articles"] if a["expected"] == "exported"}


class Site:
    """A writable copy of the Optika sample site, served on 127.0.0.1."""

    def __init__(self, root: Path):
        self.root = root
        shutil.copytree(SAMPLE_SITES / "optika.id", root / "optika.id")
        # A healthy site: the sample's one page that answers 500 is gone (404) here, so that a
        # run of it does its whole work (exit 0); partial runs are tested with the sample as is.
        routes = self.dir / "_routes.json"
        kept = {
            path: answer
            for path, answer in json.loads(routes.read_text("utf-8")).items()
            if answer.get("status", 200) < 500
        }
        routes.write_text(json.dumps(kept), "utf-8")
        self.server, self.base_url = serve(root)

    @property
    def dir(self) -> Path:
        return self.root / "optika.id"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()  # refuse connections from now on


@pytest.fixture
def site(tmp_path: Path) -> Any:
    s = Site(tmp_path / "sites")
    yield s
    s.close()


def ikpcrawl_run(site: Site, tmp: Path, *extra: str, delay: str = "0", **popen: Any) -> Any:
    env = {
        **os.environ,
        "IKPCRAWL_MIRROR": site.base_url,
        "IKPCRAWL_DOWNLOAD_DELAY": delay,
        "IKPCRAWL_AUTOTHROTTLE": "false",
        "IKPCRAWL_CONCURRENCY_PER_DOMAIN": "1",
    }
    command = [
        sys.executable,
        "-m",
        "ikpcrawl",
        "run",
        "--outlets",
        "optika",
        "--output",
        str(tmp / "out"),
        "--state",
        str(tmp / "state"),
        *extra,
    ]
    if popen:
        return subprocess.Popen(command, env=env, cwd=tmp, **popen)
    return subprocess.run(
        command, env=env, cwd=tmp, capture_output=True, text=True, timeout=180, check=False
    )


def exported(tmp: Path) -> list[dict[str, Any]]:
    items = []
    for path in sorted((tmp / "out").glob("outlet=*/crawl_date=*/*.jsonl")):
        items.extend(json.loads(line) for line in path.read_text("utf-8").splitlines())
    return items


def add_article(site: Site, slug: str, title: str) -> str:
    page = optika_site_module().render_article(
        {
            "slug": slug,
            "title": title,
            "authors": ["Rina Kurniawati"],
            "date_line": "Senin, 25 Mar 2024 09:00 WIB",
            "section": "Politik",
            "published_at": "2024-03-25T09:00:00+07:00",
            "meta_published": True,
            "blocks": [
                (
                    "p",
                    (
                        "Optika.id - Komisi Pemilihan Umum menggelar rapat pleno terbuka "
                        "rekapitulasi suara tingkat nasional pada pemilu 2024 di Jakarta."
                    ),
                ),
                ("baca_juga", "Bawaslu Awasi Rekapitulasi"),
                (
                    "p",
                    (
                        "Bawaslu meminta seluruh saksi partai politik hadir dan mencermati "
                        "setiap tahapan penghitungan agar hasilnya dapat dipercaya publik."
                    ),
                ),
                ("editor", "Pahlevi"),
            ],
        }
    )
    (site.dir / f"{slug}.html").write_text(page, encoding="utf-8")
    url = f"https://optika.id/{slug}"
    sitemap = site.dir / "post-sitemap2.xml"
    text = sitemap.read_text("utf-8")
    sitemap.write_text(
        text.replace(
            "</urlset>",
            f"<url><loc>{url}</loc><lastmod>2024-03-25T09:05:00+07:00</lastmod></url>\n</urlset>",
        ),
        encoding="utf-8",
    )
    return url


def sitemap_entry(site: Site, slug: str) -> tuple[Path, str]:
    sitemap = site.dir / "post-sitemap2.xml"
    text = sitemap.read_text("utf-8")
    match = re.search(
        rf"<url>\s*<loc>https://optika.id/{re.escape(slug)}</loc>.*?</url>", text, re.DOTALL
    )
    assert match, slug
    return sitemap, match.group(0)


def edit_article(site: Site, slug: str) -> None:
    page = site.dir / f"{slug}.html"
    html = page.read_text("utf-8")
    first = re.search(r'<div class="post-content">\s*<p>(.*?)</p>', html, re.DOTALL)
    assert first
    page.write_text(
        html.replace(first.group(1), first.group(1) + " (Diperbarui: data terbaru.)", 1),
        encoding="utf-8",
    )
    sitemap, entry = sitemap_entry(site, slug)
    newer = re.sub(r"<lastmod>.*?</lastmod>", "<lastmod>2024-03-26T10:00:00+07:00</lastmod>", entry)
    sitemap.write_text(sitemap.read_text("utf-8").replace(entry, newer), encoding="utf-8")


def delete_article(site: Site, slug: str) -> None:
    (site.dir / f"{slug}.html").unlink()
    sitemap, entry = sitemap_entry(site, slug)
    sitemap.write_text(sitemap.read_text("utf-8").replace(entry, ""), encoding="utf-8")


def sitemap2_slugs(kind: str = "exported") -> list[str]:
    return [
        a["slug"]
        for a in MANIFEST["articles"]
        if a["expected"] == kind and "post-sitemap2" in a["discovered_via"]
    ]


@pytest.mark.e2e
def test_second_run_exports_exactly_the_new_and_edited(site: Site, tmp_path: Path) -> None:
    first = ikpcrawl_run(site, tmp_path)
    assert first.returncode == 0, first.stdout + first.stderr
    run1 = exported(tmp_path)
    assert {i["canonical_url"] for i in run1} == EXPORTED
    assert all(i["revision"] == 1 for i in run1)
    by_url = {i["canonical_url"]: i for i in run1}

    slugs = sitemap2_slugs()
    edited, deleted = slugs[0], slugs[1]
    new_urls = {
        add_article(
            site,
            "kpu-gelar-rapat-pleno-rekapitulasi-nasional",
            "KPU Gelar Rapat Pleno Rekapitulasi Nasional",
        ),
        add_article(site, "saksi-partai-diminta-hadiri-pleno", "Saksi Partai Diminta Hadiri Pleno"),
    }
    edit_article(site, edited)
    delete_article(site, deleted)
    site.server.hits.clear()

    second = ikpcrawl_run(site, tmp_path)
    assert second.returncode == 0, second.stdout + second.stderr
    run2 = [i for i in exported(tmp_path) if i not in run1]
    edited_url = f"https://optika.id/{edited}"
    assert {i["canonical_url"] for i in run2} == new_urls | {edited_url}
    again = next(i for i in run2 if i["canonical_url"] == edited_url)
    assert again["revision"] == 2
    assert again["first_seen_at"] == by_url[edited_url]["first_seen_at"]
    assert "(Diperbarui: data terbaru.)" in again["body"]
    assert all(i["revision"] == 1 for i in run2 if i["canonical_url"] in new_urls)
    # Unchanged articles were not fetched again; discovery documents were.
    unchanged = EXPORTED - {edited_url, f"https://optika.id/{deleted}"}
    assert all(site.server.hits.get(f"/optika.id/{u.rsplit('/', 1)[1]}") == 0 for u in unchanged)
    assert site.server.hits.get("/optika.id/sitemap_index.xml") >= 1
    assert site.server.hits.get("/optika.id/feed/") == 1
    # The summary names what happened.
    assert "optika" in second.stdout and " 2 " in second.stdout
    summaries = sorted((tmp_path / "out" / "_runs").glob("*.json"))
    report = json.loads(summaries[-1].read_text("utf-8"))
    assert report["outlets"][0]["new"] == 2
    assert report["outlets"][0]["updated"] == 1
    assert report["exit_code"] == 0


@pytest.mark.e2e
def test_sigkill_at_any_moment_loses_and_duplicates_nothing(site: Site, tmp_path: Path) -> None:
    for after in (0.4, 1.2, 2.0, 3.0):
        process = ikpcrawl_run(
            site,
            tmp_path,
            delay="0.08",
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(after)
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    final = ikpcrawl_run(site, tmp_path)
    assert final.returncode == 0, final.stdout + final.stderr
    items = exported(tmp_path)
    urls = [i["canonical_url"] for i in items]
    assert sorted(urls) == sorted(EXPORTED), "lost or duplicated articles"
    assert not list((tmp_path / "out").rglob("*.part"))


@pytest.mark.e2e
def test_two_runs_at_once_one_exits_with_the_lock_code(site: Site, tmp_path: Path) -> None:
    first = ikpcrawl_run(
        site, tmp_path, delay="0.1", stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    lock = tmp_path / "state" / "run.lock"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not (lock.exists() and lock.read_text().strip()):
        time.sleep(0.05)
    second = ikpcrawl_run(site, tmp_path)
    out, err = first.communicate(timeout=180)
    assert first.returncode == 0, out + err
    assert second.returncode == 3
    assert "another ikpcrawl run" in second.stderr
    assert second.stderr.strip().count("\n") == 0


@pytest.mark.e2e
def test_output_reads_back_as_one_table_with_duckdb(site: Site, tmp_path: Path) -> None:
    duckdb = pytest.importorskip("duckdb")
    assert ikpcrawl_run(site, tmp_path).returncode == 0
    pattern = str(tmp_path / "out" / "outlet=*" / "crawl_date=*" / "*.jsonl")
    rows = duckdb.sql(
        f"SELECT outlet, crawl_date, count(*) AS n FROM read_json_auto('{pattern}',"
        " hive_partitioning = true) GROUP BY ALL"
    ).fetchall()
    assert len(rows) == 1
    outlet, crawl_date, count = rows[0]
    assert outlet == "optika.id"  # the partition value equals the field: nothing rewritten
    assert count == len(EXPORTED)
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(crawl_date))


@pytest.mark.e2e
def test_outlet_that_finds_nothing_where_it_used_to_fails_the_run(
    site: Site, tmp_path: Path
) -> None:
    assert ikpcrawl_run(site, tmp_path).returncode == 0
    site.close()  # the "site" is gone: every request now fails
    broken = ikpcrawl_run(site, tmp_path)
    # Nothing could be fetched at all, and the summary names why (the server refuses).
    assert broken.returncode == 7, broken.stdout + broken.stderr
    assert "optika" in broken.stdout and "unreached" in broken.stdout
    assert "! nothing fetched (refused" in broken.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--outlets", "nope"], "unknown outlet"),
        (["--since", "2024/01/01"], "YYYY-MM-DD"),
        (["--parallel", "0"], "--parallel"),
    ],
)
def test_bad_arguments_are_one_line_and_exit_2(
    site: Site, tmp_path: Path, args: list[str], message: str
) -> None:
    proc = ikpcrawl_run(site, tmp_path, *args)
    assert proc.returncode == 2
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr


def test_unwritable_output_is_one_line(site: Site, tmp_path: Path) -> None:
    blocker = tmp_path / "out"
    blocker.write_text("a file where the output directory should be")
    proc = ikpcrawl_run(site, tmp_path)
    assert proc.returncode == 2
    assert "not writable" in proc.stderr and "Traceback" not in proc.stderr


def test_recovery_leaves_a_live_run_alone(tmp_path: Path) -> None:
    """A run whose process is alive (a parallel worker, a manual crawl) is not settled."""
    store = SQLiteState(tmp_path / "state")
    store.open_run("live", "optika.id", str(tmp_path / "live.jsonl"), "t0")  # this process
    store.stage(
        "live",
        ArticleState(
            "https://optika.id/x", "0123456789abcdef", "optika.id", "h" * 32, 1, "t0", "t0"
        ),
    )
    assert store.recover("optika.id", "other", "t1") == (0, 0)
    assert store.commit("live", "t2") == 1


def test_state_recovery_commits_complete_and_discards_partial(tmp_path: Path) -> None:
    """The two crash windows, exactly: before the rename, and after it but before the commit."""
    store = SQLiteState(tmp_path / "state")
    article = ArticleState(
        "https://optika.id/a",
        "0123456789abcdef",
        "optika.id",
        "h" * 32,
        1,
        "2024-01-01T00:00:00+00:00",
        "2024-01-01T00:00:00+00:00",
    )
    complete, partial = tmp_path / "run-a.jsonl", tmp_path / "run-b.jsonl"
    store.open_run("a", "optika.id", str(complete), "t0")
    store.stage("a", article)
    # Renamed into place, then killed before the commit. The file holds article a.
    complete.write_text(json.dumps({"canonical_url": "https://optika.id/a"}) + "\n")
    store.open_run("b", "optika.id", str(partial), "t0")
    store.stage("b", ArticleState(**{**article.__dict__, "canonical_url": "https://optika.id/b"}))
    partial_path(partial).write_text("{")  # killed while writing
    # Both runs' processes are gone (a finished child's pid stands for a killed crawl).
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    store._db.execute("UPDATE runs SET pid = ?", (int(dead),))
    assert store.recover("optika.id", "c", "t1") == (1, 1)
    assert store.get("https://optika.id/a") is not None
    assert store.get("https://optika.id/b") is None
    assert not partial_path(partial).exists()
    assert store.previous_exports("optika.id") == [1]


@pytest.mark.e2e
def test_broken_layout_fails_the_checks_names_the_outlet_and_alerts(
    site: Site, tmp_path: Path
) -> None:
    """A redesign that loses every date: the coverage check fails, the run exits 6 naming the
    outlet and the check, and the webhook receives a Slack-style message."""
    import http.server
    import threading

    received: list[dict[str, Any]] = []

    class Hook(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    hook = http.server.HTTPServer(("127.0.0.1", 0), Hook)
    threading.Thread(target=hook.serve_forever, daemon=True).start()
    for page in site.dir.glob("*.html"):
        html = page.read_text("utf-8")
        html = re.sub(r'<div class="post-date">.*?</div>', "", html)
        html = re.sub(r'<meta property="article:(published|modified)_time"[^>]*>', "", html)
        html = re.sub(r'"date(Published|Modified)": "[^"]*",?', "", html)
        page.write_text(html, encoding="utf-8")
    env_hook = {"IKPCRAWL_ALERT_WEBHOOK": f"http://127.0.0.1:{hook.server_port}/hook"}
    os.environ.update(env_hook)
    try:
        proc = ikpcrawl_run(site, tmp_path)
    finally:
        for key in env_hook:
            os.environ.pop(key)
        hook.shutdown()
    assert proc.returncode == 6, proc.stdout + proc.stderr
    assert "checks_failed" in proc.stdout
    assert "published_at" in proc.stdout and "optika" in proc.stdout
    assert received, "no alert was posted"
    assert "optika.id" in received[0]["text"] and "published_at" in received[0]["text"]


def test_staged_rows_are_made_durable_before_the_output_file_is_renamed(tmp_path: Path) -> None:
    """Staging is not fsynced per article; the state is synced once the file is complete and
    before its rename (after a power cut, a renamed file always has its staged rows)."""
    from scrapy.utils.test import get_crawler

    from ikpcrawl.crawl import signals
    from ikpcrawl.crawl.feeds import AtomicFileFeedStorage

    store = SQLiteState(tmp_path / "state")
    store.open_run("r", "optika.id", None, "t0")
    assert store._db.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
    crawler = get_crawler()
    seen: list[tuple[bool, bool, int]] = []
    target = tmp_path / "out" / "items.jsonl"

    def closing(path: str) -> None:
        store.sync("r")
        seen.append(
            (
                partial_path(target).exists(),
                target.exists(),
                store._db.execute("PRAGMA synchronous").fetchone()[0],
            )
        )

    crawler.signals.connect(closing, signal=signals.feed_closing)
    storage = AtomicFileFeedStorage(target.as_uri(), crawler=crawler)
    handle = storage.open(None)  # type: ignore[arg-type]
    handle.write(b"{}\n")
    storage.store(handle)
    assert seen == [(True, False, 1)]  # before the rename; back to NORMAL afterwards
    assert target.read_bytes() == b"{}\n"
    store.close()
