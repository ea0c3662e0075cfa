"""The pure parts of the HTTP layer: base URL check, redaction, error mapping and retry policy."""

from __future__ import annotations

import logging
import sys

import pytest
import requests
from hypothesis import given, settings
from hypothesis import strategies as st

from valossa_metadata.api import _http
from valossa_metadata.api._http import (
    RedactingFilter,
    Transport,
    backoff_delay,
    check_base_url,
    error_for_status,
    excerpt,
    install_redaction,
    is_idempotent,
    is_retryable_status,
    json_body,
    parse_error_messages,
    parse_retry_after,
    redact,
    retry_delay,
    transport_error,
)
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
)

KEY = "s3cret/key+value"


@pytest.mark.parametrize(
    "url",
    [
        "https://api-eu.valossa.com",
        "https://api-eu.valossa.com/",
        "https://proxy.example.com:8443/valossa",
        "http://127.0.0.1:8080",
        "http://127.5.6.7",
        "http://localhost:1234/",
        "http://[::1]:9000",
    ],
)
def test_base_url_accepted(url: str) -> None:
    assert check_base_url(url) == url.rstrip("/")


@pytest.mark.parametrize(
    "url",
    [
        "http://api-eu.valossa.com",
        "http://10.0.0.1",
        "http://128.0.0.1",
        "http://localhost.example.com",
        "ftp://api-eu.valossa.com",
        "api-eu.valossa.com",
        "https://",
        "https://user:pw@api-eu.valossa.com",
        "https://api-eu.valossa.com/?api_key=x",
        "https://api-eu.valossa.com/#x",
    ],
)
def test_base_url_rejected(url: str) -> None:
    with pytest.raises(ValueError, match="base_url"):
        check_base_url(url)


def test_base_url_type() -> None:
    with pytest.raises(TypeError):
        check_base_url(b"https://x")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("GET /core/1.0/job_status?api_key=abc&job_id=j", "GET /core/1.0/job_status?api_key=***&job_id=j"),
        ("api_key=abc", "api_key=***"),
        ("job_id=j&API_KEY=abc", "job_id=j&API_KEY=***"),
        ('{"api_key": "a\\"bc", "x": 1}', '{"api_key": "***", "x": 1}'),
        ('{"api_key":"abc"}', '{"api_key":"***"}'),
        ("{'api_key': 'abc', 'job_id': 'j'}", "{'api_key': '***', 'job_id': 'j'}"),
        ('name="api_key"\r\n\r\nabc\r\n--b', 'name="api_key"\r\n\r\n***\r\n--b'),
        ("nothing to hide", "nothing to hide"),
    ],
)
def test_redact_patterns(text: str, expected: str) -> None:
    assert redact(text) == expected


def test_redact_literal_secret_in_all_encodings() -> None:
    text = f"key {KEY} quoted s3cret%2Fkey%2Bvalue plus s3cret%2Fkey%2Bvalue"
    assert KEY not in redact(text, [KEY])
    assert "s3cret" not in redact(text, [KEY])
    assert redact("abc", ["abc"]) == "abc"  # too short to replace literally


@settings(deadline=None)
@given(st.from_regex(r"[A-Za-z0-9\-_.~%+/=]+", fullmatch=True))
def test_redact_never_leaves_a_query_value(secret: str) -> None:
    assert secret not in redact(f"x?job_id=j&api_key={secret}").split("api_key=")[1]


def test_filter_rewrites_message_args_and_traceback() -> None:
    record = logging.LogRecord("t", logging.DEBUG, __file__, 1, "%s %s", ("url?api_key=abc", "ok"), None)
    filt = RedactingFilter()
    assert filt.filter(record) is True
    assert record.getMessage() == "url?api_key=*** ok"
    try:
        raise RuntimeError("boom ?api_key=abc")
    except RuntimeError:
        exc_record = logging.LogRecord("t", logging.ERROR, __file__, 1, "failed", None, sys.exc_info())
    filt.filter(exc_record)
    assert exc_record.exc_text is not None
    assert "api_key=***" in exc_record.exc_text
    assert "abc" not in exc_record.exc_text.split("api_key=")[1][:5]
    broken = logging.LogRecord("t", logging.DEBUG, __file__, 1, "%s %s", ("only one",), None)
    assert filt.filter(broken) is True  # left for logging to report
    plain = logging.LogRecord("t", logging.DEBUG, __file__, 1, "%s", ("nothing",), None)
    filt.filter(plain)
    assert plain.args == ("nothing",)  # untouched when there is nothing to hide


