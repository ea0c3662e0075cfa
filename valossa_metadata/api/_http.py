"""The HTTP layer of the API client: session, errors, retries and key redaction.

Everything that knows *where the API key goes* and *how an HTTP answer becomes an exception*
lives here, so the endpoint modules only name a function and its fields. The retry policy is a
set of pure functions (:func:`is_idempotent`, :func:`is_retryable_status`,
:func:`parse_retry_after`, :func:`backoff_delay`, :func:`retry_delay`); :class:`Transport` is
the only loop that uses them.
"""

from __future__ import annotations

import email.utils
import ipaddress
import logging
import random
import re
import time
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping
from typing import Any
from urllib.parse import quote, quote_plus, urlsplit

import msgspec
import requests

from valossa_metadata._version import __version__
from valossa_metadata.api.constants import API_PREFIXES, DEFAULT_BASE_URL
from valossa_metadata.errors import (
    APIConnectionError,
    APIError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    NotFoundError,
    RateLimitError,
    ServerError,
    UsageError,
)

__all__ = [
    "DEFAULT_BASE_URL",
    "USER_AGENT",
    "RedactingFilter",
    "Transport",
    "backoff_delay",
    "check_base_url",
    "error_for_status",
    "excerpt",
    "install_redaction",
    "is_idempotent",
    "is_retryable_status",
    "parse_error_messages",
    "parse_retry_after",
    "redact",
    "retry_delay",
]

USER_AGENT = f"valossa-metadata/{__version__}"
LOGGER_NAME = "valossa_metadata"
logger = logging.getLogger(LOGGER_NAME)

#: POST functions that may be repeated safely: re-sending a chunk overwrites the same slice.
IDEMPOTENT_POSTS = frozenset({"send_file_chunk"})
BACKOFF_BASE = 0.5
BACKOFF_CAP = 30.0
_MAX_ERROR_TEXT = 500

# Loggers that print request URLs (and so the key in GET query strings).
_URLLIB3_LOGGERS = (
    "urllib3.connectionpool",
    "urllib3.connection",
    "urllib3.poolmanager",
    "urllib3.response",
    "urllib3.util.retry",
)

Sleep = Callable[[float], None]
Rng = Callable[[], float]
Timeout = float | tuple[float, float]

# ---------------------------------------------------------------------------------------------
# Redaction

_MASK = "***"
_REDACTIONS = (
    # query strings and form-encoded bodies: api_key=VALUE
    (re.compile(r"(api_key=)[^&\s'\"#;,)]*", re.IGNORECASE), rf"\g<1>{_MASK}"),
    # JSON: "api_key": "VALUE"
    (re.compile(r'("api_key"\s*:\s*")(?:[^"\\]|\\.)*(")', re.IGNORECASE), rf"\g<1>{_MASK}\g<2>"),
    # Python reprs of dicts: 'api_key': 'VALUE'
    (re.compile(r"('api_key'\s*:\s*')(?:[^'\\]|\\.)*(')", re.IGNORECASE), rf"\g<1>{_MASK}\g<2>"),
    # multipart bodies: name="api_key" <headers> <blank line> VALUE
    (re.compile(r'(name="api_key"\r?\n(?:[^\r\n]+\r?\n)*\r?\n)[^\r\n]*', re.IGNORECASE), rf"\g<1>{_MASK}"),
)
_MIN_LITERAL_SECRET = 6


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """Mask API keys in ``text``: ``api_key=...``, JSON ``"api_key": "..."`` and known keys.

    Examples:
        >>> redact("GET /core/1.0/job_status?api_key=abc123&job_id=j")
        'GET /core/1.0/job_status?api_key=***&job_id=j'
        >>> redact('{"api_key": "abc123"}')
        '{"api_key": "***"}'
    """
    for pattern, replacement in _REDACTIONS:
        text = pattern.sub(replacement, text)
    for secret in secrets:
        if len(secret) < _MIN_LITERAL_SECRET:
            continue
        for form in {secret, quote(secret, safe=""), quote_plus(secret)}:
            text = text.replace(form, _MASK)
    return text


