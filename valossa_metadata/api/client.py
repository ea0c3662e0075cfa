"""The Valossa Core API client: submit jobs, upload files, wait for jobs and fetch every result type.

Examples:
    >>> from valossa_metadata.api import Client
    >>> client = Client("my-key")
    >>> client
    Client(base_url='https://api-eu.valossa.com')
    >>> client.close()
"""

from __future__ import annotations

import copy
import os
import random
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

import msgspec
import requests

from valossa_metadata._sources import atomic_write
from valossa_metadata.api import upload as _upload
from valossa_metadata.api._http import (
    DEFAULT_BASE_URL,
    Rng,
    Sleep,
    Timeout,
    Transport,
    backoff_delay,
    excerpt,
    json_body,
    one_line,
)
from valossa_metadata.api.constants import API_KEY_ENV, JSON_RESULT_TYPES, RESULT_TYPES, TEXT_RESULT_TYPES
from valossa_metadata.api.training import TrainingClient
from valossa_metadata.errors import (
    APIConnectionError,
    APIError,
    JobCancelledError,
    JobFailedError,
    JobMayExistError,
    JobTimeoutError,
    RateLimitError,
    ServerError,
    UsageError,
)
from valossa_metadata.subtitles.validate import validate_srt

if TYPE_CHECKING:
    from valossa_metadata.metadata import Metadata

__all__ = ["API_KEY_ENV", "JSON_RESULT_TYPES", "RESULT_TYPES", "TEXT_RESULT_TYPES", "Client", "JobStatus"]

_EXTENSIONS = {
    "speech_to_text_srt": ".srt",
    "speech_to_text_vtt": ".vtt",
    "speech_to_text_ttml": ".ttml",
    "speech_to_text_avid_txt": ".txt",
}
_CORE = "core/1.0"
_EMAIL_GROUP = "users_with_access_to_api_key_results"
_CHARSET = re.compile(r"charset\s*=\s*\"?([\w.:-]+)", re.IGNORECASE)
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9_.-]")
#: Statuses after which a job never changes; ``cancelled`` is what a cancelled job reports (inferred).
CANCELLED_STATUSES = ("cancelled", "canceled")
#: The shortest pause between two polls of ``wait()``, whatever the server suggests.
MIN_POLL_SECONDS = 1.0
#: How long a streamed result may take by default (a large result over a slow link).
RESULTS_TIMEOUT = 3600.0


class JobStatus(msgspec.Struct, frozen=True, kw_only=True):
    """The answer of ``job_status``; unknown extra fields are ignored.

    ``status`` is one of ``queued``, ``on_hold``, ``preparing_analysis``, ``processing``,
    ``finished``, ``error`` (other values are possible and treated as "still running").

    Examples:
        >>> s = JobStatus(job_id="j", status="processing", poll_again_after_seconds=30)
        >>> s.is_terminal
        False
    """

    job_id: str
    status: str
    media_transfer_status: str | None = None
    details: str | None = None
    poll_again_after_seconds: float | None = None

    @property
    def is_terminal(self) -> bool:
        """True for ``finished``, ``error`` and ``cancelled``.

        Examples:
            >>> JobStatus(job_id="j", status="finished").is_terminal
            True
        """
        return self.status in ("finished", "error", *CANCELLED_STATUSES)


def _media_payload(
    video_url: str | None,
    transcript_url: str | None,
    *,
    title: str | None,
    description: str | None,
    language: str | None,
    customer_media_id: str | None,
) -> dict[str, Any]:
    """The ``media`` object of ``new_job``.

    With a video: ``media.video.url`` (and ``media.transcript.url`` when a transcript is given),
    as documented (valossa-format.md §1.5 new_job, §1.8). Without a video (a transcript-only
    job, "supported with special configuration" per Valossa's API overview) the shape is not
    documented anywhere public; we send ``media.transcript.url`` and no ``media.video`` object.
    Change it here, and only here, if Valossa documents another shape.
    """
    if not video_url and not transcript_url:
        raise UsageError("new_job needs a video_url, a transcript_url, or both")
    media: dict[str, Any] = {}
    if video_url:
        media["video"] = {"url": video_url}
    if transcript_url:
        media["transcript"] = {"url": transcript_url}
    optional = {"title": title, "description": description, "language": language}
    media.update({name: value for name, value in optional.items() if value is not None})
    if customer_media_id is not None:
        media["customer_media_info"] = {"id": customer_media_id}
    return media


