"""Topic detections of the current format: topic.iab, topic.iab.section, topic.general, topic.genre."""

from __future__ import annotations

import math
from typing import Any

from valossa_metadata.testing.synthetic.dialogue import _Sentence
from valossa_metadata.testing.synthetic.document import _Doc
from valossa_metadata.testing.synthetic.helpers import _r3
from valossa_metadata.testing.synthetic.vocabulary import (
    _GENRES,
    _IAB_SCD,
    _IAB_SECTIONS,
    _IAB_TOPICS,
    _TOPICS_GENERAL,
)


def _add_topics(doc: _Doc, sentences: list[_Sentence]) -> None:
    rng = doc.rng
    topics = [*rng.sample(_IAB_TOPICS, rng.randint(2, 4)), _IAB_SCD]
    for label, hierarchy, iab_id, scd in topics:
        iab: dict[str, Any] = {"labels_hierarchy": list(hierarchy), "id": iab_id}
        if scd:
            iab["is_scd_category"] = True
        doc.add({"t": "topic.iab", "label": label, "ext_refs": {"iab": iab}})
    if sentences:
        start, stop = math.ceil(sentences[0].ss), math.floor(sentences[-1].se)
        sections: dict[str, dict[str, Any]] = {}
        t = start
        while stop - t >= 5:
            length = min(stop - t, rng.randint(20, 60))
            label, hierarchy, iab_id = rng.choice(_IAB_SECTIONS)
            score = _r3(rng.uniform(0.1, 0.95))
            ad = {
                "sources": ["speech"],
                "ad_score": {"max": score, "s_max": float(rng.randint(t, t + length))},
            }
            det = sections.get(label)
            if det is None:
                det = sections[label] = {
                    "t": "topic.iab.section",
                    "label": label,
                    "occs": [],
                    "ext_refs": {"iab": {"labels_hierarchy": list(hierarchy), "id": iab_id}},
                }
            det["occs"].append({"ss": t, "se": t + length, "c": score, "a": ad})
            t += length
        for det in sections.values():
            best = max(det["occs"], key=lambda o: o["c"])
            det["a"] = {"sources": ["speech"], "ad_score": dict(best["a"]["ad_score"])}
            doc.add(det)
    for label in rng.sample(_TOPICS_GENERAL, rng.randint(2, 3)):
        doc.add({"t": "topic.general", "label": label})
    for label in rng.sample(_GENRES, rng.randint(1, 2)):
        doc.add({"t": "topic.genre", "label": label})
