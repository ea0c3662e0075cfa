"""Chunked and resumable uploads against the fake server (chunk size 4 bytes)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from valossa_metadata.api import Client
from valossa_metadata.api.upload import (
    STATE_SUFFIX,
    UploadState,
    chunk_count,
    find_uploaded_url,
    state_path,
)
from valossa_metadata.errors import APIConnectionError, APIError, BadRequestError, ServerError
from valossa_metadata.testing import FakeValossa

DATA = b"0123456789"  # chunks of 4: "0123", "4567", "89"


def _video(tmp_path: Path, data: bytes = DATA) -> Path:
    path = tmp_path / "video.mp4"
    path.write_bytes(data)
    return path


def _chunks(fake: FakeValossa) -> list[tuple[str, int | None, int]]:
    return [
        (r.body["chunk_index"], r.status, len(r.files.get("file_data", b"")))
        for r in fake.requests
        if r.function == "send_file_chunk" and r.body is not None
    ]


def _functions(fake: FakeValossa) -> list[str]:
    return [r.function for r in fake.requests]


def test_upload_sends_server_sized_chunks(client: Client, fake: FakeValossa, tmp_path: Path) -> None:
    path = _video(tmp_path)
    progress: list[tuple[int, int]] = []
    url = client.upload_file(path, progress=lambda done, total: progress.append((done, total)))
    assert url.startswith("valossaupload://")
    assert fake.uploaded(url) == DATA
    assert _functions(fake) == [
        "initialize_file_upload",
        "send_file_chunk",
        "send_file_chunk",
        "send_file_chunk",
        "finalize_file_upload",
    ]
    init = fake.requests[0]
    assert (init.key_location, init.body) == ("form", {"file_size_bytes": "10"})
    assert _chunks(fake) == [("0", 200, 4), ("1", 200, 4), ("2", 200, 2)]
    assert all(r.key_location == "form" for r in fake.requests)
    assert progress == [(0, 10), (4, 10), (8, 10), (10, 10)]
    assert not state_path(path.resolve()).exists()


def test_exact_multiple_of_chunk_size(client: Client, fake: FakeValossa, tmp_path: Path) -> None:
    url = client.upload_file(_video(tmp_path, b"abcdefgh"))
    assert fake.uploaded(url) == b"abcdefgh"
    assert _chunks(fake) == [("0", 200, 4), ("1", 200, 4)]


def test_interrupted_upload_resumes_with_missing_chunks_only(fake: FakeValossa, tmp_path: Path) -> None:
    path = _video(tmp_path)
    state_file = tmp_path / f"video.mp4{STATE_SUFFIX}"

    def drop_second_chunk(done: int, total: int) -> None:
        if done == 4:
            fake.drop_next(1, path="send_file_chunk")

    with fake.client(max_retries=0) as client, pytest.raises(APIConnectionError):
        client.upload_file(path, progress=drop_second_chunk)
    state = json.loads(state_file.read_bytes())
    assert state["chunks_sent"] == [0]
    assert (state["size"], state["chunk_size"], state["path"]) == (10, 4, str(path.resolve()))
    assert _chunks(fake) == [("0", 200, 4), ("1", None, 4)]  # chunk 1 got no answer
    first_run = len(fake.requests)

    progress: list[tuple[int, int]] = []
    with fake.client(max_retries=0) as client:
        url = client.upload_file(path, progress=lambda d, t: progress.append((d, t)))
    second_run = fake.requests[first_run:]
    assert [r.function for r in second_run] == ["send_file_chunk", "send_file_chunk", "finalize_file_upload"]
    assert [r.body["chunk_index"] for r in second_run[:2] if r.body] == ["1", "2"]
    assert progress == [(4, 10), (8, 10), (10, 10)]
    assert fake.uploaded(url) == DATA
    assert not state_file.exists()


def test_changed_file_starts_over(client: Client, fake: FakeValossa, tmp_path: Path) -> None:
    path = _video(tmp_path)
    fake.fail_next(1, 400, path="send_file_chunk")
    with pytest.raises(BadRequestError):
        client.upload_file(path)
    path.write_bytes(b"ABCDEFGHIJK")
    url = client.upload_file(path)
    assert fake.uploaded(url) == b"ABCDEFGHIJK"
    assert _functions(fake).count("initialize_file_upload") == 2


def test_touched_file_starts_over(client: Client, fake: FakeValossa, tmp_path: Path) -> None:
    path = _video(tmp_path)
    fake.fail_next(1, 400, path="finalize_file_upload")
    with pytest.raises(BadRequestError):
        client.upload_file(path)
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    url = client.upload_file(path)
    assert fake.uploaded(url) == DATA
    assert _functions(fake).count("initialize_file_upload") == 2
    assert len(_chunks(fake)) == 6


def test_state_dir_and_chunk_retries(fake: FakeValossa, tmp_path: Path, sleeps: list[float]) -> None:
    path = _video(tmp_path)
    state_dir = tmp_path / "state"
    seen_state: list[bool] = []
    fake.fail_next(1, 503, path="send_file_chunk")
    with fake.client(sleep=sleeps.append) as client:
        url = client.upload_file(
            path,
            state_dir=state_dir,
            progress=lambda d, t: seen_state.append((state_dir / f"video.mp4{STATE_SUFFIX}").exists()),
        )
    assert fake.uploaded(url) == DATA
    assert _chunks(fake)[:2] == [("0", 503, 4), ("0", 200, 4)]  # send_file_chunk is retried
    assert len(sleeps) == 1
    assert seen_state == [True, True, True, True]
    assert state_dir.is_dir()
    assert list(state_dir.iterdir()) == []
    assert not list(tmp_path.glob(f"*{STATE_SUFFIX}"))


def test_initialize_and_finalize_are_not_retried(client: Client, fake: FakeValossa, tmp_path: Path) -> None:
    path = _video(tmp_path)
    fake.fail_next(1, 503, path="initialize_file_upload")
    with pytest.raises(ServerError):
        client.upload_file(path)
    assert _functions(fake) == ["initialize_file_upload"]
    fake.fail_next(1, 503, path="finalize_file_upload")
    with pytest.raises(ServerError):
        client.upload_file(path)
    assert _functions(fake).count("finalize_file_upload") == 1
    url = client.upload_file(path)  # all chunks were sent: only finalize again
    assert _functions(fake)[-1:] == ["finalize_file_upload"]
    assert _functions(fake).count("send_file_chunk") == 3
    assert fake.uploaded(url) == DATA


def test_expired_upload_on_server_starts_over(client: Client, fake: FakeValossa, tmp_path: Path) -> None:
    path = _video(tmp_path)
    stat = path.resolve().stat()
    state = UploadState(
        upload_id="forgotten", path=str(path.resolve()), size=10, mtime_ns=stat.st_mtime_ns, chunk_size=4
    )
    state_path(path.resolve()).write_text(json.dumps({**_as_dict(state), "chunks_sent": [0]}))
    url = client.upload_file(path)
    assert fake.uploaded(url) == DATA
    assert _functions(fake)[:2] == ["send_file_chunk", "initialize_file_upload"]


def _as_dict(state: UploadState) -> dict[str, object]:
    return {field: getattr(state, field) for field in state.__struct_fields__}


@pytest.mark.parametrize(
    "content",
    [
        "not json",
        '{"upload_id": "u"}',
        '{"upload_id": "u", "path": "%s", "size": 10, "mtime_ns": %d, "chunk_size": 0, "chunks_sent": []}',
        '{"upload_id": "u", "path": "%s", "size": 10, "mtime_ns": %d, "chunk_size": 4, "chunks_sent": [7]}',
    ],
)
def test_unusable_state_file_is_ignored(
    client: Client, fake: FakeValossa, tmp_path: Path, content: str
) -> None:
    path = _video(tmp_path)
    if "%s" in content:
        content = content % (path.resolve(), path.stat().st_mtime_ns)
    state_path(path.resolve()).write_text(content)
    url = client.upload_file(path)
    assert fake.uploaded(url) == DATA
    assert _functions(fake)[0] == "initialize_file_upload"


def test_file_changed_during_upload(client: Client, fake: FakeValossa, tmp_path: Path) -> None:
    path = _video(tmp_path)

    def grow(done: int, total: int) -> None:
        if done == total:
            with path.open("ab") as handle:
                handle.write(b"more")

    with pytest.raises(ValueError, match="changed during the upload"):
        client.upload_file(path, progress=grow)
    assert "finalize_file_upload" not in _functions(fake)
    assert not state_path(path.resolve()).exists()


def test_local_file_problems(client: Client, fake: FakeValossa, tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        client.upload_file(tmp_path / "missing.mp4")
    with pytest.raises(ValueError, match="not a regular file"):
        client.upload_file(tmp_path)
    empty = tmp_path / "empty.mp4"
    empty.touch()
    with pytest.raises(ValueError, match="empty"):
        client.upload_file(empty)
    assert fake.requests == []


@pytest.mark.parametrize(
    "answer",
    [[], {"upload_id": "u"}, {"upload_id": "u", "file_chunk_size_bytes": 0}, {"file_chunk_size_bytes": True}],
)
def test_bad_initialize_answers(answer: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from valossa_metadata.api import upload

    monkeypatch.setattr(upload, "json_body", lambda response, endpoint: answer)
    with (
        FakeValossa() as fake,
        fake.client() as client,
        pytest.raises(APIError, match="initialize_file_upload"),
    ):
        client.upload_file(_video(tmp_path))


def test_find_uploaded_url() -> None:
    assert find_uploaded_url({"uploaded_file_url": "valossaupload://a"}) == "valossaupload://a"
    assert find_uploaded_url({"uploaded_file_url": "", "url": "valossaupload://b"}) == "valossaupload://b"
    assert find_uploaded_url({"result": [{"x": 1}, {"url": "valossaupload://c"}]}) == "valossaupload://c"
    assert find_uploaded_url("valossaupload://d") == "valossaupload://d"
    with pytest.raises(APIError, match="valossaupload://"):
        find_uploaded_url({"url": "https://example.com/x"})
    with pytest.raises(APIError):
        find_uploaded_url(None)


def test_chunk_count() -> None:
    assert [chunk_count(n, 4) for n in (1, 3, 4, 5, 8, 9)] == [1, 1, 1, 2, 2, 3]
    assert chunk_count(12740839, 4194304) == 4


def test_state_write_failure_leaves_no_temp_file(
    client: Client, fake: FakeValossa, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from valossa_metadata.api import upload

    path = _video(tmp_path)

    def broken_replace(src: str, dst: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(upload.os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        client.upload_file(path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["video.mp4"]
