"""Parse the publication dates Indonesian news outlets print into timezone-aware datetimes.

Most date lines have a handful of shapes (``Selasa, 27 Des 2022 14:08 WIB``,
``Kompas.com - 16/12/2022, 14:08 WIB``, ISO 8601 in metadata, RFC 822 in feeds), so a fast path
of compiled regexes with a hand-written Indonesian + English month table handles them without
dateparser, which costs milliseconds per call. Only what the fast path does not recognise is
normalised and handed to dateparser, imported lazily so importing this module stays cheap.

Zone rules: ``WIB``/``WITA``/``WIT`` map to +07:00/+08:00/+09:00; an explicit numeric offset,
``Z``, ``GMT`` or ``UTC`` is kept as given (callers convert); text without a zone gets the
caller's ``default_tz``.
"""

from __future__ import annotations

import email.utils
import logging
import re
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from typing import Final

logger = logging.getLogger(__name__)

__all__ = ["WIB", "WIT", "WITA", "is_plausible", "parse_date", "to_iso"]

WIB: Final = timezone(timedelta(hours=7), "WIB")
WITA: Final = timezone(timedelta(hours=8), "WITA")
WIT: Final = timezone(timedelta(hours=9), "WIT")

# Date lines are short; capping keeps the regexes (and dateparser) cheap on garbage input.
_MAX_LEN: Final = 200
_EARLIEST: Final = datetime(1990, 1, 1, tzinfo=timezone.utc)
_FUTURE_SLACK: Final = timedelta(days=2)

# Indonesian full names and abbreviations (CLDR id: Agu, legacy Agt/Ags, Nop, Peb), plus English
# ones for RFC 822 feeds, English-language outlets and republika's "17 February 2017".
_MONTHS: Final[dict[str, int]] = {
    "januari": 1, "january": 1, "jan": 1,
    "februari": 2, "pebruari": 2, "february": 2, "feb": 2, "peb": 2,
    "maret": 3, "march": 3, "mar": 3, "mrt": 3,
    "april": 4, "apr": 4,
    "mei": 5, "may": 5,
    "juni": 6, "june": 6, "jun": 6,
    "juli": 7, "july": 7, "jul": 7,
    "agustus": 8, "august": 8, "agust": 8, "agu": 8, "agt": 8, "ags": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9,
    "oktober": 10, "october": 10, "okt": 10, "oct": 10,
    "november": 11, "nopember": 11, "nov": 11, "nop": 11,
    "desember": 12, "december": 12, "des": 12, "dec": 12,
}  # fmt: skip

_NAMED_ZONES: Final[dict[str, tzinfo]] = {
    "wib": WIB,
    "wita": WITA,
    "wit": WIT,
    "z": timezone.utc,
    "gmt": timezone.utc,
    "utc": timezone.utc,
    "ut": timezone.utc,
}

_MONTH_ALT = "|".join(sorted(_MONTHS, key=len, reverse=True))
# Zone after a time: WIB/WITA/WIT, GMT/UTC with an optional offset, Z, or a numeric offset.
_ZONE = (
    r"(?P<tz>WITA|WIT|WIB|(?:GMT|UTC|UT)(?:\s*[+-]\s*[0-9]{1,2}(?::?[0-9]{2})?)?|Z"
    r"|[+-][0-9]{2}(?::?[0-9]{2})?)(?![A-Za-z0-9])"
)
_TIME = (
    r"(?P<H>[0-9]{1,2})[:.](?P<M>[0-9]{2})(?:[:.](?P<S>[0-9]{2}))?(?![0-9])"
    r"(?:\s*(?P<ampm>[ap])\.?\s?m\.?(?![A-Za-z]))?"
)
# What outlets put between the date and the time: ", ", " - ", " | ", " – ", "pukul", "at".
_SEP = r"[\s,|/\-–—]*(?:(?:pukul|pkl\.?|jam|at)(?![A-Za-z])[\s,|\-–—]*)?"
_TAIL = rf"(?:{_SEP}{_TIME})?(?:\s*\(?\s*{_ZONE})?"

