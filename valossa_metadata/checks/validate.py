"""Semantic checks of a result: what decodes but does not add up.

The decoder refuses what is not Core metadata; :func:`validate` finds what is Core metadata but
wrong inside: references to detections or occurrences that are not there, ids listed under the
wrong type, times that run backwards or below zero, confidences outside 0-1, duplicate occurrence
ids, shot indexes past the last shot, a frame rate or duration that cannot be, and duplicate JSON
keys (where a JSON reader silently keeps the last). Tables treat such rows as
:doc:`the loading guide <../loading>` says; none of them makes a negative screen time.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from valossa_metadata.metadata import Metadata
    from valossa_metadata.models.core import Occurrence

__all__ = ["Problem", "validate"]

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One finding: how bad, what kind, where (a JSON location) and what is wrong."""

    severity: Severity
    kind: str
    location: str
    message: str


def validate(md: Metadata) -> list[Problem]:
    """Every problem found in a result, in file order; an empty list when it all adds up.

    Examples:
        >>> import valossa_metadata as vm
        >>> vm.validate(vm.load("sample_results/current_format_example.json"))
        []
        >>> bad = vm.loads(b'{"version_info": {"metadata_format": "1.8.1"}, '
        ...                b'"detections": {"1": {"t": "visual.context", "label": "dog", '
        ...                b'"occs": [{"id": "1", "ss": 5.0, "se": 2.0, "c_max": 1.5}]}}}')
        >>> for problem in vm.validate(bad):
        ...     print(problem.kind, problem.location)
        time-backwards $.detections['1'].occs[0]
        confidence-range $.detections['1'].occs[0].c_max
    """
    return [
        *_media(md),
        *_detections(md),
        *_listed(md),
        *_seconds(md),
        *_duplicate_keys(md),
    ]


def _media(md: Metadata) -> Iterator[Problem]:
    technical = md.core.media_info.technical if md.core.media_info else None
    if technical is None:
        return
    where = "$.media_info.technical"
    if technical.fps is not None and technical.fps <= 0:
        yield Problem("error", "fps", f"{where}.fps", f"frame rate {technical.fps} is not above 0")
    if technical.duration_s is not None and technical.duration_s < 0:
        yield Problem(
            "error", "duration", f"{where}.duration_s", f"duration {technical.duration_s} is negative"
        )


def _detections(md: Metadata) -> Iterator[Problem]:
    shots = md.core.segmentations.detected_shots
    last_shot = len(shots) - 1
    seen: dict[str, str] = {}
    for detection_id, detection in md.core.detections.items():
        base = f"$.detections[{detection_id!r}]"
        yield from _confidence(detection.confidence, f"{base}.c")
        for n, occurrence in enumerate(detection.occurrences):
            at = f"{base}.occs[{n}]"
            earlier = seen.setdefault(occurrence.id, at)
            if earlier != at:
                message = f"occurrence id {occurrence.id!r} is used at {earlier} too"
                yield Problem("error", "duplicate-occurrence-id", at, message)
            yield from _times(occurrence, at)
            for name in ("c_max", "c_med", "c"):
                yield from _confidence(getattr(occurrence, name), f"{at}.{name}")
            for name, value in (("shs", occurrence.shot_start), ("she", occurrence.shot_end)):
                if value is not None and shots and not 0 <= value <= last_shot:
                    message = f"shot {value} is not one of the {len(shots)} shots (0-{last_shot})"
                    yield Problem("error", "shot-range", f"{at}.{name}", message)


def _times(occurrence: Occurrence, at: str) -> Iterator[Problem]:
    if occurrence.start < 0 or occurrence.end < 0:
        message = f"negative time ({occurrence.start} to {occurrence.end})"
        yield Problem("error", "time-negative", at, message)
    if occurrence.end < occurrence.start:
        message = f"ends ({occurrence.end}) before it starts ({occurrence.start}); counted as no time"
        yield Problem("error", "time-backwards", at, message)


def _confidence(value: float | None, at: str) -> Iterator[Problem]:
    if value is not None and not 0 <= value <= 1:
        yield Problem("error", "confidence-range", at, f"confidence {value} is outside 0-1")


def _listed(md: Metadata) -> Iterator[Problem]:
    detections = md.core.detections
    listed = md.core.detection_groupings.by_detection_type or {}
    for detection_type, ids in listed.items():
        for n, detection_id in enumerate(ids):
            at = f"$.detection_groupings.by_detection_type[{detection_type!r}][{n}]"
            detection = detections.get(detection_id)
            if detection is None:
                yield Problem("error", "missing-detection", at, f"no detection {detection_id!r}; left out")
            elif detection.type != detection_type:
                message = f"detection {detection_id!r} is a {detection.type}; left out of {detection_type}"
                yield Problem("error", "wrong-type", at, message)


def _seconds(md: Metadata) -> Iterator[Problem]:
    detections = md.core.detections
    occurrence_ids = {d: {o.id for o in det.occurrences} for d, det in detections.items()}
    for second, items in enumerate(md.by_second):
        for k, item in enumerate(items):
            at = f"$.detection_groupings.by_second[{second}][{k}]"
            known = occurrence_ids.get(item.detection_id)
            if known is None:
                message = f"no detection {item.detection_id!r}; the row is left out of seconds()"
                yield Problem("error", "missing-detection", f"{at}.d", message)
                continue
            yield from _confidence(item.confidence, f"{at}.c")
            for m, occurrence_id in enumerate(item.occurrence_ids):
                if occurrence_id not in known:
                    message = f"detection {item.detection_id!r} has no occurrence {occurrence_id!r}"
                    yield Problem("error", "missing-occurrence", f"{at}.o[{m}]", message)


class _Keys(dict[str, Any]):
    """A JSON object that repeated some of its keys (a JSON reader keeps the last of each)."""

    duplicates: tuple[str, ...] = ()


def _duplicate_keys(md: Metadata) -> Iterator[Problem]:
    repeated = False

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        nonlocal repeated
        keys = dict(items)
        if len(keys) == len(items):
            return keys
        repeated = True
        marked = _Keys(keys)
        counted: dict[str, int] = {}
        for key, _ in items:
            counted[key] = counted.get(key, 0) + 1
        marked.duplicates = tuple(key for key, n in counted.items() if n > 1)
        return marked

    document = json.loads(md.data, object_pairs_hook=pairs)
    if not repeated:  # the usual case: no need to walk the document and name every place in it
        return
    # Only objects and arrays are visited: naming every scalar's place cost seconds on a long film.
    stack: list[tuple[Any, str]] = [(document, "$")]
    found: list[Problem] = []
    while stack:
        value, at = stack.pop()
        if isinstance(value, dict):
            for key in value.duplicates if isinstance(value, _Keys) else ():
                message = f"key {key!r} appears more than once; the last one is kept"
                found.append(Problem("error", "duplicate-key", _member(at, key), message))
            children: Any = value.items()
        else:
            children = enumerate(value)
        for key, child in children:
            if isinstance(child, (dict, list)):
                place = f"{at}[{key}]" if isinstance(key, int) else _member(at, key)
                stack.append((child, place))
    yield from sorted(found, key=lambda p: p.location)


def _member(at: str, key: str) -> str:
    return f"{at}.{key}" if key.isidentifier() else f"{at}[{key!r}]"
