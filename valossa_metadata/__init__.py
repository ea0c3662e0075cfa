"""valossa-metadata: a fast, typed toolkit for Valossa Core API results.

Example:
    >>> import valossa_metadata as vm
    >>> md = vm.load("sample_results/current_format_example.json")
    >>> md.detections().columns[:3]
    ['detection_id', 'type', 'label']
"""

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
    UnsupportedVersionError,
    ValossaError,
)
from valossa_metadata.metadata import Metadata
from valossa_metadata.sidecars import Boxes, Captions, load_sidecar
from valossa_metadata.subtitles import read_subtitles
from valossa_metadata.tables import TABLE_SCHEMAS

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
    "JobFailedError",
    "JobTimeoutError",
    "Metadata",
    "MetadataError",
    "NotFoundError",
    "RateLimitError",
    "ServerError",
    "UnsupportedVersionError",
    "ValossaError",
    "__version__",
    "load",
    "load_sidecar",
    "loads",
    "read_subtitles",
]