_FLAGS: Final = re.IGNORECASE
_ISO_RE: Final = re.compile(
    r"(?<![0-9])(?P<y>[0-9]{4})(?P<dsep>[-/])(?P<m>[0-9]{1,2})(?P=dsep)(?P<d>[0-9]{1,2})(?![0-9])"
    r"(?:(?:\s*T\s*|\s+)(?P<H>[0-9]{2}):(?P<M>[0-9]{2})(?::(?P<S>[0-9]{2})(?:[.,][0-9]{1,9})?)?"
    r"(?![0-9]))?"
    rf"(?:\s*{_ZONE})?",
    _FLAGS,
)
# "27 Des 2022", "04 November, 2015", "5-Agt-2015".
_DMY_TEXT_RE: Final = re.compile(
    rf"(?<![0-9A-Za-z])(?P<d>[0-9]{{1,2}})(?:st|nd|rd|th)?[\s\-/.]*(?P<mon>{_MONTH_ALT})"
    rf"(?![A-Za-z])\.?[\s,\-/]*(?P<y>[0-9]{{4}})(?![0-9]){_TAIL}",
    _FLAGS,
)
# English "December 27, 2022 2:08 PM".
_MDY_TEXT_RE: Final = re.compile(
    rf"(?<![A-Za-z])(?P<mon>{_MONTH_ALT})(?![A-Za-z])\.?\s*(?P<d>[0-9]{{1,2}})(?:st|nd|rd|th)?"
    rf"(?![0-9]),?\s+(?P<y>[0-9]{{4}})(?![0-9]){_TAIL}",
    _FLAGS,
)
# Always day first: "16/12/2022, 14:08", "11-07-2023,15:06", "(16/12/2022)", "08/1/2026 20:19".
_DMY_NUM_RE: Final = re.compile(
    r"(?<![0-9])(?P<d>[0-9]{1,2})(?P<dsep>[/.\-])(?P<m>[0-9]{1,2})(?P=dsep)(?P<y>[0-9]{4})"
    rf"(?![0-9]){_TAIL}",
    _FLAGS,
)
_ABSOLUTE_RES: Final = (_ISO_RE, _DMY_TEXT_RE, _MDY_TEXT_RE, _DMY_NUM_RE)

# email.utils only for the strict feed shape: it also copes with two-digit years ("05 Nov 15").
_RFC822_RE: Final = re.compile(
    r"^(?:[A-Za-z]{3},?\s*)?[0-9]{1,2}\s+[A-Za-z]{3}\s+[0-9]{2,4}\s+[0-9]{1,2}:[0-9]{2}"
    r"(?::[0-9]{2})?\s+(?:[+-][0-9]{4}|[A-Za-z]{1,5})$"
)

# Labels outlets put before a date line, stripped before the relative forms and dateparser.
_LABEL_RE: Final = re.compile(
    r"^(?:(?:terakhir\s+)?(?:diperbarui|diupdate|update[d]?|diterbitkan|dipublikasikan|dipublikasi"
    r"|dirilis|published|posted|publish|tanggal|tgl\.?|waktu|on|kompas\.com|liputan6\.com"
    r"|detik[a-z]*|oleh\b[^|]{0,80}\|)(?![A-Za-z])\s*[:\-–—,|]?\s*)+",
    _FLAGS,
)
# Before a relative form accept a known label or any short "author |" / "outlet •" prefix, but not
# arbitrary prose: "Presiden datang kemarin" is not a date line.
_REL_PREFIX = r"^(?:[^|•·]{0,60}[|•·])?\s*"
# Small counts outlets spell out: "sejam yang lalu", "tiga hari yang lalu", "an hour ago".
_NUMBER_WORDS: Final[dict[str, int]] = {
    "se": 1, "satu": 1, "sebuah": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6,
    "tujuh": 7, "delapan": 8, "sembilan": 9, "sepuluh": 10,
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10,
}  # fmt: skip
_NUMBER_ALT = "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
_REL_AGO_RE: Final = re.compile(
    _REL_PREFIX + rf"(?:sekitar\s+|about\s+)?(?P<n>[0-9]{{1,6}}|{_NUMBER_ALT})\s*"
    r"(?P<unit>detik|menit|mnt|jam|hari|minggu|pekan|bulan|tahun"
    r"|seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)"
    r"\s+(?:(?:yang|yg)\s+)?(?:lalu|ago)\s*\.?$",
    _FLAGS,
)
_REL_DAY_RE: Final = re.compile(
    _REL_PREFIX + r"(?P<day>kemarin|yesterday|hari\s+ini|today)"
    rf"(?:{_SEP}{_TIME})?(?:\s*\(?\s*{_ZONE})?\s*\)?\.?$",
    _FLAGS,
)
_REL_NOW_RE: Final = re.compile(_REL_PREFIX + r"(?:baru\s+saja|barusan|just\s+now)\s*\.?$", _FLAGS)

