"""msgspec Structs for the side files: face and object boxes, and visual captions.

``seconds_objects`` and ``visual_captions`` follow Valossa's documented examples. ``frames_objects``
(``objects_by_frame``) and ``frames_faces`` (``faces_by_frame``) are not documented publicly: their
layouts are inferred by analogy with ``seconds_objects`` and read best-effort (a single box object
is accepted where a list is expected).
"""

from __future__ import annotations

from msgspec import Struct, field

from valossa_metadata.models.core import Index, JobInfo, Seconds, VersionInfo

__all__ = [
    "Box",
    "BoxItem",
    "BoxesFile",
    "CaptionSection",
    "CaptionsFile",
    "CaptionsVersionInfo",
    "SectionTime",
]


class Box(Struct, frozen=True, kw_only=True, gc=False, omit_defaults=True):
    """A bounding box: upper-left corner and size as fractions of the frame, and its confidence."""

    x: float
    y: float
    w: float
    h: float
    c: float | None = None


class BoxItem(Struct, frozen=True, kw_only=True, gc=False, omit_defaults=True):
    """The boxes of one detection in one second or frame."""

    detection_id: str = field(name="d")
    occurrence_ids: list[str] = field(name="o", default_factory=list)
    boxes: list[Box] | Box = field(name="b", default_factory=list)


class BoxesFile(Struct, frozen=True, kw_only=True, gc=False, omit_defaults=True):
    """``seconds_objects``, ``frames_objects`` or ``frames_faces``: one list of items per second or frame."""

    version_info: VersionInfo = field(default_factory=VersionInfo)
    job_info: JobInfo | None = None
    objects_by_second: list[list[BoxItem]] | None = None
    objects_by_frame: list[list[BoxItem]] | None = None
    faces_by_frame: list[list[BoxItem]] | None = None


class CaptionsVersionInfo(Struct, frozen=True, kw_only=True, gc=False, omit_defaults=True):
    """``version_info`` of visual_captions, which names its version ``metadata_format_version``."""

    metadata_type: str | None = None
    metadata_format_version: str | None = None
    metadata_format: str | None = None
    backend: str | None = None


class SectionTime(Struct, frozen=True, kw_only=True, gc=False, omit_defaults=True):
    """``selected_sections[].section``: start, end and the shot it belongs to."""

    start: Seconds = field(name="s_start")
    end: Seconds = field(name="s_end")
    shot_index: Index | None = None


class CaptionSection(Struct, frozen=True, kw_only=True, gc=False, omit_defaults=True):
    """One described scene."""

    caption: str
    section: SectionTime


class CaptionsFile(Struct, frozen=True, kw_only=True, gc=False, omit_defaults=True):
    """``visual_captions``: natural-language descriptions of selected sections."""

    version_info: CaptionsVersionInfo = field(default_factory=CaptionsVersionInfo)
    job_info: JobInfo | None = None
    selected_sections: list[CaptionSection] = []
