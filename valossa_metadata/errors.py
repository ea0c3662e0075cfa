"""Every exception the toolkit raises on purpose.

::

    ValossaError
    ├── MetadataError                 bad input to the decoder (JSON location and source in the message)
    │   ├── UnsupportedVersionError   a metadata_format major version other than 1
    │   └── NotCoreMetadataError      a side file (seconds_objects, ...) given where Core is expected
    ├── TranscriptError               an SRT file that cannot be used (.path, .line, .reason)
    ├── UsageError                    a bad argument value: a time, a type, a format (also a ValueError)
    └── APIError
        ├── APIConnectionError        the request never got an HTTP answer
        │   ├── APITimeoutError       ... because it timed out
        │   └── JobMayExistError      new_job was sent but its answer was lost: the job may exist
        ├── APIStatusError            an HTTP answer other than 200 (.status_code, .messages)
        │   ├── BadRequestError       400
        │   ├── AuthenticationError   401
        │   ├── NotFoundError         404
        │   ├── RateLimitError        429
        │   └── ServerError           5xx
        ├── FileTooLargeError         a file over Valossa's documented limit (checked before upload)
        ├── JobCancelledError         the job was cancelled (.job_id)
        ├── JobFailedError            the job ended in status "error" (.job_id, .details)
        └── JobTimeoutError           wait() passed its deadline (also a TimeoutError)

    ValossaWarning                    a UserWarning: an answer that is right but likely not what was meant
    ├── LayoutWarning                 an undocumented layout of another shape: kept raw, left out of a table
    ├── NoMatchWarning                a type glob that matches no detection type of the file
    └── PastTheEndWarning             a time or window past the end of the video

Wrong argument types from the caller stay plain ``TypeError``.

Examples:
    >>> import valossa_metadata as vm
    >>> try:
    ...     vm.loads(b"[]")
    ... except vm.MetadataError as exc:
    ...     print(type(exc).__name__)
    MetadataError
"""

from __future__ import annotations

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "FileTooLargeError",
    "JobCancelledError",
    "JobFailedError",
    "JobMayExistError",
    "JobTimeoutError",
    "LayoutWarning",
    "MetadataError",
    "NoMatchWarning",
    "NotCoreMetadataError",
    "NotFoundError",
    "PastTheEndWarning",
    "RateLimitError",
    "ServerError",
    "TranscriptError",
    "UnsupportedVersionError",
    "UsageError",
    "ValossaError",
    "ValossaWarning",
]


class ValossaError(Exception):
    """Base class of every error this toolkit raises on purpose."""


class MetadataError(ValossaError, ValueError):
    """Bad input to the decoder: the message names the source and the JSON location.

    ``source`` is the file name (or ``"<bytes>"``), ``path`` the JSON location such as
    ``$.detections['12'].occs[0].ss`` (``None`` when the input is not JSON at all).
    """

    def __init__(self, message: str, *, source: str | None = None, path: str | None = None) -> None:
        self.source = source
        self.path = path
        self.reason = message
        where = ", ".join(part for part in (source, f"at {path}" if path else None) if part)
        super().__init__(f"{where}: {message}" if where else message)


class UnsupportedVersionError(MetadataError):
    """The file declares a ``metadata_format`` major version that this toolkit does not know."""


class TranscriptError(ValossaError, ValueError):
    """An SRT transcript that Valossa could not use; ``path`` and ``line`` (1-based) say where.

    Examples:
        >>> str(TranscriptError("talk.srt", 3, "bad timestamp line"))
        'talk.srt, line 3: bad timestamp line'
    """

    def __init__(self, path: str, line: int | None, reason: str) -> None:
        self.path = path
        self.line = line
        self.reason = reason
        where = f"{path}, line {line}" if line is not None else path
        super().__init__(f"{where}: {reason}")


class NotCoreMetadataError(MetadataError):
    """A side file (``seconds_objects``, ``visual_captions``, ...) where Core metadata was expected.

    ``metadata_type`` names what the file is; read it with :func:`valossa_metadata.load_sidecar`.
    """

    def __init__(self, metadata_type: str, *, source: str | None = None) -> None:
        self.metadata_type = metadata_type
        super().__init__(
            f"this is a {metadata_type!r} result, not Core metadata; read it with vm.load_sidecar()",
            source=source,
            path="$.version_info.metadata_type",
        )


class UsageError(ValossaError, ValueError):
    """A value the caller gave that cannot be used: a bad time, an unknown table, type or format.

    Examples:
        >>> import valossa_metadata as vm
        >>> isinstance(vm.UsageError("no"), ValueError)
        True
    """


class APIError(ValossaError):
    """Base class of the errors of the API client."""


class APIConnectionError(APIError):
    """The request got no (complete) HTTP answer (DNS, refused or dropped connection).

    ``request_sent`` is False when the request surely never reached the server.
    """

    request_sent: bool = False


class APITimeoutError(APIConnectionError):
    """The request timed out before an HTTP answer arrived."""


