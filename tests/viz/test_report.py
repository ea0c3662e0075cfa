"""The HTML report: it parses, every link resolves inside its folder, and its numbers match the tables."""

from __future__ import annotations

import os
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import polars as pl
import pysrt
import pytest

import valossa_metadata as vm
from valossa_metadata import export, plot, report
from valossa_metadata.query.filters import screen_time
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
        self.text = ""
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

    def handle_data(self, data: str) -> None:
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
            assert (folder / link).is_file(), link
            assert (folder / link).resolve().parent == folder.resolve()
    assert not page.tags & {"script", "link", "iframe", "object"}


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
    for name in ("timeline.png", "heatmap.png", "screen_time.png", "sentiment.png", "speakers.png"):
        assert (folder / name).read_bytes().startswith(b"\x89PNG")
    assert {f"{t}.csv" for t in report.CSV_TABLES} <= written
    assert {"transcript.srt", "transcript.vtt"} <= written


def test_report_facts_match_the_file(current_md: vm.Metadata, current_report: tuple[Path, Page]) -> None:
    _, page = current_report
    assert page.facts["duration"] == "0:04:00 (240.000 s)"
    assert page.facts["detections"] == str(len(current_md.core.detections))
    assert page.facts["occurrences"] == str(current_md.occurrences().height)
    assert page.facts["shots"] == str(current_md.shots().height)
    assert page.facts["speakers"] == "3"
    assert page.facts["title"] == "A weekend in Marseille"
    counts = {t: int(n) for t, n in page.body("table1")}
    assert counts == current_md.detection_counts()


def test_report_screen_time_matches_the_tables(
    current_md: vm.Metadata, current_report: tuple[Path, Page]
) -> None:
    _, page = current_report
    rows = page.body("screen-time-table")
    expected = screen_time(
        plot.resolve(current_md).occurrences().with_columns(name=pl.coalesce("identity", "label")),
        "name",
        duration=240.0,
    ).head(15)
    assert [r[0] for r in rows] == expected["name"].to_list()
    assert [float(r[2]) for r in rows] == [round(v, 1) for v in expected["screen_time"]]
    assert [float(r[3]) for r in rows] == [round(v, 1) for v in expected["percent"]]
    assert rows[0][:3] == ["speech", "audio.context", "186.7"]


def test_report_faces_speakers_and_topics(current_md: vm.Metadata, current_report: tuple[Path, Page]) -> None:
    _, page = current_report
    faces = page.body("faces-table")
    identities = current_md.select(types="human.face").screen_time("identity")
    assert [(r[0], float(r[2])) for r in faces] == [
        (i, round(s, 1)) for i, s in identities.select("identity", "screen_time").iter_rows()
    ]
    assert faces[0][1] == "2"  # John Carter: two face detections
    speakers = page.body("speakers-table")
    turns = current_md.speaker_turns()
    assert {r[0]: float(r[1]) for r in speakers} == {
        f"Speaker {s}": round(t, 1)
        for s, t in turns.group_by("speaker").agg(pl.col("duration").sum()).iter_rows()
    }
    sections = page.body("iab-sections-table")
    scores = (
        current_md.topics().filter(pl.col("type") == "topic.iab.section").sort("ad_score", descending=True)
    )
    assert [(r[0], float(r[3])) for r in sections] == [
        (label, round(score, 2)) for label, score in scores.select("label", "ad_score").iter_rows()
    ]


def test_report_transcript_and_its_files(
    current_md: vm.Metadata, current_report: tuple[Path, Page], tmp_path: Path
) -> None:
    folder, page = current_report
    excerpt = page.body("transcript-table")
    sentences = current_md.speech().sort("start")
    assert len(excerpt) == 12
    assert excerpt[0] == ["0:00:01", "Speaker 31", sentences["text"][0]]
    srt = pysrt.open(str(folder / "transcript.srt"))
    assert len(srt) == sentences.height
    assert [i.start.ordinal for i in srt] == [round(s * 1000) for s in sentences["start"]]
    vtt = vm.read_subtitles(folder / "transcript.vtt")
    assert vtt["end"].to_list() == [round(e, 3) for e in sentences["end"]]
    assert vtt["speaker"].to_list() == export.sentence_cues(current_md)["speaker"].to_list()
    detections = pl.read_csv(folder / "detections.csv", infer_schema=False)
    assert detections.height == current_md.detections().height
    assert "detections.csv" in page.text


def test_report_files_are_readable_by_others(current_report: tuple[Path, Page]) -> None:
    folder, _ = current_report
    mask = os.umask(0)
    os.umask(mask)
    assert all((p.stat().st_mode & 0o777) == (0o666 & ~mask) for p in folder.iterdir())


def test_report_of_a_file_without_speech_or_sentiment(legacy_md: vm.Metadata, tmp_path: Path) -> None:
    folder = tmp_path / "legacy"
    page = Page(report.write_report(legacy_md, folder, top=5).read_text(encoding="utf-8"))
    check_links(folder, page)
    assert "Speakers" in page.headings
    assert "No speaker turns (no words with speakers) in this file." in page.text
    assert "No sentiment data in this file." in page.text
    assert "No transcript in this file." in page.text
    assert not (folder / "transcript.srt").exists()
    assert not (folder / "sentiment.png").exists()
    assert (folder / "timeline.png").exists()
    assert len(page.body("screen-time-table")) == 5
    assert "No IAB sections with ad scores in this file." in page.text


def test_report_without_plots_of_the_real_film(real_md: vm.Metadata, tmp_path: Path) -> None:
    folder = tmp_path / "film"
    page = Page(report.write_report(real_md, folder, plots=False, sentences=0).read_text(encoding="utf-8"))
    check_links(folder, page)
    assert not list(folder.glob("*.png"))
    assert page.facts["duration"] == "1:53:36 (6816.389 s)"
    assert page.body("faces-table")[0][0] == "Audrey Hepburn"
    assert "No transcript in this file." in page.text


def test_report_of_an_empty_file(empty_md: vm.Metadata, tmp_path: Path) -> None:
    page = Page(report.write_report(empty_md, tmp_path / "empty").read_text(encoding="utf-8"))
    check_links(tmp_path / "empty", page)
    for what in ("faces", "topics", "transcript"):
        assert f"No {what} in this file." in page.text


def test_report_escapes_text_from_the_file(untimed_md: vm.Metadata, tmp_path: Path) -> None:
    text = report.write_report(untimed_md, tmp_path / "r", plots=False).read_text(encoding="utf-8")
    assert "<script>" not in text
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


def test_summary_html_parses_and_tells_the_facts(current_md: vm.Metadata) -> None:
    page = Page(summary_html(current_md))
    assert page.links == []
    assert "A weekend in Marseille" in page.text
    assert "0:04:00" in page.text
    tables = list(page.tables.values())
    assert tables[1][1] == ["audio.speech_detailed", "473"]
    counts = list(current_md.detection_counts().values())
    assert tables[1][-1] == [f"{len(counts) - 8} more types", str(sum(counts[8:]))]
    assert tables[2][1][:3] == ["speech", "audio.context", "186.7"]
    assert tables[3][1] == ["John Carter", "82.5", "34.4"]


def test_summary_html_escapes_and_copes_with_little(untimed_md: vm.Metadata, empty_md: vm.Metadata) -> None:
    text = summary_html(untimed_md)
    assert "<script>" not in text
    assert "&lt;script&gt;" in text
    assert "unknown" in text
    empty = Page(summary_html(empty_md))
    assert len(empty.tables) == 3  # no faces table
    assert ["none"] in list(empty.tables.values())[1]
