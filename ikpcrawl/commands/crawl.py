"""``scrapy crawl`` with spider arguments checked first: a bad one is one line, exit code 2."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError

if TYPE_CHECKING:
    import argparse


class Command(ScrapyCrawlCommand):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) == 1 and self.crawler_process is not None:
            try:
                spidercls = self.crawler_process.spider_loader.load(args[0])
            except KeyError:
                names = ", ".join(sorted(self.crawler_process.spider_loader.list()))
                self._fail(f"unknown spider {args[0]!r}; known spiders: {names}")
                return
            check = getattr(spidercls, "check_arguments", None)
            if check is not None:
                try:
                    check(opts.spargs)
                except UsageError as error:
                    self._fail(str(error))
                    return
        super().run(args, opts)

    def _fail(self, message: str) -> None:
        sys.stderr.write(f"scrapy crawl: {message}\n")
        self.exitcode = 2
