"""Settings read from the environment (``IKPCRAWL_*``), checked with one-line errors."""

from __future__ import annotations

import difflib
import math
import os
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

T = TypeVar("T")


class ConfigError(ValueError):
    """A bad setting; its message is one line that says what is wrong and how to fix it."""


def _positive_int(name: str, raw: str) -> int:
    try:
        value = int(raw)
    except ValueError:
        value = -1
    if value < 1:
        raise ConfigError(f"{name} must be a whole number of 1 or more, got {raw!r}")
    return value


def _number(raw: str) -> float | None:
    """A finite number, or None (``inf`` and ``nan`` would hang or confuse a run)."""
    try:
        value = float(raw)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _seconds(name: str, raw: str) -> float:
    value = _number(raw)
    if value is None or value < 0:
        raise ConfigError(f"{name} must be a number of seconds (0 or more), got {raw!r}")
    return value


def _positive_seconds(name: str, raw: str) -> float:
    value = _number(raw)
    if value is None or value <= 0:
        raise ConfigError(f"{name} must be a number of seconds above 0, got {raw!r}")
    return value


def _days(name: str, raw: str) -> float:
    value = _number(raw)
    if value is None or value < 0:
        raise ConfigError(f"{name} must be a number of days (0 or more; 0 keeps all), got {raw!r}")
    return value


def _fraction(name: str, raw: str) -> float:
    value = _number(raw)
    if value is None or not 0 < value <= 1:
        raise ConfigError(f"{name} must be a number between 0 and 1, got {raw!r}")
    return value


def parse_boolean(raw: str) -> bool | None:
    """true/false, 1/0, yes/no, on/off (empty is false); None for anything else."""
    lowered = raw.strip().lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off", ""):
        return False
    return None


def _boolean(name: str, raw: str) -> bool:
    value = parse_boolean(raw)
    if value is None:
        raise ConfigError(f"{name} must be true or false, got {raw!r}")
    return value


def _url(name: str, raw: str) -> str:
    if not raw.startswith(("http://", "https://")):
        raise ConfigError(
            f"{name} must be an http(s) base URL such as http://127.0.0.1:8000, got {raw!r}"
        )
    return raw.rstrip("/")


def _webhook(name: str, raw: str) -> str:
    if not raw.startswith(("http://", "https://")):
        raise ConfigError(
            f"{name} must be an http(s) webhook URL such as"
            f" https://hooks.slack.com/services/T000/B000/XXXX, got {raw!r}"
        )
    return raw


def _redis_url(name: str, raw: str) -> str:
    if not raw.startswith(("redis://", "rediss://", "unix://")):
        raise ConfigError(
            f"{name} must be a Redis URL such as redis://127.0.0.1:6379/0, got {raw!r}"
        )
    return raw


def _log_level(name: str, raw: str) -> str:
    level = raw.strip().upper()
    if level not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
        raise ConfigError(f"{name} must be DEBUG, INFO, WARNING, ERROR or CRITICAL, got {raw!r}")
    return level


def _text(name: str, raw: str) -> str:
    return raw


# Environment variable -> (Scrapy setting, parser).
ENV_SETTINGS: dict[str, tuple[str, Callable[[str, str], Any]]] = {
    "IKPCRAWL_MIRROR": ("IKPCRAWL_MIRROR", _url),
    "IKPCRAWL_OUTPUT_DIR": ("IKPCRAWL_OUTPUT_DIR", _text),
    "IKPCRAWL_STATS_FILE": ("IKPCRAWL_STATS_FILE", _text),
    "IKPCRAWL_STATE_DIR": ("IKPCRAWL_STATE_DIR", _text),
    "IKPCRAWL_ALERT_WEBHOOK": ("IKPCRAWL_ALERT_WEBHOOK", _webhook),
    "IKPCRAWL_REDIS_URL": ("IKPCRAWL_REDIS_URL", _redis_url),
    "IKPCRAWL_WORKER_IDLE_TIMEOUT": ("IKPCRAWL_WORKER_IDLE_TIMEOUT", _seconds),
    "IKPCRAWL_GENERATION": ("IKPCRAWL_GENERATION", _text),
    "IKPCRAWL_NEARDUP_THRESHOLD": ("IKPCRAWL_NEARDUP_THRESHOLD", _fraction),
    "IKPCRAWL_NEARDUP_DAYS": ("IKPCRAWL_NEARDUP_DAYS", _days),
    "IKPCRAWL_USER_AGENT": ("USER_AGENT", _text),
    "IKPCRAWL_CONCURRENCY": ("CONCURRENT_REQUESTS", _positive_int),
    "IKPCRAWL_CONCURRENCY_PER_DOMAIN": ("CONCURRENT_REQUESTS_PER_DOMAIN", _positive_int),
    "IKPCRAWL_DOWNLOAD_DELAY": ("DOWNLOAD_DELAY", _seconds),
    "IKPCRAWL_AUTOTHROTTLE": ("AUTOTHROTTLE_ENABLED", _boolean),
    "IKPCRAWL_TIMEOUT": ("DOWNLOAD_TIMEOUT", _positive_seconds),
    "IKPCRAWL_HOST_FAILURE_BUDGET": ("IKPCRAWL_HOST_FAILURE_BUDGET", _positive_int),
    "IKPCRAWL_LOG_LEVEL": ("LOG_LEVEL", _log_level),
    "IKPCRAWL_HTTPCACHE": ("HTTPCACHE_ENABLED", _boolean),
}


def settings_from_env(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Scrapy settings given by ``IKPCRAWL_*`` variables; raises :class:`ConfigError`."""
    env = os.environ if environ is None else environ
    out: dict[str, Any] = {}
    for var, (setting, parse) in ENV_SETTINGS.items():
        raw = env.get(var)
        if raw is not None and raw != "":
            out[setting] = parse(var, raw)
    return out


#: Variables read elsewhere (rendering, schedules, tests): known, so never warned about.
OTHER_VARIABLES = (
    "IKPCRAWL_RENDER",
    "IKPCRAWL_RENDER_RETRY_EMPTY_BODY",
    "IKPCRAWL_CHROMIUM",
    "IKPCRAWL_CRONTAB_FILE",
    "IKPCRAWL_CORPUS",
    "IKPCRAWL_BENCH_DIR",
)


def unknown_variables(environ: Mapping[str, str] | None = None) -> list[str]:
    """One warning per ``IKPCRAWL_*`` variable nobody reads (a typo), with the nearest name."""
    env = os.environ if environ is None else environ
    known = [*ENV_SETTINGS, *OTHER_VARIABLES]
    warnings = []
    for name in sorted(env):
        if name.startswith("IKPCRAWL_") and name not in known:
            near = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
            hint = f"; did you mean {near[0]}?" if near else "; see docs/configuration.md"
            warnings.append(f"unknown variable {name} is ignored{hint}")
    return warnings
