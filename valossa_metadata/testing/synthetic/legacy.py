"""The 1.1.0-style (2017 beta) Core metadata document (:func:`legacy_110_metadata`)."""

from __future__ import annotations

import math
import random
from typing import Any

from valossa_metadata.testing.synthetic.dialogue import _group_keywords, _speech_timeline
from valossa_metadata.testing.synthetic.document import _Doc
from valossa_metadata.testing.synthetic.faces import _co_occurrences, _face_occ_span, _faces_per_shot
from valossa_metadata.testing.synthetic.groupings import _by_detection_type
from valossa_metadata.testing.synthetic.helpers import _intervals, _mid, _r3, _uuid
from valossa_metadata.testing.synthetic.shots import _Shots
from valossa_metadata.testing.synthetic.vocabulary import _FIRST_NAMES, _IAB_TOPICS, _PERSONS, _VISUAL

_LEGACY_ORDER = [
    "visual.context",
    "human.face",
    "human.face_group",
    "audio.keyword.name.general",
    "transcript.keyword.novelty_word",
    "transcript.keyword.name.person",
    "transcript.keyword.name.location",
    "transcript.keyword.name.organization",
    "transcript.keyword.name.general",
    "external.keyword.novelty_word",
    "external.keyword.name.person",
    "external.keyword.name.general",
    "topic.iab.visual",
    "topic.iab.transcript",
]