class RedactingFilter(logging.Filter):
    """A logging filter that masks API keys in every record it sees (message and traceback).

    Examples:
        >>> record = logging.LogRecord("x", logging.DEBUG, "", 0, "url %s", ("?api_key=k1",), None)
        >>> RedactingFilter().filter(record), record.getMessage()
        (True, 'url ?api_key=***')
    """

    def __init__(self) -> None:
        super().__init__()
        self._secrets: set[str] = set()

    def add_secret(self, secret: str) -> None:
        """Also mask this literal key wherever it appears (not only after ``api_key=``).

        Examples:
            >>> f = RedactingFilter()
            >>> f.add_secret("s3cret-key")
        """
        self._secrets.add(secret)

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite ``record`` in place with keys masked; never drops a record.

        Examples:
            >>> record = logging.LogRecord("x", 10, "", 0, '{"api_key": "k"}', None, None)
            >>> RedactingFilter().filter(record)
            True
        """
        try:
            message = record.getMessage()
        except Exception:  # a malformed record: leave it for logging to report
            return True
        cleaned = redact(message, self._secrets)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info and not record.exc_text:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info), self._secrets)
        return True


_FILTER = RedactingFilter()


def excerpt(value: Any, limit: int = 200) -> str:
    """A short, redacted ``repr`` of an answer for an error message (redacted before it is cut).

    Examples:
        >>> excerpt({"api_key": "abc", "x": "y" * 500})[:30]
        "{'api_key': '***', 'x': 'yyyyy"
    """
    text = redact(value if isinstance(value, str) else repr(value), _FILTER._secrets)
    return text if len(text) <= limit else text[:limit] + "…"


def install_redaction(secret: str | None = None) -> RedactingFilter:
    """Install the shared redacting filter on urllib3's and this project's loggers (idempotent).

    Examples:
        >>> install_redaction() is install_redaction()
        True
    """
    if secret:
        _FILTER.add_secret(secret)
    for name in (*_URLLIB3_LOGGERS, LOGGER_NAME):
        target = logging.getLogger(name)
        if _FILTER not in target.filters:
            target.addFilter(_FILTER)
    return _FILTER


# ---------------------------------------------------------------------------------------------
# Base URL


def check_base_url(base_url: str) -> str:
    """The API's root URL: no trailing slash, no ``core/1.0`` or ``training/1.0``; HTTPS only.

    Valossa documents its bases as ``https://api-eu.valossa.com/core/1.0/`` and
    ``…/training/1.0/``; either form, or the bare host, gives the same root. Plain http is
    allowed only to loopback hosts (tests).

    Examples:
        >>> check_base_url("https://api-eu.valossa.com/core/1.0/")
        'https://api-eu.valossa.com'
        >>> check_base_url("https://api-eu.valossa.com/training/1.0")
        'https://api-eu.valossa.com'
        >>> check_base_url("http://127.0.0.1:8080")
        'http://127.0.0.1:8080'
    """
    if not isinstance(base_url, str):
        raise TypeError(f"base_url must be a str, not {type(base_url).__name__}")
    parts = urlsplit(base_url)
    host = parts.hostname or ""
    if parts.scheme not in ("https", "http") or not host:
        raise UsageError(f"base_url must be an https:// URL with a host, got {base_url!r}")
    if parts.username or parts.password or parts.query or parts.fragment:
        raise UsageError("base_url must not contain credentials, a query or a fragment")
    if parts.scheme == "http" and not is_loopback(host):
        raise UsageError(
            f"base_url {base_url!r} uses plain http; Valossa requires HTTPS "
            "(http is allowed only to 127.0.0.0/8, ::1 and localhost, for tests)"
        )
    root = base_url.rstrip("/")
    for prefix in API_PREFIXES:
        if root.endswith("/" + prefix):
            return root[: -len(prefix) - 1]
    return root


def is_loopback(host: str) -> bool:
    """True for ``localhost``, 127.0.0.0/8 and ::1.

    Examples:
        >>> is_loopback("127.0.0.2"), is_loopback("localhost"), is_loopback("example.com")
        (True, True, False)
    """
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


# ---------------------------------------------------------------------------------------------
# Errors


def one_line(text: str) -> str:
    """``text`` with every run of whitespace (newlines included) made one space.

    Examples:
        >>> one_line("Media download failed:\\n  HTTP 403\\n")
        'Media download failed: HTTP 403'
    """
    return " ".join(text.split())


_HTML = re.compile(rb"^\s*(<!doctype\s+html|<html|<head|<body|<h1|<center)", re.IGNORECASE)
_HTML_TITLE = re.compile(rb"<(title|h1)[^>]*>(.*?)</\1\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


def _html_summary(raw: bytes) -> str:
    match = _HTML_TITLE.search(raw)
    text = match.group(2).decode("utf-8", "replace") if match else ""
    return one_line(_TAG.sub(" ", text)) or "an HTML error page"


def parse_error_messages(body: bytes | str) -> list[str]:
    """Valossa's ``{"errors": [{"message": ...}]}`` as a list of one-line strings.

    Other bodies: an HTML page (a proxy's 502) gives its title, anything else its text, on one line.

    Examples:
        >>> parse_error_messages(b'{"errors": [{"message": "Job not found"}]}')
        ['Job not found']
        >>> parse_error_messages("<html><head><title>502 Bad Gateway</title></head></html>")
        ['502 Bad Gateway']
    """
    raw = body.encode("utf-8", "replace") if isinstance(body, str) else body
    try:
        data = msgspec.json.decode(raw)
    except msgspec.DecodeError:
        data = None
    if isinstance(data, dict) and isinstance(data.get("errors"), list):
        messages = [
            one_line(str(item.get("message")) if isinstance(item, dict) and "message" in item else str(item))
            for item in data["errors"]
        ]
        if messages:
            return messages
    if _HTML.match(raw[:1024]):
        return [_html_summary(raw[:65536])]
    text = one_line(raw.decode("utf-8", "replace"))
    if len(text) > _MAX_ERROR_TEXT:
        text = text[:_MAX_ERROR_TEXT] + "…"
    return [text] if text else []


_STATUS_ERRORS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    404: NotFoundError,
    429: RateLimitError,
}


def error_for_status(
    status_code: int, body: bytes | str, *, endpoint: str = "", secrets: Iterable[str] = ()
) -> APIStatusError:
    """The one mapping from an HTTP status (and Valossa's error body) to an exception instance.

    Examples:
        >>> error_for_status(404, b'{"errors": [{"message": "Job not found"}]}', endpoint="job_status")
        NotFoundError('HTTP 404 from job_status: Job not found')
        >>> type(error_for_status(503, b"")).__name__
        'ServerError'
    """
    if 500 <= status_code <= 599:
        cls: type[APIStatusError] = ServerError
    else:
        cls = _STATUS_ERRORS.get(status_code, APIStatusError)
    keys = list(secrets)
    messages = [redact(message, keys) for message in parse_error_messages(body)]
    return cls(status_code, messages, endpoint=endpoint)


def request_may_have_arrived(exc: BaseException) -> bool:
    """False only when the failure is known to have happened before the request left (no connection).

    Examples:
        >>> request_may_have_arrived(requests.ConnectTimeout("x"))
        False
        >>> request_may_have_arrived(requests.ReadTimeout("x"))
        True
    """
    from urllib3.exceptions import NewConnectionError

    if isinstance(exc, requests.ConnectTimeout):
        return False
    seen: set[int] = set()
    pending: list[BaseException] = [exc]
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, NewConnectionError):
            return False
        pending += [arg for arg in current.args if isinstance(arg, BaseException)]
        reason = getattr(current, "reason", None)
        if isinstance(reason, BaseException):
            pending.append(reason)
        pending += [e for e in (current.__cause__, current.__context__) if e is not None]
    return True


def transport_error(exc: BaseException, endpoint: str, secrets: Iterable[str] = ()) -> APIError:
    """Our own (redacted) exception for a failure that got no (complete) HTTP answer.

    ``request_sent`` on a connection error says whether the server may have received the request.

    Examples:
        >>> transport_error(requests.ConnectTimeout("x?api_key=k1"), "GET job_status")
        APITimeoutError('GET job_status: timed out (x?api_key=***)')
    """
    detail = one_line(redact(str(exc), secrets))[:_MAX_ERROR_TEXT]
    error: APIConnectionError
    if isinstance(exc, (requests.Timeout, DeadlineExceeded)):
        error = APITimeoutError(f"{endpoint}: timed out ({detail})")
    elif isinstance(exc, (requests.ConnectionError, requests.exceptions.ChunkedEncodingError)) or (
        isinstance(exc, OSError) and not isinstance(exc, requests.RequestException)
    ):
        error = APIConnectionError(f"{endpoint}: connection failed ({detail})")
    else:
        return APIError(f"{endpoint}: request failed: {type(exc).__name__} ({detail})")
    error.request_sent = request_may_have_arrived(exc)
    return error


class DeadlineExceeded(Exception):
    """The whole-call deadline passed while an answer was still arriving."""


# ---------------------------------------------------------------------------------------------
# Retry policy (pure functions)


def is_idempotent(method: str, function: str) -> bool:
    """May this call be repeated automatically? GETs and ``send_file_chunk`` only.

    Examples:
        >>> is_idempotent("GET", "job_status"), is_idempotent("POST", "new_job")
        (True, False)
        >>> is_idempotent("POST", "send_file_chunk")
        True
    """
    return method.upper() == "GET" or (method.upper() == "POST" and function in IDEMPOTENT_POSTS)


def is_retryable_status(status_code: int) -> bool:
    """429 and 5xx are worth another try (for idempotent calls).

    Examples:
        >>> [is_retryable_status(s) for s in (400, 404, 429, 500, 503)]
        [False, False, True, True, True]
    """
    return status_code == 429 or 500 <= status_code <= 599


def parse_retry_after(value: str | None, *, now: Callable[[], float] = time.time) -> float | None:
    """Seconds from a ``Retry-After`` header: delta-seconds or an HTTP-date (``now`` is Unix time).

    A date in the past gives 0; anything unreadable gives ``None``.

    Examples:
        >>> parse_retry_after("3"), parse_retry_after("1.5")
        (3.0, 1.5)
        >>> parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=lambda: 1445412470.0)
        10.0
        >>> parse_retry_after("soon") is None
        True
    """
    if value is None:
        return None
    text = value.strip()
    try:
        seconds = float(text)
    except ValueError:
        try:
            moment = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
        if moment.tzinfo is None:
            return None
        return max(moment.timestamp() - now(), 0.0)
    if seconds != seconds or seconds < 0 or seconds == float("inf"):  # NaN, negative, infinite
        return None
    return seconds


def backoff_delay(
    attempt: int,
    *,
    retry_after: float | None = None,
    rng: Rng = random.random,
    base: float = BACKOFF_BASE,
    cap: float = BACKOFF_CAP,
) -> float:
    """Seconds to wait before retry number ``attempt + 1``: ``Retry-After`` if given, else full jitter.

    Full jitter draws uniformly from ``[0, min(cap, base * 2**attempt))``. ``Retry-After`` is
    taken as given (the caller's deadline bounds it).

    Examples:
        >>> backoff_delay(0, rng=lambda: 1.0), backoff_delay(3, rng=lambda: 0.5)
        (0.5, 2.0)
        >>> backoff_delay(10, rng=lambda: 1.0), backoff_delay(0, retry_after=70)
        (30.0, 70.0)
    """
    if retry_after is not None:
        return float(max(retry_after, 0.0))
    ceiling = min(cap, base * 2.0 ** min(attempt, 62))
    return rng() * ceiling


def retry_delay(
    attempt: int,
    max_retries: int,
    *,
    idempotent: bool,
    status_code: int | None = None,
    retry_after: float | None = None,
    rng: Rng = random.random,
) -> float | None:
    """The delay before the next attempt, or ``None`` when the call must not be retried.

    ``status_code`` is ``None`` for a connection error or timeout.

    Examples:
        >>> retry_delay(0, 4, idempotent=False, status_code=503) is None
        True
        >>> retry_delay(0, 4, idempotent=True, status_code=503, retry_after=2)
        2.0
        >>> retry_delay(4, 4, idempotent=True) is None
        True
    """
    if not idempotent or attempt >= max_retries:
        return None
    if status_code is not None and not is_retryable_status(status_code):
        return None
    return backoff_delay(attempt, retry_after=retry_after, rng=rng)


# ---------------------------------------------------------------------------------------------
# Transport

FormValue = str | int
FileField = tuple[str, bytes, str]


class Transport:
    """A requests session bound to one base URL and key; puts the key where each method needs it.

    ``timeout`` bounds each attempt as a whole (connecting, waiting and reading the body, however
    slowly the bytes arrive): seconds, or ``(connect, total)``. ``max_wait`` bounds one call,
    retries and ``Retry-After`` waits included, unless the caller passes its own ``deadline``.

    Examples:
        >>> t = Transport("k" * 8, base_url="https://api-eu.valossa.com/core/1.0/")
        >>> t.url("core/1.0/job_status")
        'https://api-eu.valossa.com/core/1.0/job_status'
        >>> t.close()
    """

    def __init__(
        self,
        api_key: str,
        *,
        base_url: str = DEFAULT_BASE_URL,
        session: requests.Session | None = None,
        timeout: Timeout = (10, 60),
        max_retries: int = 4,
        max_wait: float = 300.0,
        sleep: Sleep = time.sleep,
        rng: Rng = random.random,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.base_url = check_base_url(base_url)
        self._key = api_key
        self._own_session = session is None
        self.session = session if session is not None else requests.Session()
        if self._own_session and is_loopback(urlsplit(self.base_url).hostname or ""):
            self.session.trust_env = False  # no proxy for a local (test) server
        self.timeout = _timeout_pair(timeout)
        if max_retries < 0:
            raise UsageError("max_retries must be >= 0")
        if not max_wait >= 0:
            raise UsageError("max_wait must be >= 0")
        self.max_retries = max_retries
        self.max_wait = float(max_wait)
        self.sleep = sleep
        self.rng = rng
        self.clock = clock
        install_redaction(api_key)

    def __repr__(self) -> str:
        return f"Transport(base_url={self.base_url!r})"

    def url(self, path: str) -> str:
        """The full URL of an API path such as ``core/1.0/job_status``.

        Examples:
            >>> Transport("k" * 8).url("training/1.0/upload_image")
            'https://api-eu.valossa.com/training/1.0/upload_image'
        """
        return f"{self.base_url}/{path.lstrip('/')}"

    def redact(self, text: str) -> str:
        """Mask this transport's key (and any ``api_key=`` value) in ``text``.

        Examples:
            >>> Transport("secret-key-1").redact("key secret-key-1")
            'key ***'
        """
        return redact(text, (self._key,))

    def close(self) -> None:
        """Close the session if this transport created it.

        Examples:
            >>> Transport("k" * 8).close()
        """
        if self._own_session:
            self.session.close()

    # -- the four request shapes ---------------------------------------------------------------

    def get(
        self,
        path: str,
        params: Mapping[str, FormValue] | None = None,
        *,
        stream: bool = False,
        deadline: float | None = None,
        max_retries: int | None = None,
    ) -> requests.Response:
        """GET with the key in the query string.

        With ``stream=True`` the body is left unread; read it with :meth:`iter_body`.
        ``max_retries`` overrides the transport's for this call.

        Examples:
            >>> from valossa_metadata.testing import FakeValossa
            >>> with FakeValossa() as fake:
            ...     transport = Transport(fake.api_key, base_url=fake.base_url)
            ...     job_id = fake.create_job()
            ...     response = transport.get("core/1.0/job_status", {"job_id": job_id})
            ...     transport.close()
            >>> response.json()["status"]
            'finished'
        """
        query = {"api_key": self._key, **{k: str(v) for k, v in (params or {}).items() if k != "api_key"}}
        return self._send(
            "GET", path, params=query, stream=stream, deadline=deadline, max_retries=max_retries
        )

    def post_json(self, path: str, body: Mapping[str, Any]) -> requests.Response:
        """POST a JSON body with ``api_key`` as its first field.

        Examples:
            >>> from valossa_metadata.testing import FakeValossa
            >>> with FakeValossa() as fake:
            ...     transport = Transport(fake.api_key, base_url=fake.base_url)
            ...     job_id = fake.create_job()
            ...     response = transport.post_json("core/1.0/delete_job", {"job_id": job_id})
            ...     transport.close()
            >>> response.status_code
            200
        """
        payload = msgspec.json.encode(
            {"api_key": self._key, **{k: v for k, v in body.items() if k != "api_key"}}
        )
        return self._send("POST", path, data=payload, headers={"Content-Type": "application/json"})

    def post_form(
        self,
        path: str,
        fields: Mapping[str, FormValue],
        file_fields: Mapping[str, FileField] | None = None,
    ) -> requests.Response:
        """POST ``multipart/form-data`` with the key as form field ``api_key``.

        Fields are sent as form parts even without a file, so the body is always multipart.

        Examples:
            >>> from valossa_metadata.testing import FakeValossa
            >>> with FakeValossa() as fake:
            ...     transport = Transport(fake.api_key, base_url=fake.base_url)
            ...     response = transport.post_form("core/1.0/initialize_file_upload", {"file_size_bytes": 10})
            ...     transport.close()
            >>> sorted(response.json())
            ['file_chunk_size_bytes', 'upload_id']
        """
        parts: list[tuple[str, tuple[str | None, bytes | str] | tuple[str, bytes, str]]] = [
            ("api_key", (None, self._key))
        ]
        parts += [(name, (None, str(value))) for name, value in fields.items() if name != "api_key"]
        parts += list((file_fields or {}).items())
        return self._send("POST", path, files=parts)

    def iter_body(
        self,
        response: requests.Response,
        endpoint: str,
        *,
        deadline: float | None = None,
        block: int = 1 << 16,
    ) -> Generator[bytes, None, None]:
        """The body of a streamed answer in blocks of at most ``block`` bytes, closed at the end.

        A deadline passed mid-body raises :class:`~valossa_metadata.errors.APITimeoutError`; a
        connection lost mid-body :class:`~valossa_metadata.errors.APIConnectionError`.

        Examples:
            >>> from valossa_metadata.testing import FakeValossa
            >>> with FakeValossa() as fake:
            ...     transport = Transport(fake.api_key, base_url=fake.base_url)
            ...     job_id = fake.create_job()
            ...     response = transport.get("core/1.0/job_results", {"job_id": job_id}, stream=True)
            ...     body = b"".join(transport.iter_body(response, "GET job_results"))
            ...     transport.close()
            >>> body[:15]
            b'{"version_info"'
        """
        failure: APIError | None = None
        try:
            yield from _read_blocks(response, deadline, self.clock, block)
        except (requests.RequestException, DeadlineExceeded, OSError) as exc:
            failure = transport_error(exc, endpoint, (self._key,))
        except Exception as exc:  # urllib3's own errors (ProtocolError, ReadTimeoutError, ...)
            failure = _urllib3_error(exc, endpoint, (self._key,))
        finally:
            if response.raw is not None:
                response.close()
        if failure is not None:
            raise failure

    # -- the retry loop ------------------------------------------------------------------------

    def _send(
        self,
        method: str,
        path: str,
        *,
        stream: bool = False,
        deadline: float | None = None,
        max_retries: int | None = None,
        **kwargs: Any,
    ) -> requests.Response:
        function = path.rstrip("/").rsplit("/", 1)[-1]
        endpoint = f"{method} {path}"
        idempotent = is_idempotent(method, function)
        headers = {"User-Agent": USER_AGENT, "Accept": "application/json, text/plain, */*"}
        headers.update(kwargs.pop("headers", {}))
        call_deadline = deadline if deadline is not None else self.clock() + self.max_wait
        attempt = 0
        while True:
            outcome = self._attempt(method, path, endpoint, headers, stream, call_deadline, kwargs)
            if isinstance(outcome, requests.Response):
                return outcome
            error, status_code, retry_after = outcome
            if isinstance(error, APIConnectionError) and error.request_sent and not idempotent:
                raise error  # the server may have acted on it: never repeat
            retryable = status_code is not None or isinstance(error, APIConnectionError)
            delay = retry_delay(
                attempt,
                self.max_retries if max_retries is None else max_retries,
                idempotent=idempotent and retryable,
                status_code=status_code,
                retry_after=retry_after,
                rng=self.rng,
            )
            if delay is None:
                raise error
            remaining = call_deadline - self.clock()
            if delay > remaining:
                if retry_after is not None:
                    error.args = (
                        f"{error.args[0]} (the server asked to retry after {delay:g} s, past the deadline)",
                    )
                raise error
            logger.debug("%s: %s; retry %d in %.2f s", endpoint, error, attempt + 1, delay)
            self.sleep(delay)
            attempt += 1

    def _attempt(
        self,
        method: str,
        path: str,
        endpoint: str,
        headers: dict[str, str],
        stream: bool,
        call_deadline: float,
        kwargs: dict[str, Any],
    ) -> requests.Response | tuple[APIError, int | None, float | None]:
        """One request: the answer, or (the error, its HTTP status or None, Retry-After)."""
        connect, total = self.timeout
        remaining = call_deadline - self.clock()
        if remaining <= 0:
            return APITimeoutError(f"{endpoint}: timed out (deadline passed before the request)"), None, None
        attempt_deadline = self.clock() + min(total, remaining)
        read_timeout = min(total, remaining)
        failure: BaseException | None = None
        try:
            response = self.session.request(
                method,
                self.url(path),
                headers=headers,
                timeout=(min(connect, read_timeout), read_timeout),
                allow_redirects=False,
                stream=True,
                **kwargs,
            )
        except requests.RequestException as exc:
            failure = exc
        if failure is not None:
            return transport_error(failure, endpoint, (self._key,)), None, None
        if 200 <= response.status_code < 300:
            if stream:
                return response
            try:
                response._content = b"".join(self.iter_body(response, endpoint, deadline=attempt_deadline))
                response._content_consumed = True  # type: ignore[attr-defined]
            except APIError as error:
                return error, None, None
            return response
        body = bytearray()
        blocks = self.iter_body(response, endpoint, deadline=attempt_deadline, block=1 << 14)
        try:
            for piece in blocks:
                body += piece
                if len(body) >= _MAX_ERROR_BODY:
                    break
        except APIError:
            pass  # the status says enough
        finally:
            blocks.close()
        status_error = error_for_status(
            response.status_code, bytes(body), endpoint=endpoint, secrets=(self._key,)
        )
        status_error.retry_after = parse_retry_after(response.headers.get("Retry-After"))
        return status_error, response.status_code, status_error.retry_after


_MAX_ERROR_BODY = 1 << 20


def _read_blocks(
    response: requests.Response, deadline: float | None, clock: Callable[[], float], block: int
) -> Iterator[bytes]:
    """Read ``response``'s (decoded) body with the deadline checked between socket reads."""
    raw = response.raw
    if raw is None:  # a response built in memory: nothing left to read
        content = response._content
        if isinstance(content, bytes) and content:
            yield content
        return
    read1 = getattr(raw, "read1", None)
    if read1 is None:  # not urllib3 (a test double): no socket to guard
        yield from response.iter_content(block)
        return
    while True:
        if deadline is not None and clock() > deadline:
            raise DeadlineExceeded("the answer did not arrive in time")
        data = read1(block, decode_content=True)
        if not data:
            return
        yield data


def _urllib3_error(exc: Exception, endpoint: str, secrets: Iterable[str]) -> APIError:
    from urllib3.exceptions import HTTPError as Urllib3Error
    from urllib3.exceptions import ReadTimeoutError

    if isinstance(exc, ReadTimeoutError):
        return transport_error(requests.ReadTimeout(str(exc)), endpoint, secrets)
    if isinstance(exc, Urllib3Error):
        return transport_error(requests.ConnectionError(str(exc)), endpoint, secrets)
    raise exc


def json_body(response: requests.Response, endpoint: str) -> Any:
    """The decoded JSON of a successful answer (``None`` for an empty body).

    Examples:
        >>> r = requests.Response(); r._content = b'{"job_id": "j"}'
        >>> json_body(r, "POST new_job")
        {'job_id': 'j'}
    """
    content = response.content
    if not content.strip():
        return None
    try:
        return msgspec.json.decode(content)
    except msgspec.DecodeError:
        snippet = content[:20_000].decode("utf-8", "replace")
        raise APIError(f"{endpoint}: the answer is not JSON: {excerpt(snippet)}") from None


def _timeout_pair(timeout: Timeout) -> tuple[float, float]:
    if isinstance(timeout, tuple):
        connect, read = timeout
    else:
        connect = read = timeout
    if not (connect > 0 and read > 0):
        raise UsageError(f"timeouts must be positive, got {timeout!r}")
    return (float(connect), float(read))
