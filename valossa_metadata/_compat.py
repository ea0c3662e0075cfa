"""Old module names, kept importable for one release with a ``DeprecationWarning``.

Before 0.2 every module sat at the top of the package; they now live in their layer's package. An
import finder maps the old names to the new modules, so old imports keep working without files that
would crowd the package's top level.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import sys
import warnings
from collections.abc import Sequence
from types import ModuleType

_PACKAGE = "valossa_metadata"

#: Old module (under the package) -> its new home.
MOVED = {
    "decode": "metadata",
    "legacy": "_legacy",
    "sources": "_sources",
    "sidecars": "_sidecars",
    "selection": "query.selection",
    "intervals": "_intervals",
    "faces": "query.faces",
    "speech": "query.speech",
    "srt": "subtitles.validate",
    "cues": "subtitles.cues",
    "output": "_render",
    "drift": "checks.drift",
    "clidoc": "cli.doc",
    "html_summary": "report.summary",
    "commands": "cli",
    "synthetic": "testing.synthetic",
}


def new_name(fullname: str) -> str | None:
    """The module an old dotted name now refers to, or ``None`` when the name did not move.

    Examples:
        >>> new_name("valossa_metadata.selection"), new_name("valossa_metadata.commands.query")
        ('valossa_metadata.query.selection', 'valossa_metadata.cli.query')
        >>> new_name("valossa_metadata.metadata") is None
        True
    """
    head, _, rest = fullname.partition(".")
    if head != _PACKAGE or not rest:
        return None
    old, _, tail = rest.partition(".")
    moved = MOVED.get(old)
    if moved is None:
        return None
    return ".".join(part for part in (_PACKAGE, moved, tail) if part)


class _MovedModules(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(
        self, fullname: str, path: Sequence[str] | None = None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if new_name(fullname) is None:
            return None
        return importlib.util.spec_from_loader(fullname, self)

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType:
        target = new_name(spec.name)
        assert target is not None
        warnings.warn(
            f"{spec.name} is now {target}; the old name will be removed in the next release",
            DeprecationWarning,
            stacklevel=2,
        )
        return importlib.import_module(target)

    def exec_module(self, module: ModuleType) -> None:
        """The module was imported under its new name already."""


def install() -> None:
    """Let the old module names import (once per process)."""
    if not any(isinstance(finder, _MovedModules) for finder in sys.meta_path):
        sys.meta_path.insert(0, _MovedModules())
