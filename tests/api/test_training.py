"""The Training API client against the fake server."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from valossa_metadata.api import MISSING, Client, FaceGallery, FaceIdentity, FaceImage, Listing
from valossa_metadata.api.training import MAX_IMAGE_BYTES, _items, _returned_id
from valossa_metadata.errors import APIError, BadRequestError, NotFoundError
from valossa_metadata.testing import FakeValossa

JPEG = b"\xff\xd8\xff\xe0" + b"\x00\x10JFIF" + b"x" * 100
PNG = b"\x89PNG\r\n\x1a\n" + b"y" * 100


def _image(tmp_path: Path, data: bytes, name: str = "ricky_1.jpg") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_upload_image_jpeg_and_png(client: Client, fake: FakeValossa, tmp_path: Path) -> None:
    url = client.training.upload_image(_image(tmp_path, JPEG))
    assert url.startswith("valossaupload://")
    assert fake.uploaded(url) == JPEG
    request = fake.requests[-1]
    assert (request.path, request.key_location, request.body) == ("/training/1.0/upload_image", "form", {})
    assert request.files == {"image_data": JPEG}
    png_url = client.training.upload_image(str(_image(tmp_path, PNG, "ricky.png")))
    assert fake.uploaded(png_url) == PNG


def test_upload_image_checks_type_and_size_locally(client: Client, fake: FakeValossa, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="not a JPG or PNG"):
        client.training.upload_image(_image(tmp_path, b"GIF89a...", "x.gif"))
    with pytest.raises(ValueError, match="not a JPG or PNG"):
        client.training.upload_image(_image(tmp_path, b"", "empty.jpg"))
    big = _image(tmp_path, JPEG + b"z" * (MAX_IMAGE_BYTES - len(JPEG) + 1), "big.jpg")
    with pytest.raises(ValueError, match="a training image may be at most"):
        client.training.upload_image(big)
    with pytest.raises(FileNotFoundError):
        client.training.upload_image(tmp_path / "missing.jpg")
    assert fake.requests == []


def test_upload_image_exactly_8_mb(client: Client, fake: FakeValossa, tmp_path: Path) -> None:
    data = JPEG + b"z" * (MAX_IMAGE_BYTES - len(JPEG))
    url = client.training.upload_image(_image(tmp_path, data))
    assert len(fake.uploaded(url)) == 8 * 1024 * 1024


def test_upload_image_never_retried(client: Client, fake: FakeValossa, tmp_path: Path) -> None:
    fake.fail_next(1, 503)
    with pytest.raises(APIError):
        client.training.upload_image(_image(tmp_path, JPEG))
    assert len(fake.requests) == 1


def test_gallery_life_cycle(client: Client, fake: FakeValossa) -> None:
    training = client.training
    gallery_id = training.create_face_gallery("Cast")
    assert fake.requests[-1].body == {"gallery": {"name": "Cast"}}
    assert fake.requests[-1].key_location == "json"
    assert training.update_face_gallery(gallery_id, name="Cast 2") == {}
    assert fake.requests[-1].body == {"gallery": {"id": gallery_id, "updates": {"name": "Cast 2"}}}
    galleries = training.list_face_galleries()
    assert isinstance(galleries, Listing)
    assert list(galleries) == [
        FaceGallery(id=gallery_id, name="Cast 2", raw={"id": gallery_id, "name": "Cast 2"})
    ]
    assert galleries.raw == {"face_galleries": [{"id": gallery_id, "name": "Cast 2"}]}
    assert galleries[0].id == gallery_id
    assert galleries[:1] == [galleries[0]]
    assert len(galleries) == 1
    assert "Cast 2" in repr(galleries)
    assert fake.requests[-1].key_location == "query"
    with pytest.raises(NotFoundError, match="gallery not found"):
        training.update_face_gallery("nope", name="x")


def test_identity_and_image_life_cycle(client: Client, fake: FakeValossa, tmp_path: Path) -> None:
    training = client.training
    gallery_id = training.create_face_gallery("Cast")
    face_id = training.create_face_identity("Ricky Rickson", "male", gallery_id)
    assert fake.requests[-1].body == {
        "face": {"name": "Ricky Rickson", "gender": "male"},
        "gallery": {"id": gallery_id},
    }
    default_face = training.create_face_identity()
    assert fake.requests[-1].body == {"face": {}}
    url = training.upload_image(_image(tmp_path, JPEG))
    image_id = training.add_face_image(face_id, url)
    assert fake.requests[-1].body == {"face": {"id": face_id}, "image": {"url": url}}

    in_gallery = training.list_face_identities(gallery_id)
    assert fake.requests[-1].params == {"gallery_id": gallery_id}
    assert [(f.id, f.name, f.gender, f.gallery_id) for f in in_gallery] == [
        (face_id, "Ricky Rickson", "male", gallery_id)
    ]
    default = training.list_face_identities()
    assert fake.requests[-1].params == {}
    assert [f.id for f in default] == [default_face]
    assert isinstance(default[0], FaceIdentity)

    images = training.list_face_images(face_id)
    assert fake.requests[-1].params == {"face_id": face_id}
    assert [(i.id, i.url, i.face_id) for i in images] == [(image_id, url, face_id)]
    assert isinstance(images[0], FaceImage)

    assert training.remove_face_image(image_id) == {}
    assert fake.requests[-1].body == {"image": {"id": image_id}}
    assert list(training.list_face_images(face_id)) == []
    with pytest.raises(NotFoundError):
        training.remove_face_image(image_id)

    assert training.remove_face_identity(face_id) == {}
    assert fake.requests[-1].body == {"face": {"id": face_id}}
    with pytest.raises(NotFoundError, match="Face not found"):
        training.list_face_images(face_id)


def test_update_face_identity_sentinel(client: Client, fake: FakeValossa) -> None:
    training = client.training
    face_id = training.create_face_identity("Ricky", "male")
    training.update_face_identity(face_id, name="Ricky Rixon-Borgmann")
    assert fake.requests[-1].body == {"face": {"id": face_id, "updates": {"name": "Ricky Rixon-Borgmann"}}}
    training.update_face_identity(face_id, gender=None)
    assert fake.requests[-1].body == {"face": {"id": face_id, "updates": {"gender": None}}}
    (face,) = training.list_face_identities()
    assert (face.name, face.gender) == ("Ricky Rixon-Borgmann", None)
    training.update_face_identity(face_id, name=None, gender="female")
    (face,) = training.list_face_identities()
    assert (face.name, face.gender) == (None, "female")
    with pytest.raises(ValueError, match=r"name=\.\.\. and/or gender"):
        training.update_face_identity(face_id)
    with pytest.raises(ValueError, match=r"name=\.\.\. and/or gender"):
        training.update_face_identity(face_id, name=MISSING, gender=MISSING)
    assert repr(MISSING) == "MISSING"


def test_face_field_checks(client: Client, fake: FakeValossa) -> None:
    training = client.training
    with pytest.raises(ValueError, match="gender"):
        training.create_face_identity("x", "other")
    with pytest.raises(ValueError, match="1024"):
        training.create_face_identity("x" * 1025)
    with pytest.raises(ValueError, match="gender"):
        training.update_face_identity("f", gender="robot")
    with pytest.raises(ValueError, match="1024"):
        training.update_face_identity("f", name="y" * 1025)
    assert fake.requests == []


def test_training_server_errors(client: Client, fake: FakeValossa) -> None:
    training = client.training
    with pytest.raises(NotFoundError):
        training.create_face_identity("x", gallery_id="nope")
    with pytest.raises(NotFoundError):
        training.add_face_image("nope", "valossaupload://x")
    face_id = training.create_face_identity("x")
    with pytest.raises(BadRequestError, match="upload it with upload_image"):
        training.add_face_image(face_id, "valossaupload://never-uploaded")
    with pytest.raises(NotFoundError):
        training.list_face_identities("nope")
    with pytest.raises(NotFoundError):
        training.remove_face_identity("nope")


def test_list_calls_are_retried(client: Client, fake: FakeValossa, sleeps: list[float]) -> None:
    fake.fail_next(1, 502, path="list_face_galleries")
    assert list(client.training.list_face_galleries()) == []
    assert len(sleeps) == 1


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ([{"id": 1}, "junk"], [{"id": 1}]),
        ({"faces": [{"id": "a"}], "other": [{"id": "b"}]}, [{"id": "a"}]),
        ({"whatever": [{"id": "b"}], "count": 1}, [{"id": "b"}]),
        ({"count": 0}, []),
        (None, []),
    ],
)
def test_lenient_list_parsing(answer: Any, expected: list[dict[str, Any]]) -> None:
    assert _items(answer, "faces") == expected


def test_lenient_id_parsing() -> None:
    assert _returned_id({"gallery_id": "g"}, "x", "gallery_id", "gallery.id") == "g"
    assert _returned_id({"gallery": {"id": 5}}, "x", "gallery_id", "gallery.id") == "5"
    assert _returned_id({"id": "i", "gallery_id": ""}, "x", "gallery_id", "id") == "i"
    with pytest.raises(APIError, match="face_id"):
        _returned_id({"face_id": {"nested": 1}}, "x", "face_id")
    with pytest.raises(APIError):
        _returned_id(["face_id"], "x", "face_id")


class _Fixed:
    def __init__(self, answer: Any) -> None:
        self.answer = answer

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.answer


def test_unexpected_answer_shapes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Other plausible answer shapes of the [I] endpoints are still understood."""
    from valossa_metadata.api import training as module

    with Client("some-key-123") as client:
        monkeypatch.setattr(module, "json_body", _Fixed({"gallery": {"id": "g9"}}))
        monkeypatch.setattr(client._transport, "post_json", _Fixed(None))
        monkeypatch.setattr(client._transport, "get", _Fixed(None))
        assert client.training.create_face_gallery("x") == "g9"
        monkeypatch.setattr(
            module, "json_body", _Fixed([{"face_id": "f1", "name": "N", "gallery": {"id": "g1"}, "extra": 1}])
        )
        (face,) = client.training.list_face_identities()
        assert (face.id, face.name, face.gallery_id, face.raw["extra"]) == ("f1", "N", "g1", 1)
        monkeypatch.setattr(
            module, "json_body", _Fixed({"face_images": [{"image_id": "i1", "image_url": "u"}]})
        )
        (image,) = client.training.list_face_images("f1")
        assert (image.id, image.url, image.face_id) == ("i1", "u", "f1")
        monkeypatch.setattr(module, "json_body", _Fixed({"galleries": [{"gallery_id": "g2"}]}))
        (gallery,) = client.training.list_face_galleries()
        assert (gallery.id, gallery.name) == ("g2", None)
