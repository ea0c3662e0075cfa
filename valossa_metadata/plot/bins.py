"""Long videos drawn per bin: the share of each bin that a lane's occurrences cover.

Examples:
    >>> binned([(10.0, 70.0, 0.9), (65.0, 80.0, None)], 60.0)
    [(0.0, 60.0, 0.8333333333333334), (60.0, 120.0, 0.3333333333333333)]
"""

from __future__ import annotations

__all__ = ["BIN", "LONG_VIDEO", "auto_step", "binned", "share_alpha"]

#: Windows longer than this (seconds) are drawn per bin of :data:`BIN` seconds.
LONG_VIDEO = 1800.0
#: The bin of a long video's lanes, in seconds (a minute).
BIN = 60.0


def auto_step(span: float, bin_seconds: float | None = None) -> float | None:
    """The bin for a window of ``span`` seconds: ``bin_seconds`` if given, :data:`BIN` if long, else none.

    Examples:
        >>> auto_step(240.0), auto_step(7200.0), auto_step(240.0, 10.0)
        (None, 60.0, 10.0)
    """
    if bin_seconds is not None:
        if bin_seconds <= 0:
            raise ValueError(f"bin_seconds is more than 0, not {bin_seconds:g}")
        return bin_seconds
    return BIN if span > LONG_VIDEO else None


def binned(
    spans: list[tuple[float, float, float | None]], step: float
) -> list[tuple[float, float, float | None]]:
    """One bar per bin that the spans touch: ``(bin start, bin end, share of the bin covered)``.

    Overlapping spans count once; their confidences are dropped.

    Examples:
        >>> binned([(0.0, 30.0, 0.5), (10.0, 20.0, 0.9)], 60.0)
        [(0.0, 60.0, 0.5)]
    """
    union: list[list[float]] = []
    for start, end, _ in sorted(spans, key=lambda s: (s[0], s[1])):
        if union and start <= union[-1][1]:
            union[-1][1] = max(union[-1][1], end)
        else:
            union.append([start, end])
    covered: dict[int, float] = {}
    for start, end in union:
        for index in range(int(start // step), int(end // step) + 1):
            inside = min(end, (index + 1) * step) - max(start, index * step)
            if inside > 0:
                covered[index] = covered.get(index, 0.0) + inside
    return [(i * step, (i + 1) * step, min(1.0, seconds / step)) for i, seconds in sorted(covered.items())]


def share_alpha(share: float | None) -> float:
    """A binned bar's opacity: 0.15 for a sliver of the bin, opaque when the bin is all covered.

    Examples:
        >>> share_alpha(0.0), share_alpha(1.0), share_alpha(None)
        (0.15, 1.0, 1.0)
    """
    return 1.0 if share is None else 0.15 + 0.85 * min(1.0, max(0.0, share))
