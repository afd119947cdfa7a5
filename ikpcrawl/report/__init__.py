"""`ikpcrawl report`: what a crawl output directory holds, per outlet and day.

Reads every ``*.jsonl`` under the output directory into counters (:mod:`.reading`, into
:mod:`.data`), prints a plain-text summary (:mod:`.summary`) and, with ``--html FILE``, writes one
self-contained page (:mod:`.html`, from Jinja2 templates in ``templates/``, charts laid out by
:mod:`.charts`). The command line is :mod:`.cli`.

This package re-exports the names callers use, so ``from ikpcrawl.report import …`` is the one
import path.
"""

from __future__ import annotations

import logging
import sys
import types
from typing import Any

from ikpcrawl.report import reading
from ikpcrawl.report.cli import EXIT_OK, EXIT_USAGE, add_commands, cmd_report, main
from ikpcrawl.report.data import (
    OTHER_LABEL,
    PROVINCE_NAMES,
    OutletSummary,
    ReportData,
    ReportError,
    parse_day,
)
from ikpcrawl.report.html import render_html, write_html
from ikpcrawl.report.reading import MAX_LABELS, MAX_LINE_BYTES, build_report, iter_jsonl_files
from ikpcrawl.report.summary import format_summary

logger = logging.getLogger(__name__)

__all__ = [
    "EXIT_OK",
    "EXIT_USAGE",
    "MAX_LABELS",
    "MAX_LINE_BYTES",
    "OTHER_LABEL",
    "PROVINCE_NAMES",
    "OutletSummary",
    "ReportData",
    "ReportError",
    "add_commands",
    "build_report",
    "cmd_report",
    "format_summary",
    "iter_jsonl_files",
    "main",
    "parse_day",
    "render_html",
    "write_html",
]

#: Limits re-exported here but read in the module that uses them: setting one on the package
#: (as the tests do with monkeypatch) sets it there too, so the change takes effect.
_LIMITS_IN: dict[str, types.ModuleType] = {"MAX_LABELS": reading, "MAX_LINE_BYTES": reading}


class _ReportPackage(types.ModuleType):
    def __setattr__(self, name: str, value: Any) -> None:
        if name in _LIMITS_IN:
            setattr(_LIMITS_IN[name], name, value)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _ReportPackage
