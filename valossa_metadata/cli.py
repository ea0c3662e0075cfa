"""The ``valossa-metadata`` command line: thin commands over the library.

Every library error becomes one line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from fnmatch import fnmatchcase
from typing import Any

from valossa_metadata._version import __version__
from valossa_metadata.errors import ValossaError
from valossa_metadata.output import FORMATS, render, write_text

__all__ = ["build_parser", "main"]

PROG = "valossa-metadata"

Handler = Callable[[argparse.Namespace], int]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit status.

    Example:
        >>> main(["info", "no-such-file.json"])  # prints one error line on stderr
        1
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        return handler(args)
    except ValossaError as exc:
        return _fail(str(exc))
    except OSError as exc:
        if isinstance(exc, BrokenPipeError):
            return 0
        return _fail(f"{exc.filename or ''}{': ' if exc.filename else ''}{exc.strerror or exc}")
    except KeyboardInterrupt:
        return _fail("interrupted", 130)


def _fail(message: str, status: int = 1) -> int:
    sys.stderr.write(f"{PROG}: error: {message}\n")
    return status


def build_parser() -> argparse.ArgumentParser:
    """The whole argument parser, with every subcommand registered.

    Example:
        >>> build_parser().prog
        'valossa-metadata'
    """
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Read, query and export Valossa Core metadata, and drive the Valossa API.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    _register_tables(commands)
    return parser


def _common(parser: argparse.ArgumentParser, *, types: bool = True) -> None:
    parser.add_argument("file", metavar="FILE", help="Core metadata (.json or .json.gz)")
    if types:
        parser.add_argument(
            "-t",
            "--type",
            dest="types",
            action="append",
            metavar="GLOB",
            help="detection types to keep, globs allowed (visual.*); repeat or separate with commas",
        )
    parser.add_argument(
        "-f", "--format", default="table", choices=FORMATS, help="output format (default: table)"
    )
    parser.add_argument("-o", "--output", metavar="PATH", help="write to PATH (atomically) instead of stdout")


def _register_tables(commands: Any) -> None:
    info = commands.add_parser(
        "info", help="facts about the video and the file", description="Facts about the video and the file."
    )
    _common(info, types=False)
    info.set_defaults(handler=_info)

    detections = commands.add_parser(
        "detections",
        help="one row per detection",
        description="One row per detection, by type and prominence.",
    )
    _common(detections)
    detections.add_argument("-n", "--top", type=int, metavar="N", help="keep the N most prominent per type")
    detections.set_defaults(handler=_detections)

    occurrences = commands.add_parser(
        "occurrences", help="one row per occurrence", description="One row per occurrence, by start time."
    )
    _common(occurrences)
    occurrences.set_defaults(handler=_occurrences)

    seconds = commands.add_parser(
        "seconds", help="one row per detection per second", description="One row per by_second item."
    )
    _common(seconds)
    seconds.set_defaults(handler=_seconds)


def _load(args: argparse.Namespace) -> Any:
    from valossa_metadata.decode import load

    return load(args.file)


def _type_filter(frame: Any, patterns: list[str] | None) -> Any:
    if not patterns:
        return frame
    globs = [p.strip() for arg in patterns for p in arg.split(",") if p.strip()]
    types = frame.get_column("type").unique().to_list()
    keep = [t for t in types if t is not None and any(fnmatchcase(t, g) for g in globs)]
    return frame.filter(frame.get_column("type").is_in(keep))


def _emit(frame: Any, args: argparse.Namespace) -> int:
    write_text(render(frame, args.format), args.output)
    return 0


def _info(args: argparse.Namespace) -> int:
    import polars as pl

    md = _load(args)
    facts: dict[str, Any] = {
        "file": md.source,
        "metadata_type": md.core.version_info.metadata_type,
        "format": md.format_version,
        "backend": md.backend,
        "job_id": md.job_id,
        "title": md.title,
        "description": md.description,
        "language": md.language,
        "duration_s": md.duration,
        "fps": md.fps,
        "video_url": md.video_url,
        "transcript_url": md.transcript_url,
        "detections": len(md.core.detections),
        "shots": len(md.core.segmentations.detected_shots),
    }
    counts = md.detection_counts()
    if args.format in ("json", "jsonl"):
        facts["detections_by_type"] = counts
        import json

        write_text(json.dumps(facts, ensure_ascii=False) + "\n", args.output)
        return 0
    rows = [(k, "" if v is None else str(v)) for k, v in facts.items()]
    rows += [(f"  {t}", str(n)) for t, n in counts.items()]
    frame = pl.DataFrame(rows, schema={"field": pl.String, "value": pl.String}, orient="row")
    return _emit(frame, args)


def _detections(args: argparse.Namespace) -> int:
    import polars as pl

    frame = _type_filter(_load(args).detections(), args.types)
    if args.top is not None:
        frame = frame.filter(pl.int_range(pl.len()).over("type") < args.top)
    return _emit(frame, args)


def _occurrences(args: argparse.Namespace) -> int:
    return _emit(_type_filter(_load(args).occurrences(), args.types), args)


def _seconds(args: argparse.Namespace) -> int:
    return _emit(_type_filter(_load(args).seconds(), args.types), args)
