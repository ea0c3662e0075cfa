"""The ``valossa-metadata`` command line: one module per command group, thin over the library.

Modules import their heavy dependencies (matplotlib, requests) inside the handlers, so that the
command line starts fast. Nothing else in the package imports this one.

Examples:
    >>> from valossa_metadata.cli import main
    >>> main(["info", "no-such-file.json"])  # prints one error line on stderr
    1
"""

from valossa_metadata.cli.app import PROG, build_parser, main

__all__ = ["PROG", "build_parser", "main"]
