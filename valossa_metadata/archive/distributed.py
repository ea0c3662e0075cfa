"""``convert_distributed()``: the same conversion on a Dask distributed cluster (the ``distributed`` extra).

Workers run the same task as :func:`~valossa_metadata.archive.convert` (read, hash, convert into
Arrow tables); this process gathers the tables and commits them in batches through delta-rs, in
the order of the sources, so the tables, the source tracking and the error table are exactly those
of a local run. Dask is imported only through the client you pass.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from valossa_metadata.archive.dataset import planned
from valossa_metadata.archive.discover import Sources, find_sources
from valossa_metadata.archive.ordered import run_ordered
from valossa_metadata.archive.store import BATCH_JOBS, ArchiveWriter, ConvertSummary
from valossa_metadata.archive.worker import Outcome, Task, run_task

if TYPE_CHECKING:
    from distributed import Client, Future

__all__ = ["collect", "convert_distributed"]

_WINDOW_PER_THREAD = 8


def convert_distributed(
    sources: Sources,
    out_dir: str | os.PathLike[str],
    client: Client,
    *,
    progress: bool = True,
    prune: bool = False,
    batch_jobs: int = BATCH_JOBS,
) -> ConvertSummary:
    """Convert results into the dataset at ``out_dir`` with the workers of a ``distributed.Client``.

    The workers read the sources by their absolute paths, so the files must be where the workers
    see them under the same names (a shared filesystem); they send the tables back as Arrow data,
    and only this process writes to ``out_dir``. Everything else is as in
    :func:`~valossa_metadata.archive.convert`: batches, resuming, replacing changed results,
    pruning, the error table.

    Examples:
        >>> import tempfile
        >>> from distributed import Client, LocalCluster
        >>> out = tempfile.mkdtemp()
        >>> with LocalCluster(n_workers=1, processes=False, dashboard_address=None) as cluster:
        ...     with Client(cluster) as client:
        ...         path = "sample_results/legacy_1_1_0_example.json"
        ...         print(convert_distributed(path, out, client, progress=False).converted)
        1
    """
    paths = find_sources(sources, exclude=out_dir)
    threads = sum(client.nthreads().values())  # type: ignore[no-untyped-call]
    window = max(1, threads) * _WINDOW_PER_THREAD
    with ArchiveWriter(
        out_dir, total=len(paths), progress=progress, prune=prune, batch_jobs=batch_jobs
    ) as writer:

        def submit(task: Task) -> Future[Outcome]:
            return client.submit(run_task, task, pure=False)

        for outcome in run_ordered(planned(writer, paths), submit, collect, window=window):
            writer.commit(outcome)
    return writer.summary()


def collect(future: Future[Outcome], task: Task) -> Outcome:
    """The outcome of a task; a task whose workers kept dying becomes a failure of its file.

    Examples:
        >>> from distributed import Client, LocalCluster
        >>> with LocalCluster(n_workers=1, processes=False, dashboard_address=None) as cluster:
        ...     with Client(cluster) as client:
        ...         task = Task("no-such-file.json")
        ...         collect(client.submit(run_task, task, pure=False), task).message
        'no such file'
    """
    from distributed.scheduler import KilledWorker

    try:
        return future.result()
    except KilledWorker as exc:
        message = f"{exc.allowed_failures + 1} workers died while converting it (out of memory?)"
        return Outcome(task.source, "failed", message)
