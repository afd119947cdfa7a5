"""The ``ikpcrawl`` command line.

Exit codes: 0 success; 1 failure; 2 bad arguments or configuration; 3 another run holds the
state directory; 4 an outlet failed; 5 an outlet found no articles where it usually does; 6 an
outlet's health checks (monitors) failed.
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import re
import sys
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, TextIO

from ikpcrawl.crawl.outcome import ExitCode
from ikpcrawl.ops.doctor import add_commands as add_doctor
from ikpcrawl.ops.schedule import add_commands as add_schedule
from ikpcrawl.report import add_commands as add_report

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2

logger = logging.getLogger(__name__)


class CliError(Exception):
    """A user error: printed as one line, exit code 2."""


def read_page(path: Path) -> bytes:
    """The bytes of a saved page; gzip-compressed files are decompressed."""
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return data


_MARKUP = re.compile(rb"<(?:!doctype|html|head|body|meta|div|p|article|title)\b", re.IGNORECASE)


def looks_like_html(data: bytes) -> bool:
    """Markup near the start and no NUL bytes: a saved page, not an image or an archive."""
    head = data[:4096]
    return b"\0" not in head and _MARKUP.search(head) is not None


def extract_file(path: Path, url: str, outlet_name: str | None = None) -> dict[str, Any]:
    """One saved page -> the article as a dict, with the spiders' extraction and cleaning."""
    from scrapy.http import HtmlResponse

    from ikpcrawl.extract import extract_article
    from ikpcrawl.extract.cleaning import clean_article
    from ikpcrawl.spiders.registry import outlet_by_name, outlet_for_url

    outlet = outlet_by_name(outlet_name) if outlet_name else outlet_for_url(url)
    if outlet is None:
        raise CliError(f"unknown outlet {outlet_name!r}: see `ikpcrawl outlets`")
    body = read_page(path)
    if not looks_like_html(body):
        raise CliError(f"{path} is not HTML (no markup in its first bytes): give a saved web page")
    response = HtmlResponse(url=url, body=body)
    article = extract_article(response, outlet, now=datetime.now(timezone.utc))
    return clean_article(article, outlet).to_dict()


def _dump(obj: Any, out: TextIO, *, indent: int | None = None) -> None:
    out.write(json.dumps(obj, ensure_ascii=False, indent=indent) + "\n")


def cmd_extract(args: argparse.Namespace) -> int:
    if args.batch:
        return _extract_batch(sys.stdin, sys.stdout, args.outlet)
    if not args.file or not args.url:
        raise CliError("extract needs FILE and --url URL (or --batch with JSON lines on stdin)")
    path = Path(args.file)
    if not path.is_file():
        raise CliError(f"no such file: {path}")
    _dump(extract_file(path, args.url, args.outlet), sys.stdout, indent=2)
    return EXIT_OK


def _extract_batch(lines: TextIO, out: TextIO, outlet_name: str | None) -> int:
    """``{"file", "url"}`` per line in; one article (or ``{"file", "error"}``) per line out."""
    failures = 0
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            request = json.loads(line)
            file, url = request["file"], request["url"]
        except (ValueError, KeyError, TypeError):
            failures += 1
            _dump(
                {"file": None, "line": number, "error": 'expected {"file": ..., "url": ...}'}, out
            )
            continue
        try:
            article = extract_file(Path(file), url, request.get("outlet") or outlet_name)
        except (OSError, EOFError, ValueError, CliError) as error:
            failures += 1
            _dump({"file": file, "error": f"{type(error).__name__}: {error}"}, out)
            continue
        _dump({"file": file, **article}, out)
        out.flush()
    if failures:
        logger.warning("%d input(s) could not be extracted", failures)
        return int(ExitCode.PARTIAL)
    return EXIT_OK


def cmd_outlets(args: argparse.Namespace) -> int:
    from ikpcrawl.spiders.registry import spiders

    for name, cls in spiders().items():
        outlet = cls.outlet
        line = f"{name:<16} {outlet.name:<22} {', '.join(s.kind.value for s in outlet.sources)}"
        print(line)
        if outlet.terms_note:
            print(f"{'':<16} terms: {outlet.terms_note}")
    return EXIT_OK


def cmd_run(args: argparse.Namespace) -> int:
    from ikpcrawl.ops import runner

    return runner.run(
        args.outlets,
        args.all,
        Path(args.output).absolute(),
        Path(args.state).absolute(),
        args.since,
        election_only=not args.all_articles,
        parallel=args.parallel,
        workers=args.workers,
    )


def cmd_worker(args: argparse.Namespace) -> int:
    from ikpcrawl.ops import runner

    return runner.run(
        args.outlets,
        args.all,
        Path(args.output).absolute(),
        Path(args.state).absolute(),
        None,
        election_only=not args.all_articles,
        parallel=args.parallel,
        workers=1,
        join=True,
    )


