"""The client against a hostile server: lost answers, outages, drips, resets, HTML pages, odd shapes."""

from __future__ import annotations

import email.utils
import socket
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.api.clock import Clock
from valossa_metadata.api import Client
from valossa_metadata.errors import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    FileTooLargeError,
    JobCancelledError,
    JobFailedError,
    JobMayExistError,
    JobTimeoutError,
    RateLimitError,
    ServerError,
)
from valossa_metadata.testing import FakeValossa

from .conftest import KEY

VIDEO = "https://example.com/video.mp4"


def _chain(error: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    pending = [error]
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        pending += [e for e in (current.__cause__, current.__context__) if e is not None]


def _assert_no_key(error: BaseException) -> None:
    for link in _chain(error):
        for text in (str(link), repr(link), repr(link.args)):
            assert KEY not in text, f"key in {type(link).__name__}"


@pytest.fixture
def shaped(request: pytest.FixtureRequest) -> Iterator[FakeValossa]:
    with FakeValossa(KEY, chunk_size=4, shapes=request.param) as fake:
        yield fake


# -- lost new_job answers ---------------------------------------------------------------------


def test_lost_new_job_answer_says_the_job_may_exist(fake: FakeValossa) -> None:
    fake.lose_next(1, path="new_job")
    with fake.client(timeout=(2, 5)) as client, pytest.raises(JobMayExistError) as info:
        client.new_job(VIDEO, customer_media_id="ep-12")
    assert isinstance(info.value, APIConnectionError)
    assert "may have been created" in str(info.value)
    assert "ep-12" in str(info.value)
    assert "\n" not in str(info.value)
    _assert_no_key(info.value)
    assert [r.function for r in fake.requests] == ["new_job"]  # never repeated
    with fake.client() as client:
        found = client.find_jobs(customer_media_id="ep-12")
    assert len(found) == 1
    assert found[0]["media"]["customer_media_info"]["id"] == "ep-12"


def test_read_timeout_on_new_job_may_exist(fake: FakeValossa) -> None:
    fake.delay_next(1, 1.5, path="new_job")
    with fake.client(timeout=(1, 0.5)) as client, pytest.raises(JobMayExistError, match="timed out"):
        client.new_job(VIDEO)


def test_refused_connection_is_not_a_lost_answer() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with (
        Client(KEY, base_url=f"http://127.0.0.1:{port}", max_retries=0) as client,
        pytest.raises(APIConnectionError) as info,
    ):
        client.new_job(VIDEO)
    assert not isinstance(info.value, JobMayExistError)
    assert info.value.request_sent is False
    _assert_no_key(info.value)


@pytest.mark.parametrize("shaped", ["guessed", "minimal", "extra"], indirect=True)
def test_find_jobs_in_every_plausible_list_shape(shaped: FakeValossa) -> None:
    with shaped.client() as client:
        tagged = client.new_job(VIDEO, customer_media_id="ep-12")
        client.new_job(VIDEO, customer_media_id="ep-13")
        client.new_job(VIDEO)
        found = client.find_jobs(customer_media_id="ep-12")
    assert len(found) == 1
    assert tagged in repr(found)


# -- wait -------------------------------------------------------------------------------------


def test_wait_rides_out_an_outage_until_the_job_finishes(fake: FakeValossa) -> None:
    clock = Clock()
    job_id = fake.create_job(statuses=["processing", "finished"])
    fake.fail_next(30, 503, path="job_status")
    fake.drop_next(10, path="job_status")
    errors: list[APIError] = []
    with fake.client(sleep=clock.sleep, clock=clock, timeout=(2, 5)) as client:
        status = client.wait(job_id, timeout=3600, on_error=errors.append)
    assert status.status == "finished"
    assert errors
    assert all(isinstance(e, (ServerError, APIConnectionError)) for e in errors)
    assert min(clock.sleeps) >= 1.0


def test_wait_outage_to_the_deadline_names_the_last_error(fake: FakeValossa) -> None:
    clock = Clock()
    job_id = fake.create_job(statuses=["processing", "finished"])
    fake.fail_next(10_000, 502, path="job_status", html=True)
    with (
        fake.client(sleep=clock.sleep, clock=clock, max_retries=0) as client,
        pytest.raises(JobTimeoutError, match="502 Bad Gateway") as info,
    ):
        client.wait(job_id, timeout=120)
    assert clock.now - 1000.0 == pytest.approx(120)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("hint", [0, -5, None])
def test_wait_polls_at_most_once_a_second(fake: FakeValossa, hint: float | None) -> None:
    clock = Clock()
    job_id = fake.create_job(statuses=["queued", "processing", "processing", "finished"])
    fake.poll_again_after_seconds = hint
    with fake.client(sleep=clock.sleep, clock=clock) as client:
        client.wait(job_id, poll_interval=0)
    assert clock.sleeps == [1.0, 1.0, 1.0]


def test_wait_real_time_is_bounded(fake: FakeValossa) -> None:
    job_id = fake.create_job(statuses=["processing"])
    fake.drip_next(100, path="job_status", seconds=0.05)
    started = time.monotonic()
    with fake.client(timeout=(1, 0.5)) as client, pytest.raises(JobTimeoutError):
        client.wait(job_id, timeout=2)
    assert time.monotonic() - started < 4.5  # a dripping answer cannot stretch the wait


def test_failed_job_details_on_one_line(fake: FakeValossa) -> None:
    job_id = fake.create_job(statuses=["error"], details="Media download failed:\n  HTTP 403\n")
    with fake.client() as client, pytest.raises(JobFailedError) as info:
        client.wait(job_id)
    assert str(info.value) == f"job {job_id} failed: Media download failed: HTTP 403"


def test_cancelled_job_ends_the_wait(fake: FakeValossa) -> None:
    clock = Clock()
    job_id = fake.create_job(statuses=["queued", "queued", "queued", "finished"])
    with fake.client(sleep=clock.sleep, clock=clock) as client:
        client.cancel_job(job_id)
        with pytest.raises(JobCancelledError, match="cancelled"):
            client.wait(job_id, timeout=3600)
    assert clock.sleeps == []


@pytest.mark.parametrize("shaped", ["guessed", "minimal", "extra"], indirect=True)
def test_status_and_cancel_in_every_shape(shaped: FakeValossa) -> None:
    with shaped.client() as client:
        job_id = client.new_job(VIDEO)
        assert client.job_status(job_id).status == "queued"
        client.cancel_job(job_id)
        assert client.job_status(job_id).job_id == job_id
        with pytest.raises(JobCancelledError):
            client.wait(job_id)


# -- deadlines and Retry-After ----------------------------------------------------------------


def test_a_dripping_answer_cannot_outlast_the_timeout(fake: FakeValossa) -> None:
    job_id = fake.create_job()
    fake.drip_next(1, path="job_status", seconds=0.1)
    started = time.monotonic()
    with fake.client(timeout=(1, 0.5), max_retries=0) as client, pytest.raises(APITimeoutError) as info:
        client.job_status(job_id)
    assert time.monotonic() - started < 2.0  # the drip alone would take over 15 s
    _assert_no_key(info.value)


def test_a_reset_mid_answer_is_retried_for_reads(fake: FakeValossa) -> None:
    job_id = fake.create_job()
    fake.reset_next(2, path="job_status", after_bytes=10)
    with Client(KEY, base_url=fake.base_url, sleep=lambda s: None) as client:
        assert client.job_status(job_id).status == "finished"
    assert [r.function for r in fake.requests].count("job_status") == 3


def test_retry_after_seconds_is_honoured_in_full(fake: FakeValossa, sleeps: list[float]) -> None:
    job_id = fake.create_job()
    fake.fail_next(1, 429, path="job_status", retry_after=100)
    with fake.client(sleep=sleeps.append) as client:
        assert client.job_status(job_id).status == "finished"
    assert sleeps == [100.0]


def test_retry_after_http_date(fake: FakeValossa, sleeps: list[float]) -> None:
    job_id = fake.create_job()
    fake.fail_next(
        1, 503, path="job_status", retry_after=email.utils.formatdate(time.time() + 120, usegmt=True)
    )
    with fake.client(sleep=sleeps.append) as client:
        assert client.job_status(job_id).status == "finished"
    assert 115 <= sleeps[0] <= 121


def test_retry_after_past_the_deadline_fails_at_once(fake: FakeValossa, sleeps: list[float]) -> None:
    job_id = fake.create_job()
    fake.fail_next(1, 429, path="job_status", retry_after=10_000)
    with fake.client(sleep=sleeps.append, max_wait=60) as client, pytest.raises(RateLimitError) as info:
        client.job_status(job_id)
    assert sleeps == []
    assert "past the deadline" in str(info.value)


def test_html_error_page_becomes_one_line(fake: FakeValossa) -> None:
    fake.fail_next(1, 502, html=True)
    with fake.client(max_retries=0) as client, pytest.raises(ServerError) as info:
        client.new_job(VIDEO)
    assert str(info.value) == "HTTP 502 from POST core/1.0/new_job: 502 Bad Gateway"


def test_no_error_chain_holds_the_key(fake: FakeValossa, tmp_path: Path) -> None:
    job_id = fake.create_job(results={"core": b"x" * 50_000})
    failures: list[BaseException] = []
    fake.reset_next(10, path="job_results", after_bytes=100)
    fake.fail_next(10, 503, path="job_status")
    fake.drop_next(10, path="list_jobs")
    with fake.client(sleep=lambda s: None, max_retries=1) as client:
        for call in (
            lambda: client.download(job_id, tmp_path / "core.json"),
            lambda: client.job_results(job_id),
            lambda: client.job_status(job_id),
            lambda: client.list_jobs(),
        ):
            with pytest.raises(APIError) as info:
                call()
            failures.append(info.value)
    for failure in failures:
        _assert_no_key(failure)


# -- results ----------------------------------------------------------------------------------


def test_download_stays_inside_its_folder(fake: FakeValossa, tmp_path: Path) -> None:
    folder = tmp_path / "results"
    folder.mkdir()
    job_id = fake.create_job(job_id="../../escape")
    with fake.client() as client:
        target = client.download(job_id, folder)
    assert target.parent == folder
    assert target.name.endswith("escape_core.json")
    assert not target.name.startswith(".")
    assert [p.name for p in tmp_path.iterdir()] == ["results"]


def test_iter_results_streams_with_bounded_memory(tmp_path: Path) -> None:
    big = tmp_path / "core.json"
    big.write_bytes(b"[" + b"0," * 15_000_000 + b"0]")  # 30 MB
    with FakeValossa(KEY, results={"core": big}) as fake:
        job_id = fake.create_job()
        with fake.client() as client:
            tracemalloc.start()
            try:
                total = sum(len(block) for block in client.iter_results(job_id, block=1 << 16))
                _, peak = tracemalloc.get_traced_memory()
            finally:
                tracemalloc.stop()
    assert total == big.stat().st_size
    assert peak < 40 * 1024**2  # the fake holds one copy (30 MB); the client only blocks


# -- uploads ----------------------------------------------------------------------------------


def test_expired_saved_upload_starts_over_once_and_says_so(fake: FakeValossa, tmp_path: Path) -> None:
    video = tmp_path / "v.mp4"
    video.write_bytes(b"0123456789")
    fake.drop_next(1, path="send_file_chunk")
    with fake.client(sleep=lambda s: None, max_retries=0) as client, pytest.raises(APIConnectionError):
        client.upload_file(video)
    fake.expire_uploads()
    notices: list[str] = []
    with fake.client() as client:
        url = client.upload_file(video, notice=notices.append)
    assert fake.uploaded(url) == video.read_bytes()
    assert len(notices) == 1
    assert "starting over" in notices[0]
    assert "expired" in notices[0]
    assert [r.function for r in fake.requests].count("initialize_file_upload") == 2


def test_upload_errors_name_the_state_file(fake: FakeValossa, tmp_path: Path) -> None:
    video = tmp_path / "v.mp4"
    video.write_bytes(b"0123456789")
    fake.fail_next(1, 400, path="send_file_chunk")
    with fake.client() as client, pytest.raises(APIError, match=r"v\.mp4\.valossa-upload\.json"):
        client.upload_file(video)


def test_failed_new_job_reuses_the_finished_upload(fake: FakeValossa, tmp_path: Path) -> None:
    video = tmp_path / "v.mp4"
    video.write_bytes(b"0123456789")
    fake.fail_next(1, 400, path="new_job")
    notices: list[str] = []
    with fake.client() as client:
        with pytest.raises(APIError):
            client.submit_file(video, notice=notices.append)
        job_id = client.submit_file(video, notice=notices.append, customer_media_id="ep-1")
    assert [r.function for r in fake.requests].count("send_file_chunk") == 3  # uploaded once
    assert any("uploaded already" in n for n in notices)
    assert not list(tmp_path.glob("*.valossa-upload.json"))
    assert fake.requests[-1].body is not None
    assert job_id


def test_limits_are_checked_before_any_byte(fake: FakeValossa, tmp_path: Path) -> None:
    video = tmp_path / "huge.mp4"
    with video.open("wb") as handle:
        handle.truncate(7 * 1024**3 + 1)  # sparse: no disk used
    srt = tmp_path / "long.srt"
    srt.write_bytes(b"1\n00:00:01,000 --> 00:00:02,000\nx\n\n" * 200_000)
    image = tmp_path / "big.jpg"
    image.write_bytes(b"\xff\xd8\xff\xe0" + b"0" * (8 * 1024**2))
    with fake.client() as client:
        with pytest.raises(FileTooLargeError, match="a video file may be at most"):
            client.upload_file(video)
        with pytest.raises(FileTooLargeError, match="an SRT transcript"):
            client.submit_transcript(srt)
        with pytest.raises(FileTooLargeError, match="a training image"):
            client.training.upload_image(image)
    assert fake.requests == []


@pytest.mark.parametrize("size", [10**12, 0, 256 * 1024**2 + 1])
def test_server_chunk_size_is_sanity_checked(tmp_path: Path, size: int) -> None:
    video = tmp_path / "v.mp4"
    video.write_bytes(b"0123456789")
    with FakeValossa(KEY, chunk_size=max(size, 1)) as fake, fake.client() as client:
        fake.chunk_size = size
        with pytest.raises(APIError, match="file_chunk_size_bytes"):
            client.upload_file(video)
        assert [r.function for r in fake.requests] == ["initialize_file_upload"]


@pytest.mark.parametrize("shaped", ["guessed", "minimal", "extra"], indirect=True)
def test_upload_in_every_finalize_shape(shaped: FakeValossa, tmp_path: Path) -> None:
    video = tmp_path / "v.mp4"
    video.write_bytes(b"0123456789")
    with shaped.client() as client:
        url = client.upload_file(video)
    assert shaped.uploaded(url) == video.read_bytes()


def test_transport_settings_and_an_expired_deadline(fake: FakeValossa) -> None:
    from valossa_metadata.api._http import Transport

    with pytest.raises(ValueError, match="max_wait"):
        Transport(KEY, max_wait=-1)
    transport = Transport(KEY, base_url=fake.base_url + "/training/1.0/")
    assert repr(transport) == f"Transport(base_url={fake.base_url!r})"
    assert KEY not in repr(transport)
    with pytest.raises(APITimeoutError, match="deadline passed"):
        transport.get("core/1.0/list_jobs", deadline=transport.clock() - 1)
    transport.close()
    assert fake.requests == []
