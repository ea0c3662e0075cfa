"""Subtitle results (``speech_to_text_srt``, ``speech_to_text_vtt``) read into speech tables.

SRT goes through pysrt after a strict check that names the bad line; a ``Speaker 14: `` prefix (as
this toolkit's SRT names a speaker when the speaker changes) becomes the ``speaker`` column of that
cue and the ones after it. WebVTT is read by a small parser of its own (cue settings, notes and
styles are skipped; ``<v Speaker>`` tags become the ``speaker`` column).
"""

from __future__ import annotations

import html
import re

import polars as pl
import pysrt

from valossa_metadata._sources import Source, read_source
from valossa_metadata.errors import MetadataError, TranscriptError, UsageError
from valossa_metadata.query.timecodes import seconds_of
from valossa_metadata.subtitles.validate import validate_srt_bytes

__all__ = ["SUBTITLES_SCHEMA", "read_subtitles"]

#: ``read_subtitles()``: one row per cue.
SUBTITLES_SCHEMA = pl.Schema(
    {
        "index": pl.Int32(),
        "start": pl.Float64(),
        "end": pl.Float64(),
        "text": pl.String(),
        "speaker": pl.String(),
    }
)

_VTT_TIME = r"(?:(\d+):)?([0-5]\d):([0-5]\d)\.(\d{3})"
_VTT_CUE_TIME = re.compile(rf"^\s*{_VTT_TIME}\s+-->\s+{_VTT_TIME}(?:\s+.*)?$")
_VOICE = re.compile(r"<v(?:\.[^ >]*)?\s+([^>]+)>")
_TAG = re.compile(r"</?[^>]+>")
_SRT_SPEAKER = re.compile(r"^(Speaker [^:\n]{1,40}): ")


def read_subtitles(source: Source, *, fmt: str | None = None) -> pl.DataFrame:
    """Read an SRT or WebVTT file (a speech_to_text result) into one row per cue.

    The format comes from ``fmt`` (``"srt"`` or ``"vtt"``), else from a ``WEBVTT`` header.

    Examples:
        >>> df = read_subtitles(b"WEBVTT\\n\\n00:00:01.000 --> 00:00:02.500\\n<v Speaker 1>Hello\\n")
        >>> df.select("start", "end", "text", "speaker").row(0)
        (1.0, 2.5, 'Hello', 'Speaker 1')
    """
    data, name = read_source(source)
    kind = fmt or ("vtt" if data.lstrip(b"\xef\xbb\xbf").startswith(b"WEBVTT") else "srt")
    if kind == "vtt":
        return _read_vtt(data, name)
    if kind != "srt":
        raise UsageError(f"unknown subtitle format {kind!r}; use 'srt' or 'vtt'")
    return _read_srt(data, name)


def _read_srt(data: bytes, name: str) -> pl.DataFrame:
    try:
        validate_srt_bytes(data, source=name)
    except TranscriptError as exc:
        raise MetadataError(
            exc.reason if exc.line is None else f"line {exc.line}: {exc.reason}", source=name
        ) from None
    items = pysrt.from_string(data.decode("utf-8-sig"))
    rows = []
    speaker: str | None = None
    for number, item in enumerate(items, start=1):
        voice, text = _split_speaker(item.text)
        named = _SRT_SPEAKER.match(text)
        if named:  # "Speaker 14: ..." opens a speaker's cues, as this toolkit's SRT writes them
            voice, text = named.group(1), text[named.end() :]
        speaker = voice or speaker
        rows.append((number, item.start.ordinal / 1000, item.end.ordinal / 1000, text, speaker))
    return pl.DataFrame(rows, schema=SUBTITLES_SCHEMA, orient="row")


def _read_vtt(data: bytes, name: str) -> pl.DataFrame:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise MetadataError(f"line {line}: not valid UTF-8", source=name) from None
    lines = text.splitlines()
    if not lines or not lines[0].startswith("WEBVTT"):
        raise MetadataError("line 1: a WebVTT file starts with 'WEBVTT'", source=name)
    rows: list[tuple[int, float, float, str, str | None]] = []
    number = 1
    while number < len(lines):
        match = _VTT_CUE_TIME.match(lines[number])
        if match is None:
            if "-->" in lines[number]:
                raise MetadataError(
                    f"line {number + 1}: bad cue timing {lines[number].strip()!r}", source=name
                )
            number += 1
            continue
        start, end = _clock_seconds(match.groups()[:4]), _clock_seconds(match.groups()[4:])
        if end < start:
            raise MetadataError(f"line {number + 1}: the cue ends before it starts", source=name)
        body: list[str] = []
        number += 1
        while number < len(lines) and lines[number].strip():
            if "-->" in lines[number]:
                raise MetadataError(
                    f"line {number + 1}: a cue timing inside a cue's text: is the blank line before "
                    "this cue missing?",
                    source=name,
                )
            body.append(lines[number])
            number += 1
        speaker, cue_text = _split_speaker("\n".join(body))
        rows.append((len(rows) + 1, start, end, cue_text, speaker))
    if not rows:
        raise MetadataError("no cue in this WebVTT file", source=name)
    return pl.DataFrame(rows, schema=SUBTITLES_SCHEMA, orient="row")


def _split_speaker(text: str) -> tuple[str | None, str]:
    voice = _VOICE.search(text)
    speaker = html.unescape(voice.group(1)).strip() if voice else None
    return speaker, html.unescape(_TAG.sub("", text)).strip()


def _clock_seconds(parts: tuple[str | None, ...]) -> float:
    hours, minutes, seconds, millis = (int(p) if p else 0 for p in parts)
    return seconds_of(hours, minutes, seconds, millis)
