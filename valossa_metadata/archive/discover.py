"""Which files a conversion reads: files as named, directories walked for ``.json`` and ``.json.gz``."""

from __future__ import annotations

import os
from collections.abc import Iterable

__all__ = ["SUFFIXES", "Sources", "find_sources"]

#: What a walked directory contributes (case-insensitive); named files are taken whatever their name.
SUFFIXES: tuple[str, ...] = (".json", ".json.gz")

#: A path, or several.
Sources = str | os.PathLike[str] | Iterable[str | os.PathLike[str]]


def find_sources(sources: Sources, *, exclude: str | os.PathLike[str] | None = None) -> list[str]:
    """Absolute paths of the results to convert, without duplicates, directories' files sorted.

    Directories are walked recursively; hidden files and folders (``.name``) and the ``exclude``
    folder (the output dataset) are skipped. Paths are made absolute but not resolved, so they stay
    the names you use; a named path that does not exist is kept, to be reported as failed.

    Examples:
        >>> [p.rsplit("/", 1)[-1] for p in find_sources("sample_results")][:2]
        ['current_format_example.frames_faces.json', 'current_format_example.frames_objects.json']
    """
    items = [sources] if isinstance(sources, (str, os.PathLike)) else list(sources)
    skip = os.path.abspath(exclude) if exclude is not None else None
    found: dict[str, None] = {}
    for item in items:
        path = os.path.abspath(item)
        if path == skip:
            continue
        if os.path.isdir(path):
            found.update(dict.fromkeys(_walk(path, skip)))
        else:
            found[path] = None
    return list(found)


def _walk(root: str, skip: str | None) -> list[str]:
    files: list[str] = []
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and os.path.join(folder, d) != skip)
        files.extend(
            os.path.join(folder, n)
            for n in sorted(names)
            if not n.startswith(".") and n.lower().endswith(SUFFIXES)
        )
    return files
