"""Questions over time: pure functions on the polars tables.

Selection (types, labels, concept and external ids, categories, person names, confidence, top N),
time windows (``overlap``, ``within``, ``clip``), ``at(t)``, shots, and union screen time. The same
questions are offered as :class:`~valossa_metadata.Metadata` methods that pick the right tables.

A minimum-confidence filter drops rows whose confidence is null (faces, keywords and speech have
none), as SQL does with NULL; select those types without it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from fnmatch import fnmatchcase
from typing import Literal

import polars as pl

from valossa_metadata._intervals import union_duration
from valossa_metadata.errors import UsageError

__all__ = [
    "WindowMode",
    "at",
    "by_category",
    "by_cid",
    "by_gkg",
    "by_label",
    "by_person",
    "by_type",
    "category_durations",
    "detection_keys",
    "glob_regex",
    "in_shot",
    "min_confidence",
    "restrict",
    "screen_time",
    "shots_containing",
    "top",
    "window",
    "window_bounds",
]

WindowMode = Literal["overlap", "within", "clip"]
LabelMode = Literal["exact", "glob", "regex"]


def glob_regex(pattern: str) -> str:
    """A glob (``*`` any text, ``?`` one character) as an anchored regular expression for polars.

    Examples:
        >>> glob_regex("*Hepburn")
        '^.*Hepburn$'
    """
    body = "".join(".*" if ch == "*" else "." if ch == "?" else re.escape(ch) for ch in pattern)
    return f"^{body}$"


def detection_keys(frame: pl.DataFrame) -> list[str]:
    """The columns that name a detection: ``detection_id``, and ``job_id`` first in an archive.

    Examples:
        >>> detection_keys(pl.DataFrame({"job_id": ["j"], "detection_id": ["1"]}))
        ['job_id', 'detection_id']
    """
    return ["job_id", "detection_id"] if "job_id" in frame.columns else ["detection_id"]


def _names(values: str | Iterable[str]) -> list[str]:
    return [values] if isinstance(values, str) else list(values)


def by_type(frame: pl.DataFrame, patterns: str | Iterable[str]) -> pl.DataFrame:
    """Rows whose ``type`` matches any glob (``visual.*``, ``audio.keyword.*``, ``*.face``).

    Examples:
        >>> df = pl.DataFrame({"type": ["visual.context", "human.face", "audio.context"]})
        >>> by_type(df, ["visual.*", "*.face"])["type"].to_list()
        ['visual.context', 'human.face']
    """
    globs = _names(patterns)
    types = frame.get_column("type").unique().drop_nulls().to_list()
    keep = [t for t in types if any(fnmatchcase(t, g) for g in globs)]
    return frame.filter(pl.col("type").is_in(keep))


def by_label(
    frame: pl.DataFrame, labels: str | Iterable[str], *, mode: LabelMode = "exact", ignore_case: bool = True
) -> pl.DataFrame:
    """Rows whose ``label`` equals, globs or matches (regex, anywhere in the label) any of ``labels``.

    Examples:
        >>> df = pl.DataFrame({"label": ["Car", "car wheel", "dog"]})
        >>> by_label(df, "car")["label"].to_list()
        ['Car']
        >>> by_label(df, "car*", mode="glob")["label"].to_list()
        ['Car', 'car wheel']
        >>> by_label(df, r"^d", mode="regex")["label"].to_list()
        ['dog']
    """
    return frame.filter(_text_matches(pl.col("label"), _names(labels), mode, ignore_case))


def _text_matches(column: pl.Expr, patterns: list[str], mode: LabelMode, ignore_case: bool) -> pl.Expr:
    flag = "(?i)" if ignore_case else ""
    if mode == "exact":
        if ignore_case:
            return column.str.to_lowercase().is_in([p.lower() for p in patterns])
        return column.is_in(patterns)
    if mode == "glob":
        regexes = [glob_regex(p) for p in patterns]
    elif mode == "regex":
        regexes = patterns
    else:
        raise UsageError(f"mode must be 'exact', 'glob' or 'regex', not {mode!r}")
    for regex in regexes:
        try:
            re.compile(regex)
        except re.error as exc:
            raise UsageError(f"bad regular expression {regex!r}: {exc}") from None
    joined = flag + "|".join(f"(?:{r})" for r in regexes)
    _check_engine_accepts(joined)
    return column.str.contains(joined).fill_null(False)


def _check_engine_accepts(regex: str) -> None:
    """Polars' regex engine has no look-around or back-references: refuse those here, in one line."""
    try:
        pl.select(pl.lit("").str.contains(regex))
    except pl.exceptions.ComputeError as exc:
        reason = next(
            (line.strip() for line in str(exc).splitlines() if line.strip().startswith("error:")), ""
        )
        raise UsageError(f"regular expression {regex!r} is not supported: {reason or exc}") from None


