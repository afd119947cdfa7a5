"""Scheduling ``ikpcrawl run``: cron lines, crontab install/remove, and a foreground daemon.

Errors: every user error raises :class:`ScheduleError` (a ``ValueError``) whose message is
one line saying what is wrong and how to fix it; the CLI prints ``ikpcrawl: <message>`` and
exits with :data:`EXIT_USAGE` (2).

Public API:

- :func:`every_to_cron` -- ``"30m"`` -> ``"*/30 * * * *"``
- :func:`validate_cron` -- a normalised 5-field expression (checked by python-crontab too)
- :func:`next_run` -- the first matching minute strictly after a datetime (own matcher)
- :func:`cron_command`, :func:`cron_line` -- the shell command / crontab line for cron
- :func:`install`, :func:`remove` -- our job (marked ``# ikpcrawl``) in a crontab
- :func:`daemon` -- a foreground scheduler for hosts without cron
- :func:`add_commands` -- the ``schedule`` and ``daemon`` subcommands
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path
from types import FrameType
from typing import Any, TextIO

__all__ = [
    "EXIT_OK",
    "EXIT_USAGE",
    "MARKER",
    "ScheduleError",
    "add_commands",
    "cron_command",
    "cron_line",
    "daemon",
    "every_to_cron",
    "install",
    "next_run",
    "remove",
    "validate_cron",
]

EXIT_OK = 0
EXIT_USAGE = 2
# The exit code of `ikpcrawl run` when another run holds the state lock (see runner.py).
EXIT_LOCKED = 3

MARKER = "ikpcrawl"
TABFILE_ENV = "IKPCRAWL_CRONTAB_FILE"

logger = logging.getLogger(__name__)


class ScheduleError(ValueError):
    """A user error in scheduling: a one-line message saying what is wrong and how to fix it."""


# --------------------------------------------------------------------------- expressions

_CRON_HELP = "expected 5 fields 'MINUTE HOUR DAY-OF-MONTH MONTH DAY-OF-WEEK', e.g. '*/30 * * * *'"
_EVERY_HELP = "use e.g. 30m, 15m, 1h, 2h or 1d"

_SPECIALS = {
    "@hourly": "0 * * * *",
    "@daily": "0 0 * * *",
    "@midnight": "0 0 * * *",
    "@weekly": "0 0 * * 0",
    "@monthly": "0 0 1 * *",
    "@yearly": "0 0 1 1 *",
    "@annually": "0 0 1 1 *",
}

# Literal names: calendar.month_abbr would follow the locale, cron does not.
_MONTHS = {
    name: i
    for i, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_DAYS = {"sun": 0, "mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6}


@dataclass(frozen=True)
class _Field:
    name: str
    lo: int
    hi: int
    names: dict[str, int]


_FIELDS = (
    _Field("minute", 0, 59, {}),
    _Field("hour", 0, 23, {}),
    _Field("day of month", 1, 31, {}),
    _Field("month", 1, 12, _MONTHS),
    _Field("day of week", 0, 7, _DAYS),
)


@dataclass(frozen=True)
class _Spec:
    """A parsed expression: the allowed values of each field."""

    minutes: tuple[int, ...]  # sorted, to find the next one quickly
    hours: tuple[int, ...]
    doms: frozenset[int]
    months: frozenset[int]
    dows: frozenset[int]  # 0 = Sunday (7 is folded into 0)
    # Vixie cron/cronie: a field that starts with "*" (also "*/2") counts as unrestricted
    # for the day-of-month/day-of-week OR rule.
    dom_star: bool
    dow_star: bool

    def day_matches(self, day: datetime) -> bool:
        dom = day.day in self.doms
        dow = day.isoweekday() % 7 in self.dows
        if self.dom_star or self.dow_star:
            return dom and dow
        return dom or dow  # both restricted: cron runs when EITHER matches


class _FieldError(Exception):
    """A problem in one field; wrapped into a ScheduleError with the whole expression."""


def _value(token: str, field: _Field) -> int:
    if token.isdigit():
        number = int(token)
        if not field.lo <= number <= field.hi:
            raise _FieldError(f"{field.name} {number} is out of range {field.lo}-{field.hi}")
        return number
    if token.lower() in field.names:
        return field.names[token.lower()]
    hint = f" or a name like {next(iter(field.names))}" if field.names else ""
    raise _FieldError(
        f"{field.name} {token!r} is not a number {field.lo}-{field.hi}{hint}"
        if token
        else f"{field.name} has an empty value"
    )


def _parse_field(text: str, field: _Field) -> frozenset[int]:
    values: set[int] = set()
    for part in text.split(","):
        base, slash, step_text = part.partition("/")
        step = 1
        if slash:
            if not step_text.isdigit() or not 1 <= int(step_text) <= field.hi:
                raise _FieldError(f"{field.name} step {step_text!r} must be a number 1-{field.hi}")
            step = int(step_text)
        if base == "*":
            lo, hi = field.lo, field.hi
        elif "-" in base:
            first, _, last = base.partition("-")
            lo, hi = _value(first, field), _value(last, field)
            if lo > hi:
                raise _FieldError(f"{field.name} range {base!r} runs backwards")
        else:
            lo = hi = _value(base, field)
            if slash:
                raise _FieldError(f"{field.name} step {part!r} needs a range: use '*/n' or 'a-b/n'")
        values.update(range(lo, hi + 1, step))
    if field.names is _DAYS and 7 in values:
        values = (values - {7}) | {0}  # 7 is Sunday too
    return frozenset(values)


def _split(expr: str) -> list[str]:
    text = expr.strip()
    if text.startswith("@"):
        special = _SPECIALS.get(text.lower())
        if special is None:
            known = ", ".join(_SPECIALS)
            raise ScheduleError(
                f"unsupported cron expression {expr!r}: use a 5-field expression"
                f" like '*/30 * * * *' or one of {known}"
            )
        text = special
    fields = text.split()
    if len(fields) != 5:
        raise ScheduleError(f"invalid cron expression {expr!r}: {_CRON_HELP}")
    return fields


@lru_cache(maxsize=64)
def _parse(expr: str) -> _Spec:
    fields = _split(expr)
    try:
        sets = [_parse_field(text, field) for text, field in zip(fields, _FIELDS, strict=True)]
    except _FieldError as error:
        raise ScheduleError(f"invalid cron expression {expr!r}: {error}; {_CRON_HELP}") from None
    return _Spec(
        minutes=tuple(sorted(sets[0])),
        hours=tuple(sorted(sets[1])),
        doms=sets[2],
        months=sets[3],
        dows=sets[4],
        dom_star=fields[2].startswith("*"),
        dow_star=fields[4].startswith("*"),
    )


def _crontab_module() -> Any:  # untyped library
    # Imported lazily so the rest of ikpcrawl works without the optional dependency.
    try:
        import crontab
    except ImportError:
        raise ScheduleError("python-crontab is not installed: pip install python-crontab") from None
    return crontab


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


def validate_cron(expr: str) -> str:
    """The expression normalised to 5 single-space-separated fields; ScheduleError if invalid.

    Checked by our own parser (which :func:`next_run` uses) and by python-crontab, so a line
    we install is one that both we and the crontab tooling understand.
    """
    fields = _split(expr)
    _parse(expr)
    normal = " ".join(field.lower() for field in fields)
    if not _crontab_module().CronSlices.is_valid(normal):
        raise ScheduleError(
            f"invalid cron expression {expr!r}: python-crontab rejects it; {_CRON_HELP}"
        )
    return normal


# 5 years and a day or two: long enough for any Feb 29, short enough to fail fast.
_SEARCH_DAYS = 5 * 366


def next_run(expr: str, after: datetime) -> datetime:
    """The first minute strictly after ``after`` that ``expr`` matches.

    Works on the wall clock of ``after`` (as cron does with local time) and returns a
    datetime with seconds zeroed and the same tzinfo. Skips whole months, days and hours
    that cannot match, so even a yearly expression is found in a few hundred steps.
    """
    spec = _parse(expr)
    start = after.replace(tzinfo=None, second=0, microsecond=0, fold=0) + timedelta(minutes=1)
    limit = start + timedelta(days=_SEARCH_DAYS)
    t = start
    while t < limit:
        if t.month not in spec.months:
            year, month = (t.year + 1, 1) if t.month == 12 else (t.year, t.month + 1)
            t = datetime(year, month, 1)
            continue
        if not spec.day_matches(t):
            t = t.replace(hour=0, minute=0) + timedelta(days=1)
            continue
        if t.hour not in spec.hours:
            hour = next((h for h in spec.hours if h > t.hour), None)
            if hour is None:
                t = t.replace(hour=0, minute=0) + timedelta(days=1)
            else:
                t = t.replace(hour=hour, minute=0)
            continue
        minute = next((m for m in spec.minutes if m >= t.minute), None)
        if minute is None:
            t = t.replace(minute=0) + timedelta(hours=1)
            continue
        return t.replace(minute=minute, tzinfo=after.tzinfo)
    raise ScheduleError(
        f"cron expression {expr!r} never matches within 5 years (is the date impossible,"
        " like Feb 30?); fix the day-of-month or month"
    )


# --------------------------------------------------------------------------- cron lines


def _absolute(path: Path) -> Path:
    # abspath, not resolve(): a venv's python is a symlink that must not be followed.
    return Path(os.path.abspath(path))


def _mkdir_tool() -> str:
    # cron's PATH is minimal (and `env -i` has none), so name mkdir by its absolute path.
    for candidate in ("/bin/mkdir", "/usr/bin/mkdir"):
        if os.access(candidate, os.X_OK):
            return candidate
    return shutil.which("mkdir") or "mkdir"


def cron_command(
    run_args: Sequence[str],
    *,
    repo: Path,
    python: Path | None = None,
    state_dir: Path,
    log_file: Path,
) -> str:
    """The shell command cron runs: ``ikpcrawl run`` from ``repo``, appending to ``log_file``.

    ``run_args`` are the arguments of ``ikpcrawl run`` except ``--state``, which comes from
    ``state_dir``. Every path is made absolute and shell-quoted, and nothing relies on PATH,
    HOME or an activated virtualenv (``python`` is the venv's interpreter itself), so the
    command works under cron's minimal environment.
    """
    if "--state" in run_args or any(arg.startswith("--state=") for arg in run_args):
        raise ScheduleError("give the state directory as state_dir, not as --state in run_args")
    python = _absolute(python if python is not None else Path(sys.executable))
    log_file = _absolute(log_file)
    parts = [
        f"{shlex.quote(_mkdir_tool())} -p {shlex.quote(str(log_file.parent))}",
        f"cd {shlex.quote(str(_absolute(repo)))}",
        shlex.join(
            [
                str(python),
                "-m",
                "ikpcrawl",
                "run",
                *run_args,
                "--state",
                str(_absolute(state_dir)),
            ]
        )
        + f" >> {shlex.quote(str(log_file))} 2>&1",
    ]
    return " && ".join(parts)


def cron_line(expr: str, command: str, *, user: str | None = None) -> str:
    """``"<expr> [user] <command> # ikpcrawl"``: one crontab line, marked as ours.

    ``user`` adds the user field of system crontabs (/etc/cron.d). ``%`` is escaped because
    cron turns a bare ``%`` into a newline; the marker is a shell comment when cron runs it.
    """
    if "\n" in command or "\r" in command:
        raise ScheduleError("the cron command must be a single line")
    # python-crontab (and people reading the file) take the first " #" as the comment.
    if re.search(r"\s#", command):
        raise ScheduleError("the cron command contains ' #' (in a path?): use paths without '#'")
    who = f"{user} " if user else ""
    return f"{validate_cron(expr)} {who}{command.replace('%', chr(92) + '%')} # {MARKER}"


# --------------------------------------------------------------------------- crontab files

_OURS = re.compile(r"\s#\s*" + re.escape(MARKER) + r"\s*$")


def _is_ours(line: str) -> bool:
    """A (possibly commented-out) cron job whose trailing comment is exactly our marker."""
    if not _OURS.search(line):
        return False  # cheap filter: python-crontab logs errors for lines it cannot parse
    crontab = _crontab_module()
    item = crontab.CronItem.from_line(line, cron=crontab.CronTab(tab=""))
    return bool(item.is_valid() and item.comment == MARKER)


def _tabfile(tabfile: Path | None) -> Path | None:
    if tabfile is not None:
        return tabfile
    env = os.environ.get(TABFILE_ENV, "").strip()
    return Path(env) if env else None


def _crontab_binary() -> str:
    binary = shutil.which("crontab")
    if binary is None:
        raise ScheduleError(
            "crontab not found: install cron (e.g. apt-get install cron) or use `ikpcrawl daemon`"
        )
    return binary


def _read(tabfile: Path | None) -> str:
    if tabfile is not None:
        try:
            return tabfile.read_text(encoding="utf-8")
        except FileNotFoundError:
            return ""
    done = subprocess.run([_crontab_binary(), "-l"], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        if "no crontab" in done.stderr.lower():
            return ""
        raise ScheduleError(f"`crontab -l` failed: {_first_line(done.stderr)}")
    return done.stdout


def _write(tabfile: Path | None, text: str) -> None:
    if tabfile is None:
        binary = _crontab_binary()
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=".cron") as handle:
            handle.write(text)
            handle.flush()
            done = subprocess.run(
                [binary, handle.name], capture_output=True, text=True, check=False
            )
        if done.returncode != 0:
            raise ScheduleError(f"`crontab` refused the new table: {_first_line(done.stderr)}")
        return
    # Replace the file atomically so cron never reads half of it; the temporary name starts
    # with a dot, which cron ignores in /etc/cron.d.
    target = tabfile.resolve() if tabfile.is_symlink() else tabfile
    target.parent.mkdir(parents=True, exist_ok=True)
    mode = target.stat().st_mode & 0o7777 if target.exists() else 0o644
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(temp, mode)
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def _first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "no message")


def _where(tabfile: Path | None) -> str:
    return str(tabfile) if tabfile is not None else "the user's crontab"


def install(
    expr: str, command: str, *, tabfile: Path | None = None, user: str | None = None
) -> str:
    """Install our job (idempotently) and return the line written.

    An existing ``# ikpcrawl`` job is replaced in place (duplicates dropped); every other line
    is kept byte for byte. python-crontab parses the lines, but the file is edited as text
    because python-crontab's writer rewrites (and may disable) other people's jobs.
    ``tabfile`` (or $IKPCRAWL_CRONTAB_FILE) edits that file instead of the user's crontab;
    ``user`` writes the user field that /etc/cron.d files need.
    """
    tabfile = _tabfile(tabfile)
    line = cron_line(expr, command, user=user)
    kept: list[str] = []
    placed = False
    for old in _read(tabfile).splitlines():
        if _is_ours(old):
            if not placed:
                kept.append(line)
                placed = True
            continue
        kept.append(old)
    if not placed:
        kept.append(line)
    _write(tabfile, "\n".join(kept) + "\n")  # cron needs the final newline
    logger.info("installed cron job in %s: %s", _where(tabfile), line)
    return line


def remove(*, tabfile: Path | None = None) -> int:
    """Remove our ``# ikpcrawl`` job(s); return how many were removed."""
    tabfile = _tabfile(tabfile)
    lines = _read(tabfile).splitlines()
    kept = [line for line in lines if not _is_ours(line)]
    removed = len(lines) - len(kept)
    if removed:
        _write(tabfile, "\n".join(kept) + "\n" if kept else "")
        logger.info("removed %d cron job(s) from %s", removed, _where(tabfile))
    return removed


# --------------------------------------------------------------------------- daemon

_TICK = 0.5  # longest single sleep, so a stop request is noticed within half a second


def _say(out: TextIO | None, stamp: datetime, message: str) -> None:
    stream = out if out is not None else sys.stdout
    print(
        f"{stamp.isoformat(timespec='seconds')} ikpcrawl daemon: {message}", file=stream, flush=True
    )


def _stop_child(proc: subprocess.Popen[bytes], term_timeout: float) -> int:
    proc.terminate()
    try:
        return proc.wait(timeout=term_timeout)
    except subprocess.TimeoutExpired:
        logger.warning("run did not stop within %.0f s of SIGTERM; killing it", term_timeout)
        proc.kill()
        return proc.wait()


def daemon(
    expr: str,
    argv: Sequence[str],
    *,
    now: Callable[[], datetime] = datetime.now,
    sleep: Callable[[float], Any] = time.sleep,
    stop_event: threading.Event | None = None,
    max_runs: int | None = None,
    term_timeout: float = 30.0,
    out: TextIO | None = None,
) -> int:
    """Run ``argv`` at every minute ``expr`` matches, in the foreground, until stopped.

    Runs never overlap: the next time is computed after a run ends. SIGTERM/SIGINT (when
    called from the main thread) or ``stop_event`` stop the loop; a run in progress gets
    SIGTERM, then SIGKILL after ``term_timeout`` seconds. ``now``/``sleep``/``max_runs``
    are there so tests can drive the loop with a fake clock. Returns 0.
    """
    expr = validate_cron(expr)
    stop = stop_event if stop_event is not None else threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous: dict[int, Any] = {}
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGTERM, signal.SIGINT):
            previous[sig] = signal.signal(sig, on_signal)
    runs = 0
    try:
        while not stop.is_set() and (max_runs is None or runs < max_runs):
            target = next_run(expr, now())
            _say(out, now(), f"next run at {target.isoformat(timespec='minutes')}")
            # timestamp() honours UTC offsets (and local time for naive datetimes),
            # unlike subtracting two datetimes that share a tzinfo.
            while not stop.is_set():
                remaining = target.timestamp() - now().timestamp()
                if remaining <= 0:
                    break
                sleep(min(_TICK, remaining))
            if stop.is_set():
                break
            runs += 1
            _run_once(argv, runs, target, stop, now, term_timeout, out)
    finally:
        for number, handler in previous.items():
            # None means a handler installed outside Python: the default is the best we can do.
            signal.signal(number, handler if handler is not None else signal.SIG_DFL)
    _say(out, now(), f"stopped after {runs} run(s)")
    return EXIT_OK


