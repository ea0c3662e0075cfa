"""Bounding-box side results derived from a Core document: seconds_objects, frames_objects, frames_faces."""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from typing import Any

from valossa_metadata.testing.synthetic.groupings import _ids_of_type
from valossa_metadata.testing.synthetic.helpers import _frame_span, _r3, _second_span

#: Maps an occurrence ``(ss, se, n_units)`` to its first and last second/frame index.
_SpanFn = Callable[[float, float, int], tuple[int, int]]


def _core_parts(core: dict[str, Any]) -> tuple[dict[str, Any], float, float, int]:
    technical = core["media_info"]["technical"]
    duration = float(technical["duration_s"])
    fps = float(technical.get("fps") or 25.0)
    n_seconds = len(core.get("detection_groupings", {}).get("by_second", [])) or math.ceil(duration)
    return core["detections"], duration, fps, n_seconds


def _side_header(core: dict[str, Any], metadata_type: str, version: str) -> dict[str, Any]:
    return {
        "version_info": {
            "metadata_type": metadata_type,
            "metadata_format": version,
            "backend": core.get("version_info", {}).get("backend", "3.1.1"),
        },
        "job_info": {"job_id": core.get("job_info", {}).get("job_id")},
    }


class _Track:
    """A box drifting linearly from a start to an end position."""

    def __init__(self, rng: random.Random, w: float, h: float) -> None:
        self.w, self.h = w, h
        self.x0, self.y0 = rng.uniform(0.0, 1.0 - w), rng.uniform(0.0, 1.0 - h)
        self.x1 = min(1.0 - w, max(0.0, self.x0 + rng.uniform(-0.1, 0.1)))
        self.y1 = min(1.0 - h, max(0.0, self.y0 + rng.uniform(-0.05, 0.05)))

    def box(self, u: float) -> dict[str, float]:
        return {
            "x": _r3(self.x0 + (self.x1 - self.x0) * u),
            "y": _r3(self.y0 + (self.y1 - self.y0) * u),
            "w": _r3(self.w),
            "h": _r3(self.h),
        }


def _boxes_by_unit(
    core: dict[str, Any],
    t: str,
    n_units: int,
    span_fn: _SpanFn,
    rng: random.Random,
    make_track: Callable[[random.Random], _Track],
    confidence: bool,
) -> list[list[dict[str, Any]]]:
    units: list[list[dict[str, Any]]] = [[] for _ in range(n_units)]
    dets = core["detections"]
    for det_id in sorted(_ids_of_type(core, t), key=int):
        items: dict[int, dict[str, Any]] = {}
        for occ in dets[det_id].get("occs", []):
            track = make_track(rng)
            u0, u1 = span_fn(occ["ss"], occ["se"], n_units)
            c_top = float(occ.get("c_max", occ.get("c", 1.0)))
            for u in range(u0, u1 + 1):
                box = track.box((u - u0) / max(1, u1 - u0))
                if confidence:
                    box["c"] = _r3(rng.uniform(0.5, c_top))
                item = items.get(u)
                if item is None:
                    items[u] = {"d": det_id, "o": [occ["id"]], "b": [box]}
                else:
                    item["o"].append(occ["id"])
                    item["b"].append(box)
        for u in sorted(items):
            units[u].append(items[u])
    return units


def _logo_track(rng: random.Random) -> _Track:
    return _Track(rng, rng.uniform(0.05, 0.2), rng.uniform(0.03, 0.12))


def seconds_objects(core: dict[str, Any], *, seed: int = 0) -> dict[str, Any]:
    """The ``seconds_objects`` side result (reference §3.2) for ``core``'s visual.object.localized.

    ``objects_by_second[i]`` lists, for second ``i``, items ``{"d": detection id, "o": [occurrence
    ids], "b": [{"x", "y", "w", "h", "c"}]}`` (one box per occurrence id; box = upper-left corner and
    size as fractions of the frame).  Seconds follow the Core by_second rule.  The ``job_info``
    block (``{"job_id"}``) and ``backend`` are inferred.

    Examples:
        >>> from valossa_metadata.testing.synthetic.core import core_metadata
        >>> side = seconds_objects(core_metadata(30.0, seed=4))
        >>> side["version_info"]["metadata_type"], len(side["objects_by_second"])
        ('seconds_objects', 30)
    """
    _, _, _, n_seconds = _core_parts(core)
    rng = random.Random(seed)
    units = _boxes_by_unit(
        core, "visual.object.localized", n_seconds, _second_span, rng, _logo_track, confidence=True
    )
    return {**_side_header(core, "seconds_objects", "1.0.2"), "objects_by_second": units}


def _frame_fn(fps: float) -> _SpanFn:
    def span(ss: float, se: float, n: int) -> tuple[int, int]:
        return _frame_span(ss, se, fps, n)

    return span


def frames_objects(core: dict[str, Any], *, seed: int = 0) -> dict[str, Any]:
    """The ``frames_objects`` side result: :func:`seconds_objects` per frame (layout INFERRED).

    Key ``objects_by_frame`` (one list per frame, ``ceil(duration_s * fps)`` frames; an occurrence
    covers frames ``floor(ss*fps) .. ceil(se*fps)-1``); items as in seconds_objects.  The reference
    confirms only the type name and format version 1.0.0.

    Examples:
        >>> from valossa_metadata.testing.synthetic.core import core_metadata
        >>> core = core_metadata(20.0, seed=5)
        >>> len(frames_objects(core)["objects_by_frame"])
        500
    """
    _, duration, fps, _ = _core_parts(core)
    rng = random.Random(seed)
    n_frames = max(1, math.ceil(round(duration * fps, 6)))
    units = _boxes_by_unit(
        core, "visual.object.localized", n_frames, _frame_fn(fps), rng, _logo_track, confidence=True
    )
    return {**_side_header(core, "frames_objects", "1.0.0"), "objects_by_frame": units}


def frames_faces(core: dict[str, Any], *, seed: int = 0) -> dict[str, Any]:
    """The ``frames_faces`` side result for ``core``'s human.face detections (layout INFERRED).

    The reference knows only the type name and format versions; this layout is inferred by analogy
    with seconds_objects: key ``faces_by_frame`` (one list per frame, frames as in
    :func:`frames_objects`), items ``{"d": human.face id, "o": [occurrence ids], "b": [{"x", "y",
    "w", "h"}]}`` without confidence; box heights respect ``face_min_relative_height`` (0.05).

    Examples:
        >>> from valossa_metadata.testing.synthetic.core import core_metadata
        >>> core = core_metadata(20.0, seed=5)
        >>> side = frames_faces(core)
        >>> side["version_info"]["metadata_format"], len(side["faces_by_frame"])
        ('1.0.3', 500)
    """
    _, duration, fps, _ = _core_parts(core)
    technical = core["media_info"]["technical"]
    resolution = technical.get("resolution") or {"x_pixels": 16, "y_pixels": 9}
    aspect = resolution["y_pixels"] / resolution["x_pixels"]
    rng = random.Random(seed)
    n_frames = max(1, math.ceil(round(duration * fps, 6)))

    def face_track(r: random.Random) -> _Track:
        h = r.uniform(0.08, 0.45)
        return _Track(r, h * aspect * r.uniform(0.75, 0.9), h)

    units = _boxes_by_unit(core, "human.face", n_frames, _frame_fn(fps), rng, face_track, confidence=False)
    return {**_side_header(core, "frames_faces", "1.0.3"), "faces_by_frame": units}
