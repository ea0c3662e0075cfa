"""Hypothesis properties of subtitles: word cues keep their limits, WebVTT round-trips, label cues
cover exactly the union of the occurrences, and SRT checking refuses bad bytes only with its error."""

from __future__ import annotations

import contextlib
import itertools
import math
import re
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import valossa_metadata as vm
from tests import independent
from tests.frames import words_frame
from valossa_metadata import subtitles
from valossa_metadata.subtitles import (
    label_cues,
    read_subtitles,
    to_srt,
    to_vtt,
    validate_srt_bytes,
    word_cues,
)

_SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# --- word cues -------------------------------------------------------------------------------------

_CLOSING = [",", ".", "?", "!", "…"]
_OPENING = ["(", "¿", "“"]


@st.composite
def word_tables(draw: st.DrawFn) -> pl.DataFrame:
    """A words() table as Valossa's transcripts give it: words in time order, marks at a word's edge.

    Each word is ``w<n>`` of a drawn length, so a cue's text names the words it holds.
    """
    rows: list[tuple[str, float, float, str | None, bool]] = []
    time = 0.0
    speaker: str | None = draw(st.sampled_from(["1", "2", None]))
    for n in range(draw(st.integers(0, 40))):
        if draw(st.integers(0, 5)) == 0:
            speaker = draw(st.sampled_from(["1", "2", "14", None]))
        time += draw(st.sampled_from([0.0, 0.05, 0.3, 1.5, 9.0]))
        if draw(st.booleans()) and draw(st.booleans()):
            rows.append((draw(st.sampled_from(_OPENING)), time, time, speaker, True))
        length = draw(st.sampled_from([0.0, 0.2, 0.6, 3.0, 8.0]))
        rows.append(
            (f"w{n}" + "x" * draw(st.sampled_from([0, 0, 3, 12, 50])), time, time + length, speaker, False)
        )
        time += length
        if draw(st.integers(0, 3)) == 0:
            rows.append((draw(st.sampled_from(_CLOSING)), time, time, speaker, True))
    return words_frame(rows)


def _word_numbers(text: str) -> list[int]:
    return [int(n) for n in re.findall(r"w(\d+)x*", text)]


@_SETTINGS
@given(
    words=word_tables(),
    max_chars=st.integers(1, 60),
    max_lines=st.integers(1, 3),
    max_duration=st.sampled_from([0.5, 2.0, 7.0, 30.0]),
    max_pause=st.sampled_from([0.0, 0.5, 1.0, 5.0]),
)
def test_word_cues_stay_within_their_limits(
    words: pl.DataFrame, max_chars: int, max_lines: int, max_duration: float, max_pause: float
) -> None:
    cues = word_cues(
        words, max_chars=max_chars, max_lines=max_lines, max_duration=max_duration, max_pause=max_pause
    )
    spoken = words.filter(~pl.col("is_punctuation"))
    speaker_of = dict(zip(_word_numbers(" ".join(spoken["word"])), spoken["speaker"]))
    span_of = {
        n: (s, e) for n, s, e in zip(_word_numbers(" ".join(spoken["word"])), spoken["start"], spoken["end"])
    }
    cue_words = [_word_numbers(text) for text in cues["text"]]
    # every word once, in order
    assert [n for numbers in cue_words for n in numbers] == sorted(speaker_of)
    previous_end = -math.inf
    for (start, end, text, speaker), numbers in zip(cues.iter_rows(), cue_words):
        lines = text.split("\n")
        assert 1 <= len(lines) <= max_lines
        assert all(len(line) <= max_chars or " " not in line for line in lines)
        # one speaker per cue, and the cue names it
        assert {speaker_of[n] for n in numbers} == {speaker_of[numbers[0]]}
        assert speaker == (None if speaker_of[numbers[0]] is None else f"Speaker {speaker_of[numbers[0]]}")
        # within the longest allowed duration unless a single word is longer alone
        assert end - start <= max_duration + 1e-9 or len(numbers) == 1
        # ordered, not overlapping; pauses longer than max_pause cut cues
        assert start >= previous_end
        assert start == span_of[numbers[0]][0]
        gaps = [span_of[b][0] - span_of[a][1] for a, b in itertools.pairwise(numbers)]
        assert all(gap <= max_pause + 1e-9 for gap in gaps)
        previous_end = end
    # SRT puts "Speaker 14: " on the first line of a speaker's cue: those lines keep the limit too
    for block in to_srt(cues).split("\n\n"):
        for line in block.split("\n")[2:]:
            assert len(line) <= max_chars or len(_word_numbers(line)) <= 1


