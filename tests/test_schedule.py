"""Cron scheduling: expressions, the matcher, cron lines under an empty environment,
crontab files, the daemon (fake clock and real signals) and the CLI subcommands."""

from __future__ import annotations

import argparse
import os
import shlex
import signal
import stat
import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from ikpcrawl.ops.schedule import (
    MARKER,
    ScheduleError,
    add_commands,
    cron_command,
    cron_line,
    daemon,
    every_to_cron,
    install,
    next_run,
    remove,
    validate_cron,
)

REPO = Path(__file__).resolve().parent.parent
ENV_I = ["env", "-i", "/bin/sh", "-c"]


# --------------------------------------------------------------------------- every / validate


@pytest.mark.parametrize(
    ("every", "expr"),
    [
        ("30m", "*/30 * * * *"),
        ("1m", "* * * * *"),
        ("15m", "*/15 * * * *"),
        (" 5M ", "*/5 * * * *"),
        ("1h", "0 * * * *"),
        ("2h", "0 */2 * * *"),
        ("12h", "0 */12 * * *"),
        ("1d", "0 0 * * *"),
    ],
)
def test_every_to_cron(every: str, expr: str) -> None:
    assert every_to_cron(every) == expr
    assert validate_cron(expr) == expr


@pytest.mark.parametrize(
    ("every", "hint"),
    [
        ("7m", "divide 60"),
        ("0m", "divide 60"),
        ("60m", "1h"),
        ("5h", "divide 24"),
        ("24h", "1d"),
        ("2d", "only 1d"),
        ("30", "30m"),
        ("30s", "30m"),
        ("1w", "30m"),
        ("", "30m"),
        ("-5m", "30m"),
    ],
)
def test_every_to_cron_errors(every: str, hint: str) -> None:
    with pytest.raises(ScheduleError) as caught:
        every_to_cron(every)
    message = str(caught.value)
    assert hint in message
    assert "\n" not in message


@pytest.mark.parametrize(
    ("expr", "normal"),
    [
        ("*/30 * * * *", "*/30 * * * *"),
        ("  0   12  *  *  1-5 ", "0 12 * * 1-5"),
        ("0 9 * JAN,Jul MON-FRI", "0 9 * jan,jul mon-fri"),
        ("5-55/10 0-23/6 1,15 * *", "5-55/10 0-23/6 1,15 * *"),
        ("0 0 * * 7", "0 0 * * 7"),
        ("0 0 * * 5-7", "0 0 * * 5-7"),
        ("@hourly", "0 * * * *"),
        ("@daily", "0 0 * * *"),
        ("@weekly", "0 0 * * 0"),
        ("@MONTHLY", "0 0 1 * *"),
        ("@yearly", "0 0 1 1 *"),
    ],
)
def test_validate_cron_accepts(expr: str, normal: str) -> None:
    assert validate_cron(expr) == normal


@pytest.mark.parametrize(
    ("expr", "hint"),
    [
        ("61 * * * *", "minute 61 is out of range 0-59"),
        ("* 24 * * *", "hour 24 is out of range"),
        ("* * 0 * *", "day of month 0"),
        ("* * 32 * *", "day of month 32"),
        ("* * * 13 *", "month 13"),
        ("* * * * 8", "day of week 8"),
        ("* * * foo *", "month 'foo'"),
        ("* * * * funday", "day of week 'funday'"),
        ("*/0 * * * *", "step '0'"),
        ("*/60 * * * *", "step '60'"),
        ("5/10 * * * *", "needs a range"),
        ("10-5 * * * *", "runs backwards"),
        ("sat-sun * * * *", "minute 'sat'"),
        ("* * * * sat-sun", "runs backwards"),
        ("1,,2 * * * *", "empty value"),
        ("* * * *", "expected 5 fields"),
        ("* * * * * *", "expected 5 fields"),
        ("", "expected 5 fields"),
        ("@reboot", "@hourly"),
        ("@every 5m", "5-field"),
        ("~ * * * *", "minute '~'"),
    ],
)
def test_validate_cron_rejects(expr: str, hint: str) -> None:
    with pytest.raises(ScheduleError) as caught:
        validate_cron(expr)
    message = str(caught.value)
    assert hint in message
    assert "\n" not in message
    assert isinstance(caught.value, ValueError)


