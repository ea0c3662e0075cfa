"""Plots of one result: timeline, heatmap, screen time, sentiment and speakers (matplotlib, imported lazily).

Every function takes a :class:`~valossa_metadata.Metadata` (or a
:class:`~valossa_metadata.selection.Selection` where detections are chosen), draws on ``ax`` when one
is given and otherwise on a new figure sized for its content, and returns the Axes. Colours are keyed
by detection type from a colour-blind-friendly palette (Okabe-Ito, with Paul Tol's indigo and olive);
time axes read ``h:mm:ss``. :func:`save` writes png, svg or pdf atomically.

When no detection types are chosen, the types that are not things seen or heard (speech sentences and
words, voice emotion, dominant colours, face groups, topics) are left out: see
:data:`~valossa_metadata.export.BACKGROUND_TYPES` and :func:`~valossa_metadata.export.resolve`.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Sequence
from fnmatch import fnmatchcase
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import polars as pl

from valossa_metadata.export import BACKGROUND_TYPES, resolve, speaker_name
from valossa_metadata.query import screen_time as union_screen_time
from valossa_metadata.query import window as time_window
from valossa_metadata.sources import atomic_write

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from valossa_metadata.metadata import Metadata
    from valossa_metadata.selection import Selection

__all__ = [
    "BACKGROUND_TYPES",
    "SPEAKER_COLORS",
    "SPEECH_LANE",
    "TYPE_STYLES",
    "close",
    "heatmap",
    "hms",
    "resolve",
    "save",
    "screen_time_chart",
    "sentiment",
    "sentiment_series",
    "speakers",
    "time_step",
    "timeline",
    "type_style",
]

#: (type glob, legend name, colour), first match wins; the names are what the legends show.
TYPE_STYLES: tuple[tuple[str, str, str], ...] = (
    ("human.face*", "human.face", "#D55E00"),
    ("visual.context", "visual.context", "#0072B2"),
    ("visual.object*", "visual.object.*", "#56B4E9"),
    ("visual.text_region*", "visual.text_region.*", "#CC79A7"),
    ("visual.color*", "visual.color", "#BBBBBB"),
    ("audio.context", "audio.context", "#E69F00"),
    ("audio.speech*", "audio.speech*", "#009E73"),
    ("audio.voice_emotion", "audio.voice_emotion", "#F0E442"),
    ("*keyword*", "*.keyword.*", "#999933"),
    ("topic*", "topic.*", "#332288"),
    ("explicit_content*", "explicit_content.*", "#000000"),
    ("*", "other", "#777777"),
)

#: Speaker colours in order of first appearance (Paul Tol's muted scheme, minus the type colours' near twins).
SPEAKER_COLORS = ("#DDCC77", "#CC6677", "#44AA99", "#882255", "#AA4499", "#88CCEE", "#117733")

#: The name of the timeline's lane of speaker turns.
SPEECH_LANE = "speaker turns"

_SENTIMENT_SERIES = {
    "speech": ("speech_valence", "speech valence", "#009E73", "-"),
    "face": ("face_valence", "face valence", "#D55E00", "-"),
    "voice": ("voice_valence", "voice valence", "#0072B2", "-"),
    "arousal": ("voice_arousal", "voice arousal", "#E69F00", "--"),
}
_SIMPLE_COLORS = {"positive": "#0072B2", "neutral": "#CCCCCC", "negative": "#D55E00"}
_NICE_STEPS = (0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400)
_NO_CONFIDENCE = "#505050"
_MAX_LABEL = 32
_WIDTH = 11.0

By = Literal["label", "identity", "detection_id"]


# ---- vocabulary shared by the plots -------------------------------------------------------------


def hms(seconds: float, decimals: int = 0) -> str:
    """Seconds as ``h:mm:ss`` (``decimals`` digits of a second after a dot), as the time axes show them.

    Examples:
        >>> hms(3725), hms(59.96), hms(12.25, 1), hms(-5)
        ('1:02:05', '0:01:00', '0:00:12.2', '-0:00:05')
    """
    sign = "-" if seconds < 0 else ""
    scale = 10**decimals
    total = round(abs(seconds) * scale)
    whole, fraction = divmod(total, scale)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    tail = f".{fraction:0{decimals}d}" if decimals else ""
    return f"{sign}{hours}:{minutes:02d}:{secs:02d}{tail}"


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


def type_style(detection_type: str) -> tuple[str, str]:
    """(legend name, colour) of a detection type.

    Examples:
        >>> type_style("audio.keyword.name.person")
        ('*.keyword.*', '#999933')
    """
    for pattern, name, color in TYPE_STYLES:
        if fnmatchcase(detection_type, pattern):
            return name, color
    raise AssertionError("the last style matches every type")  # pragma: no cover


def save(
    figure: Axes | Figure,
    path: str | Path,
    *,
    fmt: str | None = None,
    dpi: float | None = None,
    tight: bool = True,
) -> Path:
    """Write a plot to ``path`` atomically: png, svg or pdf by the file's extension (or ``fmt``).

    ``tight`` trims the margins (the image is then not exactly the figure's size). Files carry no
    creation date, so the same plot gives the same file.

    Examples:
        >>> import tempfile, pathlib
        >>> from matplotlib.figure import Figure
        >>> ax = Figure(figsize=(2, 1)).add_subplot()
        >>> save(ax, pathlib.Path(tempfile.mkdtemp()) / "empty.svg").suffix
        '.svg'
    """
    target = Path(path)
    kind = (fmt or target.suffix.lstrip(".")).lower()
    metadata: dict[str, dict[str, Any]] = {
        "png": {"Software": None},
        "svg": {"Date": None},
        "pdf": {"CreationDate": None},
    }
    if kind not in metadata:
        raise ValueError(f"cannot tell the image format of {str(target)!r}: use .png, .svg or .pdf")
    import matplotlib as mpl

    fig = _root_figure(figure)
    # A fixed salt makes the SVG's clip-path ids, otherwise random, the same from run to run.
    with mpl.rc_context({"svg.hashsalt": "valossa-metadata"}), atomic_write(target, "wb") as handle:
        fig.savefig(
            handle,
            format=kind,
            dpi=dpi or "figure",
            bbox_inches="tight" if tight else None,
            metadata=metadata[kind],
        )
    return target


def close(figure: Axes | Figure) -> None:
    """Release a plot's figure (pyplot keeps the figures it made until they are closed).

    Examples:
        >>> from matplotlib.figure import Figure
        >>> close(Figure().add_subplot())
    """
    if "matplotlib.pyplot" in sys.modules:
        import matplotlib.pyplot as plt

        plt.close(_root_figure(figure))


# ---- the plots ------------------------------------------------------------------------------------


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
    ax: Axes | None = None,
) -> Axes:
    """Occurrences over time, one lane per label, face identity or detection.

    Lanes are the ``top`` groups (``None``: all) ranked by screen time in the window, first appearance
    or number of occurrences; faces are named by identity. Bars are coloured by detection type and
    their opacity grows with confidence (0.3 at 0.5 or less, opaque at 1; no confidence: opaque).
    ``shots`` draws shot boundaries, ``speech`` adds a lane of speaker turns coloured by speaker, and
    ``start``/``end`` zoom (a Selection's window is used when they are not given).

    Examples:
        >>> import valossa_metadata as vm
        >>> from matplotlib.figure import Figure
        >>> md = vm.load("sample_results/current_format_example.json")
        >>> ax = timeline(md, top=5, speech=True, ax=Figure().add_subplot())
        >>> [t.get_text() for t in ax.get_yticklabels()][-2:]
        ['street', 'speaker turns']
    """
    if by not in ("label", "identity", "detection_id"):
        raise ValueError(f"by is 'label', 'identity' or 'detection_id', not {by!r}")
    from valossa_metadata.metadata import Metadata

    selection = resolve(source)
    md = selection.md
    if (speech or shots) and not isinstance(md, Metadata):
        raise ValueError("speech and shot lanes need one result, not an archive")
    low, high = _window(selection, start, end)
    occurrences = time_window(_lanes(selection.occurrences(), by), low, high)
    chosen = _rank(occurrences, rank, top, low, high)
    titles = _lane_titles(occurrences, chosen, by)
    turns = _speech_lane(md, low, high) if speech and isinstance(md, Metadata) else None
    total = len(chosen) + (1 if turns is not None else 0)
    ax = ax or _new_axes(_WIDTH, max(2.4, 1.1 + 0.3 * total))
    positions = {key: total - 1 - i for i, key in enumerate(chosen)}
    shortest = (high - low) / 800  # keeps a blink-long occurrence visible on a two-hour axis
    seen_types: set[str] = set()
    for key, rows in occurrences.filter(pl.col("lane").is_in(chosen)).group_by("lane", maintain_order=True):
        lane = str(key[0])
        bars = rows.sort("start")
        seen_types.update(bars["type"].to_list())
        _bars(
            ax,
            positions[lane],
            bars["start"].to_list(),
            [max(w, shortest) for w in (bars["end"] - bars["start"]).to_list()],
            [_rgba(type_style(t)[1], _alpha(c)) for t, c in zip(bars["type"], bars["confidence"])],
            gid=f"lane:{lane}",
        )
    handles = [_patch(name, color) for _, name, color in _styles_of(seen_types)]
    ticks = [positions[key] for key in chosen]
    labels = [titles[key] for key in chosen]
    voices = []
    if turns is not None:
        speakers = _speaker_colors(turns)
        colors = [speakers[s] for s in turns["speaker"].to_list()]
        widths = [max(w, shortest) for w in (turns["end"] - turns["start"]).to_list()]
        _bars(ax, 0, turns["start"].to_list(), widths, colors, gid=f"lane:{SPEECH_LANE}")
        voices = [_patch(speaker_name(s) or "speech", c) for s, c in speakers.items()]
        ticks.append(0)
        labels.append(SPEECH_LANE)
    ax.set_yticks(ticks, labels)
    ax.set_ylim(-0.6, max(total, 1) - 0.4)
    if shots and isinstance(md, Metadata):
        _shot_lines(ax, md, low, high)
    _time_axis(ax, low, high)
    ax.grid(axis="x", color="#DDDDDD", linewidth=0.6)
    ax.set_axisbelow(True)
    if not chosen and turns is None:
        _nothing(ax, "nothing to show in this selection")
    _legends(ax, [("detection types", handles), ("speakers", voices)])
    noun = {"label": "labels", "identity": "face identities", "detection_id": "detections"}[by]
    order = {"screen_time": "screen time", "first_seen": "first appearance", "occurrences": "occurrences"}
    ax.set_title(f"Timeline: {len(chosen)} {noun} by {order[rank]}", loc="left", fontsize=10)
    return ax


def heatmap(
    source: Metadata | Selection,
    *,
    top: int | None = 30,
    bin_seconds: float | None = None,
    start: float | None = None,
    end: float | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Label x time from ``seconds()``: the colour is the best confidence in each time bin.

    Rows are the ``top`` labels (faces by identity) present in the most seconds. ``bin_seconds``
    defaults to 1 s for videos up to 10 minutes and to a round size (up to 5 min) that keeps about
    500 bins for longer ones. Types without a confidence (faces, keywords) are drawn in dark grey
    where present: ``ax.images[0]`` holds the confidences, ``ax.images[1]`` that presence.

    Examples:
        >>> import valossa_metadata as vm
        >>> from matplotlib.figure import Figure
        >>> md = vm.load("sample_results/current_format_example.json")
        >>> ax = heatmap(md, top=4, ax=Figure().add_subplot())
        >>> len(ax.get_yticks()), ax.images[0].get_array().shape
        (4, (4, 240))
    """
    import numpy as np
    from matplotlib import colormaps
    from matplotlib.colors import ListedColormap

    selection = resolve(source)
    low, high = _window(selection, start, end)
    step = bin_seconds or auto_bin(high - low)
    if step <= 0:
        raise ValueError(f"bin_seconds is more than 0, not {step}")
    seconds = time_window(selection.seconds().with_columns(lane=pl.coalesce("identity", "label")), low, high)
    counts = seconds.group_by("lane").agg(n=pl.col("second").n_unique())
    chosen = counts.sort(["n", "lane"], descending=[True, False])["lane"].to_list()[:top]
    n_bins = max(1, math.ceil((high - low) / step))
    cells = (
        seconds.filter(pl.col("lane").is_in(chosen))
        .with_columns(column=((pl.col("second") - low) / step).floor().clip(0, n_bins - 1).cast(pl.Int64))
        .group_by("lane", "column")
        .agg(level=pl.col("confidence").max())
    )
    rows = {lane: i for i, lane in enumerate(chosen)}
    levels = np.full((len(chosen), n_bins), np.nan)
    present = np.full((len(chosen), n_bins), np.nan)
    for lane, column, level in cells.iter_rows():
        if level is None:
            present[rows[lane], column] = 1.0
        else:
            levels[rows[lane], column] = level
    ax = ax or _new_axes(_WIDTH, max(2.6, 1.2 + 0.26 * len(chosen)))
    extent = (low, low + n_bins * step, max(len(chosen), 1) - 0.5, -0.5)
    common: dict[str, Any] = {"aspect": "auto", "interpolation": "nearest", "extent": extent}
    floor = min(0.5, float(np.nanmin(levels))) if not np.isnan(levels).all() else 0.5
    image = ax.imshow(
        levels, cmap=colormaps["viridis"].with_extremes(bad="#F4F4F4"), vmin=floor, vmax=1.0, **common
    )
    ax.imshow(present, cmap=ListedColormap([_NO_CONFIDENCE]).with_extremes(bad=(0, 0, 0, 0)), **common)
    ax.set_yticks(range(len(chosen)), [_short(str(lane)) for lane in chosen])
    _time_axis(ax, low, high)
    if not chosen:
        _nothing(ax, "nothing to show in this selection")
    _root_figure(ax).colorbar(image, ax=ax, label="confidence (best in bin)", fraction=0.04, pad=0.01)
    size = f"{step:g} s" if step < 60 else hms(step)
    note = "; dark grey: present, no confidence" if not np.isnan(present).all() else ""
    ax.set_title(f"Heatmap: {len(chosen)} labels, {size} bins{note}", loc="left", fontsize=10)
    return ax


def auto_bin(span: float) -> float:
    """The heatmap's default bin: 1 s up to 10 minutes, then a round size giving at most ~500 bins.

    Examples:
        >>> auto_bin(240), auto_bin(7200), auto_bin(6816.4)
        (1, 15, 15)
    """
    if span <= 600:
        return 1
    return next((s for s in (2, 5, 10, 15, 30, 60, 120, 300) if span / s <= 500), 300)


def screen_time_chart(
    source: Metadata | Selection,
    *,
    by: Literal["label", "type", "identity"] = "label",
    top: int | None = 15,
    ax: Axes | None = None,
) -> Axes:
    """Horizontal bars of union screen time, longest at the top, annotated with seconds and % of the video.

    ``by="label"`` names faces by identity; bars are coloured by detection type.

    Examples:
        >>> import valossa_metadata as vm
        >>> from matplotlib.figure import Figure
        >>> md = vm.load("sample_results/current_format_example.json")
        >>> ax = screen_time_chart(md, by="identity", ax=Figure().add_subplot())
        >>> ax.get_yticklabels()[0].get_text()
        'John Carter'
    """
    if by not in ("label", "type", "identity"):
        raise ValueError(f"by is 'label', 'type' or 'identity', not {by!r}")
    selection = resolve(source)
    duration = selection.md.duration
    occurrences = selection.occurrences()
    if by == "identity":
        occurrences = occurrences.filter(pl.col("identity").is_not_null())
    key = pl.col("type") if by == "type" else pl.coalesce("identity", "label")
    named = occurrences.with_columns(name=key)
    totals = union_screen_time(named, "name", duration=duration)
    totals = totals.head(top) if top is not None else totals
    kinds = dict(named.group_by("name").agg(kind=pl.col("type").mode().sort().first()).iter_rows())
    names = totals["name"].to_list()
    values = totals["screen_time"].to_list()
    percents = totals["percent"].to_list() if "percent" in totals.columns else [None] * len(names)
    ax = ax or _new_axes(8.0, max(2.2, 0.9 + 0.3 * len(names)))
    colors = [type_style(kinds[name])[1] for name in names]
    ax.barh(range(len(names)), values, color=colors, height=0.7)
    ax.set_yticks(range(len(names)), [_short(str(name)) for name in names])
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
    kinds_shown = {kinds[name] for name in names}
    styles = _styles_of(kinds_shown)
    if by == "label" and len(styles) > 1:
        ax.legend(handles=[_patch(n, c) for _, n, c in styles], loc="lower right", frameon=False, fontsize=8)
    if not names:
        _nothing(ax, "nothing to show in this selection")
    noun = {"label": "labels", "type": "detection types", "identity": "face identities"}[by]
    ax.set_title(f"Screen time: top {len(names)} {noun}", loc="left", fontsize=10)
    return ax


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
        raise ValueError(f"unknown sentiment series {unknown}; choose from {', '.join(_SENTIMENT_SERIES)}")
    if simple and "arousal" in wanted:
        raise ValueError("the simple plot shows valence (positive, neutral, negative); arousal has no sign")
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
    seconds = (timeline_["second"] + 0.5).to_list()
    if simple:
        ax = ax or _new_axes(_WIDTH, max(1.6, 0.9 + 0.35 * len(present)))
        for row, name in enumerate(present):
            values = timeline_[_SENTIMENT_SERIES[name][0]].to_list()
            for mood, color in _SIMPLE_COLORS.items():
                starts = [s - 0.5 for s, v in zip(seconds, values) if v is not None and _mood(v) == mood]
                _bars(
                    ax,
                    len(present) - 1 - row,
                    starts,
                    [1.0] * len(starts),
                    [color] * len(starts),
                    gid=f"{name}:{mood}",
                )
        ax.set_yticks(
            [len(present) - 1 - i for i in range(len(present))], [_SENTIMENT_SERIES[s][1] for s in present]
        )
        ax.set_ylim(-0.6, max(len(present), 1) - 0.4)
        handles = [_patch(mood, color) for mood, color in _SIMPLE_COLORS.items()]
    else:
        ax = ax or _new_axes(_WIDTH, 3.6)
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
    _time_axis(ax, low, high)
    ax.grid(axis="x", color="#DDDDDD", linewidth=0.6)
    ax.set_axisbelow(True)
    if not present:
        _nothing(ax, "no sentiment data in this file")
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


def speakers(
    md: Metadata,
    *,
    max_pause: float = 1.0,
    start: float | None = None,
    end: float | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Who talks when: one lane per speaker (first to speak at the top), turns from the words.

    Lane labels give each speaker's talk time and share of the video.

    Examples:
        >>> import valossa_metadata as vm
        >>> from matplotlib.figure import Figure
        >>> md = vm.load("sample_results/current_format_example.json")
        >>> ax = speakers(md, ax=Figure().add_subplot())
        >>> ax.get_yticklabels()[0].get_text()
        'Speaker 31 (1:06, 28%)'
    """
    turns = md.speaker_turns(max_pause=max_pause)
    low = 0.0 if start is None else start
    high = end if end is not None else float(md.duration or (turns["end"].max() or 1.0))  # type: ignore[arg-type]
    order = turns["speaker"].unique(maintain_order=True).to_list()
    colors = _speaker_colors(turns)
    ax = ax or _new_axes(_WIDTH, max(1.8, 1.0 + 0.4 * len(order)))
    labels = []
    for i, speaker in enumerate(order):
        own = turns.filter(pl.col("speaker").eq_missing(speaker))
        _bars(
            ax,
            len(order) - 1 - i,
            own["start"].to_list(),
            own["duration"].to_list(),
            [colors[speaker]] * own.height,
            gid=f"speaker:{speaker}",
        )
        talk = float(own["duration"].sum())
        share = f", {talk / md.duration * 100:.0f}%" if md.duration else ""
        labels.append(f"{speaker_name(speaker) or 'unknown speaker'} ({_minutes(talk)}{share})")
    ax.set_yticks([len(order) - 1 - i for i in range(len(order))], labels)
    ax.set_ylim(-0.6, max(len(order), 1) - 0.4)
    _time_axis(ax, low, high)
    ax.grid(axis="x", color="#DDDDDD", linewidth=0.6)
    ax.set_axisbelow(True)
    if not order:
        _nothing(ax, "no speaker data in this file")
    ax.set_title(
        f"Speakers: {len(order)}, turns joined over pauses up to {max_pause:g} s", loc="left", fontsize=10
    )
    return ax


# ---- parts ----------------------------------------------------------------------------------------


def _new_axes(width: float, height: float) -> Axes:
    # pyplot only when the caller already uses it (a notebook, a script that calls plt.show()): the
    # command line and the report draw on bare Figures, which need no GUI backend and leak nothing.
    if "matplotlib.pyplot" in sys.modules:
        import matplotlib.pyplot as plt

        fig = plt.figure(figsize=(width, height), layout="constrained")
    else:
        from matplotlib.figure import Figure

        fig = Figure(figsize=(width, height), layout="constrained")
    return fig.add_subplot()


def _root_figure(figure: Axes | Figure) -> Figure:
    from matplotlib.figure import Figure

    current: Any = figure
    while not isinstance(current, Figure):
        current = current.figure
    return current


def _window(selection: Selection, start: float | None, end: float | None) -> tuple[float, float]:
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
        raise ValueError(f"the time window ends ({high:g}) before it starts ({low:g})")
    return low, float(high)


def _lanes(occurrences: pl.DataFrame, by: str) -> pl.DataFrame:
    if by == "identity":
        return occurrences.filter(pl.col("identity").is_not_null()).with_columns(lane=pl.col("identity"))
    if by == "detection_id":
        return occurrences.with_columns(lane=pl.col("detection_id"))
    return occurrences.with_columns(lane=pl.coalesce("identity", "label"))


def _rank(occurrences: pl.DataFrame, rank: str, top: int | None, low: float, high: float) -> list[str]:
    if rank == "screen_time":
        order = union_screen_time(occurrences, "lane", start=low, end=high)
    elif rank == "first_seen":
        order = occurrences.group_by("lane").agg(first=pl.col("start").min()).sort("first", "lane")
    elif rank == "occurrences":
        order = occurrences.group_by("lane").agg(n=pl.len()).sort(["n", "lane"], descending=[True, False])
    else:
        raise ValueError(f"rank is 'screen_time', 'first_seen' or 'occurrences', not {rank!r}")
    lanes = order["lane"].to_list()
    return lanes[:top] if top is not None else lanes


def _lane_titles(occurrences: pl.DataFrame, lanes: list[str], by: str) -> dict[str, str]:
    if by != "detection_id":
        return {lane: _short(lane) for lane in lanes}
    names = occurrences.group_by("lane").agg(name=pl.coalesce("identity", "label").first())
    known = dict(names.iter_rows())
    return {lane: f"{_short(str(known.get(lane, '')), _MAX_LABEL - 8)} ({lane})" for lane in lanes}


def _speech_lane(md: Metadata, low: float, high: float) -> pl.DataFrame | None:
    turns = md.speaker_turns()
    if turns.height == 0:
        sentences = md.speech()
        if sentences.height == 0:
            return None
        turns = sentences.select("start", "end", speaker=pl.lit(None, pl.String))
    return time_window(turns.select("speaker", "start", "end"), low, high)


def _speaker_colors(turns: pl.DataFrame) -> dict[str | None, str]:
    order = turns["speaker"].unique(maintain_order=True).to_list()
    return {s: SPEAKER_COLORS[i % len(SPEAKER_COLORS)] for i, s in enumerate(order)}


def _styles_of(types: set[str]) -> list[tuple[str, str, str]]:
    names = {type_style(t)[0] for t in types}
    return [style for style in TYPE_STYLES if style[1] in names]


def _alpha(confidence: float | None) -> float:
    if confidence is None:
        return 1.0
    return 0.3 + 0.7 * min(1.0, max(0.0, (confidence - 0.5) / 0.5))


def _mood(value: float) -> str:
    return "positive" if value > 0.2 else "negative" if value < -0.2 else "neutral"


def _isolated(values: list[float]) -> bool:
    """Whether some value has no neighbour, so that a line alone would not show it."""
    known = [v == v for v in values]
    return any(
        k and not (i > 0 and known[i - 1]) and not (i + 1 < len(known) and known[i + 1])
        for i, k in enumerate(known)
    )


def _rgba(color: str, alpha: float) -> tuple[float, float, float, float]:
    from matplotlib.colors import to_rgba

    return to_rgba(color, alpha)


def _patch(name: str, color: str) -> Any:
    from matplotlib.patches import Patch

    return Patch(facecolor=color, label=name)


def _bars(
    ax: Axes,
    y: float,
    starts: list[float],
    widths: list[float],
    colors: Sequence[Any],
    *,
    gid: str | None = None,
) -> None:
    if not starts:
        return
    bars = ax.broken_barh(list(zip(starts, widths)), (y - 0.38, 0.76), facecolors=list(colors), linewidth=0)
    if gid is not None:
        bars.set_gid(gid)


def _shot_lines(ax: Axes, md: Metadata, low: float, high: float) -> None:
    starts = [s for s in md.shots()["start"].to_list() if low < s < high]
    if starts:
        # Fainter as cuts crowd together, so that a two-hour film's thousand cuts stay a background.
        alpha = min(0.35, 0.35 * 100 / len(starts))
        lines = ax.vlines(
            starts,
            0,
            1,
            transform=ax.get_xaxis_transform(),
            colors="#444444",
            linewidth=0.4,
            alpha=alpha,
            zorder=0,
        )
        lines.set_gid("shots")


def _time_axis(ax: Axes, low: float, high: float) -> None:
    from matplotlib.ticker import FuncFormatter, MultipleLocator

    step = time_step(high - low)
    decimals = 1 if step < 1 else 0
    ax.set_xlim(low, high)
    ax.xaxis.set_major_locator(MultipleLocator(step))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: hms(x, decimals)))
    ax.set_xlabel("time (h:mm:ss)")
    ax.tick_params(axis="y", length=0, labelsize=8)
    ax.tick_params(axis="x", labelsize=8)


def _minutes(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes}:{secs:02d}" if minutes < 60 else hms(seconds)


def _legends(ax: Axes, groups: list[tuple[str, list[Any]]]) -> None:
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


_LEGEND: dict[str, Any] = {
    "loc": "upper left",
    "bbox_to_anchor": (1.01, 1.0),
    "frameon": False,
    "fontsize": 8,
}


def _nothing(ax: Axes, text: str) -> None:
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


def _short(text: str, limit: int = _MAX_LABEL) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
