"""Cues from a result: transcript sentences, words cut as subtitles are, or the labels of a selection.

A cue frame has one row per cue (``start``, ``end``, ``text``, ``speaker``, see
:data:`~valossa_metadata.subtitles.cues.CUES_SCHEMA`); :func:`~valossa_metadata.subtitles.to_srt` and
:func:`~valossa_metadata.subtitles.to_vtt` write it. Lines stay within 42 characters, two lines balanced.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import polars as pl

from valossa_metadata.errors import UsageError
from valossa_metadata.query.selection import resolve
from valossa_metadata.query.speech import OPENING_MARKS, speaker_name
from valossa_metadata.subtitles.cues import CUES_SCHEMA, label_cues

if TYPE_CHECKING:
    from valossa_metadata.metadata import Metadata
    from valossa_metadata.query.selection import Selection

__all__ = ["CUE_SOURCES", "cues", "occurrence_labels", "selection_cues", "sentence_cues", "word_cues"]

#: Where cues come from.
CUE_SOURCES = ("sentences", "words", "labels")

CueSource = Literal["sentences", "words", "labels"]

_SENTENCE_END = (".", "?", "!", "…", '."', '?"', '!"', ".”", "?”", "!”")


def cues(
    md: Metadata,
    source: CueSource = "sentences",
    *,
    selection: Selection | None = None,
    max_pause: float = 1.0,
    snap: float | None = None,
) -> pl.DataFrame:
    """Cues (start, end, text, speaker) from the sentences, the words or a selection's labels.

    A selection's time window also limits sentence and word cues.

    Examples:
        >>> import valossa_metadata as vm
        >>> md = vm.load("sample_results/current_format_example.json")
        >>> print(cues(md, "words")["text"][0])
        According to Lucas
        Weber, the best island is in Frioul.
    """
    if source == "labels":
        return selection_cues(selection if selection is not None else md, snap=snap)
    if source == "sentences":
        frame = sentence_cues(md)
    elif source == "words":
        frame = word_cues(md.words(), max_pause=max_pause)
    else:
        raise UsageError(f"unknown cue source {source!r}; choose one of {', '.join(CUE_SOURCES)}")
    if selection is not None and selection.criteria.has_window:
        from valossa_metadata.query.filters import window

        c = selection.criteria
        frame = window(frame, c.start, c.end, length=c.length, mode=c.mode)
    return frame


def sentence_cues(md: Metadata, *, max_chars: int = 42) -> pl.DataFrame:
    """One cue per transcript sentence, with the speaker who says most of its words.

    Long sentences are wrapped into lines of at most ``max_chars`` characters (as many lines as
    the sentence needs; a sentence is never cut into several cues).

    Examples:
        >>> import valossa_metadata as vm
        >>> md = vm.load("sample_results/current_format_example.json")
        >>> sentence_cues(md).select("start", "speaker").row(0)
        (1.148, 'Speaker 31')
    """
    sentences = md.speech().sort("start", maintain_order=True).with_row_index("cue")
    words = md.words().filter(~pl.col("is_punctuation") & pl.col("start").is_not_null()).sort("start")
    spans = sentences.select("cue", "start", sentence_end="end")
    located = words.join_asof(spans, on="start", strategy="backward").filter(
        pl.col("start") <= pl.col("sentence_end")
    )
    speakers = located.group_by("cue").agg(speaker=pl.col("speaker").drop_nulls().mode().sort().first())
    frame = (
        sentences.join(speakers, on="cue", how="left", maintain_order="left")
        .select("start", "end", "text", speaker=pl.concat_str(pl.lit("Speaker "), pl.col("speaker")))
        .cast(CUES_SCHEMA)
    )
    texts: list[str] = []
    previous: str | None = None
    for text, speaker in frame.select("text", "speaker").iter_rows():
        taken = len(speaker) + 2 if speaker is not None and speaker != previous else 0  # SRT's "Name: "
        texts.append("\n".join(_wrap_lines(text.split(), max_chars, taken)))
        previous = speaker
    return frame.with_columns(text=pl.Series(texts, dtype=pl.String))


@dataclass
class _Token:
    """A word with the punctuation around it."""

    text: str
    start: float
    end: float
    speaker: str | None


def word_cues(
    words: pl.DataFrame,
    *,
    max_chars: int = 42,
    max_lines: int = 2,
    max_duration: float = 7.0,
    max_pause: float = 1.0,
) -> pl.DataFrame:
    """Subtitle cues from a ``words()`` table: at most ``max_lines`` lines of ``max_chars`` characters.

    A cue ends when the speaker changes, after a pause longer than ``max_pause`` seconds, when the
    next word would not fit, when it would last longer than ``max_duration`` seconds, or at the end of
    a sentence once the cue fills more than a line.
    Punctuation stays with its word. A single word longer than a line gets a line of its own. The
    first cue of each speaker keeps room on its first line for the ``Speaker 14: `` that SRT puts
    there, so SRT lines stay within ``max_chars`` too.

    Examples:
        >>> words = pl.DataFrame({"word": ["Hi", ",", "you", ".", "Yes"], "start": [0.0, 0.3, 0.4, 0.6, 0.8],
        ...                       "end": [0.3, 0.3, 0.6, 0.6, 1.0], "speaker": ["1", "1", "1", "1", "2"],
        ...                       "is_punctuation": [False, True, False, True, False]})
        >>> word_cues(words).rows()
        [(0.0, 0.6, 'Hi, you.', 'Speaker 1'), (0.8, 1.0, 'Yes', 'Speaker 2')]
    """
    if max_chars < 1 or max_lines < 1 or max_duration <= 0 or max_pause < 0:
        raise UsageError("cue limits are positive (max_pause may be 0)")
    rows: list[tuple[float, float, str, str | None]] = []
    current: list[_Token] = []
    said: list[str | None] = [None]  # the speaker of the cue before

    def room(token: _Token) -> int:
        """What the SRT speaker name takes from the first line of a cue that changes speaker."""
        name = speaker_name(token.speaker)
        return len(name) + 2 if name is not None and name != said[0] else 0

    def flush() -> None:
        if current:
            name = speaker_name(current[0].speaker)
            text = "\n".join(_wrap([t.text for t in current], max_chars, room(current[0])))
            rows.append((current[0].start, max(t.end for t in current), text, name))
            said[0] = name
            current.clear()

    for token in _tokens(words):
        if current and (
            token.speaker != current[0].speaker
            or token.start - max(t.end for t in current) > max_pause
            or token.end - current[0].start > max_duration
            or len(_wrap([*(t.text for t in current), token.text], max_chars, room(current[0]))) > max_lines
            or (
                current[-1].text.endswith(_SENTENCE_END) and sum(len(t.text) + 1 for t in current) > max_chars
            )
        ):
            flush()
        current.append(token)
    flush()
    return pl.DataFrame(rows, schema=CUES_SCHEMA, orient="row")


def _tokens(words: pl.DataFrame) -> Iterator[_Token]:
    ordered = words.filter(pl.col("start").is_not_null()).sort("start", maintain_order=True)
    previous: _Token | None = None
    opening = ""
    for word, start, end, speaker, is_mark in ordered.select(
        "word", "start", "end", "speaker", "is_punctuation"
    ).iter_rows():
        end = start if end is None else end
        if is_mark and word[:1] in OPENING_MARKS:
            opening += word
        elif is_mark:
            if previous is not None:
                previous.text += word
                previous.end = max(previous.end, end)
        else:
            if previous is not None:
                yield previous
            previous = _Token(opening + word, start, end, speaker)
            opening = ""
    if previous is not None:
        yield previous


def _wrap(pieces: list[str], width: int, taken: int = 0) -> list[str]:
    """Lines of at most ``width`` characters (the first ``taken`` shorter), two lines balanced."""
    lines = _wrap_lines(pieces, width, taken)
    if len(lines) == 2:  # balance two lines: the shorter the longer line, the easier to read
        splits = [(" ".join(pieces[:i]), " ".join(pieces[i:])) for i in range(1, len(pieces))]
        fitting = [(a, b) for a, b in splits if len(a) + taken <= width and len(b) <= width]
        if fitting:
            first, second = min(fitting, key=lambda pair: max(len(pair[0]) + taken, len(pair[1])))
            return [first, second]
    return lines


def _wrap_lines(pieces: list[str], width: int, taken: int = 0) -> list[str]:
    lines: list[str] = []
    line = ""
    for piece in pieces:
        limit = width - taken if not lines else width
        if line and len(line) + 1 + len(piece) > limit:
            lines.append(line)
            line = piece
        else:
            line = f"{line} {piece}" if line else piece
    if line:
        lines.append(line)
    return lines


def selection_cues(selection: Metadata | Selection, *, snap: float | None = None) -> pl.DataFrame:
    """Cues naming the labels (faces: identities) of a selection, cut wherever the set changes.

    Without chosen types, :data:`BACKGROUND_TYPES` are left out (see :func:`resolve`).

    Examples:
        >>> import valossa_metadata as vm
        >>> md = vm.load("sample_results/current_format_example.json")
        >>> selection_cues(md.select(types="human.face", end=20)).row(0)[2]
        'John Carter'
    """
    occurrences = resolve(selection).occurrences().with_columns(name=pl.coalesce("identity", "label"))
    return label_cues(occurrences, column="name", snap=snap)


def occurrence_labels(selection: Metadata | Selection) -> pl.DataFrame:
    """One cue per occurrence of a selection (faces named by identity), by start time.

    Without chosen types, :data:`BACKGROUND_TYPES` are left out (see :func:`resolve`).

    Examples:
        >>> import valossa_metadata as vm
        >>> md = vm.load("sample_results/current_format_example.json")
        >>> occurrence_labels(md.select(types="human.face")).columns
        ['start', 'end', 'text', 'speaker']
    """
    return (
        resolve(selection)
        .occurrences()
        .sort("start", "end", maintain_order=True)
        .select("start", "end", text=pl.coalesce("identity", "label"), speaker=pl.lit(None, pl.String))
    )
