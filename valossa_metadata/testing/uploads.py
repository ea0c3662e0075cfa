"""The fake's chunked file uploads: initialize_file_upload, send_file_chunk, finalize_file_upload.

Every chunk must have exactly the announced size (the last one the rest) and an index in range;
finalizing an upload with missing chunks is refused. A finished upload gets a ``valossaupload://``
URL that ``new_job`` accepts and :meth:`~valossa_metadata.testing.FakeValossa.uploaded` reads.

Examples:
    >>> chunk_count(Upload(size=10, chunk_size=4))
    3
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field

from valossa_metadata.testing.protocol import ApiError, Reply, int_field, json_reply, need

__all__ = ["Upload", "UploadApi", "chunk_count"]


@dataclass
class Upload:
    """An upload in progress: its announced size, its chunk size and the chunks received so far."""

    size: int
    chunk_size: int
    chunks: dict[int, bytes] = field(default_factory=dict)


def chunk_count(upload: Upload) -> int:
    """How many chunks the upload takes (the last one may be short).

    Examples:
        >>> chunk_count(Upload(size=8, chunk_size=4)), chunk_count(Upload(size=9, chunk_size=4))
        (2, 3)
    """
    return -(-upload.size // upload.chunk_size)


class UploadApi:
    """The Core API's upload functions, mixed into :class:`~valossa_metadata.testing.FakeValossa`."""

    chunk_size: int
    shapes: str
    _uploads: dict[str, Upload]
    _expired: set[str]
    _files: dict[str, bytes]

    def _initialize_file_upload(self, fields: dict[str, str], files: dict[str, bytes]) -> Reply:
        size = int_field(fields, "file_size_bytes")
        if size <= 0:
            raise ApiError(400, "Invalid value for file_size_bytes: must be positive")
        upload_id = str(uuid.uuid4())
        self._uploads[upload_id] = Upload(size, self.chunk_size)
        return json_reply({"upload_id": upload_id, "file_chunk_size_bytes": self.chunk_size})

    def _upload(self, fields: Mapping[str, str]) -> tuple[str, Upload]:
        upload_id = need(fields, "upload_id")
        if upload_id in self._expired:
            raise ApiError(400, f"Upload {upload_id} has expired")
        if upload_id not in self._uploads:
            raise ApiError(404, "Upload not found")
        return upload_id, self._uploads[upload_id]

    def _send_file_chunk(self, fields: dict[str, str], files: dict[str, bytes]) -> Reply:
        _, upload = self._upload(fields)
        index = int_field(fields, "chunk_index")
        data = need(files, "file_data")
        count = chunk_count(upload)
        if not 0 <= index < count:
            raise ApiError(400, f"Invalid value for chunk_index: {index} (the upload has {count} chunks)")
        expected = upload.chunk_size if index < count - 1 else upload.size - index * upload.chunk_size
        if len(data) != expected:
            raise ApiError(400, f"Chunk {index} has {len(data)} bytes; expected {expected}")
        upload.chunks[index] = data
        return json_reply({})

    def _finalize_file_upload(self, fields: dict[str, str], files: dict[str, bytes]) -> Reply:
        upload_id, upload = self._upload(fields)
        count = chunk_count(upload)
        missing = [index for index in range(count) if index not in upload.chunks]
        if missing:
            raise ApiError(400, f"Upload is incomplete; missing chunks: {', '.join(map(str, missing))}")
        url = f"valossaupload://{uuid.uuid4()}"
        self._files[url] = b"".join(upload.chunks[index] for index in range(count))
        del self._uploads[upload_id]
        if self.shapes == "minimal":
            return json_reply({"url": url})
        if self.shapes == "extra":
            return json_reply({"upload": {"id": upload_id, "file": {"url": url}}, "expires_in_s": 86400})
        return json_reply({"uploaded_file_url": url})
