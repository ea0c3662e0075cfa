"""Retries (and their absence), connection failures, timeouts and key redaction, over real HTTP."""

from __future__ import annotations

import logging
import socket
import traceback
from pathlib import Path

import pytest

from valossa_metadata.api import Client
from valossa_metadata.errors import (
    APIConnectionError,
    APITimeoutError,
    JobFailedError,
    NotFoundError,
    RateLimitError,
    ServerError,
    ValossaError,
)
from valossa_metadata.testing import FakeValossa

from .conftest import KEY

VIDEO = "https://example.com/video.mp4"


def _calls(fake: FakeValossa, function: str) -> list[int | None]:
    return [r.status for r in fake.requests if r.function == function]


def test_new_job_is_never_retried(client: Client, fake: FakeValossa, sleeps: list[float]) -> None:
    fake.fail_next(1, 503)
    with pytest.raises(ServerError) as info:
        client.new_job(VIDEO)
    assert info.value.status_code == 503
    assert info.value.messages == ["Injected failure (HTTP 503)"]
    assert _calls(fake, "new_job") == [503]
    assert sleeps == []


@pytest.mark.parametrize(
    ("function", "call"),
    [
        ("cancel_job", lambda c: c.cancel_job("j")),
        ("delete_job", lambda c: c.delete_job("j")),
        ("create_face_gallery", lambda c: c.training.create_face_gallery("g")),
        ("create_face_identity", lambda c: c.training.create_face_identity("n")),
        ("add_face_image", lambda c: c.training.add_face_image("f", "valossaupload://x")),
    ],
)
def test_other_posts_are_never_retried(
    client: Client, fake: FakeValossa, function: str, call: object
) -> None:
    fake.fail_next(1, 500)
    with pytest.raises(ServerError):
        call(client)  # type: ignore[operator]
    assert _calls(fake, function) == [500]


def test_job_status_retried_after_two_503s(client: Client, fake: FakeValossa, sleeps: list[float]) -> None:
    job_id = fake.create_job()
    fake.fail_next(2, 503, path="job_status")
    assert client.job_status(job_id).status == "finished"
    assert _calls(fake, "job_status") == [503, 503, 200]
    assert sleeps == [0.25, 0.5]  # full jitter with rng() = 0.5: 0.5 * 0.5, 0.5 * 1.0


def test_retry_after_is_honoured(client: Client, fake: FakeValossa, sleeps: list[float]) -> None:
    fake.fail_next(1, 429, path="/core/1.0/list_jobs", retry_after=3)
    fake.fail_next(1, 503, path="list_jobs", retry_after=0.5)
    assert client.list_jobs() == {"jobs": []}
    assert _calls(fake, "list_jobs") == [429, 503, 200]
    assert sleeps == [3.0, 0.5]


def test_retries_give_up_after_max_retries(fake: FakeValossa, sleeps: list[float]) -> None:
    fake.fail_next(10, 429)
    with fake.client(max_retries=2, sleep=sleeps.append) as client, pytest.raises(RateLimitError):
        client.list_jobs()
    assert _calls(fake, "list_jobs") == [429, 429, 429]
    assert len(sleeps) == 2


def test_client_errors_are_not_retried(client: Client, fake: FakeValossa, sleeps: list[float]) -> None:
    with pytest.raises(NotFoundError):
        client.job_status("nope")
    assert _calls(fake, "job_status") == [404]
    assert sleeps == []


def test_dropped_connection_is_connection_error(fake: FakeValossa) -> None:
    fake.drop_next(1)
    with fake.client(max_retries=0) as client, pytest.raises(APIConnectionError) as info:
        client.list_jobs()
    assert not isinstance(info.value, APITimeoutError)
    assert "connection failed" in str(info.value)
    assert _calls(fake, "list_jobs") == [None]


def test_dropped_connection_retried_for_gets(client: Client, fake: FakeValossa, sleeps: list[float]) -> None:
    fake.drop_next(1, path="list_jobs")
    assert client.list_jobs() == {"jobs": []}
    assert _calls(fake, "list_jobs") == [None, 200]
    assert len(sleeps) == 1


def test_dropped_new_job_is_not_retried(client: Client, fake: FakeValossa) -> None:
    fake.drop_next(1)
    with pytest.raises(APIConnectionError):
        client.new_job(VIDEO)
    assert _calls(fake, "new_job") == [None]