def legacy_110_metadata(*, seed: int = 0, duration_s: float = 128.03) -> dict[str, Any]:
    """A 1.1.0-style (2017 beta) Core document, built from the reference's notes on that format.

    No ``version_info.metadata_type``; ``from_customer`` is an empty list plus
    ``from_external_services``; occurrences use ``c`` (not ``c_max``) and carry no ``shs``/``she``;
    ``ext_refs.freebase``; no ``cid`` or ``categ`` (both newer); faces have ``a.age_years`` and
    ``similar_to: [{"c", "name"}]`` only, face occurrences ``a.prevalent_crop_type``;
    ``external.keyword.*`` (``a.src = "descr"``, no occs), ``transcript.keyword.*``,
    ``audio.keyword.name.general``, ``topic.iab.visual``/``topic.iab.transcript``; groupings
    ``overview_by_detection_type`` (first 15 ids per type), ``by_second`` and ``by_detection_type``.
    Inferred: faces carry ``gender`` but no ``s_visible``; by_second items of faces carry no ``a``.

    Examples:
        >>> doc = legacy_110_metadata(seed=2)
        >>> doc["version_info"], doc["media_info"]["from_customer"]
        ({'metadata_format': '1.1.0', 'backend': '2.0.4'}, [])
        >>> len(doc["detection_groupings"]["by_second"])
        129
    """
    if not duration_s > 0 or not math.isfinite(duration_s):
        raise ValueError(f"duration_s must be a positive number, got {duration_s!r}")
    rng = random.Random(seed)
    fps = 29.97
    end = math.floor(duration_s * 1000) / 1000
    shots = _Shots(rng, end, fps)
    doc = _Doc(rng, end, math.ceil(duration_s), fps, shots)
    job_id = _uuid(rng)
    sentences = _speech_timeline(rng, end, ["1", "2"])

    for label, _, _ in rng.sample(_VISUAL, rng.randint(25, 40)):
        vc = _intervals(rng, 0.0, end, rng.random() ** 3 * 0.5 + 0.01, rng.uniform(2.0, 8.0), min_dur=1.0)
        doc.add(
            {
                "t": "visual.context",
                "label": label,
                "ext_refs": {"freebase": {"id": _mid(label, "freebase")}},
                "occs": [doc.conf_occ(ss, se, med=False, key="c") for ss, se in vc],
            }
        )
    n_faces = 5
    per_shot = _faces_per_shot(rng, shots, n_faces)
    spans: list[dict[int, tuple[float, float]]] = [{} for _ in range(n_faces)]
    for i, visible in enumerate(per_shot):
        for f in visible:
            spans[f][i] = _face_occ_span(rng, shots, i)
    face_dets: list[dict[str, Any]] = []
    for f in range(n_faces):
        crops = ["default", "midshot"]
        occs = [
            {"ss": ss, "se": se, "a": {"prevalent_crop_type": rng.choice(crops)}}
            for ss, se in spans[f].values()
        ]
        name, gender = _PERSONS[f]
        lower = rng.randint(18, 40)
        a: dict[str, Any] = {
            "gender": {"c": _r3(rng.uniform(0.6, 0.99)), "value": gender},
            "age_years": {"lower_bound": lower, "c": _r3(rng.uniform(0.5, 0.9)), "upper_bound": lower + 19},
        }
        if f < 2:
            a["similar_to"] = [{"c": _r3(rng.uniform(0.7, 0.99)), "name": name}]
        face_dets.append(doc.add({"t": "human.face", "label": "face", "a": a, "occs": occs}))
    for members, group_spans in _co_occurrences(per_shot, spans).items():
        doc.add(
            {
                "t": "human.face_group",
                "label": "face group",
                "a": {"face_det_ids": [face_dets[f] for f in members]},
                "occs": [{"ss": ss, "se": se} for ss, se in group_spans],
            }
        )
    slot_types = {
        "N": "transcript.keyword.novelty_word",
        "P": "transcript.keyword.name.person",
        "L": "transcript.keyword.name.location",
        "O": "transcript.keyword.name.organization",
        "F": "transcript.keyword.name.general",
    }
    keywords = _group_keywords(sentences, slot_types)
    names_general = [k for k in keywords if k[0] == "transcript.keyword.name.general"]
    for _, label, kw_spans in names_general[:2]:
        doc.add(
            {
                "t": "audio.keyword.name.general",
                "label": label,
                "occs": [{"ss": a, "se": b} for a, b in kw_spans],
            }
        )
    for t in _LEGACY_ORDER:
        for kt, label, kw_spans in keywords:
            if kt == t:
                doc.add({"t": t, "label": label, "occs": [{"ss": a, "se": b} for a, b in kw_spans]})
    external = [
        ("external.keyword.novelty_word", "road trip"),
        ("external.keyword.novelty_word", "lighthouse"),
        ("external.keyword.name.person", _PERSONS[0][0]),
        ("external.keyword.name.general", _FIRST_NAMES[0]),
    ]
    for t, label in external:
        doc.add({"t": t, "label": label, "a": {"src": "descr"}})
    for t, topics in (("topic.iab.visual", _IAB_TOPICS[:4]), ("topic.iab.transcript", _IAB_TOPICS[4:7])):
        for label, hierarchy, iab_id, _ in topics:
            doc.add(
                {"t": t, "label": label, "ext_refs": {"iab": {"labels_hierarchy": hierarchy, "id": iab_id}}}
            )

    doc.finalize(shs=False)
    by_second = doc.by_second({})
    by_type = _by_detection_type(doc.dets, _LEGACY_ORDER)
    video_id = "".join(
        rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-") for _ in range(11)
    )
    return {
        "version_info": {"metadata_format": "1.1.0", "backend": "2.0.4"},
        "job_info": {
            "request": {"media": {"video": {"url": f"https://www.youtube.com/watch?v={video_id}"}}},
            "job_id": job_id,
        },
        "detections": doc.export(),
        "segmentations": {"detected_shots": shots.entries},
        "detection_groupings": {
            "overview_by_detection_type": {t: ids[:15] for t, ids in by_type.items()},
            "by_second": by_second,
            "by_detection_type": by_type,
        },
        "media_info": {
            "technical": {"duration_s": duration_s, "fps": fps},
            "from_customer": [],
            "from_external_services": [
                {
                    "description": "Our road trip along the coast: a lighthouse, old friends, coffee.",
                    "service": "youtube",
                    "title": "Road trip vlog, day 3",
                }
            ],
        },
    }
