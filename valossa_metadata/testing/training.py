"""The fake's Training API: image uploads, face galleries, face identities and their images.

Galleries, identities and images live in memory; unknown ones answer 404. ``upload_image`` takes JPG
or PNG data of at most 8 MB, and ``add_face_image`` only an image uploaded that way.

Examples:
    >>> from valossa_metadata.testing import FakeValossa
    >>> with FakeValossa() as fake, fake.client() as client:
    ...     gallery_id = client.training.create_face_gallery("Cast")
    ...     [gallery.name for gallery in client.training.list_face_galleries()]
    ['Cast']
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from valossa_metadata.testing.protocol import ApiError, Reply, json_reply, need

__all__ = ["MAX_IMAGE", "TrainingApi"]

#: The largest image ``upload_image`` accepts, in bytes.
MAX_IMAGE = 8 * 1024 * 1024
_IMAGE_MAGIC = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")


class TrainingApi:
    """The Training API's functions, mixed into :class:`~valossa_metadata.testing.FakeValossa`."""

    _files: dict[str, bytes]
    _images: set[str]
    _galleries: dict[str, dict[str, Any]]
    _faces: dict[str, dict[str, Any]]
    _face_images: dict[str, dict[str, Any]]

    def _upload_image(self, fields: dict[str, str], files: dict[str, bytes]) -> Reply:
        data = need(files, "image_data")
        if len(data) > MAX_IMAGE:
            raise ApiError(400, "The image is larger than 8 MB")
        if not data.startswith(_IMAGE_MAGIC):
            raise ApiError(400, "The image must be a JPG or PNG file")
        url = f"valossaupload://{uuid.uuid4()}"
        self._files[url] = data
        self._images.add(url)
        return json_reply({"uploaded_file_url": url})

    def _gallery(self, gallery_id: Any) -> dict[str, Any]:
        if gallery_id not in self._galleries:
            raise ApiError(404, "Face gallery not found")
        return self._galleries[gallery_id]

    def _face(self, face_id: Any) -> dict[str, Any]:
        if face_id not in self._faces:
            raise ApiError(404, "Face not found")
        return self._faces[face_id]

    def _create_face_gallery(self, body: dict[str, Any], files: dict[str, bytes]) -> Reply:
        gallery_id = str(uuid.uuid4())
        self._galleries[gallery_id] = {"id": gallery_id, "name": str(need(body, "gallery.name"))}
        return json_reply({"gallery_id": gallery_id})

    def _update_face_gallery(self, body: dict[str, Any], files: dict[str, bytes]) -> Reply:
        gallery = self._gallery(need(body, "gallery.id"))
        gallery["name"] = str(need(body, "gallery.updates.name"))
        return json_reply({})

    def _list_face_galleries(self, params: dict[str, str], files: dict[str, bytes]) -> Reply:
        return json_reply({"face_galleries": [dict(gallery) for gallery in self._galleries.values()]})

    @staticmethod
    def _check_face(face: Mapping[str, Any]) -> None:
        unknown = set(face) - {"id", "name", "gender", "updates"}
        if unknown:
            raise ApiError(400, f"Unknown fields: {', '.join(sorted(unknown))}")
        name = face.get("name")
        if name is not None and (not isinstance(name, str) or len(name) > 1024):
            raise ApiError(400, "Invalid value for face.name")
        if face.get("gender") not in (None, "male", "female"):
            raise ApiError(400, "Invalid value for face.gender")

    def _create_face_identity(self, body: dict[str, Any], files: dict[str, bytes]) -> Reply:
        face = body.get("face") or {}
        self._check_face(face)
        gallery_id = None
        if body.get("gallery") is not None:
            gallery_id = self._gallery(need(body, "gallery.id"))["id"]
        face_id = str(uuid.uuid4())
        self._faces[face_id] = {
            "id": face_id,
            "name": face.get("name"),
            "gender": face.get("gender"),
            "gallery_id": gallery_id,
        }
        return json_reply({"face_id": face_id})

    def _add_face_image(self, body: dict[str, Any], files: dict[str, bytes]) -> Reply:
        face = self._face(need(body, "face.id"))
        url = need(body, "image.url")
        if url not in self._images:
            raise ApiError(400, f"Unknown image {url}; upload it with upload_image first")
        image_id = str(uuid.uuid4())
        self._face_images[image_id] = {"id": image_id, "url": url, "face_id": face["id"]}
        return json_reply({"image_id": image_id})

    def _list_face_identities(self, params: dict[str, str], files: dict[str, bytes]) -> Reply:
        gallery_id = params.get("gallery_id")
        if gallery_id is not None:
            self._gallery(gallery_id)
        faces = [dict(face) for face in self._faces.values() if face["gallery_id"] == gallery_id]
        return json_reply({"faces": faces})

    def _list_face_images(self, params: dict[str, str], files: dict[str, bytes]) -> Reply:
        face = self._face(need(params, "face_id"))
        images = [dict(image) for image in self._face_images.values() if image["face_id"] == face["id"]]
        return json_reply({"images": images})

    def _update_face_identity(self, body: dict[str, Any], files: dict[str, bytes]) -> Reply:
        face = self._face(need(body, "face.id"))
        updates = need(body, "face.updates")
        if not isinstance(updates, dict) or not updates or set(updates) - {"name", "gender"}:
            raise ApiError(400, "Invalid value for face.updates: give name and/or gender")
        self._check_face(updates)
        face.update(updates)
        return json_reply({})

    def _remove_face_image(self, body: dict[str, Any], files: dict[str, bytes]) -> Reply:
        image_id = need(body, "image.id")
        if self._face_images.pop(image_id, None) is None:
            raise ApiError(404, "Image not found")
        return json_reply({})

    def _remove_face_identity(self, body: dict[str, Any], files: dict[str, bytes]) -> Reply:
        face = self._face(need(body, "face.id"))
        del self._faces[face["id"]]
        self._face_images = {k: v for k, v in self._face_images.items() if v["face_id"] != face["id"]}
        return json_reply({})
