"""Exports read back: tables, SRT through pysrt, WebVTT through read_subtitles, RTTM and Audacity lines."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import polars as pl
import pysrt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import valossa_metadata as vm
from tests.frames import words_frame
from valossa_metadata import export
from valossa_metadata.query.speech import join_words

# ---- tables ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", export.TABLES)
def test_every_table_by_name(current_md: vm.Metadata, name: str) -> None:
    assert export.table(current_md, name).equals(getattr(current_md, name)())


def test_table_of_a_selection_keeps_columns_and_chosen_rows(current_md: vm.Metadata) -> None:
    john = current_md.select(persons="John*")
    faces = export.table(current_md, "faces", john)
    assert faces.columns == current_md.faces().columns
    assert set(faces["name"]) == {"John Carter"}
    window = current_md.select(start=30, end=60)
    shots = export.table(current_md, "shots", window)
    assert shots.height == current_md.shots().filter((pl.col("start") < 60) & (pl.col("end") > 30)).height
    occurrences = export.table(current_md, "occurrences", window)
    assert occurrences.columns == current_md.occurrences().columns
    assert occurrences["start"].max() < 60  # type: ignore[operator]
    words = export.table(current_md, "words", current_md.select(start=10, end=20, mode="within"))
    assert words["start"].min() >= 10  # type: ignore[operator]
    assert words["end"].max() <= 20  # type: ignore[operator]
    with pytest.raises(ValueError, match="unknown table"):
        export.table(current_md, "people")


def test_csv_flattens_lists_and_structs(current_md: vm.Metadata, tmp_path: Path) -> None:
    topics = current_md.topics()
    export.write_table(topics, tmp_path / "topics.csv")
    back = pl.read_csv(tmp_path / "topics.csv", infer_schema=False)
    assert back.height == topics.height
    assert back.columns == topics.columns
    row = topics.filter(pl.col("type") == "topic.iab.section").row(0, named=True)
    written = back.filter(pl.col("detection_id") == row["detection_id"]).row(0, named=True)
    assert written["sources"] == ";".join(row["sources"])
    assert json.loads(written["sections"]) == row["sections"]


def test_parquet_keeps_nested_columns(current_md: vm.Metadata, tmp_path: Path) -> None:
    topics = current_md.topics()
    export.write_table(topics, tmp_path / "topics.parquet")
    assert pl.read_parquet(tmp_path / "topics.parquet").equals(topics)


def test_jsonl_and_stdout(
    current_md: vm.Metadata, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    faces = current_md.faces()
    export.write_table(faces, tmp_path / "faces.jsonl")
    rows = [json.loads(line) for line in (tmp_path / "faces.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["detection_id"] for r in rows] == faces["detection_id"].to_list()
    export.write_table(faces, "-", "csv")
    assert capsys.readouterr().out.count("\n") == faces.height + 1
    with pytest.raises(ValueError, match="Parquet is binary"):
        export.write_table(faces, None, "parquet")
    with pytest.raises(ValueError, match="unknown table format"):
        export.write_table(faces, tmp_path / "faces.xlsx")


# ---- cues -----------------------------------------------------------------------------------------


def test_sentence_cues_name_the_speaker_of_most_words(current_md: vm.Metadata) -> None:
    cues = export.sentence_cues(current_md)
    speech = current_md.speech().sort("start")
    assert cues.select("start", "end").equals(speech.select("start", "end"))
    # the text is the sentence, wrapped into lines of at most 42 characters
    assert cues["text"].str.replace_all("\n", " ").to_list() == speech["text"].to_list()
    words = current_md.words().filter(~pl.col("is_punctuation"))
    for start, end, speaker in cues.select("start", "end", "speaker").iter_rows():
        inside = words.filter((pl.col("start") >= start) & (pl.col("start") <= end))
        most = inside["speaker"].mode().sort()[0]
        assert speaker == f"Speaker {most}"


def test_sentence_cues_without_words_have_no_speaker(no_words_md: vm.Metadata) -> None:
    cues = export.sentence_cues(no_words_md)
    assert cues.height == no_words_md.speech().height
    assert cues["speaker"].null_count() == cues.height


def test_word_cues_follow_subtitle_rules(current_md: vm.Metadata) -> None:
    words = current_md.words()
    cues = export.word_cues(words)
    for start, end, text, _ in cues.iter_rows():
        lines = text.split("\n")
        assert len(lines) <= 2
        assert all(len(line) <= 42 for line in lines)
        assert end - start <= 7.0
        assert not re.match(r"^[,.!?;:]", text)
    spoken = words.sort("start", maintain_order=True)
    everything = join_words(spoken["word"].to_list(), spoken["is_punctuation"].to_list())
    assert " ".join(" ".join(cues["text"]).split()) == everything
    for start, end, _, speaker in cues.iter_rows():
        inside = words.filter((pl.col("start") >= start) & (pl.col("end") <= end) & ~pl.col("is_punctuation"))
        assert {f"Speaker {s}" for s in inside["speaker"]} == {speaker}


def test_word_cues_edge_cases() -> None:
    frame = words_frame(
        [
            (".", 0.0, 0.0, "1", True),  # a closing mark with nothing before it is dropped
            ("¿", 0.1, 0.1, "1", True),
            ("Qué", 0.1, 0.5, "1", False),
            ("?", 0.5, 0.5, "1", True),
            ("Supercalifragilisticexpialidocious-and-then-some-more", 0.6, 1.0, "1", False),
            ("later", 5.0, 5.2, "1", False),
            ("again", 5.3, None, "1", False),  # no end: an instant
        ]
    )
    cues = export.word_cues(frame, max_pause=2.0)
    assert cues["text"].to_list() == [
        "¿Qué?\nSupercalifragilisticexpialidocious-and-then-some-more",
        "later again",
    ]
    assert cues["end"].to_list() == [1.0, 5.3]
    split = export.word_cues(frame, max_duration=0.5)
    assert split["text"][0] == "¿Qué?"
    with pytest.raises(ValueError, match="positive"):
        export.word_cues(frame, max_chars=0)
    assert export.word_cues(frame.clear()).height == 0


def test_cues_by_source_and_window(current_md: vm.Metadata) -> None:
    window = current_md.select(start=60, end=120)
    sentences = export.cues(current_md, "sentences", selection=window)
    assert sentences["start"].min() < 120  # type: ignore[operator]
    assert sentences["end"].min() > 60  # type: ignore[operator]
    labels = export.cues(current_md, "labels", selection=current_md.select(types="human.face"), snap=1.0)
    assert labels["start"].to_list() == [float(int(s)) for s in labels["start"]]
    assert export.cues(current_md, "labels").height > 0
    with pytest.raises(ValueError, match="unknown cue source"):
        export.cues(current_md, "frames")  # type: ignore[arg-type]


def read_srt(text: str) -> list[tuple[int, int, str]]:
    return [(item.start.ordinal, item.end.ordinal, item.text) for item in pysrt.from_string(text)]


def ms(seconds: float) -> int:
    return max(0, round(seconds * 1000))


@pytest.mark.parametrize("source", export.CUE_SOURCES)
def test_srt_reads_back_with_the_same_cues(current_md: vm.Metadata, source: Any) -> None:
    cues = export.cues(current_md, source)
    items = read_srt(export.srt(cues))
    assert [(a, b) for a, b, _ in items] == [
        (ms(s), ms(e)) for s, e in cues.select("start", "end").iter_rows()
    ]
    previous = None
    for (_, _, text), (cue_text, speaker) in zip(items, cues.select("text", "speaker").iter_rows()):
        named = speaker is not None and speaker != previous
        assert text == (f"{speaker}: {cue_text}" if named else cue_text)
        previous = speaker


@pytest.mark.parametrize("source", export.CUE_SOURCES)
def test_vtt_reads_back_with_the_same_cues(current_md: vm.Metadata, source: Any, tmp_path: Path) -> None:
    cues = export.cues(current_md, source)
    (tmp_path / "cues.vtt").write_text(export.vtt(cues), encoding="utf-8")
    back = vm.read_subtitles(tmp_path / "cues.vtt")
    assert [(ms(s), ms(e)) for s, e in back.select("start", "end").iter_rows()] == [
        (ms(s), ms(e)) for s, e in cues.select("start", "end").iter_rows()
    ]
    # read_subtitles leaves WebVTT's character references as they are; the text itself is the same
    assert [html.unescape(t) for t in back["text"]] == cues["text"].to_list()
    assert back["speaker"].to_list() == cues["speaker"].to_list()


cue_text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp")),
    min_size=1,
    max_size=30,
).filter(lambda t: t.strip() != "" and t.strip().isdigit() is False and "-->" not in t)


@given(
    st.lists(
        st.tuples(
            st.floats(min_value=0, max_value=360_000, allow_nan=False),
            st.floats(min_value=0, max_value=600, allow_nan=False),
            cue_text,
        ),
        min_size=1,
        max_size=12,
    )
)
@settings(max_examples=60, deadline=None)
def test_cue_times_survive_srt_to_the_millisecond(cues: list[tuple[float, float, str]]) -> None:
    frame = pl.DataFrame(
        [(s, s + d, " ".join(t.split()), None) for s, d, t in cues],
        schema={"start": pl.Float64, "end": pl.Float64, "text": pl.String, "speaker": pl.String},
        orient="row",
    )
    items = read_srt(export.srt(frame))
    assert [(a, b) for a, b, _ in items] == [
        (ms(s), ms(e)) for s, e in frame.select("start", "end").iter_rows()
    ]
    assert [t for _, _, t in items] == frame["text"].to_list()


# ---- RTTM and Audacity ----------------------------------------------------------------------------

RTTM_LINE = re.compile(r"^SPEAKER (\S+) 1 (\d+\.\d{3}) (\d+\.\d{3}) <NA> <NA> (\S+) <NA> <NA>$")


def test_rttm_lines_are_the_speaker_turns(current_md: vm.Metadata) -> None:
    lines = export.rttm(current_md).splitlines()
    turns = current_md.speaker_turns()
    assert len(lines) == turns.height
    for line, (speaker, start, end) in zip(lines, turns.select("speaker", "start", "end").iter_rows()):
        match = RTTM_LINE.match(line)
        assert match is not None, line
        assert match.group(1) == current_md.job_id
        assert float(match.group(2)) == round(start, 3)
        assert round(float(match.group(2)) + float(match.group(3)), 3) == round(end, 3)
        assert match.group(4) == f"speaker_{speaker}"
    assert export.rttm(current_md, file="my clip").split()[1] == "my_clip"
    assert export.rttm(current_md, max_pause=0.0).count("\n") > len(lines)


def test_file_id_falls_back_to_the_file_name() -> None:
    def fake(job: str | None, source: str) -> Any:
        return SimpleNamespace(job_id=job, source=source)

    assert export.file_id(fake(None, "/data/my clip.json.gz")) == "my_clip"
    assert export.file_id(fake(None, "<bytes>")) == "bytes"
    assert export.file_id(fake(None, "<>")) == "video"
    assert export.file_id(fake(" a b ", "x.json")) == "a_b"


def test_rttm_without_speaker_ids() -> None:
    md = SimpleNamespace(
        job_id="j",
        source="j.json",
        speaker_turns=lambda max_pause: pl.DataFrame(
            {"speaker": [None], "start": [1.0], "end": [2.5]}, schema_overrides={"speaker": pl.String}
        ),
    )
    assert export.rttm(md) == "SPEAKER j 1 1.000 1.500 <NA> <NA> unknown <NA> <NA>\n"  # type: ignore[arg-type]


def test_audacity_labels_for_a_selection(current_md: vm.Metadata) -> None:
    faces = current_md.select(types="human.face")
    text = export.audacity(export.occurrence_labels(faces))
    lines = text.splitlines()
    occurrences = faces.occurrences().sort("start", "end")
    assert len(lines) == occurrences.height
    for line, (start, end, name) in zip(lines, occurrences.select("start", "end", "identity").iter_rows()):
        assert line == f"{start:.6f}\t{end:.6f}\t{name}"
    sentences = export.audacity(export.sentence_cues(current_md)).splitlines()
    assert sentences[0].split("\t")[2].startswith("Speaker 31: According")
    assert (
        export.audacity(pl.DataFrame({"start": [0.0], "end": [1.0], "text": ["a\tb"]}))
        == "0.000000\t1.000000\ta b\n"
    )


def test_srt_lines_stay_within_42_characters_with_speaker_names(current_md: vm.Metadata) -> None:
    for source in ("sentences", "words"):
        text = export.srt(export.cues(current_md, source))
        assert max(len(line) for line in text.splitlines()) <= 42
        assert "Speaker " in text
    long = pl.DataFrame(
        {
            "word": ["Supercalifragilisticexpialidocious-and-more-words", "ok"],
            "start": [0.0, 1.0],
            "end": [0.9, 1.2],
            "speaker": ["1", "1"],
            "is_punctuation": [False, False],
        }
    )
    assert export.word_cues(long)["text"][0].split("\n")[0].startswith("Supercalifragilistic")
