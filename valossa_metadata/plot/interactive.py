"""The interactive timeline (Plotly): zoom, pan and hover over the lanes of the top labels and identities.

One lane per (detection type, label), faces named by identity, plus one lane per speaker. Bars are
coloured by type, with an opacity that grows with confidence; hovering tells label, type, times and
confidence. Beyond ``long_video`` seconds a lane is drawn per bin instead (the opacity is then the
share of the bin on screen), so that a two-hour film does not become thousands of slivers. The same
figure shows in a notebook and, with its ids, in the report beside the video.

Examples:
    >>> import valossa_metadata as vm
    >>> md = vm.load("sample_results/current_format_example.json")
    >>> figure = interactive_timeline(md, top=3)
    >>> len(figure.layout.yaxis.categoryarray) >= 3
    True
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import polars as pl

from valossa_metadata.plot.axes import hms, time_step, window
from valossa_metadata.plot.bins import auto_step, binned, share_alpha
from valossa_metadata.plot.styles import alpha, short, speaker_order, type_style
from valossa_metadata.query import screen_time as union_screen_time
from valossa_metadata.query import window as time_window
from valossa_metadata.query.selection import one_result, resolve
from valossa_metadata.query.speech import speaker_name

if TYPE_CHECKING:
    from plotly.graph_objects import Figure

    from valossa_metadata.metadata import Metadata
    from valossa_metadata.query.selection import Selection

__all__ = [
    "ENCODING",
    "ENCODING_BINNED",
    "FACES",
    "Lane",
    "interactive_timeline",
    "timeline_lanes",
    "timeline_spec",
]

#: The caption that explains the encoding, under the chart.
ENCODING = "Colour: detection type. Opacity: confidence (faint at 0.5 or less, solid at 1)."
ENCODING_BINNED = "Colour: detection type. Opacity: the share of each minute on screen."

#: Face identities that always get a lane (the longest on screen).
FACES = 3

_SPEECH_TYPE = "audio.speech"


@dataclass(frozen=True)
class Lane:
    """One lane: its title, detection type, colour and bars ``(start, end, confidence or share)``."""

    title: str
    type: str
    color: str
    bars: list[tuple[float, float, float | None]]


def timeline_lanes(
    source: Metadata | Selection,
    *,
    top: int = 20,
    speakers: bool = True,
    bin_seconds: float | None = None,
    start: float | None = None,
    end: float | None = None,
) -> tuple[list[Lane], float | None]:
    """The lanes of the interactive timeline, top first, and the bin (``None``: occurrences as they are).

    Lanes are the ``top`` (type, label) pairs by screen time in the window, faces by identity (the
    :data:`FACES` face identities longest on screen are added when they are not among them), then
    one lane per speaker (most talk first). ``bin_seconds`` defaults to
    :data:`~valossa_metadata.plot.bins.BIN` when the window is longer than
    :data:`~valossa_metadata.plot.bins.LONG_VIDEO` and to none otherwise; binned bars carry the
    share of the bin.

    Examples:
        >>> import valossa_metadata as vm
        >>> md = vm.load("sample_results/current_format_example.json")
        >>> lanes, step = timeline_lanes(md, top=2, speakers=False)
        >>> len(lanes), step
        (5, None)
    """
    selection = resolve(source)
    low, high = window(selection, start, end)
    step = auto_step(high - low, bin_seconds)
    occurrences = time_window(
        selection.occurrences().with_columns(name=pl.coalesce("identity", "label")), low, high
    )
    everything = union_screen_time(occurrences, ["type", "name"], start=low, end=high)
    # The people longest on screen always get a lane, even when labels fill the top.
    people = everything.filter(pl.col("type").str.starts_with("human.face")).head(FACES)
    ranked = everything.head(top)
    ranked = pl.concat([ranked, people.join(ranked, on=["type", "name"], how="anti")])
    # A name of two types (speech heard and speech seen) is named with its type, as on the static timeline.
    everywhere = everything["name"].to_list()
    twice = {n for n in everywhere if everywhere.count(n) > 1}
    lanes = []
    for kind, name in ranked.select("type", "name").iter_rows():
        rows = occurrences.filter((pl.col("type") == kind) & (pl.col("name") == name)).sort("start")
        spans = list(zip(rows["start"].to_list(), rows["end"].to_list(), rows["confidence"].to_list()))
        title = f"{short(name, 24)} ({kind})" if name in twice else short(name, 32)
        lanes.append(Lane(title, kind, type_style(kind)[1], binned(spans, step) if step else spans))
    md = selection.md
    if speakers and one_result(md):
        turns = time_window(md.speaker_turns(), low, high)
        for speaker in speaker_order(turns):
            own = turns.filter(pl.col("speaker").eq_missing(speaker))
            spans = [(s, e, None) for s, e in zip(own["start"].to_list(), own["end"].to_list())]
            title = speaker_name(speaker) or "unknown speaker"
            color = type_style(_SPEECH_TYPE)[1]
            lanes.append(Lane(title, _SPEECH_TYPE, color, binned(spans, step) if step else spans))
    return lanes, step


def interactive_timeline(
    source: Metadata | Selection,
    *,
    top: int = 20,
    speakers: bool = True,
    bin_seconds: float | None = None,
    start: float | None = None,
    end: float | None = None,
) -> Figure:
    """A Plotly figure of :func:`timeline_lanes`: zoom, pan, hover; shows itself in a notebook.

    Each lane is one trace (its ``meta`` is the lane's title, for filtering); a bar's ``customdata``
    is ``[start, end]`` in seconds; ``layout.shapes[0]`` is a playhead line, hidden until a player
    moves it. ``md.timeline(interactive=True)`` returns this figure; :func:`timeline_spec` is the
    same figure as plain data.

    Examples:
        >>> import valossa_metadata as vm
        >>> md = vm.load("sample_results/current_format_example.json")
        >>> figure = interactive_timeline(md, top=5)
        >>> figure.data[0].customdata[0][0] >= 0, figure.layout.shapes[0].name
        (True, 'playhead')
    """
    import plotly.graph_objects as go

    spec = timeline_spec(source, top=top, speakers=speakers, bin_seconds=bin_seconds, start=start, end=end)
    return go.Figure(spec)


def timeline_spec(
    source: Metadata | Selection,
    *,
    top: int = 20,
    speakers: bool = True,
    bin_seconds: float | None = None,
    start: float | None = None,
    end: float | None = None,
) -> dict[str, Any]:
    """The figure of :func:`interactive_timeline` as plain data (``data`` and ``layout``) for Plotly.js.

    The report writes it as JSON straight away: building Plotly's Python objects, which check every
    attribute, took longer than everything else about the chart.

    Examples:
        >>> import valossa_metadata as vm
        >>> md = vm.load("sample_results/current_format_example.json")
        >>> spec = timeline_spec(md, top=5)
        >>> spec["data"][0]["type"], spec["layout"]["shapes"][0]["name"]
        ('bar', 'playhead')
    """
    selection = resolve(source)
    low, high = window(selection, start, end)
    lanes, step = timeline_lanes(
        source, top=top, speakers=speakers, bin_seconds=bin_seconds, start=start, end=end
    )
    shortest = (high - low) / 600  # keeps a blink-long occurrence visible and clickable
    traces: list[dict[str, Any]] = []
    shown_types: set[str] = set()
    for lane in lanes:
        legend = type_style(lane.type)[0]
        traces.append(
            {
                "type": "bar",
                "orientation": "h",
                "y": [lane.title] * len(lane.bars),
                "base": [s for s, _, _ in lane.bars],
                "x": [max(e - s, shortest) for s, e, _ in lane.bars],
                "customdata": [[s, e, *_describe(s, e, v, step)] for s, e, v in lane.bars],
                "marker": {
                    "color": lane.color,
                    "opacity": [(share_alpha if step else alpha)(v) for _, _, v in lane.bars],
                    "line": {"width": 0},
                },
                "hovertemplate": (
                    f"<b>{_escape(lane.title)}</b><br>{_escape(lane.type)}<br>%{{customdata[2]}}"
                    "<br>%{customdata[3]}<extra></extra>"
                ),
                "name": legend,
                "legendgroup": legend,
                "showlegend": legend not in shown_types,
                "meta": lane.title,
            }
        )
        shown_types.add(legend)
    titles = [lane.title for lane in lanes]
    ticks = _ticks(low, high)
    layout = {
        "barmode": "overlay",
        "height": 110 + 24 * max(len(lanes), 1),
        "margin": {"l": 8, "r": 8, "t": 36, "b": 64},
        "title": {"text": ENCODING_BINNED if step else ENCODING, "font": {"size": 12}, "x": 0.01},
        "xaxis": {
            "range": [low, high],
            "tickvals": ticks,
            "ticktext": [hms(t) for t in ticks],
            "showgrid": True,
            "gridcolor": "#E5E5E5",
            "zeroline": False,
        },
        "yaxis": {
            "type": "category",
            "categoryorder": "array",
            "categoryarray": list(reversed(titles)),
            "automargin": True,
            "tickfont": {"size": 11},
        },
        "legend": {
            "orientation": "h",
            "x": 0,
            "y": 0,
            "yref": "container",
            "yanchor": "bottom",
            "font": {"size": 11},
        },
        "plot_bgcolor": "white",
        # plotly.py's default text colour: a plain spec has no template to bring it
        "font": {"color": "#2a3f5f"},
        "hoverlabel": {"align": "left"},
        "shapes": [
            {
                "name": "playhead",
                "type": "line",
                "xref": "x",
                "yref": "paper",
                "x0": low,
                "x1": low,
                "y0": 0,
                "y1": 1,
                "line": {"color": "#CC0000", "width": 2},
                "visible": False,
            }
        ],
    }
    return {"data": traces, "layout": layout}


def _describe(start: float, end: float, value: float | None, step: float | None) -> list[str]:
    times = f"{hms(start, 1)} – {hms(end, 1)}"
    if step:
        return [times, "" if value is None else f"{value * 100:.0f}% of the bin on screen"]
    return [times, "no confidence" if value is None else f"confidence {value:.2f}"]


def _ticks(low: float, high: float) -> list[float]:
    step = time_step(high - low)
    first = -(-low // step) * step
    count = int((high - first) // step) + 1
    return [first + i * step for i in range(count)]


def _escape(text: str) -> str:
    """Text for a Plotly hover template: HTML-escaped, and its own template braces made literal."""
    from html import escape

    return escape(text).replace("%{", "%&#123;")
