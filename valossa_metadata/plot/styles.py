"""The plots' shared vocabulary of colours and names: detection types, speakers, confidence, labels.

Colours are keyed by detection type from a colour-blind-friendly palette (Okabe-Ito, with Paul Tol's
indigo and olive); speakers take hues far from all of these, most talk first. Nothing here
imports matplotlib until a legend handle or an RGBA colour is asked for.

Examples:
    >>> type_style("human.face"), short("a  very\\nlong label", 8)
    (('human.face', '#D55E00'), 'a very …')
"""

from __future__ import annotations

from fnmatch import fnmatchcase
from typing import Any

import polars as pl

__all__ = [
    "MAX_LABEL",
    "NO_CONFIDENCE",
    "SPEAKER_COLORS",
    "SPEECH_LANE",
    "TYPE_STYLES",
    "alpha",
    "patch",
    "rgba",
    "short",
    "speaker_colors",
    "speaker_order",
    "styles_of",
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

#: Speaker colours, most talk first: hues kept far (CIELAB distance above 20) from every type colour.
SPEAKER_COLORS = ("#882255", "#80CDC1", "#EEDD88", "#661100", "#E7298A", "#225555", "#C2A5CF", "#EE8866")

#: The name of the timeline's lane of speaker turns.
SPEECH_LANE = "speaker turns"

#: The heatmap's colour of presence without a confidence (faces, keywords).
NO_CONFIDENCE = "#505050"

#: The longest lane label, in characters.
MAX_LABEL = 32


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


def styles_of(types: set[str]) -> list[tuple[str, str, str]]:
    """The styles the types are drawn with, in :data:`TYPE_STYLES` order (for a legend).

    Examples:
        >>> [name for _, name, _ in styles_of({"visual.context", "human.face", "human.face.x"})]
        ['human.face', 'visual.context']
    """
    names = {type_style(t)[0] for t in types}
    return [style for style in TYPE_STYLES if style[1] in names]


def speaker_order(turns: pl.DataFrame) -> list[str | None]:
    """The speakers of the turns, most talk first (ties: first to speak first): the one order everywhere.

    Examples:
        >>> speaker_order(pl.DataFrame({"speaker": ["b", "a", "b"], "duration": [1.0, 3.0, 1.0]}))
        ['a', 'b']
    """
    if turns.height == 0:
        return []
    totals = (
        turns.with_row_index("row")
        .group_by("speaker")
        .agg(talk=pl.col("duration").sum(), first=pl.col("row").min())
    )
    return totals.sort(["talk", "first"], descending=[True, False])["speaker"].to_list()


def speaker_colors(turns: pl.DataFrame) -> dict[str | None, str]:
    """A colour for each speaker of the turns, in :func:`speaker_order`.

    Examples:
        >>> turns = pl.DataFrame({"speaker": ["b", "a", None], "duration": [2.0, 1.0, 0.5]})
        >>> speaker_colors(turns)
        {'b': '#882255', 'a': '#80CDC1', None: '#EEDD88'}
    """
    return {s: SPEAKER_COLORS[i % len(SPEAKER_COLORS)] for i, s in enumerate(speaker_order(turns))}


def alpha(confidence: float | None) -> float:
    """A bar's opacity: 0.3 at confidence 0.5 or less, opaque at 1; no confidence: opaque.

    Examples:
        >>> alpha(None), alpha(0.2), round(alpha(0.75), 2), alpha(1.0)
        (1.0, 0.3, 0.65, 1.0)
    """
    if confidence is None:
        return 1.0
    return 0.3 + 0.7 * min(1.0, max(0.0, (confidence - 0.5) / 0.5))


def rgba(color: str, alpha: float) -> tuple[float, float, float, float]:
    """A colour with an opacity, as matplotlib's RGBA tuple.

    Examples:
        >>> rgba("#0072B2", 0.5)[3]
        0.5
    """
    from matplotlib.colors import to_rgba

    return to_rgba(color, alpha)


def patch(name: str, color: str) -> Any:
    """A legend handle: a patch of ``color`` labelled ``name``.

    Examples:
        >>> patch("faces", "#D55E00").get_label()
        'faces'
    """
    from matplotlib.patches import Patch

    return Patch(facecolor=color, label=name)


def short(text: str, limit: int = MAX_LABEL) -> str:
    """A label on one line, cut to ``limit`` characters with an ellipsis.

    Examples:
        >>> short("x" * 40)
        'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…'
    """
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
