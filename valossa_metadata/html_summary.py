"""A small HTML summary of one result, for notebooks (``Metadata._repr_html_``).

Title, format, duration, detections per type, the (type, label) pairs longest on screen and the face
identities;
every text from the file is escaped, and nothing outside the page is loaded.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import TYPE_CHECKING

import polars as pl

from valossa_metadata.plot import hms, resolve

if TYPE_CHECKING:
    from valossa_metadata.metadata import Metadata

__all__ = ["summary_html"]

_STYLE = "border-collapse:collapse;margin:0.3em 1.5em 0.3em 0;vertical-align:top;display:inline-table"
_CELL = "padding:1px 8px;text-align:left"


def summary_html(md: Metadata, *, top: int = 8) -> str:
    """An HTML ``<div>`` summing up a result: facts, detections per type, top labels and faces.

    Examples:
        >>> import valossa_metadata as vm
        >>> md = vm.load("sample_results/current_format_example.json")
        >>> page = summary_html(md)
        >>> "A weekend in Marseille" in page, "0:04:00" in page
        (True, True)
    """
    duration = hms(md.duration) if md.duration is not None else "unknown"
    facts = [
        ("format", md.format_version or "?"),
        ("duration", duration),
        ("detections", str(len(md.core.detections))),
        ("job", md.job_id or ""),
    ]
    counts = list(md.detection_counts().items())
    shown = [(t, str(n)) for t, n in counts[:top]]
    if len(counts) > top:
        shown.append((f"{len(counts) - top} more types", str(sum(n for _, n in counts[top:]))))
    labels = _top_labels(md, top)
    faces = md.select(types="human.face").screen_time("identity").head(top)
    parts = [
        '<div class="valossa-metadata-summary">',
        f"<strong>{escape(md.title or md.source)}</strong>",
        "<div>",
        _table(["fact", "value"], [(k, v) for k, v in facts if v]),
        _table(["type", "detections"], shown),
        _table(["label", "type", "seconds", "%"], _labelled(labels)),
    ]
    if faces.height:
        parts.append(_table(["face identity", "seconds", "%"], _timed(faces)))
    parts.extend(["</div>", "</div>"])
    return "".join(parts)


def _top_labels(md: Metadata, top: int) -> pl.DataFrame:
    occurrences = resolve(md).occurrences().with_columns(name=pl.coalesce("identity", "label"))
    from valossa_metadata.query import screen_time

    return screen_time(occurrences, ["type", "name"], duration=md.duration).head(top)


def _labelled(frame: pl.DataFrame) -> list[tuple[str, ...]]:
    """Rows of (label, type, seconds, %): a label under two types is two rows."""
    return [
        (name, kind, seconds, percent)
        for kind, (name, seconds, percent) in zip(frame["type"], _timed(frame.drop("type")))
    ]


def _timed(frame: pl.DataFrame) -> list[tuple[str, ...]]:
    percents = frame["percent"] if "percent" in frame.columns else [None] * frame.height
    return [
        (str(name), f"{seconds:.1f}", "" if percent is None else f"{percent:.1f}")
        for name, seconds, percent in zip(frame[frame.columns[0]], frame["screen_time"], percents)
    ]


def _table(header: list[str], rows: Sequence[Sequence[str]]) -> str:
    head = "".join(f'<th style="{_CELL}">{escape(h)}</th>' for h in header)
    body = "".join(
        "<tr>" + "".join(f'<td style="{_CELL}">{escape(cell)}</td>' for cell in row) + "</tr>" for row in rows
    )
    if not rows:
        body = f'<tr><td style="{_CELL}" colspan="{len(header)}">none</td></tr>'
    return f'<table style="{_STYLE}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