_UNIT_SECONDS: Final[dict[str, int]] = {
    "detik": 1, "second": 1, "sec": 1,
    "menit": 60, "mnt": 60, "minute": 60, "min": 60,
    "jam": 3600, "hour": 3600, "hr": 3600,
    "hari": 86400, "day": 86400,
    "minggu": 604800, "pekan": 604800, "week": 604800,
}  # fmt: skip

# dateparser is only asked when the text looks like it holds a date: a year, a numeric d/m/y, a
# month name next to a number, or (below) an explicit "ago" word. Without this gate its relative
# parser reads durations such as "5 menit" (reading time) or "2 jam" as "... ago", i.e. ~now.
_FALLBACK_SIGNAL_RE: Final = re.compile(
    r"(?<![0-9])[0-9]{4}(?![0-9])"
    r"|[0-9]{1,2}\s*[/.\-]\s*[0-9]{1,2}\s*[/.\-]\s*[0-9]{2}"
    rf"|[0-9]\s*(?:{_MONTH_ALT})(?![A-Za-z])|(?<![A-Za-z])(?:{_MONTH_ALT})\.?\s*[0-9]",
    _FLAGS,
)
_RELATIVE_WORD_RE: Final = re.compile(r"\b(?:lalu|ago|kemarin|yesterday)\b", _FLAGS)
# dateparser's "timestamp" and "no-spaces-time" parsers turn bare numbers into dates; relative-time
# is only enabled when the text says "lalu"/"ago"/"kemarin"/"yesterday".
_ABSOLUTE_PARSERS: Final = ("custom-formats", "absolute-time")
_RELATIVE_PARSERS: Final = ("relative-time", "custom-formats", "absolute-time")

_SPACES_RE: Final = re.compile(r"[\s\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]+")
_CONTROL_RE: Final = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_JUMAT_RE: Final = re.compile(r"\bjum['’`´]at\b", _FLAGS)
_FALLBACK_SEP_RE: Final = re.compile(r"[|–—•·]|\b(?:pukul|pkl)\b\.?", _FLAGS)
_FALLBACK_ZONE_RE: Final = re.compile(r"\b(WITA|WIT|WIB)\b\.?", _FLAGS)
_ZONE_OFFSETS: Final[dict[str, str]] = {"wib": "+0700", "wita": "+0800", "wit": "+0900"}


def to_iso(dt: datetime) -> str:
    """Format an aware datetime as ``YYYY-MM-DDTHH:MM:SS+HH:MM`` (never ``Z``, never fractions).

    Raises ``ValueError`` for a naive datetime: an ISO string without an offset is ambiguous.
    """
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise ValueError(f"to_iso needs a timezone-aware datetime, got {dt!r}")
    # isoformat writes UTC as +00:00, never Z.
    return dt.isoformat(timespec="seconds")


def is_plausible(dt: datetime, *, now: datetime | None = None) -> bool:
    """True if ``1990-01-01T00:00Z <= dt <= now + 2 days`` (naive values are taken as UTC)."""
    try:
        ref = now if now is not None else datetime.now(timezone.utc)
        if ref.tzinfo is None:
            ref = ref.replace(tzinfo=timezone.utc)
        if dt.tzinfo is None or dt.utcoffset() is None:
            dt = dt.replace(tzinfo=timezone.utc)
        return _EARLIEST <= dt <= ref + _FUTURE_SLACK
    except (OverflowError, ValueError, TypeError):
        return False


