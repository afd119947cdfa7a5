"""``scrapy crawl`` with ikpcrawl's contract: arguments checked first, an exit code that says
whether the crawl did its work (:mod:`ikpcrawl.crawl.outcome`), and a last line saying why.

The checks run in ``process_options``, before Scrapy builds its crawler process (and prints its
start-up banner), so a bad argument is the only thing on stderr. The default feed is added only
when no other is given (``-o``/``-O`` or ``FEEDS``): ``-O x.jsonl`` writes that file alone.
"""

from __future__ import annotations

import difflib
import sys
from typing import TYPE_CHECKING

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError

from ikpcrawl.crawl.outcome import ExitCode, judge_crawl

if TYPE_CHECKING:
    import argparse


class Command(ScrapyCrawlCommand):
    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        if self.settings is None:
            return
        if not self.settings.getdict("FEEDS"):
            self.settings.set(
                "FEEDS", self.settings.getdict("IKPCRAWL_DEFAULT_FEEDS"), priority="project"
            )
        if len(args) != 1:
            return
        from scrapy.spiderloader import get_spider_loader

        loader = get_spider_loader(self.settings)
        try:
            spidercls = loader.load(args[0])
        except KeyError:
            names = ", ".join(sorted(loader.list()))
            self._fail(f"unknown spider {args[0]!r}; known spiders: {names}")
        check = getattr(spidercls, "check_arguments", None)
        if check is not None:
            try:
                check(opts.spargs)
            except UsageError as error:
                self._fail(str(error))
        known: tuple[str, ...] = getattr(spidercls, "ARGUMENTS", ())
        for name in opts.spargs if known else ():
            if name not in known:
                near = difflib.get_close_matches(name, known, n=1)
                hint = f"; did you mean {near[0]!r}?" if near else f"; known: {', '.join(known)}"
                sys.stderr.write(f"scrapy crawl: warning: unknown argument -a {name}{hint}\n")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            super().run(args, opts)
            return
        assert self.crawler_process is not None
        crawler = self._create_crawler(args[0])
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed or crawler.stats is None:
            self.exitcode = int(ExitCode.FAILED)
            return
        outcome = judge_crawl(crawler.stats.get_stats())
        sys.stderr.write(outcome.line(f"scrapy crawl {args[0]}") + "\n")
        self.exitcode = int(outcome.code)

    @staticmethod
    def _fail(message: str) -> None:
        sys.stderr.write(f"scrapy crawl: {message}\n")
        raise SystemExit(int(ExitCode.USAGE))
