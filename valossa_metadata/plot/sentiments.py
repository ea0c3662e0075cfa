"""The sentiment plot: speech, face and voice valence and voice arousal over time.

Either lines (optionally smoothed by a rolling mean) or, with ``simple``, one strip per valence
series with each second positive, neutral or negative.

Examples:
    >>> import valossa_metadata as vm
    >>> sentiment_series(vm.load("sample_results/current_format_example.json"))[:2]
    ['speech', 'face']
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import polars as pl

from valossa_metadata.errors import UsageError
from valossa_metadata.plot.axes import WIDTH, bars, new_axes, nothing, time_axis
from valossa_metadata.plot.styles import patch

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from valossa_metadata.metadata import Metadata

__all__ = ["sentiment", "sentiment_series"]

_SENTIMENT_SERIES = {
    "speech": ("speech_valence", "speech valence", "#009E73", "-"),
    "face": ("face_valence", "face valence", "#D55E00", "-"),
    "voice": ("voice_valence", "voice valence", "#0072B2", "-"),
    "arousal": ("voice_arousal", "voice arousal", "#E69F00", "--"),
}
_SIMPLE_COLORS = {"positive": "#0072B2", "neutral": "#CCCCCC", "negative": "#D55E00"}


def sentiment(
    md: Metadata,
    *,
    series: Sequence[str] | None = None,
    smooth: float | None = None,
    simple: bool = False,
    start: float | None = None,
    end: float | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Speech, face and voice valence (-1 to 1) and voice arousal (0 to 1) over time.

    ``series`` picks some of ``speech``, ``face``, ``voice``, ``arousal`` (default: all with data);
    ``smooth`` is a rolling mean over that many seconds (gaps stay gaps); ``simple`` draws one strip
    per valence series instead, each second positive (above 0.2), neutral or negative (below -0.2),
    as metadata-reader's ``--simple``.

    Examples:
        >>> import valossa_metadata as vm
        >>> from matplotlib.figure import Figure
        >>> md = vm.load("sample_results/current_format_example.json")
        >>> ax = sentiment(md, smooth=5, ax=Figure().add_subplot())
        >>> [line.get_label() for line in ax.get_lines()][:2]
        ['speech valence', 'face valence']
    """
    valences = [s for s in _SENTIMENT_SERIES if s != "arousal"]
    wanted = list(series) if series is not None else valences if simple else list(_SENTIMENT_SERIES)
    unknown = [s for s in wanted if s not in _SENTIMENT_SERIES]
    if unknown:
        raise UsageError(f"unknown sentiment series {unknown}; choose from {', '.join(_SENTIMENT_SERIES)}")
    if simple and "arousal" in wanted:
        raise UsageError("the simple plot shows valence (positive, neutral, negative); arousal has no sign")
    timeline_ = md.sentiment_timeline()
    present = [s for s in wanted if s in sentiment_series(md)]
    low = 0.0 if start is None else start
    high = end if end is not None else float(md.duration or max(timeline_.height, 1))
    if smooth:
        width = max(1, round(smooth))
        timeline_ = timeline_.with_columns(
            pl.when(pl.col(c).is_not_null()).then(
                pl.col(c).rolling_mean(window_size=width, min_samples=1, center=True)
            )
            for c in (_SENTIMENT_SERIES[s][0] for s in present)
        )
    if simple:
        ax = ax or new_axes(WIDTH, max(1.6, 0.9 + 0.35 * len(present)))
        whole_seconds = timeline_["second"].to_list()
        for row, name in enumerate(present):
            values = timeline_[_SENTIMENT_SERIES[name][0]].to_list()
            for mood, color in _SIMPLE_COLORS.items():
                starts, widths = _mood_runs(whole_seconds, values, mood)
                bars(ax, len(present) - 1 - row, starts, widths, [color] * len(starts), gid=f"{name}:{mood}")
        ax.set_yticks(
            [len(present) - 1 - i for i in range(len(present))], [_SENTIMENT_SERIES[s][1] for s in present]
        )
        ax.set_ylim(-0.6, max(len(present), 1) - 0.4)
        handles = [patch(mood, color) for mood, color in _SIMPLE_COLORS.items()]
    else:
        ax = ax or new_axes(WIDTH, 3.6)
        seconds = (timeline_["second"] + 0.5).to_list()  # a value is drawn at the middle of its second
        for name in present:
            column, label, color, style = _SENTIMENT_SERIES[name]
            values = [math.nan if v is None else v for v in timeline_[column].to_list()]
            ax.plot(seconds, values, color=color, linestyle=style, linewidth=1.1, label=label)
            if _isolated(values):
                ax.plot(
                    [s for s, v in zip(seconds, values) if v == v],
                    [v for v in values if v == v],
                    linestyle="none",
                    marker=".",
                    markersize=3,
                    color=color,
                    label=f"_{label} points",
                )
        ax.axhline(0.0, color="#555555", linewidth=0.8)
        ax.set_ylim(-1.05, 1.05)
        ax.set_ylabel("valence (arousal: 0 to 1)")
        handles = [line for line in ax.get_lines() if not str(line.get_label()).startswith("_")]
    time_axis(ax, low, high)
    ax.grid(axis="x", color="#DDDDDD", linewidth=0.6)
    ax.set_axisbelow(True)
    if not present:
        nothing(ax, "no sentiment data in this file")
    else:
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=8)
    suffix = f", {smooth:g} s rolling mean" if smooth and not simple else ""
    ax.set_title(f"Sentiment{suffix}", loc="left", fontsize=10)
    return ax


def sentiment_series(md: Metadata) -> list[str]:
    """The sentiment series a file has data for, of ``speech``, ``face``, ``voice`` and ``arousal``.

    Examples:
        >>> import valossa_metadata as vm
        >>> sentiment_series(vm.load("sample_results/legacy_1_1_0_example.json"))
        []
    """
    timeline_ = md.sentiment_timeline()
    return [name for name, (column, *_) in _SENTIMENT_SERIES.items() if timeline_[column].count()]


def _mood(value: float) -> str:
    return "positive" if value > 0.2 else "negative" if value < -0.2 else "neutral"


def _mood_runs(seconds: list[int], values: list[float | None], mood: str) -> tuple[list[float], list[float]]:
    """Start and length of each run of consecutive seconds in ``mood``.

    One bar per run instead of one per second: a two-hour strip is a few hundred rectangles to draw,
    not thousands, and looks the same.

    Examples:
        >>> _mood_runs([0, 1, 2, 3, 4, 6], [0.5, 0.9, None, 0.3, 0.4, 0.0], "positive")
        ([0.0, 3.0], [2.0, 2.0])
    """
    starts: list[float] = []
    widths: list[float] = []
    previous: int | None = None
    for second, value in zip(seconds, values):
        if value is None or _mood(value) != mood:
            continue
        if previous is not None and second == previous + 1:  # seconds are increasing and unique
            widths[-1] += 1.0
        else:
            starts.append(float(second))
            widths.append(1.0)
        previous = second
    return starts, widths


def _isolated(values: list[float]) -> bool:
    """Whether some value has no neighbour, so that a line alone would not show it."""
    known = [v == v for v in values]
    return any(
        k and not (i > 0 and known[i - 1]) and not (i + 1 < len(known) and known[i + 1])
        for i, k in enumerate(known)
    )
