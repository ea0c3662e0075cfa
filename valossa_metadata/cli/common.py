"""Options and helpers shared by the commands: input file, selection, time window, output."""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from valossa_metadata._render import FORMATS, render, write_text
from valossa_metadata.errors import UsageError
from valossa_metadata.query.timecodes import parse_time

if TYPE_CHECKING:
    import polars as pl

    from valossa_metadata.archive.view import Archive
    from valossa_metadata.metadata import Metadata
    from valossa_metadata.query.selection import Selection

__all__ = [
    "METAREADER_BLACKLIST",
    "CommandError",
    "Handler",
    "Subparsers",
    "add_file",
    "add_output",
    "add_selection",
    "add_tables",
    "emit",
    "load_file",
    "load_tables",
    "one_result",
    "selection",
    "split_values",
    "time_value",
]

Handler = Callable[[argparse.Namespace], int]
Subparsers = Any  # argparse's _SubParsersAction, which typeshed marks private

#: metadata-reader's default "strong" category blacklist, applied here only on request.
METAREADER_BLACKLIST = ("lights_effects", "style")


class CommandError(UsageError):
    """A command-line input that cannot be used (a bad option value, a missing argument).

    Examples:
        >>> str(CommandError("give a time"))
        'give a time'
    """


def add_file(parser: argparse.ArgumentParser) -> None:
    """The positional Core metadata file."""
    parser.add_argument("file", metavar="FILE", help="Core metadata (.json or .json.gz)")


def add_tables(parser: argparse.ArgumentParser) -> None:
    """The positional input of the query commands: one result, or a dataset folder."""
    parser.add_argument(
        "file", metavar="FILE|DATASET", help="Core metadata (.json or .json.gz), or a dataset from convert"
    )


def add_selection(parser: argparse.ArgumentParser, *, metareader: bool = False, window: bool = True) -> None:
    """Selection options. ``metareader`` adds metadata-reader's spellings (and its multi-value ``-t``)."""
    many: dict[str, Any] = {"nargs": "+", "action": "extend"} if metareader else {"action": "append"}

    def legacy(*names: str) -> list[str]:
        return list(names) if metareader else []

    group = parser.add_argument_group("selection")
    group.add_argument(
        "-t",
        "--type",
        *legacy("--detection-types"),
        dest="types",
        metavar="GLOB",
        help="detection types, globs allowed (visual.*, audio.keyword.*); repeat or separate with commas",
        **many,
    )
    group.add_argument(
        "-l",
        "--label",
        *legacy("--detection-label"),
        dest="labels",
        action="append",
        metavar="LABEL",
        help="labels to keep (exact, case-insensitive; see --label-mode); repeatable",
    )
    group.add_argument(
        "--label-mode",
        choices=("exact", "glob", "regex"),
        default="exact",
        help="how --label matches (default: exact)",
    )
    group.add_argument(
        "-p",
        "--person",
        *legacy("--detection-persons", "--similar-to"),
        dest="persons",
        action="append",
        metavar="NAME",
        help="face identity names, * wildcards allowed (*Hepburn); repeat or separate with commas",
    )
    group.add_argument(
        "-i",
        "--cid",
        *legacy("--detection-valossa-cid"),
        dest="cids",
        action="append",
        metavar="CID",
        help="Valossa concept ids; repeatable",
    )
    group.add_argument(
        "--gkg", dest="gkg_ids", action="append", metavar="ID", help="Knowledge Graph ids; repeatable"
    )
    if metareader:
        group.add_argument(
            "--detection-external-concept-id",
            nargs=2,
            metavar=("ONTOLOGY", "ID"),
            help="metadata-reader's external id filter; only the 'gkg' ontology exists",
        )
    group.add_argument(
        "-c",
        "--category",
        dest="categories",
        **many,
        metavar="TAG",
        help="category tags to keep, globs allowed (fauna, *_content); repeat or separate with commas",
    )
    group.add_argument(
        "--exclude-category",
        dest="exclude_categories",
        action="append",
        metavar="TAG",
        help="category tags to drop",
    )
    group.add_argument(
        "--metadata-reader-blacklist",
        action="store_true",
        help=f"drop the categories metadata-reader hides by default ({', '.join(METAREADER_BLACKLIST)})",
    )
    group.add_argument(
        "--min-confidence",
        type=float,
        metavar="C",
        help="minimum confidence 0-1; rows without a confidence (faces, keywords, speech) are dropped",
    )
    if window:
        time = parser.add_argument_group("time window")
        time.add_argument(
            "--start",
            *legacy("--start-second"),
            type=time_value,
            metavar="T",
            help="window start (seconds or h:mm:ss)",
        )
        time.add_argument(
            "--end",
            *legacy("--end-second"),
            type=time_value,
            metavar="T",
            help="window end (seconds or h:mm:ss)",
        )
        time.add_argument(
            "--length", *legacy("--length-seconds"), type=time_value, metavar="T", help="window length"
        )
        time.add_argument(
            "--window-mode",
            choices=("overlap", "within", "clip"),
            default="overlap",
            help="overlapping rows, rows inside, or rows clipped to the window (default: overlap)",
        )
    faces = parser.add_argument_group("faces")
    faces.add_argument(
        "--separate-face-identities",
        action="store_true",
        help="keep each face detection apart instead of merging by name",
    )
    faces.add_argument("--skip-unknown-faces", action="store_true", help="drop faces with no gallery match")