def _run_once(
    argv: Sequence[str],
    number: int,
    target: datetime,
    stop: threading.Event,
    now: Callable[[], datetime],
    term_timeout: float,
    out: TextIO | None,
) -> None:
    _say(
        out,
        now(),
        f"run {number} (scheduled {target.isoformat(timespec='minutes')}) started:"
        f" {shlex.join(argv)}",
    )
    began = time.monotonic()
    try:
        proc = subprocess.Popen(list(argv))
    except OSError as error:
        _say(out, now(), f"run {number} could not start: {error}")
        return
    while True:
        try:
            code = proc.wait(timeout=_TICK)
            break
        except subprocess.TimeoutExpired:
            if stop.is_set():
                _say(out, now(), f"run {number} interrupted: stopping it (SIGTERM)")
                code = _stop_child(proc, term_timeout)
                break
    note = " (another run holds the state lock)" if code == EXIT_LOCKED else ""
    _say(
        out, now(), f"run {number} finished: exit {code}{note} in {time.monotonic() - began:.1f} s"
    )


# --------------------------------------------------------------------------- CLI


def _absolute_dir(text: str) -> Path:
    return _absolute(Path(text))


def _expr_from(args: argparse.Namespace) -> str:
    if args.cron is not None:
        return validate_cron(args.cron)
    if args.every is not None:
        return every_to_cron(args.every)
    raise ScheduleError("say when: --every 30m or --cron '*/30 * * * *'")


