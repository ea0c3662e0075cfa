"""msgspec Structs for Core metadata: the typed tree, no I/O.

Wire keys are short (``t``, ``occs``, ``ss``); the attributes carry readable names and are renamed
once with ``field(name=...)``. Unknown keys are ignored by the decoder (never forbidden) and stay
reachable through :attr:`valossa_metadata.Metadata.raw`. Type-specific attributes (``a``) and the
per-second grouping are kept as :class:`msgspec.Raw` and decoded only when something asks for them.
"""

from __future__ import annotations

from typing import Annotated, Any

from msgspec import Meta, Raw, Struct, field

__all__ = [
    "AudioCodec",
    "Category",
    "CoreMetadata",
    "CustomerInfo",
    "CustomerMediaInfo",
    "Detection",
    "DetectionGroupings",
    "ExternalRefs",
    "ExternalService",
    "FreebaseRef",
    "GkgRef",
    "IabRef",
    "JobInfo",
    "JobRequest",
    "MediaInfo",
    "Occurrence",
    "RequestMedia",
    "Resolution",
    "SecondItem",
    "SecondPresence",
    "Segmentations",
    "Shot",
    "Technical",
    "UrlRef",
    "VersionInfo",
    "VideoCodec",
]

_EMPTY_RAW = Raw()

#: A time in seconds. Valossa writes plain floats; a value beyond 10^6 s (eleven days) either way is
#: corruption, refused with its JSON location rather than overflowing a clock or a per-second table.
Seconds = Annotated[float, Meta(ge=-1e6, le=1e6)]
#: A shot or frame index: what the tables' 32-bit columns hold.
Index = Annotated[int, Meta(ge=-(2**31), le=2**31 - 1)]


class VersionInfo(Struct, frozen=True, kw_only=True, gc=False, omit_defaults=True):
    """``version_info``: the format version, backend and metadata type (missing before 1.3.1)."""

    metadata_format: str = ""
    backend: str | None = None
    metadata_type: str | None = None


class UrlRef(Struct, frozen=True, kw_only=True, gc=False, omit_defaults=True):
    """An object with one ``url`` (``media.video``, ``media.transcript``)."""

    url: str | None = None


class CustomerMediaInfo(Struct, frozen=True, kw_only=True, gc=False, omit_defaults=True):
    """``media.customer_media_info``: the caller's own media identifier."""

    id: str | None = None


class RequestMedia(Struct, frozen=True, kw_only=True, gc=False, omit_defaults=True):
    """``job_info.request.media``: the echo of the ``new_job`` request's media (1.1.0 has only video)."""

    video: UrlRef | None = None
    transcript: UrlRef | None = None
    description: str | None = None
    language: str | None = None
    title: str | None = None
    customer_media_info: CustomerMediaInfo | None = None


class JobRequest(Struct, frozen=True, kw_only=True, gc=False, omit_defaults=True):
    """``job_info.request``: media and the analysis parameters that were applied."""

    media: RequestMedia | None = None
    analysis_parameters: dict[str, Any] | None = None


class JobInfo(Struct, frozen=True, kw_only=True, gc=False, omit_defaults=True):
    """``job_info``: the job id and its request."""

    job_id: str | None = None
    request: JobRequest | None = None


class Resolution(Struct, frozen=True, kw_only=True, gc=False, omit_defaults=True):
    """``media_info.technical.resolution`` in pixels."""

    x_pixels: int | None = None
    y_pixels: int | None = None


class VideoCodec(Struct, frozen=True, kw_only=True, gc=False, omit_defaults=True):
    """``media_info.technical.video_codec``."""

    name_long: str | None = None
    name_short: str | None = None
    bps: float | None = None


class AudioCodec(VideoCodec, frozen=True, kw_only=True, gc=False, omit_defaults=True):
    """``media_info.technical.audio_codec``."""


class Technical(Struct, frozen=True, kw_only=True, gc=False, omit_defaults=True):
    """``media_info.technical``: duration, frame rate and (1.4 and later) codecs and resolution."""

    duration_s: Seconds | None = None
    fps: Annotated[float, Meta(ge=-1e6, le=1e6)] | None = None
    resolution: Resolution | None = None
    video_codec: VideoCodec | None = None
    audio_codec: AudioCodec | None = None
    n_audio_channels: int | None = None


class CustomerInfo(Struct, frozen=True, kw_only=True, gc=False, omit_defaults=True):
    """``media_info.from_customer``: the title and description the customer gave."""

    title: str | None = None
    description: str | None = None


class ExternalService(Struct, frozen=True, kw_only=True, gc=False, omit_defaults=True):
    """``media_info.from_external_services[]`` (1.1.0): facts taken from e.g. YouTube."""

    service: str | None = None
    title: str | None = None
    description: str | None = None


class MediaInfo(Struct, frozen=True, kw_only=True, gc=False, omit_defaults=True):
    """``media_info``. ``from_customer`` is an empty list in 1.1.0 files; see :mod:`legacy`."""

    technical: Technical | None = None
    from_customer: CustomerInfo | list[Any] | None = None
    from_external_services: list[ExternalService] | None = None


class GkgRef(Struct, frozen=True, kw_only=True, gc=False, omit_defaults=True):
    """``ext_refs.gkg``: a Google Knowledge Graph id such as ``/m/01dv4h``."""

    id: str


class FreebaseRef(GkgRef, frozen=True, kw_only=True, gc=False, omit_defaults=True):
    """``ext_refs.freebase`` (1.1.0): a Freebase mid, the same namespace as GKG ids."""


