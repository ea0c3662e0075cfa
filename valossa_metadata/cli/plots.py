"""``plot``: draw a timeline, heatmap, screen-time chart, sentiment or speakers plot into an image file.

The command also takes metadata-reader's ``plot`` flags (``--bar-summary``,
``--transcript-sentiment-graph``, ``--face-sentiment-graph``, ``--image-size``, ``--simple``,
``--show-title``, ``--output-file``, ``-f/--output-format``), as both tools name the mode ``plot``.
"""

from __future__ import annotations

import argparse
import ast
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from valossa_metadata.cli.common import (
    CommandError,
    Subparsers,
    add_file,
    add_selection,
    load_file,
    selection,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["KINDS", "image_size", "register"]

KINDS = ("timeline", "heatmap", "screen-time", "sentiment", "speakers")
IMAGE_FORMATS = ("png", "svg", "pdf")
_LEGACY_KINDS = {
    "bar_summary": ("screen-time", None),
    "transcript_sentiment_graph": ("sentiment", "speech"),
    "face_sentiment_graph": ("sentiment", "face"),
}


def register(commands: Subparsers) -> None:
    """Add ``plot``."""
    text = "draw a timeline, heatmap, screen-time chart, sentiment or speakers plot"
    parser = commands.add_parser("plot", help=text, description=text[0].upper() + text[1:] + ".")
    add_file(parser)
    parser.add_argument("--kind", choices=KINDS, help="what to draw (default: timeline)")
    add_selection(parser, metareader=True)
    parser.add_argument(
        "--detection-type",
        dest="types",
        action="append",
        metavar="TYPE",
        help="metadata-reader's spelling of --type",
    )
    parser.add_argument(
        "-n",
        "--top",
        "--n-most-prominent-detections-per-type",
        dest="top",
        type=int,
        metavar="N",
        help="lanes or bars to draw (default: 20 timeline, 30 heatmap, 15 screen-time)",
    )
    parser.add_argument(
        "--by",
        choices=("label", "identity", "detection_id", "type"),
        default="label",
        help="one lane or bar per label (faces: identity), face identity, detection (timeline) "
        "or type (screen-time); default: label",
    )
    parser.add_argument(
        "--rank",
        choices=("screen_time", "first_seen", "occurrences"),
        default="screen_time",
        help="timeline lane order (default: screen_time)",
    )
    parser.add_argument("--shots", action="store_true", help="timeline: draw shot boundaries")
    parser.add_argument("--speech", action="store_true", help="timeline: add a lane of speaker turns")
    parser.add_argument("--bin", type=float, metavar="S", help="heatmap: seconds per column (default: auto)")
    parser.add_argument("--smooth", type=float, metavar="S", help="sentiment: rolling mean over S seconds")
    legacy = parser.add_argument_group("metadata-reader's plot flags")
    legacy.add_argument("--bar-summary", action="store_true", help="the same as --kind screen-time")
    legacy.add_argument(
        "--transcript-sentiment-graph", action="store_true", help="--kind sentiment of the speech only"
    )
    legacy.add_argument("--face-sentiment-graph", action="store_true", help="--kind sentiment of faces only")
    legacy.add_argument(
        "--simple",
        action="store_true",
        help="sentiment: one strip per series, each second positive, neutral or negative",
    )
    legacy.add_argument("--show-title", action="store_true", help="put the video's title above the plot")
    size = parser.add_argument_group("image")
    size.add_argument("--width", type=float, metavar="IN", help="width in inches")
    size.add_argument("--height", type=float, metavar="IN", help="height in inches")
    size.add_argument(
        "--image-size", type=image_size, metavar="W,H", help='size in pixels, "(w,h)" or "w,h" (uses --dpi)'
    )
    size.add_argument("--dpi", type=float, default=100.0, help="pixels per inch (default: 100)")
    parser.add_argument(
        "-f",
        "--format",
        "--output-format",
        dest="format",
        choices=IMAGE_FORMATS,
        help="image format (default: the output's extension, else png)",
    )
    parser.add_argument(
        "-o",
        "--output",
        "--output-file",
        dest="output",
        metavar="PATH",
        help="image file (default: FILE's name with the kind, e.g. job.timeline.png)",
    )
    parser.set_defaults(handler=plot_command)


def image_size(text: str) -> tuple[int, int]:
    """Parse metadata-reader's ``--image-size``: ``"(w,h)"`` or ``"w,h"`` in pixels.

    Examples:
        >>> image_size("(1280, 720)"), image_size("640,480")
        ((1280, 720), (640, 480))
    """
    try:
        value = ast.literal_eval(text.strip() if text.strip().startswith("(") else f"({text})")
        width, height = (int(v) for v in value)
    except (ValueError, TypeError, SyntaxError):
        raise argparse.ArgumentTypeError(f"not an image size: {text!r} (use w,h in pixels)") from None
    if width <= 0 or height <= 0:
        raise argparse.ArgumentTypeError(f"an image size is positive, not {text!r}")
    return width, height


def plot_command(args: argparse.Namespace) -> int:
    """Draw the chosen plot and write it to the output file."""
    from valossa_metadata import plot

    kind, series = _kind(args)
    fmt = _format(args)
    target = Path(args.output) if args.output else Path(f"{_stem(args.file)}.{kind}.{fmt}")
    md = load_file(args)
    chosen = selection(md, args)
    sized = _new_axes(args)
    ax = _draw(kind, series, md, chosen, args, sized)
    try:
        if args.show_title and md.title:
            ax.set_title(f"{md.title} — {ax.get_title(loc='left')}", loc="left", fontsize=10)
        plot.save(ax, target, fmt=fmt, dpi=args.dpi, tight=sized is None)
    finally:
        plot.close(ax)
    sys.stdout.write(f"{target}\n")
    return 0


def _kind(args: argparse.Namespace) -> tuple[str, str | None]:
    legacy = [value for flag, value in _LEGACY_KINDS.items() if getattr(args, flag)]
    if len(legacy) > 1:
        raise CommandError("give one of --bar-summary, --transcript-sentiment-graph, --face-sentiment-graph")
    if legacy:
        kind, series = legacy[0]
        if args.kind is not None and args.kind != kind:
            raise CommandError(f"--kind {args.kind} contradicts the metadata-reader flag (--kind {kind})")
        return kind, series
    return args.kind or "timeline", None


def _format(args: argparse.Namespace) -> str:
    suffix = Path(args.output).suffix.lstrip(".").lower() if args.output else ""
    if args.format and suffix in IMAGE_FORMATS and suffix != args.format:
        raise CommandError(f"the output's extension .{suffix} contradicts --format {args.format}")
    if args.format:
        return str(args.format)
    if args.output and suffix not in IMAGE_FORMATS:
        raise CommandError(f"cannot tell the image format of {args.output!r}: end it in .png, .svg or .pdf")
    return suffix or "png"


def _stem(path: str) -> str:
    name = Path(path).name
    for suffix in (".gz", ".json"):
        name = name.removesuffix(suffix)
    return name


def _new_axes(args: argparse.Namespace) -> Axes | None:
    """Axes of the size asked for, or None to let the plot size itself to its content."""
    width, height = args.width, args.height
    if args.image_size is not None:
        width, height = args.image_size[0] / args.dpi, args.image_size[1] / args.dpi
    if width is None and height is None:
        return None
    if (width is not None and width <= 0) or (height is not None and height <= 0):
        raise CommandError("--width and --height are positive inches")
    from matplotlib.figure import Figure

    return Figure(figsize=(width or 11.0, height or 5.0), layout="constrained").add_subplot()


def _window(criteria: Any) -> tuple[float | None, float | None]:
    """The selection's window as start and end (``--length`` counts from whichever is given)."""
    start, end, length = criteria.start, criteria.end, criteria.length
    if length is not None and end is None:
        end = (start or 0.0) + length
    elif length is not None and start is None:
        start = end - length
    return start, end


def _draw(
    kind: str, series: str | None, md: Any, chosen: Any, args: argparse.Namespace, ax: Axes | None
) -> Axes:
    import polars as pl

    from valossa_metadata import plot

    if args.simple and kind != "sentiment":
        raise CommandError("--simple is for the sentiment plot")
    if kind == "timeline":
        if args.by == "type":
            raise CommandError("--by type is for the screen-time chart")
        return plot.timeline(
            chosen,
            by=args.by,
            top=20 if args.top is None else args.top,
            rank=args.rank,
            shots=args.shots,
            speech=args.speech,
            ax=ax,
        )
    if kind == "heatmap":
        return plot.heatmap(chosen, top=30 if args.top is None else args.top, bin_seconds=args.bin, ax=ax)
    if kind == "screen-time":
        if args.by == "detection_id":
            raise CommandError("the screen-time chart groups by label, type or identity")
        return plot.screen_time_chart(chosen, by=args.by, top=15 if args.top is None else args.top, ax=ax)
    start, end = _window(chosen.criteria)
    if kind == "sentiment":
        available = plot.sentiment_series(md)
        if not (series in available if series else available):
            what = f"{series} sentiment" if series else "sentiment"
            raise CommandError(f"no {what} data in {md.source}")
        return plot.sentiment(
            md,
            series=[series] if series else None,
            smooth=args.smooth,
            simple=args.simple,
            start=start,
            end=end,
            ax=ax,
        )
    if md.words().filter(pl.col("speaker").is_not_null()).height == 0:
        raise CommandError(f"no speakers in {md.source}: it has no words with speaker ids")
    return plot.speakers(md, start=start, end=end, ax=ax)
