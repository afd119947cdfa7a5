"""``ikpcrawl doctor``: is this machine ready to crawl? A short table of checks and fixes.

Checks: the Python packages a crawl imports; Chromium (present, and whether it really starts and
runs JavaScript); the output and state directories writable; Redis when ``IKPCRAWL_REDIS_URL``
is set; the network (DNS, then an HTTPS round trip to an outlet's robots.txt; the mirror instead
in mirror mode). Exit code 0 when every check passes (or is skipped), 1 otherwise.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import importlib.util
import logging
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any, TextIO

from ikpcrawl import __version__
from ikpcrawl.crawl import rendering

logger = logging.getLogger(__name__)

OK, FAIL, SKIP = "ok", "FAIL", "skip"
# (import name, distribution name): what a crawl imports. scrapy-playwright only renders, but
# three outlets need it, so it is checked like the rest.
PACKAGES: tuple[tuple[str, str], ...] = (
    ("scrapy", "Scrapy"),
    ("scrapy_playwright", "scrapy-playwright"),
    ("playwright", "playwright"),
    ("trafilatura", "trafilatura"),
    ("lxml", "lxml"),
    ("dateparser", "dateparser"),
    ("jsonschema", "jsonschema"),
    ("itemadapter", "itemadapter"),
)
LAUNCH_TIMEOUT_S = 60.0
#: The network check asks this outlet for its robots.txt (one polite request).
DEFAULT_HOST = "optika.id"
USER_AGENT = f"ikpcrawl/{__version__} (doctor)"


@dataclass(frozen=True)
class Check:
    name: str
    status: str  # OK, FAIL or SKIP
    detail: str  # what was found, or what to do about it


# ------------------------------------------------------------------------------- the checks
def check_packages() -> Check:
    missing, found = [], []
    for module, dist in PACKAGES:
        if importlib.util.find_spec(module) is None:
            missing.append(dist)
            continue
        try:
            found.append(f"{dist} {metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            found.append(dist)
    if missing:
        return Check(
            "python packages",
            FAIL,
            f"missing {', '.join(missing)}: pip install -e . (in the project's virtualenv)",
        )
    return Check("python packages", OK, ", ".join(found[:3]) + f" (+{len(found) - 3} more)")


def check_chromium(executable: str) -> Check:
    if not os.path.isfile(executable):
        return Check("chromium", FAIL, f"not found at {executable}: {rendering.INSTALL_FIX}")
    if not os.access(executable, os.X_OK):
        return Check("chromium", FAIL, f"{executable} is not executable: {rendering.INSTALL_FIX}")
    try:
        # Debian's wrapper script may complain on stderr; the version is on stdout.
        done = subprocess.run(
            [executable, "--version"], capture_output=True, text=True, timeout=20, check=False
        )
        version = done.stdout.strip().splitlines()[0] if done.stdout.strip() else "?"
    except (OSError, subprocess.SubprocessError) as error:
        version = f"version unknown ({type(error).__name__})"
    return Check("chromium", OK, f"{executable} ({version})")


def check_launch(executable: str, chromium: Check) -> Check:
    name = "chromium starts"
    if chromium.status != OK:
        return Check(name, SKIP, "no Chromium to start")
    if rendering.missing_packages():
        return Check(name, SKIP, "needs playwright (see python packages)")
    started = time.monotonic()
    try:
        answer = asyncio.run(asyncio.wait_for(_launch(executable), LAUNCH_TIMEOUT_S))
    except Exception as error:  # noqa: BLE001 - any failure is the answer
        first = rendering.first_line(str(error)) or type(error).__name__
        return Check(
            name,
            FAIL,
            f"{first[:160]}: apt-get install --reinstall -y chromium, or set IKPCRAWL_CHROMIUM",
        )
    if answer != 42:
        return Check(name, FAIL, f"JavaScript did not run (got {answer!r})")
    return Check(name, OK, f"headless page with JavaScript in {time.monotonic() - started:.1f}s")


async def _launch(executable: str) -> Any:
    """Start Chromium as a crawl would, run one line of JavaScript, close everything."""
    async_api = importlib.import_module("playwright.async_api")
    async with async_api.async_playwright() as playwright:
        browser = await playwright.chromium.launch(**rendering.launch_options(executable))
        try:
            page = await browser.new_page()
            await page.set_content("<p id=answer></p><script>answer.textContent = 6 * 7</script>")
            return int(await page.text_content("#answer") or 0)
        finally:
            await browser.close()


def check_directory(label: str, path: Path) -> Check:
    """Writable, or creatable: the crawl creates it (and its parents) on first use."""
    target = path
    while not target.exists():
        if target.parent == target:
            break
        target = target.parent
    if not target.is_dir():
        return Check(label, FAIL, f"{path}: {target} is not a directory; choose another path")
    try:
        with tempfile.NamedTemporaryFile(dir=target, prefix=".ikpcrawl-doctor-"):
            pass
    except OSError as error:
        return Check(
            label, FAIL, f"{target} is not writable ({error.strerror}): fix its owner or mode"
        )
    if target == path:
        return Check(label, OK, f"{path} (writable)")
    return Check(label, OK, f"{path} (will be created in {target})")


def check_redis(environ: Mapping[str, str]) -> Check:
    url = environ.get("IKPCRAWL_REDIS_URL", "")
    if not url:
        return Check("redis", SKIP, "IKPCRAWL_REDIS_URL not set")
    try:
        redis = importlib.import_module("redis")
    except ImportError:
        return Check(
            "redis", FAIL, "IKPCRAWL_REDIS_URL is set but redis is missing: pip install redis"
        )
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=3, socket_timeout=3)
        try:
            client.ping()
        finally:
            client.close()
    except Exception as error:  # noqa: BLE001 - connection, auth, bad URL: all a FAIL
        reason = rendering.first_line(str(error)).strip("'") or type(error).__name__
        return Check("redis", FAIL, f"{_redact(url)}: {reason}")
    return Check("redis", OK, f"{_redact(url)} answers PING")


def check_network(host: str, environ: Mapping[str, str], timeout: float = 10.0) -> Check:
    """DNS, then one HTTPS request (robots.txt): what every crawl needs first."""
    mirror = environ.get("IKPCRAWL_MIRROR", "")
    url = f"{mirror.rstrip('/')}/{host}/robots.txt" if mirror else f"https://{host}/robots.txt"
    if not mirror:
        try:
            _resolve(host, timeout)
        except OSError as error:
            reason = getattr(error, "strerror", None) or str(error) or type(error).__name__
            return Check(
                "network",
                FAIL,
                f"no network: DNS lookup of {host} failed ({reason}); check the connection,"
                " the resolver (/etc/resolv.conf) or a proxy",
            )
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT}, method="GET")
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status = int(response.status)
    except urllib.error.HTTPError as error:
        status = int(error.code)  # an answer all the same: the round trip works
    except (OSError, ValueError) as error:
        reason = getattr(error, "reason", None) or error
        where = "the mirror" if mirror else host
        return Check("network", FAIL, f"{url}: {reason}: {where} cannot be reached")
    took = time.monotonic() - started
    via = "mirror" if mirror else "HTTPS"
    return Check("network", OK, f"{url} answered {status} in {took:.1f}s ({via})")


def _resolve(host: str, timeout: float) -> None:
    """getaddrinfo with a time limit (a resolver that never answers must not hang doctor)."""
    import concurrent.futures

    pool = concurrent.futures.ThreadPoolExecutor(max_workers=1)
    try:
        pool.submit(socket.getaddrinfo, host, 443).result(timeout=timeout)
    except concurrent.futures.TimeoutError:
        raise OSError(f"no answer in {timeout:.0f}s") from None
    finally:
        pool.shutdown(wait=False)


def _redact(url: str) -> str:
    """Never print a password from the URL."""
    scheme, sep, rest = url.partition("://")
    if sep and "@" in rest:
        return f"{scheme}://***@{rest.rsplit('@', 1)[1]}"
    return url


def run_checks(
    output: Path,
    state: Path,
    environ: Mapping[str, str] | None = None,
    host: str = DEFAULT_HOST,
) -> list[Check]:
    env = os.environ if environ is None else environ
    executable = rendering.chromium_path(env)
    chromium = check_chromium(executable)
    return [
        check_packages(),
        chromium,
        check_launch(executable, chromium),
        check_directory("output dir", output),
        check_directory("state dir", state),
        check_redis(env),
        check_network(host, env),
    ]


# ------------------------------------------------------------------------------ reporting
def render_table(checks: Sequence[Check]) -> str:
    headers = ("check", "status", "detail / fix")
    width = max(len(headers[0]), *(len(c.name) for c in checks))
    lines = [f"{headers[0]:<{width}}  {headers[1]:<6}  {headers[2]}"]
    lines += [f"{c.name:<{width}}  {c.status:<6}  {c.detail}" for c in checks]
    failed = [c for c in checks if c.status == FAIL]
    if failed:
        lines.append(f"{len(failed)} check(s) failed: fix the FAIL lines above")
    else:
        lines.append("ready to crawl")
    return "\n".join(lines)


def cmd_doctor(args: argparse.Namespace, out: TextIO | None = None) -> int:
    checks = run_checks(Path(args.output), Path(args.state), host=args.host)
    print(render_table(checks), file=out or sys.stdout)
    return 1 if any(c.status == FAIL for c in checks) else 0


def add_commands(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``doctor`` (sets ``func``)."""
    doctor = subparsers.add_parser(
        "doctor",
        help="check what a crawl needs: packages, Chromium, directories, Redis, network",
        description="Checks the environment a crawl needs and says what to fix."
        " Exit code 0 when every check passes, 1 otherwise.",
    )
    doctor.add_argument(
        "--output",
        default=os.environ.get("IKPCRAWL_OUTPUT_DIR") or "output",
        help="output directory (default: $IKPCRAWL_OUTPUT_DIR or output)",
    )
    doctor.add_argument(
        "--state",
        default=os.environ.get("IKPCRAWL_STATE_DIR") or ".state",
        help="state directory (default: $IKPCRAWL_STATE_DIR or .state)",
    )
    doctor.add_argument(
        "--host",
        default=DEFAULT_HOST,
        help=f"the site whose robots.txt the network check fetches (default: {DEFAULT_HOST})",
    )
    func: Callable[[argparse.Namespace], int] = cmd_doctor
    doctor.set_defaults(func=func)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m ikpcrawl.ops.doctor`` (the same as ``ikpcrawl doctor``)."""
    parser = argparse.ArgumentParser(prog="ikpcrawl")
    add_commands(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["doctor", *(sys.argv[1:] if argv is None else argv)])
    return int(args.func(args))


if __name__ == "__main__":
    raise SystemExit(main())
