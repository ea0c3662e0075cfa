"""docs/archive.md: its queries run on a converted corpus and agree with a plain-Python count."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path
from typing import Any

import polars as pl
import pytest

DOC = Path(__file__).resolve().parents[2] / "docs" / "archive.md"
Expected = dict[str, dict[str, pl.DataFrame]]


def documented_blocks() -> dict[str, str]:
    text = DOC.read_text(encoding="utf-8")
    return dict(re.findall(r"<!-- tested: (\w+) -->\n```python\n(.*?)```", text, flags=re.DOTALL))


def union_seconds(spans: list[tuple[float, float]]) -> float:
    total, reach = 0.0, float("-inf")
    for start, end in sorted(spans):
        total += max(0.0, end - max(start, reach))
        reach = max(reach, end)
    return total


def screen_time_by_hand(expected: Expected) -> dict[str, float]:
    totals: dict[str, float] = defaultdict(float)
    for tables in expected.values():
        names = dict(tables["faces"].select("detection_id", "name").drop_nulls().iter_rows())
        spans: dict[str, list[tuple[float, float]]] = defaultdict(list)
        for detection_id, start, end in (
            tables["occurrences"].select("detection_id", "start", "end").iter_rows()
        ):
            if detection_id in names:
                spans[names[detection_id]].append((start, end))
        for name, intervals in spans.items():
            totals[name] += union_seconds(intervals)
    return dict(totals)


def test_the_doc_has_both_tested_queries() -> None:
    assert set(documented_blocks()) == {"polars", "duckdb"}


@pytest.mark.parametrize("engine", ["polars", "duckdb"])
def test_documented_query_runs_on_a_converted_corpus(
    engine: str, dataset_1: Path, expected: Expected
) -> None:
    namespace: dict[str, Any] = {"OUT": dataset_1}
    exec(compile(documented_blocks()[engine], str(DOC), "exec"), namespace)
    result: pl.DataFrame = namespace["screen_time"]
    assert result.columns == ["name", "screen_time"]
    by_hand = screen_time_by_hand(expected)
    assert result.get_column("name").to_list() == sorted(by_hand)
    for name, seconds in result.iter_rows():
        assert seconds == pytest.approx(by_hand[name], rel=1e-9), name


def test_documented_options_exist() -> None:
    text = DOC.read_text(encoding="utf-8")
    for option in ("--workers", "--no-progress", "-o"):
        assert f" {option}" in text
