"""Interval algebra on polars frames of ``start``/``end`` seconds: merging and union durations.

Screen time is the union of occurrences (overlaps counted once), never their sum.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

__all__ = ["merge_intervals", "union_duration"]


def merge_intervals(
    frame: pl.DataFrame | pl.LazyFrame, by: Sequence[str] = (), *, start: str = "start", end: str = "end"
) -> pl.DataFrame:
    """Merge overlapping or touching intervals within each group of ``by`` columns.

    Returns the ``by`` columns plus ``start`` and ``end`` of each merged interval, sorted.

    Example:
        >>> df = pl.DataFrame({"k": ["a", "a", "a"], "start": [0.0, 1.0, 5.0], "end": [2.0, 3.0, 6.0]})
        >>> merge_intervals(df, ["k"]).rows()
        [('a', 0.0, 3.0), ('a', 5.0, 6.0)]
    """
    keys = list(by)
    lazy = (
        frame.lazy().select(*keys, start, end).filter(pl.col(start).is_not_null() & pl.col(end).is_not_null())
    )
    previous_end = pl.col(end).cum_max().shift(1)
    if keys:
        previous_end = previous_end.over(keys)
    merged = (
        lazy.sort([*keys, start])
        .with_columns(_new_block=(previous_end.is_null() | (pl.col(start) > previous_end)).cum_sum())
        .group_by([*keys, "_new_block"])
        .agg(pl.col(start).min(), pl.col(end).max())
        .drop("_new_block")
        .sort([*keys, start])
    )
    return merged.collect()


def union_duration(
    frame: pl.DataFrame | pl.LazyFrame,
    by: Sequence[str] = (),
    *,
    start: str = "start",
    end: str = "end",
    name: str = "screen_time",
) -> pl.DataFrame:
    """Total time covered by the intervals of each group, overlaps counted once.

    Example:
        >>> df = pl.DataFrame({"k": ["a", "a", "b"], "start": [0.0, 1.0, 0.0], "end": [2.0, 3.0, 1.5]})
        >>> union_duration(df, ["k"]).sort("k").rows()
        [('a', 3.0), ('b', 1.5)]
    """
    merged = merge_intervals(frame, by, start=start, end=end)
    total = (pl.col(end) - pl.col(start)).sum().alias(name)
    if not by:
        return merged.select(total)
    return merged.group_by(list(by)).agg(total)
