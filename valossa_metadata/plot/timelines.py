"""The timeline: occurrences over time, one lane per label, face identity or detection.

Lanes are ranked by screen time, first appearance or number of occurrences; bars are coloured by
detection type with an opacity that grows with confidence. Optional extras: a lane of speaker
turns and the shot boundaries.

Examples:
    >>> import valossa_metadata as vm
    >>> from matplotlib.figure import Figure
    >>> md = vm.load("sample_results/current_format_example.json")
    >>> ax = timeline(md, top=3, by="detection_id", rank="first_seen", ax=Figure().add_subplot())
    >>> len(ax.get_yticks())
    3
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import polars as pl

from valossa_metadata.errors import UsageError
from valossa_metadata.plot.axes import WIDTH, bars, legends, new_axes, nothing, time_axis, window
from valossa_metadata.plot.bins import auto_step, binned, share_alpha
from valossa_metadata.plot.styles import (
    MAX_LABEL,
    SPEECH_LANE,
    alpha,
    patch,
    rgba,
    short,
    speaker_colors,
    styles_of,
    type_style,
)
from valossa_metadata.query.filters import screen_time as union_screen_time
from valossa_metadata.query.filters import window as time_window
from valossa_metadata.query.selection import one_result, resolve
from valossa_metadata.query.speech import speaker_name

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from valossa_metadata.metadata import Metadata
    from valossa_metadata.query.selection import Selection

__all__ = ["By", "timeline"]

By = Literal["label", "identity", "detection_id"]


def timeline(
    source: Metadata | Selection,
    *,
    by: By = "label",
    top: int | None = 20,
    rank: Literal["screen_time", "first_seen", "occurrences"] = "screen_time",
    shots: bool = False,
    speech: bool = False,
    start: float | None = None,
    end: float | None = None,
    bin_seconds: float | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Occurrences over time, one lane per label, face identity or detection.

    Lanes are the ``top`` groups (``None``: all) ranked by screen time in the window, first appearance
    or number of occurrences; faces are named by identity. Bars are coloured by detection type and
    their opacity grows with confidence (0.3 at 0.5 or less, opaque at 1; no confidence: opaque).
    ``shots`` draws shot boundaries, ``speech`` adds a lane of speaker turns coloured by speaker, and
    ``start``/``end`` zoom (a Selection's window is used when they are not given). Windows longer
    than half an hour are drawn per minute (``bin_seconds`` sets the bin): one bar per bin, its
    opacity the share of the bin on screen.

    Examples:
        >>> import valossa_metadata as vm
        >>> from matplotlib.figure import Figure
        >>> md = vm.load("sample_results/current_format_example.json")
        >>> ax = timeline(md, top=5, speech=True, ax=Figure().add_subplot())
        >>> [t.get_text() for t in ax.get_yticklabels()][-2:]
        ['harbor', 'speaker turns']
    """
    if by not in ("label", "identity", "detection_id"):
        raise UsageError(f"by is 'label', 'identity' or 'detection_id', not {by!r}")
    selection = resolve(source)
    md = selection.md
    if (speech or shots) and not one_result(md):
        raise UsageError("speech and shot lanes need one result, not an archive")
    low, high = window(selection, start, end)
    occurrences = time_window(_lanes(selection.occurrences(), by), low, high)
    chosen = _rank(occurrences, rank, top, low, high)
    titles = _lane_titles(occurrences, chosen, by)
    turns = _speech_lane(md, low, high) if speech and one_result(md) else None
    total = len(chosen) + (1 if turns is not None else 0)
    ax = ax or new_axes(WIDTH, max(2.4, 1.1 + 0.3 * total))
    positions = {key: total - 1 - i for i, key in enumerate(chosen)}
    shortest = (high - low) / 800  # keeps a blink-long occurrence visible on a two-hour axis
    step = auto_step(high - low, bin_seconds)
    seen_types: set[str] = set()
    for key, rows in occurrences.filter(pl.col("lane").is_in(chosen)).group_by("lane", maintain_order=True):
        lane = str(key[0])
        lane_bars = rows.sort("start")
        seen_types.update(lane_bars["type"].to_list())
        if step:
            color = type_style(str(lane_bars["type"].mode().sort()[0]))[1]
            spans = binned(list(zip(lane_bars["start"], lane_bars["end"], lane_bars["confidence"])), step)
            starts = [s for s, _, _ in spans]
            widths = [e - s for s, e, _ in spans]
            colors = [rgba(color, share_alpha(v)) for _, _, v in spans]
        else:
            starts = lane_bars["start"].to_list()
            widths = [max(w, shortest) for w in (lane_bars["end"] - lane_bars["start"]).to_list()]
            colors = [
                rgba(type_style(t)[1], alpha(c)) for t, c in zip(lane_bars["type"], lane_bars["confidence"])
            ]
        bars(ax, positions[lane], starts, widths, colors, gid=f"lane:{lane}")
    handles = [patch(name, color) for _, name, color in styles_of(seen_types)]
    ticks = [positions[key] for key in chosen]
    labels = [titles[key] for key in chosen]
    voices = []
    if turns is not None:
        speakers = speaker_colors(turns)
        turn_colors = [speakers[s] for s in turns["speaker"].to_list()]
        turn_widths = [max(w, shortest) for w in (turns["end"] - turns["start"]).to_list()]
        bars(ax, 0, turns["start"].to_list(), turn_widths, turn_colors, gid=f"lane:{SPEECH_LANE}")
        voices = [patch(speaker_name(s) or "speech", c) for s, c in speakers.items()]
        ticks.append(0)
        labels.append(SPEECH_LANE)
    ax.set_yticks(ticks, labels)
    ax.set_ylim(-0.6, max(total, 1) - 0.4)
    if shots and one_result(md):
        _shot_lines(ax, md, low, high)
    time_axis(ax, low, high)
    ax.grid(axis="x", color="#DDDDDD", linewidth=0.6)
    ax.set_axisbelow(True)
    if not chosen and turns is None:
        nothing(ax, "nothing to show in this selection")
    encoding = "opacity: share of each minute" if step else "opacity: confidence"
    legends(ax, [(f"detection types\n({encoding})", handles), ("speakers", voices)])
    noun = {"label": "labels", "identity": "face identities", "detection_id": "detections"}[by]
    order = {"screen_time": "screen time", "first_seen": "first appearance", "occurrences": "occurrences"}
    ax.set_title(f"Timeline: {len(chosen)} {noun} by {order[rank]}", loc="left", fontsize=10)
    return ax


