"""Every difference of old Core formats (1.1.0 of 2017 to 1.3.x), normalised in this one module.

=========================  ==============================  ======================================
old files                  current files                   where it is normalised
=========================  ==============================  ======================================
no ``metadata_type``       ``"core"``                      :func:`normalise_core`
``from_customer: []``      an object                       :func:`normalise_core`
no ``by_detection_type``   present                         :func:`normalise_core` (from overview
                                                           or built from the detections)
occurrence ``c``           ``c_max``                       :data:`OCCURRENCE_CONFIDENCE`
``ext_refs.freebase``      ``ext_refs.gkg``                :func:`gkg_id`
no ``shs``/``she``         shot indexes                    :func:`fill_shot_indexes`
``a.age_years`` (faces)    dropped                         kept as ``age_*`` columns of faces()
=========================  ==============================  ======================================
"""

from __future__ import annotations

import msgspec
import polars as pl

from valossa_metadata.models.core import CoreMetadata, CustomerInfo, DetectionGroupings, ExternalRefs

__all__ = ["OCCURRENCE_CONFIDENCE", "fill_shot_indexes", "gkg_id", "normalise_core"]

#: An occurrence's confidence: ``c_max``, or ``c`` in 1.1.0 files and IAB sections.
OCCURRENCE_CONFIDENCE = pl.coalesce(pl.col("c_max"), pl.col("c"))


def normalise_core(core: CoreMetadata) -> CoreMetadata:
    """Bring the header fields of an old file to the current layout.

    Examples:
        >>> from valossa_metadata.models.core import MediaInfo, VersionInfo
        >>> old = CoreMetadata(version_info=VersionInfo(metadata_format="1.1.0"),
        ...                    media_info=MediaInfo(from_customer=[]))
        >>> new = normalise_core(old)
        >>> new.version_info.metadata_type, new.media_info.from_customer
        ('core', CustomerInfo(title=None, description=None))
    """
    replace = msgspec.structs.replace
    if core.version_info.metadata_type is None:
        core = replace(core, version_info=replace(core.version_info, metadata_type="core"))
    media = core.media_info
    if media is not None and isinstance(media.from_customer, list):
        first = media.from_customer[0] if media.from_customer else {}
        customer = msgspec.convert(first, CustomerInfo) if isinstance(first, dict) else CustomerInfo()
        core = replace(core, media_info=replace(media, from_customer=customer))
    groupings = core.detection_groupings
    if groupings.by_detection_type is None:
        core = replace(core, detection_groupings=_with_by_detection_type(core, groupings))
    return core


def _with_by_detection_type(core: CoreMetadata, groupings: DetectionGroupings) -> DetectionGroupings:
    """Fill a missing ``by_detection_type``: the 1.1.0 overview first, then every detection by id."""
    by_type: dict[str, list[str]] = {}
    listed: set[str] = set()
    for detection_type, ids in (groupings.overview_by_detection_type or {}).items():
        known = [i for i in ids if i in core.detections]
        by_type[detection_type] = known
        listed.update(known)
    for detection_id in sorted(core.detections, key=_numeric_key):
        if detection_id not in listed:
            by_type.setdefault(core.detections[detection_id].type, []).append(detection_id)
    return msgspec.structs.replace(groupings, by_detection_type=by_type)


def _numeric_key(detection_id: str) -> tuple[int, int | str]:
    return (0, int(detection_id)) if detection_id.isdigit() else (1, detection_id)


def gkg_id(refs: ExternalRefs | None) -> str | None:
    """The Knowledge Graph id of a detection: ``gkg.id``, or the legacy ``freebase.id`` (same namespace).

    Examples:
        >>> from valossa_metadata.models.core import FreebaseRef
        >>> gkg_id(ExternalRefs(freebase=FreebaseRef(id="/m/011s0")))
        '/m/011s0'
    """
    if refs is None:
        return None
    if refs.gkg is not None:
        return refs.gkg.id
    return refs.freebase.id if refs.freebase is not None else None


def fill_shot_indexes(occurrences: pl.DataFrame, shot_starts: list[float]) -> pl.DataFrame:
    """Fill missing ``shot_start``/``shot_end`` from the times, as current files give them.

    The shot of a time t is the last shot starting at or before t; the end shot is taken at the
    occurrence's end (an end that falls exactly on a shot start belongs to the shot before).

    Examples:
        >>> df = pl.DataFrame({"start": [0.5, 7.0], "end": [6.0, 10.0],
        ...                    "shot_start": [None, 3], "shot_end": [None, 3]},
        ...                   schema_overrides={"shot_start": pl.Int32, "shot_end": pl.Int32})
        >>> fill_shot_indexes(df, [0.0, 5.0, 9.0])["shot_start"].to_list()
        [0, 3]
    """
    missing = occurrences["shot_start"].null_count() + occurrences["shot_end"].null_count()
    if not shot_starts or missing == 0:
        return occurrences
    starts = pl.Series(shot_starts, dtype=pl.Float64)
    last = len(shot_starts) - 1
    first_shot = (starts.search_sorted(occurrences["start"], side="right") - 1).clip(0, last)
    last_shot = (starts.search_sorted(occurrences["end"], side="left") - 1).clip(0, last)
    last_shot = pl.select(pl.max_horizontal(first_shot, last_shot)).to_series()
    return occurrences.with_columns(
        pl.col("shot_start").fill_null(first_shot.cast(pl.Int32)),
        pl.col("shot_end").fill_null(last_shot.cast(pl.Int32)),
    )
