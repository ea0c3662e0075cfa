"""Shot segmentation of a synthetic video (``segmentations.detected_shots``)."""

from __future__ import annotations

import bisect
import math
import random

from valossa_metadata.testing.synthetic.helpers import _r3


class _Shots:
    """Contiguous shots covering ``[0, end]``."""

    def __init__(self, rng: random.Random, end: float, fps: float) -> None:
        bounds = [0.0]
        t = 0.0
        while True:
            d = min(20.0, max(0.4, rng.lognormvariate(math.log(3.5), 0.65)))
            if t + d > end - 0.4:
                break
            t = _r3(t + d)
            bounds.append(t)
        bounds.append(end)
        self.starts = bounds[:-1]
        self.ends = bounds[1:]
        self.entries = [
            {
                "ss": ss,
                "se": se,
                "fs": round(ss * fps),
                "fe": round(se * fps),
                "sdur": _r3(se - ss),
            }
            for ss, se in zip(self.starts, self.ends, strict=True)
        ]

    def __len__(self) -> int:
        return len(self.starts)

    def span(self, ss: float, se: float) -> tuple[int, int]:
        """First and last shot overlapping ``[ss, se)`` (the shot holding ``ss`` when ``ss == se``)."""
        last = len(self.starts) - 1
        shs = min(max(bisect.bisect_right(self.starts, ss) - 1, 0), last)
        she = min(max(bisect.bisect_left(self.starts, se) - 1, shs), last) if se > ss else shs
        return shs, she

    def at(self, t: float) -> int:
        return min(max(bisect.bisect_right(self.starts, t) - 1, 0), len(self.starts) - 1)
