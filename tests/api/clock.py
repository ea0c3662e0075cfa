"""A fake clock for the client's deadlines and waits."""

from __future__ import annotations


class Clock:
    """A monotonic clock that advances only when the client sleeps."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds
