"""The Valossa Training API (face galleries, identities and their images), as ``client.training``.

Only ``upload_image``, ``create_face_identity``, ``add_face_image`` and ``update_face_identity``
are documented with exact examples; the other request and answer shapes follow the reference's
guesses (marked [I] there) and are parsed leniently, with the raw JSON kept on every result.

Examples:
    >>> from valossa_metadata.api import Client
    >>> client = Client("my-key")
    >>> type(client.training).__name__
    'TrainingClient'
    >>> client.close()
"""

from __future__ import annotations

import enum
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Generic, Literal, TypeVar, overload

import msgspec

from valossa_metadata.api._http import Transport, excerpt, json_body
from valossa_metadata.api.constants import GENDERS, MAX_IMAGE_BYTES
from valossa_metadata.api.upload import find_uploaded_url
from valossa_metadata.errors import APIError, FileTooLargeError, UsageError

__all__ = [
    "GENDERS",
    "MAX_IMAGE_BYTES",
    "MISSING",
    "FaceGallery",
    "FaceIdentity",
    "FaceImage",
    "Listing",
    "TrainingClient",
]

MAX_NAME_CHARS = 1024
_TRAINING = "training/1.0"
_MAGIC = {b"\xff\xd8\xff": "image/jpeg", b"\x89PNG\r\n\x1a\n": "image/png"}

T = TypeVar("T")


class _Missing(enum.Enum):
    MISSING = "MISSING"

    def __repr__(self) -> str:
        return "MISSING"


#: "Leave this field as it is" in :meth:`TrainingClient.update_face_identity` (``None`` clears it).
MISSING: Literal[_Missing.MISSING] = _Missing.MISSING


class FaceGallery(msgspec.Struct, frozen=True, kw_only=True):
    """A face gallery; ``raw`` is the item exactly as the API returned it.

    Examples:
        >>> FaceGallery(id="g1", name="Cast").name
        'Cast'
    """

    id: str
    name: str | None = None
    raw: dict[str, Any] = msgspec.field(default_factory=dict)


class FaceIdentity(msgspec.Struct, frozen=True, kw_only=True):
    """A trained face identity; ``raw`` is the item exactly as the API returned it.

    Examples:
        >>> FaceIdentity(id="f1", name="Ricky Rickson", gender="male").gender
        'male'
    """

    id: str
    name: str | None = None
    gender: str | None = None
    gallery_id: str | None = None
    raw: dict[str, Any] = msgspec.field(default_factory=dict)


class FaceImage(msgspec.Struct, frozen=True, kw_only=True):
    """A training image of a face identity; ``raw`` is the item exactly as the API returned it.

    Examples:
        >>> FaceImage(id="i1", url="valossaupload://x").url
        'valossaupload://x'
    """

    id: str
    url: str | None = None
    face_id: str | None = None
    raw: dict[str, Any] = msgspec.field(default_factory=dict)


class Listing(Sequence[T], Generic[T]):
    """The typed items of a list call, with the whole raw JSON answer as ``raw``.

    Examples:
        >>> page = Listing([FaceGallery(id="g1")], {"face_galleries": [{"id": "g1"}]})
        >>> len(page), page[0].id, page.raw["face_galleries"][0]["id"]
        (1, 'g1', 'g1')
    """

    def __init__(self, items: list[T], raw: Any) -> None:
        self.items = items
        self.raw = raw

    @overload
    def __getitem__(self, index: int) -> T: ...
    @overload
    def __getitem__(self, index: slice) -> list[T]: ...
    def __getitem__(self, index: int | slice) -> T | list[T]:
        return self.items[index]

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Iterator[T]:
        return iter(self.items)

    def __repr__(self) -> str:
        return f"Listing({self.items!r})"


