"""The API commands, registered on a fresh parser and run against the fake server."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from valossa_metadata.cli.api import register
from valossa_metadata.cli.common import CommandError
from valossa_metadata.errors import JobFailedError, NotFoundError, TranscriptError, UsageError, ValossaError
from valossa_metadata.testing import FakeValossa

from .conftest import KEY, SRT_TEXT

JPEG = b"\xff\xd8\xff\xe0" + b"0" * 50


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="valossa-metadata")
    register(parser.add_subparsers())
    return parser


def run(fake: FakeValossa, *argv: str) -> int:
    args = _parser().parse_args([*argv, "--api-key", KEY, "--base-url", fake.base_url])
    result: int = args.handler(args)
    return result


def test_every_command_has_a_handler() -> None:
    parser = _parser()
    for argv in (
        ["submit", "https://x/v.mp4"],
        ["status", "J"],
        ["wait", "J"],
        ["fetch", "J", "-o", "f"],
        ["jobs"],
        ["cancel", "J"],
        ["delete", "J"],
        ["upload", "f"],
        ["training", "galleries"],
        ["training", "upload-image", "f.jpg"],
    ):
        assert callable(parser.parse_args(argv).handler)
    help_text = parser.format_help()
    for name in ("submit", "status", "wait", "fetch", "jobs", "cancel", "delete", "upload", "training"):
        assert name in help_text


def test_submit_and_wait(fake: FakeValossa, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(fake, "submit", "https://x/v.mp4", "--title", "T", "--language", "fi-FI", "--wait") == 0
    out, err = capsys.readouterr()
    job_id, status = out.split("\n", 1)
    assert json.loads(status)["status"] == "finished"
    assert f"{job_id}: queued (media transfer: queued)" in err
    assert f"{job_id}: finished" in err
    body = next(r.body for r in fake.requests if r.function == "new_job")
    assert body == {"media": {"video": {"url": "https://x/v.mp4"}, "title": "T", "language": "fi-FI"}}


def test_submit_every_option(fake: FakeValossa, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    video = tmp_path / "v.mp4"
    video.write_bytes(b"video-bytes")
    srt = tmp_path / "t.srt"
    srt.write_text(SRT_TEXT)
    with fake.client() as client:
        gallery = client.training.create_face_gallery("G")
    argv = ["submit", "--upload", str(video), "--transcript", str(srt), "--description", "D"]
    argv += ["--customer-media-id", "m1", "--gallery", gallery]
    assert run(fake, *argv) == 0
    body = fake.requests[-1].body
    assert body is not None
    assert fake.uploaded(body["media"]["video"]["url"]) == b"video-bytes"
    assert fake.uploaded(body["media"]["transcript"]["url"]).decode() == SRT_TEXT
    assert body["media"]["customer_media_info"] == {"id": "m1"}
    assert body["analysis_parameters"] == {"face_galleries": {"custom_gallery": {"id": gallery}}}
    job_id = capsys.readouterr().out.strip()
    with fake.client() as client:
        assert client.job_status(job_id).status == "queued"


def test_submit_transcript_url_only(fake: FakeValossa, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(fake, "submit", "--transcript", "https://x/t.srt") == 0
    assert fake.requests[-1].body == {"media": {"transcript": {"url": "https://x/t.srt"}}}


def test_submit_errors(fake: FakeValossa, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="give a video URL"):
        run(fake, "submit")
    with pytest.raises(CommandError, match="not both"):
        run(fake, "submit", "https://x/v.mp4", "--upload", "v.mp4")
    bad = tmp_path / "bad.srt"
    bad.write_text("1\n00:00:0x,000 --> 00:00:01,000\nHi\n")
    with pytest.raises(TranscriptError, match="line 2"):
        run(fake, "submit", "--transcript", str(bad))
    empty = tmp_path / "empty.mp4"
    empty.touch()
    with pytest.raises(UsageError, match="empty"):
        run(fake, "submit", "--upload", str(empty))
    fake.fail_next_job("Bad video")
    with pytest.raises(JobFailedError, match="Bad video"):
        run(fake, "submit", "https://x/v.mp4", "--wait")
    assert not [r for r in fake.requests if r.function == "initialize_file_upload"]


def test_missing_key_is_a_valossa_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VALOSSA_API_KEY", raising=False)
    args = _parser().parse_args(["jobs"])
    with pytest.raises(ValossaError, match="VALOSSA_API_KEY"):
        args.handler(args)


def test_status_wait_jobs_cancel_delete(fake: FakeValossa, capsys: pytest.CaptureFixture[str]) -> None:
    job_id = fake.create_job(statuses=["queued", "finished"])
    assert run(fake, "status", job_id) == 0
    assert json.loads(capsys.readouterr().out)["status"] == "queued"
    assert run(fake, "wait", job_id, "--timeout", "60", "--interval", "0") == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["status"] == "finished"
    assert err.strip() == f"{job_id}: finished (media transfer: finished)"
    assert run(fake, "jobs", "--filter", "customer_media_id=zz") == 0
    assert json.loads(capsys.readouterr().out) == {"jobs": []}
    assert fake.requests[-1].params == {"customer_media_id": "zz"}
    with pytest.raises(CommandError, match="NAME=VALUE"):
        run(fake, "jobs", "--filter", "oops")
    queued = fake.create_job(statuses=["queued"])
    assert run(fake, "cancel", queued) == 0
    assert json.loads(capsys.readouterr().out) == {"job_id": queued}
    assert run(fake, "delete", queued) == 0
    assert json.loads(capsys.readouterr().out) == {}
    with pytest.raises(NotFoundError):
        run(fake, "delete", queued)


def test_fetch(fake: FakeValossa, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    job_id = fake.create_job()
    target = tmp_path / "core.json"
    assert run(fake, "fetch", job_id, "-o", str(target)) == 0
    assert capsys.readouterr().out.strip() == str(target)
    assert json.loads(target.read_bytes())["job_info"]["job_id"] == job_id
    assert run(fake, "fetch", job_id, "--type", "speech_to_text_srt") == 0
    assert capsys.readouterr().out == SRT_TEXT
    assert run(fake, "fetch", job_id, "--type", "frames_faces", "-o", "-") == 0
    with pytest.raises(SystemExit):
        _parser().parse_args(["fetch", job_id, "--type", "bogus"])


def test_fetch_binary_to_stdout(fake: FakeValossa, capfdbinary: pytest.CaptureFixture[bytes]) -> None:
    job_id = fake.create_job()
    assert run(fake, "fetch", job_id) == 0
    assert json.loads(capfdbinary.readouterr().out)["job_info"]["job_id"] == job_id


def test_upload_command(fake: FakeValossa, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "v.bin"
    path.write_bytes(b"x" * 10)
    state_dir = tmp_path / "state"
    assert run(fake, "upload", str(path), "--state-dir", str(state_dir)) == 0
    out, err = capsys.readouterr()
    assert fake.uploaded(out.strip()) == b"x" * 10
    assert err == ""  # no progress bar when stderr is not a terminal
    with pytest.raises(FileNotFoundError):
        run(fake, "upload", str(tmp_path / "missing"))


def test_faces_commands(fake: FakeValossa, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    def out(*argv: str) -> str:
        assert run(fake, "training", *argv) == 0
        return capsys.readouterr().out.strip()

    gallery = out("create-gallery", "Cast")
    assert out("rename-gallery", gallery, "Cast 2") == "{}"
    assert json.loads(out("galleries")) == [{"id": gallery, "name": "Cast 2"}]
    face = out("create-identity", "--name", "Ricky", "--gender", "male", "--gallery", gallery)
    image_path = tmp_path / "r.jpg"
    image_path.write_bytes(JPEG)
    image = out("add-image", face, str(image_path))
    url = out("upload-image", str(image_path))
    second = out("add-image", face, url)
    assert json.loads(out("identities", "--gallery", gallery)) == [
        {"id": face, "name": "Ricky", "gender": "male", "gallery_id": gallery}
    ]
    assert [i["id"] for i in json.loads(out("images", face))] == [image, second]
    out("rename", face, "Rick", "--gender", "none")
    out("rename", face, "Rick", "--gender", "female")
    out("rename", face, "Ricky R")
    assert json.loads(out("identities", "--gallery", gallery))[0] == {
        "id": face,
        "name": "Ricky R",
        "gender": "female",
        "gallery_id": gallery,
    }
    bodies = [r.body for r in fake.requests if r.function == "update_face_identity"]
    assert bodies[0] == {"face": {"id": face, "updates": {"name": "Rick", "gender": None}}}
    assert bodies[2] == {"face": {"id": face, "updates": {"name": "Ricky R"}}}
    assert out("remove-image", image) == "{}"
    assert out("remove-identity", face) == "{}"
    assert json.loads(out("identities")) == []
    bad = tmp_path / "x.gif"
    bad.write_bytes(b"GIF89a")
    with pytest.raises(UsageError, match="not a JPG or PNG"):
        run(fake, "training", "upload-image", str(bad))
    with pytest.raises(SystemExit):
        _parser().parse_args(["training"])


def test_fetch_json_to_text_only_stdout(fake: FakeValossa, monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import sys

    job_id = fake.create_job()
    text_only = io.StringIO()
    monkeypatch.setattr(sys, "stdout", text_only)
    assert run(fake, "fetch", job_id, "--type", "frames_faces") == 0
    assert text_only.getvalue() == '{"faces_by_frame": []}'


def test_download_into_missing_folder(fake: FakeValossa, tmp_path: Path) -> None:
    target = tmp_path / "new" / "core.json"
    assert run(fake, "fetch", fake.create_job(), "-o", str(target)) == 0
    assert target.is_file()
    assert [p.name for p in target.parent.iterdir()] == ["core.json"]
