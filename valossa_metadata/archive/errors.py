"""The archive's own errors: a dataset that cannot be written, as opposed to a bad input file."""

from __future__ import annotations

from valossa_metadata.errors import ValossaError

__all__ = ["ArchiveError", "DatasetBusyError"]


class ArchiveError(ValossaError):
    """The dataset cannot be written or read: an old layout, a failed commit, a dead worker.

    Bad input files never raise it; they are recorded in the dataset's error table instead.

    Examples:
        >>> import valossa_metadata as vm
        >>> isinstance(ArchiveError("OUT is locked"), vm.ValossaError)
        True
    """


class DatasetBusyError(ArchiveError):
    """Another convert, compact, vacuum or migrate holds the dataset; try again when it is done.

    The command line exits with status 3 for it (1 means that some files failed).

    Examples:
        >>> isinstance(DatasetBusyError("OUT: busy"), ArchiveError)
        True
    """
