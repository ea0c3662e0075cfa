"""A self-contained HTML report of one result: ``index.html`` with its pictures, tables and subtitles.

The page needs nothing outside its folder (inline CSS, no scripts, no web fonts); it shows the video's
facts, screen time, timeline, heatmap, sentiment and speakers, faces, topics with IAB ad scores and the
start of the transcript, and links the PNGs, the CSVs of the main tables and the transcript as SRT and
WebVTT beside it. Sections a file has no data for say so. The report is built in a temporary folder
and moved into place, so a failure leaves no half-written report.
"""

from __future__ import annotations

import os
import secrets
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from valossa_metadata import plot
from valossa_metadata._render import render, write_text
from valossa_metadata._version import __version__
from valossa_metadata.errors import ValossaError
from valossa_metadata.plot import hms
from valossa_metadata.query.selection import table
from valossa_metadata.query.speech import speaker_name
from valossa_metadata.subtitles import sentence_cues, to_srt, to_vtt, word_cues

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from valossa_metadata.metadata import Metadata

__all__ = ["CSV_TABLES", "ReportError", "write_report"]

#: The tables written beside the page as CSV.
CSV_TABLES = ("detections", "occurrences", "faces", "speech", "words", "topics")


class ReportError(ValossaError):
    """The report cannot be written where asked (the target is a file, or a folder holding other things).

    Examples:
        >>> str(ReportError("no"))
        'no'
    """


def write_report(
    md: Metadata,
    folder: str | Path,
    *,
    plots: bool = True,
    top: int = 15,
    sentences: int = 12,
    dpi: float = 110,
) -> Path:
    """Write the report of ``md`` into ``folder`` (created, or replaced if it holds an earlier report).

    ``plots=False`` leaves the pictures out (much faster on long videos); ``top`` is the number of
    labels in the screen-time chart and table, ``sentences`` the length of the transcript excerpt.
    Returns the path of ``index.html``.

    Examples:
        >>> import tempfile, pathlib
        >>> import valossa_metadata as vm
        >>> md = vm.load("sample_results/legacy_1_1_0_example.json")
        >>> write_report(md, pathlib.Path(tempfile.mkdtemp()) / "report", plots=False).name
        'index.html'
    """
    target = Path(folder)
    _check_target(target)
    if not target.parent.is_dir():
        raise ReportError(f"cannot write {target}: there is no folder {target.parent}")
    work = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
    work.mkdir(0o777)  # the umask applies, as to the files written into it
    try:
        page = _Page(md, work, top=top, sentences=sentences, dpi=dpi)
        page.build(plots=plots)
        (work / "index.html").write_text(page.html(), encoding="utf-8")
        _publish(work, target)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return target / "index.html"


def _check_target(target: Path) -> None:
    if target.exists() and not target.is_dir():
        raise ReportError(f"{target} exists and is not a folder")
    if target.is_dir() and any(target.iterdir()) and not (target / "index.html").is_file():
        raise ReportError(f"{target} holds other files and no earlier report; choose an empty or new folder")


def _publish(work: Path, target: Path) -> None:
    """Move the finished folder into place; an earlier report is swapped out, then removed."""
    if not target.exists():
        os.replace(work, target)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=target.parent))
    os.replace(target, old / "report")
    try:
        os.replace(work, target)
    except BaseException:
        os.replace(old / "report", target)
        raise
    finally:
        shutil.rmtree(old, ignore_errors=True)