def _dig(data: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        if not isinstance(data, dict):
            return None
        data = data.get(part)
    return data


def _first(data: Any, *paths: str) -> str | None:
    for path in paths:
        value = _dig(data, path)
        if value is not None and value != "" and not isinstance(value, (dict, list)):
            return str(value)
    return None


def _returned_id(answer: Any, endpoint: str, *paths: str) -> str:
    """The id in a creation answer: the first of ``paths`` (dotted) that holds a scalar."""
    found = _first(answer, *paths)
    if found is None:
        raise APIError(f"{endpoint}: the answer has no {' / '.join(paths)}: {excerpt(answer)}")
    return found


def _items(answer: Any, *keys: str) -> list[dict[str, Any]]:
    """The list of objects in a list answer: a top-level list, one of ``keys``, or the first list value."""
    found: Any = []
    if isinstance(answer, list):
        found = answer
    elif isinstance(answer, dict):
        lists = [answer[key] for key in keys if isinstance(answer.get(key), list)]
        lists += [value for value in answer.values() if isinstance(value, list)]
        found = lists[0] if lists else []
    return [item for item in found if isinstance(item, dict)]


def _check_face_fields(name: str | None, gender: str | None) -> None:
    if name is not None and len(name) > MAX_NAME_CHARS:
        raise UsageError(f"a face name has at most {MAX_NAME_CHARS} characters")
    if gender is not None and gender not in GENDERS:
        raise UsageError(f"gender must be one of {', '.join(GENDERS)} or None, got {gender!r}")


class TrainingClient:
    """The eleven Training API calls; get it as ``Client(...).training``.

    Examples:
        >>> import tempfile
        >>> from pathlib import Path
        >>> from valossa_metadata.testing import FakeValossa
        >>> image = Path(tempfile.mkdtemp(), "ricky_1.jpg")
        >>> _ = image.write_bytes(b"\\xff\\xd8\\xff" + bytes(100))  # a JPG by its first bytes
        >>> with FakeValossa() as fake, fake.client() as client:
        ...     gallery_id = client.training.create_face_gallery("Cast")
        ...     url = client.training.upload_image(image)
        ...     face_id = client.training.create_face_identity("Ricky Rickson", "male", gallery_id)
        ...     image_id = client.training.add_face_image(face_id, url)
        ...     [face.name for face in client.training.list_face_identities(gallery_id)]
        ['Ricky Rickson']
    """

    def __init__(self, transport: Transport) -> None:
        self._transport = transport

    def _post(self, function: str, body: dict[str, Any]) -> Any:
        endpoint = f"{_TRAINING}/{function}"
        return json_body(self._transport.post_json(endpoint, body), endpoint)

    def _get(self, function: str, params: dict[str, str | int] | None = None) -> Any:
        endpoint = f"{_TRAINING}/{function}"
        return json_body(self._transport.get(endpoint, params), endpoint)

    # -- images --------------------------------------------------------------------------------

    def upload_image(self, path: str | os.PathLike[str]) -> str:
        """Upload a JPG or PNG (at most 8 MB) and return its ``valossaupload://`` URL.

        Examples:
            >>> import tempfile
            >>> from pathlib import Path
            >>> from valossa_metadata.testing import FakeValossa
            >>> image = Path(tempfile.mkdtemp(), "ricky_1.jpg")
            >>> _ = image.write_bytes(b"\\xff\\xd8\\xff" + bytes(100))  # a JPG by its first bytes
            >>> with FakeValossa() as fake, fake.client() as client:
            ...     client.training.upload_image(image)
            'valossaupload://...'
        """
        file_path = Path(path)
        size = file_path.stat().st_size
        if size > MAX_IMAGE_BYTES:
            raise FileTooLargeError(str(file_path), size, MAX_IMAGE_BYTES, "a training image")
        data = file_path.read_bytes()
        content_type = next((kind for magic, kind in _MAGIC.items() if data.startswith(magic)), None)
        if content_type is None:
            raise UsageError(f"{file_path} is not a JPG or PNG image (checked by its first bytes)")
        endpoint = f"{_TRAINING}/upload_image"
        response = self._transport.post_form(
            endpoint, {}, {"image_data": (file_path.name, data, content_type)}
        )
        return find_uploaded_url(json_body(response, endpoint))

    # -- galleries -----------------------------------------------------------------------------

    def create_face_gallery(self, name: str) -> str:
        """Create a named face gallery and return its id.

        Examples:
            >>> from valossa_metadata.testing import FakeValossa
            >>> with FakeValossa() as fake, fake.client() as client:
            ...     gallery_id = client.training.create_face_gallery("Cast of Charade")
            ...     [gallery.id for gallery in client.training.list_face_galleries()] == [gallery_id]
            True
        """
        answer = self._post("create_face_gallery", {"gallery": {"name": name}})
        return _returned_id(answer, "create_face_gallery", "gallery_id", "gallery.id", "id")

    def update_face_gallery(self, gallery_id: str, *, name: str) -> Any:
        """Rename a face gallery; returns the raw JSON answer.

        Examples:
            >>> from valossa_metadata.testing import FakeValossa
            >>> with FakeValossa() as fake, fake.client() as client:
            ...     gallery_id = client.training.create_face_gallery("Cast")
            ...     _ = client.training.update_face_gallery(gallery_id, name="Cast (2024)")
            ...     [gallery.name for gallery in client.training.list_face_galleries()]
            ['Cast (2024)']
        """
        return self._post("update_face_gallery", {"gallery": {"id": gallery_id, "updates": {"name": name}}})

    def list_face_galleries(self) -> Listing[FaceGallery]:
        """The face galleries of this key.

        Examples:
            >>> from valossa_metadata.testing import FakeValossa
            >>> with FakeValossa() as fake, fake.client() as client:
            ...     gallery_id = client.training.create_face_gallery("Cast")
            ...     [gallery.name for gallery in client.training.list_face_galleries()]
            ['Cast']
        """
        answer = self._get("list_face_galleries")
        items = [
            FaceGallery(id=_first(item, "id", "gallery_id") or "", name=_first(item, "name"), raw=item)
            for item in _items(answer, "face_galleries", "galleries")
        ]
        return Listing(items, answer)

    # -- identities ----------------------------------------------------------------------------

    def create_face_identity(
        self, name: str | None = None, gender: str | None = None, gallery_id: str | None = None
    ) -> str:
        """Create a face identity (in the default gallery unless ``gallery_id``) and return its id.

        Examples:
            >>> from valossa_metadata.testing import FakeValossa
            >>> with FakeValossa() as fake, fake.client() as client:
            ...     face_id = client.training.create_face_identity("Ricky Rickson", "male")
            ...     [face.id for face in client.training.list_face_identities()] == [face_id]
            True
        """
        _check_face_fields(name, gender)
        face = {key: value for key, value in (("name", name), ("gender", gender)) if value is not None}
        body: dict[str, Any] = {"face": face}
        if gallery_id is not None:
            body["gallery"] = {"id": gallery_id}
        return _returned_id(
            self._post("create_face_identity", body), "create_face_identity", "face_id", "face.id"
        )

    def add_face_image(self, face_id: str, image_url: str) -> str:
        """Attach an uploaded image (``valossaupload://`` URL) to a face identity; return the image id.

        Examples:
            >>> import tempfile
            >>> from pathlib import Path
            >>> from valossa_metadata.testing import FakeValossa
            >>> image = Path(tempfile.mkdtemp(), "ricky_1.jpg")
            >>> _ = image.write_bytes(b"\\xff\\xd8\\xff" + bytes(100))  # a JPG by its first bytes
            >>> with FakeValossa() as fake, fake.client() as client:
            ...     face_id = client.training.create_face_identity("Ricky Rickson", "male")
            ...     url = client.training.upload_image(image)
            ...     image_id = client.training.add_face_image(face_id, url)
            ...     [i.id for i in client.training.list_face_images(face_id)] == [image_id]
            True
        """
        answer = self._post("add_face_image", {"face": {"id": face_id}, "image": {"url": image_url}})
        return _returned_id(answer, "add_face_image", "image_id", "image.id")

    def list_face_identities(self, gallery_id: str | None = None) -> Listing[FaceIdentity]:
        """The face identities of a gallery (the default gallery without ``gallery_id``).

        Examples:
            >>> from valossa_metadata.testing import FakeValossa
            >>> with FakeValossa() as fake, fake.client() as client:
            ...     face_id = client.training.create_face_identity("Ricky Rickson", "male")
            ...     [face.name for face in client.training.list_face_identities()]
            ['Ricky Rickson']
        """
        answer = self._get("list_face_identities", {"gallery_id": gallery_id} if gallery_id else None)
        items = [
            FaceIdentity(
                id=_first(item, "id", "face_id") or "",
                name=_first(item, "name"),
                gender=_first(item, "gender"),
                gallery_id=_first(item, "gallery_id", "gallery.id") or gallery_id,
                raw=item,
            )
            for item in _items(answer, "faces", "face_identities", "identities")
        ]
        return Listing(items, answer)

    def list_face_images(self, face_id: str) -> Listing[FaceImage]:
        """The training images of a face identity.

        Examples:
            >>> import tempfile
            >>> from pathlib import Path
            >>> from valossa_metadata.testing import FakeValossa
            >>> image = Path(tempfile.mkdtemp(), "ricky_1.jpg")
            >>> _ = image.write_bytes(b"\\xff\\xd8\\xff" + bytes(100))  # a JPG by its first bytes
            >>> with FakeValossa() as fake, fake.client() as client:
            ...     face_id = client.training.create_face_identity("Ricky Rickson", "male")
            ...     url = client.training.upload_image(image)
            ...     image_id = client.training.add_face_image(face_id, url)
            ...     [i.url == url for i in client.training.list_face_images(face_id)]
            [True]
        """
        answer = self._get("list_face_images", {"face_id": face_id})
        items = [
            FaceImage(
                id=_first(item, "id", "image_id") or "",
                url=_first(item, "url", "image_url"),
                face_id=_first(item, "face_id", "face.id") or face_id,
                raw=item,
            )
            for item in _items(answer, "images", "face_images")
        ]
        return Listing(items, answer)

    def update_face_identity(
        self,
        face_id: str,
        *,
        name: str | Literal[_Missing.MISSING] | None = MISSING,
        gender: str | Literal[_Missing.MISSING] | None = MISSING,
    ) -> Any:
        """Change the name and/or gender of a face identity: ``None`` clears, omitted leaves as is.

        Examples:
            >>> from valossa_metadata.testing import FakeValossa
            >>> with FakeValossa() as fake, fake.client() as client:
            ...     face_id = client.training.create_face_identity("Ricky Rickson", "male")
            ...     _ = client.training.update_face_identity(face_id, name="Ricky Rixon-Borgmann")
            ...     _ = client.training.update_face_identity(face_id, gender=None)  # clear the gender
            ...     [(face.name, face.gender) for face in client.training.list_face_identities()]
            [('Ricky Rixon-Borgmann', None)]
        """
        updates: dict[str, str | None] = {}
        if name is not MISSING:
            _check_face_fields(name, None)
            updates["name"] = name
        if gender is not MISSING:
            _check_face_fields(None, gender)
            updates["gender"] = gender
        if not updates:
            raise UsageError("update_face_identity needs name=... and/or gender=...")
        return self._post("update_face_identity", {"face": {"id": face_id, "updates": updates}})

    def remove_face_image(self, image_id: str) -> Any:
        """Remove one training image; returns the raw JSON answer.

        Examples:
            >>> import tempfile
            >>> from pathlib import Path
            >>> from valossa_metadata.testing import FakeValossa
            >>> image = Path(tempfile.mkdtemp(), "ricky_1.jpg")
            >>> _ = image.write_bytes(b"\\xff\\xd8\\xff" + bytes(100))  # a JPG by its first bytes
            >>> with FakeValossa() as fake, fake.client() as client:
            ...     face_id = client.training.create_face_identity("Ricky Rickson", "male")
            ...     image_id = client.training.add_face_image(face_id, client.training.upload_image(image))
            ...     _ = client.training.remove_face_image(image_id)
            ...     list(client.training.list_face_images(face_id))
            []
        """
        return self._post("remove_face_image", {"image": {"id": image_id}})

    def remove_face_identity(self, face_id: str) -> Any:
        """Remove a face identity and its images; returns the raw JSON answer.

        Examples:
            >>> from valossa_metadata.testing import FakeValossa
            >>> with FakeValossa() as fake, fake.client() as client:
            ...     face_id = client.training.create_face_identity("Ricky Rickson", "male")
            ...     _ = client.training.remove_face_identity(face_id)
            ...     list(client.training.list_face_identities())
            []
        """
        return self._post("remove_face_identity", {"face": {"id": face_id}})