# --------------------------------------------------------------------------- next_run

SAT = datetime(2025, 3, 1, 10, 17, 33)  # a Saturday


@pytest.mark.parametrize(
    ("expr", "after", "expected"),
    [
        # strictly after, seconds dropped
        ("* * * * *", SAT, datetime(2025, 3, 1, 10, 18)),
        ("* * * * *", datetime(2025, 3, 1, 10, 17), datetime(2025, 3, 1, 10, 18)),
        # steps
        ("*/15 * * * *", SAT, datetime(2025, 3, 1, 10, 30)),
        ("*/15 * * * *", datetime(2025, 3, 1, 10, 59, 59), datetime(2025, 3, 1, 11, 0)),
        ("0 */2 * * *", SAT, datetime(2025, 3, 1, 12, 0)),
        ("5-10/2 * * * *", SAT, datetime(2025, 3, 1, 11, 5)),
        # lists and ranges, rolling to the next day
        ("0,20,40 8-17 * * *", datetime(2025, 3, 1, 17, 41), datetime(2025, 3, 2, 8, 0)),
        ("0 22-23,0-2 * * *", datetime(2025, 3, 1, 2, 30), datetime(2025, 3, 1, 22, 0)),
        # day names, Sunday as 0 and as 7, ranges through 7
        ("30 9 * * mon-fri", SAT, datetime(2025, 3, 3, 9, 30)),
        ("0 0 * * 7", SAT, datetime(2025, 3, 2, 0, 0)),
        ("0 0 * * 0", SAT, datetime(2025, 3, 2, 0, 0)),
        ("0 0 * * 5-7", datetime(2025, 3, 3, 12, 0), datetime(2025, 3, 7, 0, 0)),
        ("0 0 * * SUN", SAT, datetime(2025, 3, 2, 0, 0)),
        # month names
        ("0 12 1 jan,jul *", SAT, datetime(2025, 7, 1, 12, 0)),
        ("0 0 1 JAN-MAR/2 *", datetime(2025, 1, 2), datetime(2025, 3, 1, 0, 0)),
        # both day fields restricted: either one matches (Fri 7th, then Thu 13th)
        ("0 0 13 * fri", SAT, datetime(2025, 3, 7, 0, 0)),
        ("0 0 13 * fri", datetime(2025, 3, 8), datetime(2025, 3, 13, 0, 0)),
        # a day-of-month starting with "*" counts as unrestricted (vixie cron): both must match
        ("0 0 */2 * fri", datetime(2025, 3, 8), datetime(2025, 3, 21, 0, 0)),
        # end of month: April has no 31st
        ("0 0 31 * *", datetime(2025, 4, 15), datetime(2025, 5, 31, 0, 0)),
        ("0 0 31 4,5 *", datetime(2025, 4, 1), datetime(2025, 5, 31, 0, 0)),
        # year rollover
        ("* * * * *", datetime(2025, 12, 31, 23, 59, 30), datetime(2026, 1, 1, 0, 0)),
        ("59 23 31 12 *", datetime(2025, 12, 31, 23, 59), datetime(2026, 12, 31, 23, 59)),
        ("@yearly", SAT, datetime(2026, 1, 1, 0, 0)),
        # Feb 29: jump to the next leap year
        ("0 0 29 2 *", SAT, datetime(2028, 2, 29, 0, 0)),
        ("30 6 29 feb *", datetime(2028, 2, 29, 6, 30), datetime(2032, 2, 29, 6, 30)),
        # Feb 29 or any Monday in February (OR rule)
        ("0 0 29 2 mon", SAT, datetime(2026, 2, 2, 0, 0)),
        ("@hourly", SAT, datetime(2025, 3, 1, 11, 0)),
    ],
)
def test_next_run(expr: str, after: datetime, expected: datetime) -> None:
    assert next_run(expr, after) == expected


