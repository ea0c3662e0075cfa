"""Independent computations on plain JSON (no toolkit code), to check the tables against."""

from __future__ import annotations

from collections import Counter
from typing import Any


def occurrence_count(doc: dict[str, Any]) -> int:
    return sum(len(d.get("occs", [])) for d in doc["detections"].values())


def by_second_count(doc: dict[str, Any]) -> int:
    return sum(len(items) for items in doc["detection_groupings"]["by_second"])


def type_counts(doc: dict[str, Any]) -> Counter[str]:
    return Counter(d["t"] for d in doc["detections"].values())


def union_length(intervals: list[tuple[float, float]]) -> float:
    total = 0.0
    current_start = current_end = None
    for start, end in sorted(intervals):
        if current_end is None or start > current_end:
            if current_end is not None and current_start is not None:
                total += current_end - current_start
            current_start, current_end = start, end
        else:
            current_end = max(current_end, end)
    if current_end is not None and current_start is not None:
        total += current_end - current_start
    return total


def screen_times(doc: dict[str, Any]) -> dict[str, float]:
    return {
        key: union_length([(o["ss"], o["se"]) for o in d.get("occs", [])])
        for key, d in doc["detections"].items()
    }


def best_name(detection: dict[str, Any]) -> str | None:
    similar = detection.get("a", {}).get("similar_to") or []
    return similar[0].get("name") if similar else None