def _lanes(occurrences: pl.DataFrame, by: str) -> pl.DataFrame:
    if by == "identity":
        return occurrences.filter(pl.col("identity").is_not_null()).with_columns(lane=pl.col("identity"))
    if by == "detection_id":
        return occurrences.with_columns(lane=pl.col("detection_id"))
    named = occurrences.with_columns(lane=pl.coalesce("identity", "label"))
    # A label of two types (speech heard and speech seen) is two lanes, named with their type.
    shared = pl.col("type").n_unique().over("lane") > 1
    return named.with_columns(
        lane=pl.when(shared).then(pl.format("{} ({})", "lane", "type")).otherwise("lane")
    )


def _rank(occurrences: pl.DataFrame, rank: str, top: int | None, low: float, high: float) -> list[str]:
    if rank == "screen_time":
        order = union_screen_time(occurrences, "lane", start=low, end=high)
    elif rank == "first_seen":
        order = occurrences.group_by("lane").agg(first=pl.col("start").min()).sort("first", "lane")
    elif rank == "occurrences":
        order = occurrences.group_by("lane").agg(n=pl.len()).sort(["n", "lane"], descending=[True, False])
    else:
        raise UsageError(f"rank is 'screen_time', 'first_seen' or 'occurrences', not {rank!r}")
    lanes = order["lane"].to_list()
    return lanes[:top] if top is not None else lanes


def _lane_titles(occurrences: pl.DataFrame, lanes: list[str], by: str) -> dict[str, str]:
    if by != "detection_id":
        return {lane: short(lane) for lane in lanes}
    names = occurrences.group_by("lane").agg(name=pl.coalesce("identity", "label").first())
    known = dict(names.iter_rows())
    return {lane: f"{short(str(known.get(lane, '')), MAX_LABEL - 8)} ({lane})" for lane in lanes}


def _speech_lane(md: Metadata, low: float, high: float) -> pl.DataFrame | None:
    turns = md.speaker_turns()
    if turns.height == 0:
        sentences = md.speech()
        if sentences.height == 0:
            return None
        turns = sentences.select("start", "end", speaker=pl.lit(None, pl.String))
    return time_window(
        turns.select("speaker", "start", "end", duration=pl.col("end") - pl.col("start")), low, high
    )


def _shot_lines(ax: Axes, md: Metadata, low: float, high: float) -> None:
    starts = [s for s in md.shots()["start"].to_list() if low < s < high]
    if starts:
        # Fainter as cuts crowd together, so that a two-hour film's thousand cuts stay a background.
        opacity = min(0.35, 0.35 * 100 / len(starts))
        lines = ax.vlines(
            starts,
            0,
            1,
            transform=ax.get_xaxis_transform(),
            colors="#444444",
            linewidth=0.4,
            alpha=opacity,
            zorder=0,
        )
        lines.set_gid("shots")
