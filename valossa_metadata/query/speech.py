"""Speech over time: speaker turns from words, and sentiment timelines per second.

Turns join consecutive words of one speaker while the pause between them stays short; punctuation
attaches to the word before it. Sentiment timelines put speech valence (sentences), face valence
(mean over the faces of each second) and voice valence and arousal side by side, one row a second.
"""

from __future__ import annotations

import math

import polars as pl

from valossa_metadata.errors import UsageError

__all__ = [
    "OPENING_MARKS",
    "TURNS_SCHEMA",
    "expressions",
    "join_words",
    "sentiment_timeline",
    "speaker_name",
    "speaker_turns",
]

#: ``speaker_turns()``: one row per turn.
TURNS_SCHEMA = pl.Schema(
    {
        "turn": pl.UInt32(),
        "speaker": pl.String(),
        "start": pl.Float64(),
        "end": pl.Float64(),
        "duration": pl.Float64(),
        "words": pl.UInt32(),
        "text": pl.String(),
    }
)

#: Opening marks: they attach to the word after them, not to the one before.
OPENING_MARKS = frozenset("([{«“‘¿¡")


def join_words(words: list[str], punctuation: list[bool] | None = None) -> str:
    """Join words into text, attaching punctuation to its neighbour.

    Examples:
        >>> join_words(["Hello", ",", "world", "!"], [False, True, False, True])
        'Hello, world!'
    """
    flags = punctuation or [False] * len(words)
    text = ""
    for word, is_mark in zip(words, flags):
        tight = is_mark and word[:1] not in OPENING_MARKS
        if text and not tight and text[-1] not in OPENING_MARKS:
            text += " "
        text += word
    return text


def speaker_turns(words: pl.DataFrame, *, max_pause: float = 1.0) -> pl.DataFrame:
    """Speaker turns from a ``words()`` table: consecutive words of one speaker, pauses <= ``max_pause`` s.

    Examples:
        >>> words = pl.DataFrame({"word": ["Hi", ".", "Yes", "ok"], "start": [0.0, 0.4, 1.0, 5.0],
        ...                       "end": [0.4, 0.4, 1.3, 5.2], "speaker": ["1", "1", "2", "2"],
        ...                       "is_punctuation": [False, True, False, False]})
        >>> speaker_turns(words).select("speaker", "start", "end", "text").rows()
        [('1', 0.0, 0.4, 'Hi.'), ('2', 1.0, 1.3, 'Yes'), ('2', 5.0, 5.2, 'ok')]
    """
    if max_pause < 0:
        raise UsageError(f"max_pause is 0 or more seconds, not {max_pause}")
    ordered = words.filter(pl.col("start").is_not_null()).sort("start", maintain_order=True)
    if ordered.height == 0:
        return pl.DataFrame(schema=TURNS_SCHEMA)
    speaker = pl.col("speaker").fill_null("")
    # Punctuation never opens a turn; a word does when the speaker changes or after a long pause.
    reach = pl.col("end").cum_max().shift(1)
    opens = ~pl.col("is_punctuation") & (
        (speaker != speaker.shift(1)).fill_null(True)
        | ((pl.col("start") - reach) > max_pause).fill_null(True)
    )
    numbered = ordered.with_columns(turn=opens.cum_sum().cast(pl.UInt32))
    turns = numbered.group_by("turn", maintain_order=True).agg(
        speaker=pl.col("speaker").filter(~pl.col("is_punctuation")).first(),
        start=pl.col("start").min(),
        end=pl.col("end").max(),
        words=(~pl.col("is_punctuation")).sum().cast(pl.UInt32),
        pieces=pl.col("word"),
        marks=pl.col("is_punctuation"),
    )
    texts = [join_words(p, m) for p, m in zip(turns["pieces"].to_list(), turns["marks"].to_list())]
    return (
        turns.with_columns(
            text=pl.Series(texts, dtype=pl.String), duration=(pl.col("end") - pl.col("start")).round(6)
        )
        .filter(pl.col("words") > 0)
        .with_columns(turn=pl.int_range(1, pl.len() + 1, dtype=pl.UInt32))
        .select(TURNS_SCHEMA.names())
    )


