"""``validate``: the semantic problems of one result, and an exit status that says whether there are any."""

from __future__ import annotations

import argparse
import sys

from valossa_metadata.cli.common import Subparsers, add_file, add_output, emit, load_file

__all__ = ["register"]


def register(commands: Subparsers) -> None:
    """Add ``validate``."""
    text = (
        "check a result: references, times, confidences, shot indexes, duplicate keys "
        "(exit status 1 when there are errors)"
    )
    parser = commands.add_parser("validate", help=text, description=text[0].upper() + text[1:] + ".")
    add_file(parser)
    add_output(parser)
    parser.set_defaults(handler=validate_command)


def validate_command(args: argparse.Namespace) -> int:
    """Print the problems (severity, kind, JSON location, message); 1 when any is an error."""
    import polars as pl

    from valossa_metadata.checks import validate

    problems = validate(load_file(args))
    if not problems:
        sys.stderr.write(f"{args.file}: no problems found\n")
        return 0
    frame = pl.DataFrame(
        [(p.severity, p.kind, p.location, p.message) for p in problems],
        schema={"severity": pl.String, "kind": pl.String, "location": pl.String, "message": pl.String},
        orient="row",
    )
    emit(frame, args)
    return 1 if any(p.severity == "error" for p in problems) else 0