def test_filter_masks_registered_secret() -> None:
    filt = RedactingFilter()
    filt.add_secret(KEY)
    record = logging.LogRecord("t", logging.INFO, __file__, 1, "key is %s", (KEY,), None)
    filt.filter(record)
    assert record.getMessage() == "key is ***"


def test_install_redaction_is_idempotent() -> None:
    first = install_redaction("some-key-123")
    second = install_redaction()
    assert first is second
    for name in ("urllib3.connectionpool", "valossa_metadata"):
        assert logging.getLogger(name).filters.count(first) == 1


def test_parse_error_messages() -> None:
    assert parse_error_messages(b'{"errors":[{"message":"a"},{"message":"b"}]}') == ["a", "b"]
    assert parse_error_messages('{"errors":["plain", {"code": 3}]}') == ["plain", "{'code': 3}"]
    assert parse_error_messages(b'{"errors": []}') == ['{"errors": []}']
    assert parse_error_messages(b'{"error": "x"}') == ['{"error": "x"}']
    assert parse_error_messages(b"") == []
    assert parse_error_messages(b"  Bad Gateway \n") == ["Bad Gateway"]
    long = parse_error_messages(b"x" * 2000)[0]
    assert len(long) == 501
    assert long.endswith("…")


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (404, NotFoundError),
        (429, RateLimitError),
        (500, ServerError),
        (503, ServerError),
        (599, ServerError),
        (403, APIStatusError),
        (302, APIStatusError),
        (600, APIStatusError),
    ],
)
def test_error_for_status_mapping(status: int, cls: type[APIStatusError]) -> None:
    error = error_for_status(status, b'{"errors":[{"message":"Job not found"}]}', endpoint="GET core/1.0/x")
    assert type(error) is cls
    assert error.status_code == status
    assert error.messages == ["Job not found"]
    assert str(error) == f"HTTP {status} from GET core/1.0/x: Job not found"


def test_error_for_status_redacts_echoed_key() -> None:
    body = f'{{"errors":[{{"message":"Invalid API key {KEY}"}}, {{"message": "url?api_key=zzz"}}]}}'
    error = error_for_status(401, body, secrets=[KEY])
    assert KEY not in str(error)
    assert error.messages == ["Invalid API key ***", "url?api_key=***"]


def test_transport_error_mapping() -> None:
    url = "http://h/core/1.0/job_status?api_key=abc&job_id=j"
    timeout = transport_error(requests.ReadTimeout(url), "GET job_status")
    assert type(timeout) is APITimeoutError
    connect_timeout = transport_error(requests.ConnectTimeout(url), "GET job_status")
    assert type(connect_timeout) is APITimeoutError
    dropped = transport_error(requests.ConnectionError(url), "GET job_status")
    assert type(dropped) is APIConnectionError
    chunked = transport_error(requests.exceptions.ChunkedEncodingError(url), "GET job_status")
    assert type(chunked) is APIConnectionError
    other = transport_error(requests.exceptions.InvalidHeader(url), "GET job_status")
    assert type(other) is APIError
    for error in (timeout, connect_timeout, dropped, chunked, other):
        assert "abc" not in str(error)
        assert "api_key=***" in str(error)


def test_idempotency_rules() -> None:
    assert is_idempotent("GET", "job_status")
    assert is_idempotent("get", "list_face_galleries")
    assert is_idempotent("POST", "send_file_chunk")
    for function in (
        "new_job",
        "initialize_file_upload",
        "finalize_file_upload",
        "cancel_job",
        "delete_job",
        "create_face_gallery",
        "create_face_identity",
        "add_face_image",
        "upload_image",
    ):
        assert not is_idempotent("POST", function)
    assert not is_idempotent("PUT", "send_file_chunk")


