"""Commands over one result: info, detections, occurrences, seconds, categories, summary, at, faces, speakers.

Each command also serves under metadata-reader's mode name (see :mod:`.metareader`), where the
same handler receives that tool's flags.
"""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

from valossa_metadata._render import FORMATS, write_text
from valossa_metadata.cli.common import (
    CommandError,
    Subparsers,
    add_file,
    add_output,
    add_selection,
    add_tables,
    emit,
    load_file,
    load_tables,
    one_result,
    selection,
    time_value,
)

if TYPE_CHECKING:
    import polars as pl

    from valossa_metadata.archive.view import Archive
    from valossa_metadata.metadata import Metadata

__all__ = ["register"]

WITH_SRT = (*FORMATS, "srt")
#: Commands whose name metadata-reader uses too: they take its flags as well.
SHARED_WITH_METAREADER = {"summary"}
DETECTION_SORTS = ("prominence", "detection_id", "screen_time", "label")
OCCURRENCE_SORTS = ("start", "duration", "confidence", "start_second")


def register(commands: Subparsers) -> None:
    """Add the query commands."""
    for name, (summary, builder) in COMMANDS.items():
        text = summary.replace("%%", "%")
        parser = commands.add_parser(name, help=summary, description=text[0].upper() + text[1:] + ".")
        builder(parser, metareader=name in SHARED_WITH_METAREADER)


# ---- parsers ---------------------------------------------------------------------------------


def info_parser(parser: argparse.ArgumentParser, *, metareader: bool) -> None:
    """Options of ``info``."""
    add_tables(parser)
    add_output(parser, metareader=metareader)
    parser.set_defaults(handler=info)


def detections_parser(parser: argparse.ArgumentParser, *, metareader: bool) -> None:
    """Options of ``detections``."""
    add_tables(parser)
    add_selection(parser, metareader=metareader)
    top = ["-n", "--top", "--n-most-prominent-detections-per-type"] if metareader else ["-n", "--top"]
    parser.add_argument(
        *top, dest="top", type=int, metavar="N", help="the N most prominent detections per type"
    )
    parser.add_argument(
        "--sort-by", choices=DETECTION_SORTS, default="prominence", help="row order (default: prominence)"
    )
    _extra_header(parser, metareader)
    add_output(parser, WITH_SRT, metareader=metareader)
    parser.set_defaults(handler=detections)


def occurrences_parser(parser: argparse.ArgumentParser, *, metareader: bool) -> None:
    """Options of ``occurrences``."""
    add_tables(parser)
    add_selection(parser, metareader=metareader)
    parser.add_argument(
        "--sort-by",
        choices=(*OCCURRENCE_SORTS, "valence"),
        default="start",
        help="row order (default: start)",
    )
    _extra_header(parser, metareader)
    add_output(parser, WITH_SRT, metareader=metareader)
    parser.set_defaults(handler=occurrences)


def seconds_parser(parser: argparse.ArgumentParser, *, metareader: bool) -> None:
    """Options of ``seconds``."""
    add_tables(parser)
    add_selection(parser, metareader=metareader)
    parser.add_argument("--short", action="store_true", help="one row per second with all its labels")
    parser.add_argument(
        "--sentiment",
        action="store_true",
        help="speech, face and voice valence per second instead of detections",
    )
    _extra_header(parser, metareader)
    add_output(parser, WITH_SRT, metareader=metareader)
    parser.set_defaults(handler=seconds)


def categories_parser(parser: argparse.ArgumentParser, *, metareader: bool) -> None:
    """Options of ``categories``."""
    add_tables(parser)
    add_selection(parser, metareader=metareader)
    top = ["-n", "--top", "--n-most-longest"] if metareader else ["-n", "--top"]
    parser.add_argument(*top, dest="top", type=int, metavar="N", help="the N longest categories")
    add_output(parser, metareader=metareader)
    parser.set_defaults(handler=categories)


def summary_parser(parser: argparse.ArgumentParser, *, metareader: bool) -> None:
    """Options of ``summary``."""
    add_tables(parser)
    add_selection(parser, metareader=metareader)
    parser.add_argument("-n", "--top", type=int, metavar="N", help="the N longest per type")
    parser.add_argument(
        "--emotion", action="store_true", help="add, for faces, the seconds each facial expression is seen"
    )
    add_output(parser, metareader=metareader)
    parser.set_defaults(handler=summary, default_types=["human.face", "visual.context"])


