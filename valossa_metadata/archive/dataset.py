"""``convert()``: a whole archive of results into Delta tables, on every core of this machine."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from valossa_metadata.archive.discover import Sources, find_sources
from valossa_metadata.archive.errors import ArchiveError
from valossa_metadata.archive.ordered import run_ordered
from valossa_metadata.archive.store import BATCH_JOBS, ArchiveWriter, ConvertSummary
from valossa_metadata.archive.watchdog import watch_parent
from valossa_metadata.archive.worker import Outcome, Task, run_task
from valossa_metadata.errors import UsageError

__all__ = ["convert", "default_workers", "planned"]

_WINDOW_PER_WORKER = 8
#: Fewer files to convert than this are converted in this process, whatever ``workers`` says.
_POOL_AT_TASKS = 8


def convert(
    sources: Sources,
    out_dir: str | os.PathLike[str],
    workers: int | None = None,
    *,
    progress: bool = True,
    prune: bool = False,
    batch_jobs: int = BATCH_JOBS,
) -> ConvertSummary:
    """Convert Core metadata files into one Delta Lake table per table name under ``out_dir``.

    ``sources`` is a file or folder, or several (folders are walked for ``.json`` and ``.json.gz``).
    Every row gets ``job_id`` and ``source``. Results are committed ``batch_jobs`` at a time (fewer
    when their tables pass 512 MB in memory). Results already converted and unchanged are skipped,
    a changed one replaces its job's rows, and a bad file is skipped, named on stderr and recorded
    in ``out_dir/_errors``. ``prune=True`` also removes the jobs whose source files are gone.
    ``workers`` processes run the conversion (default: one per CPU; ``1`` runs in this process).
    A script that calls this with more than one worker needs the ``if __name__ == "__main__":``
    guard, because workers are started with ``spawn``.

    Raises :class:`~valossa_metadata.archive.DatasetBusyError` when another run holds the dataset,
    and :class:`~valossa_metadata.archive.ArchiveError` for an old-layout dataset or a failed commit.

    Examples:
        >>> import tempfile
        >>> import valossa_metadata.archive as va
        >>> out = tempfile.mkdtemp()
        >>> summary = va.convert("sample_results/legacy_1_1_0_example.json", out, workers=1, progress=False)
        >>> summary.converted, va.scan(out)["faces"].collect().height
        (1, 5)
    """
    count = default_workers() if workers is None else workers
    if count < 1:
        raise UsageError(f"workers must be at least 1, got {count}")
    paths = find_sources(sources, exclude=out_dir)
    with ArchiveWriter(
        out_dir, total=len(paths), progress=progress, prune=prune, batch_jobs=batch_jobs
    ) as writer:
        tasks = list(planned(writer, paths))  # a stat per file: cheap, and tells how much work there is
        if count == 1 or len(tasks) < _POOL_AT_TASKS:  # starting processes would cost more
            for task in tasks:
                writer.commit(run_task(task))
        else:
            context = multiprocessing.get_context(
                "spawn"
            )  # fork is unsafe with polars' and delta-rs' threads
            with ProcessPoolExecutor(
                max_workers=count, mp_context=context, initializer=watch_parent, initargs=(os.getpid(),)
            ) as pool:

                def submit(task: Task) -> Future[Outcome]:
                    return pool.submit(run_task, task)

                results = run_ordered(tasks, submit, _result, window=count * _WINDOW_PER_WORKER)
                for outcome in results:
                    writer.commit(outcome)
    return writer.summary()


def planned(writer: ArchiveWriter, paths: Iterable[str]) -> Iterator[Task]:
    """The tasks of the sources that need work (planned lazily, as the run goes).

    Examples:
        >>> import tempfile
        >>> with ArchiveWriter(tempfile.mkdtemp(), total=1, progress=False) as writer:
        ...     [task.known_sha256 for task in planned(writer, ["a.json"])]
        [None]
    """
    for path in paths:
        task = writer.plan(path)
        if task is not None:
            yield task


def default_workers() -> int:
    """The number of CPUs this process may use.

    Examples:
        >>> default_workers() >= 1
        True
    """
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover -- macOS and Windows
        return os.cpu_count() or 1


def _result(future: Future[Outcome], task: Task) -> Outcome:
    try:
        return future.result()
    except BrokenProcessPool:
        raise ArchiveError(
            f"a worker process died while converting {task.source} or a file near it (out of memory?); "
            "run again to resume"
        ) from None
