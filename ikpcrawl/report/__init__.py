"""`ikpcrawl report`: what a crawl output directory holds, per outlet and day.

The command lives in :mod:`ikpcrawl.report.reading`; this package re-exports its public names so
that ``from ikpcrawl.report import ...`` keeps working.
"""

from __future__ import annotations

import logging
import sys
import types
from typing import Any

from ikpcrawl.report import reading
from ikpcrawl.report.reading import (
    MAX_LABELS,
    MAX_LINE_BYTES,
    OTHER_LABEL,
    ReportData,
    ReportError,
    add_commands,
    build_report,
    cmd_report,
    format_summary,
    main,
    render_html,
    write_html,
)

logger = logging.getLogger(__name__)

__all__ = [
    "MAX_LABELS",
    "MAX_LINE_BYTES",
    "OTHER_LABEL",
    "ReportData",
    "ReportError",
    "add_commands",
    "build_report",
    "cmd_report",
    "format_summary",
    "main",
    "render_html",
    "write_html",
]

#: Limits re-exported here and read where they are used: setting one on the package (as the
#: tests do with monkeypatch) sets it in that module too, so the change takes effect.
_LIMITS_IN: dict[str, types.ModuleType] = {"MAX_LABELS": reading, "MAX_LINE_BYTES": reading}


class _ReportPackage(types.ModuleType):
    def __setattr__(self, name: str, value: Any) -> None:
        if name in _LIMITS_IN:
            setattr(_LIMITS_IN[name], name, value)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _ReportPackage
