"""Cron expressions for ``ikpcrawl schedule``/``daemon``: intervals, validation, next runs.

cronsim computes the run times and python-crontab (which edits the crontab) must accept the
expression too, so a line we install is one that both understand. The two libraries decide
what is valid; this module only explains a rejection in one line (cronsim says no more than
"Bad minute"), expands the ``@hourly``-style names cronsim lacks, and turns ``30m`` into cron.

Errors: every user error raises :class:`ScheduleError` (a ``ValueError``) whose message is
one line saying what is wrong and how to fix it; the CLI prints ``ikpcrawl: <message>`` and
exits with :data:`EXIT_USAGE` (2).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

import crontab
from cronsim import CronSim, CronSimError

__all__ = [
    "EXIT_OK",
    "EXIT_USAGE",
    "ScheduleError",
    "every_to_cron",
    "next_run",
    "validate_cron",
]

EXIT_OK = 0
EXIT_USAGE = 2

logger = logging.getLogger(__name__)


class ScheduleError(ValueError):
    """A user error in scheduling: a one-line message saying what is wrong and how to fix it."""


_CRON_HELP = "expected 5 fields 'MINUTE HOUR DAY-OF-MONTH MONTH DAY-OF-WEEK', e.g. '*/30 * * * *'"
_EVERY_HELP = "use e.g. 30m, 15m, 1h, 2h or 1d"

# python-crontab's @-names, which cronsim does not read; @reboot is not a time of day.
_SPECIALS = {f"@{name}": expr for name, expr in crontab.SPECIALS.items() if name != "reboot"}

# Any instant does: constructing a CronSim is what validates the expression.
_SOME_INSTANT = datetime(2000, 1, 1)


def every_to_cron(every: str) -> str:
    """An interval like ``30m``, ``2h`` or ``1d`` as a cron expression."""
    match = re.fullmatch(r"([0-9]+)([mhd])", every.strip().lower())
    if not match:
        raise ScheduleError(f"invalid interval {every!r}: {_EVERY_HELP}")
    amount, unit = int(match.group(1)), match.group(2)
    # cron steps restart at each hour/day, so only divisors give an even interval.
    if unit == "m":
        if not 1 <= amount <= 59 or 60 % amount:
            raise ScheduleError(
                f"invalid interval {every!r}: minutes must divide 60"
                " (1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30); for an hour use 1h"
            )
        return "* * * * *" if amount == 1 else f"*/{amount} * * * *"
    if unit == "h":
        if not 1 <= amount <= 23 or 24 % amount:
            raise ScheduleError(
                f"invalid interval {every!r}: hours must divide 24 (1, 2, 3, 4, 6, 8, 12);"
                " for a day use 1d"
            )
        return "0 * * * *" if amount == 1 else f"0 */{amount} * * *"
    if amount != 1:
        raise ScheduleError(
            f"invalid interval {every!r}: only 1d is supported; use --cron for other days"
        )
    return "0 0 * * *"


@lru_cache(maxsize=64)
def validate_cron(expr: str) -> str:
    """The expression as 5 lower-case single-space-separated fields; ScheduleError if invalid.

    ``@hourly``-style names are expanded. Valid means both cronsim and python-crontab accept
    it, so extensions only one of them reads (seconds, ``L``, ``#``, ``5/10``) are refused,
    and so is a date no month has (Feb 30): such a job would never run.
    """
    fields = _five_fields(expr)
    normal = " ".join(fields).lower()
    try:
        CronSim(normal, _SOME_INSTANT)
    except CronSimError as error:
        rejection: str | None = str(error)
    else:
        rejection = None if _crontab_accepts(normal) else "python-crontab rejects it"
    if rejection is None:
        return normal
    for text, field in zip(fields, _FIELDS, strict=True):
        problem = _field_problem(text, field)
        if problem is not None:
            raise ScheduleError(f"invalid cron expression {expr!r}: {problem}; {_CRON_HELP}")
    if rejection.startswith("Bad day-of-month"):
        # Every field is well formed, yet cronsim found no month with such a day.
        raise ScheduleError(_never_message(expr))
    raise ScheduleError(f"invalid cron expression {expr!r}: {rejection}; {_CRON_HELP}")


def next_run(expr: str, after: datetime) -> datetime:
    """The first minute strictly after ``after`` that ``expr`` matches (computed by cronsim).

    Seconds and microseconds of the result are zero and its tzinfo is that of ``after``.
    A naive ``after`` is read as wall-clock time, as cron reads local time; for an aware one
    cronsim handles daylight-saving gaps and repeats the way Debian's cron does.
    """
    try:
        return next(CronSim(validate_cron(expr), after))
    except StopIteration:  # cronsim gives up after 50 years without a match
        raise ScheduleError(_never_message(expr)) from None


def _crontab_accepts(normal: str) -> bool:
    try:
        return bool(crontab.CronSlices.is_valid(normal))
    except TypeError:  # python-crontab 3.4 crashes on a range like sun-5 (a name, a number)
        return False


def _never_message(expr: str) -> str:
    # "within 5 years" holds both when no month has the day and after cronsim's 50-year search.
    return (
        f"cron expression {expr!r} never matches within 5 years (is the date impossible,"
        " like Feb 30?); fix the day-of-month or month"
    )


def _five_fields(expr: str) -> list[str]:
    text = expr.strip()
    if text.startswith("@"):
        special = _SPECIALS.get(text.lower())
        if special is None:
            raise ScheduleError(
                f"unsupported cron expression {expr!r}: use a 5-field expression"
                f" like '*/30 * * * *' or one of {', '.join(_SPECIALS)}"
            )
        text = special
    fields = text.split()
    if len(fields) != 5:
        raise ScheduleError(f"invalid cron expression {expr!r}: {_CRON_HELP}")
    return fields


# --------------------------------------------------------------------------- explanations


@dataclass(frozen=True)
class _Field:
    name: str
    lo: int
    hi: int
    names: tuple[str, ...] = ()  # names[i] stands for lo + i (literal: cron ignores locale)

    def value(self, token: str) -> int:
        if token.isdigit():
            if not self.lo <= int(token) <= self.hi:
                raise _FieldError(f"{self.name} {int(token)} is out of range {self.lo}-{self.hi}")
            return int(token)
        if token.lower() in self.names:
            return self.lo + self.names.index(token.lower())
        if not token:
            raise _FieldError(f"{self.name} has an empty value")
        hint = f" or a name like {self.names[0]}" if self.names else ""
        raise _FieldError(f"{self.name} {token!r} is not a number {self.lo}-{self.hi}{hint}")


class _FieldError(Exception):
    """What is wrong with one field; becomes part of a ScheduleError."""


_MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_FIELDS = (
    _Field("minute", 0, 59),
    _Field("hour", 0, 23),
    _Field("day of month", 1, 31),
    _Field("month", 1, 12, _MONTH_NAMES),
    _Field("day of week", 0, 7, ("sun", "mon", "tue", "wed", "thu", "fri", "sat")),  # 7: Sun
)


def _field_problem(text: str, field: _Field) -> str | None:
    """The first thing wrong in one field, in words; None if it is well formed.

    Consulted only after a library rejected the expression, to say why.
    """
    try:
        for part in text.split(","):
            base, slash, step = part.partition("/")
            if slash and not (step.isdigit() and 1 <= int(step) <= field.hi):
                raise _FieldError(f"{field.name} step {step!r} must be a number 1-{field.hi}")
            if base == "*":
                continue
            first, dash, last = base.partition("-")
            if not dash:
                field.value(first)
                if slash:
                    raise _FieldError(
                        f"{field.name} step {part!r} needs a range: use '*/n' or 'a-b/n'"
                    )
                continue
            lo, hi = field.value(first), field.value(last)
            if first.isdigit() != last.isdigit():
                raise _FieldError(
                    f"{field.name} range {base!r} mixes a name and a number (python-crontab"
                    " cannot read it): use names or numbers at both ends"
                )
            if lo > hi:
                raise _FieldError(f"{field.name} range {base!r} runs backwards")
    except _FieldError as error:
        return str(error)
    return None
