"""A selection of one result: which detections, which time window, which confidence.

``md.select(types="visual.*", min_confidence=0.7, start=60, end=120)`` returns a :class:`Selection`
whose tables (detections, occurrences, seconds) hold only what matches, and which answers screen
time, ``at(t)`` and overlap questions. Detection criteria combine with AND; the values of one
criterion combine with OR.
"""

from __future__ import annotations

import difflib
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from fnmatch import fnmatchcase
from typing import TYPE_CHECKING, Any, Protocol, TypedDict, TypeGuard

import polars as pl

from valossa_metadata._intervals import overlap_time
from valossa_metadata.errors import NoMatchWarning, PastTheEndWarning, UsageError
from valossa_metadata.query import filters as query
from valossa_metadata.query.faces import with_identity
from valossa_metadata.query.timecodes import hms, parse_time
from valossa_metadata.tables import TABLE_SCHEMAS

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from valossa_metadata.metadata import Metadata

__all__ = [
    "BACKGROUND_TYPES",
    "GROUP_KEYS",
    "Criteria",
    "SelectArgs",
    "Selection",
    "TableSource",
    "one_result",
    "resolve",
    "table",
]

#: Types left out when no ``types`` are chosen: not things seen or heard in the video.
BACKGROUND_TYPES = ("audio.speech*", "audio.voice_emotion", "visual.color", "human.face_group", "topic.*")


class TableSource(Protocol):
    """What a selection reads: one result (:class:`~valossa_metadata.Metadata`) or a converted archive."""

    @property
    def source(self) -> str:
        """The file or folder the tables come from."""

    @property
    def duration(self) -> float | None:
        """The video's length in seconds (``None`` for an archive)."""

    def detections(self) -> pl.DataFrame:
        """One row per detection."""

    def occurrences(self) -> pl.DataFrame:
        """One row per occurrence."""

    def seconds(self) -> pl.DataFrame:
        """One row per ``by_second`` item."""

    def faces(self) -> pl.DataFrame:
        """One row per face detection."""


#: The type glob of a selection that keeps no type (what the plots show when only background is there).
_NO_TYPE = "\x00none"

#: What screen time and overlaps can be grouped by.
GROUP_KEYS = ("detection_id", "label", "type", "identity", "category")


class SelectArgs(TypedDict, total=False):
    """The criteria ``md.select(...)`` takes, as a caller writes them (see :class:`Criteria`)."""

    types: str | Iterable[str] | None
    labels: str | Iterable[str] | None
    label_mode: query.LabelMode
    persons: str | Iterable[str] | None
    cids: str | Iterable[str] | None
    gkg_ids: str | Iterable[str] | None
    categories: str | Iterable[str] | None
    exclude_categories: str | Iterable[str] | None
    min_confidence: float | None
    start: float | str | None
    end: float | str | None
    length: float | str | None
    mode: query.WindowMode
    separate_identities: bool
    skip_unknown_faces: bool


_MANY = {"types", "labels", "persons", "cids", "gkg_ids", "categories", "exclude_categories"}
_TIMES = {"start", "end", "length"}


