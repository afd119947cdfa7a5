"""Profile one crawl variant of the bench under pyinstrument and summarise where time goes.

    python bench/profile.py --variant full --pages 5000       # also: bare, generic

Serves the bench site like ``bench/run.py``, runs the crawl process itself (``scrapy crawl``,
not the ``ikpcrawl run`` wrapper, whose parent only waits) under ``pyinstrument`` with the same
settings, and prints:

* the share of the crawl's time spent inside each function (inclusive, recursion counted once),
  for the functions that matter (ikpcrawl, parsel/lxml, Scrapy's pipeline/feed/middleware layers);
* the share of self time per package (where the CPU actually burns);
* the top self-time functions.

The full pyinstrument session and its text tree are kept under ``<bench dir>/profile/``.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from collections import defaultdict
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench import make_site, run

SPIDERS = {"bare": "bench_bare", "full": "optika", "generic": "optika_generic"}


def _package(path: str) -> str:
    """A readable bucket for a source file: ``ikpcrawl/extract/body.py``, ``lxml``, ``scrapy``."""
    if not path:
        return "?"
    if "/ikpcrawl/" in path and "site-packages" not in path:
        return "ikpcrawl/" + path.rsplit("/ikpcrawl/", 1)[1]
    match = re.search(r"site-packages/([^/]+)", path)
    if match:
        name = match.group(1).removesuffix(".py")
        return name.split(".")[0] if name.endswith(".so") else name
    if "/lib/python" in path:
        return "stdlib:" + path.rsplit("/", 1)[-1]
    if path.startswith("<"):
        return path
    return path.rsplit("/", 1)[-1]


def _key(frame: Any) -> str:
    name = f"{frame.class_name}.{frame.function}" if frame.class_name else frame.function
    return f"{name} ({_package(frame.file_path or '')})"


def _walk(frame: Any, stack: tuple[str, ...] = ()) -> Iterator[tuple[Any, tuple[str, ...]]]:
    """Real frames with the keys of their callers (pyinstrument's "[self]" leaves skipped:
    their time is already the parent's ``total_self_time``)."""
    if frame.is_synthetic:
        return
    yield frame, stack
    key = _key(frame)
    for child in frame.children:
        yield from _walk(child, (*stack, key))


def summarise(session_path: Path, top: int = 30) -> str:
    from pyinstrument.session import Session

    session = Session.load(str(session_path))
    root = session.root_frame()
    if root is None:
        return "empty profile"
    total = root.time
    inclusive: dict[str, float] = defaultdict(float)
    self_by_func: dict[str, float] = defaultdict(float)
    self_by_package: dict[str, float] = defaultdict(float)
    for frame, stack in _walk(root):
        package = _package(frame.file_path or "")
        key = _key(frame)
        if key not in stack:  # recursion: count the outermost call only
            inclusive[key] += frame.time
        self_time = frame.total_self_time
        if self_time:
            self_by_func[key] += self_time
            self_by_package[package] += self_time

    def pct(value: float) -> str:
        return f"{100 * value / total:5.1f}%"

    # ikpcrawl and the libraries it calls; Scrapy's and Twisted's plumbing only where it does
    # work per page (responses, selectors, feed export, middlewares), not the call wrappers.
    wrappers = re.compile(r"process_spider_output|Command\.run")
    interesting = re.compile(
        r"\((ikpcrawl/|parsel|lxml|trafilatura|htmldate|justext|courlan|dateparser|"
        r"itemadapter|datasketch|spidermon|jsonschema|w3lib|<built-in>)|"
        r"(Response|Request|Selector|Exporter|FeedExporter|Middleware|Stats\w*)\.\w+ \(scrapy"
    )
    lines = [f"profile: {session_path} ({total:.1f}s sampled)", "", "inclusive time (top):"]
    ranked = sorted(inclusive.items(), key=lambda kv: kv[1], reverse=True)
    shown = [kv for kv in ranked if interesting.search(kv[0]) and not wrappers.search(kv[0])][:top]
    lines += [f"  {pct(t)}  {name}" for name, t in shown]
    lines += ["", "self time by package:"]
    for name, t in sorted(self_by_package.items(), key=lambda kv: kv[1], reverse=True)[:top]:
        lines.append(f"  {pct(t)}  {name}")
    lines += ["", "self time by function:"]
    for name, t in sorted(self_by_func.items(), key=lambda kv: kv[1], reverse=True)[:top]:
        lines.append(f"  {pct(t)}  {name}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variant", choices=sorted(SPIDERS), default="full")
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--interval", type=float, default=0.001, help="sampling interval (s)")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--bench-dir", type=Path, default=make_site.default_root())
    parser.add_argument("--summary-only", type=Path, help="summarise an existing .pyisession")
    args = parser.parse_args(argv)
    if args.summary_only:
        print(summarise(args.summary_only, args.top))
        return 0
    pyinstrument = shutil.which("pyinstrument") or str(Path(sys.executable).parent / "pyinstrument")
    root, _ = make_site.ensure_site(make_site.site_root(args.bench_dir, args.pages), args.pages)
    out = args.bench_dir / "profile" / f"{args.variant}-{args.pages}"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    session = out / "crawl.pyisession"
    server = run.Server(root, out / "server")
    extra = {"IKPCRAWL_STATS_FILE": str(out / "stats.json")}
    if args.variant != "bare":
        extra["IKPCRAWL_STATE_DIR"] = str(out / "state")
    command = [
        pyinstrument, "-i", str(args.interval), "-r", "pyisession", "-o", str(session),
        "-m", "scrapy", "crawl", SPIDERS[args.variant],
        *(["-a", "election_only=false"] if args.variant != "bare" else []),
        "-s", f"SPIDER_MODULES={run.SPIDER_MODULES}",
        "-s", f"FEEDS={run.feed_setting(out / 'output' / 'items.jsonl')}",
        "-s", f"LOG_FILE={out / 'crawl.log'}",
    ]  # fmt: skip
    with run.serving(server):
        print(f"profiling {args.variant} on {args.pages} pages ({server.name}) ...", flush=True)
        done = subprocess.run(
            command, cwd=REPO, env=run.crawl_env(server.base_url, **extra), check=False
        )
    if done.returncode != 0 or not session.is_file():
        print(f"profiled crawl failed (exit {done.returncode}); see {out}", file=sys.stderr)
        return 1
    subprocess.run(
        [pyinstrument, "--load", str(session), "-r", "text", "--no-color", "-o",
         str(out / "crawl.txt")],
        check=False,
    )  # fmt: skip
    for path in (out / "output").glob("*.jsonl"):
        path.unlink()
    summary = summarise(session, args.top)
    (out / "summary.txt").write_text(summary + "\n", encoding="utf-8")
    print(summary)
    print(f"\nfull tree: {out / 'crawl.txt'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
