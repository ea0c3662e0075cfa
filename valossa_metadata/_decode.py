"""Decoding Core metadata: bytes to the typed tree, version checks and error wrapping.

Every decoding failure becomes a :class:`~valossa_metadata.errors.MetadataError` that names the
source and the JSON location, including failures in parts that are decoded lazily (``by_second``,
per-type attributes) when a table first needs them.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import msgspec

from valossa_metadata._legacy import normalise_core
from valossa_metadata.errors import MetadataError, NotCoreMetadataError, UnsupportedVersionError
from valossa_metadata.models.core import CoreMetadata, Detection

__all__ = ["SUPPORTED_MAJOR_VERSION", "decode_core", "decode_json", "gc_paused", "parse_version"]

#: The ``metadata_format`` major version this toolkit understands.
SUPPORTED_MAJOR_VERSION = 1

T = TypeVar("T")

_CORE = msgspec.json.Decoder(CoreMetadata)
_DETECTION = msgspec.json.Decoder(Detection)
_TOP_LEVEL_KEYS = msgspec.json.Decoder(dict[str, msgspec.Raw])
_MSGSPEC_PATH = re.compile(r" - at `(\$[^`]*)`$")
_UTF16_32_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")


def decode_core(
    data: bytes | bytearray | memoryview | str, *, source: str | None = None, strict_version: bool = True
) -> tuple[CoreMetadata, bytes]:
    """Decode and normalise Core metadata; return the typed tree and the bytes it came from.

    Examples:
        >>> core, data = decode_core(b'{"version_info": {"metadata_format": "1.8.1"}, "detections": {}}')
        >>> core.version_info.metadata_format, len(data)
        ('1.8.1', 64)
    """
    label = source or "<bytes>"
    buffer = _as_bytes(data, label)
    core = decode_json(_CORE, buffer, source=label)
    _check_is_core(core, buffer, label)
    core = normalise_core(core)
    _check_type_and_version(core, label, strict_version)
    return core, buffer


def _check_is_core(core: CoreMetadata, data: bytes, label: str) -> None:
    """Refuse JSON that is not Core metadata: Core has a format version, or (before 1.3.1) detections."""
    if core.version_info.metadata_format or core.version_info.metadata_type not in (None, "core"):
        return
    keys = decode_json(_TOP_LEVEL_KEYS, data, source=label).keys()
    if keys & {"detections", "detection_groupings"}:
        return
    found = ", ".join(sorted(keys)[:8]) or "none"
    raise MetadataError(
        f"not Valossa Core metadata: no version_info.metadata_format and no detections (keys: {found})",
        source=label,
    )


def decode_json(
    decoder: msgspec.json.Decoder[T], data: bytes | msgspec.Raw, *, source: str, at: str = "$"
) -> T:
    """Decode JSON with a typed decoder, pausing the garbage collector and wrapping every error.

    ``at`` is the JSON location of ``data`` inside its file, used to make error paths absolute.

    Examples:
        >>> decode_json(msgspec.json.Decoder(list[int]), b"[1, 2]", source="<bytes>")
        [1, 2]
    """
    try:
        with gc_paused():
            return decoder.decode(data)
    except msgspec.ValidationError as exc:
        path = _absolute_path(str(exc), at)
        if path.startswith("$.detections[...]"):
            path = _locate_detection(bytes(data), path) if at == "$" else path
        raise MetadataError(_MSGSPEC_PATH.sub("", str(exc)), source=source, path=path) from None
    except msgspec.DecodeError as exc:
        raise MetadataError(f"not valid JSON: {exc}", source=source, path=at if at != "$" else None) from None
    except RecursionError:
        raise MetadataError("JSON nested too deeply", source=source, path=at) from None


def parse_version(text: str) -> tuple[int, ...] | None:
    """Parse ``"1.8.1"`` into ``(1, 8, 1)``; ``None`` when the text is not a dotted version.

    Examples:
        >>> parse_version("1.3.1"), parse_version("beta")
        ((1, 3, 1), None)
    """
    parts = text.strip().split(".")
    if not parts or not all(part.isdigit() for part in parts):
        return None
    return tuple(int(part) for part in parts)


def _as_bytes(data: bytes | bytearray | memoryview | str, label: str) -> bytes:
    if isinstance(data, str):
        return data.encode("utf-8")
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f"loads() takes bytes or str, got {type(data).__name__}; use load() for files")
    buffer = bytes(data)
    if not buffer or buffer.isspace():  # strip() would copy a file that ends in a newline
        raise MetadataError("empty input: expected a Core metadata JSON object", source=label)
    if buffer.startswith(b"\xef\xbb\xbf"):
        return buffer[3:]
    if buffer.startswith(_UTF16_32_BOMS) or (len(buffer) > 1 and b"\x00" in buffer[:4]):
        raise MetadataError(
            "the input is UTF-16 or UTF-32 text; Valossa metadata is UTF-8 JSON", source=label
        )
    return buffer


def _check_type_and_version(core: CoreMetadata, label: str, strict: bool) -> None:
    kind = core.version_info.metadata_type
    if kind not in (None, "core"):
        raise NotCoreMetadataError(kind, source=label)
    text = core.version_info.metadata_format
    if not strict or not text:
        return
    version = parse_version(text)
    if version is None or version[0] != SUPPORTED_MAJOR_VERSION:
        raise UnsupportedVersionError(
            f"metadata_format {text!r} is not a {SUPPORTED_MAJOR_VERSION}.x version this toolkit knows; "
            "pass strict_version=False to try anyway",
            source=label,
            path="$.version_info.metadata_format",
        )


def _absolute_path(message: str, at: str) -> str:
    match = _MSGSPEC_PATH.search(message)
    inner = match.group(1) if match else "$"
    return at + inner[1:]


def _locate_detection(data: bytes, path: str) -> str:
    """Replace msgspec's ``[...]`` with the detection id that fails (only runs on the error path)."""
    try:
        return _failing_detection(data, path)
    except RecursionError:
        return path


def _failing_detection(data: bytes, path: str) -> str:
    try:
        detections = msgspec.json.decode(data, type=dict[str, Any]).get("detections", {})
        for key, value in detections.items():
            try:
                _DETECTION.decode(msgspec.json.encode(value))
            except msgspec.ValidationError:
                return path.replace("[...]", f"[{key!r}]", 1)
    except (msgspec.DecodeError, msgspec.ValidationError, AttributeError):
        pass
    return path


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector: decoding and table building allocate no cycles."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
