"""A converted archive read like one result: the same table methods and selections, over every job.

Every table has ``job_id`` and ``source`` in front; a detection is its job and id together, screen
time is the union per video summed over the videos, and unknown faces are named with their video.
Video durations are not in the dataset, so no ``percent`` column is given.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from valossa_metadata.archive.errors import ArchiveError
from valossa_metadata.archive.failures import read_errors
from valossa_metadata.archive.layout import SOURCES_TABLE, is_delta_table, is_old_layout
from valossa_metadata.archive.lock import refuse_old_layout
from valossa_metadata.archive.scan import scan
from valossa_metadata.archive.tracking import read_manifest

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from valossa_metadata.query.selection import SelectArgs, Selection

__all__ = ["Archive", "is_dataset"]


def is_dataset(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is a folder written by :func:`valossa_metadata.convert` (either layout).

    Examples:
        >>> is_dataset("sample_results")
        False
    """
    return is_delta_table(Path(path) / SOURCES_TABLE) or is_old_layout(path)


class Archive:
    """The tables of a converted archive, with :meth:`select` and :meth:`screen_time` as on one result.

    Examples:
        >>> import tempfile
        >>> import valossa_metadata as vm
        >>> out = tempfile.mkdtemp()
        >>> _ = vm.convert("sample_results/metareader_metadata_example_2017_v1.json", out, workers=1,
        ...                progress=False)
        >>> Archive(out).screen_time("identity", types="human.face").row(0)[:1]
        ('Audrey Hepburn',)
    """

    duration: float | None = None

    def __init__(self, directory: str | os.PathLike[str]) -> None:
        refuse_old_layout(directory)
        if not is_dataset(directory):
            raise ArchiveError(
                f"{directory}: not a dataset written by 'valossa-metadata convert' (no {SOURCES_TABLE} table)"
            )
        self.directory = Path(directory)
        self.source = str(directory)
        self._frames = scan(directory)
        self._cache: dict[str, pl.DataFrame] = {}

    def lazy(self, table: str) -> pl.LazyFrame:
        """One table as a ``LazyFrame``, for queries too large to collect."""
        return self._frames[table]

    def _table(self, name: str) -> pl.DataFrame:
        if name not in self._cache:
            self._cache[name] = self._frames[name].collect()
        return self._cache[name].clone()

    def detections(self) -> pl.DataFrame:
        """Every job's detections."""
        return self._table("detections")

    def occurrences(self) -> pl.DataFrame:
        """Every job's occurrences."""
        return self._table("occurrences")

    def seconds(self) -> pl.DataFrame:
        """Every job's ``by_second`` rows."""
        return self._table("seconds")

    def shots(self) -> pl.DataFrame:
        """Every job's shots."""
        return self._table("shots")

    def speech(self) -> pl.DataFrame:
        """Every job's sentences."""
        return self._table("speech")

    def words(self) -> pl.DataFrame:
        """Every job's words."""
        return self._table("words")

    def faces(self) -> pl.DataFrame:
        """Every job's faces."""
        return self._table("faces")

    def topics(self) -> pl.DataFrame:
        """Every job's topics."""
        return self._table("topics")

    def select(self, **criteria: Unpack[SelectArgs]) -> Selection:
        """Rows matching criteria, as :meth:`valossa_metadata.Metadata.select`."""
        from valossa_metadata.query.selection import Criteria, Selection

        return Selection(self, Criteria.of(**criteria))

    def screen_time(self, by: str = "label", **criteria: Unpack[SelectArgs]) -> pl.DataFrame:
        """Union screen time per video, summed over the videos, per label, type, identity or category."""
        return self.select(**criteria).screen_time(by)

    def summary(self) -> dict[str, Any]:
        """Jobs converted, rows per table and files that failed.

        Examples:
            >>> import tempfile
            >>> import valossa_metadata as vm
            >>> out = tempfile.mkdtemp()
            >>> _ = vm.convert("sample_results/legacy_1_1_0_example.json", out, workers=1, progress=False)
            >>> Archive(out).summary()["jobs"]
            1
        """
        counts = {name: frame.select(pl.len()).collect().item() for name, frame in self._frames.items()}
        return {
            "dataset": self.source,
            "jobs": read_manifest(self.directory).height,
            "failed_files": read_errors(self.directory).height,
            **{f"rows_{name}": count for name, count in counts.items()},
        }

    def __repr__(self) -> str:
        return f"<Archive {self.source}>"
