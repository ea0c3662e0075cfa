"""``report``: a self-contained HTML report of one result, with its pictures, tables and subtitles."""

from __future__ import annotations

import argparse
import sys

from valossa_metadata.cli.common import CommandError, Subparsers, add_file, load_file

__all__ = ["register"]


def register(commands: Subparsers) -> None:
    """Add ``report``."""
    text = "write a self-contained HTML report (index.html with the timeline, pictures, CSVs and subtitles)"
    parser = commands.add_parser("report", help=text, description=text[0].upper() + text[1:] + ".")
    add_file(parser)
    parser.add_argument(
        "-o",
        "--output",
        default="report",
        metavar="DIR",
        help="folder to write (created, or replaced if it holds an earlier report; default: report)",
    )
    parser.add_argument("--no-plots", action="store_true", help="leave the pictures out (faster)")
    parser.add_argument(
        "-n", "--top", type=int, default=15, metavar="N", help="labels in the screen-time chart (default: 15)"
    )
    parser.add_argument(
        "--sentences", type=int, default=None, metavar="N", help="transcript cues on the page (default: all)"
    )
    parser.add_argument(
        "--video",
        metavar="PATH_OR_URL",
        help="play this video beside the timeline and transcript (a file is linked relative to the report)",
    )
    parser.add_argument(
        "--copy-video", action="store_true", help="copy the --video file into the report folder"
    )
    parser.add_argument(
        "--dpi", type=float, default=110.0, help="pixels per inch of the pictures (default: 110)"
    )
    parser.set_defaults(handler=report_command)


def report_command(args: argparse.Namespace) -> int:
    """Write the report and print the path of its page."""
    from valossa_metadata.report import write_report

    if args.top < 1 or (args.sentences is not None and args.sentences < 0) or args.dpi <= 0:
        raise CommandError("--top is 1 or more, --sentences 0 or more, --dpi more than 0")
    if args.copy_video and not args.video:
        raise CommandError("--copy-video needs --video")
    md = load_file(args)
    index = write_report(
        md,
        args.output,
        plots=not args.no_plots,
        top=args.top,
        sentences=args.sentences,
        dpi=args.dpi,
        video=args.video,
        copy_video=args.copy_video,
    )
    sys.stdout.write(f"{index}\n")
    return 0