def by_person(frame: pl.DataFrame, names: str | Iterable[str], *, column: str = "name") -> pl.DataFrame:
    """Rows whose person name matches any pattern; ``*`` is a wildcard, case is ignored (``*Hepburn``).

    Examples:
        >>> df = pl.DataFrame({"name": ["Audrey Hepburn", "Cary Grant", None]})
        >>> by_person(df, "*hepburn")["name"].to_list()
        ['Audrey Hepburn']
    """
    return frame.filter(_text_matches(pl.col(column), _names(names), "glob", True))


def by_cid(frame: pl.DataFrame, cids: str | Iterable[str]) -> pl.DataFrame:
    """Rows with one of these Valossa concept ids (``cid``).

    Examples:
        >>> by_cid(pl.DataFrame({"cid": ["a1", "b2"]}), "b2").height
        1
    """
    return frame.filter(pl.col("cid").is_in(_names(cids)))


def by_gkg(frame: pl.DataFrame, ids: str | Iterable[str]) -> pl.DataFrame:
    """Rows with one of these Knowledge Graph ids (``gkg_id``, legacy Freebase ids included).

    Examples:
        >>> by_gkg(pl.DataFrame({"gkg_id": ["/m/01", "/m/02"]}), ["/m/02"]).height
        1
    """
    return frame.filter(pl.col("gkg_id").is_in(_names(ids)))


def by_category(frame: pl.DataFrame, tags: str | Iterable[str], *, exclude: bool = False) -> pl.DataFrame:
    """Rows with any category tag matching a glob (``fauna``, ``*_content``); ``exclude`` drops them instead.

    Examples:
        >>> df = pl.DataFrame({"category_tags": [["fauna", "pets"], ["style"], []]})
        >>> by_category(df, "pet*").height, by_category(df, "style", exclude=True).height
        (1, 2)
    """
    regex = "|".join(f"(?:{glob_regex(t)})" for t in _names(tags))
    hit = pl.col("category_tags").list.eval(pl.element().str.contains(regex)).list.any().fill_null(False)
    return frame.filter(~hit if exclude else hit)


def min_confidence(frame: pl.DataFrame, threshold: float, *, column: str = "confidence") -> pl.DataFrame:
    """Rows with confidence at least ``threshold``; rows without a confidence are dropped (as SQL's NULL).

    Examples:
        >>> min_confidence(pl.DataFrame({"confidence": [0.9, 0.4, None]}), 0.5).height
        1
    """
    if not 0.0 <= threshold <= 1.0:
        raise UsageError(f"a confidence is between 0 and 1, not {threshold}")
    return frame.filter(pl.col(column) >= threshold)


def top(
    detections: pl.DataFrame,
    n: int,
    *,
    by: Literal["prominence", "screen_time"] = "prominence",
    per_type: bool = True,
) -> pl.DataFrame:
    """The ``n`` most prominent (or longest on screen) detections, per type by default.

    Examples:
        >>> df = pl.DataFrame({"type": ["a", "a", "b"], "prominence_rank": [2, 1, 1],
        ...                    "screen_time": [5.0, 1.0, 2.0]})
        >>> top(df, 1)["prominence_rank"].to_list(), top(df, 1, by="screen_time", per_type=False).height
        ([1, 1], 1)
    """
    if n < 0:
        raise UsageError(f"top takes a count of 0 or more, not {n}")
    if by == "prominence":
        order = detections.sort("prominence_rank", nulls_last=True, maintain_order=True)
    elif by == "screen_time":
        order = detections.sort("screen_time", descending=True, nulls_last=True, maintain_order=True)
    else:
        raise UsageError(f"top ranks by 'prominence' or 'screen_time', not {by!r}")
    if not per_type:
        return order.head(n)
    types = detections.get_column("type").unique(maintain_order=True)
    return order.filter(pl.int_range(pl.len()).over("type") < n).sort(
        pl.col("type").replace_strict(types, range(len(types)), return_dtype=pl.UInt32), maintain_order=True
    )


