"""The side files of a job: face and object boxes, and visual captions, as structs and tables.

``load_sidecar`` recognises the file by ``version_info.metadata_type`` (or by its keys when the
type is missing) and returns a :class:`Boxes` or :class:`Captions` object with a ``table()``.
"""

from __future__ import annotations

from typing import Any

import msgspec
import polars as pl

from valossa_metadata._decode import decode_json
from valossa_metadata._sources import Source, read_source
from valossa_metadata.errors import MetadataError
from valossa_metadata.models.sidecars import Box, BoxesFile, BoxItem, CaptionsFile

__all__ = ["BOXES_SCHEMA", "CAPTIONS_SCHEMA", "Boxes", "Captions", "load_sidecar"]

#: ``Boxes.table()``: one row per box. ``unit`` says whether ``index`` counts seconds or frames.
BOXES_SCHEMA = pl.Schema(
    {
        "index": pl.Int32(),
        "time": pl.Float64(),
        "detection_id": pl.String(),
        "occurrence_ids": pl.List(pl.String()),
        "x": pl.Float64(),
        "y": pl.Float64(),
        "w": pl.Float64(),
        "h": pl.Float64(),
        "confidence": pl.Float64(),
    }
)

#: ``Captions.table()``: one row per described section.
CAPTIONS_SCHEMA = pl.Schema(
    {"start": pl.Float64(), "end": pl.Float64(), "shot_index": pl.Int32(), "caption": pl.String()}
)

_BOXES = msgspec.json.Decoder(BoxesFile)
_CAPTIONS = msgspec.json.Decoder(CaptionsFile)
_HEADER = msgspec.json.Decoder(dict[str, msgspec.Raw])
_BOX_KEYS = {"objects_by_second": "second", "objects_by_frame": "frame", "faces_by_frame": "frame"}
_TYPE_KEYS = {
    "seconds_objects": "objects_by_second",
    "frames_objects": "objects_by_frame",
    "frames_faces": "faces_by_frame",
}


class Boxes:
    """Boxes per second or per frame: ``seconds_objects``, ``frames_objects`` or ``frames_faces``.

    Examples:
        >>> import valossa_metadata as vm
        >>> boxes = vm.load_sidecar("sample_results/current_format_example.seconds_objects.json")
        >>> boxes.kind, boxes.unit, boxes.table().columns[:3]
        ('seconds_objects', 'second', ['index', 'time', 'detection_id'])
    """

    def __init__(self, file: BoxesFile, kind: str, *, source: str, fps: float | None = None) -> None:
        self.file = file
        self.kind = kind
        self.source = source
        self.fps = fps
        key = _TYPE_KEYS[kind]
        self.unit = _BOX_KEYS[key]
        self.items: list[list[BoxItem]] = getattr(file, key) or []

    def table(self, fps: float | None = None) -> pl.DataFrame:
        """One row per box; ``time`` is the second, or the frame divided by ``fps`` when it is known."""
        rate = fps or self.fps
        counts: list[int] = []
        rows: list[tuple[BoxItem, Box]] = []
        for items in self.items:
            n = 0
            for item in items:
                boxes = item.boxes if isinstance(item.boxes, list) else [item.boxes]
                rows.extend((item, box) for box in boxes)
                n += len(boxes)
            counts.append(n)
        if not rows:
            return pl.DataFrame(schema=BOXES_SCHEMA)
        index = (
            pl.Series(range(len(counts)), dtype=pl.Int32)
            .repeat_by(pl.Series(counts, dtype=pl.UInt32))
            .explode()
        )
        frame = pl.DataFrame(
            {
                "index": index,
                "detection_id": [item.detection_id for item, _ in rows],
                "occurrence_ids": [item.occurrence_ids for item, _ in rows],
                "x": [box.x for _, box in rows],
                "y": [box.y for _, box in rows],
                "w": [box.w for _, box in rows],
                "h": [box.h for _, box in rows],
                "confidence": [box.c for _, box in rows],
            },
            schema_overrides={"confidence": pl.Float64, "occurrence_ids": pl.List(pl.String)},
        )
        if self.unit == "second":
            time = pl.col("index").cast(pl.Float64)
        elif rate:
            time = pl.col("index") / rate
        else:
            time = pl.lit(None, dtype=pl.Float64)
        return frame.with_columns(time=time).select(BOXES_SCHEMA.names())

    def __repr__(self) -> str:
        return f"<Boxes {self.kind} {self.source}: {len(self.items)} {self.unit}s>"


class Captions:
    """Visual captions: natural-language descriptions of selected sections.

    Examples:
        >>> import valossa_metadata as vm
        >>> captions = vm.load_sidecar("sample_results/current_format_example.visual_captions.json")
        >>> captions.table().columns
        ['start', 'end', 'shot_index', 'caption']
    """

    def __init__(self, file: CaptionsFile, *, source: str) -> None:
        self.file = file
        self.kind = "visual_captions"
        self.source = source

    def table(self) -> pl.DataFrame:
        """One row per section, in file order."""
        sections = self.file.selected_sections
        return pl.DataFrame(
            {
                "start": [s.section.start for s in sections],
                "end": [s.section.end for s in sections],
                "shot_index": [s.section.shot_index for s in sections],
                "caption": [s.caption for s in sections],
            },
            schema=CAPTIONS_SCHEMA,
        )

    def __repr__(self) -> str:
        return f"<Captions {self.source}: {len(self.file.selected_sections)} sections>"


_ANY: msgspec.json.Decoder[Any] = msgspec.json.Decoder()


def load_sidecar(source: Source, *, fps: float | None = None) -> Boxes | Captions:
    """Load a ``seconds_objects``, ``frames_objects``, ``frames_faces`` or ``visual_captions`` result.

    ``fps`` (from the Core metadata, ``md.fps``) turns frame numbers into seconds.

    Examples:
        >>> import valossa_metadata as vm
        >>> vm.load_sidecar("sample_results/current_format_example.frames_faces.json").unit
        'frame'
    """
    data, name = read_source(source)
    if not data.strip():
        raise MetadataError("empty input: expected a JSON object", source=name)
    header = decode_json(_HEADER, data, source=name)
    kind = _kind(header, name)
    if kind == "visual_captions":
        return Captions(decode_json(_CAPTIONS, data, source=name), source=name)
    return Boxes(decode_json(_BOXES, data, source=name), kind, source=name, fps=fps)


def _kind(header: dict[str, Any], name: str) -> str:
    version = header.get("version_info")
    declared = None
    if version is not None:
        info = decode_json(_ANY, version, source=name, at="$.version_info") if len(version) else None
        declared = info.get("metadata_type") if isinstance(info, dict) else None
    if declared in (*_TYPE_KEYS, "visual_captions"):
        return str(declared)
    if declared == "core":
        raise MetadataError(
            "this is Core metadata; read it with vm.load()", source=name, path="$.version_info"
        )
    for kind, key in _TYPE_KEYS.items():
        if key in header:
            return kind
    if "selected_sections" in header:
        return "visual_captions"
    found = ", ".join(sorted(header)) or "nothing"
    raise MetadataError(
        f"not a side file Valossa documents (found keys: {found}); expected seconds_objects, "
        "frames_objects, frames_faces or visual_captions",
        source=name,
        path="$",
    )