class APIStatusError(APIError):
    """Valossa answered with an HTTP status other than 200.

    ``status_code`` is the HTTP status and ``messages`` the ``errors[*].message`` strings of
    Valossa's error body (or the raw body text when it is not JSON); ``retry_after`` the seconds
    of the answer's ``Retry-After`` header, if any.
    """

    retry_after: float | None = None

    def __init__(self, status_code: int, messages: list[str], *, endpoint: str = "") -> None:
        self.status_code = status_code
        self.messages = list(messages)
        self.endpoint = endpoint
        text = "; ".join(self.messages) or "no message"
        where = f" from {endpoint}" if endpoint else ""
        super().__init__(f"HTTP {status_code}{where}: {text}")


class BadRequestError(APIStatusError):
    """HTTP 400: malformed request, missing or invalid fields."""


class AuthenticationError(APIStatusError):
    """HTTP 401: the API key is invalid, missing or lacks permission."""


class NotFoundError(APIStatusError):
    """HTTP 404: the job (or gallery, face, image) does not exist for this key."""


class RateLimitError(APIStatusError):
    """HTTP 429: too many requests."""


class ServerError(APIStatusError):
    """HTTP 5xx: a server-side failure."""


class JobMayExistError(APIConnectionError):
    """``new_job`` was sent but its answer was lost (reset, closed, read timeout): the job may exist.

    Submitting again may create (and bill) a second job. ``customer_media_id`` is the tag the
    request carried, if any; look for it with ``Client.find_jobs(customer_media_id=...)`` (or the
    ``jobs`` command) before submitting again.

    Examples:
        >>> str(JobMayExistError("connection reset", customer_media_id="ep-12")).split(";")[0]
        'new_job: the request was sent but its answer was lost (connection reset)'
    """

    def __init__(self, reason: str, *, customer_media_id: str | None = None) -> None:
        self.reason = reason
        self.customer_media_id = customer_media_id
        if customer_media_id is not None:
            check = (
                f"look for customer media id {customer_media_id!r} with "
                f"'valossa-metadata jobs --customer-media-id {customer_media_id}'"
            )
        else:
            check = (
                "look for it with 'valossa-metadata jobs' (tag jobs with --customer-media-id to find them)"
            )
        super().__init__(
            f"new_job: the request was sent but its answer was lost ({reason}); "
            f"the job may have been created and billed: {check} before submitting again"
        )


class FileTooLargeError(APIError, ValueError):
    """A file over Valossa's documented size limit, refused before any byte is sent.

    Examples:
        >>> FileTooLargeError("a.srt", 6_000_000, 5 * 1024**2, "an SRT transcript").limit
        5242880
    """

    def __init__(self, path: str, size: int, limit: int, what: str) -> None:
        self.path = path
        self.size = size
        self.limit = limit
        super().__init__(
            f"{path}: {size} bytes; {what} may be at most {limit} bytes ({limit / 1024**2:g} MiB)"
        )


class JobFailedError(APIError):
    """The job ended in status ``error``; ``details`` is Valossa's explanation (one line)."""

    def __init__(self, job_id: str, details: str | None) -> None:
        self.job_id = job_id
        self.details = " ".join(details.split()) if details else details
        super().__init__(f"job {job_id} failed: {self.details or 'no details given'}")


class JobCancelledError(APIError):
    """The job was cancelled (``cancel_job``) and will never finish.

    Examples:
        >>> str(JobCancelledError("j1"))
        'job j1 was cancelled; it will not finish (submit it again to analyse the media)'
    """

    def __init__(self, job_id: str) -> None:
        self.job_id = job_id
        super().__init__(
            f"job {job_id} was cancelled; it will not finish (submit it again to analyse the media)"
        )


class JobTimeoutError(APIError, TimeoutError):
    """``wait()`` reached its deadline before the job finished."""

    def __init__(self, job_id: str, timeout: float, last_status: str | None) -> None:
        self.job_id = job_id
        self.timeout = timeout
        self.last_status = last_status
        super().__init__(
            f"job {job_id} did not finish within {timeout:g} s (last status: {last_status or 'unknown'})"
        )


class ValossaWarning(UserWarning):
    """An answer that is right but probably not what was meant (the command line prints it as a note)."""


class LayoutWarning(ValossaWarning):
    """A part of a file whose layout Valossa does not document (per-second colours, voice arousal, ...)
    has another shape than this toolkit expects: it is kept in ``md.raw`` and left out of the table."""


class NoMatchWarning(ValossaWarning):
    """A type glob that matches none of the file's detection types; the message lists them.

    Examples:
        >>> import warnings, valossa_metadata as vm
        >>> md = vm.load("sample_results/current_format_example.json")
        >>> with warnings.catch_warnings(record=True) as caught:
        ...     warnings.simplefilter("always")
        ...     md.select(types="visual.objet").occurrences().height
        0
        >>> "closest: visual.object.localized" in str(caught[0].message)
        True
    """


class PastTheEndWarning(ValossaWarning):
    """A time or a window that starts past the end of the video: the answer is empty.

    Examples:
        >>> import warnings, valossa_metadata as vm
        >>> md = vm.load("sample_results/current_format_example.json")
        >>> with warnings.catch_warnings(record=True) as caught:
        ...     warnings.simplefilter("always")
        ...     md.at("1:00:00").height
        0
        >>> caught[0].category.__name__
        'PastTheEndWarning'
    """