def restrict(frame: pl.DataFrame, detections: pl.DataFrame | Sequence[str]) -> pl.DataFrame:
    """Rows of any table whose detection is among the given detections (a frame or ids).

    In an archive (frames with ``job_id``) a detection is its job and id together.

    Examples:
        >>> restrict(pl.DataFrame({"detection_id": ["1", "2"]}), ["2"])["detection_id"].to_list()
        ['2']
    """
    if isinstance(detections, pl.DataFrame):
        keys = detection_keys(frame)
        return frame.join(detections.select(keys).unique(), on=keys, how="semi", maintain_order="left")
    return frame.filter(pl.col("detection_id").is_in(list(detections)))


def window(
    frame: pl.DataFrame,
    start: float | None = None,
    end: float | None = None,
    *,
    length: float | None = None,
    mode: WindowMode = "overlap",
) -> pl.DataFrame:
    """Rows in the time window [start, end) (or ``start`` + ``length``).

    ``overlap`` keeps rows that overlap the window, ``within`` rows inside it, ``clip`` overlapping
    rows trimmed to it (durations recomputed). Frames with a ``second`` column (``seconds()``) treat
    each row as [second, second + 1); ``clip`` cannot trim them, so it acts as ``overlap`` there.

    Examples:
        >>> occ = pl.DataFrame({"start": [0.0, 4.0, 9.0], "end": [3.0, 6.0, 12.0]})
        >>> window(occ, 2, 10)["start"].to_list()
        [0.0, 4.0, 9.0]
        >>> window(occ, 2, 10, mode="within")["start"].to_list()
        [4.0]
        >>> window(occ, 2, 10, mode="clip").rows()
        [(2.0, 3.0), (4.0, 6.0), (9.0, 10.0)]
    """
    low, high = window_bounds(start, end, length)
    if "second" in frame.columns and "start" not in frame.columns:
        first, last = pl.col("second").cast(pl.Float64), pl.col("second").cast(pl.Float64) + 1.0
    else:
        first, last = pl.col("start"), pl.col("end")
    if mode == "within":
        return frame.filter((first >= low) & (last <= high))
    if mode not in ("overlap", "clip"):
        raise UsageError(f"mode must be 'overlap', 'within' or 'clip', not {mode!r}")
    # An instant (start == end, e.g. a punctuation mark) overlaps a window that contains it.
    overlapping = frame.filter(
        ((first < high) & (last > low)) | ((first == last) & (first >= low) & (first < high))
    )
    if mode == "overlap" or "start" not in frame.columns:
        return overlapping
    clipped = overlapping.with_columns(
        start=pl.col("start").clip(lower_bound=low), end=pl.col("end").clip(upper_bound=high)
    )
    return (
        clipped.with_columns(duration=(pl.col("end") - pl.col("start")).round(6))
        if "duration" in frame.columns
        else clipped
    )


def window_bounds(start: float | None, end: float | None, length: float | None) -> tuple[float, float]:
    """The window [low, high) that ``start``, ``end`` and ``length`` describe (infinite where open).

    Examples:
        >>> window_bounds(60, None, 30)
        (60.0, 90.0)
    """
    if length is not None:
        if length < 0:
            raise UsageError(f"a window length is 0 or more, not {length}")
        if start is not None and end is not None:
            if abs((end - start) - length) > 1e-9:
                raise UsageError("give two of start, end and length, not three that disagree")
        elif end is not None:
            start = end - length
        else:
            end = (start or 0.0) + length
    low = float("-inf") if start is None else float(start)
    high = float("inf") if end is None else float(end)
    if high < low:
        raise UsageError(f"the window ends ({high:g}) before it starts ({low:g})")
    return low, high


