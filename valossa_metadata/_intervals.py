"""Interval algebra on polars frames of ``start``/``end`` seconds: merging and union durations.

Screen time is the union of occurrences (overlaps counted once), never their sum.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

__all__ = ["gaps", "merge_intervals", "overlap_time", "union_duration"]


def _sorted_with_reach(
    frame: pl.DataFrame | pl.LazyFrame, keys: list[str], start: str, end: str
) -> pl.LazyFrame:
    """Sorted intervals with ``_reach``: the furthest end of the earlier intervals of the same group."""
    reach = pl.col(end).cum_max().shift(1)
    if keys:
        # A group's rows are adjacent once sorted, so its running maximum shifted over the whole
        # frame is right except on its first row, which must not see the group before. This is
        # three times faster than shifting within ``over()`` when the groups are many and small.
        opens = pl.any_horizontal(pl.col(k).ne_missing(pl.col(k).shift(1)) for k in keys)
        reach = pl.when(opens).then(None).otherwise(pl.col(end).cum_max().over(keys).shift(1))
    return (
        frame.lazy()
        .select(*keys, start, end)
        .filter(pl.col(start).is_not_null() & pl.col(end).is_not_null())
        .sort([*keys, start])
        .with_columns(_reach=reach)
    )


def merge_intervals(
    frame: pl.DataFrame | pl.LazyFrame, by: Sequence[str] = (), *, start: str = "start", end: str = "end"
) -> pl.DataFrame:
    """Merge overlapping or touching intervals within each group of ``by`` columns.

    Returns the ``by`` columns plus ``start`` and ``end`` of each merged interval, sorted.

    Examples:
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

    Examples:
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


def gaps(
    frame: pl.DataFrame | pl.LazyFrame,
    by: Sequence[str] = (),
    *,
    start: float = 0.0,
    end: float | None = None,
) -> pl.DataFrame:
    """The uncovered stretches of [start, end) per group (end defaults to the last interval's end).

    Examples:
        >>> df = pl.DataFrame({"start": [1.0, 5.0], "end": [2.0, 6.0]})
        >>> gaps(df, end=8.0).rows()
        [(0.0, 1.0), (2.0, 5.0), (6.0, 8.0)]
    """
    keys = list(by)
    merged = merge_intervals(frame, keys)
    stop = float(end) if end is not None else (float(merged["end"].max()) if merged.height else start)  # type: ignore[arg-type]
    # A zero-length interval at ``stop`` closes each group, so every gap is "previous end -> start".
    at_stop = {"start": pl.lit(stop, dtype=pl.Float64), "end": pl.lit(stop, dtype=pl.Float64)}
    groups = merged.select(keys).unique(maintain_order=True) if keys else pl.DataFrame({"_": [0]})
    closing = groups.select(*keys, **at_stop)
    both = pl.concat([merged, closing], how="vertical_relaxed").sort([*keys, "start"], maintain_order=True)
    previous = pl.col("end").shift(1, fill_value=start)
    result = both.select(
        *keys,
        start=(previous.over(keys) if keys else previous).clip(lower_bound=start),
        end=pl.col("start").clip(upper_bound=stop),
    )
    return result.filter(pl.col("end") > pl.col("start"))


def overlap_time(
    left: pl.DataFrame | pl.LazyFrame,
    right: pl.DataFrame | pl.LazyFrame,
    *,
    left_by: str,
    right_by: str,
) -> pl.DataFrame:
    """Seconds during which each left group and each right group are present together.

    Both sides are merged per group first, so overlaps inside a side count once. The right key
    column gets a ``_right`` suffix when both keys have the same name. Longest first.

    Examples:
        >>> faces = pl.DataFrame({"name": ["Ann", "Ann"], "start": [0.0, 10.0], "end": [5.0, 12.0]})
        >>> talk = pl.DataFrame({"speaker": ["1", "2"], "start": [4.0, 11.0], "end": [11.5, 20.0]})
        >>> overlap_time(faces, talk, left_by="name", right_by="speaker").rows()
        [('Ann', '1', 2.5), ('Ann', '2', 1.0)]
    """
    right_name = f"{right_by}_right" if right_by == left_by else right_by
    a = merge_intervals(left, [left_by])
    b = merge_intervals(right, [right_by]).rename(
        {right_by: right_name, "start": "_start_b", "end": "_end_b"}
    )
    if a.height == 0 or b.height == 0:
        return pl.DataFrame(
            schema={left_by: a.schema[left_by], right_name: b.schema[right_name], "overlap": pl.Float64}
        )
    pairs = a.join_where(b, pl.col("start") < pl.col("_end_b"), pl.col("end") > pl.col("_start_b"))
    shared = pl.min_horizontal("end", "_end_b") - pl.max_horizontal("start", "_start_b")
    return (
        pairs.group_by(left_by, right_name)
        .agg(overlap=shared.sum())
        .sort(["overlap", left_by, right_name], descending=[True, False, False])
    )
