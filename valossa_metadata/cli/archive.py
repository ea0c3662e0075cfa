"""The archive commands: ``convert`` many results into Delta tables, ``compact``, ``vacuum``, ``migrate``.

Exit status: 0 done, 1 some files failed (or another error), 3 another run holds the dataset.
"""

from __future__ import annotations

import argparse
import sys

from valossa_metadata.cli.common import Subparsers

__all__ = ["BUSY_STATUS", "register"]

#: The exit status when another convert, compact, vacuum or migrate holds the dataset.
BUSY_STATUS = 3

_EXIT = (
    "Exit status: 0 done, 1 some files failed (or another error), "
    "3 another convert, compact, vacuum or migrate holds the dataset."
)


def register(commands: Subparsers) -> None:
    """Add the ``convert``, ``compact``, ``vacuum`` and ``migrate`` commands to the command line."""
    convert = commands.add_parser(
        "convert",
        help="many results into one Delta Lake table per table, resumably, on every core",
        description=(
            "Convert Core metadata files into one Delta Lake table per table under OUT (OUT/occurrences, "
            "OUT/faces, ...), every row with job_id and source, committed in batches. Folders are walked "
            "for .json and .json.gz. A rerun converts only new and changed results (a changed result "
            "replaces its job's rows); a bad file is named on stderr and recorded in OUT/_errors. "
            "Tables with many small files are compacted at the end. Prints a summary line. " + _EXIT
        ),
    )
    convert.add_argument("sources", nargs="+", metavar="DIR|FILE", help="results, or folders of results")
    convert.add_argument(
        "-o", "--output", required=True, metavar="OUT", help="the dataset folder (created if needed)"
    )
    convert.add_argument(
        "--workers",
        type=_positive,
        metavar="N",
        help="worker processes (default: one per CPU; 1 converts in this process)",
    )
    convert.add_argument(
        "--prune", action="store_true", help="also remove the jobs whose source files no longer exist"
    )
    convert.add_argument(
        "--batch", type=_positive, default=500, metavar="JOBS", help="jobs per commit (default 500)"
    )
    convert.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    convert.set_defaults(handler=_convert)

    compact = commands.add_parser(
        "compact",
        help="rewrite a dataset's small data files into large ones",
        description=(
            "Compact every Delta table of a dataset: small data files are rewritten into large ones "
            "(the old files stay until vacuum). With --z-order the rows are also clustered by job_id "
            "and type, so that reading or replacing one job touches fewer files. " + _EXIT
        ),
    )
    compact.add_argument("dataset", metavar="DATASET", help="a dataset folder written by convert")
    compact.add_argument(
        "--z-order", action="store_true", help="also cluster the rows by job_id and type (rewrites all)"
    )
    compact.set_defaults(handler=_compact)

    vacuum = commands.add_parser(
        "vacuum",
        help="delete data files that no recent table version needs",
        description=(
            "Delete the data files of a dataset that compaction and replaced jobs left behind, once no "
            "table version of the retention period needs them (readers of an older version do). " + _EXIT
        ),
    )
    vacuum.add_argument("dataset", metavar="DATASET", help="a dataset folder written by convert")
    vacuum.add_argument(
        "--retention-hours",
        type=_not_negative,
        default=168,
        metavar="H",
        help="keep the files of table versions of the last H hours (default 168, a week)",
    )
    vacuum.add_argument("--dry-run", action="store_true", help="only count the files that would go")
    vacuum.set_defaults(handler=_vacuum)

    migrate = commands.add_parser(
        "migrate",
        help="move a dataset of the old layout (a file per job) to Delta tables",
        description=(
            "Copy a dataset written by an earlier version (OLD/<table>/job_id=<id>/part-0.parquet and "
            "OLD/_manifest.jsonl) into Delta tables at NEW, with its source tracking and error table, "
            "so that converting the same sources into NEW afterwards finds them unchanged. OLD is "
            "only read. " + _EXIT
        ),
    )
    migrate.add_argument("old", metavar="OLD", help="the dataset of the old layout")
    migrate.add_argument("new", metavar="NEW", help="the new dataset folder (new or empty)")
    migrate.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    migrate.set_defaults(handler=_migrate)


def _positive(text: str) -> int:
    value = _whole(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def _not_negative(text: str) -> int:
    value = _whole(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must not be negative, got {value}")
    return value


def _whole(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None


def _busy(message: str) -> int:
    sys.stderr.write(f"valossa-metadata: error: {message}\n")
    return BUSY_STATUS


def _convert(args: argparse.Namespace) -> int:
    from valossa_metadata.archive.dataset import convert
    from valossa_metadata.archive.errors import DatasetBusyError

    try:
        summary = convert(
            args.sources,
            args.output,
            args.workers,
            progress=not args.no_progress,
            prune=args.prune,
            batch_jobs=args.batch,
        )
    except DatasetBusyError as exc:
        return _busy(str(exc))
    print(summary)
    return 0 if summary.ok else 1


def _compact(args: argparse.Namespace) -> int:
    from valossa_metadata.archive.errors import DatasetBusyError
    from valossa_metadata.archive.housekeeping import compact

    try:
        done = compact(args.dataset, z_order=args.z_order)
    except DatasetBusyError as exc:
        return _busy(str(exc))
    for table in done:
        print(table)
    return 0


def _vacuum(args: argparse.Namespace) -> int:
    from valossa_metadata.archive.errors import DatasetBusyError
    from valossa_metadata.archive.housekeeping import vacuum

    try:
        done = vacuum(args.dataset, retention_hours=args.retention_hours, dry_run=args.dry_run)
    except DatasetBusyError as exc:
        return _busy(str(exc))
    deleted = sum(table.deleted for table in done)
    verb = "would delete" if args.dry_run else "deleted"
    print(f"{verb} {deleted} unused data files in {len(done)} tables of {args.dataset}")
    return 0


def _migrate(args: argparse.Namespace) -> int:
    from valossa_metadata.archive.errors import DatasetBusyError
    from valossa_metadata.archive.migrate import migrate

    try:
        summary = migrate(args.old, args.new, progress=not args.no_progress)
    except DatasetBusyError as exc:
        return _busy(str(exc))
    print(summary)
    return 0
