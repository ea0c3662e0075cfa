"""Commands that print the tables of one result: ``info``, ``detections``, ``occurrences``, ``seconds``."""

from __future__ import annotations

import argparse
import json
from typing import Any

from valossa_metadata.commands.common import (
    Subparsers,
    add_file,
    add_output,
    add_types,
    emit,
    load_file,
    type_filter,
)
from valossa_metadata.output import write_text

__all__ = ["register"]


def register(commands: Subparsers) -> None:
    """Add the table commands to the command line."""
    info = commands.add_parser(
        "info", help="facts about the video and the file", description="Facts about the video and the file."
    )
    add_file(info)
    add_output(info)
    info.set_defaults(handler=_info)

    detections = commands.add_parser(
        "detections",
        help="one row per detection",
        description="One row per detection, by type and prominence.",
    )
    add_file(detections)
    add_types(detections)
    add_output(detections)
    detections.add_argument("-n", "--top", type=int, metavar="N", help="keep the N most prominent per type")
    detections.set_defaults(handler=_detections)

    occurrences = commands.add_parser(
        "occurrences", help="one row per occurrence", description="One row per occurrence, by start time."
    )
    add_file(occurrences)
    add_types(occurrences)
    add_output(occurrences)
    occurrences.set_defaults(handler=_occurrences)

    seconds = commands.add_parser(
        "seconds", help="one row per detection per second", description="One row per by_second item."
    )
    add_file(seconds)
    add_types(seconds)
    add_output(seconds)
    seconds.set_defaults(handler=_seconds)


def _info(args: argparse.Namespace) -> int:
    import polars as pl

    md = load_file(args)
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
        write_text(json.dumps(facts, ensure_ascii=False) + "\n", args.output)
        return 0
    rows = [(k, "" if v is None else str(v)) for k, v in facts.items()]
    rows += [(f"  {t}", str(n)) for t, n in counts.items()]
    frame = pl.DataFrame(rows, schema={"field": pl.String, "value": pl.String}, orient="row")
    return emit(frame, args)


def _detections(args: argparse.Namespace) -> int:
    import polars as pl

    frame = type_filter(load_file(args).detections(), args.types)
    if args.top is not None:
        frame = frame.filter(pl.int_range(pl.len()).over("type") < args.top)
    return emit(frame, args)


def _occurrences(args: argparse.Namespace) -> int:
    return emit(type_filter(load_file(args).occurrences(), args.types), args)


def _seconds(args: argparse.Namespace) -> int:
    return emit(type_filter(load_file(args).seconds(), args.types), args)
