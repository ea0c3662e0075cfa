"""Exports of one result: tables (CSV, Parquet, JSON lines), subtitles (SRT, WebVTT), RTTM, Audacity labels.

Cues come from the transcript sentences (with the speaker who says most of their words), from the
words (cut by speaker, pause, length and duration, as subtitles are), or from any selection of
detections (the labels present, :func:`valossa_metadata.cues.label_cues`). Every file is written
atomically.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import polars as pl

from valossa_metadata.cues import CUES_SCHEMA, label_cues, to_srt, to_vtt
from valossa_metadata.output import render, write_text
from valossa_metadata.sources import atomic_write
from valossa_metadata.speech import OPENING_MARKS
from valossa_metadata.tables import TABLE_SCHEMAS

if TYPE_CHECKING:
    from valossa_metadata.metadata import Metadata
    from valossa_metadata.selection import Selection

__all__ = [
    "BACKGROUND_TYPES",
    "CUE_SOURCES",
    "FORMATS",
    "TABLES",
    "TABLE_FORMATS",
    "audacity",
    "cues",
    "file_id",
    "occurrence_labels",
    "resolve",
    "rttm",
    "selection_cues",
    "sentence_cues",
    "speaker_name",
    "srt",
    "table",
    "vtt",
    "word_cues",
    "write_table",
]

#: The tables ``table()`` and ``export --table`` know: every table of one result.
TABLES = tuple(TABLE_SCHEMAS)
#: Table file formats.
TABLE_FORMATS = ("csv", "parquet", "jsonl")
#: Every export format.
FORMATS = (*TABLE_FORMATS, "srt", "vtt", "rttm", "audacity")
#: Where cues come from.
CUE_SOURCES = ("sentences", "words", "labels")

#: Types left out when no ``types`` are chosen: not things seen or heard in the video.
BACKGROUND_TYPES = ("audio.speech*", "audio.voice_emotion", "visual.color", "human.face_group", "topic.*")

CueSource = Literal["sentences", "words", "labels"]

_SPACE = re.compile(r"\s+")
_SENTENCE_END = (".", "?", "!", "…", '."', '?"', '!"', ".”", "?”", "!”")


def speaker_name(speaker: str | None) -> str | None:
    """The readable name of a speaker id (``"14"`` -> ``"Speaker 14"``); ``None`` stays ``None``.

    Examples:
        >>> speaker_name("14"), speaker_name(None)
        ('Speaker 14', None)
    """
    return None if speaker is None else f"Speaker {speaker}"


def file_id(md: Metadata) -> str:
    """The file id RTTM lines carry: the job id, else the input file's stem (no spaces).

    Examples:
        >>> import valossa_metadata as vm
        >>> file_id(vm.load("sample_results/current_format_example.json"))
        '7e26f36a-8483-48b8-a32d-d3313a0b9965'
    """
    if md.job_id:
        return _SPACE.sub("_", md.job_id.strip()) or "video"
    name = Path(md.source).name
    for suffix in (".gz", ".json"):
        name = name.removesuffix(suffix)
    name = _SPACE.sub("_", name.strip("<>").strip())
    return name or "video"


def resolve(source: Metadata | Selection) -> Selection:
    """What the plots, label cues and the report show: a Metadata's whole file, or the Selection given.

    Without chosen ``types``, :data:`BACKGROUND_TYPES` are left out.

    Examples:
        >>> import valossa_metadata as vm
        >>> md = vm.load("sample_results/current_format_example.json")
        >>> "visual.color" in resolve(md).occurrences()["type"].to_list()
        False
    """
    from valossa_metadata.selection import Selection

    selection = source if isinstance(source, Selection) else source.select()
    if selection.criteria.types:
        return selection
    present = selection.md.detections().get_column("type").unique(maintain_order=True).to_list()
    kept = [t for t in present if not any(fnmatchcase(t, g) for g in BACKGROUND_TYPES)]
    # An empty types tuple would mean "every type"; a glob that matches nothing keeps nothing.
    return selection.refine(types=kept or ["\x00none"])


# ---- tables ---------------------------------------------------------------------------------------


def table(md: Metadata, name: str, selection: Selection | None = None) -> pl.DataFrame:
    """A table of the file by name (see :data:`TABLES`), optionally only the rows of a selection.

    With a selection, tables with detections keep the selected detections' rows, and tables with
    times keep those in its time window; the columns stay those of the table.

    Examples:
        >>> import valossa_metadata as vm
        >>> md = vm.load("sample_results/current_format_example.json")
        >>> table(md, "faces", md.select(persons="John*")).height
        2
    """
    if name not in TABLES:
        raise ValueError(f"unknown table {name!r}; choose one of {', '.join(TABLES)}")
    frame: pl.DataFrame = getattr(md, name)()
    if selection is None:
        return frame
    columns = frame.columns
    if name in ("detections", "occurrences", "seconds"):
        return getattr(selection, name)().select(columns)  # type: ignore[no-any-return]
    from valossa_metadata.query import restrict, window

    if "detection_id" in columns:
        frame = restrict(frame, selection.detections())
    c = selection.criteria
    if c.has_window and ("start" in columns or "second" in columns):
        frame = window(frame, c.start, c.end, length=c.length, mode=c.mode)
    return frame


def write_table(frame: pl.DataFrame, path: str | Path | None, fmt: str | None = None) -> None:
    """Write a table as CSV, Parquet or JSON lines (``fmt``, else the file's extension), atomically.

    CSV joins list cells with ``;`` and writes structs as JSON; Parquet keeps lists and structs as
    they are. ``path`` ``None`` or ``-`` is standard output (not for Parquet).

    Examples:
        >>> write_table(pl.DataFrame({"label": ["dog"], "tags": [["fauna", "pets"]]}), None, "csv")
        label,tags
        dog,fauna;pets
    """
    kind = fmt or (Path(path).suffix.lstrip(".").lower() if path is not None else "")
    if kind not in TABLE_FORMATS:
        raise ValueError(f"unknown table format {kind!r}; choose one of {', '.join(TABLE_FORMATS)}")
    if kind == "parquet":
        if path is None or str(path) == "-":
            raise ValueError("Parquet is binary: give a file to write it to")
        with atomic_write(path, "wb") as handle:
            frame.write_parquet(handle)
        return
    write_text(render(frame, kind), path)


# ---- cues -----------------------------------------------------------------------------------------


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
        raise ValueError(f"unknown cue source {source!r}; choose one of {', '.join(CUE_SOURCES)}")
    if selection is not None and selection.criteria.has_window:
        from valossa_metadata.query import window

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
        raise ValueError("cue limits are positive (max_pause may be 0)")
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


# ---- text formats ---------------------------------------------------------------------------------


def srt(frame: pl.DataFrame) -> str:
    """SRT text of cues (the speaker's name leads a cue when the speaker changes).

    Examples:
        >>> print(srt(pl.DataFrame({"start": [0.5], "end": [1.0], "text": ["Hi"]})), end="")
        1
        00:00:00,500 --> 00:00:01,000
        Hi
        <BLANKLINE>
    """
    return to_srt(frame)


def vtt(frame: pl.DataFrame) -> str:
    """WebVTT text of cues (every cue with a speaker carries ``<v Speaker N>``).

    Examples:
        >>> vtt(pl.DataFrame({"start": [0.5], "end": [1.0], "text": ["Hi"]})).splitlines()[2]
        '00:00:00.500 --> 00:00:01.000'
    """
    return to_vtt(frame)


def rttm(md: Metadata, *, max_pause: float = 1.0, file: str | None = None) -> str:
    """Speaker turns from the words as RTTM ``SPEAKER`` lines (times in seconds, 3 decimals).

    Examples:
        >>> import valossa_metadata as vm
        >>> md = vm.load("sample_results/current_format_example.json")
        >>> rttm(md, file="demo").splitlines()[0]
        'SPEAKER demo 1 1.148 13.493 <NA> <NA> speaker_31 <NA> <NA>'
    """
    name = _SPACE.sub("_", file) if file else file_id(md)
    lines = []
    for speaker, start, end in (
        md.speaker_turns(max_pause=max_pause).select("speaker", "start", "end").iter_rows()
    ):
        first, last = round(start * 1000), round(end * 1000)
        who = "speaker_" + _SPACE.sub("_", speaker) if speaker is not None else "unknown"
        lines.append(
            f"SPEAKER {name} 1 {first / 1000:.3f} {(last - first) / 1000:.3f} <NA> <NA> {who} <NA> <NA>\n"
        )
    return "".join(lines)


def audacity(frame: pl.DataFrame) -> str:
    """An Audacity label track: ``start<TAB>end<TAB>label`` lines, times with 6 decimals.

    A cue's speaker leads its label; line breaks and tabs become spaces.

    Examples:
        >>> audacity(pl.DataFrame({"start": [1.5], "end": [2.0], "text": ["dog\\ncat"], "speaker": [None]}))
        '1.500000\\t2.000000\\tdog cat\\n'
    """
    speakers = frame["speaker"] if "speaker" in frame.columns else pl.Series([None] * frame.height)
    lines = []
    for start, end, text, speaker in zip(frame["start"], frame["end"], frame["text"], speakers):
        label = _SPACE.sub(" ", text or "").strip()
        if speaker is not None:
            label = f"{speaker}: {label}"
        lines.append(f"{start:.6f}\t{end:.6f}\t{label}\n")
    return "".join(lines)
