"""The Core API client against the fake server, over real HTTP."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import requests

from tests.api.clock import Clock
from valossa_metadata.api import Client, JobStatus
from valossa_metadata.errors import (
    APIError,
    AuthenticationError,
    BadRequestError,
    JobFailedError,
    JobTimeoutError,
    NotFoundError,
)
from valossa_metadata.testing import FakeValossa

from .conftest import KEY, SRT_TEXT

VIDEO = "https://example.com/video.mp4"


# -- construction ------------------------------------------------------------------------------


def test_key_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VALOSSA_API_KEY", "env-key-12345")
    with Client() as client:
        assert client._transport._key == "env-key-12345"


def test_missing_key_is_a_clear_value_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VALOSSA_API_KEY", raising=False)
    with pytest.raises(ValueError, match="VALOSSA_API_KEY"):
        Client()
    with pytest.raises(ValueError, match="no Valossa API key"):
        Client("   ")
    with pytest.raises(TypeError):
        Client(123)  # type: ignore[arg-type]


def test_repr_shows_base_url_never_key() -> None:
    with Client(KEY, base_url="https://api-eu.valossa.com/") as client:
        assert repr(client) == "Client(base_url='https://api-eu.valossa.com')"
        assert KEY not in repr(client)
        assert KEY not in repr(client.training)


def test_plain_http_rejected_https_accepted() -> None:
    with pytest.raises(ValueError, match="HTTPS"):
        Client(KEY, base_url="http://api-eu.valossa.com")
    with Client(KEY, base_url="https://api.valossa.com") as client:
        assert client.base_url == "https://api.valossa.com"


def test_user_supplied_session_is_used_and_not_closed(fake: FakeValossa) -> None:
    with requests.Session() as session:
        session.trust_env = False
        with Client(KEY, base_url=fake.base_url, session=session) as client:
            client.list_jobs()
        assert session.adapters  # still usable
        assert session.get(fake.base_url + "/core/1.0/list_jobs", params={"api_key": KEY}).status_code == 200


# -- new_job -----------------------------------------------------------------------------------


def test_new_job_minimal_request_shape(client: Client, fake: FakeValossa) -> None:
    job_id = client.new_job(VIDEO)
    assert job_id
    (request,) = fake.requests
    assert (request.method, request.path, request.key_location) == ("POST", "/core/1.0/new_job", "json")
    assert request.body == {"media": {"video": {"url": VIDEO}}}
    assert request.params == {}


def test_new_job_every_option(client: Client, fake: FakeValossa) -> None:
    gallery_id = client.training.create_face_gallery("Cast")
    client.new_job(
        VIDEO,
        transcript_url="https://example.com/t.srt",
        title="Charade",
        description="A film",
        language="en-US",
        customer_media_id="m-1",
        analysis_parameters={"face_galleries": {"x": 1}, "other": True},
        face_gallery_id=gallery_id,
        face_min_relative_height=0.1,
        callback_url="https://example.com/hook",
        email_notification=True,
    )
    body = fake.requests[-1].body
    assert body == {
        "media": {
            "video": {"url": VIDEO},
            "transcript": {"url": "https://example.com/t.srt"},
            "title": "Charade",
            "description": "A film",
            "language": "en-US",
            "customer_media_info": {"id": "m-1"},
        },
        "analysis_parameters": {
            "face_galleries": {"x": 1, "custom_gallery": {"id": gallery_id}},
            "other": True,
            "face_min_relative_height": 0.1,
        },
        "callback": {"url": "https://example.com/hook"},
        "email_notification": {"to_group": "users_with_access_to_api_key_results"},
    }


def test_new_job_does_not_mutate_caller_parameters(client: Client) -> None:
    params: dict[str, object] = {"face_galleries": {}}
    client.new_job(VIDEO, analysis_parameters=params, face_min_relative_height=0.5)
    assert params == {"face_galleries": {}}


def test_transcript_only_job_has_no_video_object(client: Client, fake: FakeValossa) -> None:
    client.new_job(transcript_url="https://example.com/t.srt", title="Talk")
    assert fake.requests[-1].body == {
        "media": {"transcript": {"url": "https://example.com/t.srt"}, "title": "Talk"}
    }


def test_new_job_argument_checks(client: Client, fake: FakeValossa) -> None:
    with pytest.raises(ValueError, match="video_url, a transcript_url"):
        client.new_job()
    with pytest.raises(ValueError, match="face_min_relative_height"):
        client.new_job(VIDEO, face_min_relative_height=1.5)
    assert fake.requests == []


def test_new_job_bad_request_surfaces_valossa_message(client: Client) -> None:
    with pytest.raises(BadRequestError) as info:
        client.new_job("ftp://example.com/video.mp4")
    assert info.value.status_code == 400
    assert info.value.messages == ["Invalid value for media.video.url: 'ftp://example.com/video.mp4'"]
    assert "HTTP 400 from POST core/1.0/new_job" in str(info.value)


class _AnswerSession(requests.Session):
    """A session whose every answer is a fixed 200 body (for shapes the fake never sends)."""

    def __init__(self, body: bytes) -> None:
        super().__init__()
        self.body = body

    def request(self, method: str, url: str, *args: object, **kwargs: object) -> requests.Response:  # type: ignore[override]
        response = requests.Response()
        response.status_code = 200
        response._content = self.body
        response.headers["Content-Type"] = "application/json"
        return response


@pytest.mark.parametrize("body", [b'{"id": "x"}', b"[]", b""])
def test_new_job_without_job_id_in_answer(body: bytes) -> None:
    with (
        _AnswerSession(body) as session,
        Client(KEY, session=session) as client,
        pytest.raises(APIError, match="no job_id"),
    ):
        client.new_job(VIDEO)


def test_job_status_odd_answers() -> None:
    old = b'{"status": "finished", "details": null, "poll_again_after_seconds": null, "extra": 1}'
    with _AnswerSession(old) as session, Client(KEY, session=session) as client:
        assert client.job_status("j") == JobStatus(job_id="j", status="finished")
        session.body = b'{"status": "error", "details": {"code": 7}, "poll_again_after_seconds": "30"}'
        status = client.job_status("j")
        assert (status.details, status.poll_again_after_seconds) == ('{"code":7}', 30.0)
        session.body = b"[1]"
        with pytest.raises(APIError, match="unexpected answer"):
            client.job_status("j")
        session.body = b'{"job_id": "j"}'
        with pytest.raises(APIError, match="no 'status' field"):
            client.job_status("j")


# -- job_status and wait -----------------------------------------------------------------------


def test_job_status_follows_the_life_cycle(client: Client, fake: FakeValossa) -> None:
    job_id = client.new_job(VIDEO)
    seen = [client.job_status(job_id) for _ in range(5)]
    assert [s.status for s in seen] == ["queued", "preparing_analysis", "processing", "finished", "finished"]
    assert seen[0] == JobStatus(
        job_id=job_id,
        status="queued",
        media_transfer_status="queued",
        details=None,
        poll_again_after_seconds=0,
    )
    assert seen[-1].poll_again_after_seconds is None
    assert seen[-1].is_terminal
    assert fake.requests[-1].params == {"job_id": job_id}
    assert fake.requests[-1].key_location == "query"


def test_job_status_unknown_job(client: Client) -> None:
    with pytest.raises(NotFoundError) as info:
        client.job_status("nope")
    assert info.value.messages == ["Job not found"]
    assert info.value.status_code == 404


def test_wait_returns_finished_and_follows_poll_hint(fake: FakeValossa, sleeps: list[float]) -> None:
    fake.poll_again_after_seconds = 30
    seen: list[str] = []
    with fake.client(sleep=sleeps.append) as client:
        job_id = client.new_job(VIDEO)
        final = client.wait(job_id, on_status=lambda s: seen.append(s.status))
    assert final.status == "finished"
    assert seen == ["queued", "preparing_analysis", "processing", "finished"]
    assert sleeps == [30, 30, 30]


def test_wait_uses_default_interval_when_hint_is_null(fake: FakeValossa, sleeps: list[float]) -> None:
    fake.poll_again_after_seconds = None
    with fake.client(sleep=sleeps.append) as client:
        client.wait(client.new_job(VIDEO), poll_interval=7.5)
    assert sleeps == [7.5, 7.5, 7.5]


def test_wait_error_raises_job_failed(client: Client, fake: FakeValossa) -> None:
    fake.fail_next_job("Unsupported codec")
    job_id = client.new_job(VIDEO)
    with pytest.raises(JobFailedError) as info:
        client.wait(job_id)
    assert (info.value.job_id, info.value.details) == (job_id, "Unsupported codec")
    assert str(info.value) == f"job {job_id} failed: Unsupported codec"


def test_wait_error_without_details(client: Client, fake: FakeValossa) -> None:
    job_id = fake.create_job(statuses=["error"])
    with pytest.raises(JobFailedError, match="no details given"):
        client.wait(job_id)


def test_wait_deadline_raises_job_timeout(fake: FakeValossa) -> None:
    clock = Clock()
    job_id = fake.create_job(statuses=["processing"])
    fake.poll_again_after_seconds = 30
    with fake.client(sleep=clock.sleep, clock=clock) as client, pytest.raises(JobTimeoutError) as info:
        client.wait(job_id, timeout=100)
    assert isinstance(info.value, TimeoutError)
    assert (info.value.job_id, info.value.timeout, info.value.last_status) == (job_id, 100, "processing")
    assert clock.sleeps == [30, 30, 30, 10]  # the last sleep is cut to the deadline
    assert len([r for r in fake.requests if r.function == "job_status"]) == 5


def test_wait_keeps_polling_unknown_statuses(fake: FakeValossa) -> None:
    clock = Clock()
    job_id = fake.create_job(statuses=["on_hold", "mystery_state", "processing", "finished"])
    seen: list[str] = []
    with fake.client(sleep=clock.sleep, clock=clock) as client:
        status = client.wait(job_id, poll_interval=1, on_status=lambda s: seen.append(s.status))
    assert status.status == "finished"
    assert seen == ["on_hold", "mystery_state", "processing", "finished"]


def test_wait_unknown_status_until_deadline(fake: FakeValossa) -> None:
    clock = Clock()
    job_id = fake.create_job(statuses=["mystery_state"])
    fake.poll_again_after_seconds = None
    with (
        fake.client(sleep=clock.sleep, clock=clock) as client,
        pytest.raises(JobTimeoutError, match="mystery_state"),
    ):
        client.wait(job_id, timeout=25, poll_interval=10)
    assert clock.sleeps == [10, 10, 5]


# -- results -----------------------------------------------------------------------------------


def test_job_results_types(client: Client, fake: FakeValossa) -> None:
    job_id = fake.create_job()
    core = client.job_results(job_id)
    assert isinstance(core, bytes)
    assert json.loads(core)["job_info"]["job_id"] == job_id
    faces = client.job_results(job_id, "frames_faces")
    assert faces == b'{"faces_by_frame": []}'
    srt = client.job_results(job_id, type="speech_to_text_srt")
    assert srt == SRT_TEXT
    assert fake.requests[-1].params == {"job_id": job_id, "type": "speech_to_text_srt"}


def test_job_results_text_encoding_and_paths(client: Client, fake: FakeValossa, tmp_path: Path) -> None:
    vtt = tmp_path / "speech.vtt"
    vtt.write_bytes("\ufeffWEBVTT\n\n00:01.000 --> 00:02.000\nÄänet\n".encode())
    job_id = fake.create_job(results={"speech_to_text_vtt": vtt, "visual_captions": '{"captions": []}'})
    assert client.job_results(job_id, "speech_to_text_vtt") == "WEBVTT\n\n00:01.000 --> 00:02.000\nÄänet\n"
    assert client.job_results(job_id, "visual_captions") == b'{"captions": []}'


def test_job_results_unknown_type_lists_valid_ones(client: Client, fake: FakeValossa) -> None:
    with pytest.raises(ValueError, match="speech_to_text_avid_txt") as info:
        client.job_results("j", "faces")
    assert "core" in str(info.value)
    assert fake.requests == []


def test_job_results_errors(client: Client, fake: FakeValossa) -> None:
    running = fake.create_job(statuses=["processing"])
    with pytest.raises(BadRequestError, match="not finished"):
        client.job_results(running)
    with pytest.raises(NotFoundError, match="No results of type seconds_objects"):
        client.job_results(fake.create_job(), "seconds_objects")


def test_metadata_decodes_core(client: Client, fake: FakeValossa) -> None:
    pytest.importorskip("valossa_metadata._decode")
    job_id = fake.create_job(job_id="j")
    md = client.metadata(job_id)
    assert md.job_id == "j"


def test_download_to_file_and_folder(client: Client, fake: FakeValossa, tmp_path: Path) -> None:
    job_id = fake.create_job()
    target = client.download(job_id, tmp_path / "core.json")
    assert target == tmp_path / "core.json"
    assert json.loads(target.read_bytes())["job_info"]["job_id"] == job_id
    srt = client.download(job_id, tmp_path, type="speech_to_text_srt")
    assert srt == tmp_path / f"{job_id}_speech_to_text_srt.srt"
    assert srt.read_text() == SRT_TEXT
    faces = client.download(job_id, str(tmp_path), type="frames_faces")
    assert faces.name == f"{job_id}_frames_faces.json"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["core.json", srt.name, faces.name])


def test_download_failure_leaves_nothing(client: Client, fake: FakeValossa, tmp_path: Path) -> None:
    target = tmp_path / "core.json"
    with pytest.raises(NotFoundError):
        client.download("missing", target)
    with pytest.raises(ValueError, match="unknown result type"):
        client.download("missing", target, type="bogus")
    assert list(tmp_path.iterdir()) == []


def test_download_interrupted_mid_stream(
    client: Client, fake: FakeValossa, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    job_id = fake.create_job(results={"core": b"x" * 200_000})
    fake.reset_next(1, path="job_results", after_bytes=1000)
    with pytest.raises(APIError, match="connection failed"):
        client.download(job_id, tmp_path / "core.json")
    assert list(tmp_path.iterdir()) == []
    client.download(job_id, tmp_path / "core.json")
    assert (tmp_path / "core.json").stat().st_size == 200_000


# -- list, cancel, delete ----------------------------------------------------------------------


def test_list_jobs_with_filters(client: Client, fake: FakeValossa) -> None:
    first = client.new_job(VIDEO, customer_media_id="m-1", title="One")
    client.new_job(VIDEO, customer_media_id="m-2")
    listing = client.list_jobs()
    assert listing["jobs"][0]["job_id"] == first
    assert len(listing["jobs"]) == 2
    only = client.list_jobs(customer_media_id="m-1", verbose=True, limit=5)
    assert [job["job_id"] for job in only["jobs"]] == [first]
    assert fake.requests[-1].params == {"customer_media_id": "m-1", "verbose": "true", "limit": "5"}
    client.list_jobs(verbose=False)
    assert fake.requests[-1].params == {"verbose": "false"}


def test_cancel_and_delete(client: Client, fake: FakeValossa) -> None:
    job_id = client.new_job(VIDEO)
    assert client.cancel_job(job_id) == {"job_id": job_id}
    assert fake.requests[-1].body == {"job_id": job_id}
    assert fake.requests[-1].key_location == "json"
    assert client.job_status(job_id).status == "cancelled"
    assert client.delete_job(job_id) == {}
    with pytest.raises(NotFoundError):
        client.job_status(job_id)
    with pytest.raises(NotFoundError):
        client.delete_job(job_id)


def test_cancel_running_job_is_refused(client: Client, fake: FakeValossa) -> None:
    job_id = client.new_job(VIDEO)
    client.job_status(job_id)
    client.job_status(job_id)  # now preparing_analysis
    with pytest.raises(BadRequestError, match="waiting queue"):
        client.cancel_job(job_id)


def test_wrong_key_is_authentication_error(fake: FakeValossa) -> None:
    with (
        Client("wrong-key-987654", base_url=fake.base_url) as client,
        pytest.raises(AuthenticationError) as info,
    ):
        client.list_jobs()
    assert info.value.messages == ["Invalid API key"]
    assert "wrong-key-987654" not in str(info.value)


def test_env_does_not_leak_into_tests() -> None:
    assert os.environ.get("VALOSSA_API_KEY") != KEY


def test_text_results_charset() -> None:
    from valossa_metadata.api.client import _decode_text

    response = requests.Response()
    response._content = "é".encode("latin-1")
    response.headers["Content-Type"] = "text/plain; charset=ISO-8859-1"
    assert _decode_text(response) == "é"
    response.headers["Content-Type"] = 'text/plain; charset="no-such-codec"'
    response._content = "é".encode()
    assert _decode_text(response) == "é"
    del response.headers["Content-Type"]
    assert _decode_text(response) == "é"


def test_caller_cannot_replace_the_key(client: Client, fake: FakeValossa) -> None:
    assert client.list_jobs(api_key="other") == {"jobs": []}
    assert fake.requests[-1].status == 200
    assert fake.requests[-1].params == {}