class Client:
    """A client of the Valossa Core API (and, as ``client.training``, of the Training API).

    The key comes from ``api_key`` or the ``VALOSSA_API_KEY`` environment variable.
    ``base_url`` is the API host, or Valossa's documented Core base
    ``https://api-eu.valossa.com/core/1.0/`` (or the Training base): all give the same root,
    shown as :attr:`core_url` and :attr:`training_url`. Idempotent calls (GETs and
    ``send_file_chunk``) are retried up to ``max_retries`` times on connection errors,
    timeouts, 429 and 5xx, within ``max_wait`` seconds per call (``Retry-After`` honoured);
    job creation, cancel and delete never are. ``timeout`` bounds each request as a whole:
    seconds, or ``(connect, total)``.

    Examples:
        >>> with Client("my-key", base_url="https://api-eu.valossa.com/core/1.0/") as client:
        ...     client.base_url, client.core_url
        ('https://api-eu.valossa.com', 'https://api-eu.valossa.com/core/1.0/')
    """

    def __init__(
        self,
        api_key: str | None = None,
        *,
        base_url: str = DEFAULT_BASE_URL,
        session: requests.Session | None = None,
        timeout: Timeout = (10, 60),
        max_retries: int = 4,
        max_wait: float = 300.0,
        sleep: Sleep = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        rng: Rng = random.random,
    ) -> None:
        key = api_key if api_key is not None else os.environ.get(API_KEY_ENV)
        if key is not None and not isinstance(key, str):
            raise TypeError(f"api_key must be a str, not {type(key).__name__}")
        if key is None or not key.strip():
            raise UsageError(
                f"no Valossa API key: pass api_key=... or set the {API_KEY_ENV} environment variable"
            )
        self._transport = Transport(
            key.strip(),
            base_url=base_url,
            session=session,
            timeout=timeout,
            max_retries=max_retries,
            max_wait=max_wait,
            sleep=sleep,
            rng=rng,
            clock=clock,
        )
        self._sleep = sleep
        self._clock = clock
        self._rng = rng
        self.training = TrainingClient(self._transport)

    @property
    def base_url(self) -> str:
        """The base URL without a trailing slash.

        Examples:
            >>> Client("my-key").base_url
            'https://api-eu.valossa.com'
        """
        return self._transport.base_url

    @property
    def core_url(self) -> str:
        """The Core API base, as Valossa documents it.

        Examples:
            >>> Client("my-key").core_url
            'https://api-eu.valossa.com/core/1.0/'
        """
        return f"{self.base_url}/{_CORE}/"

    @property
    def training_url(self) -> str:
        """The Training API base, as Valossa documents it.

        Examples:
            >>> Client("my-key").training_url
            'https://api-eu.valossa.com/training/1.0/'
        """
        return f"{self.base_url}/training/1.0/"

    def __repr__(self) -> str:
        return f"Client(base_url={self.base_url!r})"

    def close(self) -> None:
        """Close the HTTP session (if the client created it).

        Examples:
            >>> Client("my-key").close()
        """
        self._transport.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # -- jobs ----------------------------------------------------------------------------------

    def new_job(
        self,
        video_url: str | None = None,
        *,
        transcript_url: str | None = None,
        title: str | None = None,
        description: str | None = None,
        language: str | None = None,
        customer_media_id: str | None = None,
        analysis_parameters: dict[str, Any] | None = None,
        face_gallery_id: str | None = None,
        face_min_relative_height: float | None = None,
        callback_url: str | None = None,
        email_notification: bool = False,
    ) -> str:
        """Create an analysis job and return its id (never retried automatically).

        ``customer_media_id`` tags the job (``media.customer_media_info.id``) so that it can be
        found again with :meth:`find_jobs`. When the request was sent but its answer was lost,
        :class:`~valossa_metadata.errors.JobMayExistError` says so: the job may exist (and be
        billed); look for it before submitting again.

        Examples:
            >>> from valossa_metadata.testing import FakeValossa
            >>> with FakeValossa() as fake, fake.client() as client:
            ...     job_id = client.new_job("https://example.com/v.mp4", title="Trailer", language="en-US")
            ...     client.job_status(job_id).status
            'queued'
        """
        body: dict[str, Any] = {
            "media": _media_payload(
                video_url,
                transcript_url,
                title=title,
                description=description,
                language=language,
                customer_media_id=customer_media_id,
            )
        }
        parameters = copy.deepcopy(analysis_parameters) if analysis_parameters else {}
        if face_min_relative_height is not None:
            if not 0 < face_min_relative_height <= 1:
                raise UsageError("face_min_relative_height is a fraction of the frame height in (0, 1]")
            parameters["face_min_relative_height"] = face_min_relative_height
        if face_gallery_id is not None:
            parameters.setdefault("face_galleries", {})["custom_gallery"] = {"id": face_gallery_id}
        if parameters:
            body["analysis_parameters"] = parameters
        if callback_url is not None:
            body["callback"] = {"url": callback_url}
        if email_notification:
            body["email_notification"] = {"to_group": _EMAIL_GROUP}
        endpoint = f"{_CORE}/new_job"
        lost: APIConnectionError | None = None
        try:
            answer = json_body(self._transport.post_json(endpoint, body), endpoint)
        except APIConnectionError as exc:
            if not exc.request_sent:
                raise
            lost = exc
        if lost is not None:
            reason = str(lost).split(": ", 1)[-1]
            raise JobMayExistError(reason, customer_media_id=customer_media_id)
        if not isinstance(answer, dict) or not answer.get("job_id"):
            raise APIError(f"{endpoint}: the answer has no job_id: {excerpt(answer)}")
        return str(answer["job_id"])

    def submit_transcript(
        self,
        srt: str | os.PathLike[str],
        *,
        title: str | None = None,
        language: str | None = None,
        video_url: str | None = None,
    ) -> str:
        """Submit a job for an SRT transcript (a local file or a URL), with or without a video.

        A local file is validated first (:class:`~valossa_metadata.errors.TranscriptError`
        names the line), then uploaded in chunks; its ``valossaupload://`` URL goes in
        ``media.transcript.url``.

        Examples:
            >>> import tempfile
            >>> from pathlib import Path
            >>> from valossa_metadata.testing import FakeValossa
            >>> srt = Path(tempfile.mkdtemp(), "interview.srt")
            >>> _ = srt.write_text("1\\n00:00:01,000 --> 00:00:02,500\\nHello.\\n", encoding="utf-8")
            >>> with FakeValossa() as fake, fake.client() as client:
            ...     job_id = client.submit_transcript(srt, title="Interview", language="en-US")
            ...     client.job_status(job_id).status
            'queued'
        """
        text = os.fspath(srt)
        if re.match(r"(?i)(https?|valossaupload)://", text):
            transcript_url = text
        else:
            _upload.check_size(Path(text), Path(text).stat().st_size, "transcript")
            validate_srt(text)
            transcript_url = self.upload_file(text, kind="transcript")
        return self.new_job(video_url, transcript_url=transcript_url, title=title, language=language)

    def job_status(self, job_id: str) -> JobStatus:
        """The current status of a job.

        Examples:
            >>> from valossa_metadata.testing import FakeValossa
            >>> with FakeValossa() as fake, fake.client() as client:
            ...     job_id = fake.create_job(statuses=["processing", "finished"])
            ...     client.job_status(job_id).status
            'processing'
        """
        return self._job_status(job_id)

    def _job_status(
        self, job_id: str, deadline: float | None = None, retries: int | None = None
    ) -> JobStatus:
        endpoint = f"{_CORE}/job_status"
        response = self._transport.get(endpoint, {"job_id": job_id}, deadline=deadline, max_retries=retries)
        answer = json_body(response, endpoint)
        if not isinstance(answer, dict):
            raise APIError(f"{endpoint}: unexpected answer {excerpt(answer)}")
        if not isinstance(answer.get("status"), str):
            raise APIError(f"{endpoint}: the answer has no 'status' field: {excerpt(answer)}")
        answer.setdefault("job_id", job_id)  # old answers had no job_id
        if answer.get("details") is not None and not isinstance(answer["details"], str):
            answer["details"] = msgspec.json.encode(answer["details"]).decode()
        try:
            return msgspec.convert(answer, JobStatus, strict=False)
        except msgspec.ValidationError as exc:
            raise APIError(f"{endpoint}: unexpected answer ({exc})") from None

    def wait(
        self,
        job_id: str,
        *,
        timeout: float = 3600.0,
        poll_interval: float = 10.0,
        on_status: Callable[[JobStatus], None] | None = None,
        on_error: Callable[[APIError], None] | None = None,
    ) -> JobStatus:
        """Poll until the job is ``finished`` (returned), ``error`` or cancelled (raised), or ``timeout``.

        Waits ``poll_again_after_seconds`` between polls (``poll_interval`` when the server gives
        none), never less than one second. Outages (5xx, 429, lost connections) do not end the
        wait: it keeps polling with backoff until the deadline (``on_error`` hears of each).
        ``error`` raises :class:`JobFailedError`, a cancelled job :class:`JobCancelledError`,
        the deadline :class:`JobTimeoutError`. Other statuses keep the loop polling.

        Examples:
            >>> from valossa_metadata.testing import FakeValossa
            >>> with FakeValossa() as fake, fake.client() as client:
            ...     job_id = fake.create_job(statuses=["processing", "finished"])
            ...     status = client.wait(job_id, timeout=60, on_status=lambda s: print(s.status))
            processing
            finished
        """
        deadline = self._clock() + timeout
        last_status: str | None = None
        last_error: APIError | None = None
        outages = 0
        while True:
            try:
                # wait() does the retrying, at its own pace; the poll at the deadline gets a second
                poll_deadline = max(deadline, self._clock() + MIN_POLL_SECONDS)
                status = self._job_status(job_id, deadline=poll_deadline, retries=0)
            except (ServerError, RateLimitError, APIConnectionError) as exc:
                last_error, outages = exc, outages + 1
                if on_error is not None:
                    on_error(exc)
                hint = getattr(exc, "retry_after", None)
                backoff = backoff_delay(outages, rng=self._rng) if hint is None else hint
                delay = max(backoff, MIN_POLL_SECONDS)
            else:
                last_error, outages, last_status = None, 0, status.status
                if on_status is not None:
                    on_status(status)
                if status.status == "finished":
                    return status
                if status.status == "error":
                    details = self._transport.redact(status.details) if status.details else None
                    raise JobFailedError(job_id, details)
                if status.status in CANCELLED_STATUSES:
                    raise JobCancelledError(job_id)
                hint = status.poll_again_after_seconds
                delay = max(poll_interval if hint is None else hint, MIN_POLL_SECONDS)
            remaining = deadline - self._clock()
            if remaining <= 0:
                timed_out = JobTimeoutError(job_id, timeout, last_status)
                if last_error is not None:
                    timed_out.args = (f"{timed_out.args[0]}; last error: {one_line(str(last_error))}",)
                raise timed_out
            self._sleep(min(delay, remaining))

    # -- results -------------------------------------------------------------------------------

    def job_results(self, job_id: str, type: str = "core") -> bytes | str:
        """One result of a finished job: ``bytes`` for JSON types, ``str`` for subtitle types.

        For large results prefer :meth:`iter_results` or :meth:`download` (bounded memory).

        Examples:
            >>> from valossa_metadata.testing import FakeValossa
            >>> subtitles = "1\\n00:00:01,000 --> 00:00:02,000\\nHi\\n"
            >>> with FakeValossa() as fake, fake.client() as client:
            ...     job_id = fake.create_job(results={"speech_to_text_srt": subtitles})
            ...     core = client.job_results(job_id)  # bytes (JSON)
            ...     srt = client.job_results(job_id, "speech_to_text_srt")  # str
            >>> core[:15], srt.splitlines()[2]
            (b'{"version_info"', 'Hi')
        """
        _check_type(type)
        response = self._results(job_id, type, stream=False)
        if type in JSON_RESULT_TYPES:
            return response.content
        return _decode_text(response)

    def iter_results(
        self, job_id: str, type: str = "core", *, block: int = 1 << 16, timeout: float = RESULTS_TIMEOUT
    ) -> Iterator[bytes]:
        """A result as a stream of byte blocks (at most ``block`` bytes each): bounded memory.

        ``timeout`` bounds the whole transfer. The bytes are the body exactly as served.

        Examples:
            >>> import tempfile
            >>> from pathlib import Path
            >>> from valossa_metadata.testing import FakeValossa
            >>> path = Path(tempfile.mkdtemp(), "core.json")
            >>> with FakeValossa() as fake, fake.client() as client:
            ...     job_id = fake.create_job()
            ...     with open(path, "wb") as out:
            ...         for part in client.iter_results(job_id):
            ...             _ = out.write(part)
            >>> path.read_bytes()[:15]
            b'{"version_info"'
        """
        _check_type(type)
        deadline = self._clock() + timeout
        response = self._results(job_id, type, stream=True, deadline=deadline)
        return self._transport.iter_body(response, f"GET {_CORE}/job_results", deadline=deadline, block=block)

    def metadata(self, job_id: str) -> Metadata:
        """The Core metadata of a finished job, decoded.

        Examples:
            >>> from valossa_metadata.testing import FakeValossa
            >>> with FakeValossa() as fake, fake.client() as client:
            ...     job_id = fake.create_job()
            ...     client.metadata(job_id).job_id == job_id
            True
        """
        from valossa_metadata.metadata import loads

        data = self.job_results(job_id, "core")
        return loads(data, source=f"job {job_id}")

    def download(
        self,
        job_id: str,
        path: str | os.PathLike[str],
        *,
        type: str = "core",
        progress: Callable[[int, int | None], None] | None = None,
        timeout: float = RESULTS_TIMEOUT,
    ) -> Path:
        """Stream a result to ``path`` (a file, or an existing folder); nothing half-written on failure.

        In a folder the file is named ``<job_id>_<type>.<ext>`` with every character of the job
        id outside ``A-Z a-z 0-9 _ . -`` replaced, so it always lands in that folder. Missing
        parent folders of a file path are created. ``progress(done, total)`` follows the bytes
        (``total`` is ``None`` when the server does not say).

        Examples:
            >>> import tempfile
            >>> from valossa_metadata.testing import FakeValossa
            >>> with FakeValossa() as fake, fake.client() as client:
            ...     job_id = fake.create_job(job_id="job-1")
            ...     client.download(job_id, tempfile.mkdtemp()).name
            'job-1_core.json'
        """
        _check_type(type)
        target = Path(path)
        if target.is_dir():
            target = target / safe_result_name(job_id, type)
        with atomic_write(target, "wb", make_parents=True) as handle:
            deadline = self._clock() + timeout
            response = self._results(job_id, type, stream=True, deadline=deadline)
            length = response.headers.get("Content-Length")
            total = int(length) if length and length.isdigit() else None
            done = 0
            for block in self._transport.iter_body(response, f"GET {_CORE}/job_results", deadline=deadline):
                handle.write(block)
                done += len(block)
                if progress is not None:
                    progress(done, total)
        return target

    def _results(
        self, job_id: str, type: str, *, stream: bool, deadline: float | None = None
    ) -> requests.Response:
        params = {"job_id": job_id, "type": type}
        return self._transport.get(f"{_CORE}/job_results", params, stream=stream, deadline=deadline)

    # -- other job calls -----------------------------------------------------------------------

    def list_jobs(self, **filters: str | int | bool) -> Any:
        """All jobs of this key, as the raw JSON answer (its shape is not documented).

        Examples:
            >>> from valossa_metadata.testing import FakeValossa
            >>> with FakeValossa() as fake, fake.client() as client:
            ...     job_id = fake.create_job(job_id="job-1")
            ...     [job["status"] for job in client.list_jobs()["jobs"]]
            ['finished']
        """
        params = {name: _query_value(value) for name, value in filters.items()}
        endpoint = f"{_CORE}/list_jobs"
        return json_body(self._transport.get(endpoint, params), endpoint)

    def find_jobs(self, *, customer_media_id: str) -> list[dict[str, Any]]:
        """The jobs tagged with ``customer_media_id`` (``media.customer_media_info.id``).

        Use it before submitting again after :class:`~valossa_metadata.errors.JobMayExistError`.
        The ``list_jobs`` answer is not documented: this asks for the filter
        ``customer_media_id`` and then keeps, from a list of jobs (bare or under ``jobs``,
        ``results`` or ``data``), those whose ``media`` (or ``job_info.request.media``, or
        ``request.media``) carries the id, or whose ``customer_media_id`` field is it.

        Examples:
            >>> from valossa_metadata.testing import FakeValossa
            >>> with FakeValossa() as fake, fake.client() as client:
            ...     job_id = client.new_job("https://example.com/ep12.mp4", customer_media_id="ep-12")
            ...     [job["job_id"] for job in client.find_jobs(customer_media_id="ep-12")] == [job_id]
            True
        """
        answer = self.list_jobs(customer_media_id=customer_media_id)
        return [job for job in job_entries(answer) if _customer_media_id(job) == customer_media_id]

    def cancel_job(self, job_id: str) -> Any:
        """Cancel a job still in the queue; returns the raw JSON answer (never retried).

        Examples:
            >>> from valossa_metadata.testing import FakeValossa
            >>> with FakeValossa() as fake, fake.client() as client:
            ...     job_id = client.new_job("https://example.com/video.mp4")
            ...     _ = client.cancel_job(job_id)
            ...     client.job_status(job_id).status
            'cancelled'
        """
        endpoint = f"{_CORE}/cancel_job"
        return json_body(self._transport.post_json(endpoint, {"job_id": job_id}), endpoint)

    def delete_job(self, job_id: str) -> Any:
        """Delete a job, its video and all its metadata for good; returns the raw JSON answer.

        Examples:
            >>> from valossa_metadata.testing import FakeValossa
            >>> with FakeValossa() as fake, fake.client() as client:
            ...     client.delete_job(fake.create_job())
            ...     client.list_jobs()
            {}
            {'jobs': []}
        """
        endpoint = f"{_CORE}/delete_job"
        return json_body(self._transport.post_json(endpoint, {"job_id": job_id}), endpoint)

    def upload_file(
        self,
        path: str | os.PathLike[str],
        *,
        progress: Callable[[int, int], None] | None = None,
        state_dir: str | os.PathLike[str] | None = None,
        kind: str = "video",
        keep_url: bool = False,
        notice: Callable[[str], None] | None = None,
    ) -> str:
        """Upload a local file in chunks (resumable) and return its ``valossaupload://`` URL.

        The documented limit of ``kind`` (``"video"``: 7 GB, ``"transcript"``: 5 MB SRT) is
        checked before any byte is sent. A saved upload the server now rejects (expired,
        unknown) starts over once, and ``notice`` hears of it. With ``keep_url=True`` the
        finished URL stays in the state file, so uploading the same unchanged file again
        returns it at once; call :meth:`forget_upload` after ``new_job`` succeeds.

        Examples:
            >>> import tempfile
            >>> from pathlib import Path
            >>> from valossa_metadata.testing import FakeValossa
            >>> folder = tempfile.mkdtemp()
            >>> video = Path(folder, "video.mp4")
            >>> _ = video.write_bytes(bytes(1000))
            >>> with FakeValossa() as fake, fake.client() as client:
            ...     url = client.upload_file(video, state_dir=folder, progress=print)  # print(done, total)
            ...     job_id = client.new_job(url)
            0 1000
            1000 1000
            >>> url
            'valossaupload://...'
        """
        return _upload.upload_file(
            self._transport,
            path,
            progress=progress,
            state_dir=state_dir,
            kind=kind,
            keep_url=keep_url,
            notice=notice,
        )

    def forget_upload(
        self, path: str | os.PathLike[str], *, state_dir: str | os.PathLike[str] | None = None
    ) -> None:
        """Drop the saved state and kept URL of an upload (once a job uses it).

        Examples:
            >>> Client("my-key").forget_upload("/nonexistent/video.mp4")
        """
        _upload.forget_upload(path, state_dir)

    def submit_file(
        self,
        path: str | os.PathLike[str],
        *,
        progress: Callable[[int, int], None] | None = None,
        state_dir: str | os.PathLike[str] | None = None,
        notice: Callable[[str], None] | None = None,
        **new_job_options: Any,
    ) -> str:
        """Upload a local video and create a job for it; the upload is reused if ``new_job`` fails.

        The finished ``valossaupload://`` URL is kept (and given to ``notice``) until
        ``new_job`` succeeds, so running it again after a failed ``new_job`` does not upload
        the file again.

        Examples:
            >>> import tempfile
            >>> from pathlib import Path
            >>> from valossa_metadata.testing import FakeValossa
            >>> folder = tempfile.mkdtemp()
            >>> video = Path(folder, "video.mp4")
            >>> _ = video.write_bytes(bytes(1000))
            >>> with FakeValossa() as fake, fake.client() as client:
            ...     job_id = client.submit_file(video, state_dir=folder, title="Trailer")
            ...     client.job_status(job_id).status
            'queued'
        """
        url = self.upload_file(path, progress=progress, state_dir=state_dir, keep_url=True, notice=notice)
        if notice is not None:
            notice(f"uploaded {os.fspath(path)}: {url}")
        job_id = self.new_job(url, **new_job_options)
        self.forget_upload(path, state_dir=state_dir)
        return job_id