def _tuple(value: str | Iterable[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def _normalised(criteria: Mapping[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(criteria) - set(SelectArgs.__annotations__))
    if unknown:
        raise TypeError(
            f"unknown criteria {', '.join(unknown)}; known: {', '.join(SelectArgs.__annotations__)}"
        )
    values = dict(criteria)
    for name, value in criteria.items():
        if name in _MANY:
            values[name] = _tuple(value)
        elif name in _TIMES and value is not None:
            values[name] = parse_time(value, what=name)
    return values


@dataclass(frozen=True, kw_only=True)
class Criteria:
    """What to keep. Globs in ``types``, ``persons`` and ``categories``; ``label_mode`` for labels.

    Times are seconds; :meth:`of` also takes ``m:ss`` and ``h:mm:ss`` text.
    """

    types: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()
    label_mode: query.LabelMode = "exact"
    persons: tuple[str, ...] = ()
    cids: tuple[str, ...] = ()
    gkg_ids: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    exclude_categories: tuple[str, ...] = ()
    min_confidence: float | None = None
    start: float | None = None
    end: float | None = None
    length: float | None = None
    mode: query.WindowMode = "overlap"
    separate_identities: bool = False
    skip_unknown_faces: bool = False

    @classmethod
    def of(cls, **criteria: Unpack[SelectArgs]) -> Criteria:
        """Criteria from plain arguments (a string or an iterable of strings each; times as text too).

        Examples:
            >>> Criteria.of(types="visual.*", min_confidence=0.5).types
            ('visual.*',)
            >>> Criteria.of(start="1:30").start
            90.0
        """
        return cls(**_normalised(criteria))

    @property
    def has_window(self) -> bool:
        """Whether a time window is set."""
        return self.start is not None or self.end is not None or self.length is not None


class Selection:
    """The rows of one result that match some :class:`Criteria`.

    Examples:
        >>> import valossa_metadata as vm
        >>> md = vm.load("sample_results/metareader_metadata_example_2017_v1.json")
        >>> sel = md.select(persons="*Hepburn", start=600, end=1200)
        >>> sel.screen_time("identity")["identity"].to_list()
        ['Audrey Hepburn']
    """

    def __init__(self, md: TableSource, criteria: Criteria) -> None:
        self.md = md
        self.criteria = criteria

    def refine(self, **changes: Unpack[SelectArgs]) -> Selection:
        """A selection with some criteria changed (same names as :meth:`Criteria.of`)."""
        return Selection(self.md, replace(self.criteria, **_normalised(changes)))

    # ---- tables ------------------------------------------------------------------------------

    def detections(self) -> pl.DataFrame:
        """The matching detections (with ``identity`` for faces); inside a window, those present in it."""
        chosen = self._chosen() if self._picks_detections else self._identity(self.md.detections())
        if self.criteria.min_confidence is not None:
            chosen = query.min_confidence(chosen, self.criteria.min_confidence)
        if self.criteria.has_window:
            chosen = query.restrict(chosen, self.occurrences())
        return chosen

    def occurrences(self) -> pl.DataFrame:
        """The matching occurrences (with ``identity``), windowed and confidence-filtered."""
        frame = self._identity(self._restricted(self.md.occurrences()))
        return self._window_and_confidence(frame)

    def seconds(self) -> pl.DataFrame:
        """The matching ``by_second`` rows (with ``identity``), windowed and confidence-filtered."""
        frame = self._identity(self._restricted(self.md.seconds()))
        return self._window_and_confidence(frame)

    def at(self, t: float | str) -> pl.DataFrame:
        """The matching occurrences present at ``t`` (seconds, ``m:ss`` or ``h:mm:ss``).

        A time past the end of the video answers an empty table and a :class:`PastTheEndWarning`.
        """
        second = parse_time(t, what="t")
        self._warn_past_end(second, f"{hms(second, 3)} is")
        return query.at(self.occurrences(), second)

    def screen_time(self, by: str = "label") -> pl.DataFrame:
        """Union screen time per ``by`` (one of :data:`GROUP_KEYS`), longest first.

        ``by="label"`` groups by label and type: ``speech`` heard (``audio.context``) and ``speech``
        seen (``visual.context``) are two rows, never one. Inside a time window only the time inside
        it counts (occurrences are clipped, whatever the window mode) and ``percent`` is a share of
        the window; otherwise of the video.

        Examples:
            >>> import valossa_metadata as vm
            >>> md = vm.load("sample_results/metareader_metadata_example_2017_v1.json")
            >>> rows = md.screen_time(labels="speech").select("label", "type").rows()
            >>> sorted(rows)
            [('speech', 'audio.context'), ('speech', 'visual.context')]
        """
        keyed = self._keyed(self.occurrences(), by)
        keys = ["label", "type"] if by == "label" else [by]
        c = self.criteria
        if not c.has_window:
            return query.screen_time(keyed, keys, duration=self.md.duration)
        low, high = query.window_bounds(c.start, c.end, c.length)
        if self.md.duration is not None:
            high = max(low, min(high, self.md.duration))
        span = high - low if high != float("inf") and low != float("-inf") else None
        return query.screen_time(keyed, keys, start=low, end=high, duration=span)

    def overlap(
        self, other: Selection, *, by: str = "label", other_by: str = "label", matrix: bool = False
    ) -> pl.DataFrame:
        """Seconds during which each group here and each group of ``other`` are present together.

        A long frame (one row per pair, longest first), or with ``matrix=True`` one row per group
        here and one column per group of ``other`` (0 where they never meet). In an archive the
        overlaps are found within each video and summed.

        Examples:
            >>> import valossa_metadata as vm
            >>> md = vm.load("sample_results/metareader_metadata_example_2017_v1.json")
            >>> faces = md.select(types="human.face", skip_unknown_faces=True)
            >>> faces.overlap(md.select(types="visual.context"), by="identity").columns
            ['identity', 'label', 'overlap']
            >>> table = faces.overlap(md.select(labels=["lady", "man"]), by="identity", matrix=True)
            >>> table.columns, table.height
            (['identity', 'man', 'lady'], 2)
        """
        left = self._keyed(self.occurrences(), by)
        right = other._keyed(other.occurrences(), other_by)
        if "job_id" in left.columns:
            pairs = [
                overlap_time(part, right.filter(pl.col("job_id") == job), left_by=by, right_by=other_by)
                for (job,), part in left.partition_by("job_id", as_dict=True).items()
            ]
            long = overlap_time(left.clear(), right.clear(), left_by=by, right_by=other_by)
            if pairs:
                long = pl.concat(pairs).group_by(long.columns[:2]).agg(pl.col("overlap").sum())
                long = long.sort(["overlap", *long.columns[:2]], descending=[True, False, False])
        else:
            long = overlap_time(left, right, left_by=by, right_by=other_by)
        if not matrix:
            return long
        first, second = long.columns[:2]
        return long.pivot(on=second, index=first, values="overlap").fill_null(0.0)

    # ---- parts -------------------------------------------------------------------------------

    @property
    def _picks_detections(self) -> bool:
        c = self.criteria
        picked = (c.types, c.labels, c.cids, c.gkg_ids, c.categories, c.exclude_categories, c.persons)
        return any(picked)

    def _restricted(self, frame: pl.DataFrame) -> pl.DataFrame:
        """Rows of the chosen detections; everything when no criterion picks detections."""
        return query.restrict(frame, self._chosen()) if self._picks_detections else frame

    def _chosen(self) -> pl.DataFrame:
        c = self.criteria
        frame = self._identity(self.md.detections())
        if c.types:
            _warn_unmatched_types(c.types, frame)
            frame = query.by_type(frame, c.types)
        if c.labels:
            frame = query.by_label(frame, c.labels, mode=c.label_mode)
        if c.cids:
            frame = query.by_cid(frame, c.cids)
        if c.gkg_ids:
            frame = query.by_gkg(frame, c.gkg_ids)
        if c.categories:
            frame = query.by_category(frame, c.categories)
        if c.exclude_categories:
            frame = query.by_category(frame, c.exclude_categories, exclude=True)
        if c.persons:
            frame = query.by_person(frame, c.persons, column="name")
        return frame

    def _identity(self, frame: pl.DataFrame) -> pl.DataFrame:
        """Add ``identity`` (and the gallery ``name``) of faces to a table; other rows get nulls."""
        faces = self.md.faces()
        c = self.criteria
        named = with_identity(frame, faces, separate=c.separate_identities, skip_unknown=c.skip_unknown_faces)
        if "name" in frame.columns:
            return named
        keys = query.detection_keys(frame)
        return named.join(faces.select(*keys, "name"), on=keys, how="left", maintain_order="left")

    def _warn_past_end(self, second: float, what: str) -> None:
        duration = self.md.duration
        if duration is not None and second >= duration > 0:
            message = f"{what} past the end of the video ({hms(duration, 3)}): nothing is there"
            warnings.warn(message, PastTheEndWarning, stacklevel=4)

    def _window_and_confidence(self, frame: pl.DataFrame) -> pl.DataFrame:
        c = self.criteria
        if c.has_window:
            low, _ = query.window_bounds(c.start, c.end, c.length)
            if low > float("-inf"):
                self._warn_past_end(low, f"the window starts at {hms(low, 3)},")
            frame = query.window(frame, c.start, c.end, length=c.length, mode=c.mode)
        if c.min_confidence is not None:
            frame = query.min_confidence(frame, c.min_confidence)
        return frame

    def _keyed(self, occurrences: pl.DataFrame, by: str) -> pl.DataFrame:
        if by not in GROUP_KEYS:
            raise UsageError(f"group by one of {', '.join(GROUP_KEYS)}, not {by!r}")
        if by == "identity":
            return occurrences.filter(pl.col("identity").is_not_null())
        if by == "category":
            keys = query.detection_keys(occurrences)
            tags = self.md.detections().select(*keys, category="category_tags").explode("category")
            return occurrences.join(tags.drop_nulls(), on=keys)
        return occurrences

    def __repr__(self) -> str:
        return f"<Selection of {self.md.source}: {self.criteria}>"


def resolve(source: Metadata | Selection) -> Selection:
    """What the plots, label cues and the report show: a Metadata's whole file, or the Selection given.

    Without chosen ``types``, :data:`BACKGROUND_TYPES` are left out.

    Examples:
        >>> import valossa_metadata as vm
        >>> md = vm.load("sample_results/current_format_example.json")
        >>> "visual.color" in resolve(md).occurrences()["type"].to_list()
        False
    """
    selection = source if isinstance(source, Selection) else source.select()
    if selection.criteria.types:
        return selection
    present = selection.md.detections().get_column("type").unique(maintain_order=True).to_list()
    kept = [t for t in present if not any(fnmatchcase(t, g) for g in BACKGROUND_TYPES)]
    # An empty types tuple would mean "every type"; a glob that matches nothing keeps nothing.
    return selection.refine(types=kept or [_NO_TYPE])


def table(md: Metadata, name: str, selection: Selection | None = None) -> pl.DataFrame:
    """A table of the file by name (see :data:`TABLE_SCHEMAS`), optionally only the rows of a selection.

    With a selection, tables with detections keep the selected detections' rows, and tables with
    times keep those in its time window; the columns stay those of the table.

    Examples:
        >>> import valossa_metadata as vm
        >>> md = vm.load("sample_results/current_format_example.json")
        >>> table(md, "faces", md.select(persons="John*")).height
        2
    """
    if name not in TABLE_SCHEMAS:
        raise UsageError(f"unknown table {name!r}; choose one of {', '.join(TABLE_SCHEMAS)}")
    frame: pl.DataFrame = getattr(md, name)()
    if selection is None:
        return frame
    columns = frame.columns
    if name in ("detections", "occurrences", "seconds"):
        return getattr(selection, name)().select(columns)  # type: ignore[no-any-return]
    if "detection_id" in columns:
        frame = query.restrict(frame, selection.detections())
    c = selection.criteria
    if c.has_window and ("start" in columns or "second" in columns):
        frame = query.window(frame, c.start, c.end, length=c.length, mode=c.mode)
    return frame


def _warn_unmatched_types(globs: tuple[str, ...], detections: pl.DataFrame) -> None:
    """Say when a type glob matches nothing, with the types there are and the closest one."""
    present = sorted(detections.get_column("type").unique().drop_nulls().to_list())
    for glob in globs:
        if glob == _NO_TYPE or any(fnmatchcase(t, glob) for t in present):
            continue
        closest = _closest_type(glob, present)
        hint = f"; closest: {closest}" if closest else ""
        listed = ", ".join(present) if present else "none"
        message = f"no detection type matches {glob!r}{hint} (types here: {listed})"
        warnings.warn(message, NoMatchWarning, stacklevel=5)


def _closest_type(glob: str, types: list[str]) -> str | None:
    """The type most like a glob, comparing its dotted prefixes and suffixes too (``visual.objet`` ->
    ``visual.object.localized``, ``face`` -> ``human.face``)."""

    def likeness(kind: str) -> float:
        parts = kind.split(".")
        pieces = [".".join(parts[:n]) for n in range(1, len(parts) + 1)]
        pieces += [".".join(parts[n:]) for n in range(1, len(parts))]
        return max(difflib.SequenceMatcher(None, glob, piece).ratio() for piece in pieces)

    best = max(types, key=likeness, default=None)
    return best if best is not None and likeness(best) >= 0.6 else None


def one_result(source: TableSource) -> TypeGuard[Metadata]:
    """Whether a table source is one result rather than an archive (only a result has speaker turns).

    Examples:
        >>> import valossa_metadata as vm
        >>> one_result(vm.load("sample_results/current_format_example.json"))
        True
    """
    return callable(getattr(source, "speaker_turns", None))
