"""Rendering frames for people and pipes: aligned text tables, CSV, JSON and JSON lines.

Files are written atomically; ``-`` (or no path) means standard output.
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Any, Literal

import polars as pl

from valossa_metadata._sources import atomic_write
from valossa_metadata.errors import UsageError

__all__ = ["FORMATS", "OutputFormat", "render", "write_text"]

OutputFormat = Literal["table", "csv", "json", "jsonl"]
FORMATS: tuple[str, ...] = ("table", "csv", "json", "jsonl")

_MAX_CELL = 60


def render(frame: pl.DataFrame, fmt: str) -> str:
    """Render a frame as ``table``, ``csv``, ``json`` (an array of objects) or ``jsonl``.

    List columns are joined with ``;`` in tables and CSV and stay arrays in JSON.

    Examples:
        >>> print(render(pl.DataFrame({"label": ["car", "dog"], "n": [2, 10]}), "table"), end="")
        label   n
        -----  --
        car     2
        dog    10
    """
    if fmt == "table":
        return _table(frame)
    if fmt == "csv":
        return _flatten_lists(frame).write_csv()
    if fmt == "json":
        return json.dumps(frame.to_dicts(), ensure_ascii=False, default=str) + "\n"
    if fmt == "jsonl":
        return "".join(
            json.dumps(row, ensure_ascii=False, default=str) + "\n" for row in frame.iter_rows(named=True)
        )
    raise UsageError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def write_text(text: str, path: str | Path | None) -> None:
    """Write ``text`` to a file atomically, or to standard output when ``path`` is ``None`` or ``-``.

    Examples:
        >>> write_text("hello\\n", None)
        hello
    """
    if path is None or str(path) == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    with atomic_write(path, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)


def _flatten_lists(frame: pl.DataFrame) -> pl.DataFrame:
    lists = [name for name, dtype in frame.schema.items() if isinstance(dtype, pl.List)]
    structs = [
        name
        for name, dtype in frame.schema.items()
        if isinstance(dtype, (pl.Struct, pl.List)) and name not in lists
    ]
    exprs: list[pl.Expr] = []
    for name in lists:
        inner = frame.schema[name]
        assert isinstance(inner, pl.List)
        if isinstance(inner.inner, (pl.Struct, pl.List)):
            exprs.append(pl.col(name).map_elements(_json_cell, return_dtype=pl.String))
        else:
            exprs.append(pl.col(name).cast(pl.List(pl.String)).list.join(";"))
    exprs.extend(pl.col(name).map_elements(_json_cell, return_dtype=pl.String) for name in structs)
    return frame.with_columns(exprs) if exprs else frame


def _json_cell(value: Any) -> str:
    if isinstance(value, pl.Series):
        value = value.to_list()
    return json.dumps(value, ensure_ascii=False, default=str)


def _table(frame: pl.DataFrame) -> str:
    flat = _flatten_lists(frame)
    columns = flat.columns
    cells = [[_cell(v) for v in flat.get_column(name).to_list()] for name in columns]
    numeric = [flat.schema[name].is_numeric() for name in columns]
    widths = [max([len(name), *(len(c) for c in col)]) for name, col in zip(columns, cells)]
    out = io.StringIO()

    def line(values: list[str]) -> None:
        parts = [v.rjust(w) if num else v.ljust(w) for v, w, num in zip(values, widths, numeric)]
        out.write("  ".join(parts).rstrip() + "\n")

    line(list(columns))
    line(["-" * w for w in widths])
    for row in zip(*cells):
        line(list(row))
    return out.getvalue()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        text = f"{value:.3f}".rstrip("0").rstrip(".") if value == value else "nan"
    else:
        text = str(value).replace("\n", " ")
    return text if len(text) <= _MAX_CELL else text[: _MAX_CELL - 1] + "…"
