"""``scrapy crawl`` with spider arguments checked first: a bad one is one line, exit code 2.

The checks run in ``process_options``, before Scrapy builds its crawler process (and prints its
start-up banner), so the error is the only thing on stderr.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError

if TYPE_CHECKING:
    import argparse


class Command(ScrapyCrawlCommand):
    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        if len(args) != 1 or self.settings is None:
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

    @staticmethod
    def _fail(message: str) -> None:
        sys.stderr.write(f"scrapy crawl: {message}\n")
        raise SystemExit(2)