def parse_date(
    text: str | None, *, now: datetime | None = None, default_tz: tzinfo = WIB
) -> datetime | None:
    """Parse a date line into a timezone-aware datetime, or None.

    * ``WIB``/``WITA``/``WIT`` give +07/+08/+09; an explicit offset, ``Z``/``GMT``/``UTC`` is kept
      as given; text without a zone is read in ``default_tz``.
    * Numeric dates are always day first (``05/02/2024`` is 5 February). A date without a time is
      midnight in its zone.
    * Relative forms ("17 menit yang lalu", "2 jam yang lalu", "2 hours ago", "baru saja") are
      ``now`` in ``default_tz`` minus the delta. ``kemarin``/``hari ini`` with a time give that time
      on yesterday's/today's date; without a time they keep ``now``'s time of day (the page only
      tells us the day, and this keeps "kemarin" ordered before "hari ini").
    * ``now`` defaults to the current UTC time (a naive ``now`` is taken as UTC). It is only used for
      relative forms and the plausibility check: results outside ``is_plausible`` give None, so
      text without a date never yields the current time.
    * Never raises: any error is logged at debug level and gives None.
    """
    if not isinstance(text, str):
        return None
    try:
        ref = now if now is not None else datetime.now(timezone.utc)
        if ref.tzinfo is None:
            ref = ref.replace(tzinfo=timezone.utc)
        cleaned = _clean(text)
        if not cleaned:
            return None
        result = _parse_fast(cleaned, ref, default_tz)
        if result is None:
            result = _parse_fallback(cleaned, ref, default_tz)
        if result is None or result.utcoffset() is None:
            return None
        return result if is_plausible(result, now=ref) else None
    except Exception:
        # A date we cannot read must never take an article down with it.
        logger.debug("parse_date failed on %r", text[:_MAX_LEN], exc_info=True)
        return None


def _clean(text: str) -> str:
    text = text.strip()[:_MAX_LEN]
    text = _CONTROL_RE.sub(" ", text)
    return _SPACES_RE.sub(" ", text).strip()


def _parse_fast(text: str, now: datetime, default_tz: tzinfo) -> datetime | None:
    if _RFC822_RE.match(text):
        rfc = _parse_rfc822(text)
        if rfc is not None:
            return rfc
    best: tuple[int, datetime] | None = None
    for regex in _ABSOLUTE_RES:
        for match in regex.finditer(text):
            if best is not None and match.start() >= best[0]:
                break
            dt = _from_match(match, default_tz)
            if dt is not None:
                # The first date in the line is the one it is about ("Diperbarui" comes later).
                best = (match.start(), dt)
                break
    if best is not None:
        return best[1]
    return _parse_relative(text, now, default_tz)


def _parse_rfc822(text: str) -> datetime | None:
    try:
        dt = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if dt.tzinfo is None:
        # "-0000" means UTC with the local zone unknown; an unknown zone name (e.g. WIB) is
        # left to the regexes, which know it.
        return dt.replace(tzinfo=timezone.utc) if text.rstrip().endswith("-0000") else None
    return dt


def _from_match(match: re.Match[str], default_tz: tzinfo) -> datetime | None:
    groups = match.groupdict()
    try:
        month = _MONTHS[groups["mon"].lower()] if "mon" in groups else int(groups["m"])
        hour = int(groups["H"]) if groups.get("H") else 0
        minute = int(groups["M"]) if groups.get("M") else 0
        second = int(groups["S"]) if groups.get("S") else 0
        ampm = groups.get("ampm")
        if ampm:
            if not 1 <= hour <= 12:
                return None
            hour = hour % 12 + (12 if ampm.lower() == "p" else 0)
        tz = _zone(groups["tz"]) if groups.get("tz") else default_tz
        if tz is None:
            return None
        return datetime(int(groups["y"]), month, int(groups["d"]), hour, minute, second, tzinfo=tz)
    except (KeyError, ValueError, OverflowError):
        return None


