"""The plots' shared layout: new figures, the ``h:mm:ss`` time axis, the time window, bars and legends.

A plot draws on the Axes it is given, or on a new figure sized for its content: a bare
``Figure`` (no GUI backend needed) unless the caller already uses pyplot. Time axes read
``h:mm:ss`` with round tick steps.

Examples:
    >>> hms(3725), time_step(240), minutes(61)
    ('1:02:05', 30, '1:01')
"""

from __future__ import annotations

import math
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from valossa_metadata.errors import UsageError
from valossa_metadata.query.timecodes import hms

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from valossa_metadata.query.selection import Selection

__all__ = [
    "WIDTH",
    "bars",
    "hms",
    "legends",
    "minutes",
    "new_axes",
    "nothing",
    "root_figure",
    "time_axis",
    "time_step",
    "window",
]

#: The width of a new figure for a plot over time, in inches.
WIDTH = 11.0

_NICE_STEPS = (0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400)
_LEGEND: dict[str, Any] = {
    "loc": "upper left",
    "bbox_to_anchor": (1.01, 1.0),
    "frameon": False,
    "fontsize": 8,
}


def time_step(span: float, max_ticks: int = 10) -> float:
    """A round tick spacing (1, 2, 5, 10, 15, 30 s, 1, 2, 5, 10, 15, 30 min, 1 h, ...) for a time span.

    Examples:
        >>> time_step(240), time_step(7200), time_step(8)
        (30, 900, 1)
    """
    for step in _NICE_STEPS:
        if span / step <= max_ticks:
            return step
    return _NICE_STEPS[-1] * math.ceil(span / (_NICE_STEPS[-1] * max_ticks))


def minutes(seconds: float) -> str:
    """A talk time as ``m:ss`` (``h:mm:ss`` from an hour on).

    Examples:
        >>> minutes(61), minutes(4000)
        ('1:01', '1:06:40')
    """
    whole_minutes, secs = divmod(round(seconds), 60)
    return f"{whole_minutes}:{secs:02d}" if whole_minutes < 60 else hms(seconds)


def new_axes(width: float, height: float) -> Axes:
    """The Axes of a new figure of that size (in inches), with a constrained layout."""
    # pyplot only when the caller already uses it (a notebook, a script that calls plt.show()): the
    # command line and the report draw on bare Figures, which need no GUI backend and leak nothing.
    if "matplotlib.pyplot" in sys.modules:
        import matplotlib.pyplot as plt

        fig = plt.figure(figsize=(width, height), layout="constrained")
    else:
        from matplotlib.figure import Figure

        fig = Figure(figsize=(width, height), layout="constrained")
    return fig.add_subplot()


def root_figure(figure: Axes | Figure) -> Figure:
    """The top-level figure of an Axes (or of a subfigure, or the figure itself).

    Examples:
        >>> from matplotlib.figure import Figure
        >>> fig = Figure()
        >>> root_figure(fig.subfigures(1, 2)[0].add_subplot()) is fig
        True
    """
    from matplotlib.figure import Figure

    current: Any = figure
    while not isinstance(current, Figure):
        current = current.figure
    return current


def window(selection: Selection, start: float | None, end: float | None) -> tuple[float, float]:
    """The x range: the arguments, else the selection's window, else the whole video."""
    c = selection.criteria
    low = start if start is not None else c.start
    high = end if end is not None else c.end
    if c.length is not None and (start is None or end is None):
        if low is not None and high is None:
            high = low + c.length
        elif high is not None and low is None:
            low = high - c.length
    low = 0.0 if low is None else float(low)
    if high is None:
        ends = selection.md.occurrences()["end"]
        high = float(selection.md.duration or (ends.max() if ends.len() else 0.0) or low + 1.0)  # type: ignore[arg-type]
    if high <= low:
        raise UsageError(f"the time window ends ({high:g}) before it starts ({low:g})")
    return low, float(high)


def time_axis(ax: Axes, low: float, high: float) -> None:
    """An ``h:mm:ss`` x axis from ``low`` to ``high`` with round steps; small tick labels."""
    from matplotlib.ticker import FuncFormatter, MultipleLocator

    step = time_step(high - low)
    decimals = 1 if step < 1 else 0
    ax.set_xlim(low, high)
    ax.xaxis.set_major_locator(MultipleLocator(step))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: hms(x, decimals)))
    ax.set_xlabel("time (h:mm:ss)")
    ax.tick_params(axis="y", length=0, labelsize=8)
    ax.tick_params(axis="x", labelsize=8)


def bars(
    ax: Axes,
    y: float,
    starts: list[float],
    widths: list[float],
    colors: Sequence[Any],
    *,
    gid: str | None = None,
) -> None:
    """One lane of horizontal bars at height ``y`` (nothing when there are none); ``gid`` names it."""
    if not starts:
        return
    drawn = ax.broken_barh(list(zip(starts, widths)), (y - 0.38, 0.76), facecolors=list(colors), linewidth=0)
    if gid is not None:
        drawn.set_gid(gid)


def legends(ax: Axes, groups: list[tuple[str, list[Any]]]) -> None:
    """Legends right of the plot, one under the other, each with a title."""
    shown = [(title, handles) for title, handles in groups if handles]
    if not shown:
        return
    # One legend holds every group, each introduced by an invisible handle with the group's title.
    from matplotlib.patches import Patch

    rows: list[Any] = []
    for number, (title, handles) in enumerate(shown):
        blank = Patch(visible=False, label=("\n" if number else "") + title)
        rows.extend([blank, *handles])
    legend = ax.legend(handles=rows, **_LEGEND)
    for text, handle in zip(legend.get_texts(), rows):
        if not handle.get_visible():
            text.set_fontweight("bold")


def nothing(ax: Axes, text: str) -> None:
    """A note in the middle of an empty plot."""
    ax.text(
        0.5,
        0.5,
        text,
        transform=ax.transAxes,
        ha="center",
        va="center",
        color="#555555",
        bbox={"facecolor": "white", "edgecolor": "none"},
        zorder=5,
    )
