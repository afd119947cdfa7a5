"""``ikpcrawl report``: the command line (registered by ``ikpcrawl.ops.cli``, or run on its own
with ``python -m ikpcrawl.report report …``)."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from ikpcrawl.report.data import ReportError, parse_day
from ikpcrawl.report.html import render_html, write_html
from ikpcrawl.report.reading import build_report
from ikpcrawl.report.summary import format_summary

logger = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_USAGE = 2


def _check_html_target(path: Path) -> None:
    """Fail before reading millions of lines if the page could not be written anyway."""
    if path.is_dir():
        raise ReportError(f"--html {path} is a directory")
    parent = path.parent
    if not parent.exists():
        raise ReportError(f"--html {path}: directory {parent} does not exist")
    if not parent.is_dir():
        raise ReportError(f"--html {path}: {parent} is not a directory")
    if not os.access(parent, os.W_OK):
        raise ReportError(f"--html {path}: directory {parent} is not writable")


def cmd_report(args: argparse.Namespace) -> int:
    output = Path(args.output)
    since, until = parse_day(args.since, "--since"), parse_day(args.until, "--until")
    if not output.exists():
        raise ReportError(f"output directory {output} does not exist")
    if not output.is_dir():
        raise ReportError(f"--output {output} is not a directory")
    html_path = Path(args.html) if args.html else None
    if html_path is not None:
        _check_html_target(html_path)
    data = build_report(output, since=since, until=until)
    sys.stdout.write(format_summary(data))
    if html_path is not None:
        write_html(html_path, render_html(data))
        sys.stdout.write(f"HTML report: {html_path}\n")
    return EXIT_OK


def add_commands(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``report`` (its ``func`` returns an exit code; user errors raise ReportError)."""
    report = subparsers.add_parser(
        "report",
        help="summarise an output directory per outlet and day (text, optional HTML page)",
        description="Reads every *.jsonl under --output (skipping .part files and _runs/) and"
        " prints articles and election-relevant articles per outlet and day, with published_at"
        " and authors coverage. --html writes one self-contained page with charts.",
    )
    report.add_argument("--output", default="output", help="output directory (default: output)")
    report.add_argument("--html", metavar="FILE", help="also write an HTML report here")
    report.add_argument("--since", metavar="DATE", help="only days on or after YYYY-MM-DD")
    report.add_argument("--until", metavar="DATE", help="only days on or before YYYY-MM-DD")
    report.set_defaults(func=cmd_report)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m ikpcrawl.report report …``: the command on its own, as ``ikpcrawl`` runs it."""
    logging.basicConfig(level=logging.WARNING, format="ikpcrawl: %(message)s")
    parser = argparse.ArgumentParser(prog="ikpcrawl")
    add_commands(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except ReportError as error:
        print(f"ikpcrawl: {error}", file=sys.stderr)
        return EXIT_USAGE
