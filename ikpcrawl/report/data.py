"""What a report is made of: counters per outlet, day, issue and province, never articles.

:class:`ReportData` is filled by :func:`ikpcrawl.report.reading.build_report` and read by the
text summary and the HTML page.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

logger = logging.getLogger(__name__)

#: The label that labels beyond the reader's bound fold into.
OTHER_LABEL = "(other labels)"

# Province codes 11-82 are the same in Kemendagri and BPS numbering; the Papua codes (9x) differ
# between the two since the 2022 split, so they are named only from the data itself.
PROVINCE_NAMES: dict[str, str] = {
    "11": "Aceh",
    "12": "Sumatera Utara",
    "13": "Sumatera Barat",
    "14": "Riau",
    "15": "Jambi",
    "16": "Sumatera Selatan",
    "17": "Bengkulu",
    "18": "Lampung",
    "19": "Kepulauan Bangka Belitung",
    "21": "Kepulauan Riau",
    "31": "DKI Jakarta",
    "32": "Jawa Barat",
    "33": "Jawa Tengah",
    "34": "DI Yogyakarta",
    "35": "Jawa Timur",
    "36": "Banten",
    "51": "Bali",
    "52": "Nusa Tenggara Barat",
    "53": "Nusa Tenggara Timur",
    "61": "Kalimantan Barat",
    "62": "Kalimantan Tengah",
    "63": "Kalimantan Selatan",
    "64": "Kalimantan Timur",
    "65": "Kalimantan Utara",
    "71": "Sulawesi Utara",
    "72": "Sulawesi Tengah",
    "73": "Sulawesi Selatan",
    "74": "Sulawesi Tenggara",
    "75": "Gorontalo",
    "76": "Sulawesi Barat",
    "81": "Maluku",
    "82": "Maluku Utara",
}
PROVINCE_CODES = {name.casefold(): code for code, name in PROVINCE_NAMES.items()}
PROVINCE_LEVELS = frozenset({"province", "provinsi"})

_DAY_RE = re.compile(r"\d{4}-\d{2}-\d{2}")


class ReportError(ValueError):
    """A user error (missing directory, bad date, unwritable file): one line, exit code 2."""


@dataclass
class OutletSummary:
    """Counters for one outlet, over the articles inside the date window."""

    outlet: str
    articles: int = 0
    relevant: int = 0
    with_published_at: int = 0
    with_authors: int = 0
    day_from_crawled_at: int = 0
    undated: int = 0
    first_day: date | None = None
    last_day: date | None = None

    def add_day(self, day: date) -> None:
        self.first_day = day if self.first_day is None else min(self.first_day, day)
        self.last_day = day if self.last_day is None else max(self.last_day, day)


@dataclass
class ReportData:
    """Everything the summary and the page show: counters only, no articles."""

    sources: list[str]
    since: date | None = None
    until: date | None = None
    generated_at: str = ""
    files: int = 0
    unreadable_files: int = 0
    lines: int = 0
    bad_lines: int = 0
    bad_reasons: Counter[str] = field(default_factory=Counter)
    bad_examples: list[str] = field(default_factory=list)
    #: reason ("partial", "_runs", "hidden") -> files not read
    skipped_files: Counter[str] = field(default_factory=Counter)
    skipped_examples: list[str] = field(default_factory=list)
    #: lines with ``revision`` > 1: an article exported again by ``ikpcrawl run`` after its
    #: text changed; counted once, as its first revision
    reexports: int = 0
    outside_window: int = 0
    outlets: dict[str, OutletSummary] = field(default_factory=dict)
    per_day: Counter[tuple[str, date]] = field(default_factory=Counter)
    relevant_per_day: Counter[tuple[str, date]] = field(default_factory=Counter)
    #: articles that carry an ``election.issues`` list (even empty): the enrichment ran
    with_issues_field: int = 0
    with_issues: int = 0
    issue_totals: Counter[str] = field(default_factory=Counter)
    issues_per_day: Counter[tuple[str, date]] = field(default_factory=Counter)
    with_regions_field: int = 0
    with_provinces: int = 0
    #: province key (code, or "name:<casefolded name>") -> articles mentioning it
    provinces: Counter[str] = field(default_factory=Counter)
    province_names: dict[str, str] = field(default_factory=dict)
    #: casefolded name -> code, from region entries that state both
    province_codes: dict[str, str] = field(default_factory=dict, repr=False)

    @property
    def articles(self) -> int:
        return sum(o.articles for o in self.outlets.values())

    @property
    def day_from_crawled_at(self) -> int:
        return sum(o.day_from_crawled_at for o in self.outlets.values())

    @property
    def undated(self) -> int:
        return sum(o.undated for o in self.outlets.values())

    def outlets_by_size(self) -> list[OutletSummary]:
        return sorted(self.outlets.values(), key=lambda o: (-o.articles, o.outlet))

    def days(self) -> list[date]:
        return sorted({day for _, day in self.per_day})

    def province_label(self, key: str) -> str:
        if key in self.province_names:
            return self.province_names[key]
        if key == OTHER_LABEL:
            return key
        if key.startswith("name:"):
            return key[5:]
        return PROVINCE_NAMES.get(key, f"province {key}")


def parse_day(value: str | date | None, what: str) -> date | None:
    """``YYYY-MM-DD`` (or a date) -> date; anything else is a ReportError naming ``what``."""
    if value is None or isinstance(value, date):
        return value
    text = value.strip()
    try:
        if not _DAY_RE.fullmatch(text):
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise ReportError(f"{what} must be a date YYYY-MM-DD, got {value!r}") from None
