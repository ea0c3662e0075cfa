"""How the fake reads a request and answers: the request log record, body parsing, Valossa's error bodies.

Valossa answers an error with ``{"errors": [{"message": …}]}``; a handler raises :class:`ApiError`
and the dispatcher turns it into that body. :func:`parse_into` fills a :class:`RecordedRequest` from
the raw request (query string, JSON body or multipart form) and takes the API key out of it.

Examples:
    >>> error_reply(404, "Job not found")[:2]
    (404, b'{"errors": [{"message": "Job not found"}]}')
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = [
    "ApiError",
    "Kind",
    "RecordedRequest",
    "Reply",
    "error_reply",
    "int_field",
    "json_reply",
    "need",
    "parse_into",
    "parse_multipart",
]

#: How an API function takes its arguments: query string, JSON body or multipart form.
Kind = Literal["GET", "JSON", "FORM"]

#: An answer: (HTTP status, body, Content-Type, extra headers).
Reply = tuple[int, bytes, str, dict[str, str]]


@dataclass
class RecordedRequest:
    """One request the fake received, with the API key removed.

    ``params`` is the query string; ``body`` the JSON body or the multipart form fields (``None``
    when absent or unreadable); ``files`` the multipart file parts; ``key_location`` where the key
    was found (``"query"``, ``"json"``, ``"form"`` or ``None``); ``status`` the HTTP status of
    the answer (``None`` for a dropped connection); ``raw`` the body exactly as sent (with the
    key: compare it with a documented example, never print it).

    Examples:
        >>> RecordedRequest("GET", "/core/1.0/job_status", "job_status", {"job_id": "j"}).function
        'job_status'
    """

    method: str
    path: str
    function: str
    params: dict[str, str] = field(default_factory=dict)
    body: dict[str, Any] | None = None
    files: dict[str, bytes] = field(default_factory=dict)
    key_location: str | None = None
    status: int | None = None
    raw: bytes = field(default=b"", repr=False)


class ApiError(Exception):
    """An error answer: its HTTP status and the message of Valossa's error body.

    Examples:
        >>> ApiError(401, "Invalid API key").status
        401
    """

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def json_reply(payload: Any, status: int = 200) -> Reply:
    """A JSON answer.

    Examples:
        >>> json_reply({"job_id": "j"})
        (200, b'{"job_id": "j"}', 'application/json', {})
    """
    return (status, json.dumps(payload).encode(), "application/json", {})


def error_reply(status: int, message: str, headers: dict[str, str] | None = None) -> Reply:
    """An error answer in Valossa's shape, ``{"errors": [{"message": …}]}``.

    Examples:
        >>> error_reply(503, "busy", {"Retry-After": "1"})[3]
        {'Retry-After': '1'}
    """
    return (
        status,
        json.dumps({"errors": [{"message": message}]}).encode(),
        "application/json",
        headers or {},
    )


def need(data: Any, dotted: str) -> Any:
    """The value at a dotted path of nested dicts; a 400 when it is missing or empty.

    Examples:
        >>> need({"media": {"video": {"url": "u"}}}, "media.video.url")
        'u'
        >>> need({}, "job_id")
        Traceback (most recent call last):
        valossa_metadata.testing.protocol.ApiError: Missing required field: job_id
    """
    value = data
    for part in dotted.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    if value is None or value == "":
        raise ApiError(400, f"Missing required field: {dotted}")
    return value


def int_field(fields: Mapping[str, Any], name: str) -> int:
    """A required integer form field; a 400 when it is missing or not a number.

    Examples:
        >>> int_field({"chunk_index": "3"}, "chunk_index")
        3
    """
    raw = need(fields, name)
    try:
        return int(raw)
    except (TypeError, ValueError):
        raise ApiError(400, f"Invalid value for {name}: {raw!r}") from None


def _param(header: str, name: str) -> str | None:
    match = re.search(rf'(?:^|;)\s*{name}="?([^";]*)"?', header, re.IGNORECASE)
    return match.group(1) if match else None


def parse_multipart(body: bytes, content_type: str) -> tuple[dict[str, str], dict[str, bytes]]:
    """The (fields, files) of a ``multipart/form-data`` body; a 400 when it is malformed.

    Examples:
        >>> body = b'--b\\r\\nContent-Disposition: form-data; name="upload_id"\\r\\n\\r\\nu1\\r\\n--b--\\r\\n'
        >>> parse_multipart(body, "multipart/form-data; boundary=b")
        ({'upload_id': 'u1'}, {})
    """
    boundary = _param(content_type, "boundary")
    if not boundary:
        raise ApiError(400, "Malformed request body: multipart/form-data without a boundary")
    sections = (b"\r\n" + body).split(b"\r\n--" + boundary.encode("latin-1"))
    if len(sections) < 3 or sections[0] or not sections[-1].startswith(b"--"):
        raise ApiError(400, "Malformed request body: broken multipart/form-data")
    fields: dict[str, str] = {}
    files: dict[str, bytes] = {}
    for section in sections[1:-1]:
        head, separator, data = section.removeprefix(b"\r\n").partition(b"\r\n\r\n")
        disposition = next(
            (
                line.split(":", 1)[1]
                for line in head.decode("latin-1").split("\r\n")
                if line.lower().startswith("content-disposition:")
            ),
            "",
        )
        name = _param(disposition, "name")
        if not separator or name is None:
            raise ApiError(400, "Malformed request body: a form part without a name")
        if _param(disposition, "filename") is None:
            fields[name] = data.decode("utf-8", "replace")
        else:
            files[name] = data
    return fields, files


def parse_into(
    record: RecordedRequest, kind: Kind | None, content_type: str, body: bytes
) -> tuple[str | None, ApiError | None]:
    """Fill the record (without the key); return the key found and any parse error.

    Examples:
        >>> record = RecordedRequest("GET", "/core/1.0/list_jobs", "list_jobs", {"api_key": "k"})
        >>> parse_into(record, "GET", "", b""), record.params, record.key_location
        (('k', None), {}, 'query')
    """
    key = record.params.pop("api_key", None)
    record.key_location = "query" if key is not None else None
    mime = content_type.split(";", 1)[0].strip().lower()
    try:
        if kind == "JSON" and body:
            if mime != "application/json":
                raise ApiError(400, "Malformed request body: Content-Type must be application/json")
            try:
                data = json.loads(body)
            except ValueError:
                raise ApiError(400, "Malformed request body") from None
            if not isinstance(data, dict):
                raise ApiError(400, "Malformed request body: expected a JSON object")
            record.body = data
        elif kind == "FORM" and body:
            if mime != "multipart/form-data":
                raise ApiError(400, "Malformed request body: expected multipart/form-data")
            record.body, record.files = parse_multipart(body, content_type)
    except ApiError as error:
        return key, error
    if record.body is not None and "api_key" in record.body:
        in_body = record.body.pop("api_key")
        if key is None:
            key, record.key_location = in_body, "json" if kind == "JSON" else "form"
    return key, None
