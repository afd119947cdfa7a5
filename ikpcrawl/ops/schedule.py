"""Scheduling ``ikpcrawl run``: cron lines, crontab install/remove, and the CLI commands.

Public API (cron expressions live in :mod:`ikpcrawl.ops.cronexpr`, the foreground loop in
:mod:`ikpcrawl.ops.daemon`; both are re-exported here):

- :func:`every_to_cron` -- ``"30m"`` -> ``"*/30 * * * *"``
- :func:`validate_cron` -- a normalised 5-field expression (cronsim and python-crontab agree)
- :func:`next_run` -- the first matching minute strictly after a datetime (cronsim)
- :func:`cron_command`, :func:`cron_line` -- the shell command / crontab line for cron
- :func:`install`, :func:`remove` -- our job (marked ``# ikpcrawl``) in a crontab
- :func:`daemon` -- a foreground scheduler for hosts without cron
- :func:`add_commands` -- the ``schedule`` and ``daemon`` subcommands

Errors raise :class:`ScheduleError` with a one-line message; the CLI exits with
:data:`EXIT_USAGE` (2).
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

import crontab

from ikpcrawl.ops.cronexpr import (
    EXIT_OK,
    EXIT_USAGE,
    ScheduleError,
    every_to_cron,
    next_run,
    validate_cron,
)
from ikpcrawl.ops.daemon import daemon

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

MARKER = "ikpcrawl"
TABFILE_ENV = "IKPCRAWL_CRONTAB_FILE"

logger = logging.getLogger(__name__)


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
    try:
        item = crontab.CronItem.from_line(line, cron=crontab.CronTab(tab=""))
    except TypeError:  # python-crontab 3.4 crashes on ranges like sun-5; leave such lines be
        logger.warning("cannot parse crontab line, leaving it as it is: %s", line)
        return False
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
        # `crontab -` installs the table read from stdin (cronie, Debian cron, BSD, busybox).
        done = subprocess.run(
            [_crontab_binary(), "-"], input=text, capture_output=True, text=True, check=False
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
