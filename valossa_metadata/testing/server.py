"""The fake server: :class:`FakeValossa`, its life cycle, set-up, inspection and request dispatch.

The API functions themselves are mixed in from :mod:`~valossa_metadata.testing.core`,
:mod:`~valossa_metadata.testing.uploads` and :mod:`~valossa_metadata.testing.training`; the table
below routes each function path to its request shape and handler.

Examples:
    >>> sorted({kind for kind, _ in ENDPOINTS.values()})
    ['FORM', 'GET', 'JSON']
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import parse_qsl, urlsplit

from valossa_metadata.testing.core import CoreApi, Job
from valossa_metadata.testing.faults import Fault, fault_reply, misdeliver, take_faults
from valossa_metadata.testing.handler import Server, handler_for
from valossa_metadata.testing.protocol import (
    ApiError,
    Kind,
    RecordedRequest,
    Reply,
    error_reply,
    parse_into,
)
from valossa_metadata.testing.training import TrainingApi
from valossa_metadata.testing.uploads import Upload, UploadApi

if TYPE_CHECKING:
    from valossa_metadata.api.client import Client

__all__ = ["ENDPOINTS", "SHAPES", "FakeValossa"]

#: The answer shapes the fake can give where Valossa publishes none.
SHAPES = ("guessed", "minimal", "extra")

#: function path -> (request shape, handler method name)
ENDPOINTS: dict[str, tuple[Kind, str]] = {
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


class FakeValossa(CoreApi, UploadApi, TrainingApi):
    """A fake Valossa Core API and Training API on ``127.0.0.1``; use it as a context manager.

    ``results`` maps a result type (``"core"``, ``"speech_to_text_srt"``, …) to the bytes, text or
    file served for every finished job; without a ``"core"`` entry each job gets
    :func:`minimal_core_metadata`. ``poll_again_after_seconds`` is what ``job_status`` suggests
    (``None`` is allowed); ``steps_per_status`` is how many polls each status lasts;
    ``chunk_size`` is the ``file_chunk_size_bytes`` of uploads. ``shapes`` picks how the
    answers that Valossa does not document look (list_jobs, cancel_job, finalize_file_upload,
    job_status's optional fields): ``"guessed"`` (the client's guess), ``"minimal"`` (other
    field names, fields left out) or ``"extra"`` (nested differently, unknown fields added).

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
        shapes: str = "guessed",
    ) -> None:
        if steps_per_status < 1 or chunk_size < 1:
            raise ValueError("steps_per_status and chunk_size must be >= 1")
        if shapes not in SHAPES:
            raise ValueError(f"shapes must be one of {', '.join(SHAPES)}")
        self.shapes = shapes
        self.api_key = api_key
        self.results = dict(results or {})
        self.poll_again_after_seconds = poll_again_after_seconds
        self.steps_per_status = steps_per_status
        self.chunk_size = chunk_size
        self._lock = threading.RLock()
        self._stopping = threading.Event()
        self._log: list[RecordedRequest] = []
        self._faults: list[Fault] = []
        self._fail_jobs = []
        self._jobs = {}
        self._uploads: dict[str, Upload] = {}
        self._expired: set[str] = set()
        self._files = {}
        self._images = set()
        self._galleries = {}
        self._faces = {}
        self._face_images = {}
        self._server: Server | None = None
        self._thread: threading.Thread | None = None

    # -- life cycle ----------------------------------------------------------------------------

    def start(self) -> FakeValossa:
        """Start serving (done by ``with``); returns ``self``.

        Examples:
            >>> fake = FakeValossa().start(); fake.stop()
        """
        if self._server is None:
            self._stopping.clear()
            self._server = Server(("127.0.0.1", 0), handler_for(self._dispatch))
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
            self._jobs[new_id] = Job(new_id, {}, tuple(statuses), details, dict(results or {}))
        return new_id

    # -- fault injection -----------------------------------------------------------------------

    def fail_next_job(self, details: str = "Media download failed (injected by FakeValossa)") -> None:
        """Make the next job created with ``new_job`` end in status ``error`` with ``details``.

        Examples:
            >>> FakeValossa().fail_next_job("Unsupported codec")
        """
        with self._lock:
            self._fail_jobs.append(details)

    def fail_next(
        self,
        n: int = 1,
        status: int = 503,
        *,
        path: str | None = None,
        retry_after: float | str | None = None,
        html: bool = False,
    ) -> None:
        """Answer the next ``n`` requests (to ``path``, a function name or path) with ``status``.

        ``retry_after`` is sent as ``Retry-After`` (seconds, or a string such as an HTTP-date);
        ``html=True`` answers with nginx's HTML error page instead of Valossa's JSON.

        Examples:
            >>> FakeValossa().fail_next(2, 503, path="job_status", retry_after=1)
        """
        with self._lock:
            kind: Literal["fail", "html"] = "html" if html else "fail"
            self._faults.append(Fault(kind, n, path, status=status, retry_after=retry_after))

    def lose_next(self, n: int = 1, *, path: str | None = None) -> None:
        """Carry out the next ``n`` requests, then close the connection without answering.

        A lost answer: the job (or upload, …) exists but the client never hears of it.

        Examples:
            >>> FakeValossa().lose_next(1, path="new_job")
        """
        with self._lock:
            self._faults.append(Fault("lose", n, path))

    def reset_next(self, n: int = 1, *, path: str | None = None, after_bytes: int = 0) -> None:
        """Answer the next ``n`` requests but close the connection after ``after_bytes`` of the body.

        Examples:
            >>> FakeValossa().reset_next(1, path="job_results", after_bytes=100)
        """
        with self._lock:
            self._faults.append(Fault("reset", n, path, after_bytes=after_bytes))

    def drip_next(self, n: int = 1, *, path: str | None = None, seconds: float = 0.1) -> None:
        """Answer the next ``n`` requests one body byte every ``seconds`` (a slow drip).

        Examples:
            >>> FakeValossa().drip_next(1, path="job_status", seconds=0.1)
        """
        with self._lock:
            self._faults.append(Fault("drip", n, path, seconds=seconds))

    def expire_uploads(self) -> None:
        """Forget every upload in progress, as if they had expired (their ids now get a 400).

        Examples:
            >>> FakeValossa().expire_uploads()
        """
        with self._lock:
            self._expired.update(self._uploads)
            self._uploads.clear()

    def delay_next(self, n: int, seconds: float, *, path: str | None = None) -> None:
        """Hold the answer of the next ``n`` requests for ``seconds`` (to provoke client timeouts).

        Examples:
            >>> FakeValossa().delay_next(1, 0.5)
        """
        with self._lock:
            self._faults.append(Fault("delay", n, path, seconds=seconds))

    def drop_next(self, n: int = 1, *, path: str | None = None) -> None:
        """Close the connection of the next ``n`` requests without answering.

        Examples:
            >>> FakeValossa().drop_next(1, path="send_file_chunk")
        """
        with self._lock:
            self._faults.append(Fault("drop", n, path))

    # -- request handling ----------------------------------------------------------------------

    def _dispatch(self, method: str, target: str, content_type: str, body: bytes) -> Reply | None:
        split = urlsplit(target)
        path = split.path.strip("/")
        function = path.rsplit("/", 1)[-1]
        query = dict(parse_qsl(split.query, keep_blank_values=True))
        record = RecordedRequest(method, "/" + path, function, params=query, raw=body)
        endpoint = ENDPOINTS.get(path)
        kind: Kind | None = endpoint[0] if endpoint else None
        key, parse_error = parse_into(record, kind, content_type, body)
        with self._lock:
            self._log.append(record)
            delay, fault = take_faults(self._faults, path, function)
        if delay:
            self._stopping.wait(delay)
        if fault is not None and fault.kind == "drop":
            return None
        if fault is not None and fault.kind in ("fail", "html"):
            reply = fault_reply(fault)
        else:
            reply = self._answer(method, endpoint, record, key, parse_error)
        if fault is not None and fault.kind == "lose":
            return None
        if fault is not None and fault.kind in ("reset", "drip"):
            reply = misdeliver(reply, fault)
        record.status = reply[0]
        return reply

    def _answer(
        self,
        method: str,
        endpoint: tuple[Kind, str] | None,
        record: RecordedRequest,
        key: Any,
        parse_error: ApiError | None,
    ) -> Reply:
        if endpoint is None:
            return error_reply(404, f"Unknown API function: {record.path}")
        kind, handler = endpoint
        if method != ("GET" if kind == "GET" else "POST"):
            return error_reply(
                405, f"{record.function} must be called with {'GET' if kind == 'GET' else 'POST'}"
            )
        try:
            if parse_error is not None:
                raise parse_error
            expected = {"GET": "query", "JSON": "json", "FORM": "form"}[kind]
            if key is not None and record.key_location != expected:
                raise ApiError(400, f"api_key must be sent as a {expected} field for {record.function}")
            if kind != "GET" and record.body is None:
                raise ApiError(400, "Malformed request body: missing body")
            if key is None:
                raise ApiError(401, "Missing API key")
            if key != self.api_key:
                raise ApiError(401, "Invalid API key")
            data = record.params if kind == "GET" else record.body
            with self._lock:
                reply: Reply = getattr(self, handler)(data, record.files)
            return reply
        except ApiError as error:
            return error_reply(error.status, error.message)
        except Exception as exc:  # a request shape the fake did not foresee: answer, do not hang
            return error_reply(500, f"FakeValossa could not handle the request: {type(exc).__name__}: {exc}")
