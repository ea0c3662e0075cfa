"""The speakers plot: who talks when, one lane of turns per speaker.

Examples:
    >>> import valossa_metadata as vm
    >>> from matplotlib.figure import Figure
    >>> md = vm.load("sample_results/current_format_example.json")
    >>> speakers(md, ax=Figure().add_subplot()).get_title(loc="left")
    'Speakers: 3, turns joined over pauses up to 1 s'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

from valossa_metadata.plot.axes import WIDTH, bars, minutes, new_axes, nothing, time_axis
from valossa_metadata.plot.styles import speaker_colors, speaker_order
from valossa_metadata.query.speech import speaker_name

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from valossa_metadata.metadata import Metadata

__all__ = ["speakers"]


def speakers(
    md: Metadata,
    *,
    max_pause: float = 1.0,
    start: float | None = None,
    end: float | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Who talks when: one lane per speaker (most talk at the top, as everywhere), turns from the words.

    Lane labels give each speaker's talk time and share of the video.

    Examples:
        >>> import valossa_metadata as vm
        >>> from matplotlib.figure import Figure
        >>> md = vm.load("sample_results/current_format_example.json")
        >>> ax = speakers(md, ax=Figure().add_subplot())
        >>> ax.get_yticklabels()[0].get_text()
        'Speaker 2 (1:15, 31%)'
    """
    turns = md.speaker_turns(max_pause=max_pause)
    low = 0.0 if start is None else start
    high = end if end is not None else float(md.duration or (turns["end"].max() or 1.0))  # type: ignore[arg-type]
    order = speaker_order(turns)
    colors = speaker_colors(turns)
    ax = ax or new_axes(WIDTH, max(1.8, 1.0 + 0.4 * len(order)))
    labels = []
    for i, speaker in enumerate(order):
        own = turns.filter(pl.col("speaker").eq_missing(speaker))
        bars(
            ax,
            len(order) - 1 - i,
            own["start"].to_list(),
            own["duration"].to_list(),
            [colors[speaker]] * own.height,
            gid=f"speaker:{speaker}",
        )
        talk = float(own["duration"].sum())
        share = f", {talk / md.duration * 100:.0f}%" if md.duration else ""
        labels.append(f"{speaker_name(speaker) or 'unknown speaker'} ({minutes(talk)}{share})")
    ax.set_yticks([len(order) - 1 - i for i in range(len(order))], labels)
    ax.set_ylim(-0.6, max(len(order), 1) - 0.4)
    time_axis(ax, low, high)
    ax.grid(axis="x", color="#DDDDDD", linewidth=0.6)
    ax.set_axisbelow(True)
    if not order:
        nothing(ax, "no speaker data in this file")
    ax.set_title(
        f"Speakers: {len(order)}, turns joined over pauses up to {max_pause:g} s", loc="left", fontsize=10
    )
    return ax
