"""Query commands and selections over a converted dataset: the same answers as file by file."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import polars as pl
import pytest

import valossa_metadata as vm
from tests.conftest import CURRENT, LEGACY_110, REAL_131
from valossa_metadata.archive.view import Archive, is_dataset
from valossa_metadata.cli.app import main

FILES = (REAL_131, CURRENT, LEGACY_110)


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dataset")
    summary = vm.convert([str(p) for p in FILES], out, workers=1, progress=False)
    assert summary.ok
    return out


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_tables_hold_every_job(dataset: Path) -> None:
    archive = Archive(dataset)
    loaded = [vm.load(p) for p in FILES]
    for name in ("detections", "occurrences", "seconds", "faces", "words"):
        assert getattr(archive, name)().height == sum(getattr(md, name)().height for md in loaded)
    assert archive.summary()["jobs"] == 3
    assert "Archive" in repr(archive)
    assert archive.lazy("shots").collect().height == sum(md.shots().height for md in loaded)


def test_screen_time_is_summed_per_video(dataset: Path) -> None:
    archive = Archive(dataset)
    got = archive.screen_time("label", types="visual.context")
    expected: dict[str, float] = {}
    for path in FILES:
        for label, seconds in (
            vm.load(path).screen_time("label", types="visual.context").select("label", "screen_time").rows()
        ):
            expected[label] = expected.get(label, 0.0) + seconds
    assert dict(got.select("label", "screen_time").rows()) == pytest.approx(expected)
    assert "percent" not in got.columns


def test_identities_are_per_video(dataset: Path) -> None:
    faces = Archive(dataset).select(types="human.face").occurrences()
    unknown = faces.filter(pl.col("identity").str.starts_with("unknown"))["identity"]
    assert unknown.str.contains(" of ").all()
    per_job = faces.group_by("identity").agg(pl.col("job_id").n_unique())
    assert per_job.filter(pl.col("identity").str.starts_with("unknown"))["job_id"].max() == 1


def test_restrict_uses_job_and_id(dataset: Path) -> None:
    archive = Archive(dataset)
    one = archive.detections().filter(pl.col("detection_id") == "1")
    assert one.height == 3  # id "1" exists in each of the three files
    first = one.head(1)
    from valossa_metadata.query.filters import restrict

    rows = restrict(archive.occurrences(), first)
    assert rows["job_id"].n_unique() == 1
    assert set(rows["detection_id"]) == {"1"}


def test_commands_on_a_dataset(dataset: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "info", str(dataset), "-f", "json")
    assert status == 0
    assert json.loads(out)["jobs"] == 3
    _, out, _ = run(capsys, "summary", str(dataset), "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert next(r for r in rows if r["name"] == "Audrey Hepburn")["screen_time"].startswith("1128.3")
    _, out, _ = run(capsys, "faces", str(dataset), "--skip-unknown-faces", "-f", "csv")
    assert next(iter(csv.DictReader(io.StringIO(out))))["identity"] == "Audrey Hepburn"
    _, out, _ = run(capsys, "at", str(dataset), "246", "-t", "human.face", "-f", "csv")
    assert out.splitlines()[0].startswith("job_id,source,")
    assert len(out.splitlines()) > 1
    _, out, _ = run(
        capsys, "list-detections", str(dataset), "-t", "human.face", "--extra-header", "gender", "-f", "csv"
    )
    assert all(r["gender"] for r in csv.DictReader(io.StringIO(out)))
    status, out, _ = run(capsys, "categories", str(dataset), "-n", "2", "-f", "json")
    assert status == 0
    assert len(json.loads(out)) == 2
    status, out, _ = run(capsys, "seconds", str(dataset), "-t", "audio.context", "--end", "2", "-f", "csv")
    assert status == 0
    assert out.startswith("job_id,source,second")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["speakers"], "this command takes one result file"),
        (["seconds", "--sentiment"], "--sentiment needs one result file"),
        (["occurrences", "-f", "srt"], "SRT output needs one result file"),
        (["faces", "--groups"], "--groups needs one result file"),
        (["summary", "--emotion"], "--emotion needs one result file"),
        (["plot", "--kind", "timeline"], "this command takes one result file"),
    ],
)
def test_one_result_commands_say_so(
    dataset: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    command, *rest = argv
    status, _, err = run(capsys, command, str(dataset), *rest)
    assert status == 1
    assert err.count("\n") == 1
    assert message in err


def test_not_a_dataset(tmp_path: Path) -> None:
    assert not is_dataset(tmp_path)
    with pytest.raises(vm.ArchiveError, match="not a dataset"):
        Archive(tmp_path)


def test_overlap_is_within_each_video(dataset: Path) -> None:
    archive = Archive(dataset)
    faces = archive.select(types="human.face", skip_unknown_faces=True)
    concepts = archive.select(types="visual.context")
    pairs = faces.overlap(concepts, by="identity")
    expected: dict[tuple[str, str], float] = {}
    for path in FILES:
        md = vm.load(path)
        one = md.select(types="human.face", skip_unknown_faces=True).overlap(
            md.select(types="visual.context"), by="identity"
        )
        for identity, label, seconds in one.rows():
            expected[identity, label] = expected.get((identity, label), 0.0) + seconds
    got = {(i, lab): s for i, lab, s in pairs.rows()}
    assert got == pytest.approx(expected)
