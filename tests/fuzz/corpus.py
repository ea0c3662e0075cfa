"""Seed documents for the fuzzer: the bundled samples, cut down to a few detections each.

A cut keeps the first seconds of ``by_second``, at most a few detections of each type (those seen in
the kept seconds first), their first occurrences, and only the ``by_second`` items that name a kept
detection and kept occurrences, so every seed is still consistent and loads cleanly.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

SAMPLES = Path(__file__).resolve().parents[2] / "sample_results"

#: (file name, kind): ``core`` files go to ``vm.loads``, ``side`` files to ``vm.load_sidecar``.
SEED_FILES = (
    ("current_format_example.json", "core"),
    ("legacy_1_1_0_example.json", "core"),
    ("metareader_metadata_example_2017_v1.json", "core"),
    ("current_format_example.seconds_objects.json", "side"),
    ("current_format_example.frames_faces.json", "side"),
    ("current_format_example.frames_objects.json", "side"),
    ("current_format_example.visual_captions.json", "side"),
)

_SECONDS = 12
_PER_TYPE = 2
_WORDS = 14  # audio.speech_detailed: enough words for a few cues
_OCCURRENCES = 3
_SHOTS = 8
_FRAMES = 40


@functools.cache
def seeds() -> tuple[tuple[str, str, bytes], ...]:
    """(name, kind, JSON bytes) of every seed; each loads without error before mutation."""
    found = []
    for name, kind in SEED_FILES:
        document = json.loads((SAMPLES / name).read_text(encoding="utf-8"))
        cut = cut_core(document) if kind == "core" else cut_side(document)
        found.append((name, kind, json.dumps(cut, separators=(",", ":")).encode()))
    return tuple(found)


def cut_core(document: dict[str, Any]) -> dict[str, Any]:
    """A Core document cut to its first seconds and a few detections per type, still consistent."""
    groupings = document.get("detection_groupings", {})
    seconds = groupings.get("by_second", [])[:_SECONDS]
    by_type: dict[str, list[str]] = groupings.get("by_detection_type", {})
    detections: dict[str, Any] = document["detections"]
    seen = [item["d"] for second in seconds for item in second]
    kept: dict[str, Any] = {}
    for kind, ids in by_type.items():
        limit = _WORDS if kind == "audio.speech_detailed" else _PER_TYPE
        ordered = [i for i in dict.fromkeys(seen) if i in ids] + ids
        for detection_id in list(dict.fromkeys(ordered))[:limit]:
            detection = dict(detections[detection_id])
            if "occs" in detection:
                detection["occs"] = detection["occs"][:_OCCURRENCES]
            kept[detection_id] = detection
    occurrence_ids = {o["id"] for d in kept.values() for o in d.get("occs", [])}
    out = dict(document)
    out["detections"] = kept
    new_groupings: dict[str, Any] = {
        "by_detection_type": {t: [i for i in ids if i in kept] for t, ids in by_type.items()},
        "by_second": [
            [
                item
                for item in second
                if item["d"] in kept and all(o in occurrence_ids for o in item.get("o", []))
            ]
            for second in seconds
        ],
    }
    out["detection_groupings"] = new_groupings
    shots = document.get("segmentations", {}).get("detected_shots")
    if shots is not None:
        out["segmentations"] = {"detected_shots": shots[:_SHOTS]}
    technical = document.get("media_info", {}).get("technical")
    if isinstance(technical, dict) and "duration_s" in technical:
        out["media_info"] = dict(
            document["media_info"], technical=dict(technical, duration_s=float(_SECONDS))
        )
    return out


def cut_side(document: dict[str, Any]) -> dict[str, Any]:
    """A side file with its per-second or per-frame lists (or caption sections) shortened."""
    out = dict(document)
    for key in ("objects_by_second", "objects_by_frame", "faces_by_frame", "selected_sections"):
        if key in out:
            items = out[key]
            if key != "selected_sections":  # keep frames that hold boxes: empty ones fuzz little
                filled = [i for i, boxes in enumerate(items) if boxes][:_FRAMES]
                last = filled[-1] + 1 if filled else _FRAMES
                items = items[:last]
            out[key] = items[:_FRAMES] if key == "selected_sections" else items
    return out
