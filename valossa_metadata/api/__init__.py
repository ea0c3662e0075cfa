"""The Valossa Core API and Training API client.

The network modules (and ``requests``) load on first use of a name that needs them, so that the
command line and ``import valossa_metadata`` stay fast.

Examples:
    >>> from valossa_metadata.api import Client
    >>> with Client("my-key") as client:
    ...     client
    Client(base_url='https://api-eu.valossa.com')
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from valossa_metadata.api.constants import (
    API_KEY_ENV,
    DEFAULT_BASE_URL,
    GENDERS,
    JSON_RESULT_TYPES,
    RESULT_TYPES,
    TEXT_RESULT_TYPES,
)

if TYPE_CHECKING:
    from valossa_metadata.api.client import Client, JobStatus
    from valossa_metadata.api.training import (
        MISSING,
        FaceGallery,
        FaceIdentity,
        FaceImage,
        Listing,
        TrainingClient,
    )

__all__ = [
    "API_KEY_ENV",
    "DEFAULT_BASE_URL",
    "GENDERS",
    "JSON_RESULT_TYPES",
    "MISSING",
    "RESULT_TYPES",
    "TEXT_RESULT_TYPES",
    "Client",
    "FaceGallery",
    "FaceIdentity",
    "FaceImage",
    "JobStatus",
    "Listing",
    "TrainingClient",
]

_LAZY = {
    "Client": "client",
    "JobStatus": "client",
    "MISSING": "training",
    "FaceGallery": "training",
    "FaceIdentity": "training",
    "FaceImage": "training",
    "Listing": "training",
    "TrainingClient": "training",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
