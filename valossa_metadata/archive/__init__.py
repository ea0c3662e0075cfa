"""Many results at once: a whole archive of Core metadata as one Delta Lake table per table name.

:func:`convert` writes the tables of every result into ``OUT/<table>`` (Delta tables, committed in
batches, resumably and on every core); :func:`scan` reads them back as lazy polars frames with the
in-memory tables' schemas plus ``job_id`` and ``source``. :func:`compact` and :func:`vacuum` keep
the tables tidy, :func:`migrate` moves a dataset of the first layout over. :func:`convert_result` is
the pure per-file step any engine can run; ``valossa_metadata.archive.distributed.convert_distributed``
runs it on Dask. See ``docs/archive.md``.

Examples:
    >>> import tempfile
    >>> import valossa_metadata.archive as va
    >>> out = tempfile.mkdtemp()
    >>> print(va.convert("sample_results/legacy_1_1_0_example.json", out, workers=1, progress=False).ok)
    True
    >>> va.scan(out)["shots"].select("job_id").unique().collect().item()
    '8cdb305f-dd2e-4609-ae36-aab0d1bc52d9'
"""

from __future__ import annotations

from valossa_metadata.archive.convert import (
    ARCHIVE_TABLES,
    ConvertedResult,
    archive_schema,
    arrow_tables,
    convert_result,
    result_tables,
)
from valossa_metadata.archive.dataset import convert
from valossa_metadata.archive.errors import ArchiveError, DatasetBusyError
from valossa_metadata.archive.failures import read_errors
from valossa_metadata.archive.housekeeping import compact, vacuum
from valossa_metadata.archive.migrate import migrate
from valossa_metadata.archive.scan import scan
from valossa_metadata.archive.store import ConvertSummary
from valossa_metadata.archive.tracking import read_manifest

__all__ = [
    "ARCHIVE_TABLES",
    "ArchiveError",
    "ConvertSummary",
    "ConvertedResult",
    "DatasetBusyError",
    "archive_schema",
    "arrow_tables",
    "compact",
    "convert",
    "convert_result",
    "migrate",
    "read_errors",
    "read_manifest",
    "result_tables",
    "scan",
    "vacuum",
]
