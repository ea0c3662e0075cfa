"""The ``visual_captions`` side result derived from a Core document."""

from __future__ import annotations

import random
from typing import Any

from valossa_metadata.testing.synthetic.groupings import _ids_of_type

_COUNT_WORDS = ["No", "One", "Two", "Three", "Several"]


def visual_captions(core: dict[str, Any], *, seed: int = 0) -> dict[str, Any]:
    """The ``visual_captions`` side result (reference §3.4) describing some shots of ``core``.

    ``selected_sections`` (chronological): ``{"caption", "section": {"s_start", "s_end",
    "shot_index"}}``, where the section is the whole shot (times rounded to 2 decimals) and the
    caption mentions visual.context labels seen in that shot.

    Examples:
        >>> from valossa_metadata.testing.synthetic.core import core_metadata
        >>> caps = visual_captions(core_metadata(60.0, seed=6))
        >>> caps["version_info"]
        {'metadata_type': 'visual_captions', 'metadata_format_version': '1.2.0'}
        >>> sorted(caps["selected_sections"][0]["section"])
        ['s_end', 's_start', 'shot_index']
    """
    rng = random.Random(seed)
    shots = core["segmentations"]["detected_shots"]
    labels_in: list[list[str]] = [[] for _ in shots]
    people_in = [0 for _ in shots]
    dets = core["detections"]
    for det_id in _ids_of_type(core, "visual.context"):
        det = dets[det_id]
        for occ in det.get("occs", []):
            for i in range(occ.get("shs", 0), occ.get("she", -1) + 1):
                if det["label"] not in labels_in[i]:
                    labels_in[i].append(det["label"])
    for det_id in _ids_of_type(core, "human.face"):
        for occ in dets[det_id].get("occs", []):
            for i in range(occ.get("shs", 0), occ.get("she", -1) + 1):
                people_in[i] += 1
    views = ["A close-up view of", "A wide shot of", "A medium shot showing", "An overhead view of"]
    sections: list[dict[str, Any]] = []
    for i, shot in enumerate(shots):
        if shot["sdur"] < 1.5 or (rng.random() > 0.35 and sections):
            continue
        candidates = [x for x in labels_in[i] if x not in ("indoor", "outdoor", "close-up")]
        things = rng.sample(candidates, min(2, len(candidates))) or ["the scene"]
        subject = " and ".join(f"a {x}" if x != "the scene" else x for x in things)
        if people_in[i] >= 2:
            caption = f"{_COUNT_WORDS[min(people_in[i], 4)]} people talking, with {subject} in view."
        elif people_in[i] == 1:
            caption = f"A person in front of {subject}."
        else:
            caption = f"{rng.choice(views)} {subject}."
        sections.append(
            {
                "caption": caption[0].upper() + caption[1:],
                "section": {"s_start": round(shot["ss"], 2), "s_end": round(shot["se"], 2), "shot_index": i},
            }
        )
    return {
        "version_info": {"metadata_type": "visual_captions", "metadata_format_version": "1.2.0"},
        "selected_sections": sections,
    }
