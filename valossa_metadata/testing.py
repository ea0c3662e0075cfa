"""An in-process fake of the Valossa Core API and Training API, for tests of code that uses the client.

:class:`FakeValossa` serves both APIs over real HTTP on ``127.0.0.1`` (a stdlib
``ThreadingHTTPServer`` on a free port, in a daemon thread). It is strict about the documented
request shapes (key in the query string for GETs, in the JSON body for JSON POSTs, a form field for
multipart POSTs; required fields), runs jobs through ``queued → preparing_analysis → processing →
finished`` one step per ``job_status`` poll, reassembles chunked uploads, keeps face galleries,
identities and images in memory, and can inject failures, delays and dropped connections. Every
request it receives is logged in :attr:`FakeValossa.requests` (without the key).

With pytest, register the fixture in your ``conftest.py``::

    pytest_plugins = ["valossa_metadata.testing"]

    def test_my_pipeline(fake_valossa):
        client = fake_valossa.client()
        job_id = client.new_job("https://example.com/video.mp4")
        assert client.wait(job_id).status == "finished"

Examples:
    >>> with FakeValossa() as fake:
    ...     with fake.client() as client:
    ...         job_id = client.new_job("https://example.com/video.mp4")
    ...         client.wait(job_id).status
    'finished'
"""

from __future__ import annotations

import json
import re
import threading
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import parse_qsl, urlsplit

if TYPE_CHECKING:
    from valossa_metadata.api.client import Client

__all__ = ["DEFAULT_LIFECYCLE", "FakeValossa", "RecordedRequest", "minimal_core_metadata"]

DEFAULT_LIFECYCLE = ("queued", "preparing_analysis", "processing", "finished")
_FAILING_LIFECYCLE = ("queued", "preparing_analysis", "processing", "error")
_TRANSFER = {"queued": "queued", "on_hold": "queued", "preparing_analysis": "downloading", "error": "error"}
_JSON_TYPES = ("core", "frames_faces", "seconds_objects", "frames_objects", "visual_captions")
_TEXT_TYPES = ("speech_to_text_srt", "speech_to_text_vtt", "speech_to_text_ttml", "speech_to_text_avid_txt")
_MAX_IMAGE = 8 * 1024 * 1024
_IMAGE_MAGIC = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")
_EMAIL_GROUP = "users_with_access_to_api_key_results"

Kind = Literal["GET", "JSON", "FORM"]
# function path -> (request shape, handler method name)
_ENDPOINTS: dict[str, tuple[Kind, str]] = {
    "core/1.0/new_job": ("JSON", "_new_job"),
    "core/1.0/job_status": ("GET", "_job_status"),
    "core/1.0/job_results": ("GET", "_job_results"),
    "core/1.0/list_jobs": ("GET", "_list_jobs"),
    "core/1.0/cancel_job": ("JSON", "_cancel_job"),
    "core/1.0/delete_job": ("JSON", "_delete_job"),
    "core/1.0/initialize_file_upload": ("FORM", "_initialize_file_upload"),
    "core/1.0/send_file_chunk": ("FORM", "_send_file_chunk"),
    "core/1.0/finalize_file_upload": ("FORM", "_finalize_file_upload"),
    "training/1.0/upload_image": ("FORM", "_upload_image"),
    "training/1.0/create_face_gallery": ("JSON", "_create_face_gallery"),
    "training/1.0/update_face_gallery": ("JSON", "_update_face_gallery"),
    "training/1.0/list_face_galleries": ("GET", "_list_face_galleries"),
    "training/1.0/create_face_identity": ("JSON", "_create_face_identity"),
    "training/1.0/add_face_image": ("JSON", "_add_face_image"),
    "training/1.0/list_face_identities": ("GET", "_list_face_identities"),
    "training/1.0/list_face_images": ("GET", "_list_face_images"),
    "training/1.0/update_face_identity": ("JSON", "_update_face_identity"),
    "training/1.0/remove_face_image": ("JSON", "_remove_face_image"),
    "training/1.0/remove_face_identity": ("JSON", "_remove_face_identity"),
}


