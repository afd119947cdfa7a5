"""Spider arguments (``-a name=value``), checked with one-line errors before a crawl starts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from scrapy.exceptions import UsageError

from ikpcrawl.config import parse_boolean
from ikpcrawl.extract import dates


@dataclass(frozen=True)
class DateWindow:
    """``-a since=YYYY-MM-DD -a until=YYYY-MM-DD``, inclusive days in the outlet's zone."""

    start: datetime | None = None
    end: datetime | None = None
    drop_undated: bool = True

    @property
    def active(self) -> bool:
        return self.start is not None or self.end is not None

    def contains(self, moment: datetime) -> bool:
        return (self.start is None or moment >= self.start) and (
            self.end is None or moment < self.end
        )

    def excludes(self, modified: str | None, published: str | None, tz: tzinfo) -> bool:
        """Whether a discovered entry's dates put it outside the window (undated: inside)."""
        if not self.active:
            return False
        if self.starts_after(modified or published, tz):
            return True
        moment = dates.parse_date(published, default_tz=tz)
        return bool(moment and self.end and moment >= self.end)

    def starts_after(self, raw: str | None, tz: tzinfo) -> bool:
        """True when ``raw`` (a lastmod or publication date) is before the window starts."""
        if not raw or self.start is None:
            return False
        moment = dates.parse_date(raw, default_tz=tz)
        return bool(moment and moment < self.start)

    @classmethod
    def parse(cls, since: str | None, until: str | None, tz: tzinfo) -> DateWindow:
        start = cls._day(since, "since", tz)
        end = cls._day(until, "until", tz)
        if start and end and end < start:
            raise UsageError(f"until ({until}) must not be before since ({since})")
        return cls(start, end + timedelta(days=1) if end else None)

    @staticmethod
    def _day(value: str | None, name: str, tz: tzinfo) -> datetime | None:
        if not value:
            return None
        try:
            day = date.fromisoformat(value.strip())
        except ValueError:
            raise UsageError(
                f"-a {name}={value!r} is not a date: use YYYY-MM-DD, e.g. -a {name}=2024-02-14"
            ) from None
        return datetime.combine(day, time.min, tzinfo=tz)


def parse_bool_arg(name: str, value: str | bool) -> bool:
    if isinstance(value, bool):
        return value
    parsed = parse_boolean(value)
    if parsed is None:
        raise UsageError(f"-a {name}={value!r} must be true or false")
    return parsed
