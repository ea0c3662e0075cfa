"""The heatmap: label x time, coloured by the best confidence in each time bin.

Examples:
    >>> auto_bin(60), auto_bin(3600)
    (1, 10)
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import polars as pl

from valossa_metadata.errors import UsageError
from valossa_metadata.plot.axes import WIDTH, hms, new_axes, nothing, root_figure, time_axis, window
from valossa_metadata.plot.styles import NO_CONFIDENCE, short
from valossa_metadata.query.filters import window as time_window
from valossa_metadata.query.selection import resolve

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from valossa_metadata.metadata import Metadata
    from valossa_metadata.query.selection import Selection

__all__ = ["auto_bin", "heatmap"]


def heatmap(
    source: Metadata | Selection,
    *,
    top: int | None = 30,
    bin_seconds: float | None = None,
    start: float | None = None,
    end: float | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Label x time from ``seconds()``: the colour is the best confidence in each time bin.

    Rows are the ``top`` labels (faces by identity) present in the most seconds. ``bin_seconds``
    defaults to 1 s for videos up to 10 minutes and to a round size (up to 5 min) that keeps about
    500 bins for longer ones. Types without a confidence (faces, keywords) are drawn in dark grey
    where present: ``ax.images[0]`` holds the confidences, ``ax.images[1]`` that presence.

    Examples:
        >>> import valossa_metadata as vm
        >>> from matplotlib.figure import Figure
        >>> md = vm.load("sample_results/current_format_example.json")
        >>> ax = heatmap(md, top=4, ax=Figure().add_subplot())
        >>> len(ax.get_yticks()), ax.images[0].get_array().shape
        (4, (4, 240))
    """
    import numpy as np
    from matplotlib import colormaps
    from matplotlib.colors import ListedColormap

    selection = resolve(source)
    low, high = window(selection, start, end)
    step = bin_seconds or auto_bin(high - low)
    if step <= 0:
        raise UsageError(f"bin_seconds is more than 0, not {step}")
    seconds = time_window(selection.seconds().with_columns(lane=pl.coalesce("identity", "label")), low, high)
    counts = seconds.group_by("lane").agg(n=pl.col("second").n_unique())
    chosen = counts.sort(["n", "lane"], descending=[True, False])["lane"].to_list()[:top]
    n_bins = max(1, math.ceil((high - low) / step))
    cells = (
        seconds.filter(pl.col("lane").is_in(chosen))
        .with_columns(column=((pl.col("second") - low) / step).floor().clip(0, n_bins - 1).cast(pl.Int64))
        .group_by("lane", "column")
        .agg(level=pl.col("confidence").max())
    )
    rows = {lane: i for i, lane in enumerate(chosen)}
    levels = np.full((len(chosen), n_bins), np.nan)
    present = np.full((len(chosen), n_bins), np.nan)
    for lane, column, level in cells.iter_rows():
        if level is None:
            present[rows[lane], column] = 1.0
        else:
            levels[rows[lane], column] = level
    ax = ax or new_axes(WIDTH, max(2.6, 1.2 + 0.26 * len(chosen)))
    extent = (low, low + n_bins * step, max(len(chosen), 1) - 0.5, -0.5)
    common: dict[str, Any] = {"aspect": "auto", "interpolation": "nearest", "extent": extent}
    floor = min(0.5, float(np.nanmin(levels))) if not np.isnan(levels).all() else 0.5
    image = ax.imshow(
        levels, cmap=colormaps["viridis"].with_extremes(bad="#F4F4F4"), vmin=floor, vmax=1.0, **common
    )
    ax.imshow(present, cmap=ListedColormap([NO_CONFIDENCE]).with_extremes(bad=(0, 0, 0, 0)), **common)
    ax.set_yticks(range(len(chosen)), [short(str(lane)) for lane in chosen])
    time_axis(ax, low, high)
    if not chosen:
        nothing(ax, "nothing to show in this selection")
    root_figure(ax).colorbar(image, ax=ax, label="confidence (best in bin)", fraction=0.04, pad=0.01)
    size = f"{step:g} s" if step < 60 else hms(step)
    note = "; dark grey: present, no confidence" if not np.isnan(present).all() else ""
    ax.set_title(f"Heatmap: {len(chosen)} labels, {size} bins{note}", loc="left", fontsize=10)
    return ax


def auto_bin(span: float) -> float:
    """The heatmap's default bin: 1 s up to 10 minutes, then a round size giving at most ~500 bins.

    Examples:
        >>> auto_bin(240), auto_bin(7200), auto_bin(6816.4)
        (1, 15, 15)
    """
    if span <= 600:
        return 1
    return next((s for s in (2, 5, 10, 15, 30, 60, 120, 300) if span / s <= 500), 300)
