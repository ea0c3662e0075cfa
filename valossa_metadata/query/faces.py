"""Face identities: gallery matches merged by name, unknown faces named, face groups resolved.

Several ``human.face`` detections are often the same person (each is one face track that Valossa
matched to a gallery identity). Identities merge them by the matched name; unknown faces get a
readable name such as ``unknown female 12`` (gender and detection id), as metadata-reader does.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from valossa_metadata.query.filters import detection_keys

__all__ = ["face_groups", "identities", "with_identity"]


def identities(faces: pl.DataFrame, *, separate: bool = False) -> pl.DataFrame:
    """``detection_id`` -> ``identity`` for every face of a ``faces()`` table.

    Known faces are named by their best gallery match (``separate=True`` keeps each detection apart:
    ``Jane Doe (12)``); unknown faces become ``unknown female 12`` (``unknown face 12`` without a
    gender).

    Examples:
        >>> faces = pl.DataFrame({"detection_id": ["1", "2", "3"], "name": ["Ann", "Ann", None],
        ...                       "gender": ["female", "female", None]})
        >>> identities(faces)["identity"].to_list()
        ['Ann', 'Ann', 'unknown face 3']
        >>> identities(faces, separate=True)["identity"].to_list()[:2]
        ['Ann (1)', 'Ann (2)']
    """
    keys = detection_keys(faces)
    which = pl.col("detection_id")
    if "job_id" in keys:  # in an archive a detection id repeats between videos: name the video too
        which = pl.concat_str(pl.col("detection_id"), pl.lit(" of "), pl.col("job_id").str.slice(0, 8))
    unknown = pl.concat_str(pl.lit("unknown "), pl.col("gender").fill_null("face"), pl.lit(" "), which)
    known = pl.col("name")
    if separate:
        known = pl.concat_str(pl.col("name"), pl.lit(" ("), which, pl.lit(")"))
    identity = pl.when(pl.col("name").is_not_null()).then(known).otherwise(unknown)
    return faces.select(*keys, identity=identity)


def with_identity(
    frame: pl.DataFrame, faces: pl.DataFrame, *, separate: bool = False, skip_unknown: bool = False
) -> pl.DataFrame:
    """Add an ``identity`` column to any table with ``detection_id`` (null for non-face rows).

    ``skip_unknown`` drops the faces that matched no gallery identity.

    Examples:
        >>> faces = pl.DataFrame({"detection_id": ["1"], "name": ["Ann"], "gender": ["female"]})
        >>> with_identity(pl.DataFrame({"detection_id": ["1", "9"]}), faces)["identity"].to_list()
        ['Ann', None]
    """
    keys = detection_keys(frame)
    named = identities(faces, separate=separate)
    result = frame.join(named, on=keys, how="left", maintain_order="left")
    if skip_unknown:
        unknown = faces.filter(pl.col("name").is_null()).select(keys)
        result = result.join(unknown, on=keys, how="anti", maintain_order="left")
    return result


def face_groups(groups: Sequence[tuple[str, Sequence[str]]], faces: pl.DataFrame) -> pl.DataFrame:
    """Face groups (``human.face_group``) with their members' detection ids and identities.

    ``groups`` holds (group detection id, member face ids), as in ``a.face_det_ids``.

    Examples:
        >>> faces = pl.DataFrame({"detection_id": ["1", "2"], "name": ["Ann", None],
        ...                       "gender": [None, "male"]})
        >>> face_groups([("9", ["1", "2"])], faces).row(0)
        ('9', ['1', '2'], ['Ann', 'unknown male 2'])
    """
    named = dict(identities(faces).iter_rows())
    rows = [
        (group, list(members), [named.get(m, f"unknown face {m}") for m in members])
        for group, members in groups
    ]
    return pl.DataFrame(
        rows,
        schema={"detection_id": pl.String, "member_ids": pl.List(pl.String), "members": pl.List(pl.String)},
        orient="row",
    )
