"""Struct lists -> polars frames, built column by column; one schema constant per table.

Every builder takes the decoded parts it needs and returns a frame with exactly its schema, so an
empty result still has the right columns and types. Ids stay strings, as in the file.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import msgspec
import polars as pl

from valossa_metadata._intervals import union_duration
from valossa_metadata._legacy import OCCURRENCE_CONFIDENCE, fill_shot_indexes, gkg_id
from valossa_metadata.models.attributes import (
    FaceAttributes,
    IabSectionAttributes,
    SecondAttributes,
    SpeechAttributes,
    WordAttributes,
)
from valossa_metadata.models.core import CoreMetadata, Detection, Occurrence, SecondPresence, Shot

__all__ = [
    "DETECTIONS_SCHEMA",
    "FACES_SCHEMA",
    "OCCURRENCES_SCHEMA",
    "SECONDS_SCHEMA",
    "SECOND_ATTRIBUTES_SCHEMA",
    "SHOTS_SCHEMA",
    "SPEECH_SCHEMA",
    "TABLE_SCHEMAS",
    "TOPICS_SCHEMA",
    "WORDS_SCHEMA",
]

_STR: pl.DataType = pl.String()
_F64: pl.DataType = pl.Float64()
_I32: pl.DataType = pl.Int32()
_U32: pl.DataType = pl.UInt32()
_BOOL: pl.DataType = pl.Boolean()

#: ``detections()``: one row per detection, ordered by type then prominence.
DETECTIONS_SCHEMA = pl.Schema(
    {
        "detection_id": _STR,
        "type": _STR,
        "label": _STR,
        "cid": _STR,
        "gkg_id": _STR,
        "category_tags": pl.List(_STR),
        "prominence_rank": _U32,  # 1-based position in by_detection_type (speech types: chronological)
        "occurrence_count": _U32,
        "screen_time": _F64,  # seconds, union of the occurrences
        "first_seen": _F64,
        "confidence": _F64,  # best occurrence confidence, or the detection's own ``c`` (words)
    }
)

#: ``occurrences()``: one row per occurrence, ordered by start time.
OCCURRENCES_SCHEMA = pl.Schema(
    {
        "detection_id": _STR,
        "occurrence_id": _STR,
        "type": _STR,
        "label": _STR,
        "start": _F64,
        "end": _F64,
        "duration": _F64,
        "confidence": _F64,  # c_max, or c in old files and IAB sections; null where none is given
        "confidence_median": _F64,
        "shot_start": _I32,
        "shot_end": _I32,
        "frame_start": _I32,
        "frame_end": _I32,
        "score": _F64,
    }
)

#: ``seconds()``: one row per ``by_second`` item; a row covers [second, second + 1).
SECONDS_SCHEMA = pl.Schema(
    {"second": _I32, "detection_id": _STR, "type": _STR, "label": _STR, "confidence": _F64}
)

#: ``second_attributes()``: one row per ``by_second`` item that carries attributes.
SECOND_ATTRIBUTES_SCHEMA = pl.Schema(
    {
        "second": _I32,
        "detection_id": _STR,
        "type": _STR,
        "valence": _F64,
        "arousal": _F64,
        "emotions": pl.List(pl.Struct({"emotion": _STR, "confidence": _F64})),
        "colors": pl.List(pl.Struct({"rgb": _STR, "fraction": _F64})),
    }
)

#: ``shots()``: one row per detected shot.
SHOTS_SCHEMA = pl.Schema(
    {"shot_index": _I32, "start": _F64, "end": _F64, "duration": _F64, "frame_start": _I32, "frame_end": _I32}
)

#: ``speech()``: one row per ``audio.speech`` occurrence (a sentence), chronological.
SPEECH_SCHEMA = pl.Schema(
    {
        "detection_id": _STR,
        "start": _F64,
        "end": _F64,
        "text": _STR,
        "sentiment": _F64,  # valence of the words, -1 to 1
        "shot_start": _I32,
        "shot_end": _I32,
    }
)

#: ``words()``: one row per ``audio.speech_detailed`` detection, punctuation included and flagged.
WORDS_SCHEMA = pl.Schema(
    {
        "detection_id": _STR,
        "word": _STR,
        "start": _F64,
        "end": _F64,
        "confidence": _F64,
        "speaker": _STR,
        "is_punctuation": _BOOL,
        "frame_start": _I32,
        "frame_end": _I32,
    }
)

#: ``faces()``: one row per ``human.face`` detection.
FACES_SCHEMA = pl.Schema(
    {
        "detection_id": _STR,
        "name": _STR,  # best similar_to match, null for an unknown face
        "identity_confidence": _F64,
        "gallery_id": _STR,
        "gallery_face_id": _STR,
        "gender": _STR,
        "gender_confidence": _F64,
        "visible_seconds": _F64,  # a.s_visible: frame-accurate time on screen
        "quality": _STR,
        "under_18": _BOOL,
        "under_18_confidence": _F64,
        "age_lower": _F64,  # legacy 1.1.0 age_years
        "age_upper": _F64,
        "age_confidence": _F64,
        "occurrence_count": _U32,
        "screen_time": _F64,
        "prominence_rank": _U32,
    }
)

_SECTION = pl.Struct(
    {
        "start": _F64,
        "end": _F64,
        "confidence": _F64,
        "ad_score": _F64,
        "ad_score_at": _F64,
        "sources": pl.List(_STR),
    }
)

#: ``topics()``: one row per ``topic.*`` detection; IAB sections list their time sections.
TOPICS_SCHEMA = pl.Schema(
    {
        "detection_id": _STR,
        "type": _STR,
        "label": _STR,
        "iab_id": _STR,
        "labels_hierarchy": pl.List(_STR),
        "is_special_category": _BOOL,
        "sources": pl.List(_STR),
        "ad_score": _F64,  # best ad score of an IAB section (0-1, higher is more suitable)
        "ad_score_at": _F64,
        "sections": pl.List(_SECTION),
    }
)

#: Table name -> schema, for docs, datasets and checks.
TABLE_SCHEMAS: dict[str, pl.Schema] = {
    "detections": DETECTIONS_SCHEMA,
    "occurrences": OCCURRENCES_SCHEMA,
    "seconds": SECONDS_SCHEMA,
    "second_attributes": SECOND_ATTRIBUTES_SCHEMA,
    "shots": SHOTS_SCHEMA,
    "speech": SPEECH_SCHEMA,
    "words": WORDS_SCHEMA,
    "faces": FACES_SCHEMA,
    "topics": TOPICS_SCHEMA,
}

_SEPARATOR = "\x1f"  # ASCII unit separator: never inside a tag


def empty(schema: pl.Schema) -> pl.DataFrame:
    """An empty frame with ``schema``.

    Examples:
        >>> empty(SHOTS_SCHEMA).columns[:2]
        ['shot_index', 'start']
    """
    return pl.DataFrame(schema=schema)


def build_occurrences(core: CoreMetadata, shots: Sequence[Shot]) -> pl.DataFrame:
    """All occurrences of all detections, legacy fields normalised (see :mod:`legacy`).

    Sorted by start and end; ties keep the file's order.
    """
    # Plain comprehensions: Python 3.11 specialises ``o.start`` on Structs, ``attrgetter`` is 3x slower.
    details = list(core.detections.values())
    flat = [o for d in details for o in d.occurrences]
    if not flat:
        return empty(OCCURRENCES_SCHEMA)
    owners = _repeat_indexes([len(d.occurrences) for d in details])
    frame = pl.DataFrame(
        {
            "detection_id": pl.Series(list(core.detections), dtype=_STR).gather(owners),
            "occurrence_id": pl.Series([o.id for o in flat], dtype=_STR),
            "type": pl.Series([d.type for d in details], dtype=_STR).gather(owners),
            "label": pl.Series([d.label for d in details], dtype=_STR).gather(owners),
            "start": pl.Series([o.start for o in flat], dtype=_F64),
            "end": pl.Series([o.end for o in flat], dtype=_F64),
            "c_max": pl.Series([o.c_max for o in flat], dtype=_F64),
            "c": pl.Series([o.c for o in flat], dtype=_F64),
            "confidence_median": pl.Series([o.c_med for o in flat], dtype=_F64),
            "shot_start": pl.Series([o.shot_start for o in flat], dtype=_I32),
            "shot_end": pl.Series([o.shot_end for o in flat], dtype=_I32),
            "frame_start": pl.Series([o.frame_start for o in flat], dtype=_I32),
            "frame_end": pl.Series([o.frame_end for o in flat], dtype=_I32),
            "score": pl.Series([o.score for o in flat], dtype=_F64),
        }
    )
    frame = frame.with_columns(
        duration=(pl.col("end") - pl.col("start")).round(6), confidence=OCCURRENCE_CONFIDENCE
    )
    frame = fill_shot_indexes(frame, [shot.start for shot in shots])
    return frame.select(OCCURRENCES_SCHEMA.names()).sort("start", "end", maintain_order=True)


def _repeat_indexes(counts: list[int]) -> pl.Series:
    """Each index i repeated counts[i] times: the owner of every flattened item.

    Examples:
        >>> _repeat_indexes([2, 0, 1]).to_list()
        [0, 0, 2]
    """
    indexes = pl.Series(range(len(counts)), dtype=_U32)
    repeated: pl.Series = indexes.repeat_by(pl.Series(counts, dtype=_U32)).explode(empty_as_null=False)
    return repeated


def build_detections(
    core: CoreMetadata, by_detection_type: dict[str, list[str]], occurrences: pl.DataFrame
) -> pl.DataFrame:
    """One row per detection with its prominence, occurrence count and union screen time."""
    if not core.detections:
        return empty(DETECTIONS_SCHEMA)
    ordered = _ordered_ids(core, by_detection_type)
    ranks = _prominence_ranks(by_detection_type)
    details = [core.detections[i] for i in ordered]
    frame = pl.DataFrame(
        {
            "detection_id": ordered,
            "type": [d.type for d in details],
            "label": [d.label for d in details],
            "cid": [d.cid for d in details],
            "gkg_id": [gkg_id(d.ext_refs) for d in details],
            "category_tags": _string_lists([d.categ.tags if d.categ is not None else [] for d in details]),
            "prominence_rank": [ranks.get(i) for i in ordered],
            "own_confidence": [d.confidence for d in details],
        },
        schema_overrides={
            "cid": _STR,
            "gkg_id": _STR,
            "prominence_rank": _U32,
            "own_confidence": _F64,
        },
    )
    stats = occurrences.group_by("detection_id").agg(
        occurrence_count=pl.len().cast(_U32),
        first_seen=pl.col("start").min(),
        best=pl.col("confidence").max(),
    )
    screen = union_duration(occurrences, ["detection_id"])
    frame = (
        frame.join(stats, on="detection_id", how="left", maintain_order="left")
        .join(screen, on="detection_id", how="left", maintain_order="left")
        .with_columns(
            occurrence_count=pl.col("occurrence_count").fill_null(0),
            screen_time=pl.col("screen_time").fill_null(0.0),
            confidence=pl.coalesce("best", "own_confidence"),
        )
    )
    return frame.select(DETECTIONS_SCHEMA.names())


def _string_lists(values: list[list[str]]) -> pl.Series:
    """A List(String) column built in one vectorised split: per-row Series construction is slow."""
    joined = pl.Series([_SEPARATOR.join(v) if v else None for v in values], dtype=_STR)
    return joined.str.split(_SEPARATOR).fill_null(pl.lit([], dtype=pl.List(_STR)))


def _ordered_ids(core: CoreMetadata, by_detection_type: dict[str, list[str]]) -> list[str]:
    seen: set[str] = set()
    ordered: list[str] = []
    for ids in by_detection_type.values():
        for detection_id in ids:
            if detection_id in core.detections and detection_id not in seen:
                seen.add(detection_id)
                ordered.append(detection_id)
    if len(ordered) < len(core.detections):
        rest = sorted((i for i in core.detections if i not in seen), key=_numeric_then_text)
        ordered.extend(rest)
    return ordered


def _numeric_then_text(detection_id: str) -> tuple[int, int | str]:
    return (0, int(detection_id)) if detection_id.isdigit() else (1, detection_id)


def _prominence_ranks(by_detection_type: dict[str, list[str]]) -> dict[str, int]:
    return {i: rank for ids in by_detection_type.values() for rank, i in enumerate(ids, start=1)}


def second_rows(by_second: Sequence[Sequence[SecondPresence]]) -> pl.DataFrame:
    """``second``, ``detection_id`` and ``confidence`` of every ``by_second`` item.

    Examples:
        >>> from valossa_metadata.models.core import SecondPresence as P
        >>> second_rows([[P(detection_id="7", confidence=0.5)], [], [P(detection_id="7")]]).rows()
        [(0, '7', 0.5), (2, '7', None)]
    """
    return pl.DataFrame(
        {
            "second": _repeat_indexes([len(items) for items in by_second]).cast(_I32),
            "detection_id": pl.Series(
                [item.detection_id for items in by_second for item in items], dtype=_STR
            ),
            "confidence": pl.Series([item.confidence for items in by_second for item in items], dtype=_F64),
        }
    )


def build_seconds(rows: pl.DataFrame, names: pl.DataFrame) -> pl.DataFrame:
    """The seconds table: :func:`second_rows` with type and label joined from ``names`` (id, type, label).

    The rows come first so that the caller can free the decoded items before the join. A row naming
    a detection that is not in the file is left out (``validate()`` reports it).
    """
    frame = rows.join(names, on="detection_id", how="inner", maintain_order="left")
    return frame.select(SECONDS_SCHEMA.names())


def build_second_attributes(
    rows: Sequence[tuple[int, str, SecondAttributes]], types: dict[str, str]
) -> pl.DataFrame:
    """Per-second sentiment, expressions, voice valence/arousal and colors, long format."""
    if not rows:
        return empty(SECOND_ATTRIBUTES_SCHEMA)
    attrs = [row[2] for row in rows]
    frame = pl.DataFrame(
        {
            "second": [row[0] for row in rows],
            "detection_id": [row[1] for row in rows],
            "type": [types.get(row[1]) for row in rows],
            "valence": [a.sen.val if a.sen is not None else a.valence for a in attrs],
            "arousal": [
                a.sen.aro if a.sen is not None and a.sen.aro is not None else a.arousal for a in attrs
            ],
        },
        schema={name: SECOND_ATTRIBUTES_SCHEMA[name] for name in ("second", "detection_id", "type")}
        | {"valence": _F64, "arousal": _F64},
    )
    emotions = [(r, e.e, e.c) for r, a in enumerate(attrs) if a.sen is not None for e in a.sen.emo]
    colors = [(r, c.rgb, c.fraction) for r, a in enumerate(attrs) for c in a.colors]
    frame = frame.with_columns(
        emotions=_struct_lists(emotions, len(rows), SECOND_ATTRIBUTES_SCHEMA["emotions"]),
        colors=_struct_lists(colors, len(rows), SECOND_ATTRIBUTES_SCHEMA["colors"]),
    )
    return frame.select(SECOND_ATTRIBUTES_SCHEMA.names())


def _struct_lists(items: list[tuple[int, Any, Any]], height: int, dtype: pl.DataType) -> pl.Series:
    """A List(Struct) column of ``height`` rows from flat (row, field 1, field 2) items in row order.

    Building it from flat columns and one group-by is about 50 times faster than handing polars a
    list of lists of dicts, which it converts one row at a time.

    Examples:
        >>> kind = pl.List(pl.Struct({"e": pl.String, "c": pl.Float64}))
        >>> _struct_lists([(0, "joy", 0.5), (2, "fear", 0.1), (2, "anger", 0.2)], 3, kind).to_list()
        [[{'e': 'joy', 'c': 0.5}], [], [{'e': 'fear', 'c': 0.1}, {'e': 'anger', 'c': 0.2}]]
    """
    assert isinstance(dtype, pl.List)
    assert isinstance(dtype.inner, pl.Struct)
    first, second = (field.name for field in dtype.inner.fields)
    flat = pl.DataFrame(
        {
            "row": [item[0] for item in items],
            first: [item[1] for item in items],
            second: [item[2] for item in items],
        },
        schema={"row": _U32, first: dtype.inner.fields[0].dtype, second: dtype.inner.fields[1].dtype},
    )
    lists = flat.group_by("row").agg(pl.struct(first, second).alias("items"))
    rows = pl.DataFrame({"row": pl.Series(range(height), dtype=_U32)})
    joined = rows.join(lists, on="row", how="left", maintain_order="left")
    column: pl.Series = joined["items"].fill_null(pl.lit([], dtype=dtype)).cast(dtype)
    return column


def build_shots(shots: Sequence[Shot]) -> pl.DataFrame:
    """One row per detected shot; ``duration`` is ``sdur`` or end minus start."""
    if not shots:
        return empty(SHOTS_SCHEMA)
    return pl.DataFrame(
        {
            "shot_index": range(len(shots)),
            "start": [s.start for s in shots],
            "end": [s.end for s in shots],
            "duration": [s.duration if s.duration is not None else s.end - s.start for s in shots],
            "frame_start": [s.frame_start for s in shots],
            "frame_end": [s.frame_end for s in shots],
        },
        schema=SHOTS_SCHEMA,
    )


def build_speech(
    sentences: Sequence[tuple[str, Detection, SpeechAttributes | None]], occurrences: pl.DataFrame
) -> pl.DataFrame:
    """One row per sentence occurrence, chronological, with its sentiment."""
    if not sentences:
        return empty(SPEECH_SCHEMA)
    texts = pl.DataFrame(
        {
            "detection_id": [s[0] for s in sentences],
            "text": [s[1].label for s in sentences],
            "sentiment": [
                s[2].sen.val if s[2] is not None and s[2].sen is not None else None for s in sentences
            ],
        },
        schema_overrides={"sentiment": _F64},
    )
    frame = occurrences.select("detection_id", "start", "end", "shot_start", "shot_end").join(
        texts, on="detection_id", how="inner"
    )
    return frame.select(SPEECH_SCHEMA.names()).sort("start", "end", maintain_order=True)


def build_words(words: Sequence[tuple[str, Detection, WordAttributes | None]]) -> pl.DataFrame:
    """One row per word or punctuation mark, chronological, with its speaker."""
    if not words:
        return empty(WORDS_SCHEMA)
    firsts = [d.occurrences[0] if d.occurrences else None for _, d, _ in words]
    starts = [o.start if o is not None else None for o in firsts]
    ends = [o.end if o is not None else None for o in firsts]
    frame = pl.DataFrame(
        {
            "detection_id": [w[0] for w in words],
            "word": [w[1].label for w in words],
            "start": starts,
            "end": ends,
            "confidence": [w[1].confidence for w in words],
            "speaker": [w[2].s.id if w[2] is not None and w[2].s is not None else None for w in words],
            "is_punctuation": [_is_punctuation(w[1].label, s, e) for w, s, e in zip(words, starts, ends)],
            "frame_start": [o.frame_start if o is not None else None for o in firsts],
            "frame_end": [o.frame_end if o is not None else None for o in firsts],
        },
        schema=WORDS_SCHEMA,
    )
    return frame.sort("start", maintain_order=True, nulls_last=True)


def _is_punctuation(label: str, start: float | None, end: float | None) -> bool:
    """Punctuation marks have no duration (ss == se) and no letters or digits."""
    if start is not None and start != end:  # the usual word: no need to look at its letters
        return False
    text = label.strip()
    return bool(text) and not any(ch.isalnum() for ch in text)


def build_faces(
    faces: Sequence[tuple[str, Detection, FaceAttributes | None]],
    occurrences: pl.DataFrame,
    by_detection_type: dict[str, list[str]],
) -> pl.DataFrame:
    """One row per face detection: identity, gender, visibility, age and screen time.

    ``under_18`` is true when the face has ``under_18_years`` data or the ``under_18_years``
    category tag, as Valossa marks faces it estimates to be minors.
    """
    if not faces:
        return empty(FACES_SCHEMA)
    rows: list[dict[str, Any]] = []
    for detection_id, detection, attrs in faces:
        a = attrs or FaceAttributes()
        tags = detection.categ.tags if detection.categ is not None else []
        best = a.similar_to[0] if a.similar_to else None
        under = a.under_18_years
        age = a.age_years
        rows.append(
            {
                "detection_id": detection_id,
                "name": best.name if best else None,
                "identity_confidence": best.c if best else None,
                "gallery_id": best.gallery.id if best and best.gallery else None,
                "gallery_face_id": best.gallery_face.id if best and best.gallery_face else None,
                "gender": a.gender.value if a.gender else None,
                "gender_confidence": a.gender.c if a.gender else None,
                "visible_seconds": a.s_visible,
                "quality": a.quality,
                "under_18": under is not None or "under_18_years" in tags,
                "under_18_confidence": under.c_max if under else None,
                "age_lower": age.lower_bound if age else None,
                "age_upper": age.upper_bound if age else None,
                "age_confidence": age.c if age else None,
            }
        )
    columns = {name: [row[name] for row in rows] for name in rows[0]}
    frame = pl.DataFrame(columns, schema={n: FACES_SCHEMA[n] for n in columns})
    mine = occurrences.filter(pl.col("detection_id").is_in(frame["detection_id"].implode()))
    counts = mine.group_by("detection_id").agg(occurrence_count=pl.len().cast(_U32))
    ranks = _prominence_ranks({"human.face": by_detection_type.get("human.face", [])})
    frame = (
        frame.join(counts, on="detection_id", how="left", maintain_order="left")
        .join(union_duration(mine, ["detection_id"]), on="detection_id", how="left", maintain_order="left")
        .with_columns(
            occurrence_count=pl.col("occurrence_count").fill_null(0),
            screen_time=pl.col("screen_time").fill_null(0.0),
            prominence_rank=pl.col("detection_id").replace_strict(ranks, default=None, return_dtype=_U32),
        )
    )
    return frame.select(FACES_SCHEMA.names())


def build_topics(
    topics: Sequence[tuple[str, Detection, IabSectionAttributes | None]],
    section_attributes: dict[str, IabSectionAttributes | None],
) -> pl.DataFrame:
    """One row per topic detection, IAB references and ad scores flattened."""
    if not topics:
        return empty(TOPICS_SCHEMA)
    rows = []
    for detection_id, detection, attrs in topics:
        iab = detection.ext_refs.iab if detection.ext_refs is not None else None
        rows.append(
            {
                "detection_id": detection_id,
                "type": detection.type,
                "label": detection.label,
                "iab_id": iab.id if iab else None,
                "labels_hierarchy": iab.labels_hierarchy if iab else [],
                "is_special_category": bool(iab.is_scd_category) if iab else False,
                "sources": attrs.sources if attrs else [],
                "ad_score": attrs.ad_score.max if attrs and attrs.ad_score else None,
                "ad_score_at": attrs.ad_score.s_max if attrs and attrs.ad_score else None,
                "sections": [_section(o, section_attributes.get(o.id)) for o in detection.occurrences],
            }
        )
    return pl.DataFrame(rows, schema=TOPICS_SCHEMA)


def _section(occurrence: Occurrence, attrs: IabSectionAttributes | None) -> dict[str, Any]:
    score = attrs.ad_score if attrs is not None else None
    return {
        "start": occurrence.start,
        "end": occurrence.end,
        "confidence": occurrence.confidence,
        "ad_score": score.max if score else None,
        "ad_score_at": score.s_max if score else None,
        "sources": attrs.sources if attrs else [],
    }


def raws_to_list(raws: Iterable[msgspec.Raw]) -> bytes:
    """Join raw JSON values into one JSON array (absent values become ``null``), to decode in one call.

    Examples:
        >>> raws_to_list([msgspec.Raw(b"{}"), msgspec.Raw()])
        b'[{},null]'
    """
    return b"[" + b",".join(bytes(r) if len(r) else b"null" for r in raws) + b"]"
