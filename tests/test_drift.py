"""Schema drift: which keys of the samples the Structs do not model (a report, not a failure)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import valossa_metadata as vm
from tests.conftest import SAMPLES
from valossa_metadata.checks.drift import unmodelled_fields


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.json")), ids=lambda p: p.name)
def test_report_unmodelled_keys(path: Path, record_property: pytest.RecordProperty) -> None:
    kind = json.loads(path.read_bytes()).get("version_info", {}).get("metadata_type", "core")
    if kind != "core":
        pytest.skip(f"a {kind} side file, not Core metadata")
    report = unmodelled_fields(vm.load(path))
    record_property("unmodelled", json.dumps(report))
    print(f"\n{path.name}: {len(report)} unmodelled paths")
    for key, count in report.items():
        print(f"  {key}: {count}")


def test_the_report_finds_new_keys_everywhere() -> None:
    doc = {
        "version_info": {"metadata_format": "1.9.0", "new_top": 1},
        "detections": {
            "1": {
                "t": "human.face",
                "a": {"gender": {"value": "male", "x": 1}, "zz": 2},
                "occs": [{"id": "1", "ss": 0, "se": 1, "q": 1}],
            },
            "2": {
                "t": "topic.iab.section",
                "occs": [{"id": "2", "ss": 0, "se": 1, "a": {"sources": [], "new": 1}}],
            },
            "3": {"t": "audio.speech_summary", "a": {"anything": 1}},
        },
        "detection_groupings": {
            "by_second": [[{"d": "1", "o": ["1"], "a": {"sen": {"val": 1, "k": 2}}, "extra": 0}]],
            "by_frequency": {"opaque": True},
        },
        "brand_new": {},
    }
    assert unmodelled_fields(vm.loads(json.dumps(doc))) == {
        "$.version_info.new_top": 1,
        "$.detections[*].a.gender.x": 1,
        "$.detections[*].a.zz": 1,
        "$.detections[*].occs[*].q": 1,
        "$.detections[*].occs[*].a.new": 1,
        "$.detection_groupings.by_second[*][*].a.sen.k": 1,
        "$.detection_groupings.by_second[*][*].extra": 1,
        "$.brand_new": 1,
    }


def test_generated_current_format_is_fully_modelled(current_md: vm.Metadata) -> None:
    # The generator writes only what the Structs model; a key here means the two drifted apart.
    assert unmodelled_fields(current_md) == {}