@dataclass
class _Page:
    """The report being built: sections of HTML and the files written beside them."""

    md: Metadata
    folder: Path
    top: int
    sentences: int
    dpi: float
    sections: list[str] = field(default_factory=list)
    files: list[tuple[str, str]] = field(default_factory=list)  # (file name, what it holds)
    navigation: list[tuple[str, str]] = field(default_factory=list)  # (anchor, title)

    def build(self, *, plots: bool) -> None:
        md = self.md
        turns = md.speaker_turns()
        has_sentiment = bool(plot.sentiment_series(md))
        self.sections.append(self._facts(turns))
        self.sections.append(self._types())
        self.sections.append(self._screen_time(plots))
        if plots:
            self.sections.append(
                self._figure(
                    "timeline.png",
                    "Timeline",
                    lambda: plot.timeline(md, shots=True, speech=True),
                    "The 20 labels longest on screen; faces by identity; thin lines are shot cuts.",
                )
            )
            self.sections.append(
                self._figure(
                    "heatmap.png",
                    "Heatmap",
                    lambda: plot.heatmap(md),
                    "Best confidence per time bin of the 30 labels present in the most seconds.",
                )
            )
        self.sections.append(self._faces())
        self.sections.append(self._speakers(turns, plots))
        self.sections.append(self._sentiment(has_sentiment, plots))
        self.sections.append(self._topics())
        self.sections.append(self._transcript())
        self._tables()
        self.sections.append(self._downloads())

    # ---- sections -------------------------------------------------------------------------------

    def _section(self, anchor: str, title: str, body: str) -> str:
        self.navigation.append((anchor, title.split(":")[0]))
        return f'<section id="{escape(anchor)}"><h2>{escape(title)}</h2>{body}</section>'

    def _facts(self, turns: pl.DataFrame) -> str:
        md = self.md
        facts: list[tuple[str, str]] = [
            ("title", md.title or ""),
            ("description", md.description or ""),
            ("file", Path(md.source).name),
            ("job id", md.job_id or ""),
            ("format", md.format_version or "unknown"),
            ("backend", md.backend or ""),
            (
                "duration",
                f"{hms(md.duration)} ({md.duration:.3f} s)" if md.duration is not None else "unknown",
            ),
            ("frames per second", f"{md.fps:g}" if md.fps else ""),
            ("language", md.language or ""),
            ("video URL", md.video_url or ""),
            ("detections", str(len(md.core.detections))),
            ("occurrences", str(md.occurrences().height)),
            ("shots", str(md.shots().height)),
            ("face detections", str(md.faces().height)),
            ("transcript sentences", str(md.speech().height)),
            ("words", str(md.words().filter(~pl.col("is_punctuation")).height)),
            ("speakers", str(turns["speaker"].n_unique())),
        ]
        rows = "".join(
            f'<tr><th>{escape(k)}</th><td data-fact="{escape(k)}">{escape(v)}</td></tr>'
            for k, v in facts
            if v
        )
        return self._section("facts", "The video", f'<table class="facts">{rows}</table>')

    def _types(self) -> str:
        counts = self.md.detection_counts()
        rows = [(t, str(n)) for t, n in counts.items()]
        return self._section(
            "types", "Detections per type", _table(["type", "detections"], rows, numeric={1})
        )

    def _screen_time(self, plots: bool) -> str:
        md = self.md
        occurrences = plot.resolve(md).occurrences().with_columns(name=pl.coalesce("identity", "label"))
        from valossa_metadata.query.filters import screen_time

        totals = screen_time(occurrences, "name", duration=md.duration).head(self.top)
        kinds = dict(occurrences.group_by("name").agg(pl.col("type").mode().sort().first()).iter_rows())
        rows = [
            (str(name), kinds.get(name, ""), f"{seconds:.1f}", _percent(percent))
            for name, seconds, percent in _timed(totals)
        ]
        body = ""
        if plots:
            body += self._image(
                "screen_time.png", "Screen time", lambda: plot.screen_time_chart(md, top=self.top)
            )
        body += _table(
            ["label", "type", "seconds", "% of video"], rows, numeric={2, 3}, table_id="screen-time-table"
        )
        note = "<p>Union of the occurrences (overlaps counted once); faces by identity.</p>"
        return self._section("screen-time", f"Screen time: top {len(rows)}", note + body)

    def _figure(self, name: str, title: str, draw: Callable[[], Axes], caption: str) -> str:
        body = f"<p>{escape(caption)}</p>" + self._image(name, title, draw)
        return self._section(name.removesuffix(".png"), title, body)

    def _image(self, name: str, title: str, draw: Callable[[], Axes]) -> str:
        ax = draw()
        try:
            plot.save(ax, self.folder / name, dpi=self.dpi)
        finally:
            plot.close(ax)
        self.files.append((name, f"{title} (PNG)"))
        return f'<figure><img src="{escape(name)}" alt="{escape(title)}"></figure>'

    def _faces(self) -> str:
        md = self.md
        if not md.ids_of_type("human.face"):
            return self._section("faces", "Faces", _none("faces"))
        chosen = md.select(types="human.face")
        times = chosen.screen_time("identity")
        if times.height == 0:
            return self._section("faces", "Faces", _none("faces"))
        people = (
            md.face_identities()
            .group_by("identity")
            .agg(
                detections=pl.len(),
                gender=pl.col("gender").drop_nulls().mode().sort().first(),
                confidence=pl.col("identity_confidence").max(),
            )
        )
        merged = times.join(people, on="identity", how="left", maintain_order="left")
        rows = [
            (
                str(row["identity"]),
                str(row["detections"]),
                f"{row['screen_time']:.1f}",
                _percent(row.get("percent")),
                row["gender"] or "",
                "" if row["confidence"] is None else f"{row['confidence']:.2f}",
            )
            for row in merged.iter_rows(named=True)
        ]
        header = ["identity", "detections", "seconds", "% of video", "gender", "identity confidence"]
        note = "<p>Face detections merged by gallery identity; unknown faces are named by gender and id.</p>"
        return self._section(
            "faces", "Faces", note + _table(header, rows, numeric={1, 2, 3, 5}, table_id="faces-table")
        )

    def _speakers(self, turns: pl.DataFrame, plots: bool) -> str:
        if turns.height == 0:
            return self._section("speakers", "Speakers", _none("speaker turns (no words with speakers)"))
        duration = self.md.duration
        summary = (
            turns.group_by("speaker", maintain_order=True)
            .agg(talk=pl.col("duration").sum(), turns=pl.len(), words=pl.col("words").sum())
            .sort("talk", descending=True, maintain_order=True)
        )
        rows = [
            (
                speaker_name(speaker) or "unknown speaker",
                f"{talk:.1f}",
                _percent(talk / duration * 100 if duration else None),
                str(n_turns),
                str(n_words),
            )
            for speaker, talk, n_turns, n_words in summary.iter_rows()
        ]
        body = ""
        if plots:
            body += self._image("speakers.png", "Speakers", lambda: plot.speakers(self.md))
        body += _table(
            ["speaker", "talk seconds", "% of video", "turns", "words"],
            rows,
            numeric={1, 2, 3, 4},
            table_id="speakers-table",
        )
        return self._section("speakers", "Speakers", body)

    def _sentiment(self, has_sentiment: bool, plots: bool) -> str:
        if not has_sentiment:
            return self._section("sentiment", "Sentiment", _none("sentiment data"))
        timeline = self.md.sentiment_timeline()
        means = [
            (label, f"{_float(timeline[column].mean()):.2f}", str(timeline[column].count()))
            for column, label in (
                ("speech_valence", "speech valence"),
                ("face_valence", "face valence"),
                ("voice_valence", "voice valence"),
                ("voice_arousal", "voice arousal"),
            )
            if timeline[column].count()
        ]
        body = ""
        if plots:
            body += self._image("sentiment.png", "Sentiment", lambda: plot.sentiment(self.md, smooth=5))
        body += _table(["series", "mean", "seconds with a value"], means, numeric={1, 2})
        return self._section("sentiment", "Sentiment", body)

    def _topics(self) -> str:
        topics = self.md.topics()
        if topics.height == 0:
            return self._section("topics", "Topics", _none("topics"))
        plain = topics.filter(pl.col("type") != "topic.iab.section")
        sections = topics.filter(pl.col("type") == "topic.iab.section").sort(
            "ad_score", descending=True, nulls_last=True, maintain_order=True
        )
        body = ""
        if plain.height:
            rows = [
                (t, label, iab or "", " > ".join(path or []))
                for t, label, iab, path in plain.select(
                    "type", "label", "iab_id", "labels_hierarchy"
                ).iter_rows()
            ]
            body += _table(["type", "label", "IAB id", "IAB path"], rows)
        if sections.height:
            scored = [
                (
                    label,
                    iab or "",
                    ", ".join(sources or []),
                    "" if score is None else f"{score:.2f}",
                    "" if at is None else hms(at),
                    "; ".join(f"{hms(s['start'])}–{hms(s['end'])}" for s in spans or []),
                )
                for label, iab, sources, score, at, spans in sections.select(
                    "label", "iab_id", "sources", "ad_score", "ad_score_at", "sections"
                ).iter_rows()
            ]
            body += "<h3>IAB sections and ad scores</h3>"
            body += "<p>Ad score: 0 to 1, higher is more suitable for an ad; best at the time given.</p>"
            header = ["section", "IAB id", "from", "ad score", "best at", "time sections"]
            body += _table(header, scored, numeric={3}, table_id="iab-sections-table")
        else:
            body += "<p>No IAB sections with ad scores in this file.</p>"
        return self._section("topics", "Topics", body)

    def _transcript(self) -> str:
        cues = sentence_cues(self.md) if self.md.speech().height else word_cues(self.md.words())
        if cues.height == 0:
            return self._section("transcript", "Transcript", _none("transcript"))
        export_text = {"transcript.srt": to_srt(cues), "transcript.vtt": to_vtt(cues)}
        for name, text in export_text.items():
            (self.folder / name).write_text(text, encoding="utf-8", newline="")
        self.files.append(("transcript.srt", f"transcript, SRT ({cues.height} cues)"))
        self.files.append(("transcript.vtt", f"transcript, WebVTT ({cues.height} cues)"))
        rows = [
            (hms(start), speaker or "", " ".join(text.split()))
            for start, speaker, text in cues.head(self.sentences)
            .select("start", "speaker", "text")
            .iter_rows()
        ]
        more = cues.height - len(rows)
        body = _table(["at", "speaker", "text"], rows, table_id="transcript-table")
        links = '<a href="transcript.srt">SRT</a> or <a href="transcript.vtt">WebVTT</a>'
        body += f"<p>{'The first ' + str(len(rows)) + ' of ' + str(cues.height) if more else 'All'} cues; "
        body += f"the whole transcript as {links}.</p>"
        return self._section("transcript", "Transcript", body)

    def _tables(self) -> None:
        for name in CSV_TABLES:
            frame = table(self.md, name)
            write_text(render(frame, "csv"), self.folder / f"{name}.csv")
            self.files.append((f"{name}.csv", f"{name}() table, CSV ({frame.height} rows)"))

    def _downloads(self) -> str:
        items = "".join(
            f'<li><a href="{escape(name)}">{escape(name)}</a>: {escape(what)}</li>'
            for name, what in self.files
        )
        return self._section("files", "Files", f"<ul>{items}</ul>")

    def html(self) -> str:
        md = self.md
        title = md.title or Path(md.source).name
        return _PAGE.format(
            title=escape(title),
            css=_CSS,
            subtitle=escape(f"{Path(md.source).name} · format {md.format_version or '?'}"),
            sections="\n".join(self.sections),
            navigation="".join(f'<a href="#{escape(a)}">{escape(t)}</a>' for a, t in self.navigation),
            version=escape(__version__),
        )


