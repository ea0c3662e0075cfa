"""Writing a plot to a file (png, svg or pdf, atomically and reproducibly) and releasing its figure.

Examples:
    >>> import tempfile, pathlib
    >>> from matplotlib.figure import Figure
    >>> ax = Figure(figsize=(2, 1)).add_subplot()
    >>> save(ax, pathlib.Path(tempfile.mkdtemp()) / "empty.png").name
    'empty.png'
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from valossa_metadata._sources import atomic_write
from valossa_metadata.errors import UsageError
from valossa_metadata.plot.axes import root_figure

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["close", "save"]


def save(
    figure: Axes | Figure,
    path: str | Path,
    *,
    fmt: str | None = None,
    dpi: float | None = None,
    tight: bool = True,
) -> Path:
    """Write a plot to ``path`` atomically: png, svg or pdf by the file's extension (or ``fmt``).

    ``tight`` trims the margins (the image is then not exactly the figure's size). Files carry no
    creation date, so the same plot gives the same file.

    Examples:
        >>> import tempfile, pathlib
        >>> from matplotlib.figure import Figure
        >>> ax = Figure(figsize=(2, 1)).add_subplot()
        >>> save(ax, pathlib.Path(tempfile.mkdtemp()) / "empty.svg").suffix
        '.svg'
    """
    target = Path(path)
    kind = (fmt or target.suffix.lstrip(".")).lower()
    metadata: dict[str, dict[str, Any]] = {
        "png": {"Software": None},
        "svg": {"Date": None},
        "pdf": {"CreationDate": None},
    }
    if kind not in metadata:
        raise UsageError(f"cannot tell the image format of {str(target)!r}: use .png, .svg or .pdf")
    import matplotlib as mpl

    fig = root_figure(figure)
    # A fixed salt makes the SVG's clip-path ids, otherwise random, the same from run to run.
    with mpl.rc_context({"svg.hashsalt": "valossa-metadata"}), atomic_write(target, "wb") as handle:
        fig.savefig(
            handle,
            format=kind,
            dpi=dpi or "figure",
            bbox_inches="tight" if tight else None,
            metadata=metadata[kind],
        )
    return target


def close(figure: Axes | Figure) -> None:
    """Release a plot's figure (pyplot keeps the figures it made until they are closed).

    Examples:
        >>> from matplotlib.figure import Figure
        >>> close(Figure().add_subplot())
    """
    if "matplotlib.pyplot" in sys.modules:
        import matplotlib.pyplot as plt

        plt.close(root_figure(figure))
