"""The HTML report of a result, and the summary notebooks show for a :class:`~valossa_metadata.Metadata`.

The report is a folder that needs nothing outside it: ``index.html`` with the video's facts, the
video itself when one is given, its transcript and the interactive timeline, screen time, heatmap,
faces, speakers, sentiment and topics, beside its pictures, CSVs and subtitles. Modules: ``build``
(:func:`write_report`), ``page`` (the sections), ``player`` (video, transcript panel, interactive
timeline, with ``player.js``), ``html`` (tables, folding, the page template) and ``summary`` (the
notebook view). The report, and with it the plots and matplotlib, loads on first use, so that a
notebook's summary stays light.

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
    from valossa_metadata.report.build import CSV_TABLES, ReportError, write_report

__all__ = ["CSV_TABLES", "ReportError", "summary_html", "write_report"]


def __getattr__(name: str) -> Any:
    if name in ("CSV_TABLES", "ReportError", "write_report"):
        return getattr(importlib.import_module("valossa_metadata.report.build"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
