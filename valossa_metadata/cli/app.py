"""The ``valossa-metadata`` command line: thin commands over the library.

Every library error becomes one line on stderr and a non-zero exit, never a traceback. The commands
live in :mod:`valossa_metadata.cli`, one module per group.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import warnings
from collections.abc import Sequence
from types import ModuleType
from typing import NoReturn

from valossa_metadata._version import __version__
from valossa_metadata.cli.common import Handler
from valossa_metadata.errors import ValossaError, ValossaWarning

__all__ = ["COMMANDS", "PROG", "build_parser", "main"]

PROG = "valossa-metadata"

#: Command group (a module of this package, in help order) -> the commands it registers. A run
#: builds only its command's group: the others' parsers and imports would cost start-up time.
COMMANDS: dict[str, tuple[str, ...]] = {
    "query": (
        "at",
        "categories",
        "detections",
        "faces",
        "info",
        "occurrences",
        "seconds",
        "speakers",
        "summary",
    ),
    "checks": ("validate",),
    "metareader": (
        "list-categories",
        "list-detections",
        "list-detections-by-second",
        "list-occurrences",
        "metadata-info",
    ),
    "plots": ("plot",),
    "export": ("export",),
    "report": ("report",),
    "archive": ("compact", "convert", "migrate", "vacuum"),
    "api": ("cancel", "delete", "fetch", "jobs", "status", "submit", "training", "upload", "wait"),
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit status.

    Examples:
        >>> main(["info", "no-such-file.json"])  # prints one error line on stderr
        1
    """
    arguments = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(arguments[0] if arguments else None)
    args = parser.parse_args(arguments)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ValossaWarning)
            status = handler(args)
        _notes(caught)
        return status
    except ValossaError as exc:
        return _fail(str(exc))
    except Exception as exc:
        if type(exc).__module__.split(".")[0] != "polars":
            raise
        # A polars error is the data's or the user's (a regex its engine refuses, a broken Parquet file).
        return _fail(" ".join(f"{type(exc).__name__}: {exc}".split()))
    except OSError as exc:
        if isinstance(exc, BrokenPipeError):
            return 0
        return _fail(f"{exc.filename or ''}{': ' if exc.filename else ''}{exc.strerror or exc}")
    except KeyboardInterrupt:
        return _fail("interrupted", 130)


def _notes(caught: list[warnings.WarningMessage]) -> None:
    """Print each of the library's warnings once, as a note; pass any other warning on."""
    seen: set[str] = set()
    for warning in caught:
        if not issubclass(warning.category, ValossaWarning):
            warnings.warn_explicit(warning.message, warning.category, warning.filename, warning.lineno)
        elif str(warning.message) not in seen:
            seen.add(str(warning.message))
            print(f"{PROG}: note: {warning.message}", file=sys.stderr)


def _fail(message: str, status: int = 1) -> int:
    sys.stderr.write(f"{PROG}: error: {message}\n")
    return status


class _Parser(argparse.ArgumentParser):
    """Argument errors in one line that names the command and points to its help."""

    def error(self, message: str) -> NoReturn:
        command = self.prog.removeprefix(PROG).strip()
        where = f"{command}: " if command else ""
        self.exit(2, f"{PROG}: error: {where}{message} (see '{self.prog} --help')\n")


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The argument parser: with every command group, or only the group that defines ``command``.

    Examples:
        >>> build_parser().prog
        'valossa-metadata'
        >>> only_api = build_parser("wait").format_help()
        >>> "submit" in only_api, "convert" in only_api
        (True, False)
    """
    parser = _Parser(
        prog=PROG,
        description="Read, query and export Valossa Core metadata, and drive the Valossa API.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    for group in _groups(command):
        group.register(commands)
    return parser


def _groups(command: str | None) -> list[ModuleType]:
    """The group modules to register: the one defining ``command``, else all (for help and errors)."""
    names = [group for group, members in COMMANDS.items() if command in members] or list(COMMANDS)
    return [importlib.import_module(f"{__package__}.{name}") for name in names]
