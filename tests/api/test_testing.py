"""The fake server itself: strict request shapes, life cycle, uploads, faults, fixture."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from valossa_metadata.testing import FakeValossa, RecordedRequest, minimal_core_metadata

KEY = "fake-key-123"


@pytest.fixture
def server() -> Iterator[FakeValossa]:
    with FakeValossa(KEY, chunk_size=3, steps_per_status=2) as fake:
        yield fake


@pytest.fixture
def http() -> Iterator[requests.Session]:
    with requests.Session() as session:
        session.trust_env = False
        yield session


def _errors(response: requests.Response) -> list[str]:
    return [e["message"] for e in response.json()["errors"]]


def _post(
    http: requests.Session, fake: FakeValossa, function: str, body: dict[str, Any]
) -> requests.Response:
    return http.post(f"{fake.base_url}/{function}", json={"api_key": KEY, **body}, timeout=5)


def _form(
    http: requests.Session,
    fake: FakeValossa,
    function: str,
    fields: dict[str, Any],
    file: bytes | None = None,
) -> requests.Response:
    parts: dict[str, Any] = {"api_key": (None, KEY), **{k: (None, str(v)) for k, v in fields.items()}}
    if file is not None:
        parts["file_data"] = ("chunk", file)
    return http.post(f"{fake.base_url}/{function}", files=parts, timeout=5)


def test_key_must_be_where_the_reference_says(server: FakeValossa, http: requests.Session) -> None:
    base = server.base_url
    get = http.get(f"{base}/core/1.0/list_jobs", params={"api_key": KEY}, timeout=5)
    assert get.status_code == 200
    assert http.get(f"{base}/core/1.0/list_jobs", timeout=5).status_code == 401
    wrong = http.get(f"{base}/core/1.0/list_jobs", params={"api_key": "other"}, timeout=5)
    assert (wrong.status_code, _errors(wrong)) == (401, ["Invalid API key"])
    in_query = http.post(
        f"{base}/core/1.0/new_job",
        params={"api_key": KEY},
        json={"media": {"video": {"url": "https://x/v"}}},
        timeout=5,
    )
    assert in_query.status_code == 400
    assert "json field" in _errors(in_query)[0]
    form_key = http.post(f"{base}/core/1.0/delete_job", files={"api_key": (None, KEY)}, timeout=5)
    assert "Content-Type must be application/json" in _errors(form_key)[0]
    json_key = http.post(f"{base}/core/1.0/initialize_file_upload", json={"api_key": KEY}, timeout=5)
    assert "multipart/form-data" in _errors(json_key)[0]
    no_key = http.post(f"{base}/core/1.0/delete_job", json={"job_id": "j"}, timeout=5)
    assert no_key.status_code == 401
    query_for_form = http.post(
        f"{base}/core/1.0/initialize_file_upload",
        params={"api_key": KEY},
        files={"file_size_bytes": (None, "5")},
        timeout=5,
    )
    assert "form field" in _errors(query_for_form)[0]
    assert all(r.params.get("api_key") is None for r in server.requests)
    assert all("api_key" not in (r.body or {}) for r in server.requests)


def test_malformed_requests(server: FakeValossa, http: requests.Session) -> None:
    base = server.base_url
    bad_json = http.post(
        f"{base}/core/1.0/new_job", data=b"{nope", headers={"Content-Type": "application/json"}, timeout=5
    )
    assert _errors(bad_json) == ["Malformed request body"]
    array = http.post(f"{base}/core/1.0/new_job", json=[1], timeout=5)
    assert "JSON object" in _errors(array)[0]
    empty = http.post(f"{base}/core/1.0/new_job", timeout=5)
    assert "missing body" in _errors(empty)[0]
    unknown = http.get(f"{base}/core/1.0/nothing", params={"api_key": KEY}, timeout=5)
    assert unknown.status_code == 404
    method = http.get(f"{base}/core/1.0/new_job", params={"api_key": KEY}, timeout=5)
    assert method.status_code == 405
    put = http.put(f"{base}/core/1.0/list_jobs", timeout=5)
    assert put.status_code == 405
    ctype = "multipart/form-data"
    no_boundary = http.post(
        f"{base}/core/1.0/send_file_chunk", data=b"x", headers={"Content-Type": ctype}, timeout=5
    )
    assert "without a boundary" in _errors(no_boundary)[0]
    broken = http.post(
        f"{base}/core/1.0/send_file_chunk",
        data=b"garbage",
        headers={"Content-Type": ctype + "; boundary=b"},
        timeout=5,
    )
    assert "broken multipart" in _errors(broken)[0]
    nameless = b"--b\r\nContent-Disposition: form-data\r\n\r\nv\r\n--b--\r\n"
    response = http.post(
        f"{base}/core/1.0/send_file_chunk",
        data=nameless,
        headers={"Content-Type": ctype + "; boundary=b"},
        timeout=5,
    )
    assert "without a name" in _errors(response)[0]


def test_unforeseen_shape_is_a_500_not_a_hang(server: FakeValossa, http: requests.Session) -> None:
    response = _post(
        http,
        server,
        "core/1.0/new_job",
        {"media": {"video": {"url": "https://x/v"}}, "analysis_parameters": 5},
    )
    assert response.status_code == 500
    assert "could not handle" in _errors(response)[0]


def test_new_job_validation(server: FakeValossa, http: requests.Session) -> None:
    def error(body: dict[str, Any]) -> str:
        response = _post(http, server, "core/1.0/new_job", body)
        assert response.status_code == 400
        return _errors(response)[0]

    assert error({}) == "Missing required field: media"
    assert error({"media": "x"}) == "Invalid value for media"
    assert error({"media": {}}) == "Missing required field: media.video.url"
    assert error({"media": {"video": {}}}) == "Missing required field: media.video.url"
    assert error({"media": {"transcript": {}}}) == "Missing required field: media.transcript.url"
    assert error({"media": {"video": {"url": "valossaupload://x"}}}) == "Unknown upload valossaupload://x"
    video = {"video": {"url": "https://x/v.mp4"}}
    gallery = {"face_galleries": {"custom_gallery": {"id": "g"}}}
    assert error({"media": video, "analysis_parameters": gallery}) == "Unknown face gallery g"
    assert "to_group" in error({"media": video, "email_notification": {"to_group": "all"}})


def test_life_cycle_with_steps(server: FakeValossa, http: requests.Session) -> None:
    job_id = _post(http, server, "core/1.0/new_job", {"media": {"video": {"url": "https://x/v"}}}).json()[
        "job_id"
    ]
    statuses = [
        http.get(
            f"{server.base_url}/core/1.0/job_status", params={"api_key": KEY, "job_id": job_id}, timeout=5
        ).json()
        for _ in range(8)
    ]
    assert [s["status"] for s in statuses] == [
        "queued",
        "queued",
        "preparing_analysis",
        "preparing_analysis",
        "processing",
        "processing",
        "finished",
        "finished",
    ]
    assert [s["media_transfer_status"] for s in statuses[::2]] == [
        "queued",
        "downloading",
        "finished",
        "finished",
    ]
    missing = http.get(f"{server.base_url}/core/1.0/job_status", params={"api_key": KEY}, timeout=5)
    assert _errors(missing) == ["Missing required field: job_id"]
    bad_type = http.get(
        f"{server.base_url}/core/1.0/job_results",
        params={"api_key": KEY, "job_id": job_id, "type": "x"},
        timeout=5,
    )
    assert _errors(bad_type) == ["Invalid value for type: x"]


def test_chunk_checks(server: FakeValossa, http: requests.Session) -> None:
    init = _form(http, server, "core/1.0/initialize_file_upload", {"file_size_bytes": 7}).json()
    assert init["file_chunk_size_bytes"] == 3
    upload_id = init["upload_id"]

    def chunk(index: Any, data: bytes | None) -> requests.Response:
        return _form(
            http, server, "core/1.0/send_file_chunk", {"upload_id": upload_id, "chunk_index": index}, data
        )

    assert "expected 3" in _errors(chunk(0, b"ab"))[0]
    assert "expected 1" in _errors(chunk(2, b"gh"))[0]
    assert "the upload has 3 chunks" in _errors(chunk(3, b"x"))[0]
    assert "Invalid value for chunk_index" in _errors(chunk("one", b"abc"))[0]
    assert _errors(chunk(0, None)) == ["Missing required field: file_data"]
    assert chunk(2, b"g").status_code == 200
    assert chunk(0, b"abc").status_code == 200
    finalize = _form(http, server, "core/1.0/finalize_file_upload", {"upload_id": upload_id})
    assert _errors(finalize) == ["Upload is incomplete; missing chunks: 1"]
    assert chunk(1, b"def").status_code == 200
    url = _form(http, server, "core/1.0/finalize_file_upload", {"upload_id": upload_id}).json()[
        "uploaded_file_url"
    ]
    assert server.uploaded(url) == b"abcdefg"
    again = _form(http, server, "core/1.0/finalize_file_upload", {"upload_id": upload_id})
    assert again.status_code == 404
    for size in (0, "x"):
        bad = _form(http, server, "core/1.0/initialize_file_upload", {"file_size_bytes": size})
        assert bad.status_code == 400


def test_training_validation(server: FakeValossa, http: requests.Session) -> None:
    def error(function: str, body: dict[str, Any]) -> str:
        response = _post(http, server, f"training/1.0/{function}", body)
        assert response.status_code >= 400
        return _errors(response)[0]

    assert error("create_face_gallery", {"gallery": {}}) == "Missing required field: gallery.name"
    assert error("create_face_identity", {"face": {"gender": "x"}}) == "Invalid value for face.gender"
    assert error("create_face_identity", {"face": {"name": 5}}) == "Invalid value for face.name"
    assert error("create_face_identity", {"face": {"age": 5}}) == "Unknown fields: age"
    face_id = _post(http, server, "training/1.0/create_face_identity", {}).json()["face_id"]
    assert "Invalid value for face.updates" in error(
        "update_face_identity", {"face": {"id": face_id, "updates": {}}}
    )
    assert error("update_face_identity", {"face": {"id": face_id}}) == "Missing required field: face.updates"
    assert "face.updates" in error("update_face_identity", {"face": {"id": face_id, "updates": {"age": 1}}})
    assert "Missing required field: image_data" in _errors(
        http.post(f"{server.base_url}/training/1.0/upload_image", files={"api_key": (None, KEY)}, timeout=5)
    )
    too_big = {"api_key": (None, KEY), "image_data": ("a.jpg", b"\xff\xd8\xff" + b"0" * (8 * 1024 * 1024))}
    assert (
        "larger than 8 MB"
        in _errors(http.post(f"{server.base_url}/training/1.0/upload_image", files=too_big, timeout=5))[0]
    )
    gif = {"api_key": (None, KEY), "image_data": ("a.gif", b"GIF89a")}
    assert (
        "JPG or PNG"
        in _errors(http.post(f"{server.base_url}/training/1.0/upload_image", files=gif, timeout=5))[0]
    )


def test_faults_match_by_path_and_expire(server: FakeValossa, http: requests.Session) -> None:
    base = server.base_url
    server.fail_next(1, 500, path="job_status")
    server.delay_next(1, 0.01, path="list_jobs")
    params = {"api_key": KEY}
    assert http.get(f"{base}/core/1.0/list_jobs", params=params, timeout=5).status_code == 200
    assert http.get(f"{base}/core/1.0/list_jobs", params=params, timeout=5).status_code == 200
    status = http.get(f"{base}/core/1.0/job_status", params=params, timeout=5)
    assert (status.status_code, "Retry-After" in status.headers) == (500, False)
    assert http.get(f"{base}/core/1.0/job_status", params=params, timeout=5).status_code == 400


def test_fake_api_surface() -> None:
    with pytest.raises(ValueError, match=">= 1"):
        FakeValossa(steps_per_status=0)
    fake = FakeValossa()
    with pytest.raises(RuntimeError, match="not running"):
        fake.base_url  # noqa: B018
    fake.start()
    assert fake.start() is fake  # idempotent
    fake.stop()
    fake.stop()
    with pytest.raises(ValueError, match="at least one status"):
        fake.create_job(statuses=[])
    with pytest.raises(KeyError):
        fake.uploaded("valossaupload://none")
    record = RecordedRequest("GET", "/core/1.0/list_jobs", "list_jobs")
    assert (record.params, record.body, record.files, record.status) == ({}, None, {}, None)
    assert json.loads(minimal_core_metadata("abc"))["job_info"] == {"job_id": "abc"}


def test_user_fixture(fake_valossa: FakeValossa) -> None:
    with fake_valossa.client() as client:
        job_id = client.new_job("https://example.com/v.mp4")
        assert client.wait(job_id).status == "finished"
        assert json.loads(client.job_results(job_id))["job_info"]["job_id"] == job_id
    assert fake_valossa.api_key == "test-key"
