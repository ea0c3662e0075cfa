"""The archive command: ``convert``, many results into one Parquet dataset per table."""

from __future__ import annotations

import argparse

from valossa_metadata.cli.common import Subparsers

__all__ = ["register"]


def register(commands: Subparsers) -> None:
    """Add the ``convert`` command to the command line."""
    convert = commands.add_parser(
        "convert",
        help="many results into a Parquet dataset per table, resumably, on every core",
        description=(
            "Convert Core metadata files into one Parquet dataset per table under OUT "
            "(OUT/<table>/job_id=<id>/part-0.parquet), every row with job_id and source. Folders are "
            "walked for .json and .json.gz. A rerun converts only new and changed results; a bad file "
            "is named on stderr, recorded in OUT/_errors and makes the exit status 1. Prints a "
            "summary line."
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
    convert.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    convert.set_defaults(handler=_convert)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def _convert(args: argparse.Namespace) -> int:
    from valossa_metadata.archive.dataset import convert

    summary = convert(args.sources, args.output, args.workers, progress=not args.no_progress)
    print(summary)
    return 0 if summary.ok else 1