def cmd_seed(args: argparse.Namespace) -> int:
    import os

    from ikpcrawl.crawl.distributed import new_generation, push_seeds
    from ikpcrawl.ops import runner
    from ikpcrawl.spiders.registry import spiders
    from ikpcrawl.store.redis_state import RedisUnavailable

    url = os.environ.get("IKPCRAWL_REDIS_URL")
    if not url:
        raise CliError("seed needs IKPCRAWL_REDIS_URL (e.g. redis://127.0.0.1:6379/0)")
    for name in runner.resolve_outlets(args.outlets, args.all):
        generation = new_generation()
        try:
            pushed = push_seeds(spiders()[name], url, generation)
        except RedisUnavailable as error:
            raise CliError(str(error)) from None
        print(f"{name}: generation {generation}, {pushed} entry point(s) queued")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ikpcrawl", description="Crawler for Indonesian election news (Bawaslu IKP)."
    )
    sub = parser.add_subparsers(dest="command", required=True)

    extract = sub.add_parser("extract", help="print one saved page as an article (JSON)")
    extract.add_argument("file", nargs="?", help="saved HTML page (plain or .gz)")
    extract.add_argument("--url", help="the URL the page was served from")
    extract.add_argument("--outlet", help="outlet name (default: from the URL's host)")
    extract.add_argument(
        "--batch",
        action="store_true",
        help='read {"file": ..., "url": ...} lines on stdin, write JSON lines',
    )
    extract.set_defaults(func=cmd_extract)

    outlets = sub.add_parser("outlets", help="list the outlets and their discovery sources")
    outlets.set_defaults(func=cmd_outlets)

    run = sub.add_parser("run", help="the scheduled job: incremental crawl of outlets")
    chosen = run.add_mutually_exclusive_group()
    chosen.add_argument("--outlets", help="comma-separated spider or outlet names")
    chosen.add_argument("--all", action="store_true", help="every outlet (the default)")
    run.add_argument("--output", default="output", help="output directory (default: output)")
    run.add_argument("--state", default=".state", help="state directory (default: .state)")
    run.add_argument("--since", help="only articles published on or after YYYY-MM-DD")
    run.add_argument("--parallel", type=int, default=2, help="outlets at once (default: 2)")
    run.add_argument(
        "--all-articles",
        action="store_true",
        help="export every article, not only election-relevant ones",
    )
    run.add_argument(
        "--workers",
        type=int,
        default=1,
        help="worker processes per outlet, sharing work through Redis (needs IKPCRAWL_REDIS_URL)",
    )
    run.set_defaults(func=cmd_run)

    worker = sub.add_parser(
        "worker", help="join the outlets' current Redis crawl (run it on each machine)"
    )
    picked = worker.add_mutually_exclusive_group()
    picked.add_argument("--outlets", help="comma-separated spider or outlet names")
    picked.add_argument("--all", action="store_true", help="every outlet (the default)")
    worker.add_argument("--output", default="output", help="output directory")
    worker.add_argument("--state", default=".state", help="local state directory (logs, lock)")
    worker.add_argument("--parallel", type=int, default=2, help="outlets at once (default: 2)")
    worker.add_argument(
        "--all-articles",
        action="store_true",
        help="export every article, not only election-relevant ones",
    )
    worker.set_defaults(func=cmd_worker)

    seed = sub.add_parser("seed", help="start a new Redis crawl: queue the outlets' entry points")
    seeded = seed.add_mutually_exclusive_group()
    seeded.add_argument("--outlets", help="comma-separated spider or outlet names")
    seeded.add_argument("--all", action="store_true", help="every outlet (the default)")
    seed.set_defaults(func=cmd_seed)

    add_schedule(sub)
    add_report(sub)
    add_doctor(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="ikpcrawl: %(message)s")
    parser = build_parser()
    args = parser.parse_args(argv)
    from ikpcrawl.config import ConfigError, settings_from_env
    from ikpcrawl.ops.runner import EXIT_LOCKED, LockedError, RunError
    from ikpcrawl.ops.schedule import ScheduleError
    from ikpcrawl.report import ReportError

    user_errors = (CliError, RunError, ReportError, ConfigError, ScheduleError)
    try:
        settings_from_env()  # every IKPCRAWL_* variable checked before anything runs
        return int(args.func(args))
    except user_errors as error:
        print(f"ikpcrawl: {error}", file=sys.stderr)
        return EXIT_USAGE
    except LockedError as error:
        print(f"ikpcrawl: {error}", file=sys.stderr)
        return EXIT_LOCKED
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
