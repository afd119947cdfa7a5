"""All outlets, found from the spider classes (the spiders are the single source of truth)."""

from __future__ import annotations

from functools import cache
from urllib.parse import urlsplit

from scrapy.utils.misc import walk_modules_iter
from scrapy.utils.spider import iter_spider_classes

from ikpcrawl.crawl.urls import registrable_domain
from ikpcrawl.outlet import Outlet
from ikpcrawl.spiders.base import NewsSpider


@cache
def spiders() -> dict[str, type[NewsSpider]]:
    """Spider name -> class, for every outlet spider in ``ikpcrawl.spiders``."""
    found: dict[str, type[NewsSpider]] = {}
    for module in walk_modules_iter("ikpcrawl.spiders"):
        for cls in iter_spider_classes(module):
            if issubclass(cls, NewsSpider) and getattr(cls, "outlet", None):
                found[cls.name] = cls
    return dict(sorted(found.items()))


def outlet_for_url(url: str) -> Outlet:
    """The outlet whose domains cover ``url``; a generic outlet (no selectors) otherwise."""
    host = (urlsplit(url).hostname or "").lower()
    best: tuple[int, Outlet] | None = None
    for cls in spiders().values():
        for domain in cls.outlet.domains:
            if (host == domain or host.endswith("." + domain)) and (
                best is None or len(domain) > best[0]
            ):
                best = (len(domain), cls.outlet)
    if best:
        return best[1]
    domain = registrable_domain(host) if host else ""
    return Outlet(name=domain or "unknown", domains=(domain,) if domain else (), sources=())


def outlet_by_name(name: str) -> Outlet | None:
    """Look an outlet up by spider name ("optika") or outlet name ("optika.id")."""
    for spider_name, cls in spiders().items():
        if name in (spider_name, cls.outlet.name):
            return cls.outlet
    return None
