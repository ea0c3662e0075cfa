"""Subtitles in one place: check SRT strictly, read SRT and WebVTT, build cues, write SRT and WebVTT.

Examples:
    >>> from valossa_metadata import subtitles
    >>> subtitles.read_subtitles(b"1\\n00:00:01,000 --> 00:00:02,500\\nHello\\n").get_column("end").to_list()
    [2.5]
"""

from valossa_metadata.subtitles.building import (
    CUE_SOURCES,
    cues,
    occurrence_labels,
    selection_cues,
    sentence_cues,
    word_cues,
)
from valossa_metadata.subtitles.cues import CUES_SCHEMA, label_cues, to_srt, to_vtt
from valossa_metadata.subtitles.read import SUBTITLES_SCHEMA, read_subtitles
from valossa_metadata.subtitles.validate import validate_srt, validate_srt_bytes

__all__ = [
    "CUES_SCHEMA",
    "CUE_SOURCES",
    "SUBTITLES_SCHEMA",
    "cues",
    "label_cues",
    "occurrence_labels",
    "read_subtitles",
    "selection_cues",
    "sentence_cues",
    "to_srt",
    "to_vtt",
    "validate_srt",
    "validate_srt_bytes",
    "word_cues",
]