def minimal_core_metadata(job_id: str) -> bytes:
    """The smallest valid Core metadata document, for a job id (what the fake serves by default).

    Examples:
        >>> json.loads(minimal_core_metadata("j"))["job_info"]["job_id"]
        'j'
    """
    document = {
        "version_info": {"metadata_type": "core", "metadata_format": "1.8.1", "backend": "3.1.1"},
        "job_info": {"job_id": job_id},
        "media_info": {"technical": {"duration_s": 1.0}},
        "detections": {},
        "detection_groupings": {"by_detection_type": {}, "by_second": [[]]},
        "segmentations": {"detected_shots": []},
    }
    return json.dumps(document).encode()


@dataclass
class RecordedRequest:
    """One request the fake received, with the API key removed.

    ``params`` is the query string; ``body`` the JSON body or the multipart form fields (``None``
    when absent or unreadable); ``files`` the multipart file parts; ``key_location`` where the key
    was found (``"query"``, ``"json"``, ``"form"`` or ``None``); ``status`` the HTTP status of
    the answer (``None`` for a dropped connection).

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


@dataclass
class _Fault:
    kind: Literal["fail", "delay", "drop"]
    remaining: int
    path: str | None
    status: int = 503
    retry_after: float | None = None
    seconds: float = 0.0

    def matches(self, path: str, function: str) -> bool:
        return self.path is None or self.path.strip("/") in (path, function)


@dataclass
class _Job:
    job_id: str
    media: dict[str, Any]
    statuses: tuple[str, ...]
    details: str | None
    results: Mapping[str, bytes | str | Path]
    position: int = 0
    polls_here: int = 0

    @property
    def status(self) -> str:
        return self.statuses[self.position]


@dataclass
class _Upload:
    size: int
    chunk_size: int
    chunks: dict[int, bytes] = field(default_factory=dict)


class _Fail(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


_Reply = tuple[int, bytes, str, dict[str, str]]


def _json_reply(payload: Any, status: int = 200) -> _Reply:
    return (status, json.dumps(payload).encode(), "application/json", {})


def _error_reply(status: int, message: str, headers: dict[str, str] | None = None) -> _Reply:
    return (
        status,
        json.dumps({"errors": [{"message": message}]}).encode(),
        "application/json",
        headers or {},
    )


def _need(data: Any, dotted: str) -> Any:
    value = data
    for part in dotted.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    if value is None or value == "":
        raise _Fail(400, f"Missing required field: {dotted}")
    return value


def _param(header: str, name: str) -> str | None:
    match = re.search(rf'(?:^|;)\s*{name}="?([^";]*)"?', header, re.IGNORECASE)
    return match.group(1) if match else None


def _parse_multipart(body: bytes, content_type: str) -> tuple[dict[str, str], dict[str, bytes]]:
    boundary = _param(content_type, "boundary")
    if not boundary:
        raise _Fail(400, "Malformed request body: multipart/form-data without a boundary")
    sections = (b"\r\n" + body).split(b"\r\n--" + boundary.encode("latin-1"))
    if len(sections) < 3 or sections[0] or not sections[-1].startswith(b"--"):
        raise _Fail(400, "Malformed request body: broken multipart/form-data")
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
            raise _Fail(400, "Malformed request body: a form part without a name")
        if _param(disposition, "filename") is None:
            fields[name] = data.decode("utf-8", "replace")
        else:
            files[name] = data
    return fields, files


def _int_field(fields: Mapping[str, Any], name: str) -> int:
    raw = _need(fields, name)
    try:
        return int(raw)
    except (TypeError, ValueError):
        raise _Fail(400, f"Invalid value for {name}: {raw!r}") from None


class FakeValossa:
    """A fake Valossa Core API and Training API on ``127.0.0.1``; use it as a context manager.

    ``results`` maps a result type (``"core"``, ``"speech_to_text_srt"``, …) to the bytes, text or
    file served for every finished job; without a ``"core"`` entry each job gets
    :func:`minimal_core_metadata`. ``poll_again_after_seconds`` is what ``job_status`` suggests
    (``None`` is allowed); ``steps_per_status`` is how many polls each status lasts;
    ``chunk_size`` is the ``file_chunk_size_bytes`` of uploads.

    Examples:
        >>> with FakeValossa(api_key="k-123456") as fake:
        ...     fake.base_url.startswith("http://127.0.0.1:")
        True
    """

    def __init__(
        self,
        api_key: str = "test-key",
        *,
        results: Mapping[str, bytes | str | Path] | None = None,
        poll_again_after_seconds: float | None = 0,
        steps_per_status: int = 1,
        chunk_size: int = 4 * 1024 * 1024,
    ) -> None:
        if steps_per_status < 1 or chunk_size < 1:
            raise ValueError("steps_per_status and chunk_size must be >= 1")
        self.api_key = api_key
        self.results: dict[str, bytes | str | Path] = dict(results or {})
        self.poll_again_after_seconds = poll_again_after_seconds
        self.steps_per_status = steps_per_status
        self.chunk_size = chunk_size
        self._lock = threading.RLock()
        self._stopping = threading.Event()
        self._log: list[RecordedRequest] = []
        self._faults: list[_Fault] = []
        self._fail_jobs: list[str | None] = []
        self._jobs: dict[str, _Job] = {}
        self._uploads: dict[str, _Upload] = {}
        self._files: dict[str, bytes] = {}
        self._images: set[str] = set()
        self._galleries: dict[str, dict[str, Any]] = {}
        self._faces: dict[str, dict[str, Any]] = {}
        self._face_images: dict[str, dict[str, Any]] = {}
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- life cycle ----------------------------------------------------------------------------

    def start(self) -> FakeValossa:
        """Start serving (done by ``with``); returns ``self``.

        Examples:
            >>> fake = FakeValossa().start(); fake.stop()
        """
        if self._server is None:
            self._stopping.clear()
            self._server = _Server(("127.0.0.1", 0), _handler_for(self))
            self._thread = threading.Thread(
                target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
            )
            self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving; delayed answers still pending are abandoned.

        Examples:
            >>> FakeValossa().start().stop()
        """
        server, self._server = self._server, None
        if server is not None:
            self._stopping.set()
            server.shutdown()
            server.server_close()
            if self._thread is not None:
                self._thread.join(timeout=5)

    def __enter__(self) -> FakeValossa:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:<port>``, the ``base_url`` to give the client.

        Examples:
            >>> with FakeValossa() as fake:
            ...     fake.base_url.count(":")
            2
        """
        if self._server is None:
            raise RuntimeError("the fake server is not running; use it in a `with` block")
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def client(self, **options: Any) -> Client:
        """A :class:`~valossa_metadata.api.Client` for this fake (its key and base URL).

        Examples:
            >>> with FakeValossa() as fake, fake.client(max_retries=0) as client:
            ...     client.list_jobs()
            {'jobs': []}
        """
        from valossa_metadata.api.client import Client

        return Client(self.api_key, base_url=self.base_url, **options)

    # -- inspection and set-up -----------------------------------------------------------------

    @property
    def requests(self) -> list[RecordedRequest]:
        """A copy of the request log, oldest first.

        Examples:
            >>> with FakeValossa() as fake:
            ...     fake.requests
            []
        """
        with self._lock:
            return list(self._log)

    def uploaded(self, url: str) -> bytes:
        """The bytes of a finished upload (``valossaupload://…`` from either API).

        Examples:
            >>> with FakeValossa() as fake:
            ...     fake.uploaded("valossaupload://nothing")
            Traceback (most recent call last):
            KeyError: 'no finished upload valossaupload://nothing'
        """
        with self._lock:
            if url not in self._files:
                raise KeyError(f"no finished upload {url}")
            return self._files[url]

    def create_job(
        self,
        *,
        statuses: tuple[str, ...] | list[str] = ("finished",),
        details: str | None = None,
        results: Mapping[str, bytes | str | Path] | None = None,
        job_id: str | None = None,
    ) -> str:
        """Add a job directly (finished by default), with its own status sequence and results.

        Examples:
            >>> with FakeValossa() as fake, fake.client() as client:
            ...     job_id = fake.create_job(statuses=["processing", "finished"])
            ...     client.job_status(job_id).status
            'processing'
        """
        if not statuses:
            raise ValueError("a job needs at least one status")
        new_id = job_id or str(uuid.uuid4())
        with self._lock:
            self._jobs[new_id] = _Job(new_id, {}, tuple(statuses), details, dict(results or {}))
        return new_id

    def fail_next_job(self, details: str = "Media download failed (injected by FakeValossa)") -> None:
        """Make the next job created with ``new_job`` end in status ``error`` with ``details``.

        Examples:
            >>> FakeValossa().fail_next_job("Unsupported codec")
        """
        with self._lock:
            self._fail_jobs.append(details)

    def fail_next(
        self, n: int = 1, status: int = 503, *, path: str | None = None, retry_after: float | None = None
    ) -> None:
        """Answer the next ``n`` requests (to ``path``, a function name or path) with ``status``.

        Examples:
            >>> FakeValossa().fail_next(2, 503, path="job_status", retry_after=1)
        """
        with self._lock:
            self._faults.append(_Fault("fail", n, path, status=status, retry_after=retry_after))

    def delay_next(self, n: int, seconds: float, *, path: str | None = None) -> None:
        """Hold the answer of the next ``n`` requests for ``seconds`` (to provoke client timeouts).

        Examples:
            >>> FakeValossa().delay_next(1, 0.5)
        """
        with self._lock:
            self._faults.append(_Fault("delay", n, path, seconds=seconds))

    def drop_next(self, n: int = 1, *, path: str | None = None) -> None:
        """Close the connection of the next ``n`` requests without answering.

        Examples:
            >>> FakeValossa().drop_next(1, path="send_file_chunk")
        """
        with self._lock:
            self._faults.append(_Fault("drop", n, path))

    # -- request handling ----------------------------------------------------------------------

    def _take_faults(self, path: str, function: str) -> tuple[float, _Fault | None]:
        delay, final = 0.0, None
        with self._lock:
            for fault in self._faults:
                if fault.remaining <= 0 or not fault.matches(path, function):
                    continue
                if fault.kind == "delay" and delay == 0.0:
                    delay = fault.seconds
                    fault.remaining -= 1
                elif fault.kind != "delay" and final is None:
                    final = fault
                    fault.remaining -= 1
            self._faults = [fault for fault in self._faults if fault.remaining > 0]
        return delay, final

    def _dispatch(self, method: str, target: str, content_type: str, body: bytes) -> _Reply | None:
        split = urlsplit(target)
        path = split.path.strip("/")
        function = path.rsplit("/", 1)[-1]
        query = dict(parse_qsl(split.query, keep_blank_values=True))
        record = RecordedRequest(method, "/" + path, function, params=query)
        endpoint = _ENDPOINTS.get(path)
        kind: Kind | None = endpoint[0] if endpoint else None
        key, parse_error = self._parse_into(record, kind, content_type, body)
        with self._lock:
            self._log.append(record)
        delay, fault = self._take_faults(path, function)
        if delay:
            self._stopping.wait(delay)
        if fault is not None and fault.kind == "drop":
            return None
        if fault is not None:
            headers = {"Retry-After": f"{fault.retry_after:g}"} if fault.retry_after is not None else {}
            reply = _error_reply(fault.status, f"Injected failure (HTTP {fault.status})", headers)
        else:
            reply = self._answer(method, endpoint, record, key, parse_error)
        record.status = reply[0]
        return reply

    def _parse_into(
        self, record: RecordedRequest, kind: Kind | None, content_type: str, body: bytes
    ) -> tuple[str | None, _Fail | None]:
        """Fill the record (without the key); return the key found and any parse error."""
        key = record.params.pop("api_key", None)
        record.key_location = "query" if key is not None else None
        mime = content_type.split(";", 1)[0].strip().lower()
        try:
            if kind == "JSON" and body:
                if mime != "application/json":
                    raise _Fail(400, "Malformed request body: Content-Type must be application/json")
                try:
                    data = json.loads(body)
                except ValueError:
                    raise _Fail(400, "Malformed request body") from None
                if not isinstance(data, dict):
                    raise _Fail(400, "Malformed request body: expected a JSON object")
                record.body = data
            elif kind == "FORM" and body:
                if mime != "multipart/form-data":
                    raise _Fail(400, "Malformed request body: expected multipart/form-data")
                record.body, record.files = _parse_multipart(body, content_type)
        except _Fail as error:
            return key, error
        if record.body is not None and "api_key" in record.body:
            in_body = record.body.pop("api_key")
            if key is None:
                key, record.key_location = in_body, "json" if kind == "JSON" else "form"
        return key, None

    def _answer(
        self,
        method: str,
        endpoint: tuple[Kind, str] | None,
        record: RecordedRequest,
        key: Any,
        parse_error: _Fail | None,
    ) -> _Reply:
        if endpoint is None:
            return _error_reply(404, f"Unknown API function: {record.path}")
        kind, handler = endpoint
        if method != ("GET" if kind == "GET" else "POST"):
            return _error_reply(
                405, f"{record.function} must be called with {'GET' if kind == 'GET' else 'POST'}"
            )
        try:
            if parse_error is not None:
                raise parse_error
            expected = {"GET": "query", "JSON": "json", "FORM": "form"}[kind]
            if key is not None and record.key_location != expected:
                raise _Fail(400, f"api_key must be sent as a {expected} field for {record.function}")
            if kind != "GET" and record.body is None:
                raise _Fail(400, "Malformed request body: missing body")
            if key is None:
                raise _Fail(401, "Missing API key")
            if key != self.api_key:
                raise _Fail(401, "Invalid API key")
            data = record.params if kind == "GET" else record.body
            with self._lock:
                reply: _Reply = getattr(self, handler)(data, record.files)
            return reply
        except _Fail as error:
            return _error_reply(error.status, error.message)
        except Exception as exc:  # a request shape the fake did not foresee: answer, do not hang
            return _error_reply(500, f"FakeValossa could not handle the request: {type(exc).__name__}: {exc}")

    # -- Core API ------------------------------------------------------------------------------

    def _check_url(self, url: Any, field_name: str) -> None:
        if not isinstance(url, str) or not re.match(r"(https?|valossaupload)://\S+$", url):
            raise _Fail(400, f"Invalid value for {field_name}: {url!r}")
        if url.startswith("valossaupload://") and url not in self._files:
            raise _Fail(400, f"Unknown upload {url}")

    def _new_job(self, body: dict[str, Any], files: dict[str, bytes]) -> _Reply:
        media = _need(body, "media")
        if not isinstance(media, dict):
            raise _Fail(400, "Invalid value for media")
        if "video" in media or "transcript" not in media:
            self._check_url(_need(body, "media.video.url"), "media.video.url")
        if "transcript" in media:
            self._check_url(_need(body, "media.transcript.url"), "media.transcript.url")
        gallery = (body.get("analysis_parameters") or {}).get("face_galleries", {}).get("custom_gallery")
        if gallery is not None and _need(gallery, "id") not in self._galleries:
            raise _Fail(400, f"Unknown face gallery {gallery['id']}")
        notification = body.get("email_notification")
        if notification is not None and _need(notification, "to_group") != _EMAIL_GROUP:
            raise _Fail(400, "Invalid value for email_notification.to_group")
        failing = bool(self._fail_jobs)
        details = self._fail_jobs.pop(0) if failing else None
        job_id = str(uuid.uuid4())
        lifecycle = _FAILING_LIFECYCLE if failing else DEFAULT_LIFECYCLE
        self._jobs[job_id] = _Job(job_id, media, lifecycle, details, {})
        return _json_reply({"job_id": job_id})

    def _job(self, params: Mapping[str, Any]) -> _Job:
        job_id = _need(params, "job_id")
        if job_id not in self._jobs:
            raise _Fail(404, "Job not found")
        return self._jobs[job_id]

    def _job_status(self, params: dict[str, str], files: dict[str, bytes]) -> _Reply:
        job = self._job(params)
        status = job.status
        job.polls_here += 1
        if job.polls_here >= self.steps_per_status and job.position < len(job.statuses) - 1:
            job.position += 1
            job.polls_here = 0
        terminal = status in ("finished", "error")
        return _json_reply(
            {
                "job_id": job.job_id,
                "status": status,
                "media_transfer_status": _TRANSFER.get(status, "finished"),
                "details": job.details if status == "error" else None,
                "poll_again_after_seconds": None if terminal else self.poll_again_after_seconds,
            }
        )

    def _reported(self, job: _Job) -> str:
        """The status the client last saw (the first one before any poll)."""
        if job.polls_here == 0 and job.position > 0:
            return job.statuses[job.position - 1]
        return job.status

    def _job_results(self, params: dict[str, str], files: dict[str, bytes]) -> _Reply:
        job = self._job(params)
        kind = params.get("type", "core")
        if kind not in _JSON_TYPES + _TEXT_TYPES:
            raise _Fail(400, f"Invalid value for type: {kind}")
        if self._reported(job) != "finished":
            raise _Fail(400, "Job is not finished; results are not available")
        source = job.results.get(kind, self.results.get(kind))
        if source is None:
            if kind != "core":
                raise _Fail(404, f"No results of type {kind} for this job")
            source = minimal_core_metadata(job.job_id)
        data = source.read_bytes() if isinstance(source, Path) else source
        payload = data.encode() if isinstance(data, str) else data
        content_type = "application/json" if kind in _JSON_TYPES else "text/plain; charset=utf-8"
        return (200, payload, content_type, {})

    def _list_jobs(self, params: dict[str, str], files: dict[str, bytes]) -> _Reply:
        wanted = params.get("customer_media_id")
        jobs = [
            {"job_id": job.job_id, "status": self._reported(job), "media": job.media}
            for job in self._jobs.values()
            if wanted is None or job.media.get("customer_media_info", {}).get("id") == wanted
        ]
        return _json_reply({"jobs": jobs})

    def _cancel_job(self, body: dict[str, Any], files: dict[str, bytes]) -> _Reply:
        job = self._job(body)
        if self._reported(job) not in ("queued", "on_hold"):
            raise _Fail(400, "Only a job in the waiting queue can be cancelled")
        job.statuses, job.position, job.polls_here = ("cancelled",), 0, 0
        return _json_reply({"job_id": job.job_id})

    def _delete_job(self, body: dict[str, Any], files: dict[str, bytes]) -> _Reply:
        job = self._job(body)
        del self._jobs[job.job_id]
        return _json_reply({})

    def _initialize_file_upload(self, fields: dict[str, str], files: dict[str, bytes]) -> _Reply:
        size = _int_field(fields, "file_size_bytes")
        if size <= 0:
            raise _Fail(400, "Invalid value for file_size_bytes: must be positive")
        upload_id = str(uuid.uuid4())
        self._uploads[upload_id] = _Upload(size, self.chunk_size)
        return _json_reply({"upload_id": upload_id, "file_chunk_size_bytes": self.chunk_size})

    def _upload(self, fields: Mapping[str, str]) -> tuple[str, _Upload]:
        upload_id = _need(fields, "upload_id")
        if upload_id not in self._uploads:
            raise _Fail(404, "Upload not found")
        return upload_id, self._uploads[upload_id]

    def _send_file_chunk(self, fields: dict[str, str], files: dict[str, bytes]) -> _Reply:
        _, upload = self._upload(fields)
        index = _int_field(fields, "chunk_index")
        data = _need(files, "file_data")
        count = -(-upload.size // upload.chunk_size)
        if not 0 <= index < count:
            raise _Fail(400, f"Invalid value for chunk_index: {index} (the upload has {count} chunks)")
        expected = upload.chunk_size if index < count - 1 else upload.size - index * upload.chunk_size
        if len(data) != expected:
            raise _Fail(400, f"Chunk {index} has {len(data)} bytes; expected {expected}")
        upload.chunks[index] = data
        return _json_reply({})

    def _finalize_file_upload(self, fields: dict[str, str], files: dict[str, bytes]) -> _Reply:
        upload_id, upload = self._upload(fields)
        count = -(-upload.size // upload.chunk_size)
        missing = [index for index in range(count) if index not in upload.chunks]
        if missing:
            raise _Fail(400, f"Upload is incomplete; missing chunks: {', '.join(map(str, missing))}")
        url = f"valossaupload://{uuid.uuid4()}"
        self._files[url] = b"".join(upload.chunks[index] for index in range(count))
        del self._uploads[upload_id]
        return _json_reply({"uploaded_file_url": url})

    # -- Training API --------------------------------------------------------------------------

    def _upload_image(self, fields: dict[str, str], files: dict[str, bytes]) -> _Reply:
        data = _need(files, "image_data")
        if len(data) > _MAX_IMAGE:
            raise _Fail(400, "The image is larger than 8 MB")
        if not data.startswith(_IMAGE_MAGIC):
            raise _Fail(400, "The image must be a JPG or PNG file")
        url = f"valossaupload://{uuid.uuid4()}"
        self._files[url] = data
        self._images.add(url)
        return _json_reply({"uploaded_file_url": url})

    def _gallery(self, gallery_id: Any) -> dict[str, Any]:
        if gallery_id not in self._galleries:
            raise _Fail(404, "Face gallery not found")
        return self._galleries[gallery_id]

    def _face(self, face_id: Any) -> dict[str, Any]:
        if face_id not in self._faces:
            raise _Fail(404, "Face not found")
        return self._faces[face_id]

    def _create_face_gallery(self, body: dict[str, Any], files: dict[str, bytes]) -> _Reply:
        gallery_id = str(uuid.uuid4())
        self._galleries[gallery_id] = {"id": gallery_id, "name": str(_need(body, "gallery.name"))}
        return _json_reply({"gallery_id": gallery_id})

    def _update_face_gallery(self, body: dict[str, Any], files: dict[str, bytes]) -> _Reply:
        gallery = self._gallery(_need(body, "gallery.id"))
        gallery["name"] = str(_need(body, "gallery.updates.name"))
        return _json_reply({})

    def _list_face_galleries(self, params: dict[str, str], files: dict[str, bytes]) -> _Reply:
        return _json_reply({"face_galleries": [dict(gallery) for gallery in self._galleries.values()]})

    @staticmethod
    def _check_face(face: Mapping[str, Any]) -> None:
        unknown = set(face) - {"id", "name", "gender", "updates"}
        if unknown:
            raise _Fail(400, f"Unknown fields: {', '.join(sorted(unknown))}")
        name = face.get("name")
        if name is not None and (not isinstance(name, str) or len(name) > 1024):
            raise _Fail(400, "Invalid value for face.name")
        if face.get("gender") not in (None, "male", "female"):
            raise _Fail(400, "Invalid value for face.gender")

    def _create_face_identity(self, body: dict[str, Any], files: dict[str, bytes]) -> _Reply:
        face = body.get("face") or {}
        self._check_face(face)
        gallery_id = None
        if body.get("gallery") is not None:
            gallery_id = self._gallery(_need(body, "gallery.id"))["id"]
        face_id = str(uuid.uuid4())
        self._faces[face_id] = {
            "id": face_id,
            "name": face.get("name"),
            "gender": face.get("gender"),
            "gallery_id": gallery_id,
        }
        return _json_reply({"face_id": face_id})

    def _add_face_image(self, body: dict[str, Any], files: dict[str, bytes]) -> _Reply:
        face = self._face(_need(body, "face.id"))
        url = _need(body, "image.url")
        if url not in self._images:
            raise _Fail(400, f"Unknown image {url}; upload it with upload_image first")
        image_id = str(uuid.uuid4())
        self._face_images[image_id] = {"id": image_id, "url": url, "face_id": face["id"]}
        return _json_reply({"image_id": image_id})

    def _list_face_identities(self, params: dict[str, str], files: dict[str, bytes]) -> _Reply:
        gallery_id = params.get("gallery_id")
        if gallery_id is not None:
            self._gallery(gallery_id)
        faces = [dict(face) for face in self._faces.values() if face["gallery_id"] == gallery_id]
        return _json_reply({"faces": faces})

    def _list_face_images(self, params: dict[str, str], files: dict[str, bytes]) -> _Reply:
        face = self._face(_need(params, "face_id"))
        images = [dict(image) for image in self._face_images.values() if image["face_id"] == face["id"]]
        return _json_reply({"images": images})

    def _update_face_identity(self, body: dict[str, Any], files: dict[str, bytes]) -> _Reply:
        face = self._face(_need(body, "face.id"))
        updates = _need(body, "face.updates")
        if not isinstance(updates, dict) or not updates or set(updates) - {"name", "gender"}:
            raise _Fail(400, "Invalid value for face.updates: give name and/or gender")
        self._check_face(updates)
        face.update(updates)
        return _json_reply({})

    def _remove_face_image(self, body: dict[str, Any], files: dict[str, bytes]) -> _Reply:
        image_id = _need(body, "image.id")
        if self._face_images.pop(image_id, None) is None:
            raise _Fail(404, "Image not found")
        return _json_reply({})

    def _remove_face_identity(self, body: dict[str, Any], files: dict[str, bytes]) -> _Reply:
        face = self._face(_need(body, "face.id"))
        del self._faces[face["id"]]
        self._face_images = {k: v for k, v in self._face_images.items() if v["face_id"] != face["id"]}
        return _json_reply({})


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that went away mid-answer (timeouts, drops) is expected here: stay quiet."""


def _handler_for(fake: FakeValossa) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "FakeValossa/1.0"

        def log_message(self, format: str, *args: Any) -> None:
            """Silent: the default would print request lines, API key included, to stderr."""

        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length > 0 else b""
            reply = fake._dispatch(self.command, self.path, self.headers.get("Content-Type", ""), body)
            if reply is None:
                self.close_connection = True
                return
            status, payload, content_type, headers = reply
            try:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(payload)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(payload)
            except OSError:
                self.close_connection = True

        do_GET = do_POST = do_PUT = do_DELETE = _handle

    return Handler


try:
    import pytest
except ImportError:  # pragma: no cover - pytest is only needed for the fixture
    pass
else:

    @pytest.fixture
    def fake_valossa() -> Iterator[FakeValossa]:
        """A running :class:`FakeValossa` (key ``test-key``); register with
        ``pytest_plugins = ["valossa_metadata.testing"]``.

        Examples:
            >>> # def test_submit(fake_valossa):
            >>> #     assert fake_valossa.client().new_job("https://example.com/v.mp4")
        """
        with FakeValossa() as fake:
            yield fake
