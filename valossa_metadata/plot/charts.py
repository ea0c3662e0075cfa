"""The screen-time chart: horizontal bars of union screen time per label, type or face identity.

Examples:
    >>> import valossa_metadata as vm
    >>> from matplotlib.figure import Figure
    >>> md = vm.load("sample_results/current_format_example.json")
    >>> ax = screen_time_chart(md, by="type", top=3, ax=Figure().add_subplot())
    >>> len(ax.patches)
    3
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import polars as pl

from valossa_metadata.errors import UsageError
from valossa_metadata.plot.axes import new_axes, nothing
from valossa_metadata.plot.styles import patch, short, styles_of, type_style
from valossa_metadata.query.filters import screen_time as union_screen_time
from valossa_metadata.query.selection import resolve

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from valossa_metadata.metadata import Metadata
    from valossa_metadata.query.selection import Selection

__all__ = ["screen_time_chart"]


def screen_time_chart(
    source: Metadata | Selection,
    *,
    by: Literal["label", "type", "identity"] = "label",
    top: int | None = 15,
    ax: Axes | None = None,
) -> Axes:
    """Horizontal bars of union screen time, longest at the top, annotated with seconds and % of the video.

    ``by="label"`` names faces by identity and keeps a label under two types as two bars (the type
    is then named); bars are coloured by detection type.

    Examples:
        >>> import valossa_metadata as vm
        >>> from matplotlib.figure import Figure
        >>> md = vm.load("sample_results/current_format_example.json")
        >>> ax = screen_time_chart(md, by="identity", ax=Figure().add_subplot())
        >>> ax.get_yticklabels()[0].get_text()
        'John Carter'
    """
    if by not in ("label", "type", "identity"):
        raise UsageError(f"by is 'label', 'type' or 'identity', not {by!r}")
    selection = resolve(source)
    duration = selection.md.duration
    occurrences = selection.occurrences()
    if by == "identity":
        occurrences = occurrences.filter(pl.col("identity").is_not_null())
    key = pl.col("type") if by == "type" else pl.coalesce("identity", "label")
    named = occurrences.with_columns(name=key)
    # A label under two types (speech heard, speech seen) is two rows, never one.
    totals = union_screen_time(named, ["type", "name"] if by == "label" else "name", duration=duration)
    totals = totals.head(top) if top is not None else totals
    if by == "label":
        kinds = totals["type"].to_list()
    else:
        modes = named.group_by("name").agg(kind=pl.col("type").mode().sort().first())
        kind_of = dict(modes.iter_rows())
        kinds = [kind_of[name] for name in totals["name"].to_list()]
    raw = totals["name"].to_list()
    names = [f"{short(str(n), 22)} ({k})" if raw.count(n) > 1 else short(str(n)) for n, k in zip(raw, kinds)]
    values = totals["screen_time"].to_list()
    percents = totals["percent"].to_list() if "percent" in totals.columns else [None] * len(names)
    ax = ax or new_axes(8.0, max(2.2, 0.9 + 0.3 * len(names)))
    colors = [type_style(kind)[1] for kind in kinds]
    ax.barh(range(len(names)), values, color=colors, height=0.7)
    ax.set_yticks(range(len(names)), names)
    ax.invert_yaxis()
    longest = max(values, default=1.0) or 1.0
    for y, (value, percent) in enumerate(zip(values, percents)):
        text = f"{value:.1f} s" + (f" · {percent:.1f}%" if percent is not None else "")
        ax.text(value + longest * 0.01, y, text, va="center", fontsize=8)
    ax.set_xlim(0, longest * 1.3)
    ax.set_xlabel("screen time (s), overlaps counted once")
    ax.grid(axis="x", color="#DDDDDD", linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    styles = styles_of(set(kinds))
    if by == "label" and len(styles) > 1:
        ax.legend(handles=[patch(n, c) for _, n, c in styles], loc="lower right", frameon=False, fontsize=8)
    if not names:
        nothing(ax, "nothing to show in this selection")
    noun = {"label": "labels", "type": "detection types", "identity": "face identities"}[by]
    ax.set_title(f"Screen time: top {len(names)} {noun}", loc="left", fontsize=10)
    return ax
