"""The in-order runner: order, the window, and cancelling what is left."""

from __future__ import annotations

from concurrent.futures import Future

import pytest

from valossa_metadata.archive.ordered import run_ordered


def test_results_come_in_order_with_at_most_a_window_in_flight() -> None:
    submitted: list[Future[int]] = []

    def submit(n: int) -> Future[int]:
        future: Future[int] = Future()
        future.set_result(n * 10)
        submitted.append(future)
        return future

    results = run_ordered(range(5), submit, lambda future, n: (n, future.result()), window=2)
    assert next(results) == (0, 0)
    assert len(submitted) == 2
    assert list(results) == [(1, 10), (2, 20), (3, 30), (4, 40)]


def test_stopping_early_cancels_the_rest() -> None:
    futures: list[Future[int]] = []

    def submit(n: int) -> Future[int]:
        futures.append(Future())
        if n == 0:
            futures[-1].set_result(0)
        return futures[-1]

    results = run_ordered(range(10), submit, lambda future, n: future.result(), window=3)
    assert next(results) == 0
    results.close()
    assert [f.cancelled() for f in futures] == [False, True, True]


def test_the_window_must_be_positive() -> None:
    with pytest.raises(ValueError, match="window must be at least 1"):
        list(run_ordered([1], lambda n: Future(), lambda future, n: n, window=0))