class IabRef(Struct, frozen=True, kw_only=True, gc=False, omit_defaults=True):
    """``ext_refs.iab``: an IAB category id, its label path and the special-category flag."""

    id: str | None = None
    labels_hierarchy: list[str] = []
    is_scd_category: bool | None = None


class ExternalRefs(Struct, frozen=True, kw_only=True, gc=False, omit_defaults=True):
    """``ext_refs``: references into external ontologies."""

    gkg: GkgRef | None = None
    iab: IabRef | None = None
    freebase: FreebaseRef | None = None


class Category(Struct, frozen=True, kw_only=True, gc=False, omit_defaults=True):
    """``categ``: category tags such as ``fauna`` or ``under_18_years`` (1.3.3 and later)."""

    tags: list[str] = []


class Occurrence(Struct, frozen=True, kw_only=True, gc=False, omit_defaults=True):
    """One time segment of a detection (``occs[]``); times in seconds.

    ``c_max`` is the usual confidence; old files and IAB sections carry ``c`` instead, and
    :attr:`confidence` picks whichever is there.
    """

    id: str
    start: Seconds = field(name="ss")
    end: Seconds = field(name="se")
    c_max: float | None = None
    c_med: float | None = None
    c: float | None = None
    shot_start: Index | None = field(name="shs", default=None)
    shot_end: Index | None = field(name="she", default=None)
    frame_start: Index | None = field(name="fs", default=None)
    frame_end: Index | None = field(name="fe", default=None)
    duration: Seconds | None = field(name="sdur", default=None)
    score: float | None = field(name="scr", default=None)
    attributes: Raw = field(name="a", default=_EMPTY_RAW)

    @property
    def confidence(self) -> float | None:
        """``c_max``, or ``c`` in old files and IAB sections, or ``None``.

        Examples:
            >>> Occurrence(id="1", start=0.0, end=1.0, c=0.7).confidence
            0.7
        """
        return self.c_max if self.c_max is not None else self.c


class Detection(Struct, frozen=True, kw_only=True, gc=False, omit_defaults=True):
    """One detection: a concept, face, word, topic... with its occurrences.

    ``attributes`` is the raw ``a`` object; :meth:`valossa_metadata.Metadata.attributes` decodes it
    with the per-type registry of :mod:`valossa_metadata.models.attributes`.
    """

    type: str = field(name="t")
    label: str = ""
    cid: str | None = None
    ext_refs: ExternalRefs | None = None
    categ: Category | None = None
    confidence: float | None = field(name="c", default=None)
    occurrences: list[Occurrence] = field(name="occs", default_factory=list)
    attributes: Raw = field(name="a", default=_EMPTY_RAW)


class SecondPresence(Struct, frozen=True, kw_only=True, gc=False, omit_defaults=True):
    """The light view of a ``by_second`` item that the seconds table needs: detection and confidence."""

    detection_id: str = field(name="d")
    confidence: float | None = field(name="c", default=None)


class SecondItem(SecondPresence, frozen=True, kw_only=True, gc=False, omit_defaults=True):
    """One ``by_second[i][k]`` item: a detection present during second i."""

    occurrence_ids: list[str] = field(name="o", default_factory=list)
    attributes: Raw = field(name="a", default=_EMPTY_RAW)


class DetectionGroupings(Struct, frozen=True, kw_only=True, gc=False, omit_defaults=True):
    """``detection_groupings``. ``by_second`` stays raw until a table needs it.

    ``by_frequency`` and ``by_detection_property`` have no documented layout and are kept as raw
    JSON; ``overview_by_detection_type`` is the 1.1.0 top list per type.
    """

    by_detection_type: dict[str, list[str]] | None = None
    by_second: Raw = _EMPTY_RAW
    by_frequency: Raw = _EMPTY_RAW
    by_detection_property: Raw = _EMPTY_RAW
    overview_by_detection_type: dict[str, list[str]] | None = None


class Shot(Struct, frozen=True, kw_only=True, gc=False, omit_defaults=True):
    """One ``segmentations.detected_shots[]`` item; frames are 0-based."""

    start: Seconds = field(name="ss")
    end: Seconds = field(name="se")
    frame_start: Index | None = field(name="fs", default=None)
    frame_end: Index | None = field(name="fe", default=None)
    duration: Seconds | None = field(name="sdur", default=None)


class Segmentations(Struct, frozen=True, kw_only=True, gc=False, omit_defaults=True):
    """``segmentations``: today only the detected shots."""

    detected_shots: list[Shot] = []


class CoreMetadata(Struct, frozen=True, kw_only=True, gc=False, omit_defaults=True):
    """The whole Core metadata document."""

    version_info: VersionInfo = field(default_factory=VersionInfo)
    job_info: JobInfo | None = None
    media_info: MediaInfo | None = None
    detections: dict[str, Detection] = {}
    detection_groupings: DetectionGroupings = field(default_factory=DetectionGroupings)
    segmentations: Segmentations = field(default_factory=Segmentations)


def raw_is_empty(raw: Raw) -> bool:
    """True when a :class:`msgspec.Raw` field was absent (or ``null``) in the file.

    Examples:
        >>> raw_is_empty(Raw()), raw_is_empty(Raw(b"{}"))
        (True, False)
    """
    return len(raw) == 0 or (len(raw) == 4 and bytes(raw) == b"null")
