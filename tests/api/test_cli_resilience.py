"""The API commands when the server misbehaves: lost answers, failed jobs, HTML pages, big results."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from valossa_metadata.cli import main
from valossa_metadata.cli.api import EXIT_JOB_MAY_EXIST
from valossa_metadata.testing import FakeValossa

from .conftest import KEY

VIDEO = "https://example.com/video.mp4"


def cli(fake: FakeValossa, *argv: str) -> int:
    return main([*argv, "--api-key", KEY, "--base-url", fake.base_url])


def _one_error_line(err: str) -> str:
    """The error line: one, last, after any progress lines."""
    lines = err.strip().splitlines()
    errors = [line for line in lines if line.startswith("valossa-metadata: error: ")]
    assert errors == lines[-1:], err
    assert KEY not in err
    return errors[0]


def test_submit_lost_answer_advises_and_exits_distinctly(
    fake: FakeValossa, capsys: pytest.CaptureFixture[str]
) -> None:
    fake.lose_next(1, path="new_job")
    assert cli(fake, "submit", VIDEO, "--customer-media-id", "ep-12") == EXIT_JOB_MAY_EXIST
    out, err = capsys.readouterr()
    line = _one_error_line(err)
    assert out == ""
    assert "may have been created" in line
    assert "jobs --customer-media-id ep-12" in line
    assert cli(fake, "jobs", "--customer-media-id", "ep-12") == 0
    found = json.loads(capsys.readouterr().out)
    assert [job["media"]["customer_media_info"]["id"] for job in found] == ["ep-12"]


def test_submit_documented_options(fake: FakeValossa, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["submit", VIDEO, "--title", "T", "--description", "D", "--language", "fi-FI"]
    argv += [
        "--customer-media-id",
        "m1",
        "--face-min-height",
        "0.05",
        "--callback-url",
        "https://cb.example/x",
    ]
    argv += ["--email-notification"]
    assert cli(fake, *argv) == 0
    body = fake.requests[-1].body
    assert body == {
        "media": {
            "video": {"url": VIDEO},
            "title": "T",
            "description": "D",
            "language": "fi-FI",
            "customer_media_info": {"id": "m1"},
        },
        "analysis_parameters": {"face_min_relative_height": 0.05},
        "callback": {"url": "https://cb.example/x"},
        "email_notification": {"to_group": "users_with_access_to_api_key_results"},
    }
    assert cli(fake, "submit", VIDEO, "--face-min-height", "2") == 1
    _one_error_line(capsys.readouterr().err)


def test_submit_upload_after_failed_new_job_reuses_the_upload(
    fake: FakeValossa, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    video = tmp_path / "v.mp4"
    video.write_bytes(b"0123456789")
    fake.fail_next(1, 400, path="new_job")
    assert cli(fake, "submit", "--upload", str(video)) == 1
    err = capsys.readouterr().err
    assert "valossaupload://" in err  # the kept URL is printed
    assert cli(fake, "submit", "--upload", str(video)) == 0
    assert "uploaded already" in capsys.readouterr().err
    assert [r.function for r in fake.requests].count("initialize_file_upload") == 1
    assert not list(tmp_path.glob("*.valossa-upload.json"))


def test_failed_job_and_html_pages_are_one_line(
    fake: FakeValossa, capsys: pytest.CaptureFixture[str]
) -> None:
    job_id = fake.create_job(statuses=["error"], details="Download failed\nHTTP 403\n\tForbidden")
    assert cli(fake, "wait", job_id) == 1
    assert _one_error_line(capsys.readouterr().err).endswith("failed: Download failed HTTP 403 Forbidden")
    fake.fail_next(10, 502, html=True)
    assert cli(fake, "status", job_id) == 1
    assert _one_error_line(capsys.readouterr().err).endswith(": 502 Bad Gateway")


def test_wait_for_a_cancelled_job(fake: FakeValossa, capsys: pytest.CaptureFixture[str]) -> None:
    job_id = fake.create_job(statuses=["queued", "queued"])
    assert cli(fake, "cancel", job_id) == 0
    assert cli(fake, "wait", job_id) == 1
    assert "was cancelled" in _one_error_line(capsys.readouterr().err)


def test_fetch_streams_a_large_result_to_stdout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "core.json"
    big.write_bytes(b"[" + b"1," * 2_000_000 + b"1]")
    with FakeValossa(KEY, results={"core": big}) as fake:
        job_id = fake.create_job()
        writes: list[int] = []

        class Sink(io.RawIOBase):
            def writable(self) -> bool:
                return True

            def write(self, data: bytes) -> int:  # type: ignore[override]
                writes.append(len(data))
                return len(data)

        stdout = io.TextIOWrapper(Sink())  # type: ignore[arg-type]
        monkeypatch.setattr(sys, "stdout", stdout)
        assert cli(fake, "fetch", job_id) == 0
    assert sum(writes) == big.stat().st_size
    assert max(writes) <= 1 << 16  # written block by block, never as a whole


def test_progress_bars_on_a_terminal(
    fake: FakeValossa, capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    job_id = fake.create_job(statuses=["processing", "finished"])
    assert cli(fake, "wait", job_id, "--interval", "1") == 0
    err = capsys.readouterr().err
    assert job_id in err
    assert "processing" in err
    assert cli(fake, "fetch", job_id, "-o", str(tmp_path / "core.json")) == 0
    assert "fetch" in capsys.readouterr().err


def test_wait_reports_outages_and_keeps_waiting(
    fake: FakeValossa, capsys: pytest.CaptureFixture[str]
) -> None:
    job_id = fake.create_job(statuses=["processing", "finished"])
    fake.fail_next(1, 503, path="job_status")
    assert cli(fake, "wait", job_id, "--interval", "1") == 0
    err = capsys.readouterr().err
    assert f"{job_id}: still waiting after an error: HTTP 503" in err
    assert f"{job_id}: finished" in err
