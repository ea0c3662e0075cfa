"""The HTML report of a result, and the summary notebooks show for a :class:`~valossa_metadata.Metadata`.

The report (and with it the plots and matplotlib) loads on first use, so that a notebook's summary
stays light.

Examples:
    >>> from valossa_metadata.report import write_report
    >>> callable(write_report)
    True
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from valossa_metadata.report.summary import summary_html

if TYPE_CHECKING:
    from valossa_metadata.report.page import CSV_TABLES, ReportError, write_report

__all__ = ["CSV_TABLES", "ReportError", "summary_html", "write_report"]


def __getattr__(name: str) -> Any:
    if name in ("CSV_TABLES", "ReportError", "write_report"):
        return getattr(importlib.import_module("valossa_metadata.report.page"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