def _run_args(args: argparse.Namespace) -> list[str]:
    """The ``ikpcrawl run`` arguments other than --state, with absolute paths."""
    chosen: list[str] = []
    if args.outlets:
        chosen = ["--outlets", args.outlets]
    elif args.all:
        chosen = ["--all"]
    return [*chosen, "--output", str(_absolute_dir(args.output))]


def cmd_schedule(args: argparse.Namespace) -> int:
    """``ikpcrawl schedule``: print, install or remove the cron line."""
    tabfile = _tabfile(Path(args.crontab_file) if args.crontab_file else None)
    if args.remove:
        removed = remove(tabfile=tabfile)
        print(f"removed {removed} ikpcrawl job(s) from {_where(tabfile)}")
        return EXIT_OK
    if args.user and tabfile is None:
        raise ScheduleError("--user is for /etc/cron.d-style files: add --crontab-file FILE")
    expr = _expr_from(args)
    state = _absolute_dir(args.state)
    command = cron_command(
        _run_args(args),
        repo=_absolute(Path.cwd()),
        python=Path(sys.executable),
        state_dir=state,
        log_file=state / "logs" / "cron.log",
    )
    if args.install:
        line = install(expr, command, tabfile=tabfile, user=args.user)
        print(f"installed in {_where(tabfile)}:\n{line}")
    else:
        print(cron_line(expr, command, user=args.user))
    return EXIT_OK


