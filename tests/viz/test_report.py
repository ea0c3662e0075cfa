"""The HTML report: it parses, every link resolves inside its folder, and its numbers match the tables."""

from __future__ import annotations

import os
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import polars as pl
import pysrt
import pytest

import valossa_metadata as vm
from tests.independent import occurrence_count, type_counts, union_length
from valossa_metadata import export, plot, report
from valossa_metadata.report import html as report_html
from valossa_metadata.report.summary import summary_html


class Page(HTMLParser):
    """Links, ids, tables (by id) and facts of a page."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: list[str] = []
        self.tags: set[str] = set()
        self.tables: dict[str, list[list[str]]] = {}
        self.facts: dict[str, str] = {}
        self.headings: list[str] = []
        self.starts: list[float] = []
        self.scripts: list[str] = []
        self.summaries: list[str] = []
        self.text = ""
        self._summary = False
        self._script = False
        self._table: str | None = None
        self._row: list[str] | None = None
        self._cell: str | None = None
        self._fact: str | None = None
        self._heading = False
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        found = dict(attrs)
        if found.get("data-start") is not None:
            self.starts.append(float(str(found["data-start"])))
        if tag == "script":
            self._script = True
            self.scripts.append(str(found.get("src") or ""))
        elif tag == "summary":
            self._summary = True
            self.summaries.append("")
        for key in ("href", "src"):
            if found.get(key):
                self.links.append(str(found[key]))
        if found.get("id"):
            self.ids.append(str(found["id"]))
        if tag == "table":
            self._table = found.get("id") or f"table{len(self.tables)}"
            self.tables[self._table] = []
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = ""
            self._fact = found.get("data-fact")
        elif tag == "h2":
            self._heading = True
            self.headings.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._row is not None and self._cell is not None:
            self._row.append(self._cell)
            if self._fact:
                self.facts[self._fact] = self._cell
            self._cell = None
        elif tag == "tr" and self._table is not None and self._row is not None:
            self.tables[self._table].append(self._row)
            self._row = None
        elif tag == "h2":
            self._heading = False
        elif tag == "script":
            self._script = False
        elif tag == "summary":
            self._summary = False

    def handle_data(self, data: str) -> None:
        if self._script:
            return
        if self._summary:
            self.summaries[-1] += data
        self.text += data
        if self._cell is not None:
            self._cell += data
        if self._heading:
            self.headings[-1] += data

    def body(self, table: str) -> list[list[str]]:
        return self.tables[table][1:]


def check_links(folder: Path, page: Page) -> None:
    assert len(page.ids) == len(set(page.ids)), "ids are unique"
    for link in page.links:
        assert "://" not in link, link
        assert not link.startswith("//"), link
        if link.startswith("#"):
            assert link[1:] in page.ids, link
        else:
            assert (folder / unquote(link)).is_file(), link
            assert (folder / unquote(link)).resolve().parent == folder.resolve()
    assert not page.tags & {"link", "iframe", "object"}
    assert set(page.scripts) <= {"", "plotly.min.js"}, "scripts are inline or the chart library beside"
    for name in page.links:
        if name.endswith(".csv"):
            assert pl.read_csv(folder / name, infer_schema=False).height > 0, f"{name} has rows"


@pytest.fixture(scope="module")
def current_report(current_md: vm.Metadata, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Page]:
    folder = tmp_path_factory.mktemp("current") / "report"
    index = report.write_report(current_md, folder)
    assert index == folder / "index.html"
    return folder, Page(index.read_text(encoding="utf-8"))


def test_report_links_resolve_inside_its_folder(current_report: tuple[Path, Page]) -> None:
    folder, page = current_report
    check_links(folder, page)
    written = {p.name for p in folder.iterdir()}
    linked = {link for link in page.links if not link.startswith("#")}
    assert written - linked == {"index.html"}, "every file is linked"
    for name in ("heatmap.png", "screen_time.png", "sentiment.png", "speakers.png"):
        assert (folder / name).read_bytes().startswith(b"\x89PNG")
        assert f'<a href="{name}"><img src="{name}"' in (folder / "index.html").read_text(encoding="utf-8")
    assert {f"{t}.csv" for t in report.CSV_TABLES} <= written
    assert {"transcript.srt", "transcript.vtt", "plotly.min.js"} <= written


def test_report_facts_match_the_file(
    current_md: vm.Metadata, current_json: dict[str, Any], current_report: tuple[Path, Page]
) -> None:
    _, page = current_report
    assert page.facts["duration"] == "0:04:00 (240.000 s)"
    assert page.facts["detections"] == str(len(current_json["detections"]))
    assert page.facts["occurrences"] == str(occurrence_count(current_json))
    assert page.facts["shots"] == str(len(current_json["segmentations"]["detected_shots"]))
    assert page.facts["speakers"] == str(len({w["a"]["s"]["id"] for w in words_of(current_json)}))
    assert page.facts["title"] == current_json["media_info"]["from_customer"]["title"]
    counts = {t: int(n) for t, n in page.body("types-table") + page.body("types-table-more")}
    assert counts == dict(type_counts(current_json))
    assert len(page.body("types-table")) == report_html.CAP
    assert f"{len(counts) - report_html.CAP} more types" in page.summaries


def words_of(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return [d for d in doc["detections"].values() if d["t"] == "audio.speech_detailed"]


def test_report_screen_time_is_per_type_and_label(
    current_json: dict[str, Any], current_report: tuple[Path, Page]
) -> None:
    _, page = current_report
    rows = page.body("screen-time-table")
    assert len(rows) == 15
    spans: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for d in current_json["detections"].values():
        if d["t"] not in export.BACKGROUND_TYPES and d["t"] != "human.face":
            spans.setdefault((d["t"], d["label"]), []).extend((o["ss"], o["se"]) for o in d.get("occs", []))
    expected = {key: union_length(s) for key, s in spans.items()}
    for label, kind, seconds, percent, _ in rows:
        if kind != "human.face":
            assert float(seconds) == round(expected[(kind, label)], 1), (kind, label)
            assert float(percent) == round(expected[(kind, label)] / 240 * 100, 1)
    pairs = [(r[1], r[0]) for r in rows]
    assert len(pairs) == len(set(pairs))
    both = {label for kind, label in spans if kind == "audio.context"} & {
        label for kind, label in spans if kind == "visual.context"
    }
    assert both, "the sample has a label heard and seen"
    top = sorted(expected.items(), key=lambda item: -item[1])[0][0]
    assert (top[1], top[0]) == (rows[0][0], rows[0][1])


def test_report_faces_speakers_and_topics(current_md: vm.Metadata, current_report: tuple[Path, Page]) -> None:
    _, page = current_report
    faces = page.body("faces-table")
    identities = current_md.select(types="human.face").screen_time("identity")
    assert [(r[0], float(r[2])) for r in faces] == [
        (i, round(s, 1)) for i, s in identities.select("identity", "screen_time").iter_rows()
    ]
    doubled = current_md.face_identities().group_by("identity").len().filter(pl.col("len") == 2)
    assert {r[0]: r[1] for r in faces}[doubled["identity"][0]] == "2"
    speakers = page.body("speakers-table")
    talk: dict[str, float] = {}
    for speaker, duration in current_md.speaker_turns().select("speaker", "duration").iter_rows():
        talk[speaker] = talk.get(speaker, 0.0) + duration
    assert [(r[0], float(r[1])) for r in speakers] == [
        (f"Speaker {s}", round(talk[s], 1)) for s in sorted(talk, key=lambda s: -talk[s])
    ]
    sections = page.body("iab-sections-table")
    scores = (
        current_md.topics().filter(pl.col("type") == "topic.iab.section").sort("ad_score", descending=True)
    )
    assert [(r[0], float(r[3])) for r in sections] == [
        (label, round(score, 2)) for label, score in scores.select("label", "ad_score").iter_rows()
    ]
    assert "topic.iab use IAB Content Taxonomy 1.0 ids" in page.text
    assert "topic.iab.section use IAB Content Taxonomy 2.x ids" in page.text
    assert "Opacity: confidence" in page.text


def test_report_transcript_and_its_files(
    current_md: vm.Metadata, current_report: tuple[Path, Page], tmp_path: Path
) -> None:
    folder, page = current_report
    sentences = current_md.speech().sort("start")
    text = (folder / "index.html").read_text(encoding="utf-8")
    lines = [float(s) for s in re.findall(r'<li data-start="([0-9.]+)"', text)]
    assert lines == [round(s, 3) for s in sentences["start"]]
    assert set(lines) <= set(page.starts)
    srt = pysrt.open(str(folder / "transcript.srt"))
    assert len(srt) == sentences.height
    assert [i.start.ordinal for i in srt] == [round(s * 1000) for s in sentences["start"]]
    vtt = vm.read_subtitles(folder / "transcript.vtt")
    assert vtt["end"].to_list() == [round(e, 3) for e in sentences["end"]]
    assert vtt["speaker"].to_list() == export.sentence_cues(current_md)["speaker"].to_list()
    detections = pl.read_csv(folder / "detections.csv", infer_schema=False)
    assert detections.height == current_md.detections().height
    assert "detections.csv" in page.text
    assert "Transcript" in page.headings
    assert "Watch" not in page.headings


def test_report_with_a_video_beside_its_timeline(current_md: vm.Metadata, tmp_path: Path) -> None:
    clip = tmp_path / "media" / "my clip.webm"
    clip.parent.mkdir()
    clip.write_bytes(b"not really a video")
    folder = tmp_path / "out" / "report"
    folder.parent.mkdir()
    text = report.write_report(current_md, folder, plots=False, video=clip, sentences=5).read_text("utf-8")
    page = Page(text)
    assert '<video id="video"' in text
    assert 'src="../../media/my%20clip.webm"' in text
    assert "Watch" in page.headings
    assert "Transcript" not in page.headings
    assert "The first 5 of" in page.text
    assert not (folder / "my clip.webm").exists()
    copied = report.write_report(current_md, tmp_path / "copy", plots=False, video=clip, copy_video=True)
    assert 'src="my%20clip.webm"' in copied.read_text("utf-8")
    assert (tmp_path / "copy" / "my clip.webm").read_bytes() == clip.read_bytes()
    check_links(tmp_path / "copy", Page(copied.read_text("utf-8")))
    url = report.write_report(current_md, tmp_path / "url", plots=False, video="https://example.com/v.mp4")
    assert 'src="https://example.com/v.mp4"' in url.read_text("utf-8")
    with pytest.raises(report.ReportError, match=r"video file not found: .*missing\.webm"):
        report.write_report(current_md, tmp_path / "none", video=tmp_path / "missing.webm")
    assert not (tmp_path / "none").exists()


def test_report_with_a_video_and_no_transcript(legacy_md: vm.Metadata, tmp_path: Path) -> None:
    clip = tmp_path / "clip.webm"
    clip.write_bytes(b"x")
    text = report.write_report(legacy_md, tmp_path / "r", plots=False, video=clip).read_text("utf-8")
    assert '<div class="player alone"><video' in text
    assert 'id="transcript"' not in text


def test_report_files_are_readable_by_others(current_report: tuple[Path, Page]) -> None:
    folder, _ = current_report
    mask = os.umask(0)
    os.umask(mask)
    assert all((p.stat().st_mode & 0o777) == (0o666 & ~mask) for p in folder.iterdir())


def test_report_of_a_file_without_speech_or_sentiment(legacy_md: vm.Metadata, tmp_path: Path) -> None:
    folder = tmp_path / "legacy"
    page = Page(report.write_report(legacy_md, folder, top=5).read_text(encoding="utf-8"))
    check_links(folder, page)
    for missing in ("Speakers", "Sentiment", "Transcript"):
        assert missing not in page.headings
        assert f"#{missing.lower()}" not in page.links
    assert not (folder / "transcript.srt").exists()
    assert not (folder / "sentiment.png").exists()
    assert not (folder / "words.csv").exists(), "no file without rows"
    assert (folder / "heatmap.png").exists()
    assert len(page.body("screen-time-table")) == 5
    assert "IAB sections and ad scores" not in page.text


def test_report_of_the_real_film_folds_faces_and_bins_its_timeline(
    real_md: vm.Metadata, tmp_path: Path
) -> None:
    folder = tmp_path / "film"
    text = report.write_report(real_md, folder, plots=False, sentences=0).read_text(encoding="utf-8")
    page = Page(text)
    check_links(folder, page)
    assert not list(folder.glob("*.png"))
    assert page.facts["duration"] == "1:53:36 (6816.389 s)"
    faces = page.body("faces-table")
    folded = page.body("faces-table-more")
    assert faces[0][0] == "Audrey Hepburn"
    assert len(faces) == report_html.CAP
    identities = real_md.face_identities()["identity"].n_unique()
    assert len(faces) + len(folded) == identities
    assert f"{identities - report_html.CAP} more faces" in page.summaries
    assert "Opacity: the share of each minute on screen." in page.text
    assert "Transcript" not in page.headings


def test_report_of_an_empty_file(empty_md: vm.Metadata, tmp_path: Path) -> None:
    page = Page(report.write_report(empty_md, tmp_path / "empty").read_text(encoding="utf-8"))
    check_links(tmp_path / "empty", page)
    assert page.headings == ["The video", "Files"]
    assert sorted(p.name for p in (tmp_path / "empty").iterdir()) == ["index.html"]


def test_report_escapes_text_from_the_file(untimed_md: vm.Metadata, tmp_path: Path) -> None:
    text = report.write_report(untimed_md, tmp_path / "r", plots=False).read_text(encoding="utf-8")
    assert "<script>alert" not in text
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;friends&quot;" in text
    page = Page(text)
    assert page.facts["duration"] == "unknown"
    assert page.body("screen-time-table")[0][3] == ""


def test_report_replaces_an_earlier_report(current_md: vm.Metadata, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    report.write_report(current_md, folder, plots=False)
    (folder / "stale.txt").write_text("old", encoding="utf-8")
    report.write_report(current_md, folder, plots=False)
    assert not (folder / "stale.txt").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    empty = tmp_path / "empty-folder"
    empty.mkdir()
    report.write_report(current_md, empty, plots=False)
    assert (empty / "index.html").exists()


def test_report_refuses_other_folders_and_files(current_md: vm.Metadata, tmp_path: Path) -> None:
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "thesis.tex").write_text("precious", encoding="utf-8")
    with pytest.raises(report.ReportError, match="holds other files"):
        report.write_report(current_md, tmp_path / "mine")
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    with pytest.raises(report.ReportError, match="not a folder"):
        report.write_report(current_md, tmp_path / "a-file")
    assert (tmp_path / "mine" / "thesis.tex").read_text(encoding="utf-8") == "precious"


def test_a_failure_leaves_no_half_written_report(
    current_md: vm.Metadata, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    report.write_report(current_md, tmp_path / "kept", plots=False)
    before = (tmp_path / "kept" / "index.html").read_bytes()

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("no ink")

    monkeypatch.setattr(plot, "heatmap", broken)
    with pytest.raises(RuntimeError, match="no ink"):
        report.write_report(current_md, tmp_path / "new")
    with pytest.raises(RuntimeError, match="no ink"):
        report.write_report(current_md, tmp_path / "kept")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept"]
    assert (tmp_path / "kept" / "index.html").read_bytes() == before


def test_a_failed_swap_puts_the_earlier_report_back(
    current_md: vm.Metadata, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kept = tmp_path / "kept"
    report.write_report(current_md, kept, plots=False)
    (kept / "marker").write_text("earlier", encoding="utf-8")
    real_replace = os.replace
    failed: list[Path] = []

    def flaky(source: Any, target: Any) -> None:
        if Path(target) == kept and Path(source).name.endswith(".tmp"):  # the new report moving in
            failed.append(Path(source))
            raise OSError("device busy")
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", flaky)
    with pytest.raises(OSError, match="device busy"):
        report.write_report(current_md, kept, plots=False)
    assert failed
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept"]
    assert (kept / "marker").read_text(encoding="utf-8") == "earlier"


# ---- the notebook summary -------------------------------------------------------------------------


def test_summary_html_parses_and_tells_the_facts(
    current_md: vm.Metadata, current_json: dict[str, Any]
) -> None:
    page = Page(summary_html(current_md))
    assert page.links == []
    assert current_json["media_info"]["from_customer"]["title"] in page.text
    assert "0:04:00" in page.text
    tables = list(page.tables.values())
    counts = type_counts(current_json).most_common()
    assert tables[1][1] == [counts[0][0], str(counts[0][1])]
    assert tables[1][-1] == [f"{len(counts) - 8} more types", str(sum(n for _, n in counts[8:]))]
    faces = current_md.select(types="human.face").screen_time("identity")
    name, seconds, percent = faces.row(0)
    assert tables[3][1] == [name, f"{seconds:.1f}", f"{percent:.1f}"]


def test_summary_html_escapes_and_copes_with_little(untimed_md: vm.Metadata, empty_md: vm.Metadata) -> None:
    text = summary_html(untimed_md)
    assert "<script>" not in text
    assert "&lt;script&gt;" in text
    assert "unknown" in text
    empty = Page(summary_html(empty_md))
    assert len(empty.tables) == 3  # no faces table
    assert ["none"] in list(empty.tables.values())[1]


def test_summary_html_keeps_a_label_under_two_types_apart(real_md: vm.Metadata) -> None:
    page = Page(summary_html(real_md))
    labels = list(page.tables.values())[2][1:]
    assert labels[0][:2] == ["speech", "audio.context"]
    assert ["speech", "visual.context"] in [row[:2] for row in labels]