def at_parser(parser: argparse.ArgumentParser, *, metareader: bool) -> None:
    """Options of ``at``."""
    add_tables(parser)
    parser.add_argument(
        "time", type=time_value, metavar="TIME", help="seconds (83.5) or h:mm:ss(.fff) (0:01:23.5)"
    )
    add_selection(parser, metareader=metareader, window=False)
    add_output(parser, metareader=metareader)
    parser.set_defaults(handler=at)


def faces_parser(parser: argparse.ArgumentParser, *, metareader: bool) -> None:
    """Options of ``faces``."""
    add_tables(parser)
    add_selection(parser, metareader=metareader)
    parser.add_argument("--groups", action="store_true", help="list face groups with their members instead")
    add_output(parser, metareader=metareader)
    parser.set_defaults(handler=faces)


def speakers_parser(parser: argparse.ArgumentParser, *, metareader: bool) -> None:
    """Options of ``speakers``."""
    add_file(parser)
    parser.add_argument(
        "--max-pause",
        type=float,
        default=1.0,
        metavar="S",
        help="a longer pause starts a new turn (default: 1.0)",
    )
    parser.add_argument("--summary", action="store_true", help="one row per speaker: talk time, turns, words")
    parser.add_argument("--start", type=float, metavar="S", help="window start, seconds")
    parser.add_argument("--end", type=float, metavar="S", help="window end, seconds")
    add_output(parser, metareader=metareader)
    parser.set_defaults(handler=speakers)


def _extra_header(parser: argparse.ArgumentParser, metareader: bool) -> None:
    parser.add_argument(
        "--extra-header",
        action="append",
        choices=("similar_to", "gender", "valence", "text"),
        help="add a column: face identity, gender, speech valence or on-screen text (repeatable)",
    )


# ---- handlers --------------------------------------------------------------------------------


def info(args: argparse.Namespace) -> int:
    """Facts about the video and the file (or the dataset)."""
    from valossa_metadata.metadata import Metadata

    tables = load_tables(args)
    if not isinstance(tables, Metadata):
        return _emit_facts(tables.summary(), {}, args)
    md = tables
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
    return _emit_facts(facts, md.detection_counts(), args)


def _emit_facts(facts: dict[str, Any], counts: dict[str, int], args: argparse.Namespace) -> int:
    import polars as pl

    if args.format in ("json", "jsonl"):
        if counts:
            facts["detections_by_type"] = counts
        write_text(json.dumps(facts, ensure_ascii=False) + "\n", args.output)
        return 0
    rows = [(k, "" if v is None else str(v)) for k, v in facts.items()]
    rows += [(f"  {t}", str(n)) for t, n in counts.items()]
    return emit(pl.DataFrame(rows, schema={"field": pl.String, "value": pl.String}, orient="row"), args)


def detections(args: argparse.Namespace) -> int:
    """One row per selected detection."""

    from valossa_metadata.query.filters import restrict, top

    md = load_tables(args)
    chosen = selection(md, args)
    frame = chosen.detections()
    if args.top is not None:
        frame = top(frame, args.top)
    if args.format == "srt":
        one_result(md, "SRT output")
        return _srt(_named(restrict(chosen.occurrences(), frame)), args)
    frame = _extras(md, _sort_detections(frame, args.sort_by), args)
    return emit(_readable(frame), args)


def _sort_detections(frame: pl.DataFrame, key: str) -> pl.DataFrame:
    import polars as pl

    if key == "detection_id":
        return frame.sort(pl.col("detection_id").cast(pl.Int64, strict=False), "detection_id")
    if key == "screen_time":
        return frame.sort("screen_time", descending=True, maintain_order=True)
    if key == "label":
        return frame.sort("label", maintain_order=True)
    return frame


def occurrences(args: argparse.Namespace) -> int:
    """One row per selected occurrence."""
    md = load_tables(args)
    frame = selection(md, args).occurrences()
    if args.format == "srt":
        one_result(md, "SRT output")
        return _srt(_named(frame), args)
    key = {"start_second": "start"}.get(args.sort_by, args.sort_by)
    if key == "valence":
        frame = _extras(md, frame, args, force=("valence",))
        frame = frame.sort("valence", descending=True, nulls_last=True, maintain_order=True)
    elif key != "start":
        frame = frame.sort(key, descending=True, nulls_last=True, maintain_order=True)
    return emit(_readable(_extras(md, frame, args)), args)


