"""Query commands and metadata-reader's mode names, including every metadata-reader bug we do not have."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pysrt
import pytest

from tests.conftest import CURRENT, LEGACY_110, REAL_131
from valossa_metadata.cli.app import main

REAL, NEW, OLD = str(REAL_131), str(CURRENT), str(LEGACY_110)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_summary_merges_faces_and_gives_percent(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "summary", REAL, "-f", "csv")
    assert status == 0
    table = rows(out)
    assert {r["type"] for r in table} == {"human.face", "visual.context"}
    hepburn = next(r for r in table if r["name"] == "Audrey Hepburn")
    assert float(hepburn["percent"]) == pytest.approx(16.55, abs=0.01)


def test_summary_free_format_does_not_crash(capsys: pytest.CaptureFixture[str]) -> None:
    # metadata-reader bug 1: summary -f free raised RuntimeError
    status, out, _ = run(capsys, "summary", REAL, "--output-format", "free", "-n", "2")
    assert status == 0
    assert "Audrey Hepburn" in out


def test_summary_emotion_counts_seconds(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "summary", NEW, "-t", "human.face", "--emotion", "-f", "json")
    assert status == 0
    table = json.loads(out)
    assert any(isinstance(r.get("joy"), int) for r in table)


def test_list_categories_with_type_works(capsys: pytest.CaptureFixture[str]) -> None:
    # metadata-reader bug 2: list-categories -t TYPE raised AttributeError
    status, out, _ = run(
        capsys, "list-categories", NEW, "-t", "visual.context", "-f", "csv", "--n-most-longest", "3"
    )
    assert status == 0
    table = rows(out)
    assert len(table) == 3
    assert {r["type"] for r in table} == {"visual.context"}


def test_list_occurrences_on_files_without_shot_indexes(capsys: pytest.CaptureFixture[str]) -> None:
    # metadata-reader bug 3: KeyError 'shs' on pre-1.4 files
    status, out, _ = run(capsys, "list-occurrences", REAL, "-f", "csv", "-t", "audio.context")
    assert status == 0
    assert all(r["shot_start"] for r in rows(out))


def test_list_detections_top_n_keeps_every_type(capsys: pytest.CaptureFixture[str]) -> None:
    # metadata-reader bug 4: -n stopped the whole listing when the first type reached N
    status, out, _ = run(capsys, "list-detections", REAL, "-n", "2", "-f", "csv")
    assert status == 0
    counts: dict[str, int] = {}
    for row in rows(out):
        counts[row["type"]] = counts.get(row["type"], 0) + 1
    assert len(counts) == 12
    assert max(counts.values()) == 2


def test_metadata_info_on_1_1_0(capsys: pytest.CaptureFixture[str]) -> None:
    # metadata-reader bug 5: metadata-info crashed on from_customer lists
    status, out, _ = run(capsys, "metadata-info", OLD, "-f", "json")
    assert status == 0
    assert json.loads(out)["format"] == "1.1.0"


def test_category_wildcards(capsys: pytest.CaptureFixture[str]) -> None:
    # metadata-reader bug 8: wildcards promised in help but not implemented
    _, out, _ = run(capsys, "detections", NEW, "-c", "*_basic", "-f", "jsonl")
    tags = [json.loads(line)["category_tags"] for line in out.splitlines()]
    assert tags
    assert all("human_basic" in t for t in tags)


def test_type_globs_in_aliases_and_multi_value(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(
        capsys, "list-detections", NEW, "--detection-types", "audio.keyword.*", "human.face", "-f", "csv"
    )
    assert {r["type"] for r in rows(out)} == {
        "audio.keyword.compliance",
        "audio.keyword.novelty_word",
        "audio.keyword.name.person",
        "audio.keyword.name.location",
        "audio.keyword.name.organization",
        "human.face",
    }


def test_min_confidence_drops_faces_as_documented(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(
        capsys, "occurrences", REAL, "-t", "human.face,visual.context", "--min-confidence", "0.9", "-f", "csv"
    )
    table = rows(out)
    assert {r["type"] for r in table} == {"visual.context"}
    assert min(float(r["confidence"]) for r in table) >= 0.9


def test_blacklist_is_opt_in(capsys: pytest.CaptureFixture[str]) -> None:
    # metadata-reader bug 11: its blacklist hid 'style' and 'lights_effects' silently
    _, everything, _ = run(capsys, "detections", NEW, "-t", "visual.context", "-f", "csv")
    _, filtered, _ = run(
        capsys, "detections", NEW, "-t", "visual.context", "--metadata-reader-blacklist", "-f", "csv"
    )
    assert len(rows(filtered)) <= len(rows(everything))
    assert not any("style" in r["category_tags"].split(";") for r in rows(filtered))


def test_docs_spellings_type_and_format_srt(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    # metadata-reader bug 13: the docs' --type and --format were unrecognized
    target = tmp_path / "keywords.srt"
    status, _, err = run(
        capsys,
        "list-detections",
        NEW,
        "--type",
        "audio.keyword.*",
        "--format",
        "srt",
        "--output-file",
        str(target),
    )
    assert status == 0, err
    cues = pysrt.open(str(target))
    assert len(cues) > 0
    assert all(c.end > c.start for c in cues)


def test_seconds_short_sentiment_and_srt(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    _, out, _ = run(
        capsys,
        "list-detections-by-second",
        NEW,
        "--short",
        "--start-second",
        "10",
        "--length-seconds",
        "2",
        "-f",
        "json",
    )
    table = json.loads(out)
    assert [r["second"] for r in table] == [10, 11]
    assert table[0]["timestamp"] == "0:00:10"
    _, out, _ = run(capsys, "seconds", NEW, "--sentiment", "--end", "3", "-f", "csv")
    assert rows(out)[0].keys() >= {"second", "timestamp", "speech_valence", "face_valence", "voice_valence"}
    target = tmp_path / "s.srt"
    run(capsys, "seconds", NEW, "-t", "visual.context", "-f", "srt", "-o", str(target), "--end", "20")
    cues = pysrt.open(str(target))
    assert all(c.start.ordinal % 1000 == 0 for c in cues)


def test_extra_headers(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(
        capsys,
        "list-occurrences",
        NEW,
        "-t",
        "human.face,audio.speech,visual.text_region.*",
        "--extra-header",
        "gender",
        "--extra-header",
        "valence",
        "--extra-header",
        "text",
        "--extra-header",
        "similar_to",
        "-f",
        "csv",
    )
    table = rows(out)
    assert any(r["gender"] for r in table)
    assert any(r["valence"] for r in table)
    assert any(r["text"] for r in table)
    _, out, _ = run(capsys, "occurrences", NEW, "-t", "audio.speech", "--sort-by", "valence", "-f", "csv")
    values = [float(r["valence"]) for r in rows(out) if r["valence"]]
    assert values == sorted(values, reverse=True)


def test_sorting(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(
        capsys, "detections", REAL, "-t", "visual.context", "--sort-by", "screen_time", "-f", "csv"
    )
    times = [float(r["screen_time"]) for r in rows(out)]
    assert times == sorted(times, reverse=True)
    _, out, _ = run(capsys, "list-detections", REAL, "--sort-by", "detection_id", "-f", "csv")
    ids = [int(r["detection_id"]) for r in rows(out)]
    assert ids == sorted(ids)
    _, out, _ = run(capsys, "detections", REAL, "-t", "audio.context", "--sort-by", "label", "-f", "csv")
    labels = [r["label"] for r in rows(out)]
    assert labels == sorted(labels)
    _, out, _ = run(capsys, "occurrences", REAL, "-t", "audio.context", "--sort-by", "duration", "-f", "csv")
    durations = [float(r["duration"]) for r in rows(out)]
    assert durations == sorted(durations, reverse=True)


def test_at_faces_speakers(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "at", REAL, "0:33:20", "-f", "csv")
    assert status == 0
    assert all(float(r["start"]) <= 2000 < float(r["end"]) for r in rows(out))
    _, out, _ = run(capsys, "faces", REAL, "--skip-unknown-faces", "-f", "csv")
    assert rows(out)[0]["identity"] == "Audrey Hepburn"
    _, out, _ = run(capsys, "faces", REAL, "--groups", "-f", "json")
    assert json.loads(out)[0]["members"]
    _, out, _ = run(capsys, "speakers", NEW, "--summary", "-f", "csv")
    assert sum(int(r["turns"]) for r in rows(out)) > 3
    _, out, _ = run(capsys, "speakers", NEW, "--start", "0", "--end", "30", "-f", "csv")
    assert all(float(r["start"]) < 30 for r in rows(out))


def test_identity_and_label_filters(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "list-occurrences", REAL, "--similar-to", "*Grant", "-f", "csv")
    assert {r["identity"] for r in rows(out)} == {"Cary Grant"}
    _, out, _ = run(capsys, "detections", REAL, "-l", "lady*", "--label-mode", "glob", "-f", "csv")
    assert {r["label"] for r in rows(out)} == {"lady"}
    _, out, _ = run(
        capsys, "list-detections", REAL, "--detection-external-concept-id", "gkg", "/m/01dv4h", "-f", "csv"
    )
    assert [r["label"] for r in rows(out)] == ["portrait"]
    _, out, _ = run(capsys, "detections", REAL, "-i", "XhxbArFizcnI", "--gkg", "/m/01dv4h", "-f", "csv")
    assert [r["label"] for r in rows(out)] == ["portrait"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["detections", REAL, "-l", "(", "--label-mode", "regex"], "bad regular expression"),
        (["occurrences", REAL, "--start", "10", "--end", "5"], "ends"),
        (["occurrences", REAL, "--min-confidence", "2"], "between 0 and 1"),
        (["list-detections", REAL, "--detection-external-concept-id", "wikidata", "Q1"], "only 'gkg'"),
        (["speakers", NEW, "--max-pause", "-1"], "--max-pause"),
    ],
)
def test_bad_options_are_one_line(capsys: pytest.CaptureFixture[str], argv: list[str], message: str) -> None:
    status, _, err = run(capsys, *argv)
    assert status == 1
    assert err.count("\n") == 1
    assert message in err


def test_bad_time_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["at", REAL, "soon"])
    assert caught.value.code == 2
    assert "not a time" in capsys.readouterr().err
