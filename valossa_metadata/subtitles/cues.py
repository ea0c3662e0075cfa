"""Timed text cues and their SRT and WebVTT forms.

A cue frame has ``start``, ``end`` (seconds) and ``text``, and may have ``speaker``. SRT is written
through pysrt; times are rounded to the millisecond with carry (59.9996 s is ``00:01:00,000``).
:func:`label_cues` turns occurrences into cues of the labels present, one cue per stretch of time
in which the set of labels stays the same.
"""

from __future__ import annotations

import math

import polars as pl
import pysrt

from valossa_metadata.errors import UsageError
from valossa_metadata.query.timecodes import clock

__all__ = ["CUES_SCHEMA", "label_cues", "to_srt", "to_vtt"]

#: A cue frame: one row per cue.
CUES_SCHEMA = pl.Schema(
    {"start": pl.Float64(), "end": pl.Float64(), "text": pl.String(), "speaker": pl.String()}
)


def label_cues(
    occurrences: pl.DataFrame, *, column: str = "label", per_line: int = 5, snap: float | None = None
) -> pl.DataFrame:
    """Cues naming the labels present, cut wherever the set of labels changes.

    Labels are listed in order of appearance, ``per_line`` to a line. ``snap`` widens every
    occurrence to a grid of that many seconds (starts down, ends up), which keeps cues readable
    when many labels come and go within a second.

    Examples:
        >>> occ = pl.DataFrame({"label": ["dog", "cat"], "start": [0.0, 1.0], "end": [2.0, 3.0]})
        >>> label_cues(occ).select("start", "end", "text").rows()
        [(0.0, 1.0, 'dog'), (1.0, 2.0, 'dog, cat'), (2.0, 3.0, 'cat')]
    """
    rows = occurrences.select(column, "start", "end").drop_nulls()
    if snap:
        rows = rows.with_columns(
            (pl.col("start") / snap).floor() * snap, (pl.col("end") / snap).ceil() * snap
        )
    rows = rows.filter(pl.col("end") > pl.col("start"))
    if rows.height == 0:
        return pl.DataFrame(schema=CUES_SCHEMA)
    events: list[tuple[float, int, str]] = []
    for label, start, end in rows.iter_rows():
        events.append((start, 1, label))
        events.append((end, -1, label))
    events.sort(key=lambda e: (e[0], e[1]))
    active: dict[str, int] = {}
    order: dict[str, int] = {}
    cues: list[tuple[float, float, str]] = []
    previous_time = events[0][0]
    for time, change, label in events:
        if time > previous_time and active:
            text = _lines(sorted(active, key=order.__getitem__), per_line)
            if cues and cues[-1][2] == text and cues[-1][1] == previous_time:
                cues[-1] = (cues[-1][0], time, text)
            else:
                cues.append((previous_time, time, text))
        previous_time = time
        if change > 0:
            order.setdefault(label, len(order))
            active[label] = active.get(label, 0) + 1
        elif active.get(label, 0) <= 1:
            active.pop(label, None)
        else:
            active[label] -= 1
    return pl.DataFrame([(s, e, t, None) for s, e, t in cues], schema=CUES_SCHEMA, orient="row")


def _lines(labels: list[str], per_line: int) -> str:
    return "\n".join(", ".join(labels[i : i + per_line]) for i in range(0, len(labels), per_line))


def _milliseconds(seconds: float) -> int:
    return max(0, round(seconds * 1000))


def _writable(cues: pl.DataFrame) -> None:
    """Refuse a time that no subtitle file can hold (NaN, infinite, or beyond a float in ms)."""
    for number, (start, end) in enumerate(zip(cues["start"], cues["end"]), start=1):
        for name, seconds in (("start", start), ("end", end)):
            if not math.isfinite(seconds * 1000):
                raise UsageError(
                    f"cue {number}: its {name} time {seconds} s cannot be written as a subtitle time"
                )


def to_srt(cues: pl.DataFrame, *, speaker_on_change: bool = True) -> str:
    """SRT text of a cue frame; a speaker's name leads a cue when the speaker changes.

    Examples:
        >>> cues = pl.DataFrame({"start": [0.0, 59.9996], "end": [1.5, 61.0], "text": ["Hi", "Yes"],
        ...                      "speaker": ["Speaker 1", "Speaker 1"]})
        >>> print(to_srt(cues), end="")
        1
        00:00:00,000 --> 00:00:01,500
        Speaker 1: Hi
        <BLANKLINE>
        2
        00:01:00,000 --> 00:01:01,000
        Yes
        <BLANKLINE>
    """
    _writable(cues)
    items = pysrt.SubRipFile()
    previous: str | None = None
    speakers = cues["speaker"] if "speaker" in cues.columns else pl.Series([None] * cues.height)
    for index, (start, end, text, speaker) in enumerate(
        zip(cues["start"], cues["end"], cues["text"], speakers), start=1
    ):
        if speaker_on_change and speaker is not None and speaker != previous:
            text = f"{speaker}: {text}"
        previous = speaker
        items.append(
            pysrt.SubRipItem(
                index=index,
                start=pysrt.SubRipTime.from_ordinal(_milliseconds(start)),
                end=pysrt.SubRipTime.from_ordinal(_milliseconds(end)),
                text=text,
            )
        )
    return "".join(f"{item}\n" for item in items)


def to_vtt(cues: pl.DataFrame) -> str:
    """WebVTT text of a cue frame; every cue of a speaker carries a ``<v Speaker>`` tag.

    Examples:
        >>> cues = pl.DataFrame({"start": [1.0], "end": [2.0], "text": ["Hi"], "speaker": ["Speaker 3"]})
        >>> print(to_vtt(cues), end="")
        WEBVTT
        <BLANKLINE>
        00:00:01.000 --> 00:00:02.000
        <v Speaker 3>Hi
    """
    _writable(cues)
    parts = ["WEBVTT\n"]
    speakers = cues["speaker"] if "speaker" in cues.columns else pl.Series([None] * cues.height)
    for start, end, text, speaker in zip(cues["start"], cues["end"], cues["text"], speakers):
        body = _vtt_escape(text)
        if speaker is not None:
            body = f"<v {_vtt_escape(speaker)}>{body}"
        parts.append(f"\n{clock(start)} --> {clock(end)}\n{body}\n")
    return "".join(parts)


def _vtt_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("-->", "--&gt;")