def safe_result_name(job_id: str, type: str) -> str:
    """The file name of a result in a folder: never a path, never hidden.

    Examples:
        >>> safe_result_name("../../etc/passwd", "core")
        '___.._etc_passwd_core.json'
        >>> safe_result_name("j1", "speech_to_text_srt")
        'j1_speech_to_text_srt.srt'
    """
    name = _UNSAFE_NAME.sub("_", job_id)
    name = "_" * (len(name) - len(name.lstrip("."))) + name.lstrip(".") or "job"
    return f"{name}_{type}{_EXTENSIONS.get(type, '.json')}"


def _check_type(type: str) -> None:
    if type not in RESULT_TYPES:
        raise UsageError(f"unknown result type {type!r}; valid types: {', '.join(RESULT_TYPES)}")


def job_entries(answer: Any) -> list[dict[str, Any]]:
    """The job objects of a ``list_jobs`` answer, whatever its (undocumented) shape.

    Examples:
        >>> job_entries({"jobs": [{"job_id": "a"}]}), job_entries([{"job_id": "b"}, "x"])
        ([{'job_id': 'a'}], [{'job_id': 'b'}])
        >>> job_entries({"data": {"jobs": [{"job_id": "c"}]}})
        [{'job_id': 'c'}]
    """
    if isinstance(answer, list):
        return [item for item in answer if isinstance(item, dict)]
    if isinstance(answer, dict):
        for name in ("jobs", "results", "data", "items"):
            if name in answer:
                return job_entries(answer[name])
    return []


def _customer_media_id(job: dict[str, Any]) -> Any:
    direct = job.get("customer_media_id")
    if direct is not None:
        return direct
    for media in (
        job.get("media"),
        (job.get("request") or {}).get("media") if isinstance(job.get("request"), dict) else None,
        _dig(job, "job_info", "request", "media"),
    ):
        if isinstance(media, dict) and isinstance(media.get("customer_media_info"), dict):
            return media["customer_media_info"].get("id")
    return None


def _dig(value: Any, *names: str) -> Any:
    for name in names:
        value = value.get(name) if isinstance(value, dict) else None
    return value


def _query_value(value: str | int | bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _decode_text(response: requests.Response) -> str:
    match = _CHARSET.search(response.headers.get("Content-Type", ""))
    encoding = match.group(1) if match else "utf-8"
    try:
        text = response.content.decode(encoding, "replace")
    except LookupError:
        text = response.content.decode("utf-8", "replace")
    return text.removeprefix("\ufeff")
