"""SRT validation and transcript jobs: bad files are refused before any request."""

from __future__ import annotations

from pathlib import Path

import pytest

from valossa_metadata.api import Client
from valossa_metadata.errors import TranscriptError, ValossaError
from valossa_metadata.subtitles.validate import validate_srt, validate_srt_bytes
from valossa_metadata.testing import FakeValossa

from .conftest import SRT_TEXT


def _srt(tmp_path: Path, data: bytes | str, name: str = "talk.srt") -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def test_valid_files(tmp_path: Path) -> None:
    assert validate_srt(_srt(tmp_path, SRT_TEXT)) == 2
    assert validate_srt(_srt(tmp_path, "\ufeff" + SRT_TEXT.replace("\n", "\r\n"))) == 2
    no_index = "00:00:01.000 --> 00:00:02.000 X1:10 X2:20\nPosition\n\n\n\n1\n01:02:03,4 --> 01:02:04,5\n\n"
    assert validate_srt_bytes(no_index.encode()) == 2
    assert validate_srt_bytes(b"7\n00:00:01,000 --> 00:00:01,000\n") == 1  # empty text, zero length


@pytest.mark.parametrize(
    ("data", "line", "reason"),
    [
        (b"", None, "no subtitle cues found"),
        (b"\n\n  \n", None, "no subtitle cues found"),
        (
            b"1\n00:00:01,000 --> 00:00:02,000\nok\n\n2\n00:00:0x,000 --> 00:00:04,000\nbad\n",
            6,
            "bad timestamp",
        ),
        (b"1\n00:00:01,000 -> 00:00:02,000\nHi\n", 2, "bad timestamp line '00:00:01,000 -> 00:00:02,000'"),
        (b"1\n00:61:01,000 --> 00:00:02,000\nHi\n", 2, "bad timestamp"),
        (b"1\n00:00:05,000 --> 00:00:02,000\nHi\n", 2, "ends (00:00:02,000) before it starts (00:00:05,000)"),
        (b"1\nHello\n", 2, "bad timestamp"),
        (b"1\n", 1, "a cue number without a timestamp line"),
        (b"Hello world\nsecond line\n", 1, "expected a cue number or a timestamp line"),
        (b"00:00:01,000 --> 00:00:02,000\n", 1, "pysrt cannot parse"),
        (b"1\n00:00:01,000 --> 00:00:02,000\nfine\n\nxx\xff\n", 5, "not valid UTF-8 (byte 0xff)"),
        (b"\xef\xbb\xbf1\n00:00:01,000 --> 00:00:02,000\n\xe9t\xe9\n", 3, "not valid UTF-8"),
        (b"1\n00:00:01,000 --> 00:00:02,000\n\x00\x01\x02binary", 3, "binary content"),
        (b"\xff\xfe1\x00\n\x00", 1, "binary content"),  # UTF-16 has NUL bytes
    ],
)
def test_invalid_files_name_file_and_line(tmp_path: Path, data: bytes, line: int | None, reason: str) -> None:
    path = _srt(tmp_path, data)
    with pytest.raises(TranscriptError) as info:
        validate_srt(path)
    error = info.value
    assert isinstance(error, ValossaError)
    assert isinstance(error, ValueError)
    assert (error.path, error.line) == (str(path), line)
    assert reason in error.reason
    assert str(error).startswith(f"{path}, line {line}: " if line else f"{path}: ")


def test_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(TranscriptError, match="cannot read the file"):
        validate_srt(tmp_path / "missing.srt")


def test_submit_transcript_local_file_is_uploaded(client: Client, fake: FakeValossa, tmp_path: Path) -> None:
    job_id = client.submit_transcript(_srt(tmp_path, SRT_TEXT), title="Talk", language="en-US")
    assert job_id
    new_job = fake.requests[-1]
    assert new_job.function == "new_job"
    assert new_job.body is not None
    media = new_job.body["media"]
    assert "video" not in media
    assert media["title"] == "Talk"
    assert media["language"] == "en-US"
    assert fake.uploaded(media["transcript"]["url"]).decode() == SRT_TEXT
    functions = [r.function for r in fake.requests]
    assert functions[0] == "initialize_file_upload"
    assert functions[-2:] == ["finalize_file_upload", "new_job"]


def test_submit_transcript_with_video_and_url(client: Client, fake: FakeValossa) -> None:
    client.submit_transcript("https://example.com/t.srt", video_url="https://example.com/v.mp4")
    assert fake.requests[-1].body == {
        "media": {
            "video": {"url": "https://example.com/v.mp4"},
            "transcript": {"url": "https://example.com/t.srt"},
        }
    }
    assert len(fake.requests) == 1


@pytest.mark.parametrize(
    "data", [b"", b"1\n00:00:0x,000 --> 00:00:02,000\nHi\n", b"\xff\xfe\xfa", b"1\n00:00:01,000\x00"]
)
def test_invalid_transcript_sends_nothing(
    client: Client, fake: FakeValossa, tmp_path: Path, data: bytes
) -> None:
    with pytest.raises(TranscriptError, match=r"talk\.srt"):
        client.submit_transcript(_srt(tmp_path, data))
    assert fake.requests == []
