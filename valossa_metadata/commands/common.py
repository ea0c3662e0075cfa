"""Options and helpers shared by the commands: the input file, type globs, output format and file."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from fnmatch import fnmatchcase
from typing import TYPE_CHECKING, Any

from valossa_metadata.output import FORMATS, render, write_text

if TYPE_CHECKING:
    import polars as pl

    from valossa_metadata.metadata import Metadata

__all__ = [
    "Handler",
    "Subparsers",
    "add_file",
    "add_output",
    "add_types",
    "emit",
    "load_file",
    "split_globs",
    "type_filter",
]

Handler = Callable[[argparse.Namespace], int]
Subparsers = Any  # argparse's _SubParsersAction, which typeshed marks private


def add_file(parser: argparse.ArgumentParser) -> None:
    """The positional Core metadata file."""
    parser.add_argument("file", metavar="FILE", help="Core metadata (.json or .json.gz)")


def add_types(parser: argparse.ArgumentParser) -> None:
    """``-t/--type``: detection-type globs, repeatable or comma-separated."""
    parser.add_argument(
        "-t",
        "--type",
        dest="types",
        action="append",
        metavar="GLOB",
        help="detection types to keep, globs allowed (visual.*); repeat or separate with commas",
    )


def add_output(parser: argparse.ArgumentParser, formats: tuple[str, ...] = FORMATS) -> None:
    """``-f/--format`` and ``-o/--output``."""
    parser.add_argument(
        "-f", "--format", default="table", choices=formats, help="output format (default: table)"
    )
    parser.add_argument("-o", "--output", metavar="PATH", help="write to PATH (atomically) instead of stdout")


def load_file(args: argparse.Namespace) -> Metadata:
    """Load the command's FILE."""
    from valossa_metadata.decode import load

    return load(args.file)


def split_globs(values: list[str] | None) -> list[str]:
    """Flatten repeated and comma-separated option values.

    Example:
        >>> split_globs(["visual.*,audio.*", "human.face"])
        ['visual.*', 'audio.*', 'human.face']
    """
    return [part.strip() for value in values or [] for part in value.split(",") if part.strip()]


def type_filter(frame: pl.DataFrame, patterns: list[str] | None) -> pl.DataFrame:
    """Keep the rows whose ``type`` matches any of the globs (all rows when there are none)."""
    globs = split_globs(patterns)
    if not globs:
        return frame
    types = frame.get_column("type").unique().to_list()
    keep = [t for t in types if t is not None and any(fnmatchcase(t, g) for g in globs)]
    return frame.filter(frame.get_column("type").is_in(keep))


def emit(frame: pl.DataFrame, args: argparse.Namespace) -> int:
    """Render a frame in the chosen format to the chosen place."""
    write_text(render(frame, args.format), args.output)
    return 0
