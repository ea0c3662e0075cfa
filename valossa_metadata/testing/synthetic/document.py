"""The detection list shared by the current-format and the legacy builder (ids, by_second, export)."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from valossa_metadata.testing.synthetic.helpers import _canonical, _conf_series, _second_span
from valossa_metadata.testing.synthetic.shots import _Shots

#: Types whose by_second items carry a per-second confidence "c".
_CONFIDENCE_TYPES = frozenset({"visual.context", "visual.object.localized", "audio.context"})

#: Adds per-second attributes ``a`` to a by_second item: ``(detection, second, item) -> None``.
_AttrFn = Callable[[dict[str, Any], int, dict[str, Any]], None]

_DET_KEYS = ["t", "label", "cid", "c", "ext_refs", "categ", "a", "occs"]

_OCC_KEYS = ["id", "ss", "se", "fs", "fe", "sdur", "c_max", "c_med", "c", "shs", "she", "a"]


@dataclass
class _Doc:
    rng: random.Random
    end: float
    n_seconds: int
    fps: float
    shots: _Shots
    dets: list[dict[str, Any]] = field(default_factory=list)

    def add(self, det: dict[str, Any]) -> dict[str, Any]:
        self.dets.append(det)
        return det

    def conf_occ(self, ss: float, se: float, *, med: bool = True, key: str = "c_max") -> dict[str, Any]:
        s0, s1 = _second_span(ss, se, self.n_seconds)
        c_max, c_med, series = _conf_series(self.rng, s1 - s0 + 1)
        occ: dict[str, Any] = {"ss": ss, "se": se, key: c_max, "_sc": series}
        if med:
            occ["c_med"] = c_med
        return occ

    def finalize(self, *, shs: bool) -> None:
        """Assign detection and occurrence ids (and shs/she); resolve face group members to ids."""
        occ_id = 1
        for i, det in enumerate(self.dets, start=1):
            det["_id"] = str(i)
            if "occs" in det:
                occs = []
                for occ in det["occs"]:
                    occ["id"] = str(occ_id)
                    occ_id += 1
                    if shs:
                        occ["shs"], occ["she"] = self.shots.span(occ["ss"], occ["se"])
                    occs.append(_canonical(occ, _OCC_KEYS))
                    occ["_clean"] = occs[-1]
        for det in self.dets:
            if det["t"] == "human.face_group":
                det["a"]["face_det_ids"] = [face["_id"] for face in det["a"]["face_det_ids"]]

    def by_second(self, attrs: dict[str, _AttrFn]) -> list[list[dict[str, Any]]]:
        """by_second items for every occurrence-bearing detection (mapping rule of reference §2.9).

        ``attrs`` maps a detection type to a function ``(det, second, item) -> None`` adding ``a``.
        """
        seconds: list[list[dict[str, Any]]] = [[] for _ in range(self.n_seconds)]
        for det in self.dets:
            if "occs" not in det:
                continue
            confident = det["t"] in _CONFIDENCE_TYPES or det["t"].startswith("explicit_content.")
            items: dict[int, dict[str, Any]] = {}
            for occ in det["occs"]:
                s0, s1 = _second_span(occ["ss"], occ["se"], self.n_seconds)
                series = occ.get("_sc")
                for k, s in enumerate(range(s0, s1 + 1)):
                    item = items.get(s)
                    if item is None:
                        item = items[s] = {"d": det["_id"], "o": [occ["id"]]}
                        if confident and series is not None:
                            item["c"] = series[k]
                    else:
                        item["o"].append(occ["id"])
                        if "c" in item and series is not None:
                            item["c"] = max(item["c"], series[k])
            add_attr = attrs.get(det["t"])
            for s in sorted(items):
                if add_attr is not None:
                    add_attr(det, s, items[s])
                seconds[s].append(items[s])
        return seconds

    def export(self) -> dict[str, dict[str, Any]]:
        """Detections keyed by id, private keys stripped, in a shuffled (realistic) key order."""
        out: dict[str, dict[str, Any]] = {}
        for det in self.dets:
            clean = _canonical(det, _DET_KEYS)
            if "occs" in det:
                clean["occs"] = [occ["_clean"] for occ in det["occs"]]
            out[det["_id"]] = clean
        keys = list(out)
        self.rng.shuffle(keys)
        return {k: out[k] for k in keys}
