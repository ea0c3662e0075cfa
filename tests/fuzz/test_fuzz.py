"""Fuzz: mutated results through the whole surface must load, answer, or be refused with a ValossaError.

A few thousand inputs run here; ``benchmarks/fuzz.py`` runs 100,000 or more in worker processes.
Every input runs the loaders and the nine tables; every 4th also the queries and the exports,
every 40th the report, every 200th the command line (``tests/fuzz/surface.py`` lists the steps).
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

import valossa_metadata as vm
from tests.fuzz import surface
from tests.fuzz.corpus import seeds
from tests.fuzz.mutate import dumps, mutant

SEED = 20261130
INPUTS = 2000
MEMORY_GROWTH = 2**30  # bytes


def _depth(index: int) -> int:
    if index % 200 == 0:
        return surface.CLI
    if index % 40 == 0:
        return surface.REPORT
    return surface.QUERIES if index % 4 == 0 else surface.TABLES


@pytest.mark.parametrize(("name", "kind", "data"), seeds(), ids=[name for name, _, _ in seeds()])
def test_every_seed_is_clean(name: str, kind: str, data: bytes) -> None:
    result = surface.run(data, depth=surface.REPORT)
    assert (result.outcome, result.escapes, result.refused) == ("ok", [], [])
    loaded = vm.loads(data) if kind == "core" else vm.load_sidecar(data)
    assert loaded is not None


def test_mutants_are_reproducible_from_their_number() -> None:
    first = [mutant(SEED, i) for i in range(30)]
    assert first == [mutant(SEED, i) for i in range(30)]
    assert len({m.data for m in first}) > 25
    assert {m.kind for m in first} == {"core", "side"}


def test_raw_tokens_are_written_as_is() -> None:
    from tests.fuzz.mutate import Raw

    assert dumps({"a": [Raw("1e999"), None, "é"]}) == '{"a":[1e999,null,"\\u00e9"]}'


def test_mutated_inputs_never_escape() -> None:
    escapes: dict[str, list[str]] = defaultdict(list)
    slow: list[str] = []
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    for index in range(INPUTS):
        item = mutant(SEED, index)
        result = surface.run(item.data, depth=_depth(index))
        if result.outcome == "slow":  # a busy machine, or the input: run it again to tell
            result = surface.run(item.data, depth=_depth(index))
        for escape in result.escapes:
            escapes[escape.signature].append(f"#{index} {item.seed_name} {item.mutations} {escape.step}")
        if result.outcome == "slow":
            slow.append(f"#{index} {item.seed_name} {item.mutations}: {result.seconds:.1f} s")
    growth = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 - before
    found = [f"{sig} ({len(where)} steps), e.g. {where[0]}" for sig, where in sorted(escapes.items())]
    assert not found, "escaped:\n" + "\n".join(found)
    assert not slow, "over 5 s:\n" + "\n".join(slow)
    assert growth < MEMORY_GROWTH, f"memory grew by {growth / 2**20:.0f} MiB"


def test_claims_in_a_small_file_do_not_bound_the_work(tmp_path: Path) -> None:
    document = {
        "version_info": {"metadata_format": "1.8.1", "metadata_type": "core"},
        "detections": {
            "1": {
                "t": "audio.speech",
                "label": "Hi.",
                "a": {"sen": {"val": 0.5}},
                "occs": [{"id": "1", "ss": 0, "se": 1}],
            }
        },
        "detection_groupings": {"by_detection_type": {"audio.speech": ["1"]}},
        "media_info": {"technical": {"duration_s": 1e9}},
    }
    path = tmp_path / "claims.json"
    path.write_text(json.dumps(document))
    code = (
        "import resource, sys, valossa_metadata as vm\n"
        "cap = 2**31\n"
        "resource.setrlimit(resource.RLIMIT_AS, (cap, cap))\n"
        "try:\n"
        "    md = vm.load(sys.argv[1])\n"
        "    print(md.sentiment_timeline().height)\n"
        "except vm.ValossaError:\n"
        "    print('refused')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr[-500:]
    assert done.stdout.strip() == "refused"
    # A claim within what a video may be is answered, with work that follows the data.
    document["media_info"] = {"technical": {"duration_s": 999_999.0}}
    path.write_text(json.dumps(document))
    done = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr[-500:]
    assert int(done.stdout) == 1


def test_long_run_script_counts_outcomes(tmp_path: Path) -> None:
    script = Path(__file__).resolve().parents[2] / "benchmarks" / "fuzz.py"
    done = subprocess.run(
        [sys.executable, str(script), "--count", "6", "--workers", "2", "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.stdout.startswith("6 inputs in "), done.stdout + done.stderr
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert sum(summary["counts"].values()) == 6
    assert done.returncode == (1 if set(summary["counts"]) - {"ok", "refused"} else 0)
