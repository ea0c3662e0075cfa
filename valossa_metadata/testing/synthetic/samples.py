"""Writing synthetic results to files: compact JSON, atomic writes and the bundled sample set."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from valossa_metadata.testing.synthetic.boxes import frames_faces, frames_objects, seconds_objects
from valossa_metadata.testing.synthetic.captions import visual_captions
from valossa_metadata.testing.synthetic.core import core_metadata
from valossa_metadata.testing.synthetic.legacy import legacy_110_metadata
from valossa_metadata.testing.synthetic.subtitles import (
    speech_to_text_srt,
    speech_to_text_vtt,
    transcript_srt,
)


def _dump(doc: Any) -> bytes:
    return json.dumps(doc, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def _write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file next to ``path`` and move it into place."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def write_samples(directory: str | Path) -> list[Path]:
    """Write the synthetic sample files into ``directory`` (created if needed); return their paths.

    ``current_format_example.json`` (``core_metadata(240.0, seed=7)``) with its side files
    ``current_format_example.{seconds_objects,frames_objects,frames_faces,visual_captions}.json``
    and ``.speech_to_text.{srt,vtt}``, plus ``legacy_1_1_0_example.json`` and ``transcript_example.srt``.
    JSON is compact UTF-8; every file is written atomically.

    Examples:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     [p.name for p in write_samples(tmp)][:2]
        ['current_format_example.json', 'current_format_example.seconds_objects.json']
    """
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    core = core_metadata(240.0, seed=7)
    prefix = "current_format_example"
    files: list[tuple[str, bytes]] = [
        (f"{prefix}.json", _dump(core)),
        (f"{prefix}.seconds_objects.json", _dump(seconds_objects(core, seed=7))),
        (f"{prefix}.frames_objects.json", _dump(frames_objects(core, seed=7))),
        (f"{prefix}.frames_faces.json", _dump(frames_faces(core, seed=7))),
        (f"{prefix}.visual_captions.json", _dump(visual_captions(core, seed=7))),
        (f"{prefix}.speech_to_text.srt", speech_to_text_srt(core).encode("utf-8")),
        (f"{prefix}.speech_to_text.vtt", speech_to_text_vtt(core).encode("utf-8")),
        ("legacy_1_1_0_example.json", _dump(legacy_110_metadata(seed=7))),
        ("transcript_example.srt", transcript_srt(seed=7).encode("utf-8")),
    ]
    paths = []
    for name, data in files:
        path = folder / name
        _write_atomic(path, data)
        paths.append(path)
    return paths
