"""The report's sections, built into a folder: facts, watch (or timeline), screen time, faces, ...

A section without content is left out (and so is its entry in the navigation); tables longer than
:data:`~valossa_metadata.report.html.CAP` rows fold the rest; a table file with no rows is not written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from valossa_metadata import plot
from valossa_metadata._render import render, write_text
from valossa_metadata._version import __version__
from valossa_metadata.plot import hms
from valossa_metadata.plot.bins import LONG_VIDEO
from valossa_metadata.plot.styles import speaker_colors, speaker_order, type_style
from valossa_metadata.query.selection import table as result_table
from valossa_metadata.query.speech import speaker_name
from valossa_metadata.report import player
from valossa_metadata.report.html import CAP, CSS, PAGE, at, figure, table
from valossa_metadata.subtitles import sentence_cues, to_srt, to_vtt, word_cues

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from valossa_metadata.metadata import Metadata

__all__ = ["CSV_TABLES", "Page"]

#: The tables written beside the page as CSV (those with rows).
CSV_TABLES = ("detections", "occurrences", "faces", "speech", "words", "topics")
#: Occurrence times shown per row before "+N more".
_TIMES = 4


@dataclass
class Page:
    """The report being built: sections of HTML and the files written beside them."""

    md: Metadata
    folder: Path
    top: int
    sentences: int | None
    dpi: float
    video: str | None = None
    sections: list[str] = field(default_factory=list)
    files: list[tuple[str, str]] = field(default_factory=list)  # (file name, what it holds)
    navigation: list[tuple[str, str]] = field(default_factory=list)  # (anchor, title)
    head: list[str] = field(default_factory=list)
    scripts: list[str] = field(default_factory=list)

    def build(self, *, plots: bool) -> None:
        md = self.md
        turns = md.speaker_turns()
        self.order = speaker_order(turns)
        self.colors = speaker_colors(turns)
        self.long = (md.duration or 0.0) > LONG_VIDEO
        self._add(self._facts(turns))
        cues = self._cues()
        self._add(self._watch(cues))
        self._add(self._screen_time(plots))
        if plots and plot.resolve(md).occurrences().height:
            caption = (
                "Best confidence per minute of the 30 labels present in the most seconds; grey: present, "
                "no confidence (faces, keywords)."
                if self.long
                else "Best confidence per second of the 30 labels present in the most seconds; grey: "
                "present, no confidence (faces, keywords)."
            )
            body = self._image(
                "heatmap.png", "Heatmap", lambda: plot.heatmap(md, bin_seconds=60 if self.long else None)
            )
            self._add(self._section("heatmap", "Heatmap", body + f'<p class="caption">{escape(caption)}</p>'))
        self._add(self._faces())
        self._add(self._speakers(turns, plots))
        self._add(self._sentiment(plots))
        self._add(self._topics())
        self._add(self._types())
        if self.video is None:
            self._add(self._transcript_section(cues))
        self._tables()
        self._add(self._downloads())

    def _add(self, section: str | None) -> None:
        if section is not None:
            self.sections.append(section)

    def _section(self, anchor: str, title: str, body: str) -> str:
        self.navigation.append((anchor, title.split(":")[0]))
        return f'<section id="{escape(anchor)}"><h2>{escape(title)}</h2>{body}</section>'

    # ---- sections -------------------------------------------------------------------------------

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
            if v and v != "0"
        )
        return self._section(
            "facts", "The video", f'<div class="scroll"><table class="facts">{rows}</table></div>'
        )

    def _cues(self) -> pl.DataFrame:
        md = self.md
        cues = sentence_cues(md) if md.speech().height else word_cues(md.words())
        if cues.height:
            texts = {"transcript.srt": to_srt(cues), "transcript.vtt": to_vtt(cues)}
            for name, text in texts.items():
                (self.folder / name).write_text(text, encoding="utf-8", newline="")
            self.files.append(("transcript.srt", f"transcript, SRT ({cues.height} cues)"))
            self.files.append(("transcript.vtt", f"transcript, WebVTT ({cues.height} cues)"))
        return cues

    def _watch(self, cues: pl.DataFrame) -> str | None:
        shown = cues.head(self.sentences) if self.sentences is not None else cues
        chart = player.timeline_chart(
            self.md, self.folder, top=max(self.top, 20), seekable=self.video is not None
        )
        if chart is None and self.video is None:
            return None
        self.head.extend(chart.scripts if chart else [])
        body = ""
        if self.video is not None:
            panel = (
                player.transcript_panel(shown, cues.height, self.colors, seekable=True) if cues.height else ""
            )
            layout = "player" if panel else "player alone"
            body += f'<div class="{layout}">{player.video_element(self.video)}{panel}</div>'
        if chart is not None:
            body += chart.html
        self.scripts.append(player.glue())
        if self.video is not None:
            return self._section("watch", "Watch", body)
        return self._section("timeline", "Timeline", body)

    def _transcript_section(self, cues: pl.DataFrame) -> str | None:
        if cues.height == 0:
            return None
        shown = cues.head(self.sentences) if self.sentences is not None else cues
        return self._section(
            "transcript", "Transcript", player.transcript_panel(shown, cues.height, self.colors)
        )

    def _occurrence_times(self, frame: pl.DataFrame) -> str:
        starts = frame.sort("start")["start"].to_list()
        links = " ".join(at(s, hms(s), seekable=self.video is not None) for s in starts[:_TIMES])
        more = f" +{len(starts) - _TIMES} more" if len(starts) > _TIMES else ""
        return f'<span class="times">{links}{more}</span>'

    def _screen_time(self, plots: bool) -> str | None:
        md = self.md
        occurrences = plot.resolve(md).occurrences().with_columns(name=pl.coalesce("identity", "label"))
        if occurrences.height == 0:
            return None
        from valossa_metadata.query import screen_time

        totals = screen_time(occurrences, ["type", "name"], duration=md.duration).head(self.top)
        rows = []
        for kind, name, seconds, percent in _timed(totals):
            own = occurrences.filter((pl.col("type") == kind) & (pl.col("name") == name))
            rows.append(
                (
                    f'<span class="swatch" style="background:{type_style(kind)[1]}"></span>{escape(name)}',
                    kind,
                    f"{seconds:.1f}",
                    _percent(percent),
                    self._occurrence_times(own),
                )
            )
        body = ""
        if plots:
            body += self._image(
                "screen_time.png", "Screen time", lambda: plot.screen_time_chart(md, top=self.top)
            )
        body += table(
            ["label", "type", "seconds", "% of video", "seen at"],
            rows,
            numeric={2, 3},
            table_id="screen-time-table",
            raw={0, 4},
        )
        note = (
            "<p>Union of the occurrences (overlaps counted once) per type and label; faces by identity. "
            "A label found by two types (speech heard, speech seen) has a row for each.</p>"
        )
        return self._section("screen-time", f"Screen time: top {len(rows)}", note + body)

    def _image(self, name: str, title: str, draw: Callable[[], Axes], caption: str = "") -> str:
        ax = draw()
        try:
            plot.save(ax, self.folder / name, dpi=self.dpi, tight=False)
        finally:
            plot.close(ax)
        self.files.append((name, f"{title} (PNG)"))
        return figure(name, title, caption)

    def _faces(self) -> str | None:
        md = self.md
        if not md.ids_of_type("human.face"):
            return None
        chosen = md.select(types="human.face")
        times = chosen.screen_time("identity")
        if times.height == 0:
            return None
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
        faces = md.face_identities().select("detection_id", "identity")
        occurrences = chosen.occurrences().join(faces, on="detection_id", how="left")
        rows = [
            (
                escape(str(row["identity"])),
                str(row["detections"]),
                f"{row['screen_time']:.1f}",
                _percent(row.get("percent")),
                row["gender"] or "",
                "" if row["confidence"] is None else f"{row['confidence']:.2f}",
                self._occurrence_times(occurrences.filter(pl.col("identity") == row["identity"])),
            )
            for row in merged.iter_rows(named=True)
        ]
        header = [
            "identity",
            "detections",
            "seconds",
            "% of video",
            "gender",
            "identity confidence",
            "seen at",
        ]
        note = (
            f"<p>{len(rows)} face identities by screen time: detections merged by gallery identity; "
            "unknown faces are named by gender and id.</p>"
        )
        body = table(
            header, rows, numeric={1, 2, 3, 5}, table_id="faces-table", cap=CAP, what="faces", raw={0, 6}
        )
        return self._section("faces", "Faces", note + body)

    def _speakers(self, turns: pl.DataFrame, plots: bool) -> str | None:
        if turns.height == 0:
            return None
        duration = self.md.duration
        summary = turns.group_by("speaker").agg(
            talk=pl.col("duration").sum(), turns=pl.len(), words=pl.col("words").sum()
        )
        stats = {row[0]: row[1:] for row in summary.iter_rows()}
        rows = []
        for speaker in self.order:
            talk, n_turns, n_words = stats[speaker]
            swatch = f'<span class="swatch" style="background:{self.colors[speaker]}"></span>'
            rows.append(
                (
                    swatch + escape(speaker_name(speaker) or "unknown speaker"),
                    f"{talk:.1f}",
                    _percent(talk / duration * 100 if duration else None),
                    str(n_turns),
                    str(n_words),
                )
            )
        body = ""
        if plots:
            body += self._image("speakers.png", "Speakers", lambda: plot.speakers(self.md))
        body += table(
            ["speaker", "talk seconds", "% of video", "turns", "words"],
            rows,
            numeric={1, 2, 3, 4},
            table_id="speakers-table",
            cap=CAP,
            what="speakers",
            raw={0},
        )
        return self._section(
            "speakers", "Speakers", "<p>Most talk first, in every chart and table.</p>" + body
        )

    def _sentiment(self, plots: bool) -> str | None:
        present = plot.sentiment_series(self.md)
        if not present:
            return None
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
        if plots and any(s != "arousal" for s in present):
            caption = (
                "One strip per source: each second positive (valence above 0.2), neutral or negative "
                "(below -0.2); blank where the source has no value."
            )
            body += self._image(
                "sentiment.png", "Sentiment", lambda: plot.sentiment(self.md, simple=True), caption
            )
        body += table(["series", "mean", "seconds with a value"], means, numeric={1, 2})
        return self._section("sentiment", "Sentiment", body)

    def _topics(self) -> str | None:
        topics = self.md.topics()
        if topics.height == 0:
            return None
        plain = topics.filter(pl.col("type") != "topic.iab.section")
        sections = topics.filter(pl.col("type") == "topic.iab.section").sort(
            "ad_score", descending=True, nulls_last=True, maintain_order=True
        )
        versions = _iab_versions(topics)
        seekable = self.video is not None
        body = ""
        if len(set(versions.values())) > 1:
            body += (
                "<p>Two IAB taxonomies: "
                + "; ".join(f"{escape(kind)} use {escape(v)}" for kind, v in sorted(versions.items()))
                + ".</p>"
            )
        if plain.height:
            rows = [
                (t, label, iab or "", " > ".join(path or []))
                for t, label, iab, path in plain.select(
                    "type", "label", "iab_id", "labels_hierarchy"
                ).iter_rows()
            ]
            body += table(["type", "label", "IAB id", "IAB path"], rows, cap=CAP, what="topics")
        if sections.height:
            scored = [
                (
                    label,
                    iab or "",
                    ", ".join(sources or []),
                    "" if score is None else f"{score:.2f}",
                    "" if at_ is None else at(at_, hms(at_), seekable=seekable),
                    " ".join(
                        at(s["start"], f"{hms(s['start'])}–{hms(s['end'])}", seekable=seekable)
                        for s in spans or []
                    ),
                )
                for label, iab, sources, score, at_, spans in sections.select(
                    "label", "iab_id", "sources", "ad_score", "ad_score_at", "sections"
                ).iter_rows()
            ]
            body += "<h3>IAB sections and ad scores</h3>"
            body += "<p>Ad score: 0 to 1, higher is more suitable for an ad; best at the time given.</p>"
            header = ["section", "IAB id", "from", "ad score", "best at", "time sections"]
            body += table(
                header,
                scored,
                numeric={3},
                table_id="iab-sections-table",
                cap=CAP,
                what="sections",
                raw={4, 5},
            )
        return self._section("topics", "Topics", body)

    def _types(self) -> str | None:
        counts = self.md.detection_counts()
        if not counts:
            return None
        rows = [(t, str(n)) for t, n in counts.items()]
        return self._section(
            "types",
            "Detections per type",
            table(["type", "detections"], rows, numeric={1}, table_id="types-table", cap=CAP, what="types"),
        )

    def _tables(self) -> None:
        for name in CSV_TABLES:
            frame = result_table(self.md, name)
            if frame.height == 0:
                continue
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
        return PAGE.format(
            title=escape(title),
            css=CSS,
            head="\n".join(self.head),
            subtitle=escape(f"{Path(md.source).name} · format {md.format_version or '?'}"),
            sections="\n".join(self.sections),
            navigation="".join(f'<a href="#{escape(a)}">{escape(t)}</a>' for a, t in self.navigation),
            version=escape(__version__),
            scripts="\n".join(self.scripts),
        )


def _iab_versions(topics: pl.DataFrame) -> dict[str, str]:
    """The IAB taxonomy of each topic type: ids like ``IAB20`` are 1.0, plain numbers are 2.x."""
    found: dict[str, str] = {}
    for kind, iab in topics.select("type", "iab_id").drop_nulls().iter_rows():
        found[kind] = (
            "IAB Content Taxonomy 1.0 ids" if str(iab).startswith("IAB") else "IAB Content Taxonomy 2.x ids"
        )
    return found


def _timed(frame: pl.DataFrame) -> list[tuple[Any, Any, float, float | None]]:
    percents = frame["percent"].to_list() if "percent" in frame.columns else [None] * frame.height
    return list(
        zip(frame["type"].to_list(), frame["name"].to_list(), frame["screen_time"].to_list(), percents)
    )


def _float(value: Any) -> float:
    return float(value)


def _percent(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"
