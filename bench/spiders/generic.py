"""The optika spider with its article selectors removed: the generic cascade does the work.

Discovery is unchanged (the listing selectors stay, they are navigation, not extraction), so
this crawl fetches exactly the pages the real one fetches; only extraction differs (the densest
prose block of the page, then trafilatura, instead of ``.post-content``).
"""

from __future__ import annotations

import dataclasses
from typing import ClassVar

from ikpcrawl.outlet import Outlet, Selectors
from ikpcrawl.spiders.optika import OptikaSpider


class OptikaGenericSpider(OptikaSpider):
    name = "optika_generic"
    outlet: ClassVar[Outlet] = dataclasses.replace(
        OptikaSpider.outlet,
        selectors=Selectors(
            listing_links=OptikaSpider.outlet.selectors.listing_links,
            next_page=OptikaSpider.outlet.selectors.next_page,
        ),
    )
