"""Everything a user touches, run on one input; what escaped is collected, not raised.

An input is ``ok`` when every step answered, ``refused`` when some step raised a ``ValossaError``
and none raised anything else, ``escaped`` when a step raised another exception (or the command
line printed a traceback or exited with a status other than 0, 1 or 2), ``slow`` when the whole
input took longer than :data:`LIMIT_S`.
"""

from __future__ import annotations

import contextlib
import io
import tempfile
import time
import traceback
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import valossa_metadata as vm
from valossa_metadata import export, subtitles
from valossa_metadata.cli import main
from valossa_metadata.report import summary_html, write_report

#: Seconds one input may take, every step included.
LIMIT_S = 5.0


@dataclass
class Escape:
    """An exception that is not a ``ValossaError``: where, what, and the line that raised it."""

    step: str
    kind: str
    message: str
    where: str

    @property
    def signature(self) -> str:
        """What makes two escapes the same bug: the exception type and the line that raised it."""
        return f"{self.kind} at {self.where}"


@dataclass
class Result:
    outcome: str = "ok"
    escapes: list[Escape] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    seconds: float = 0.0


#: How deep :func:`run` goes: the loaders and tables, then queries and exports, the report, the CLI.
TABLES, QUERIES, REPORT, CLI = range(4)


def run(data: bytes, *, depth: int = CLI) -> Result:
    """Run the surface on ``data`` down to ``depth`` (each level adds slower steps)."""
    result = Result()
    began = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        work = Path(folder)
        side = _step(result, "load_sidecar", lambda: _sidecar(data))
        md = _step(result, "loads", lambda: vm.loads(data))
        loaded = side is not None or md is not None
        if loaded:
            result.refused.clear()  # a Core file is no side file, nor the other way round
        if md is not None:
            steps = _library_steps(md)
            for name, call in steps if depth >= QUERIES else steps[: len(vm.TABLE_SCHEMAS)]:
                _step(result, name, call)
            if depth >= REPORT:
                _step(result, "report", lambda: write_report(md, work / "report", plots=False))
        if depth >= CLI:
            path = work / "input.json"
            path.write_bytes(data)
            for argv in _commands(path, work):
                _cli(result, argv, expect_success=md is not None)
    result.seconds = time.perf_counter() - began
    if result.escapes:
        result.outcome = "escaped"
    elif result.seconds > LIMIT_S:
        result.outcome = "slow"
    elif result.refused or not loaded:
        result.outcome = "refused"
    return result


def _sidecar(data: bytes) -> Any:
    loaded = vm.load_sidecar(data)
    return loaded.table()


def _library_steps(md: vm.Metadata) -> list[tuple[str, Callable[[], Any]]]:
    def words_out() -> str:
        cues = subtitles.cues(md, "words")
        return subtitles.to_srt(cues) + subtitles.to_vtt(cues) + export.audacity(cues)

    def sentences_out() -> str:
        cues = subtitles.cues(md, "sentences")
        return subtitles.to_srt(cues) + subtitles.to_vtt(cues)

    def labels_out() -> str:
        cues = subtitles.cues(md, "labels", selection=md.select(start=0, end=60))
        return subtitles.to_srt(cues) + subtitles.to_vtt(cues) + export.audacity(cues)

    def selection() -> Any:
        chosen = md.select(types="*", min_confidence=0.1, start="0:00:01", end=30)
        return chosen.detections(), chosen.occurrences(), chosen.seconds(), chosen.screen_time()

    return [
        *((name, getattr(md, name)) for name in vm.TABLE_SCHEMAS),
        ("info", lambda: (md.duration, md.fps, md.title, md.language, md.detection_counts)),
        ("select", selection),
        ("select_faces", lambda: md.select(types="human.face", mode="clip", end=10).screen_time()),
        ("at", lambda: (md.at(1.0), md.at("0:00:05"))),
        ("screen_time", lambda: (md.screen_time(), md.screen_time(by="detection_id", start=2, end=8))),
        ("face_identities", lambda: (md.face_identities(), md.face_identities(separate=True))),
        ("speaker_turns", md.speaker_turns),
        ("sentiment_timeline", md.sentiment_timeline),
        ("category_durations", md.category_durations),
        ("cues_words", words_out),
        ("cues_sentences", sentences_out),
        ("cues_labels", labels_out),
        ("rttm", lambda: export.rttm(md)),
        ("summary_html", lambda: summary_html(md)),
    ]


def _commands(path: Path, work: Path) -> list[list[str]]:
    file = str(path)
    return [
        ["info", file],
        ["summary", file, "--start", "1", "--end", "20"],
        ["at", file, "3"],
        ["seconds", file, "--sentiment"],
        ["export", file, "-f", "srt", "-o", str(work / "out.srt")],
        ["export", file, "-f", "vtt", "--source", "words", "-o", str(work / "out.vtt")],
        ["export", file, "-f", "csv", "--table", "occurrences", "-o", str(work / "out.csv")],
        ["export", file, "-f", "rttm", "-o", str(work / "out.rttm")],
        ["report", file, "--no-plots", "-o", str(work / "cli-report")],
    ]


def _step(result: Result, name: str, call: Callable[[], Any]) -> Any:
    try:
        return call()
    except vm.ValossaError as exc:
        result.refused.append(f"{name}: {type(exc).__name__}")
    except Exception as exc:  # the point of the fuzzer: anything else is a finding
        result.escapes.append(_escape(name, exc))
    return None


def _cli(result: Result, argv: list[str], *, expect_success: bool) -> None:
    out, err = io.StringIO(), io.StringIO()
    name = "cli " + argv[0]
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = main(argv)
    except SystemExit as exc:  # argparse
        status = exc.code if isinstance(exc.code, int) else 2
    except Exception as exc:
        result.escapes.append(_escape(name, exc))
        return
    text = err.getvalue()
    if "Traceback" in text or status not in (0, 1, 2):
        result.escapes.append(Escape(name, f"exit {status}", text.strip()[-300:], "cli"))
    elif status != 0 and expect_success:
        result.refused.append(f"{name}: exit {status}")


def _escape(step: str, exc: BaseException) -> Escape:
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "valossa_metadata" in f.filename] or frames
    last = ours[-1] if ours else None
    where = f"{Path(last.filename).name}:{last.lineno} {last.name}" if last else "?"
    return Escape(step, type(exc).__name__, str(exc).splitlines()[0][:300] if str(exc) else "", where)
