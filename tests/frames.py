"""Small frames that tests build by hand, typed as the toolkit's own tables."""

from __future__ import annotations

import polars as pl

from valossa_metadata.tables import WORDS_SCHEMA


def words_frame(rows: list[tuple[str, float, float | None, str | None, bool]]) -> pl.DataFrame:
    """Words as (word, start, end, speaker, is_punctuation), with the types of ``md.words()``."""
    columns = ("word", "start", "end", "speaker", "is_punctuation")
    return pl.DataFrame(rows, schema={name: WORDS_SCHEMA[name] for name in columns}, orient="row")
