"""The report's video player, transcript panel and interactive timeline, and the script that links them.

The chart is Plotly's (its library is written beside the page as ``plotly.min.js``, so the page works
offline). The only hand-written script is ``player.js``: a click on an element with ``data-start``
(a transcript line, an occurrence time) or on a timeline bar seeks the video; the transcript line
being said is highlighted; a red playhead follows the video; the search box filters the lanes.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from html import escape
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote, urlsplit

import polars as pl

from valossa_metadata.plot import hms

if TYPE_CHECKING:
    from valossa_metadata.metadata import Metadata

__all__ = ["Chart", "glue", "timeline_chart", "transcript_panel", "video_element", "video_source"]

_CONFIG = {
    "responsive": True,
    "displaylogo": False,
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d"],
}


@dataclass(frozen=True)
class Chart:
    """The timeline's HTML (search box, chart, caption) and the scripts it needs."""

    html: str
    scripts: list[str]


def timeline_chart(md: Metadata, folder: Path, *, top: int = 20, seekable: bool = False) -> Chart | None:
    """The interactive timeline of ``md``; ``plotly.min.js`` is written into ``folder``. None: no lanes.

    ``seekable``: a player is on the page, so the caption says that a click on a bar plays from there.

    Examples:
        >>> import tempfile, pathlib
        >>> import valossa_metadata as vm
        >>> md = vm.load("sample_results/current_format_example.json")
        >>> chart = timeline_chart(md, pathlib.Path(tempfile.mkdtemp()))
        >>> 'id="timeline-chart"' in chart.html, chart.scripts[0]
        (True, '<script src="plotly.min.js" defer></script>')
    """
    from plotly.offline import get_plotlyjs

    from valossa_metadata.plot.interactive import ENCODING, ENCODING_BINNED, timeline_spec

    figure = timeline_spec(md, top=top)
    if not figure["data"]:
        return None
    lanes = len(figure["data"])
    binned = figure["layout"].pop("title")["text"] == ENCODING_BINNED
    figure["layout"]["margin"]["t"] = 10
    (folder / "plotly.min.js").write_text(get_plotlyjs(), encoding="utf-8")
    spec = json.dumps({"figure": figure, "config": _CONFIG}, separators=(",", ":"), allow_nan=False)
    # The chart is drawn by player.js once the deferred library has loaded: the page shows at once.
    data = spec.replace("</", "<\\/")
    div = f'<div id="timeline-chart"></div><script type="application/json" id="timeline-data">{data}</script>'
    tools = (
        '<div class="tools"><input type="search" id="lane-filter" placeholder="Filter lanes: face, boat, '
        f'speaker…" aria-label="Filter the timeline lanes"><span id="lane-count">{lanes} lanes</span></div>'
    )
    encoding = ENCODING_BINNED if binned else ENCODING
    hover = "share of the minute" if binned else "confidence"
    click = " click it to play from there." if seekable else ""
    caption = (
        f'<p class="caption">{escape(encoding)} Drag to zoom, double-click to zoom out; hover a bar for '
        f"label, type, times and {hover};{click} Faces by identity, one lane per speaker.</p>"
    )
    return Chart(tools + div + caption, ['<script src="plotly.min.js" defer></script>'])


def video_source(video: str | Path, folder: Path, *, copy: bool = False) -> tuple[str, Path | None]:
    """The ``src`` of the player for ``video`` in a report at ``folder``, and the file to copy there, if any.

    A URL is used as it is; a local file is referenced relative to the report (never copied unless
    ``copy``). Raises FileNotFoundError for a local file that does not exist.

    Examples:
        >>> video_source("https://example.com/a b.mp4", Path("report"))
        ('https://example.com/a b.mp4', None)
    """
    text = str(video)
    if urlsplit(text).scheme in ("http", "https"):
        return text, None
    path = Path(video)
    if not path.is_file():
        raise FileNotFoundError(f"video file not found: {video}")
    if copy:
        return quote(path.name), path
    relative = os.path.relpath(path.resolve(), folder.resolve())
    return quote(Path(relative).as_posix()), None


def video_element(src: str) -> str:
    """The HTML5 player.

    Examples:
        >>> video_element("clip.webm")
        '<video id="video" controls preload="metadata" playsinline src="clip.webm"></video>'
    """
    return f'<video id="video" controls preload="metadata" playsinline src="{escape(src)}"></video>'


def transcript_panel(
    cues: pl.DataFrame, total: int, colors: dict[str | None, str], *, seekable: bool = False
) -> str:
    """The transcript as a scrolling list; each line carries ``data-start`` and ``data-end`` in seconds.

    Speakers are coloured as in the speakers chart (``colors`` keyed by raw speaker id); with
    ``seekable`` (a player on the page) the note says that a click plays from the line.

    Examples:
        >>> cues = pl.DataFrame({"start": [1.0], "end": [2.5], "text": ["Hi"], "speaker": ["Speaker 3"]})
        >>> 'data-start="1.000" data-end="2.500"' in transcript_panel(cues, 1, {"3": "#882255"})
        True
    """
    by_name = {f"Speaker {s}": c for s, c in colors.items() if s is not None}
    lines = []
    for start, end, text, speaker in cues.select("start", "end", "text", "speaker").iter_rows():
        who = ""
        if speaker:
            color = by_name.get(speaker, "#444444")
            swatch = f'<span class="swatch" style="background:{color}"></span>'
            who = f'{swatch}<span class="speaker">{escape(speaker)}</span>'
        lines.append(
            f'<li data-start="{start:.3f}" data-end="{end:.3f}"><time>{hms(start)}</time>'
            f"{who}{escape(' '.join(str(text).split()))}</li>"
        )
    more = f"<p class=caption>The first {cues.height} of {total} cues.</p>" if cues.height < total else ""
    note = '<p class="caption">' + ("Click a line to play from there; w" if seekable else "W")
    note += "hole transcript: "
    note += '<a href="transcript.srt">SRT</a>, <a href="transcript.vtt">WebVTT</a>.</p>'
    panel = f'<div class="transcript" id="transcript-panel"><ol>{"".join(lines)}</ol></div>'
    return f"<div>{panel}{more}{note}</div>"


def glue() -> str:
    """The hand-written script that links video, transcript and timeline, inline.

    Examples:
        >>> glue().startswith("<script>")
        True
    """
    text = resources.files("valossa_metadata.report").joinpath("player.js").read_text(encoding="utf-8")
    return f"<script>\n{text}</script>"
