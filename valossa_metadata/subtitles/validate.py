"""Checking SRT files strictly: transcripts before they are uploaded, subtitle results before reading.

Valossa reads the transcript of a job only after the job starts, so a broken file costs a whole
analysis. :func:`validate_srt` rejects what would fail there: binary content (NUL bytes), text that
is not UTF-8 (a UTF-8 BOM is fine), cues that pysrt cannot parse or whose timestamps are malformed
or run backwards, and files with no cue at all. Every message names the file and the line.
"""

from __future__ import annotations

import codecs
import os
import re
from pathlib import Path

import pysrt

from valossa_metadata.errors import TranscriptError

__all__ = ["TranscriptError", "validate_srt", "validate_srt_bytes"]

_TIME = r"(\d+):([0-5]\d):([0-5]\d)[,.](\d{1,3})"
_TIMESTAMP_LINE = re.compile(rf"^\s*{_TIME}\s*-->\s*{_TIME}(?:\s.*)?$")
# Lines as an editor numbers them: str.splitlines() also breaks at \v, \f, \x1c-\x1e, \x85, \u2028.
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def validate_srt(path: str | os.PathLike[str]) -> int:
    """Check a local SRT file; return its number of cues or raise :class:`TranscriptError`.

    Examples:
        >>> import tempfile, pathlib
        >>> f = pathlib.Path(tempfile.mkdtemp()) / "t.srt"
        >>> _ = f.write_text("1\\n00:00:01,000 --> 00:00:02,500\\nHello\\n")
        >>> validate_srt(f)
        1
    """
    file_path = Path(path)
    try:
        data = file_path.read_bytes()
    except OSError as exc:
        raise TranscriptError(str(file_path), None, f"cannot read the file: {exc.strerror or exc}") from None
    return validate_srt_bytes(data, source=str(file_path))


def validate_srt_bytes(data: bytes, *, source: str = "<bytes>") -> int:
    """Check SRT content; return its number of cues or raise :class:`TranscriptError`.

    Examples:
        >>> cue = b"1\\n00:00:01,000 --> 00:00:02,000\\nHi\\n\\n"
        >>> validate_srt_bytes(cue + cue.replace(b"1", b"2", 1))
        2
        >>> try:
        ...     validate_srt_bytes(b"1\\n00:00:0x,000 --> 00:00:02,000\\nHi\\n", source="a.srt")
        ... except TranscriptError as exc:
        ...     print(exc.line, exc.reason)
        2 bad timestamp line '00:00:0x,000 --> 00:00:02,000'
    """
    nul = data.find(b"\x00")
    if nul >= 0:
        raise TranscriptError(
            source, _line_of(data, nul), "binary content (NUL byte); an SRT file is UTF-8 text"
        )
    bom = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        text = data[bom:].decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = bom + exc.start
        bad = data[offset : offset + 1].hex()
        raise TranscriptError(source, _line_of(data, offset), f"not valid UTF-8 (byte 0x{bad})") from None
    cues = 0
    for first_line, block in _blocks(text):
        _check_cue(block, first_line, source)
        cues += 1
    if cues == 0:
        raise TranscriptError(source, None, "no subtitle cues found")
    return cues


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _blocks(text: str) -> list[tuple[int, list[str]]]:
    """Cues as (1-based number of their first line, their lines), split on blank lines as pysrt does."""
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = 0
    for number, line in enumerate(_LINE_BREAK.split(text), start=1):
        if line.strip():
            if not current:
                start = number
            current.append(line)
        elif current:
            blocks.append((start, current))
            current = []
    if current:
        blocks.append((start, current))
    return blocks


def _check_cue(block: list[str], first_line: int, source: str) -> None:
    has_index = "-->" not in block[0]
    if has_index and not block[0].strip().isdigit():
        raise TranscriptError(
            source, first_line, f"expected a cue number or a timestamp line, got {block[0]!r}"
        )
    if has_index and len(block) < 2:
        raise TranscriptError(source, first_line, "a cue number without a timestamp line")
    stamp_index = 1 if has_index else 0
    stamp_line = first_line + stamp_index
    match = _TIMESTAMP_LINE.match(block[stamp_index])
    if match is None:
        raise TranscriptError(source, stamp_line, f"bad timestamp line {block[stamp_index].strip()!r}")
    try:
        item = pysrt.SubRipItem.from_lines([line + "\n" for line in block])
    except pysrt.Error:
        raise TranscriptError(source, stamp_line, "pysrt cannot parse this cue") from None
    if item.end < item.start:
        raise TranscriptError(
            source, stamp_line, f"the cue ends ({item.end}) before it starts ({item.start})"
        )
    for offset, line in enumerate(block[stamp_index + 1 :], start=stamp_index + 1):
        if _TIMESTAMP_LINE.match(line):
            raise TranscriptError(
                source,
                first_line + offset,
                "a timestamp line inside a cue's text: is the blank line before this cue missing?",
            )
