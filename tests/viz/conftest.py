"""Fixtures for the plots, exports and report: the Agg backend, variants of the current sample."""

from __future__ import annotations

import copy
import json
import sys
from collections.abc import Iterator
from typing import Any

import matplotlib
import pytest

import valossa_metadata as vm
from valossa_metadata.testing import minimal_core_metadata

matplotlib.use("Agg")


@pytest.fixture(autouse=True)
def _close_pyplot_figures() -> Iterator[None]:
    yield
    if "matplotlib.pyplot" in sys.modules:
        import matplotlib.pyplot as plt

        plt.close("all")


def without_types(document: dict[str, Any], prefix: str) -> vm.Metadata:
    """The document with every detection whose type starts with ``prefix`` removed."""
    doc = copy.deepcopy(document)
    gone = {i for i, d in doc["detections"].items() if d["t"].startswith(prefix)}
    doc["detections"] = {i: d for i, d in doc["detections"].items() if i not in gone}
    groupings = doc["detection_groupings"]
    groupings["by_detection_type"] = {
        t: ids for t, ids in groupings["by_detection_type"].items() if not t.startswith(prefix)
    }
    groupings["by_second"] = [[item for item in s if item["d"] not in gone] for s in groupings["by_second"]]
    return vm.loads(json.dumps(doc))


@pytest.fixture(scope="session")
def no_words_md(current_json: dict[str, Any]) -> vm.Metadata:
    """The current sample without words: sentences but no speakers."""
    return without_types(current_json, "audio.speech_detailed")


@pytest.fixture(scope="session")
def empty_md() -> vm.Metadata:
    """A valid document without any detection (one second long)."""
    return vm.loads(minimal_core_metadata("empty-job"))


@pytest.fixture(scope="session")
def untimed_md(current_json: dict[str, Any]) -> vm.Metadata:
    """The current sample without a duration, and with a title that needs escaping."""
    doc = copy.deepcopy(current_json)
    del doc["media_info"]["technical"]["duration_s"]
    doc["media_info"]["from_customer"]["title"] = "<script>alert('x')</script> & \"friends\""
    return vm.loads(json.dumps(doc))
