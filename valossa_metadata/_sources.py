"""Reading input bytes from paths, gzip files and file objects, and writing files atomically."""

from __future__ import annotations

import gzip
import os
import secrets
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from valossa_metadata.errors import MetadataError, UsageError

__all__ = ["Source", "atomic_write", "read_source"]

#: What :func:`read_source` accepts.
Source = str | os.PathLike[str] | bytes | bytearray | memoryview | IO[bytes]

_GZIP_MAGIC = b"\x1f\x8b"


def read_source(source: Source, *, name: str | None = None) -> tuple[bytes, str]:
    """Return the bytes of ``source`` and a name for messages, gunzipping when the data is gzip.

    A ``str`` or path-like is a file path (``.json`` or ``.json.gz``; gzip is recognised by its
    magic bytes whatever the name). Bytes-like objects and binary file objects are read as they are.

    Examples:
        >>> read_source(b'{"a": 1}')
        (b'{"a": 1}', '<bytes>')
    """
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        label = name or str(path)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise MetadataError("no such file", source=label) from None
        except IsADirectoryError:
            raise MetadataError("is a directory, not a file", source=label) from None
        except OSError as exc:
            raise MetadataError(f"cannot read: {exc.strerror or exc}", source=label) from None
    elif isinstance(source, (bytes, bytearray, memoryview)):
        label = name or "<bytes>"
        data = bytes(source)
    elif hasattr(source, "read"):
        label = name or str(getattr(source, "name", "<file>"))
        data = source.read()
        if isinstance(data, str):
            raise TypeError(f"{label}: open the file in binary mode ('rb'), not text mode")
        data = bytes(data)
    else:
        raise TypeError(f"expected a path, bytes or a binary file object, got {type(source).__name__}")
    if data[:2] == _GZIP_MAGIC:
        data = _gunzip(data, label)
    return data, label


def _gunzip(data: bytes, label: str) -> bytes:
    try:
        return gzip.decompress(data)
    except (OSError, EOFError, zlib.error) as exc:
        raise MetadataError(f"broken gzip data: {exc}", source=label) from None


@contextmanager
def atomic_write(
    path: str | os.PathLike[str], mode: str = "wb", *, make_parents: bool = False, **kwargs: Any
) -> Iterator[IO[Any]]:
    """Open a temporary file beside ``path`` and rename it over ``path`` only on success.

    Nothing is left half-written: on an exception the temporary file is removed and ``path`` is
    untouched. A new file gets the usual mode (``0o666`` less the umask), a replaced file keeps its
    mode. A missing folder is an error unless ``make_parents``; a target that is not a regular file
    (``/dev/null``, a FIFO) is written through, never replaced.

    Examples:
        >>> import tempfile, pathlib
        >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
        >>> with atomic_write(target, "w", encoding="utf-8") as fh:
        ...     _ = fh.write("done")
        >>> target.read_text(encoding="utf-8")
        'done'
    """
    target = Path(path)
    if make_parents:
        target.parent.mkdir(parents=True, exist_ok=True)
    elif not target.parent.is_dir():
        raise UsageError(f"cannot write {target}: there is no folder {target.parent}")
    if target.is_dir():
        raise UsageError(f"cannot write {target}: it is a folder")
    if target.exists() and not target.is_file():
        with open(target, mode, **kwargs) as handle:
            yield handle
        return
    kept_mode = target.stat().st_mode & 0o7777 if target.exists() else None
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, mode, **kwargs) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        if kept_mode is not None:
            os.chmod(temporary, kept_mode)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
