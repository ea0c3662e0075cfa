"""valossa-metadata: a fast, typed toolkit for Valossa Core API results.

Example:
    >>> import valossa_metadata as vm
    >>> md = vm.load("sample_results/current_format_example.json")
    >>> md.detections().columns[:3]
    ['detection_id', 'type', 'label']
"""

import typing as _typing

from valossa_metadata._version import __version__
from valossa_metadata.decode import load, loads
from valossa_metadata.errors import (
    APIConnectionError,
    APIError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    JobFailedError,
    JobTimeoutError,
    MetadataError,
    NotFoundError,
    RateLimitError,
    ServerError,
    TranscriptError,
    UnsupportedVersionError,
    ValossaError,
)
from valossa_metadata.metadata import Metadata
from valossa_metadata.sidecars import Boxes, Captions, load_sidecar
from valossa_metadata.subtitles import read_subtitles
from valossa_metadata.tables import TABLE_SCHEMAS

if _typing.TYPE_CHECKING:
    from valossa_metadata.api.client import Client, JobStatus

__all__ = [
    "TABLE_SCHEMAS",
    "APIConnectionError",
    "APIError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "Boxes",
    "Captions",
    "Client",
    "JobFailedError",
    "JobStatus",
    "JobTimeoutError",
    "Metadata",
    "MetadataError",
    "NotFoundError",
    "RateLimitError",
    "ServerError",
    "TranscriptError",
    "UnsupportedVersionError",
    "ValossaError",
    "__version__",
    "load",
    "load_sidecar",
    "loads",
    "read_subtitles",
]


def __getattr__(name: str) -> _typing.Any:
    # The API client pulls in requests; load it on first use so the command line starts fast.
    if name in ("Client", "JobStatus"):
        from valossa_metadata.api import client

        value = getattr(client, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