def add_output(
    parser: argparse.ArgumentParser, formats: tuple[str, ...] = FORMATS, *, metareader: bool = False
) -> None:
    """``-f/--format`` and ``-o/--output`` (with metadata-reader's spellings on its aliases)."""
    names = ["-f", "--format", "--output-format"] if metareader else ["-f", "--format"]
    choices = (*formats, "free") if metareader else formats
    parser.add_argument(
        *names, dest="format", default="table", choices=choices, help="output format (default: table)"
    )
    out = ["-o", "--output", "--output-file"] if metareader else ["-o", "--output"]
    parser.add_argument(
        *out, dest="output", metavar="PATH", help="write to PATH (atomically) instead of stdout"
    )


def split_values(values: list[str] | None) -> list[str]:
    """Flatten repeated and comma-separated option values.

    Examples:
        >>> split_values(["visual.*,audio.*", "human.face"])
        ['visual.*', 'audio.*', 'human.face']
    """
    return [part.strip() for value in values or [] for part in value.split(",") if part.strip()]


def load_file(args: argparse.Namespace) -> Metadata:
    """Load the command's FILE: one result (a dataset folder is refused with a clear message)."""
    from valossa_metadata.metadata import load

    if _is_dataset(args.file):
        raise CommandError(f"{args.file} is a dataset; this command takes one result file")
    return load(args.file)


def load_tables(args: argparse.Namespace) -> Metadata | Archive:
    """Load the command's FILE: one result, or a dataset folder written by ``convert``."""
    if _is_dataset(args.file):
        from valossa_metadata.archive.view import Archive

        return Archive(args.file)
    return load_file(args)


def _is_dataset(path: str) -> bool:
    """Whether ``path`` is a dataset folder; a file is not, and then the archive is never imported."""
    if not os.path.isdir(path):
        return False
    from valossa_metadata.archive.view import is_dataset

    return is_dataset(path)


def one_result(md: Metadata | Archive, what: str) -> Metadata:
    """The result itself, or a clear error when a dataset was given where only one result will do."""
    from valossa_metadata.metadata import Metadata

    if not isinstance(md, Metadata):
        raise CommandError(f"{what} needs one result file, not a dataset")
    return md


def selection(md: Metadata | Archive, args: argparse.Namespace, **overrides: Any) -> Selection:
    """The :class:`Selection` the command's options describe."""
    gkg = split_values(getattr(args, "gkg_ids", None))
    external = getattr(args, "detection_external_concept_id", None)
    if external:
        if external[0] != "gkg":
            raise CommandError(f"unknown ontology {external[0]!r}: only 'gkg' ids exist in Valossa metadata")
        gkg.append(external[1])
    excluded = split_values(getattr(args, "exclude_categories", None))
    if getattr(args, "metadata_reader_blacklist", False):
        excluded.extend(METAREADER_BLACKLIST)
    criteria: dict[str, Any] = {
        "types": split_values(getattr(args, "types", None)),
        "labels": list(getattr(args, "labels", None) or []),
        "label_mode": getattr(args, "label_mode", "exact"),
        "persons": split_values(getattr(args, "persons", None)),
        "cids": split_values(getattr(args, "cids", None)),
        "gkg_ids": gkg,
        "categories": split_values(getattr(args, "categories", None)),
        "exclude_categories": excluded,
        "min_confidence": getattr(args, "min_confidence", None),
        "start": getattr(args, "start", None),
        "end": getattr(args, "end", None),
        "length": getattr(args, "length", None),
        "mode": getattr(args, "window_mode", "overlap"),
        "separate_identities": getattr(args, "separate_face_identities", False),
        "skip_unknown_faces": getattr(args, "skip_unknown_faces", False),
    }
    criteria.update(overrides)
    return md.select(**criteria)


def emit(frame: pl.DataFrame, args: argparse.Namespace) -> int:
    """Render a frame in the chosen format (``free`` is metadata-reader's name for a table)."""
    fmt = "table" if args.format == "free" else args.format
    write_text(render(frame, fmt), args.output)
    return 0


def time_value(text: str) -> float:
    """An argparse type for times: seconds, ``m:ss`` or ``h:mm:ss`` (see :func:`parse_time`).

    Examples:
        >>> time_value("1:30")
        90.0
    """
    try:
        return parse_time(text)
    except UsageError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