def seconds(args: argparse.Namespace) -> int:
    """One row per detection per second, or per second with --short / --sentiment."""
    import polars as pl

    md = load_tables(args)
    if args.sentiment:
        timeline = one_result(md, "--sentiment").sentiment_timeline()
        sel = selection(md, args)
        if sel.criteria.has_window:
            from valossa_metadata.query.filters import window

            timeline = window(timeline, sel.criteria.start, sel.criteria.end, length=sel.criteria.length)
        return emit(
            timeline.with_columns(timestamp=_clock("second")).select(
                "second", "timestamp", pl.exclude("second", "timestamp")
            ),
            args,
        )
    chosen = selection(md, args)
    frame = _named(chosen.seconds())
    if args.format == "srt":
        from valossa_metadata.subtitles.cues import label_cues

        one_result(md, "SRT output")
        cues_from = frame.select("name", start=pl.col("second").cast(pl.Float64), end=pl.col("second") + 1.0)
        write_text(_srt_text(label_cues(cues_from, column="name")), args.output)
        return 0
    frame = frame.with_columns(timestamp=_clock("second"))
    if args.short:
        frame = frame.group_by("second", "timestamp", maintain_order=True).agg(
            labels=pl.col("name").unique(maintain_order=True)
        )
        return emit(frame, args)
    columns = ["second", "timestamp", "detection_id", "type", "label", "identity", "confidence"]
    return emit(_extras(md, frame.select(_with_job(frame, columns)), args), args)


def categories(args: argparse.Namespace) -> int:
    """Union duration per type and category tag."""
    from valossa_metadata.query.filters import category_durations

    md = load_tables(args)
    chosen = selection(md, args)
    frame = category_durations(md.detections(), chosen.occurrences())
    if args.top is not None:
        frame = frame.head(args.top)
    return emit(frame, args)


def summary(args: argparse.Namespace) -> int:
    """Screen time by face identity and by label, with % of the video (or of the --start/--end window)."""
    import polars as pl

    md = load_tables(args)
    if not args.types:
        args.types = args.default_types
    chosen = selection(md, args)
    # The selection's screen time clips to a --start/--end window and takes shares of it.
    by_face = chosen.screen_time("identity").rename({"identity": "name"})
    by_face = by_face.with_columns(type=pl.lit("human.face", pl.String))
    by_label = chosen.screen_time("label").filter(pl.col("type") != "human.face").rename({"label": "name"})
    columns = pl.Schema(
        {"type": pl.String(), "name": pl.String(), "screen_time": pl.Float64(), "percent": pl.Float64()}
    )
    if "percent" not in by_label.columns:  # a dataset without a window: no length to take a share of
        del columns["percent"]
    frame = pl.concat([part.select(list(columns)).cast(columns) for part in (by_face, by_label)])
    frame = frame.sort(["type", "screen_time"], descending=[False, True], maintain_order=True)
    if args.top is not None:
        frame = frame.filter(pl.int_range(pl.len()).over("type") < args.top)
    if args.emotion:
        emotions = _emotion_seconds(one_result(md, "--emotion"), chosen)
        frame = frame.join(emotions, on="name", how="left", maintain_order="left")
    return emit(frame, args)


def _emotion_seconds(md: Metadata, chosen: Any) -> pl.DataFrame:
    import polars as pl

    seen = md.expressions().join(
        chosen.occurrences().select("detection_id", "identity").unique(), on="detection_id"
    )
    if seen.height == 0:
        return pl.DataFrame(schema={"name": pl.String})
    counts = seen.group_by("identity", "emotion").agg(seconds=pl.col("second").n_unique())
    return counts.pivot(on="emotion", index="identity", values="seconds").rename({"identity": "name"})


def at(args: argparse.Namespace) -> int:
    """Everything present at one moment."""
    md = load_tables(args)
    frame = selection(md, args).at(args.time)
    columns = ["detection_id", "occurrence_id", "type", "label", "identity", "start", "end", "confidence"]
    return emit(frame.select(_with_job(frame, columns)), args)


def faces(args: argparse.Namespace) -> int:
    """Face identities with screen time, or face groups with --groups."""
    import polars as pl

    from valossa_metadata.query.filters import detection_keys, screen_time

    md = load_tables(args)
    if args.groups:
        return emit(one_result(md, "--groups").face_groups(), args)
    chosen = selection(md, args, types=["human.face"])
    detections = chosen.detections()
    occurrences = chosen.occurrences()
    times = screen_time(occurrences, "identity", duration=md.duration)
    facts = detections.group_by("identity", maintain_order=True).agg(
        detections=pl.len().cast(pl.UInt32),
        detection_ids=pl.col("detection_id"),
    )
    keys = detection_keys(detections)
    attrs = md.faces().join(detections.select(*keys, "identity"), on=keys)
    best = attrs.group_by("identity").agg(
        identity_confidence=pl.col("identity_confidence").max(),
        gender=pl.col("gender").drop_nulls().mode().first(),
        gallery_face_id=pl.col("gallery_face_id").drop_nulls().first(),
    )
    frame = times.join(facts, on="identity", how="left").join(best, on="identity", how="left")
    return emit(frame, args)


