"""Small helpers of the synthetic generator: rounding, reproducible ids, spans and intervals.

Every random choice is drawn from a ``random.Random`` passed in by the caller (or, for concept ids,
seeded from the label itself), so the generator stays deterministic.
"""

from __future__ import annotations

import math
import random
import statistics
from typing import Any


def _r3(x: float) -> float:
    return round(x, 3)


def _uuid(rng: random.Random) -> str:
    """A version-4 style UUID string drawn from ``rng`` (so it is reproducible)."""
    h = f"{rng.getrandbits(128):032x}"
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{'89ab'[rng.randrange(4)]}{h[17:20]}-{h[20:32]}"


def _stable_token(label: str, salt: str, alphabet: str, n: int) -> str:
    """A token that depends on ``label`` only (same label = same concept id in every file)."""
    rng = random.Random(f"{salt}:{label}")
    return "".join(rng.choice(alphabet) for _ in range(n))


def _cid(label: str) -> str:
    return _stable_token(label, "cid", "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 12)


def _mid(label: str, salt: str = "gkg") -> str:
    return "/m/0" + _stable_token(label, salt, "0123456789bcdfghjklmnpqrstvwxyz_", 5)


def _second_span(ss: float, se: float, n_seconds: int) -> tuple[int, int]:
    """Seconds ``floor(ss) .. ceil(se)-1`` (at least ``floor(ss)``), capped at ``n_seconds - 1``."""
    s0 = min(math.floor(ss), n_seconds - 1)
    s1 = max(s0, min(math.ceil(se) - 1, n_seconds - 1))
    return s0, s1


def _frame_span(ss: float, se: float, fps: float, n_frames: int) -> tuple[int, int]:
    """Frames ``floor(ss*fps) .. ceil(se*fps)-1`` (the by_second rule applied to frames)."""
    return _second_span(round(ss * fps, 6), round(se * fps, 6), n_frames)


def _canonical(d: dict[str, Any], order: list[str]) -> dict[str, Any]:
    out = {k: d[k] for k in order if k in d}
    out.update((k, v) for k, v in d.items() if k not in out and not k.startswith("_"))
    return out


def _conf_series(rng: random.Random, n: int) -> tuple[float, float, list[float]]:
    """Per-second confidences of one occurrence plus their max and median (all in [0.5, 1])."""
    base = rng.uniform(0.55, 0.97)
    series = [_r3(min(1.0, max(0.5, base + rng.gauss(0.0, 0.05)))) for _ in range(n)]
    return max(series), _r3(statistics.median(series)), series


def _intervals(
    rng: random.Random,
    start: float,
    end: float,
    coverage: float,
    mean_dur: float,
    *,
    min_dur: float = 0.5,
    max_dur: float = 40.0,
) -> list[tuple[float, float]]:
    """Sorted, non-overlapping (sometimes abutting) intervals covering about ``coverage`` of the span.

    Always returns at least one interval when the span allows one.
    """
    span = end - start
    if span < min_dur:
        return []
    coverage = min(max(coverage, 0.001), 0.95)
    mean_gap = mean_dur * (1.0 - coverage) / coverage
    out: list[tuple[float, float]] = []
    t = start + rng.uniform(0.0, min(mean_gap, span))
    while t < end:
        d = min(max_dur, max(min_dur, rng.expovariate(1.0 / mean_dur)))
        if t + d > end:
            d = end - t
            if d < min_dur:
                break
        ss, se = _r3(t), _r3(t + d)
        out.append((ss, se))
        gap = 0.0 if rng.random() < 0.05 else rng.expovariate(1.0 / mean_gap)
        t = se + gap
    if not out:
        d = min(mean_dur, span)
        t = rng.uniform(start, end - d)
        out.append((_r3(t), _r3(t + d)))
    return out


def _merge_spans(spans: list[tuple[float, float]], max_gap: float) -> list[tuple[float, float]]:
    merged: list[tuple[float, float]] = []
    for ss, se in sorted(spans):
        if merged and ss - merged[-1][1] <= max_gap:
            merged[-1] = (merged[-1][0], max(merged[-1][1], se))
        else:
            merged.append((ss, se))
    return merged