def test_timeout_is_api_timeout_error(fake: FakeValossa) -> None:
    fake.delay_next(1, 1.0)
    with fake.client(timeout=(5, 0.15), max_retries=0) as client, pytest.raises(APITimeoutError) as info:
        client.list_jobs()
    assert isinstance(info.value, APIConnectionError)
    assert "timed out" in str(info.value)


def test_timeout_retried_for_gets(fake: FakeValossa, sleeps: list[float]) -> None:
    fake.delay_next(1, 1.0, path="list_jobs")
    with fake.client(timeout=(5, 0.2), sleep=sleeps.append) as client:
        assert client.list_jobs() == {"jobs": []}
    calls = _calls(fake, "list_jobs")
    assert len(calls) >= 2  # on a very busy machine a quick retry may time out too
    assert calls[-1] == 200
    assert len(sleeps) == len(calls) - 1


def test_delay_within_timeout_still_answers(client: Client, fake: FakeValossa) -> None:
    fake.delay_next(1, 0.05)
    assert client.list_jobs() == {"jobs": []}


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _errors_with_key(fake: FakeValossa, tmp_path: Path) -> list[BaseException]:
    """Provoke every kind of error the client raises, all with KEY in play."""
    errors: list[BaseException] = []

    def collect(call: object) -> None:
        try:
            call()  # type: ignore[operator]
        except (ValossaError, ValueError, OSError) as exc:
            errors.append(exc)
        else:  # pragma: no cover - each call must fail
            raise AssertionError("expected an error")

    with Client(KEY, base_url=f"http://127.0.0.1:{_closed_port()}", max_retries=0) as dead:
        collect(lambda: dead.job_status("j"))
        collect(lambda: dead.new_job(VIDEO))
    with fake.client(max_retries=0, timeout=(5, 0.15)) as impatient:
        fake.delay_next(1, 1.0)
        collect(lambda: impatient.job_results("j"))
    with fake.client(max_retries=0) as client:
        fake.drop_next(1)
        collect(lambda: client.list_jobs())
        collect(lambda: client.job_status("missing"))
        fake.fail_next(1, 502)
        collect(lambda: client.training.list_face_galleries())
        collect(lambda: client.wait(fake.create_job(statuses=["error"], details=f"key {KEY} rejected")))
        collect(lambda: client.download("missing", tmp_path / "x.json"))
    with Client("bad-" + KEY, base_url=fake.base_url) as wrong:
        collect(lambda: wrong.list_jobs())
    return errors


def test_key_never_in_error_text_or_traceback(fake: FakeValossa, tmp_path: Path) -> None:
    errors = _errors_with_key(fake, tmp_path)
    kinds = {type(e).__name__ for e in errors}
    assert {
        "APIConnectionError",
        "APITimeoutError",
        "NotFoundError",
        "ServerError",
        "JobFailedError",
    } <= kinds
    assert "AuthenticationError" in kinds
    for error in errors:
        assert KEY not in str(error)
        assert KEY not in repr(error)
        assert KEY not in "".join(traceback.format_exception(error))
        assert error.__cause__ is None
    failed = next(e for e in errors if isinstance(e, JobFailedError))
    assert failed.details == "key *** rejected"


def test_key_never_in_debug_logs(fake: FakeValossa, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    with fake.client(sleep=lambda s: None) as client:
        job_id = client.new_job(VIDEO)
        fake.fail_next(1, 503, path="job_status")
        fake.drop_next(1, path="job_status")
        client.wait(job_id)
        client.upload_file(_file(tmp_path))
        fake.fail_next(1, 503, path="list_face_galleries")
        client.training.list_face_galleries()
    _errors_with_key(fake, tmp_path)
    urllib3_lines = [r.getMessage() for r in caplog.records if r.name == "urllib3.connectionpool"]
    assert any("GET /core/1.0/job_status?api_key=***&job_id=" in line for line in urllib3_lines)
    assert any(r.name == "valossa_metadata" and "retry" in r.getMessage() for r in caplog.records)
    for record in caplog.records:
        assert KEY not in record.getMessage()
    assert KEY not in caplog.text


def _file(tmp_path: Path) -> Path:
    path = tmp_path / "video.bin"
    path.write_bytes(b"0123456789")
    return path


def test_results_are_passed_through_unparsed(client: Client, fake: FakeValossa) -> None:
    job_id = fake.create_job(results={"frames_objects": b"not json"})
    assert client.job_results(job_id, "frames_objects") == b"not json"