def speakers(args: argparse.Namespace) -> int:
    """Speaker turns (who speaks when), or one row per speaker with --summary."""
    import polars as pl

    from valossa_metadata.query.filters import window

    md = load_file(args)
    if args.max_pause < 0:
        raise CommandError("--max-pause is 0 or more seconds")
    turns = md.speaker_turns(max_pause=args.max_pause)
    if args.start is not None or args.end is not None:
        turns = window(turns, args.start, args.end)
    if args.summary:
        total = md.duration
        turns = (
            turns.group_by("speaker")
            .agg(
                talk_time=pl.col("duration").sum(),
                turns=pl.len().cast(pl.UInt32),
                words=pl.col("words").sum(),
            )
            .with_columns(
                percent=(pl.col("talk_time") / total * 100).round(2) if total else pl.lit(None, pl.Float64)
            )
            .sort("talk_time", descending=True)
        )
    return emit(turns, args)


# ---- shaping ---------------------------------------------------------------------------------


def _named(frame: pl.DataFrame) -> pl.DataFrame:
    """A ``name`` column: the face identity for faces, the label otherwise."""
    import polars as pl

    return frame.with_columns(name=pl.coalesce("identity", "label"))


def _clock(column: str) -> pl.Expr:
    import polars as pl

    total = pl.col(column).cast(pl.Int64)
    return pl.format(
        "{}:{}:{}",
        total // 3600,
        (total % 3600 // 60).cast(pl.String).str.zfill(2),
        (total % 60).cast(pl.String).str.zfill(2),
    )


def _with_job(frame: pl.DataFrame, columns: list[str]) -> list[str]:
    """The columns to show, with the job and source first when the rows come from a dataset."""
    return ["job_id", "source", *columns] if "job_id" in frame.columns else columns


def _readable(frame: pl.DataFrame) -> pl.DataFrame:
    """Drop the gallery name column: ``identity`` already says it, merged and readable."""
    return frame.drop("name") if "name" in frame.columns else frame


def _extras(
    md: Metadata | Archive, frame: pl.DataFrame, args: argparse.Namespace, force: tuple[str, ...] = ()
) -> pl.DataFrame:
    import polars as pl

    from valossa_metadata.query.filters import detection_keys

    keys = detection_keys(frame)
    wanted = [*(getattr(args, "extra_header", None) or []), *force]
    if "gender" in wanted and "gender" not in frame.columns:
        gender = md.faces().select(*keys, "gender")
        frame = frame.join(gender, on=keys, how="left", maintain_order="left")
    if "valence" in wanted and "valence" not in frame.columns:
        valence = md.speech().group_by(keys).agg(valence=pl.col("sentiment").first())
        frame = frame.join(valence, on=keys, how="left", maintain_order="left")
    if "text" in wanted and "text" not in frame.columns:
        texts = one_result(md, "--extra-header text").texts()
        frame = frame.join(texts, on="detection_id", how="left", maintain_order="left")
    return frame


def _srt(occurrences: pl.DataFrame, args: argparse.Namespace) -> int:
    from valossa_metadata.subtitles.cues import label_cues

    write_text(_srt_text(label_cues(occurrences, column="name")), args.output)
    return 0


def _srt_text(cues: pl.DataFrame) -> str:
    from valossa_metadata.subtitles.cues import to_srt

    return to_srt(cues)


COMMANDS = {
    "info": ("facts about the video and the file", info_parser),
    "detections": ("one row per detection, by type and prominence", detections_parser),
    "occurrences": ("one row per occurrence, by start time", occurrences_parser),
    "seconds": ("one row per detection per second (by_second)", seconds_parser),
    "categories": ("union duration per type and category tag", categories_parser),
    "summary": ("screen time by face identity and by label, with %% of the video", summary_parser),
    "at": ("everything present at one moment", at_parser),
    "faces": ("face identities with screen time (merged by gallery name)", faces_parser),
    "speakers": ("speaker turns from the words: who speaks when", speakers_parser),
}
