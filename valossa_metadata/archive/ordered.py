"""Running tasks on any executor with a bounded window, taking the results in submission order.

In-order results make a run deterministic (the first of two files with the same job wins, the
manifest and error table come out in source order) at the cost of a window of work in flight.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Generator, Iterable
from typing import Protocol, TypeVar

from valossa_metadata.errors import UsageError

__all__ = ["Cancellable", "run_ordered"]

T = TypeVar("T")
R = TypeVar("R")
F = TypeVar("F", bound="Cancellable")


class Cancellable(Protocol):
    """What a future needs here: ``concurrent.futures.Future`` and ``distributed.Future`` both are."""

    def cancel(self) -> object:
        """Cancel the task if it has not run yet."""
        ...


def run_ordered(
    tasks: Iterable[T],
    submit: Callable[[T], F],
    collect: Callable[[F, T], R],
    *,
    window: int,
) -> Generator[R, None, None]:
    """Submit up to ``window`` tasks ahead and yield ``collect(future, task)`` in the tasks' order.

    Futures still pending when the consumer stops (or fails) are cancelled.

    Examples:
        >>> from concurrent.futures import ThreadPoolExecutor
        >>> with ThreadPoolExecutor(2) as pool:
        ...     submit = lambda n: pool.submit(pow, n, 2)
        ...     list(run_ordered(range(5), submit, lambda future, n: future.result(), window=2))
        [0, 1, 4, 9, 16]
    """
    if window < 1:
        raise UsageError(f"window must be at least 1, got {window}")
    pending: deque[tuple[F, T]] = deque()
    try:
        for task in tasks:
            pending.append((submit(task), task))
            if len(pending) >= window:
                future, done = pending.popleft()
                yield collect(future, done)
        while pending:
            future, done = pending.popleft()
            yield collect(future, done)
    finally:
        for future, _ in pending:
            future.cancel()
