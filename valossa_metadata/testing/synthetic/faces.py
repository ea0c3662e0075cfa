"""Faces: who is visible in which shot, human.face and human.face_group detections, face attributes."""

from __future__ import annotations

import math
import random
from typing import Any

from valossa_metadata.testing.synthetic.document import _AttrFn, _Doc
from valossa_metadata.testing.synthetic.helpers import _merge_spans, _r3, _uuid
from valossa_metadata.testing.synthetic.shots import _Shots
from valossa_metadata.testing.synthetic.vocabulary import _EMOTIONS, _PERSONS


def _faces_per_shot(rng: random.Random, shots: _Shots, faces: int) -> list[list[int]]:
    """Which faces (indexes) are visible in each shot; every face gets at least one shot."""
    per_shot: list[list[int]] = [[] for _ in range(len(shots))]
    eligible = [i for i in range(len(shots)) if shots.ends[i] - shots.starts[i] >= 1.0]
    if faces <= 0 or not eligible:
        return per_shot
    weights = [1.0 / (i + 1) ** 1.1 for i in range(faces)]
    for i in eligible:
        if rng.random() < 0.55:
            k = min(faces, rng.choices([1, 2, 3], weights=[70, 25, 5])[0])
            chosen: list[int] = []
            while len(chosen) < k:
                f = rng.choices(range(faces), weights=weights)[0]
                if f not in chosen:
                    chosen.append(f)
            per_shot[i] = sorted(chosen)
    for f in range(faces):
        if not any(f in s for s in per_shot):
            i = rng.choice(eligible)
            per_shot[i] = sorted([*per_shot[i], f])
    if faces >= 2 and not any(len(s) >= 2 for s in per_shot):
        longest = max(eligible, key=lambda i: shots.ends[i] - shots.starts[i])
        per_shot[longest] = sorted({0, 1, *per_shot[longest]})
    return per_shot


def _face_attr_fn(rng: random.Random) -> _AttrFn:
    names = [e[0] for e in _EMOTIONS]
    weights = [e[3] for e in _EMOTIONS]
    ranges = {e[0]: (e[1], e[2]) for e in _EMOTIONS}

    def add(det: dict[str, Any], second: int, item: dict[str, Any]) -> None:
        if rng.random() >= 0.65:
            return
        primary = rng.choices(names, weights=weights)[0]
        lo, hi = ranges[primary]
        sen: dict[str, Any] = {"val": _r3(rng.uniform(lo, hi))}
        if rng.random() < 0.8:
            c1 = _r3(rng.uniform(0.55, 0.98))
            emo = [{"e": primary, "c": c1}]
            if rng.random() < 0.35:
                other = rng.choice([n for n in names if n != primary])
                emo.append({"e": other, "c": _r3(rng.uniform(0.5, c1))})
            sen["emo"] = emo
        item["a"] = {"sen": sen}

    return add


def _face_occ_span(rng: random.Random, shots: _Shots, i: int) -> tuple[float, float]:
    a, b = shots.starts[i], shots.ends[i]
    d = b - a
    return _r3(a + rng.uniform(0.0, 0.2) * d), _r3(b - rng.uniform(0.0, 0.2) * d)


def _co_occurrences(
    per_shot: list[list[int]], spans: list[dict[int, tuple[float, float]]]
) -> dict[tuple[int, ...], list[tuple[float, float]]]:
    """Face groups: faces visible together in a shot -> the spans where all of them are visible."""
    groups: dict[tuple[int, ...], list[tuple[float, float]]] = {}
    for i, visible in enumerate(per_shot):
        present = [f for f in visible if i in spans[f]]
        if len(present) < 2:
            continue
        ss = max(spans[f][i][0] for f in present)
        se = min(spans[f][i][1] for f in present)
        if se - ss >= 0.5:
            groups.setdefault(tuple(present), []).append((ss, se))
    return groups


def _add_faces(doc: _Doc, faces: int) -> None:
    rng = doc.rng
    per_shot = _faces_per_shot(rng, doc.shots, faces)
    spans: list[dict[int, tuple[float, float]]] = [{} for _ in range(faces)]
    for i, visible in enumerate(per_shot):
        for f in visible:
            spans[f][i] = _face_occ_span(rng, doc.shots, i)
    gallery_id = _uuid(rng)
    n_matched = min(faces, max(2, round(faces * 0.6)))
    identities = list(_PERSONS[: min(n_matched, len(_PERSONS))])  # the cast of the story, lead first
    while len(identities) < n_matched:
        identities.append(rng.choice(_PERSONS))
    if n_matched >= 2:
        identities[n_matched - 1] = identities[0]  # one person found as two face detections
    gallery_faces: dict[str, str] = {}
    for name, _ in _PERSONS:
        gallery_faces[name] = _uuid(rng)
    under_18 = faces - 1 if faces - 1 >= n_matched else -1
    face_dets: list[dict[str, Any] | None] = []
    for f in range(faces):
        if not spans[f]:
            face_dets.append(None)
            continue
        occs = [{"ss": ss, "se": se} for ss, se in spans[f].values()]
        union = sum(se - ss for ss, se in _merge_spans([(o["ss"], o["se"]) for o in occs], 0.0))
        a: dict[str, Any] = {}
        if f < n_matched:
            name, gender = identities[f]
            a["gender"] = {"c": _r3(rng.uniform(0.85, 0.999)), "value": gender}
        else:
            a["gender"] = {"c": _r3(rng.uniform(0.5, 0.95)), "value": rng.choice(["male", "female"])}
        a["s_visible"] = math.floor(union * rng.uniform(0.88, 1.0) * 1000) / 1000
        a["quality"] = "low" if (f >= 3 and rng.random() < 0.4) else "normal"
        det: dict[str, Any] = {"t": "human.face", "label": "face"}
        if f < n_matched:
            top = _r3(rng.uniform(0.75, 0.99))
            matches = [(top, identities[f][0])]
            if rng.random() < 0.4:
                alt = rng.choice(
                    [p for p, g in _PERSONS if g == a["gender"]["value"] and p != identities[f][0]]
                )
                matches.append((_r3(rng.uniform(0.5, top - 0.02)), alt))
            a["similar_to"] = [
                {
                    "c": c,
                    "name": name,
                    "gallery": {"id": gallery_id},
                    "gallery_face": {"id": gallery_faces[name], "name": name},
                }
                for c, name in sorted(matches, key=lambda m: -m[0])
            ]
        if f == under_18:
            c_max = _r3(rng.uniform(0.7, 0.99))
            a["under_18_years"] = {
                "c_max": c_max,
                "c_median": _r3(rng.uniform(0.5, c_max)),
                "intervals": [{"ss": o["ss"], "se": o["se"]} for o in occs[:3]],
            }
            det["categ"] = {"tags": ["under_18_years"]}
        det["a"] = a
        det["occs"] = occs
        face_dets.append(doc.add(det))
    for members, group_spans in _co_occurrences(per_shot, spans).items():
        ids = [face_dets[f] for f in members]
        doc.add(
            {
                "t": "human.face_group",
                "label": "face group",
                "a": {"face_det_ids": ids},  # detection dicts until _Doc.finalize
                "occs": [{"ss": ss, "se": se} for ss, se in group_spans],
            }
        )
