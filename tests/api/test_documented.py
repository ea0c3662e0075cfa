"""The client's requests against the examples printed in Valossa's API docs (see documented/README.md)."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import pytest

from valossa_metadata.api import Client
from valossa_metadata.api._http import parse_error_messages
from valossa_metadata.errors import APIStatusError
from valossa_metadata.testing import FakeValossa

DOCS = Path(__file__).parent / "documented"
PLACEHOLDER = "YOUR_API_KEY"


def compact(name: str) -> bytes:
    """A documented JSON example without the page's line breaks and indentation."""
    return json.dumps(
        json.loads((DOCS / name).read_text()), separators=(",", ":"), ensure_ascii=False
    ).encode()


@pytest.fixture
def docs_fake() -> FakeValossa:
    with FakeValossa(PLACEHOLDER) as fake:
        yield fake


def _raw(fake: FakeValossa, function: str) -> bytes:
    return next(r.raw for r in fake.requests if r.function == function)


def test_new_job_body_is_the_documented_example(docs_fake: FakeValossa) -> None:
    with docs_fake.client() as client:
        client.new_job("https://example.com/video.mp4")
    assert _raw(docs_fake, "new_job") == compact("new_job_request.json")


def test_training_bodies_are_the_documented_examples(docs_fake: FakeValossa) -> None:
    with docs_fake.client() as client:
        client.training.create_face_identity("Ricky Rickson", "male")
        with contextlib.suppress(APIStatusError):  # the fake knows neither id: only the bytes matter
            client.training.add_face_image(
                "bb254a82-08d6-4498-9ddb-3de4c88f1f66", "valossaupload://ff357efe-1086-427d-b90c-1d1887fb1017"
            )
        with contextlib.suppress(APIStatusError):
            client.training.update_face_identity(
                "bb254a82-08d6-4498-9ddb-3de4c88f1f66", name="Ricky Rixon-Borgmann"
            )
    for function in ("create_face_identity", "add_face_image", "update_face_identity"):
        documented = (DOCS / f"{function}_request.json").read_bytes().strip()
        assert _raw(docs_fake, function) == documented, function


def test_upload_image_sends_the_documented_form_fields(docs_fake: FakeValossa, tmp_path: Path) -> None:
    curl = (DOCS / "upload_image_request.txt").read_text()
    fields = dict(part.split("=", 1) for part in curl.split('"')[1::2])
    image = tmp_path / "ricky_1.jpg"
    image.write_bytes(b"\xff\xd8\xff\xe0" + b"0" * 64)
    with docs_fake.client() as client:
        url = client.training.upload_image(image)
    record = next(r for r in docs_fake.requests if r.function == "upload_image")
    assert record.path == "/" + curl.split("https://api-eu.valossa.com/")[1].strip()
    assert record.key_location == "form"
    assert fields["api_key"] == PLACEHOLDER
    assert record.files == {"image_data": image.read_bytes()}
    assert fields["image_data"] == "@ricky_1.jpg"
    assert url.startswith("valossaupload://")


def test_documented_answers_parse() -> None:
    from valossa_metadata.api.client import JobStatus

    status = json.loads((DOCS / "job_status_response.json").read_text())
    assert JobStatus(**status).poll_again_after_seconds == 30
    assert parse_error_messages((DOCS / "error_response.json").read_bytes()) == ["Description of the error"]
    from valossa_metadata.api.upload import find_uploaded_url

    uploaded = json.loads((DOCS / "upload_image_response.json").read_text())
    assert find_uploaded_url(uploaded) == "valossaupload://ff357efe-1086-427d-b90c-1d1887fb1017"


def test_documented_initialize_answer_drives_the_upload(tmp_path: Path) -> None:
    from valossa_metadata.api import upload

    documented = json.loads((DOCS / "initialize_file_upload_response.json").read_text())
    with FakeValossa(PLACEHOLDER, chunk_size=documented["file_chunk_size_bytes"]) as fake:
        video = tmp_path / "supervideo.mp4"
        video.write_bytes(b"v" * (3 * 4194304 + 157927))  # the docs' split example
        with fake.client() as client:
            url = client.upload_file(video)
        chunks = [r for r in fake.requests if r.function == "send_file_chunk"]
        assert [len(r.files["file_data"]) for r in chunks] == [4194304] * 3 + [157927]
        assert fake.uploaded(url) == video.read_bytes()
        assert upload.chunk_count(video.stat().st_size, documented["file_chunk_size_bytes"]) == 4


def test_documented_core_base_url(docs_fake: FakeValossa) -> None:
    with Client(PLACEHOLDER, base_url=docs_fake.base_url + "/core/1.0/") as client:
        job_id = client.new_job("https://example.com/video.mp4")
        assert client.job_status(job_id).job_id == job_id
        assert client.core_url == docs_fake.base_url + "/core/1.0/"
        assert client.training.list_face_galleries() is not None
    assert [r.path for r in docs_fake.requests[:2]] == ["/core/1.0/new_job", "/core/1.0/job_status"]
