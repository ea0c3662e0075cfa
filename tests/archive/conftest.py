"""A small archive: synthetic results of several seeds, the real samples, side files and broken files."""

from __future__ import annotations

import gzip
import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from tests.conftest import LEGACY_110, REAL_131
from valossa_metadata.archive import convert, convert_result
from valossa_metadata.testing import synthetic


def dump(doc: Any) -> bytes:
    return json.dumps(doc, separators=(",", ":")).encode()


def synthetic_doc(seed: int, duration: float = 30.0) -> dict[str, Any]:
    return synthetic.core_metadata(duration, seed=seed, faces=4)


@dataclass(frozen=True)
class Corpus:
    root: Path
    good: dict[str, str]  # absolute source path -> job_id
    broken: list[str]  # absolute source paths
    side: list[str]  # absolute paths of side files (skipped, not failed)

    @property
    def all_sources(self) -> list[str]:
        return sorted([*self.good, *self.broken, *self.side])


def build_corpus(root: Path) -> Corpus:
    """Write the archive under ``root``; good files are converted, broken ones fail, side files skip."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "2024" / "05").mkdir(parents=True)
    files: dict[str, bytes] = {
        "a.json": dump(synthetic_doc(1)),
        "2024/b.json.gz": gzip.compress(dump(synthetic_doc(2, 45.0))),
        "2024/05/c.json": dump(synthetic_doc(3)),
        "real/metareader.json": REAL_131.read_bytes(),
        "real/legacy.json": LEGACY_110.read_bytes(),
    }
    no_id = synthetic_doc(4)
    del no_id["job_info"]["job_id"]
    files["no_job_id.json"] = dump(no_id)

    side = synthetic.seconds_objects(synthetic_doc(1), seed=1)
    files["a.seconds_objects.json"] = dump(side)

    deep = synthetic_doc(5)
    first = next(d for d in deep["detections"].values() if d.get("occs"))
    first["occs"][0]["ss"] = "6.4"
    lazy = synthetic_doc(6)
    lazy["detection_groupings"]["by_second"][2][0]["d"] = 5
    broken = {
        "broken/empty.json": b"",
        "broken/truncated.json": dump(synthetic_doc(7))[:5000],
        "broken/not_json.json": b"this is not JSON\n",
        "broken/wrong_type_deep.json": dump(deep),
        "broken/wrong_type_by_second.json": dump(lazy),
    }
    files.update(broken)
    (root / "notes.txt").write_text("not a result", encoding="utf-8")
    (root / ".hidden.json").write_bytes(b"{}")
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    good_names = ["a.json", "2024/b.json.gz", "2024/05/c.json", "real/metareader.json", "real/legacy.json"]
    good_names.append("no_job_id.json")
    good = {}
    for name in good_names:
        source = str(root / name)
        good[source] = convert_result((root / name).read_bytes(), source).job_id
    return Corpus(
        root=root,
        good=good,
        broken=sorted(str(root / n) for n in broken),
        side=[str(root / "a.seconds_objects.json")],
    )


def expected_tables(corpus: Corpus) -> dict[str, dict[str, pl.DataFrame]]:
    """job_id -> table -> the in-memory table of that result (with job_id and source)."""
    return {
        job_id: convert_result(Path(source).read_bytes(), source).tables
        for source, job_id in corpus.good.items()
    }


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    return build_corpus(tmp_path_factory.mktemp("archive") / "results")


@pytest.fixture(scope="session")
def expected(corpus: Corpus) -> dict[str, dict[str, pl.DataFrame]]:
    return expected_tables(corpus)


@pytest.fixture(scope="session")
def dataset_1(corpus: Corpus, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus converted in-process (read only: copy it before changing anything)."""
    out = tmp_path_factory.mktemp("dataset_1") / "out"
    convert(corpus.root, out, workers=1, progress=False)
    return out


@pytest.fixture
def own_corpus(tmp_path: Path) -> Corpus:
    """A corpus of the test's own, to change files in."""
    return build_corpus(tmp_path / "results")


def copy_tree(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    return target
