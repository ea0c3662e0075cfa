"""Questions over time: selections, filters, windows, interval algebra, faces, speech, time codes.

Every function here reads polars tables (or a :class:`Selection` over a result) and returns a new
one; nothing here reads files or draws.

Examples:
    >>> import valossa_metadata as vm
    >>> from valossa_metadata import query
    >>> md = vm.load("sample_results/current_format_example.json")
    >>> query.by_type(md.occurrences(), "human.face").get_column("type").unique().to_list()
    ['human.face']
"""

from valossa_metadata._intervals import gaps, merge_intervals, overlap_time, union_duration
from valossa_metadata.query.faces import face_groups, identities, with_identity
from valossa_metadata.query.filters import (
    WindowMode,
    at,
    by_category,
    by_cid,
    by_gkg,
    by_label,
    by_person,
    by_type,
    category_durations,
    detection_keys,
    glob_regex,
    in_shot,
    min_confidence,
    restrict,
    screen_time,
    shots_containing,
    top,
    window,
    window_bounds,
)
from valossa_metadata.query.selection import (
    BACKGROUND_TYPES,
    Criteria,
    Selection,
    TableSource,
    resolve,
    table,
)
from valossa_metadata.query.speech import (
    expressions,
    join_words,
    sentiment_timeline,
    speaker_name,
    speaker_turns,
)
from valossa_metadata.query.timecodes import clock, hms, parse_time

__all__ = [
    "BACKGROUND_TYPES",
    "Criteria",
    "Selection",
    "TableSource",
    "WindowMode",
    "at",
    "by_category",
    "by_cid",
    "by_gkg",
    "by_label",
    "by_person",
    "by_type",
    "category_durations",
    "clock",
    "detection_keys",
    "expressions",
    "face_groups",
    "gaps",
    "glob_regex",
    "hms",
    "identities",
    "in_shot",
    "join_words",
    "merge_intervals",
    "min_confidence",
    "overlap_time",
    "parse_time",
    "resolve",
    "restrict",
    "screen_time",
    "sentiment_timeline",
    "shots_containing",
    "speaker_name",
    "speaker_turns",
    "table",
    "top",
    "union_duration",
    "window",
    "window_bounds",
    "with_identity",
]