def at(frame: pl.DataFrame, t: float) -> pl.DataFrame:
    """Rows present at second ``t``: occurrences with start <= t < end (an instant counts at its time).

    On a ``seconds()`` frame: the rows of second ``floor(t)``.

    Examples:
        >>> occ = pl.DataFrame({"start": [0.0, 2.0, 5.0], "end": [2.0, 6.0, 5.0]})
        >>> at(occ, 2.0).rows(), at(occ, 5.0).rows()
        ([(2.0, 6.0)], [(2.0, 6.0), (5.0, 5.0)])
    """
    if "second" in frame.columns and "start" not in frame.columns:
        return frame.filter(pl.col("second") == int(t // 1))
    return frame.filter(
        ((pl.col("start") <= t) & (pl.col("end") > t)) | ((pl.col("start") == t) & (pl.col("end") == t))
    )


def in_shot(occurrences: pl.DataFrame, shot: int) -> pl.DataFrame:
    """Occurrences that span shot ``shot`` (0-based, by their shot indexes).

    Examples:
        >>> occ = pl.DataFrame({"shot_start": [0, 2, 3], "shot_end": [1, 4, 3]})
        >>> in_shot(occ, 3).rows()
        [(2, 4), (3, 3)]
    """
    return occurrences.filter((pl.col("shot_start") <= shot) & (pl.col("shot_end") >= shot))


def shots_containing(shots: pl.DataFrame, occurrences: pl.DataFrame) -> pl.DataFrame:
    """The shots that any of the given occurrences spans, with how many of them each shot holds.

    Examples:
        >>> shots = pl.DataFrame({"shot_index": [0, 1, 2], "start": [0.0, 4.0, 8.0]})
        >>> occ = pl.DataFrame({"shot_start": [0, 1], "shot_end": [1, 1]})
        >>> shots_containing(shots, occ).rows()
        [(0, 0.0, 1), (1, 4.0, 2)]
    """
    if not shots.height:
        return shots.with_columns(occurrences=pl.lit(0, pl.UInt32)).clear()
    low, high = int(shots["shot_index"].min()), int(shots["shot_index"].max())  # type: ignore[arg-type]
    # Spans clipped to the shots there are: the work follows the shots, not an index a file claims.
    spans = occurrences.select(
        shot_index=pl.int_ranges(
            pl.col("shot_start").clip(low, high),
            pl.col("shot_end").clip(low, high) + 1,
            dtype=pl.Int64,
        )
    ).explode("shot_index")
    counts = spans.drop_nulls().group_by("shot_index").agg(occurrences=pl.len().cast(pl.UInt32))
    counts = counts.with_columns(pl.col("shot_index").cast(shots.schema["shot_index"]))
    return shots.join(counts, on="shot_index", how="inner").sort("shot_index")


def screen_time(
    occurrences: pl.DataFrame,
    by: str | Sequence[str] = "detection_id",
    *,
    start: float | None = None,
    end: float | None = None,
    duration: float | None = None,
) -> pl.DataFrame:
    """Union screen time per group (overlaps counted once), inside a window if given, longest first.

    With ``duration`` (the video's), a ``percent`` column gives the share of the video. In an
    archive (a ``job_id`` column) the union is taken per video and summed over the videos.

    Examples:
        >>> occ = pl.DataFrame({"label": ["dog", "dog", "cat"], "start": [0.0, 1.0, 0.0],
        ...                     "end": [2.0, 3.0, 1.0]})
        >>> screen_time(occ, "label", duration=10).rows()
        [('dog', 3.0, 30.0), ('cat', 1.0, 10.0)]
    """
    keys = _names(by)
    inside = (
        window(occurrences, start, end, mode="clip") if start is not None or end is not None else occurrences
    )
    totals = _union_per_video(inside, keys, "screen_time").sort(
        ["screen_time", *keys], descending=[True] + [False] * len(keys)
    )
    if duration:
        totals = totals.with_columns(percent=(pl.col("screen_time") / duration * 100).round(2))
    return totals


def category_durations(detections: pl.DataFrame, occurrences: pl.DataFrame) -> pl.DataFrame:
    """Union duration per detection type and category tag (metadata-reader's ``list-categories``).

    Examples:
        >>> det = pl.DataFrame({"detection_id": ["1", "2"], "type": ["visual.context"] * 2,
        ...                     "category_tags": [["fauna"], ["fauna", "pets"]]})
        >>> occ = pl.DataFrame({"detection_id": ["1", "2"], "start": [0.0, 1.0], "end": [2.0, 4.0]})
        >>> category_durations(det, occ).rows()
        [('visual.context', 'fauna', 4.0), ('visual.context', 'pets', 3.0)]
    """
    keys = detection_keys(occurrences)
    tags = detections.select(*keys, "type", category="category_tags").explode("category").drop_nulls()
    tagged = occurrences.select(*keys, "start", "end").join(tags, on=keys)
    return (
        _union_per_video(tagged, ["type", "category"], "duration")
        .sort(["duration", "type", "category"], descending=[True, False, False])
        .select("type", "category", "duration")
    )


def _union_per_video(frame: pl.DataFrame, keys: list[str], name: str) -> pl.DataFrame:
    """Union duration per group; in an archive per video first, then summed over the videos."""
    if "job_id" not in frame.columns or "job_id" in keys:
        return union_duration(frame, keys, name=name)
    per_video = union_duration(frame, ["job_id", *keys], name=name)
    return per_video.group_by(keys).agg(pl.col(name).sum())