def _daemon_argv(args: argparse.Namespace) -> list[str]:
    """The ``ikpcrawl run`` command the daemon starts, with this Python and absolute paths."""
    state = str(_absolute_dir(args.state))
    return [sys.executable, "-m", "ikpcrawl", "run", *_run_args(args), "--state", state]


def cmd_daemon(args: argparse.Namespace) -> int:
    """``ikpcrawl daemon``: run ``ikpcrawl run`` on a cron schedule in the foreground."""
    return daemon(_expr_from(args), _daemon_argv(args))


def _common(parser: argparse.ArgumentParser, *, required_when: bool) -> None:
    when = parser.add_mutually_exclusive_group(required=required_when)
    when.add_argument("--every", metavar="INTERVAL", help="interval: 30m, 1h, 2h, 1d ...")
    when.add_argument("--cron", metavar="EXPR", help="cron expression, e.g. '*/30 * * * *'")
    chosen = parser.add_mutually_exclusive_group()
    chosen.add_argument("--outlets", help="comma-separated outlets (passed to `ikpcrawl run`)")
    chosen.add_argument("--all", action="store_true", help="every outlet")
    parser.add_argument("--output", default="output", help="output directory (default: output)")
    parser.add_argument("--state", default=".state", help="state directory (default: .state)")


