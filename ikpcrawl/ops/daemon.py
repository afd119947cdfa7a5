"""``ikpcrawl daemon``'s loop: run a command on a cron schedule in the foreground.

For hosts without cron. Runs never overlap, SIGTERM/SIGINT stop the loop (and a run in
progress), and the clock and sleep can be replaced so tests drive the loop with fake time.
"""

from __future__ import annotations

import logging
import shlex
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any, TextIO

from ikpcrawl.ops.cronexpr import EXIT_OK, next_run, validate_cron

__all__ = ["EXIT_LOCKED", "daemon"]

# The exit code of `ikpcrawl run` when another run holds the state lock (see runner.py).
EXIT_LOCKED = 3

_TICK = 0.5  # longest single wait, so a stop request is noticed within half a second

logger = logging.getLogger(__name__)


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
    runs = 0
    with _stop_on_signals(stop):
        while not stop.is_set() and (max_runs is None or runs < max_runs):
            target = next_run(expr, now())
            _say(out, now(), f"next run at {target.isoformat(timespec='minutes')}")
            # Sleep in short ticks (through the injectable `sleep`) to notice a stop request;
            # timestamp() honours UTC offsets and local time, unlike subtracting datetimes.
            while not stop.is_set() and (remaining := target.timestamp() - now().timestamp()) > 0:
                sleep(min(_TICK, remaining))
            if stop.is_set():
                break
            runs += 1
            _run_once(argv, runs, target, stop, now, term_timeout, out)
    _say(out, now(), f"stopped after {runs} run(s)")
    return EXIT_OK


@contextmanager
def _stop_on_signals(stop: threading.Event) -> Iterator[None]:
    """SIGTERM and SIGINT set ``stop`` while inside; the previous handlers come back after.

    Only the main thread may install signal handlers; elsewhere ``stop`` alone stops us.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_signal(signum: int, frame: object) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for number, handler in previous.items():
            # None means a handler installed outside Python: the default is the best we can do.
            signal.signal(number, handler if handler is not None else signal.SIG_DFL)


def _run_once(
    argv: Sequence[str],
    number: int,
    target: datetime,
    stop: threading.Event,
    now: Callable[[], datetime],
    term_timeout: float,
    out: TextIO | None,
) -> None:
    scheduled = target.isoformat(timespec="minutes")
    _say(out, now(), f"run {number} (scheduled {scheduled}) started: {shlex.join(argv)}")
    began = time.monotonic()
    try:
        proc = subprocess.Popen(list(argv))
    except OSError as error:
        _say(out, now(), f"run {number} could not start: {error}")
        return
    code = _wait_unless_stopped(proc, stop)
    if code is None:
        _say(out, now(), f"run {number} interrupted: stopping it (SIGTERM)")
        code = _stop_child(proc, term_timeout)
    note = " (another run holds the state lock)" if code == EXIT_LOCKED else ""
    took = time.monotonic() - began
    _say(out, now(), f"run {number} finished: exit {code}{note} in {took:.1f} s")


def _wait_unless_stopped(proc: subprocess.Popen[bytes], stop: threading.Event) -> int | None:
    """The run's exit code, or None as soon as a stop is requested while it still runs."""
    # Waiting in slices of _TICK is what lets a signal (which only sets `stop`) end the wait.
    while not stop.is_set():
        try:
            return proc.wait(timeout=_TICK)
        except subprocess.TimeoutExpired:
            continue
    return None


def _stop_child(proc: subprocess.Popen[bytes], term_timeout: float) -> int:
    """SIGTERM, then SIGKILL if the run has not exited within ``term_timeout`` seconds."""
    proc.terminate()
    try:
        return proc.wait(timeout=term_timeout)
    except subprocess.TimeoutExpired:
        logger.warning("run did not stop within %.0f s of SIGTERM; killing it", term_timeout)
        proc.kill()
        return proc.wait()


def _say(out: TextIO | None, stamp: datetime, message: str) -> None:
    stream = out if out is not None else sys.stdout
    line = f"{stamp.isoformat(timespec='seconds')} ikpcrawl daemon: {message}"
    print(line, file=stream, flush=True)
