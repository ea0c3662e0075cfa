"""Interval algebra on polars frames of ``start``/``end`` seconds: merging and union durations.

Screen time is the union of occurrences (overlaps counted once), never their sum.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

__all__ = ["merge_intervals", "union_duration"]


def _sorted_with_reach(
    frame: pl.DataFrame | pl.LazyFrame, keys: list[str], start: str, end: str
) -> pl.LazyFrame:
    """Sorted intervals with ``_reach``: the furthest end of the earlier intervals of the same group."""
    reach = pl.col(end).cum_max().shift(1)
    return (
        frame.lazy()
        .select(*keys, start, end)
        .filter(pl.col(start).is_not_null() & pl.col(end).is_not_null())
        .sort([*keys, start])
        .with_columns(_reach=reach.over(keys) if keys else reach)
    )


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
    # Block ids are global (a group's first row always opens a block), so grouping by the block
    # alone is enough, and faster than grouping by the keys as well.
    opens = pl.col("_reach").is_null() | (pl.col(start) > pl.col("_reach"))
    merged = (
        _sorted_with_reach(frame, keys, start, end)
        .with_columns(_block=opens.cum_sum())
        .group_by("_block", maintain_order=True)
        .agg(*(pl.col(k).first() for k in keys), pl.col(start).min(), pl.col(end).max())
        .drop("_block")
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

    Sorted by start, each interval adds only the part that reaches beyond every earlier one.

    Example:
        >>> df = pl.DataFrame({"k": ["a", "a", "b"], "start": [0.0, 1.0, 0.0], "end": [2.0, 3.0, 1.5]})
        >>> union_duration(df, ["k"]).sort("k").rows()
        [('a', 3.0), ('b', 1.5)]
    """
    keys = list(by)
    beyond = pl.col(end) - pl.max_horizontal(start, pl.col("_reach").fill_null(float("-inf")))
    added = _sorted_with_reach(frame, keys, start, end).with_columns(_added=beyond.clip(lower_bound=0.0))
    total = pl.col("_added").sum().alias(name)
    if not keys:
        return added.select(total).collect()
    return added.group_by(keys).agg(total).collect()
