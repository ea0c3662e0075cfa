"""A self-contained HTML report of one result: ``index.html`` with its pictures, tables and subtitles.

The page needs nothing outside its folder: inline styles, the interactive timeline's library beside
it (``plotly.min.js``) and no web fonts. It shows the video's facts, the video itself when one is
given, with its transcript and the interactive timeline (zoom, pan, hover, filter lanes, click to
seek), screen time, heatmap, faces, speakers, sentiment, topics with IAB ad scores and the
detection counts, and links the PNGs, the CSVs of the main tables and the transcript as SRT and
WebVTT. Sections without data are left out. The report is built in a temporary folder and moved
into place, so a failure leaves no half-written report.

Modules: ``html`` (tables, folding, page template), ``page`` (the sections), ``player`` (video,
transcript panel, interactive timeline) and ``player.js`` (the script that links them).
"""

from __future__ import annotations

import os
import secrets
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from valossa_metadata.errors import ValossaError
from valossa_metadata.report.page import CSV_TABLES, Page
from valossa_metadata.report.player import video_source

if TYPE_CHECKING:
    from valossa_metadata.metadata import Metadata

__all__ = ["CSV_TABLES", "ReportError", "write_report"]


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
    sentences: int | None = None,
    dpi: float = 110,
    video: str | Path | None = None,
    copy_video: bool = False,
) -> Path:
    """Write the report of ``md`` into ``folder`` (created, or replaced if it holds an earlier report).

    ``plots=False`` leaves the pictures out (much faster on long videos); ``top`` is the number of
    labels in the screen-time chart and table, ``sentences`` the number of transcript cues on the
    page (``None``: all). ``video`` (a file or an http(s) URL) adds a player beside the timeline and
    transcript; a file is referenced relative to the report, or copied into it with ``copy_video``.
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
    source, to_copy = (None, None)
    if video is not None:
        try:
            source, to_copy = video_source(video, target, copy=copy_video)
        except FileNotFoundError as error:
            raise ReportError(str(error)) from None
    if not target.parent.is_dir():
        raise ReportError(f"cannot write {target}: there is no folder {target.parent}")
    work = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
    work.mkdir(0o777)  # the umask applies, as to the files written into it
    try:
        if to_copy is not None:
            shutil.copyfile(to_copy, work / to_copy.name)
        page = Page(md, work, top=top, sentences=sentences, dpi=dpi, video=source)
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
