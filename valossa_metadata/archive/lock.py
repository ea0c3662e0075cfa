"""One writer at a time: an advisory lock on ``OUT/_lock``, released when its holder ends, even killed."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from valossa_metadata.archive.errors import ArchiveError, DatasetBusyError
from valossa_metadata.archive.layout import LOCK_FILE, OLD_MANIFEST_FILE, is_old_layout

__all__ = ["dataset_lock", "refuse_old_layout"]


@contextmanager
def dataset_lock(out_dir: str | os.PathLike[str]) -> Iterator[None]:
    """Hold the dataset's lock for the block; :class:`DatasetBusyError` at once if another run has it.

    Examples:
        >>> import tempfile
        >>> out = tempfile.mkdtemp()
        >>> with dataset_lock(out):
        ...     try:
        ...         with dataset_lock(out):
        ...             pass
        ...     except DatasetBusyError as exc:
        ...         print(str(exc).split(": ", 1)[1])
        another convert, compact, vacuum or migrate is writing this dataset; try again when it is done
    """
    path = Path(out_dir) / LOCK_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+b") as handle:
        try:
            import fcntl
        except ImportError:  # pragma: no cover -- Windows has no flock; one run at a time is up to you
            yield
            return
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise DatasetBusyError(
                f"{out_dir}: another convert, compact, vacuum or migrate is writing this dataset; "
                "try again when it is done"
            ) from None
        yield


def refuse_old_layout(out_dir: str | os.PathLike[str]) -> None:
    """Raise :class:`ArchiveError` with the way out when ``out_dir`` holds the first layout.

    Examples:
        >>> refuse_old_layout("sample_results")
    """
    if is_old_layout(out_dir):
        raise ArchiveError(
            f"{out_dir} is a dataset of the old layout (one Parquet file per job, {OLD_MANIFEST_FILE}); "
            f"move it to Delta Lake with 'valossa-metadata migrate {out_dir} NEW', "
            "or convert the sources into a new folder"
        )
