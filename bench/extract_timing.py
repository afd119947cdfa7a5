"""Extraction speed on saved pages, in-process: ikpcrawl's cascade against trafilatura alone.

    python bench/extract_timing.py --site DIR --count 500        # prints one JSON object

Times, per page, on the same files read from disk each time:

* ``ikpcrawl``: :func:`ikpcrawl.ops.cli.extract_file`, what ``ikpcrawl extract --batch`` runs for
  each line (read, parse, the per-field cascade with the outlet's selectors, cleaning);
* ``ikpcrawl_generic``: the same with an outlet that has no selectors (the generic cascade);
* ``trafilatura``: ``trafilatura.extract(html, url=url)`` alone (text only, its defaults).

A few pages are extracted first and not timed (imports, caches).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.make_site import sample_pages

WARMUP = 5


def _time_per_page(
    pages: list[tuple[Path, str]], work: Callable[[Path, str], Any]
) -> tuple[float, int]:
    for path, url in pages[:WARMUP]:
        work(path, url)
    failures = 0
    started = time.perf_counter()
    for path, url in pages:
        try:
            work(path, url)
        except Exception:  # noqa: BLE001 - a failure still costs its time; count it
            failures += 1
    return (time.perf_counter() - started) * 1000 / max(1, len(pages)), failures


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, required=True, help="bench site root (site-N)")
    parser.add_argument("--count", type=int, default=500)
    args = parser.parse_args(argv)
    pages = sample_pages(args.site, args.count)
    if not pages:
        print(json.dumps({"error": f"no pages under {args.site}"}))
        return 1

    import dataclasses
    from datetime import datetime, timezone

    import trafilatura
    from scrapy.http import HtmlResponse

    from ikpcrawl.extract import extract_article
    from ikpcrawl.extract.cleaning import clean_article
    from ikpcrawl.ops.cli import extract_file, read_page
    from ikpcrawl.outlet import Selectors
    from ikpcrawl.spiders.optika import OptikaSpider

    generic_outlet = dataclasses.replace(OptikaSpider.outlet, selectors=Selectors())

    def ikpcrawl_full(path: Path, url: str) -> Any:
        return extract_file(path, url)

    def ikpcrawl_generic(path: Path, url: str) -> Any:
        response = HtmlResponse(url=url, body=read_page(path))
        article = extract_article(response, generic_outlet, now=datetime.now(timezone.utc))
        return clean_article(article, generic_outlet).to_dict()

    def trafilatura_alone(path: Path, url: str) -> Any:
        return trafilatura.extract(path.read_bytes().decode("utf-8"), url=url)

    out: dict[str, Any] = {"pages": len(pages)}
    for name, work in (
        ("ikpcrawl", ikpcrawl_full),
        ("ikpcrawl_generic", ikpcrawl_generic),
        ("trafilatura", trafilatura_alone),
    ):
        ms, failures = _time_per_page(pages, work)
        out[f"{name}_ms_per_page"] = round(ms, 2)
        out[f"{name}_failures"] = failures
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