def _zone(token: str) -> tzinfo | None:
    key = token.replace(" ", "").lower()
    named = _NAMED_ZONES.get(key)
    if named is not None:
        return named
    sign_at = max(key.find("+"), key.find("-"))
    if sign_at < 0:
        return None
    sign = -1 if key[sign_at] == "-" else 1
    digits = key[sign_at + 1 :].replace(":", "")
    if len(digits) <= 2:
        hours, minutes = int(digits), 0
    else:
        hours, minutes = int(digits[:-2]), int(digits[-2:])
    if hours > 14 or minutes >= 60:
        return None
    if hours == 0 and minutes == 0:
        return timezone.utc
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def _parse_relative(text: str, now: datetime, default_tz: tzinfo) -> datetime | None:
    if not any(ch.isalpha() for ch in text):
        return None
    stripped = _LABEL_RE.sub("", text) or text
    local_now = now.astimezone(default_tz)

    match = _REL_AGO_RE.match(stripped)
    if match is not None:
        raw_n = match["n"].lower()
        n = int(raw_n) if raw_n.isdigit() else _NUMBER_WORDS[raw_n]
        unit = match["unit"].lower()
        if unit in ("bulan", "month", "months"):
            return _minus_months(local_now, n)
        if unit in ("tahun", "year", "years"):
            return _minus_months(local_now, 12 * n)
        seconds = _UNIT_SECONDS.get(unit) or _UNIT_SECONDS.get(unit.rstrip("s"))
        if seconds is None:
            return None
        return local_now - timedelta(seconds=n * seconds)

    match = _REL_DAY_RE.match(stripped)
    if match is not None:
        day_word = match["day"].lower()
        tz = _zone(match["tz"]) if match["tz"] else default_tz
        if tz is None:
            return None
        base = now.astimezone(tz)
        if day_word in ("kemarin", "yesterday"):
            base -= timedelta(days=1)
        if not match["H"]:
            return base
        hour, minute = int(match["H"]), int(match["M"])
        second = int(match["S"]) if match["S"] else 0
        if match["ampm"]:
            if not 1 <= hour <= 12:
                return None
            hour = hour % 12 + (12 if match["ampm"].lower() == "p" else 0)
        return datetime.combine(base.date(), time(hour, minute, second), tzinfo=tz)

    if _REL_NOW_RE.match(stripped):
        return local_now
    return None


def _minus_months(dt: datetime, months: int) -> datetime:
    # Calendar months, clamping the day (31 March minus one month is 29 February in a leap year).
    total = dt.year * 12 + (dt.month - 1) - months
    year, month = divmod(total, 12)
    month += 1
    next_first = date(year + (month == 12), month % 12 + 1, 1)
    last_day = (next_first - timedelta(days=1)).day
    return dt.replace(year=year, month=month, day=min(dt.day, last_day))


def _normalise_for_dateparser(text: str) -> str:
    text = _LABEL_RE.sub("", text) or text
    text = _JUMAT_RE.sub("Jumat", text)
    text = _FALLBACK_SEP_RE.sub(" ", text)
    text = _FALLBACK_ZONE_RE.sub(lambda m: " " + _ZONE_OFFSETS[m[1].lower()] + " ", text)
    return _SPACES_RE.sub(" ", text).strip(" ,-")


def _parse_fallback(text: str, now: datetime, default_tz: tzinfo) -> datetime | None:
    relative = _RELATIVE_WORD_RE.search(text) is not None
    # No date-like signal: nothing for the slow parser to find, and it would invent "now - 5 min".
    if not relative and not _FALLBACK_SIGNAL_RE.search(text):
        return None
    normalised = _normalise_for_dateparser(text)
    if not normalised or normalised.isdigit():
        return None
    import dateparser  # lazy: loading it costs far more than the fast path

    # TIMEZONE/RETURN_AS_TIMEZONE_AWARE are left unset on purpose: with them dateparser converts an
    # explicit offset into TIMEZONE, and an explicit offset must be kept as given. A naive result
    # is wall time in default_tz, which is also what RELATIVE_BASE is expressed in.
    base = now.astimezone(default_tz).replace(tzinfo=None)
    settings = {
        "DATE_ORDER": "DMY",
        "PREFER_DATES_FROM": "past",
        "PREFER_DAY_OF_MONTH": "first",
        "RELATIVE_BASE": base,
        # A bare year, weekday or time ("Pemilu 2024", "Senin", "12:00") is not a publication date.
        "REQUIRE_PARTS": ["day", "month", "year"],
        "PARSERS": list(_RELATIVE_PARSERS if relative else _ABSOLUTE_PARSERS),
    }
    logger.debug("dateparser fallback for %r", normalised)
    dt = dateparser.parse(normalised, languages=["id", "en"], settings=settings)
    if dt is None:
        return None
    if dt.tzinfo is None:
        return dt.replace(tzinfo=default_tz)
    offset = dt.utcoffset()
    if offset is None:
        return dt.replace(tzinfo=default_tz)
    # Replace dateparser's StaticTzInfo by a plain fixed offset.
    return dt.replace(tzinfo=timezone.utc if not offset else timezone(offset))