def add_commands(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the ``schedule`` and ``daemon`` subcommands (each sets ``func``)."""
    schedule = subparsers.add_parser(
        "schedule",
        help="print, install or remove the cron line for `ikpcrawl run`",
        description="The cron line runs `ikpcrawl run` from the current directory with this"
        " Python, logging to <state>/logs/cron.log.",
    )
    _common(schedule, required_when=False)  # --remove needs no schedule; checked in the func
    action = schedule.add_mutually_exclusive_group()
    action.add_argument("--print", action="store_true", help="print the cron line (default)")
    action.add_argument("--install", action="store_true", help="install it in the crontab")
    action.add_argument("--remove", action="store_true", help="remove our job from the crontab")
    schedule.add_argument(
        "--crontab-file",
        metavar="FILE",
        help=f"edit this crontab file instead of the user's crontab (or ${TABFILE_ENV})",
    )
    schedule.add_argument(
        "--user", help="user field for /etc/cron.d-style files (with --crontab-file)"
    )
    schedule.set_defaults(func=cmd_schedule)

    run_daemon = subparsers.add_parser(
        "daemon",
        help="run `ikpcrawl run` on a schedule in the foreground (for hosts without cron)",
    )
    _common(run_daemon, required_when=True)
    run_daemon.set_defaults(func=cmd_daemon)
