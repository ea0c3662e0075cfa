"""Chunked, resumable upload: ``initialize_file_upload``, ``send_file_chunk``…, ``finalize_file_upload``.

The server dictates the chunk size; every chunk has exactly that size except the last. Progress is
kept in a small JSON state file (``<name>.valossa-upload.json`` next to the file, or in
``state_dir``), rewritten atomically after each chunk, so a rerun with the same unchanged file sends
only the chunks that are missing. A changed file (other size or mtime) starts a new upload.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import msgspec

from valossa_metadata.api._http import Transport, excerpt, json_body, logger
from valossa_metadata.api.constants import MAX_TRANSCRIPT_BYTES, MAX_VIDEO_BYTES
from valossa_metadata.errors import APIError, APIStatusError, FileTooLargeError, UsageError

__all__ = [
    "STATE_SUFFIX",
    "UploadState",
    "check_size",
    "chunk_count",
    "find_uploaded_url",
    "forget_upload",
    "state_path",
    "upload_file",
]

STATE_SUFFIX = ".valossa-upload.json"
UPLOAD_SCHEME = "valossaupload://"
_CORE = "core/1.0"

#: The largest ``file_chunk_size_bytes`` accepted from the server (the docs' example is 4 MiB).
MAX_CHUNK_BYTES = 256 * 1024**2
#: What each kind of upload may weigh, per Valossa's docs, and how to name it.
LIMITS = {
    "video": (MAX_VIDEO_BYTES, "a video file"),
    "transcript": (MAX_TRANSCRIPT_BYTES, "an SRT transcript"),
}

Progress = Callable[[int, int], None]
Notice = Callable[[str], None]


class UploadState(msgspec.Struct, kw_only=True):
    """What a resumed upload needs to know; stored as JSON next to the file.

    Examples:
        >>> s = UploadState(upload_id="u", path="/v.mp4", size=10, mtime_ns=1, chunk_size=4)
        >>> s.chunks_sent
        []
    """

    upload_id: str
    path: str
    size: int
    mtime_ns: int
    chunk_size: int
    chunks_sent: list[int] = msgspec.field(default_factory=list)
    uploaded_url: str | None = None


def find_uploaded_url(payload: Any) -> str:
    """The ``valossaupload://`` URL in an upload answer.

    Assumption (the Core ``finalize_file_upload`` page is not public): the field is
    ``uploaded_file_url`` as in the Training API's ``upload_image``; otherwise the first string
    value anywhere in the answer that starts with ``valossaupload://`` is taken.

    Examples:
        >>> find_uploaded_url({"uploaded_file_url": "valossaupload://a"})
        'valossaupload://a'
        >>> find_uploaded_url({"upload": {"url": "valossaupload://b"}})
        'valossaupload://b'
    """
    if isinstance(payload, dict):
        named = payload.get("uploaded_file_url")
        if isinstance(named, str) and named:
            return named
    for value in _strings(payload):
        if value.startswith(UPLOAD_SCHEME):
            return value
    raise APIError(f"the upload answer has no {UPLOAD_SCHEME} URL: {excerpt(payload)}")


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def check_size(path: Path, size: int, kind: str) -> None:
    """Refuse a file over Valossa's documented limit for its kind, before any byte is sent.

    Examples:
        >>> check_size(Path("a.srt"), 6 * 1024**2, "transcript")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        valossa_metadata.errors.FileTooLargeError: a.srt: 6291456 bytes; an SRT transcript may be at most ...
    """
    if kind not in LIMITS:
        raise UsageError(f"unknown upload kind {kind!r}; expected one of {', '.join(LIMITS)}")
    limit, what = LIMITS[kind]
    if size > limit:
        raise FileTooLargeError(str(path), size, limit, what)


def chunk_count(size: int, chunk_size: int) -> int:
    """Number of chunks for a file of ``size`` bytes.

    Examples:
        >>> chunk_count(12740839, 4194304), chunk_count(8, 4), chunk_count(1, 4)
        (4, 2, 1)
    """
    return -(-size // chunk_size)


def state_path(path: Path, state_dir: str | os.PathLike[str] | None = None) -> Path:
    """Where the resume state of ``path`` lives.

    Examples:
        >>> state_path(Path("/videos/a.mp4")).as_posix()
        '/videos/a.mp4.valossa-upload.json'
        >>> state_path(Path("/videos/a.mp4"), "/tmp/state").as_posix()
        '/tmp/state/a.mp4.valossa-upload.json'
    """
    folder = Path(state_dir) if state_dir is not None else path.parent
    return folder / f"{path.name}{STATE_SUFFIX}"


def _load_state(state_file: Path, path: Path, stat: os.stat_result) -> UploadState | None:
    try:
        state = msgspec.json.decode(state_file.read_bytes(), type=UploadState)
    except (OSError, msgspec.DecodeError, msgspec.ValidationError):
        return None
    if (state.path, state.size, state.mtime_ns) != (str(path), stat.st_size, stat.st_mtime_ns):
        logger.debug("upload state %s is for another file version; starting over", state_file)
        return None
    count = chunk_count(state.size, state.chunk_size) if 0 < state.chunk_size <= MAX_CHUNK_BYTES else -1
    if count < 0 or any(not 0 <= i < count for i in state.chunks_sent):
        return None
    return state


def _save_state(state_file: Path, state: UploadState) -> None:
    state_file.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=state_file.parent, prefix=f".{state_file.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(msgspec.json.encode(state))
        os.replace(tmp, state_file)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _initialize(transport: Transport, path: Path, stat: os.stat_result) -> UploadState:
    endpoint = f"{_CORE}/initialize_file_upload"
    answer = json_body(transport.post_form(endpoint, {"file_size_bytes": stat.st_size}), endpoint)
    if not isinstance(answer, dict):
        raise APIError(f"{endpoint}: unexpected answer {excerpt(answer)}")
    upload_id, chunk_size = answer.get("upload_id"), answer.get("file_chunk_size_bytes")
    if not upload_id:
        raise APIError(f"{endpoint}: the answer has no 'upload_id' field: {excerpt(answer)}")
    if isinstance(chunk_size, str) and chunk_size.strip().isdigit():
        chunk_size = int(chunk_size)
    if not isinstance(chunk_size, int) or isinstance(chunk_size, bool):
        raise APIError(f"{endpoint}: the answer has no integer 'file_chunk_size_bytes': {excerpt(answer)}")
    if not 0 < chunk_size <= MAX_CHUNK_BYTES:
        raise APIError(
            f"{endpoint}: file_chunk_size_bytes {chunk_size} is outside 1..{MAX_CHUNK_BYTES}; "
            "refusing to upload with it"
        )
    return UploadState(
        upload_id=str(upload_id),
        path=str(path),
        size=stat.st_size,
        mtime_ns=stat.st_mtime_ns,
        chunk_size=chunk_size,
    )


def upload_file(
    transport: Transport,
    path: str | os.PathLike[str],
    *,
    progress: Progress | None = None,
    state_dir: str | os.PathLike[str] | None = None,
    kind: str = "video",
    keep_url: bool = False,
    notice: Notice | None = None,
) -> str:
    """Upload a local file in chunks and return its ``valossaupload://`` URL (resumable).

    ``kind`` (``"video"`` or ``"transcript"``) picks the size limit checked first.
    ``progress(sent_bytes, total_bytes)`` is called once at the start and after every chunk.
    A saved upload that the server now rejects with a 4xx (expired, unknown) starts over from
    the first chunk, once, and ``notice`` (and the log) says so. With ``keep_url`` the state
    file keeps the finished URL, so the next call returns it without uploading again, until
    :func:`forget_upload`.

    Examples:
        >>> import tempfile
        >>> from pathlib import Path
        >>> from valossa_metadata.api._http import Transport
        >>> from valossa_metadata.testing import FakeValossa
        >>> folder = tempfile.mkdtemp()
        >>> video = Path(folder, "video.mp4")
        >>> _ = video.write_bytes(bytes(1000))
        >>> with FakeValossa() as fake:
        ...     transport = Transport(fake.api_key, base_url=fake.base_url)
        ...     url = upload_file(transport, video, state_dir=folder)
        ...     transport.close()
        >>> url
        'valossaupload://...'
    """
    file_path = Path(path).resolve()
    stat = file_path.stat()
    if not file_path.is_file():
        raise UsageError(f"{file_path} is not a regular file")
    if stat.st_size == 0:
        raise UsageError(f"{file_path} is empty; there is nothing to upload")
    check_size(file_path, stat.st_size, kind)
    state_file = state_path(file_path, state_dir)
    state = _load_state(state_file, file_path, stat)
    if state is not None and state.uploaded_url:
        _tell(notice, f"{file_path} was uploaded already: {state.uploaded_url} (state in {state_file})")
        return state.uploaded_url
    rejected: APIStatusError | None = None
    if state is not None:
        try:
            return _run(transport, file_path, state, state_file, progress, keep_url)
        except APIStatusError as exc:
            if not 400 <= exc.status_code < 500 or exc.status_code in (401, 429):
                raise _naming_state(exc, state_file) from None
            rejected = exc
    if rejected is not None:
        _tell(
            notice,
            f"the saved upload in {state_file} was rejected ({rejected}); starting over from the first chunk",
        )
    try:
        state = _initialize(transport, file_path, stat)
        _save_state(state_file, state)
        return _run(transport, file_path, state, state_file, progress, keep_url)
    except APIStatusError as exc:
        failure = _naming_state(exc, state_file)
    raise failure


def forget_upload(path: str | os.PathLike[str], state_dir: str | os.PathLike[str] | None = None) -> None:
    """Remove the saved state (and kept URL) of an upload, once a job uses it.

    Examples:
        >>> forget_upload("/nonexistent/video.mp4")
    """
    state_path(Path(path).resolve(), state_dir).unlink(missing_ok=True)


def _tell(notice: Notice | None, message: str) -> None:
    logger.info("%s", message)
    if notice is not None:
        notice(message)


def _naming_state(exc: APIStatusError, state_file: Path) -> APIStatusError:
    """The same error, its endpoint naming the state file (to delete it, or to resume)."""
    return type(exc)(exc.status_code, exc.messages, endpoint=f"{exc.endpoint} (upload state {state_file})")


def _run(
    transport: Transport,
    path: Path,
    state: UploadState,
    state_file: Path,
    progress: Progress | None,
    keep_url: bool,
) -> str:
    total = chunk_count(state.size, state.chunk_size)
    sent = set(state.chunks_sent)
    done = sum(min(state.chunk_size, state.size - i * state.chunk_size) for i in sent)
    if progress is not None:
        progress(done, state.size)
    with path.open("rb") as handle:
        for index in range(total):
            if index in sent:
                continue
            offset = index * state.chunk_size
            handle.seek(offset)
            data = handle.read(min(state.chunk_size, state.size - offset))
            transport.post_form(
                f"{_CORE}/send_file_chunk",
                {"upload_id": state.upload_id, "chunk_index": index},
                {"file_data": (f"{path.name}.chunk{index}", data, "application/octet-stream")},
            )
            sent.add(index)
            state.chunks_sent = sorted(sent)
            _save_state(state_file, state)
            done += len(data)
            if progress is not None:
                progress(done, state.size)
    now = path.stat()
    if (now.st_size, now.st_mtime_ns) != (state.size, state.mtime_ns):
        state_file.unlink(missing_ok=True)
        raise UsageError(f"{path} changed during the upload; run the upload again")
    endpoint = f"{_CORE}/finalize_file_upload"
    url = find_uploaded_url(
        json_body(transport.post_form(endpoint, {"upload_id": state.upload_id}), endpoint)
    )
    if keep_url:
        state.uploaded_url = url
        _save_state(state_file, state)
    else:
        state_file.unlink(missing_ok=True)
    return url