def test_next_run_keeps_tzinfo_and_wall_clock() -> None:
    wib = timezone(timedelta(hours=7), "WIB")
    result = next_run("0 6 * * *", datetime(2025, 3, 1, 10, 17, 33, 123, tzinfo=wib))
    assert result == datetime(2025, 3, 2, 6, 0, tzinfo=wib)
    assert result.tzinfo is wib
    assert (result.second, result.microsecond) == (0, 0)


@pytest.mark.parametrize("expr", ["0 0 30 2 *", "0 0 31 4,6,9,11 *", "0 0 31 feb *"])
def test_next_run_never(expr: str) -> None:
    with pytest.raises(ScheduleError, match="never matches within 5 years"):
        next_run(expr, SAT)


def test_next_run_is_fast_for_rare_expressions() -> None:
    began = time.perf_counter()
    for _ in range(200):
        next_run("0 0 29 2 *", SAT)
        next_run("59 23 31 12 *", SAT)
        with pytest.raises(ScheduleError):
            next_run("0 0 30 2 *", SAT)
    assert time.perf_counter() - began < 2.0


def test_next_run_matches_every_minute_of_a_brute_force_scan() -> None:
    """Jumping must never skip a match: compare with a plain minute-by-minute scan."""
    expr = "*/20 9-10,22 1,15 * mon,sat"
    t = datetime(2025, 2, 27, 21, 55)
    for _ in range(12):
        brute = t + timedelta(minutes=1)
        while not _brute_matches(brute):
            brute += timedelta(minutes=1)
        t = next_run(expr, t)
        assert t == brute


def _brute_matches(t: datetime) -> bool:
    dom, dow = t.day in (1, 15), t.isoweekday() % 7 in (1, 6)
    return t.minute % 20 == 0 and t.hour in (9, 10, 22) and (dom or dow)


# --------------------------------------------------------------------------- cron lines


def _stand_in_python(tmp_path: Path) -> tuple[Path, Path]:
    """An executable 'python' that records its argv, cwd and environment, and prints."""
    record = tmp_path / "record"
    record.mkdir()
    script = tmp_path / "bin dir" / "py thon"
    script.parent.mkdir()
    q = shlex.quote
    script.write_text(
        "#!/bin/sh\n"
        f"pwd > {q(str(record / 'cwd'))}\n"
        f'for arg in "$@"; do printf "%s\\n" "$arg"; done > {q(str(record / "args"))}\n'
        f'printf "%s\\n" "HOME=${{HOME-unset}}" "VIRTUAL_ENV=${{VIRTUAL_ENV-unset}}"'
        f" > {q(str(record / 'env'))}\n"
        'echo "stand-in stdout"\n'
        'echo "stand-in stderr" >&2\n'
    )
    script.chmod(0o755)
    return script, record


def _cron_emulation(line: str) -> list[str]:
    """What cron does with a user crontab line: the rest after 5 fields, %-unescaped, to sh."""
    command = line.split(maxsplit=5)[5].replace("\\%", "%")
    return [*ENV_I, command]


