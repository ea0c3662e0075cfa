"""Shared fixtures: the bundled sample results and their plain-JSON twins for independent checks."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

import valossa_metadata as vm

# These machines are shared: time limits per example would make property tests flaky, not stricter.
settings.register_profile("project", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("project")

SAMPLES = Path(__file__).resolve().parent.parent / "sample_results"
REAL_131 = SAMPLES / "metareader_metadata_example_2017_v1.json"
CURRENT = SAMPLES / "current_format_example.json"
LEGACY_110 = SAMPLES / "legacy_1_1_0_example.json"


@pytest.fixture(autouse=True)
def _temporary_files_in_the_test_folder(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``tempfile`` makes its files under pytest's folders (cleaned up after a few runs), not in /tmp:
    the docstring examples use ``tempfile.mkdtemp()``, and every run left a few dozen folders behind."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path_factory.mktemp("tempfile")))


@pytest.fixture(scope="session")
def real_md() -> vm.Metadata:
    return vm.load(REAL_131)


@pytest.fixture(scope="session")
def real_json() -> dict[str, Any]:
    return json.loads(REAL_131.read_bytes())


@pytest.fixture(scope="session")
def current_md() -> vm.Metadata:
    return vm.load(CURRENT)


@pytest.fixture(scope="session")
def current_json() -> dict[str, Any]:
    return json.loads(CURRENT.read_bytes())


@pytest.fixture(scope="session")
def legacy_md() -> vm.Metadata:
    return vm.load(LEGACY_110)


@pytest.fixture(scope="session")
def legacy_json() -> dict[str, Any]:
    return json.loads(LEGACY_110.read_bytes())