# --- WebVTT round trip -----------------------------------------------------------------------------

_PLAIN = st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"))
_line = st.text(_PLAIN, min_size=1, max_size=30).map(str.strip).filter(bool)
_milliseconds = st.integers(0, 100 * 3_600_000)


@st.composite
def cue_frames(draw: st.DrawFn) -> pl.DataFrame:
    rows = []
    for _ in range(draw(st.integers(0, 6))):
        start = draw(_milliseconds)
        end = start + draw(st.integers(0, 600_000))
        text = "\n".join(draw(st.lists(_line, min_size=1, max_size=3)))
        speaker = draw(st.none() | st.text(_PLAIN, min_size=1, max_size=20).map(str.strip).filter(bool))
        rows.append((start / 1000, end / 1000, text, speaker))
    return pl.DataFrame(rows, schema=subtitles.CUES_SCHEMA, orient="row")


@_SETTINGS
@given(cues=cue_frames())
def test_webvtt_round_trip_keeps_times_texts_and_speakers(cues: pl.DataFrame) -> None:
    if not cues.height:  # a file with no cue is refused, as an SRT file with no cue is
        with pytest.raises(vm.MetadataError, match="no cue"):
            read_subtitles(to_vtt(cues).encode(), fmt="vtt")
        return
    back = read_subtitles(to_vtt(cues).encode(), fmt="vtt")
    assert back.height == cues.height
    assert [round(t * 1000) for t in back["start"]] == [round(t * 1000) for t in cues["start"]]
    assert [round(t * 1000) for t in back["end"]] == [round(t * 1000) for t in cues["end"]]
    assert back["text"].to_list() == cues["text"].to_list()
    assert back["speaker"].to_list() == cues["speaker"].to_list()


def test_webvtt_speaker_with_markup_characters_round_trips() -> None:
    cues = pl.DataFrame(
        [(1.0, 2.0, "Tom & Jerry <3", "R&D <team>")], schema=subtitles.CUES_SCHEMA, orient="row"
    )
    back = read_subtitles(to_vtt(cues).encode())
    assert back.select("text", "speaker").row(0) == ("Tom & Jerry <3", "R&D <team>")


# --- label cues ------------------------------------------------------------------------------------

_LABELS = ["dog", "cat", "car", "sky", "tree", "boat", "sea"]
_times = st.integers(0, 400).map(lambda n: n / 4)


@st.composite
def occurrence_frames(draw: st.DrawFn) -> pl.DataFrame:
    rows = []
    for _ in range(draw(st.integers(0, 15))):
        start = draw(_times)
        rows.append(
            (draw(st.sampled_from(_LABELS)), start, start + draw(_times) * draw(st.sampled_from([0, 0.1, 1])))
        )
    return pl.DataFrame(
        rows, schema={"label": pl.String, "start": pl.Float64, "end": pl.Float64}, orient="row"
    )


def _covered(intervals: list[tuple[float, float]], start: float, end: float) -> float:
    """How much of [start, end] the intervals cover."""
    return independent.union_length(
        [(max(s, start), min(e, end)) for s, e in intervals if min(e, end) > max(s, start)]
    )


