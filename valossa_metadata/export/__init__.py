"""Exports of one result to files: tables (CSV, Parquet, JSON lines), subtitles, RTTM, Audacity labels.

Examples:
    >>> from valossa_metadata import export
    >>> export.FORMATS
    ('csv', 'parquet', 'jsonl', 'srt', 'vtt', 'rttm', 'audacity')
"""

from valossa_metadata._render import write_text
from valossa_metadata.export.files import (
    BACKGROUND_TYPES,
    CUE_SOURCES,
    FORMATS,
    TABLE_FORMATS,
    TABLES,
    audacity,
    cues,
    file_id,
    occurrence_labels,
    resolve,
    rttm,
    selection_cues,
    sentence_cues,
    speaker_name,
    srt,
    table,
    vtt,
    word_cues,
    write_table,
)

__all__ = [
    "BACKGROUND_TYPES",
    "CUE_SOURCES",
    "FORMATS",
    "TABLES",
    "TABLE_FORMATS",
    "audacity",
    "cues",
    "file_id",
    "occurrence_labels",
    "resolve",
    "rttm",
    "selection_cues",
    "sentence_cues",
    "speaker_name",
    "srt",
    "table",
    "vtt",
    "word_cues",
    "write_table",
    "write_text",
]
