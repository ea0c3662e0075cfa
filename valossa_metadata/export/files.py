"""Exports of one result: tables (CSV, Parquet, JSON lines), subtitles (SRT, WebVTT), RTTM, Audacity labels.

Cues come from the transcript sentences (with the speaker who says most of their words), from the
words (cut by speaker, pause, length and duration, as subtitles are), or from any selection of
detections (the labels present, :func:`valossa_metadata.subtitles.cues.label_cues`). Every file is written
atomically.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from valossa_metadata._render import render, write_text
from valossa_metadata._sources import atomic_write
from valossa_metadata.errors import UsageError
from valossa_metadata.query.selection import BACKGROUND_TYPES, resolve, table
from valossa_metadata.query.speech import speaker_name
from valossa_metadata.subtitles.building import (
    CUE_SOURCES,
    cues,
    occurrence_labels,
    selection_cues,
    sentence_cues,
    word_cues,
)
from valossa_metadata.subtitles.cues import to_srt, to_vtt
from valossa_metadata.tables import TABLE_SCHEMAS

if TYPE_CHECKING:
    from valossa_metadata.metadata import Metadata

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
_SPACE = re.compile(r"\s+")


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


# ---- files ---------------------------------------------------------------------------------------


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
        raise UsageError(f"unknown table format {kind!r}; choose one of {', '.join(TABLE_FORMATS)}")
    if kind == "parquet":
        if path is None or str(path) == "-":
            raise UsageError("Parquet is binary: give a file to write it to")
        with atomic_write(path, "wb") as handle:
            frame.write_parquet(handle)
        return
    write_text(render(frame, kind), path)


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
