"""The archive's own error: a dataset that cannot be written, as opposed to a bad input file."""

from __future__ import annotations

from valossa_metadata.errors import ValossaError

__all__ = ["ArchiveError"]


class ArchiveError(ValossaError):
    """The dataset cannot be written or read: locked by another run, a corrupt manifest, a dead worker.

    Bad input files never raise it; they are recorded in the dataset's error table instead.

    Examples:
        >>> import valossa_metadata as vm
        >>> isinstance(ArchiveError("OUT is locked"), vm.ValossaError)
        True
    """