def _timed(frame: pl.DataFrame) -> list[tuple[Any, float, float | None]]:
    percents = frame["percent"].to_list() if "percent" in frame.columns else [None] * frame.height
    return list(zip(frame[frame.columns[0]].to_list(), frame["screen_time"].to_list(), percents))


def _float(value: Any) -> float:
    return float(value)


def _percent(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def _none(what: str) -> str:
    return f'<p class="none">No {escape(what)} in this file.</p>'


def _table(
    header: list[str], rows: Sequence[Sequence[str]], *, numeric: set[int] | None = None, table_id: str = ""
) -> str:
    right = numeric or set()
    head = "".join(f"<th{' class=num' if i in right else ''}>{escape(h)}</th>" for i, h in enumerate(header))
    body = "".join(
        "<tr>"
        + "".join(f"<td{' class=num' if i in right else ''}>{escape(c)}</td>" for i, c in enumerate(row))
        + "</tr>"
        for row in rows
    )
    ident = f' id="{escape(table_id)}"' if table_id else ""
    return f"<table{ident}><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;max-width:1100px;
padding:1.5em;color:#222;line-height:1.45}
h1{margin-bottom:0.1em}h2{border-bottom:1px solid #ddd;padding-bottom:0.2em;margin-top:1.8em}
.subtitle{color:#666;margin-top:0}
table{border-collapse:collapse;margin:0.6em 0;font-size:0.92em}
th,td{padding:3px 10px;text-align:left;vertical-align:top;border-bottom:1px solid #eee}
thead th{border-bottom:2px solid #ccc}.num{text-align:right;font-variant-numeric:tabular-nums}
table.facts th{color:#555;font-weight:normal;padding-right:2em}
figure{margin:0.6em 0}img{max-width:100%;height:auto}
.none{color:#777;font-style:italic}nav a{margin-right:0.8em}
footer{margin-top:3em;color:#888;font-size:0.85em}
"""

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}: Valossa metadata report</title>
<style>{css}</style>
</head>
<body>
<header><h1>{title}</h1><p class="subtitle">{subtitle}</p>
<nav>{navigation}</nav></header>
<main>
{sections}
</main>
<footer>Made by valossa-metadata {version}.</footer>
</body>
</html>
"""