def sentiment_timeline(
    speech: pl.DataFrame, second_attributes: pl.DataFrame, duration: float | None = None
) -> pl.DataFrame:
    """One row per second: ``speech_valence``, ``face_valence``, ``voice_valence``, ``voice_arousal``.

    Face valence is the mean over the faces of the second. A sentence counts in every second it
    overlaps; seconds without a value hold null. Rows run from second 0 to the last second with a
    value, never past ``duration``: the work follows the data, not the length a file claims.

    Examples:
        >>> speech = pl.DataFrame({"start": [0.5], "end": [2.0], "sentiment": [0.4]})
        >>> attrs = pl.DataFrame({"second": [1], "type": ["human.face"], "valence": [-0.2],
        ...                       "arousal": [None]}, schema_overrides={"arousal": pl.Float64})
        >>> sentiment_timeline(speech, attrs, 3.0).rows()
        [(0, 0.4, None, None, None), (1, 0.4, -0.2, None, None)]
    """
    said = speech.filter(pl.col("sentiment").is_not_null() & (pl.col("end") > 0))
    last_second = 0
    if said.height:
        last_second = math.ceil(said["end"].max())  # type: ignore[arg-type]
    if second_attributes.height:
        last_second = max(last_second, int(second_attributes["second"].max()) + 1)  # type: ignore[arg-type]
    if duration is not None and duration > 0:
        last_second = min(last_second, math.ceil(duration))
    seconds = pl.DataFrame({"second": pl.int_range(0, last_second, eager=True, dtype=pl.Int32)})
    first = pl.col("start").floor().clip(0, last_second)
    spoken = (
        said.select(
            second=pl.int_ranges(
                first.cast(pl.Int32),
                pl.max_horizontal(pl.col("end").ceil(), first + 1).clip(0, last_second).cast(pl.Int32),
                dtype=pl.Int32,
            ),
            sentiment="sentiment",
        )
        .explode("second")
        .group_by("second")
        .agg(speech_valence=pl.col("sentiment").mean())
    )
    faces = (
        second_attributes.filter(pl.col("type") == "human.face")
        .group_by("second")
        .agg(face_valence=pl.col("valence").mean())
    )
    voice = (
        second_attributes.filter(pl.col("type") == "audio.voice_emotion")
        .group_by("second")
        .agg(voice_valence=pl.col("valence").mean(), voice_arousal=pl.col("arousal").mean())
    )
    timeline = seconds
    for part in (spoken, faces, voice):
        timeline = timeline.join(part.with_columns(pl.col("second").cast(pl.Int32)), on="second", how="left")
    return timeline.sort("second")


def expressions(second_attributes: pl.DataFrame) -> pl.DataFrame:
    """Named facial expressions, one row per face, second and expression, with confidence.

    Examples:
        >>> attrs = pl.DataFrame({"second": [3], "detection_id": ["7"], "type": ["human.face"],
        ...                       "emotions": [[{"emotion": "joy", "confidence": 0.8}]]})
        >>> expressions(attrs).rows()
        [(3, '7', 'joy', 0.8)]
    """
    return (
        second_attributes.filter(pl.col("emotions").list.len() > 0)
        .select("second", "detection_id", "emotions")
        .explode("emotions")
        .unnest("emotions")
        .sort("second", "detection_id", maintain_order=True)
    )


def speaker_name(speaker: str | None) -> str | None:
    """The readable name of a speaker id (``"14"`` -> ``"Speaker 14"``); ``None`` stays ``None``.

    Examples:
        >>> speaker_name("14"), speaker_name(None)
        ('Speaker 14', None)
    """
    return None if speaker is None else f"Speaker {speaker}"