def test_cron_command_runs_under_an_empty_environment(tmp_path: Path) -> None:
    python, record = _stand_in_python(tmp_path)
    repo = tmp_path / "my repo's dir"
    repo.mkdir()
    state = tmp_path / "state 50%"  # % must survive cron's escaping
    output = tmp_path / "out dir"
    log_file = state / "logs" / "cron.log"
    run_args = ["--outlets", "optika,detik", "--output", str(output)]

    command = cron_command(run_args, repo=repo, python=python, state_dir=state, log_file=log_file)
    assert "cd " + shlex.quote(str(repo)) in command
    assert command.startswith("/")  # mkdir by absolute path: cron's PATH is minimal

    done = subprocess.run([*ENV_I, command], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert os.path.realpath((record / "cwd").read_text().strip()) == os.path.realpath(repo)
    assert (record / "args").read_text().splitlines() == [
        "-m",
        "ikpcrawl",
        "run",
        *run_args,
        "--state",
        str(state),
    ]
    assert (record / "env").read_text().splitlines() == ["HOME=unset", "VIRTUAL_ENV=unset"]
    assert log_file.read_text() == "stand-in stdout\nstand-in stderr\n"

    # The full crontab line, run the way cron runs it (marker is a shell comment).
    line = cron_line("*/30 * * * *", command)
    assert line.startswith("*/30 * * * * ")
    assert line.endswith(f" # {MARKER}")
    assert "state 50\\%" in line
    done = subprocess.run(_cron_emulation(line), capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert log_file.read_text() == "stand-in stdout\nstand-in stderr\n" * 2  # appended


def test_cron_command_with_the_real_interpreter(tmp_path: Path) -> None:
    """The venv's python, no activation, no PATH: `python -m ikpcrawl run --help` works."""
    log_file = tmp_path / "logs" / "cron.log"
    command = cron_command(
        ["--help"],
        repo=REPO,
        python=Path(sys.executable),
        state_dir=tmp_path / "state",
        log_file=log_file,
    )
    done = subprocess.run([*ENV_I, command], capture_output=True, text=True, check=False)
    assert done.returncode == 0, log_file.read_text() if log_file.exists() else done.stderr
    assert "usage:" in log_file.read_text()


def test_cron_command_makes_paths_absolute(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    command = cron_command(
        ["--all"],
        repo=Path("."),
        python=Path("venv/bin/python"),
        state_dir=Path(".state"),
        log_file=Path(".state/logs/cron.log"),
    )
    tokens = shlex.split(command)
    assert tokens[tokens.index("cd") + 1] == str(tmp_path)
    assert str(tmp_path / "venv" / "bin" / "python") in tokens  # not resolved: venv symlink
    assert tokens[tokens.index("--state") + 1] == str(tmp_path / ".state")
    assert tokens[tokens.index(">>") + 1] == str(tmp_path / ".state" / "logs" / "cron.log")


def test_cron_command_and_line_errors(tmp_path: Path) -> None:
    with pytest.raises(ScheduleError, match="state_dir"):
        cron_command(["--state", "x"], repo=tmp_path, state_dir=tmp_path, log_file=tmp_path / "l")
    with pytest.raises(ScheduleError, match="'#'"):
        cron_line("* * * * *", "cd '/a #b' && true")
    with pytest.raises(ScheduleError, match="single line"):
        cron_line("* * * * *", "true\nfalse")
    with pytest.raises(ScheduleError, match="minute 61"):
        cron_line("61 * * * *", "true")
    assert cron_line("@daily", "true") == "0 0 * * * true # ikpcrawl"
    assert cron_line("@daily", "true", user="root") == "0 0 * * * root true # ikpcrawl"


# --------------------------------------------------------------------------- install / remove

OTHERS = """\
# m h dom mon dow command
SHELL=/bin/bash
MAILTO="ops@example.com"
*/5  *  * * 1-5   /usr/bin/backup --fast   # nightly
0 0 * * 7 echo sunday
0 0 1 * * echo 50%off
0 0 * * 1#2 echo not-vixie
15 3 * * * /usr/bin/other # ikpcrawl-archive

@reboot /usr/bin/startup
"""


def _ours(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.endswith(f"# {MARKER}")]


def test_install_is_idempotent_and_keeps_other_lines(tmp_path: Path) -> None:
    tab = tmp_path / "crontab"
    tab.write_text(OTHERS)
    tab.chmod(0o600)

    line = install("*/30 * * * *", "/usr/bin/true", tabfile=tab)
    assert line == "*/30 * * * * /usr/bin/true # ikpcrawl"
    assert tab.read_text() == OTHERS + line + "\n"  # every other line byte for byte
    assert install("*/30 * * * *", "/usr/bin/true", tabfile=tab) == line
    assert tab.read_text() == OTHERS + line + "\n"
    assert stat.S_IMODE(tab.stat().st_mode) == 0o600

    # A new expression replaces ours in place; still exactly one.
    newer = install("0 */2 * * *", "/usr/bin/true --again", tabfile=tab)
    assert _ours(tab.read_text()) == [newer]
    assert tab.read_text() == OTHERS + newer + "\n"

    assert remove(tabfile=tab) == 1
    assert tab.read_text() == OTHERS
    assert remove(tabfile=tab) == 0
    assert tab.read_text() == OTHERS


def test_install_replaces_duplicates_and_disabled_copies(tmp_path: Path) -> None:
    tab = tmp_path / "crontab"
    tab.write_text(
        "1 1 * * * /a # ikpcrawl\n"
        "0 0 * * * keep-me\n"
        "# 2 2 * * * /b # ikpcrawl\n"
        "3 3 * * * /c #ikpcrawl\n"
    )
    line = install("@hourly", "/new", tabfile=tab)
    assert tab.read_text() == f"{line}\n0 0 * * * keep-me\n"

    tab.write_text("0 0 * * * keep-me\n1 1 * * * /a # ikpcrawl\n2 2 * * * /b # ikpcrawl")
    assert remove(tabfile=tab) == 2
    assert tab.read_text() == "0 0 * * * keep-me\n"


def test_install_creates_a_missing_file_and_system_format(tmp_path: Path) -> None:
    tab = tmp_path / "cron.d" / "ikpcrawl"
    line = install("*/30 * * * *", "/usr/bin/true", tabfile=tab, user="crawler")
    assert line == "*/30 * * * * crawler /usr/bin/true # ikpcrawl"
    assert tab.read_text() == line + "\n"
    assert stat.S_IMODE(tab.stat().st_mode) == 0o644  # cron.d refuses group-writable files
    assert [p.name for p in tab.parent.iterdir()] == ["ikpcrawl"]  # no temp file left
    assert remove(tabfile=tab) == 1
    assert tab.read_text() == ""
    assert remove(tabfile=tmp_path / "missing") == 0


def test_tabfile_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tab = tmp_path / "crontab"
    monkeypatch.setenv("IKPCRAWL_CRONTAB_FILE", str(tab))
    install("@daily", "/usr/bin/true")
    assert _ours(tab.read_text()) == ["0 0 * * * /usr/bin/true # ikpcrawl"]
    assert remove() == 1


def test_user_crontab_without_the_crontab_binary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("IKPCRAWL_CRONTAB_FILE", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))  # no crontab here
    with pytest.raises(ScheduleError, match=r"^crontab not found: install cron .*ikpcrawl daemon"):
        install("@daily", "/usr/bin/true")
    with pytest.raises(ScheduleError, match="crontab not found"):
        remove()


# --------------------------------------------------------------------------- daemon


class FakeClock:
    """A clock whose sleep advances time instantly."""

    def __init__(self, start: datetime) -> None:
        self.t = start
        self.sleeps: list[float] = []

    def now(self) -> datetime:
        return self.t

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.t += timedelta(seconds=seconds)


def test_daemon_runs_at_the_scheduled_minutes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    marks = tmp_path / "runs.txt"
    script = tmp_path / "job.py"
    # Appends a line; the second run exits 3 like `ikpcrawl run` when the lock is held.
    script.write_text(
        "import sys\n"
        "with open(sys.argv[1], 'a') as f:\n"
        "    f.write('ran\\n')\n"
        "sys.exit(3 if open(sys.argv[1]).read().count('ran') == 2 else 0)\n"
    )
    clock = FakeClock(SAT)  # 10:17:33
    code = daemon(
        "*/30 * * * *",
        [sys.executable, str(script), str(marks)],
        now=clock.now,
        sleep=clock.sleep,
        max_runs=2,
    )
    assert code == 0
    assert marks.read_text() == "ran\nran\n"
    assert clock.t == datetime(2025, 3, 1, 11, 0)
    assert max(clock.sleeps) <= 1.0
    assert sum(clock.sleeps) == pytest.approx((clock.t - SAT).total_seconds())

    lines = capsys.readouterr().out.splitlines()
    started = [line for line in lines if " started: " in line]
    assert len(started) == 2
    assert started[0].startswith("2025-03-01T10:30:00 ")
    assert "scheduled 2025-03-01T10:30" in started[0]
    assert started[1].startswith("2025-03-01T11:00:00 ")
    finished = [line for line in lines if " finished: " in line]
    assert "exit 0 in" in finished[0]
    assert "exit 3 (another run holds the state lock) in" in finished[1]


def test_daemon_stop_event_while_waiting(capsys: pytest.CaptureFixture[str]) -> None:
    clock = FakeClock(SAT)
    stop = threading.Event()

    def sleep(seconds: float) -> None:
        clock.sleep(seconds)
        if clock.t >= SAT + timedelta(minutes=5):
            stop.set()

    assert daemon("0 0 1 1 *", ["false"], now=clock.now, sleep=sleep, stop_event=stop) == 0
    assert "stopped after 0 run(s)" in capsys.readouterr().out


def test_daemon_rejects_a_bad_expression() -> None:
    with pytest.raises(ScheduleError, match="minute 61"):
        daemon("61 * * * *", ["true"], max_runs=1)


# A daemon whose clock starts 2 s before a minute, so its first run starts almost at once.
DAEMON_SCRIPT = """
import sys, time
from datetime import datetime, timedelta
from ikpcrawl.ops.schedule import daemon
t0 = time.monotonic()
base = datetime(2025, 1, 1, 0, 0, 58)
now = lambda: base + timedelta(seconds=time.monotonic() - t0)
child = [sys.executable, "-c", sys.argv[1], sys.argv[2]]
sys.exit(daemon("* * * * *", child, now=now, term_timeout=float(sys.argv[3])))
"""
CHILD = "import os, sys, time; open(sys.argv[1], 'w').write(str(os.getpid())); time.sleep(60)"
STUBBORN_CHILD = "import signal; signal.signal(signal.SIGTERM, signal.SIG_IGN); " + CHILD


def _wait_for(path: Path, timeout: float = 15.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and path.read_text():
            return path.read_text()
        time.sleep(0.05)
    raise AssertionError(f"{path} was not written within {timeout} s")


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


@pytest.mark.parametrize(
    ("child", "term_timeout", "limit"),
    [(CHILD, 30.0, 5.0), (STUBBORN_CHILD, 1.0, 6.0)],
    ids=["stops-on-sigterm", "ignores-sigterm-so-killed"],
)
def test_daemon_sigterm_stops_the_running_child(
    tmp_path: Path, child: str, term_timeout: float, limit: float
) -> None:
    pidfile = tmp_path / "child.pid"
    proc = subprocess.Popen(
        [sys.executable, "-c", DAEMON_SCRIPT, child, str(pidfile), str(term_timeout)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        child_pid = int(_wait_for(pidfile))
        time.sleep(0.2)  # let the child reach its sleep
        began = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        out, _ = proc.communicate(timeout=limit + 5)
        elapsed = time.monotonic() - began
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0, out
    assert elapsed < limit, out
    assert _gone(child_pid)
    assert "run 1 interrupted: stopping it (SIGTERM)" in out
    assert "stopped after 1 run(s)" in out


def test_daemon_command_sigterm_while_waiting(tmp_path: Path) -> None:
    """`daemon --every 1m` through the argparse harness, stopped before its first run."""
    harness = (
        "import argparse, sys\n"
        "from ikpcrawl.ops.schedule import add_commands\n"
        "parser = argparse.ArgumentParser()\n"
        "add_commands(parser.add_subparsers(dest='command', required=True))\n"
        "args = parser.parse_args(sys.argv[1:])\n"
        "sys.exit(args.func(args))\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", harness, "daemon", "--cron", "0 0 1 1 *", "--outlets", "optika"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        assert "next run at" in first
        began = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        out, _ = proc.communicate(timeout=10)
        assert time.monotonic() - began < 3.0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0, out
    assert "stopped after 0 run(s)" in out


# --------------------------------------------------------------------------- CLI


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ikpcrawl")
    add_commands(parser.add_subparsers(dest="command", required=True))
    return parser


def _cli(*argv: str) -> int:
    args = _parser().parse_args(argv)
    return int(args.func(args))


def test_cli_schedule_print(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert _cli("schedule", "--every", "30m", "--print", "--outlets", "optika") == 0
    line = capsys.readouterr().out.strip()
    assert line.startswith("*/30 * * * * ")
    assert line.endswith(" # ikpcrawl")
    tokens = shlex.split(line.split(maxsplit=5)[5])
    assert tokens[tokens.index("cd") + 1] == str(tmp_path)
    assert sys.executable in tokens
    run = tokens[tokens.index("run") + 1 : tokens.index(">>")]
    assert run == [
        "--outlets",
        "optika",
        "--output",
        str(tmp_path / "output"),
        "--state",
        str(tmp_path / ".state"),
    ]
    assert tokens[tokens.index(">>") + 1] == str(tmp_path / ".state" / "logs" / "cron.log")

    # --print is the default action; --cron and --all work too
    assert _cli("schedule", "--cron", "@hourly", "--all", "--state", "/var/lib/ikp") == 0
    line = capsys.readouterr().out.strip()
    assert line.startswith("0 * * * * ")
    assert "run --all --output" in line
    assert "/var/lib/ikp/logs/cron.log" in line


def test_cli_schedule_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("IKPCRAWL_CRONTAB_FILE", raising=False)
    with pytest.raises(ScheduleError, match="minute 61"):
        _cli("schedule", "--cron", "61 * * * *")
    with pytest.raises(ScheduleError, match="divide 60"):
        _cli("schedule", "--every", "7m")
    with pytest.raises(ScheduleError, match="--every 30m or --cron"):
        _cli("schedule", "--print")
    with pytest.raises(ScheduleError, match="--crontab-file"):
        _cli("schedule", "--every", "1h", "--user", "root")
    with pytest.raises(SystemExit) as caught:
        _parser().parse_args(["schedule", "--every", "1h", "--cron", "@daily"])
    assert caught.value.code == 2
    with pytest.raises(SystemExit):
        _parser().parse_args(["schedule", "--every", "1h", "--install", "--remove"])
    with pytest.raises(SystemExit):
        _parser().parse_args(["daemon", "--all"])  # daemon needs --every or --cron


def test_cli_schedule_install_and_remove(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    tab = tmp_path / "tab"
    tab.write_text("0 0 * * * keep-me\n")
    for _ in range(2):
        assert _cli("schedule", "--every", "2h", "--install", "--crontab-file", str(tab)) == 0
    out = capsys.readouterr().out
    assert f"installed in {tab}:" in out
    assert tab.read_text().startswith("0 0 * * * keep-me\n0 */2 * * * ")
    assert len(_ours(tab.read_text())) == 1

    monkeypatch.setenv("IKPCRAWL_CRONTAB_FILE", str(tab))
    assert _cli("schedule", "--remove") == 0
    assert capsys.readouterr().out.strip() == f"removed 1 ikpcrawl job(s) from {tab}"
    assert tab.read_text() == "0 0 * * * keep-me\n"


def test_cli_install_without_crontab(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("IKPCRAWL_CRONTAB_FILE", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(ScheduleError, match="crontab not found"):
        _cli("schedule", "--every", "1h", "--install")


def test_cli_daemon_argv(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ikpcrawl.ops.schedule import _daemon_argv

    monkeypatch.chdir(tmp_path)
    args = _parser().parse_args(["daemon", "--every", "30m", "--outlets", "optika"])
    assert _daemon_argv(args) == [
        sys.executable,
        "-m",
        "ikpcrawl",
        "run",
        "--outlets",
        "optika",
        "--output",
        str(tmp_path / "output"),
        "--state",
        str(tmp_path / ".state"),
    ]
