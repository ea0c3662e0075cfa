"""``export``: a table as CSV, Parquet or JSON lines; cues as SRT or WebVTT; RTTM; Audacity labels."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from valossa_metadata.cli.common import (
    CommandError,
    Subparsers,
    add_file,
    add_selection,
    load_file,
    selection,
)

if TYPE_CHECKING:
    from valossa_metadata.subtitles.building import CueSource

__all__ = ["register"]

# Kept here as well as in valossa_metadata.export.files, so that building the parser imports no polars.
FORMATS = ("csv", "parquet", "jsonl", "srt", "vtt", "rttm", "audacity")
TABLES = (
    "detections",
    "occurrences",
    "seconds",
    "second_attributes",
    "shots",
    "speech",
    "words",
    "faces",
    "topics",
)
SOURCES = ("sentences", "words", "labels")


def register(commands: Subparsers) -> None:
    """Add ``export``."""
    text = "write a table (CSV, Parquet, JSON lines), subtitles (SRT, WebVTT), RTTM or Audacity labels"
    parser = commands.add_parser("export", help=text, description=text[0].upper() + text[1:] + ".")
    add_file(parser)
    parser.add_argument(
        "-f",
        "--format",
        choices=FORMATS,
        help="what to write (default: from the output's extension; .txt is audacity)",
    )
    parser.add_argument(
        "--table",
        choices=TABLES,
        default="detections",
        help="csv, parquet, jsonl: which table (default: detections)",
    )
    parser.add_argument(
        "--source",
        choices=SOURCES,
        help="srt, vtt, audacity: cues from transcript sentences, from words, or the selected detections' "
        "labels (default: sentences; audacity: labels)",
    )
    parser.add_argument(
        "--max-pause",
        type=float,
        default=1.0,
        metavar="S",
        help="words and rttm: a longer pause ends a cue or a speaker turn (default: 1.0)",
    )
    parser.add_argument(
        "--snap",
        type=float,
        metavar="S",
        help="labels: widen occurrences to a grid of S seconds (fewer cues)",
    )
    parser.add_argument(
        "--file-id", metavar="ID", help="rttm: the file id (default: the job id, else FILE's stem)"
    )
    add_selection(parser)
    parser.add_argument(
        "-o", "--output", metavar="PATH", help="write to PATH (atomically); default stdout (not for parquet)"
    )
    parser.set_defaults(handler=export_command)


def export_command(args: argparse.Namespace) -> int:
    """Write the chosen export."""
    from valossa_metadata import export
    from valossa_metadata._render import write_text

    fmt = _format(args)
    if args.max_pause < 0:
        raise CommandError("--max-pause is 0 or more seconds")
    if args.snap is not None and args.snap <= 0:
        raise CommandError("--snap is more than 0 seconds")
    if fmt == "parquet" and (args.output is None or args.output == "-"):
        raise CommandError("Parquet is binary: give a file with -o")
    md = load_file(args)
    chosen = selection(md, args)
    if fmt in export.TABLE_FORMATS:
        frame = export.table(md, args.table, chosen)
        if not frame.height:
            _nothing(f"the {args.table} table has no rows here", args)
        export.write_table(frame, args.output, fmt)
        return 0
    if fmt == "rttm":
        text = export.rttm(md, max_pause=args.max_pause, file=args.file_id)
        if not text:
            _nothing("the file has no transcribed words with speakers", args)
        write_text(text, args.output)
        return 0
    source: CueSource = args.source or ("labels" if fmt == "audacity" else "sentences")
    if fmt == "audacity" and source == "labels":
        cues = export.occurrence_labels(chosen)
    else:
        cues = export.cues(md, source, selection=chosen, max_pause=args.max_pause, snap=args.snap)
    if not cues.height:
        what = {"sentences": "no transcript sentences", "words": "no transcribed words"}.get(
            source, "no labels"
        )
        _nothing(f"{what} to make cues from", args)
    writers = {"srt": export.srt, "vtt": export.vtt, "audacity": export.audacity}
    write_text(writers[fmt](cues), args.output)
    return 0


def _nothing(reason: str, args: argparse.Namespace) -> NoReturn:
    """No empty files: an export with nothing in it is an error that says why."""
    raise CommandError(f"nothing to export: {reason} (in {args.file}); no file written")


def _format(args: argparse.Namespace) -> str:
    if args.format:
        return str(args.format)
    suffix = Path(args.output).suffix.lstrip(".").lower() if args.output else ""
    if suffix == "txt":
        return "audacity"
    if suffix in FORMATS and suffix != "audacity":
        return suffix
    raise CommandError(f"give --format ({', '.join(FORMATS)}); the output's name does not tell it")