def test_retryable_statuses() -> None:
    assert [
        s for s in (200, 400, 401, 404, 409, 429, 500, 502, 503, 504, 599, 600) if is_retryable_status(s)
    ] == [
        429,
        500,
        502,
        503,
        504,
        599,
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, None), ("3", 3.0), (" 0.25 ", 0.25), ("-1", None), ("nan", None), ("soon", None), ("0", 0.0)],
)
def test_parse_retry_after(value: str | None, expected: float | None) -> None:
    assert parse_retry_after(value) == expected


def test_backoff_grows_exponentially_with_full_jitter_and_cap() -> None:
    assert [backoff_delay(n, rng=lambda: 1.0) for n in range(8)] == [
        0.5,
        1.0,
        2.0,
        4.0,
        8.0,
        16.0,
        30.0,
        30.0,
    ]
    assert backoff_delay(3, rng=lambda: 0.0) == 0.0
    assert backoff_delay(10_000, rng=lambda: 1.0) == 30.0
    assert backoff_delay(0, retry_after=5, rng=lambda: 0.0) == 5.0
    assert backoff_delay(0, retry_after=500) == 500.0  # the caller's deadline bounds it
    assert backoff_delay(0, retry_after=-2) == 0.0
    assert backoff_delay(2, base=1.0, cap=3.0, rng=lambda: 1.0) == 3.0


@settings(deadline=None)
@given(attempt=st.integers(min_value=0, max_value=200), draw=st.floats(min_value=0.0, max_value=0.999999))
def test_backoff_within_bounds(attempt: int, draw: float) -> None:
    delay = backoff_delay(attempt, rng=lambda: draw)
    assert 0.0 <= delay <= min(30.0, 0.5 * 2.0**attempt)


def test_retry_delay_decision() -> None:
    rng = lambda: 1.0  # noqa: E731
    assert retry_delay(0, 4, idempotent=False, rng=rng) is None
    assert retry_delay(0, 4, idempotent=False, status_code=503, rng=rng) is None
    assert retry_delay(0, 4, idempotent=True, rng=rng) == 0.5
    assert retry_delay(1, 4, idempotent=True, status_code=503, rng=rng) == 1.0
    assert retry_delay(1, 4, idempotent=True, status_code=429, retry_after=3, rng=rng) == 3.0
    assert retry_delay(0, 4, idempotent=True, status_code=404, rng=rng) is None
    assert retry_delay(4, 4, idempotent=True, status_code=503, rng=rng) is None
    assert retry_delay(0, 0, idempotent=True, rng=rng) is None


def test_transport_options() -> None:
    with pytest.raises(ValueError, match="max_retries"):
        Transport("k" * 8, max_retries=-1)
    with pytest.raises(ValueError, match="positive"):
        Transport("k" * 8, timeout=0)
    with pytest.raises(ValueError, match="positive"):
        Transport("k" * 8, timeout=(5, -1))
    transport = Transport("k" * 8, timeout=7)
    assert transport.timeout == (7.0, 7.0)
    assert transport.session.trust_env is True
    transport.close()
    local = Transport("k" * 8, base_url="http://localhost:1")
    assert local.session.trust_env is False
    local.close()
    session = requests.Session()
    shared = Transport("k" * 8, base_url="http://localhost:1", session=session)
    assert shared.session is session
    assert session.trust_env is True  # a caller's session is left as it is
    shared.close()
    session.close()


def test_json_body() -> None:
    response = requests.Response()
    response._content = b'{"a": 1}'
    assert json_body(response, "x") == {"a": 1}
    response._content = b"  "
    assert json_body(response, "x") is None
    response._content = b"<html>api_key=abc</html>"
    with pytest.raises(APIError, match="not JSON") as info:
        json_body(response, "GET x")
    assert "abc" not in str(info.value)


def test_user_agent() -> None:
    from valossa_metadata._version import __version__

    assert _http.USER_AGENT.split("/") == ["valossa-metadata", __version__]


def test_excerpt_redacts_before_cutting() -> None:
    install_redaction("registered-key-42")
    cut = excerpt("x" * 190 + "registered-key-42 and more")
    assert "registered" not in cut
    assert cut.endswith("…")
    assert excerpt({"api_key": "zzz"}) == "{'api_key': '***'}"
