"""Visual detections of the current format: visual.context, logos, text regions and colors."""

from __future__ import annotations

import math
import random
from typing import Any

from valossa_metadata.testing.synthetic.document import _AttrFn, _Doc
from valossa_metadata.testing.synthetic.helpers import _cid, _intervals, _mid, _r3
from valossa_metadata.testing.synthetic.shots import _Shots
from valossa_metadata.testing.synthetic.vocabulary import (
    _BRANDS,
    _PERSONS,
    _TEXT_COMPLIANCE,
    _TEXT_FULL,
    _TEXT_MIDDLE,
    _TEXT_ROLES,
    _TEXT_UPPER,
    _VISUAL,
)


def _add_visual_context(doc: _Doc, scale: float) -> None:
    rng = doc.rng
    n = min(len(_VISUAL), max(5, round(rng.randint(30, 60) * math.sqrt(scale))))
    concepts = sorted(_VISUAL, key=lambda concept: -concept[2])[:n]  # the story's main concepts first
    weights = [weight * rng.uniform(0.7, 1.3) for _, _, weight in concepts]
    total = rng.uniform(6.0, 10.0)  # mean number of visual.context labels per second
    for (label, tags, _), w in zip(concepts, weights, strict=True):
        coverage = min(0.85, total * w / sum(weights))
        det: dict[str, Any] = {"t": "visual.context", "label": label, "cid": _cid(label)}
        det["ext_refs"] = {"gkg": {"id": _mid(label)}}
        if tags:
            det["categ"] = {"tags": list(tags)}
        spans = _intervals(rng, 0.0, doc.end, coverage, rng.uniform(2.0, 9.0), min_dur=1.0)
        det["occs"] = [doc.conf_occ(ss, se) for ss, se in spans]
        doc.add(det)


def _add_logos(doc: _Doc, scale: float) -> None:
    rng = doc.rng
    n = min(len(_BRANDS), max(1, round(3 * math.sqrt(scale))))
    for brand in rng.sample(_BRANDS, n):
        spans = _intervals(rng, 0.0, doc.end, rng.uniform(0.02, 0.08), 3.0, min_dur=0.8)
        occs = [doc.conf_occ(ss, se, med=False) for ss, se in spans]
        doc.add({"t": "visual.object.localized", "label": brand, "cid": _cid("logo:" + brand), "occs": occs})


def _add_text_regions(doc: _Doc, scale: float) -> None:
    rng = doc.rng
    lower = [f"{name.upper()} | {rng.choice(_TEXT_ROLES)}" for name, _ in _PERSONS]
    kinds = [
        ("full_frame_analysis", _TEXT_FULL, 2),
        ("lower_third", lower, 3),
        ("middle_third", _TEXT_MIDDLE, 1),
        ("upper_third", _TEXT_UPPER, 2),
    ]
    for kind, texts, base in kinds:
        n = min(len(texts), max(1, round(base * math.sqrt(scale))))
        for text in rng.sample(texts, n):
            spans = _intervals(rng, 0.0, doc.end, rng.uniform(0.005, 0.02), 4.0, min_dur=1.5, max_dur=8.0)
            doc.add(
                {
                    "t": "visual.text_region." + kind,
                    "label": text,
                    "a": {"text": {"as_one_string": text}},
                    "occs": [{"ss": ss, "se": se} for ss, se in spans],
                }
            )
    n = min(len(_TEXT_COMPLIANCE), max(1, round(1.5 * math.sqrt(scale))))
    for word in rng.sample(_TEXT_COMPLIANCE, n):
        spans = _intervals(rng, 0.0, doc.end, 0.01, 3.0, min_dur=1.0, max_dur=6.0)
        occs = [
            {"ss": ss, "se": se, "fs": round(ss * doc.fps), "fe": round(se * doc.fps)} for ss, se in spans
        ]
        doc.add({"t": "visual.text_region.keyword.compliance", "label": word, "occs": occs})


def _random_color(rng: random.Random) -> str:
    return f"{rng.randrange(256):02x}{rng.randrange(256):02x}{rng.randrange(256):02x}"


def _color_attr_fn(rng: random.Random, shots: _Shots) -> _AttrFn:
    palettes = [[_random_color(rng) for _ in range(3)] for _ in range(len(shots))]

    def add(det: dict[str, Any], second: int, item: dict[str, Any]) -> None:
        palette = palettes[shots.at(second + 0.5)]
        fractions = sorted(
            [rng.uniform(0.3, 0.6), rng.uniform(0.1, 0.3), rng.uniform(0.03, 0.12)], reverse=True
        )
        n = 3 if rng.random() < 0.85 else 2
        item["a"] = {
            "colors": [{"rgb": rgb, "f": _r3(f)} for rgb, f in zip(palette[:n], fractions[:n], strict=True)]
        }

    return add
