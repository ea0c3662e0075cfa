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
from collections.abc import Callable
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
    excerpt,
    json_body,
    transport_error,
)
from valossa_metadata.api.constants import API_KEY_ENV, JSON_RESULT_TYPES, RESULT_TYPES, TEXT_RESULT_TYPES
from valossa_metadata.api.training import TrainingClient
from valossa_metadata.errors import APIError, JobFailedError, JobTimeoutError, UsageError
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
        """True for ``finished`` and ``error``.

        Examples:
            >>> JobStatus(job_id="j", status="finished").is_terminal
            True
        """
        return self.status in ("finished", "error")


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

    The key comes from ``api_key`` or the ``VALOSSA_API_KEY`` environment variable. Idempotent
    calls (GETs and ``send_file_chunk``) are retried up to ``max_retries`` times on connection
    errors, timeouts, 429 and 5xx; job creation, cancel and delete never are.

    Examples:
        >>> with Client("my-key", base_url="https://api-eu.valossa.com") as client:
        ...     client.base_url
        'https://api-eu.valossa.com'
    """

    def __init__(
        self,
        api_key: str | None = None,
        *,
        base_url: str = DEFAULT_BASE_URL,
        session: requests.Session | None = None,
        timeout: Timeout = (10, 60),
        max_retries: int = 4,
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
            sleep=sleep,
            rng=rng,
        )
        self._sleep = sleep
        self._clock = clock
        self.training = TrainingClient(self._transport)

    @property
    def base_url(self) -> str:
        """The base URL without a trailing slash.

        Examples:
            >>> Client("my-key").base_url
            'https://api-eu.valossa.com'
        """
        return self._transport.base_url

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

        Examples:
            >>> # job_id = client.new_job("https://example.com/video.mp4", title="Trailer", language="en-US")
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
        answer = json_body(self._transport.post_json(endpoint, body), endpoint)
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
            >>> # job_id = client.submit_transcript("interview.srt", title="Interview", language="en-US")
        """
        text = os.fspath(srt)
        if re.match(r"(?i)(https?|valossaupload)://", text):
            transcript_url = text
        else:
            validate_srt(text)
            transcript_url = self.upload_file(text)
        return self.new_job(video_url, transcript_url=transcript_url, title=title, language=language)

    def job_status(self, job_id: str) -> JobStatus:
        """The current status of a job.

        Examples:
            >>> # client.job_status(job_id).status  ->  'processing'
        """
        endpoint = f"{_CORE}/job_status"
        answer = json_body(self._transport.get(endpoint, {"job_id": job_id}), endpoint)
        if not isinstance(answer, dict):
            raise APIError(f"{endpoint}: unexpected answer {excerpt(answer)}")
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
    ) -> JobStatus:
        """Poll until the job is ``finished`` (returned) or ``error`` (:class:`JobFailedError`).

        Waits ``poll_again_after_seconds`` between polls (``poll_interval`` when the server gives
        none); raises :class:`JobTimeoutError` after ``timeout`` seconds. Unknown statuses keep
        the loop polling.

        Examples:
            >>> # status = client.wait(job_id, timeout=7200, on_status=lambda s: print(s.status))
        """
        deadline = self._clock() + timeout
        while True:
            status = self.job_status(job_id)
            if on_status is not None:
                on_status(status)
            if status.status == "finished":
                return status
            if status.status == "error":
                raise JobFailedError(
                    job_id, self._transport.redact(status.details) if status.details else None
                )
            remaining = deadline - self._clock()
            if remaining <= 0:
                raise JobTimeoutError(job_id, timeout, status.status)
            hint = status.poll_again_after_seconds
            delay = poll_interval if hint is None else hint
            self._sleep(min(max(delay, 0.0), remaining))

    # -- results -------------------------------------------------------------------------------

    def job_results(self, job_id: str, type: str = "core") -> bytes | str:
        """One result of a finished job: ``bytes`` for JSON types, ``str`` for subtitle types.

        Examples:
            >>> # core = client.job_results(job_id)                        # bytes (JSON)
            >>> # srt = client.job_results(job_id, "speech_to_text_srt")   # str
        """
        _check_type(type)
        response = self._results(job_id, type, stream=False)
        if type in JSON_RESULT_TYPES:
            return response.content
        return _decode_text(response)

    def metadata(self, job_id: str) -> Metadata:
        """The Core metadata of a finished job, decoded.

        Examples:
            >>> # md = client.metadata(job_id); md.job_id
        """
        from valossa_metadata.metadata import loads

        data = self.job_results(job_id, "core")
        return loads(data, source=f"job {job_id}")

    def download(self, job_id: str, path: str | os.PathLike[str], *, type: str = "core") -> Path:
        """Stream a result to ``path`` (a file, or an existing folder); nothing half-written on failure.

        Missing parent folders are created.

        Examples:
            >>> # client.download(job_id, "results/")  ->  Path('results/<job_id>_core.json')
        """
        _check_type(type)
        target = Path(path)
        if target.is_dir():
            target = target / f"{job_id}_{type}{_EXTENSIONS.get(type, '.json')}"
        try:
            with atomic_write(target, "wb", make_parents=True) as handle:
                response = self._results(job_id, type, stream=True)
                try:
                    for block in response.iter_content(chunk_size=1 << 16):
                        handle.write(block)
                finally:
                    response.close()
        except requests.RequestException as exc:
            raise transport_error(exc, f"GET {_CORE}/job_results", ()) from None
        return target

    def _results(self, job_id: str, type: str, *, stream: bool) -> requests.Response:
        return self._transport.get(f"{_CORE}/job_results", {"job_id": job_id, "type": type}, stream=stream)

    # -- other job calls -----------------------------------------------------------------------

    def list_jobs(self, **filters: str | int | bool) -> Any:
        """All jobs of this key, as the raw JSON answer (its shape is not documented).

        Examples:
            >>> # client.list_jobs()  ->  {"jobs": [...]}
        """
        params = {name: _query_value(value) for name, value in filters.items()}
        endpoint = f"{_CORE}/list_jobs"
        return json_body(self._transport.get(endpoint, params), endpoint)

    def cancel_job(self, job_id: str) -> Any:
        """Cancel a job still in the queue; returns the raw JSON answer (never retried).

        Examples:
            >>> # client.cancel_job(job_id)
        """
        endpoint = f"{_CORE}/cancel_job"
        return json_body(self._transport.post_json(endpoint, {"job_id": job_id}), endpoint)

    def delete_job(self, job_id: str) -> Any:
        """Delete a job, its video and all its metadata for good; returns the raw JSON answer.

        Examples:
            >>> # client.delete_job(job_id)
        """
        endpoint = f"{_CORE}/delete_job"
        return json_body(self._transport.post_json(endpoint, {"job_id": job_id}), endpoint)

    def upload_file(
        self,
        path: str | os.PathLike[str],
        *,
        progress: Callable[[int, int], None] | None = None,
        state_dir: str | os.PathLike[str] | None = None,
    ) -> str:
        """Upload a local file in chunks (resumable) and return its ``valossaupload://`` URL.

        Examples:
            >>> # url = client.upload_file("video.mp4", progress=lambda done, total: print(done, total))
            >>> # job_id = client.new_job(url)
        """
        return _upload.upload_file(self._transport, path, progress=progress, state_dir=state_dir)


def _check_type(type: str) -> None:
    if type not in RESULT_TYPES:
        raise UsageError(f"unknown result type {type!r}; valid types: {', '.join(RESULT_TYPES)}")


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
