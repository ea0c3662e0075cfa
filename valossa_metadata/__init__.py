"""valossa-metadata: a fast, typed toolkit for Valossa Core API results.

The names in ``__all__`` are the documented API. The layers below it, each a package of its own:
``models`` (msgspec Structs) -> decoding -> ``metadata`` (the facade and its ``tables``) -> ``query``
and ``subtitles`` -> ``plot``, ``report`` and ``export`` -> ``cli``; ``api`` and ``archive`` sit
beside, ``testing`` holds the fake server and the sample generator.

Examples:
    >>> import valossa_metadata as vm
    >>> md = vm.load("sample_results/current_format_example.json")
    >>> md.detections().columns[:3]
    ['detection_id', 'type', 'label']
"""

import importlib as _importlib
import typing as _typing

from valossa_metadata import _compat
from valossa_metadata._sidecars import Boxes, Captions, load_sidecar
from valossa_metadata._version import __version__
from valossa_metadata.checks import Problem, validate
from valossa_metadata.errors import (
    APIConnectionError,
    APIError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    FileTooLargeError,
    JobCancelledError,
    JobFailedError,
    JobMayExistError,
    JobTimeoutError,
    LayoutWarning,
    MetadataError,
    NoMatchWarning,
    NotCoreMetadataError,
    NotFoundError,
    PastTheEndWarning,
    RateLimitError,
    ServerError,
    TranscriptError,
    UnsupportedVersionError,
    UsageError,
    ValossaError,
    ValossaWarning,
)
from valossa_metadata.metadata import Metadata, load, loads
from valossa_metadata.subtitles import read_subtitles
from valossa_metadata.tables import TABLE_SCHEMAS

if _typing.TYPE_CHECKING:
    from valossa_metadata.api.client import Client, JobStatus
    from valossa_metadata.archive.dataset import convert
    from valossa_metadata.archive.errors import ArchiveError
    from valossa_metadata.archive.scan import scan
    from valossa_metadata.archive.store import ConvertSummary

__all__ = [
    "TABLE_SCHEMAS",
    "APIConnectionError",
    "APIError",
    "APIStatusError",
    "APITimeoutError",
    "ArchiveError",
    "AuthenticationError",
    "BadRequestError",
    "Boxes",
    "Captions",
    "Client",
    "ConvertSummary",
    "FileTooLargeError",
    "JobCancelledError",
    "JobFailedError",
    "JobMayExistError",
    "JobStatus",
    "JobTimeoutError",
    "LayoutWarning",
    "Metadata",
    "MetadataError",
    "NoMatchWarning",
    "NotCoreMetadataError",
    "NotFoundError",
    "PastTheEndWarning",
    "Problem",
    "RateLimitError",
    "ServerError",
    "TranscriptError",
    "UnsupportedVersionError",
    "UsageError",
    "ValossaError",
    "ValossaWarning",
    "__version__",
    "convert",
    "load",
    "load_sidecar",
    "loads",
    "read_subtitles",
    "scan",
    "validate",
]


_LAZY = {
    "Client": "valossa_metadata.api.client",
    "JobStatus": "valossa_metadata.api.client",
    "ArchiveError": "valossa_metadata.archive",
    "ConvertSummary": "valossa_metadata.archive",
    "convert": "valossa_metadata.archive",
    "scan": "valossa_metadata.archive",
}


_compat.install()


def __getattr__(name: str) -> _typing.Any:
    # The API client pulls in requests, the archive its writers: load them on first use so that
    # the command line starts fast.
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(_importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
