"""``detection_groupings`` other than by_second: by_detection_type, by_frequency, by_detection_property.

Also :func:`_ids_of_type`, which reads a finished document's by_detection_type back (side files).
"""

from __future__ import annotations

from typing import Any

#: by_detection_type key order (and generation order) of the current format.
_TYPE_ORDER = [
    "visual.context",
    "visual.object.localized",
    "visual.color",
    "visual.text_region.full_frame_analysis",
    "visual.text_region.lower_third",
    "visual.text_region.middle_third",
    "visual.text_region.upper_third",
    "visual.text_region.keyword.compliance",
    "audio.context",
    "audio.speech",
    "audio.speech_detailed",
    "audio.speech_detailed.stats",
    "audio.speech_summary",
    "audio.speech_summary.keyword",
    "audio.voice_emotion",
    "audio.keyword.compliance",
    "audio.keyword.novelty_word",
    "audio.keyword.name.person",
    "audio.keyword.name.location",
    "audio.keyword.name.organization",
    "human.face",
    "human.face_group",
    "topic.iab",
    "topic.iab.section",
    "topic.general",
    "topic.genre",
    "explicit_content.nudity",
]

#: Types listed chronologically (not by prominence) in by_detection_type.
_CHRONOLOGICAL = frozenset({"audio.speech", "audio.speech_detailed"})


def _total_duration(det: dict[str, Any]) -> float:
    return float(sum(occ["se"] - occ["ss"] for occ in det.get("occs", [])))


def _by_detection_type(dets: list[dict[str, Any]], order: list[str]) -> dict[str, list[str]]:
    """type -> ids; speech types chronological, others by prominence (total duration desc, then id)."""
    grouped: dict[str, list[dict[str, Any]]] = {}
    for det in dets:
        grouped.setdefault(det["t"], []).append(det)
    out: dict[str, list[str]] = {}
    for t in order + sorted(set(grouped) - set(order)):
        if t not in grouped:
            continue
        members = grouped[t]
        if t in _CHRONOLOGICAL:
            members = sorted(members, key=lambda d: (d["occs"][0]["ss"], int(d["_id"])))
        else:
            members = sorted(members, key=lambda d: (-round(_total_duration(d), 3), int(d["_id"])))
        out[t] = [d["_id"] for d in members]
    return out


def _by_frequency(dets: list[dict[str, Any]], by_type: dict[str, list[str]]) -> dict[str, list[str]]:
    by_id = {d["_id"]: d for d in dets}
    out: dict[str, list[str]] = {}
    for t, ids in by_type.items():
        if t in _CHRONOLOGICAL or "occs" not in by_id[ids[0]]:
            continue
        out[t] = sorted(ids, key=lambda i: (-len(by_id[i]["occs"]), int(i)))
    return out


def _by_detection_property(
    dets: list[dict[str, Any]], by_type: dict[str, list[str]]
) -> dict[str, dict[str, dict[str, list[str]]]]:
    by_id = {d["_id"]: d for d in dets}
    out: dict[str, dict[str, dict[str, list[str]]]] = {}
    for t in ("visual.context", "audio.context", "human.face"):
        props: dict[str, dict[str, list[str]]] = {}
        for i in by_type.get(t, []):
            det = by_id[i]
            for tag in det.get("categ", {}).get("tags", []):
                props.setdefault("categ.tags", {}).setdefault(tag, []).append(i)
            gender = det.get("a", {}).get("gender", {}).get("value")
            if gender is not None:
                props.setdefault("a.gender.value", {}).setdefault(gender, []).append(i)
        if props:
            out[t] = {p: {k: v[k] for k in sorted(v)} for p, v in props.items()}
    return out


def _ids_of_type(core: dict[str, Any], t: str) -> list[str]:
    ids = core.get("detection_groupings", {}).get("by_detection_type", {}).get(t)
    if ids is None:
        ids = sorted((k for k, d in core["detections"].items() if d.get("t") == t), key=int)
    return list(ids)
