"""The command-line reference (``docs/cli.md``), generated from the argument parser itself.

``python -m valossa_metadata.cli.doc > docs/cli.md`` rewrites it; a test fails when the two drift.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterator
from contextlib import contextmanager

from valossa_metadata.cli.app import build_parser

__all__ = ["command_options", "reference_markdown"]

_HEADER = """# Command-line reference

`valossa-metadata COMMAND [options]`, also `python -m valossa_metadata COMMAND`. Bad input prints
one line on stderr (`valossa-metadata: error: ...`) and exits with status 1; usage errors exit
with 2. This page is generated from `--help` by `python -m valossa_metadata.cli.doc`.
"""


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def command_options(parser: argparse.ArgumentParser | None = None) -> dict[str, set[str]]:
    """Every subcommand (nested ones as ``"faces list"``) with its option strings.

    Examples:
        >>> "--format" in command_options()["detections"]
        True
    """
    found: dict[str, set[str]] = {}

    def visit(prefix: str, node: argparse.ArgumentParser) -> None:
        for name, sub in _subcommands(node).items():
            key = f"{prefix} {name}".strip()
            found[key] = {o for a in sub._actions for o in a.option_strings if o not in ("-h", "--help")}
            visit(key, sub)

    visit("", parser or build_parser())
    return found


@contextmanager
def _fixed_width(columns: int = 100) -> Iterator[None]:
    saved = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = str(columns)
    try:
        yield
    finally:
        if saved is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = saved


def reference_markdown() -> str:
    """The whole reference page: each command's ``--help`` in a section of its own.

    Examples:
        >>> reference_markdown().startswith("# Command-line reference")
        True
    """
    parts = [_HEADER]
    with _fixed_width():
        parser = build_parser()
        parts.append(f"## valossa-metadata\n\n```text\n{parser.format_help().rstrip()}\n```\n")

        def visit(prefix: str, node: argparse.ArgumentParser) -> None:
            for name, sub in _subcommands(node).items():
                key = f"{prefix} {name}".strip()
                if sub.prog.endswith(name) and key not in seen:
                    seen.add(key)
                    parts.append(f"## {key}\n\n```text\n{sub.format_help().rstrip()}\n```\n")
                    visit(key, sub)

        seen: set[str] = set()
        visit("", parser)
    return "\n".join(parts)


if __name__ == "__main__":  # pragma: no cover
    print(reference_markdown(), end="")