@_SETTINGS
@given(occurrences=occurrence_frames(), per_line=st.integers(1, 6))
def test_label_cues_cover_exactly_the_union_of_the_occurrences(
    occurrences: pl.DataFrame, per_line: int
) -> None:
    cues = label_cues(occurrences, per_line=per_line)
    spans = [(s, e) for _, s, e in occurrences.iter_rows()]
    total = sum(end - start for start, end in cues.select("start", "end").iter_rows())
    assert math.isclose(total, independent.union_length(spans), abs_tol=1e-9)
    by_label: dict[str, list[tuple[float, float]]] = {}
    for label, s, e in occurrences.iter_rows():
        by_label.setdefault(label, []).append((s, e))
    previous_end = -math.inf
    for start, end, text, _ in cues.iter_rows():
        assert end > start >= previous_end
        previous_end = end
        lines = text.split("\n")
        named = [label for line in lines for label in line.split(", ")]
        assert all(len(line.split(", ")) <= per_line for line in lines)
        assert len(named) == len(set(named))
        for label, intervals in by_label.items():
            covered = _covered(intervals, start, end)
            if label in named:  # present throughout the cue
                assert math.isclose(covered, end - start, abs_tol=1e-9)
            else:  # absent throughout
                assert covered == 0


# --- SRT checking ----------------------------------------------------------------------------------

_VALID_SRT = (
    b"1\n00:00:01,000 --> 00:00:02,500\nHello there\n\n"
    b"2\n00:00:03,000 --> 00:00:04,000\nSpeaker 2: <i>Yes</i>\nsecond line\n\n"
    b"3\n01:02:03,004 --> 01:02:05,000\n\xc3\xa9t\xc3\xa9\n"
)


def _check_only_transcript_errors(data: bytes) -> None:
    problem: vm.TranscriptError | None = None
    try:
        assert validate_srt_bytes(data) >= 1
    except vm.TranscriptError as exc:
        problem = exc
    if problem is not None:
        assert problem.path == "<bytes>"
        assert problem.reason
        assert problem.line is None or 1 <= problem.line <= len(re.split(rb"\r\n|\r|\n", data))
    with contextlib.suppress(vm.MetadataError):
        read_subtitles(data, fmt="srt")


@_SETTINGS
@given(data=st.binary(max_size=300))
def test_srt_check_of_any_bytes_raises_only_transcript_error(data: bytes) -> None:
    _check_only_transcript_errors(data)


@st.composite
def mutated_srt(draw: st.DrawFn) -> bytes:
    data = bytearray(_VALID_SRT)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["insert", "delete", "flip", "replace"]))
        if action == "insert":
            data[at:at] = draw(
                st.sampled_from([b"\n", b"\n\n", b"-->", b":", b",", b"9", b"\x00", b"\xff", b"\r", b" "])
            )
        elif action == "delete":
            del data[at : at + draw(st.integers(1, 8))]
        elif action == "flip" and at < len(data):
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif at < len(data):
            data[at] = draw(st.integers(0, 255))
    return bytes(data)


def test_srt_line_numbers_count_only_line_breaks() -> None:
    with pytest.raises(vm.TranscriptError) as caught:
        validate_srt_bytes(b"\x0b\x01")
    assert caught.value.line == 1


@_SETTINGS
@given(data=mutated_srt())
def test_srt_check_of_mutated_srt_raises_only_transcript_error(data: bytes) -> None:
    _check_only_transcript_errors(data)


@_SETTINGS
@given(data=st.binary(max_size=300) | mutated_srt().map(lambda b: b"WEBVTT\n\n" + b.replace(b",", b".")))
def test_reading_any_subtitle_bytes_raises_only_metadata_error(data: bytes) -> None:
    with contextlib.suppress(vm.MetadataError):
        read_subtitles(data)


# --- times too large to write ----------------------------------------------------------------------


@pytest.mark.parametrize("seconds", [1e308, math.inf, math.nan])
@pytest.mark.parametrize("write", [to_srt, to_vtt])
def test_cue_times_that_cannot_be_written_are_refused(seconds: float, write: Any) -> None:
    cues = pl.DataFrame([(0.0, seconds, "Hi", None)], schema=subtitles.CUES_SCHEMA, orient="row")
    with pytest.raises(vm.UsageError, match="cue 1"):
        write(cues)


def test_label_cues_of_huge_times_are_refused_when_written() -> None:
    occurrences = pl.DataFrame({"label": ["dog"], "start": [0.0], "end": [1e308]})
    cues = label_cues(occurrences)
    assert cues.select("start", "end").row(0) == (0.0, 1e308)
    with pytest.raises(vm.UsageError):
        to_srt(cues)
