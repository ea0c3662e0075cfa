"""Plots of one result: timeline, heatmap, screen time, sentiment and speakers (matplotlib, imported lazily).

Every function takes a :class:`~valossa_metadata.Metadata` (or a
:class:`~valossa_metadata.query.selection.Selection` where detections are chosen), draws on ``ax`` when one
is given and otherwise on a new figure sized for its content, and returns the Axes. Colours are keyed
by detection type from a colour-blind-friendly palette (Okabe-Ito, with Paul Tol's indigo and olive);
time axes read ``h:mm:ss``. :func:`save` writes png, svg or pdf atomically.

When no detection types are chosen, the types that are not things seen or heard (speech sentences and
words, voice emotion, dominant colours, face groups, topics) are left out: see
:data:`~valossa_metadata.query.BACKGROUND_TYPES` and :func:`~valossa_metadata.query.resolve`.
"""

from __future__ import annotations

from valossa_metadata.plot import axes as _axes
from valossa_metadata.plot.axes import hms, time_step
from valossa_metadata.plot.charts import screen_time_chart
from valossa_metadata.plot.heatmaps import auto_bin as auto_bin
from valossa_metadata.plot.heatmaps import heatmap
from valossa_metadata.plot.saving import close, save
from valossa_metadata.plot.sentiments import sentiment, sentiment_series
from valossa_metadata.plot.styles import SPEAKER_COLORS, SPEECH_LANE, TYPE_STYLES, type_style
from valossa_metadata.plot.timelines import By as By
from valossa_metadata.plot.timelines import timeline
from valossa_metadata.plot.turns import speakers
from valossa_metadata.query.selection import BACKGROUND_TYPES, resolve

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

# Private helpers, still reachable under their names from before plot became a package.
_minutes = _axes.minutes
_root_figure = _axes.root_figure
