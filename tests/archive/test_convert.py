"""The pure per-file conversion: schemas, keys, job ids, Arrow and pickling."""

from __future__ import annotations

import gzip
import pickle
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

import valossa_metadata as vm
from tests.archive.conftest import dump, synthetic_doc
from tests.conftest import REAL_131
from valossa_metadata.archive import (
    ARCHIVE_TABLES,
    archive_schema,
    arrow_tables,
    convert_result,
    result_tables,
)
from valossa_metadata.archive.convert import KEY_COLUMNS, content_hash, derived_job_id


def test_tables_are_the_in_memory_tables_with_keys_in_front() -> None:
    data = REAL_131.read_bytes()
    result = convert_result(data, "archive/real.json")
    md = vm.loads(data)
    assert result.job_id == md.job_id
    assert result.format_version == "1.3.1"
    assert result.sha256 == content_hash(data)
    assert tuple(result.tables) == ARCHIVE_TABLES
    for name, frame in result.tables.items():
        assert frame.schema == archive_schema(name), name
        assert frame.get_column("job_id").unique().to_list() in ([md.job_id], [])
        assert frame.get_column("source").unique().to_list() in (["archive/real.json"], [])
        assert_frame_equal(frame.drop(*KEY_COLUMNS), getattr(md, name)())
    assert result.rows["seconds"] == 42621


def test_schemas_are_table_schemas_plus_keys() -> None:
    for name in ARCHIVE_TABLES:
        schema = archive_schema(name)
        assert list(schema.items())[:2] == [("job_id", pl.String()), ("source", pl.String())]
        assert dict(list(schema.items())[2:]) == dict(vm.TABLE_SCHEMAS[name])
        assert not set(KEY_COLUMNS) & set(vm.TABLE_SCHEMAS[name])
    with pytest.raises(ValueError, match="unknown archive table 'second_attributes'"):
        archive_schema("second_attributes")


def test_a_file_without_job_id_gets_a_stable_id_from_its_content() -> None:
    doc = synthetic_doc(11)
    del doc["job_info"]["job_id"]
    data = dump(doc)
    first = convert_result(data, "x.json")
    assert first.job_id == derived_job_id(content_hash(data))
    assert first.job_id.startswith("sha256-")
    assert len(first.job_id) == 7 + 32
    assert convert_result(data, "elsewhere/y.json").job_id == first.job_id
    doc["job_info"]["job_id"] = "  "
    assert convert_result(dump(doc), "z.json").job_id.startswith("sha256-")


def test_gzip_bytes_give_the_same_result_and_hash() -> None:
    data = dump(synthetic_doc(12))
    plain = convert_result(data, "a.json")
    zipped = convert_result(gzip.compress(data), "a.json")
    assert (zipped.job_id, zipped.sha256) == (plain.job_id, plain.sha256)
    assert_frame_equal(zipped.tables["occurrences"], plain.tables["occurrences"])


def test_arrow_variant_round_trips() -> None:
    data = dump(synthetic_doc(13))
    frames = result_tables(data, "a.json")
    for name, table in arrow_tables(data, "a.json").items():
        back = pl.from_arrow(table)
        assert isinstance(back, pl.DataFrame)
        assert_frame_equal(back, frames[name])


def test_inputs_and_outputs_pickle() -> None:
    data = dump(synthetic_doc(14))
    result = convert_result(data, "a.json")
    again = pickle.loads(pickle.dumps(result))
    assert (again.job_id, again.rows) == (result.job_id, result.rows)
    assert_frame_equal(again.tables["words"], result.tables["words"])
    assert "tables" not in repr(result)


def test_bad_input_raises_metadata_error_naming_the_source() -> None:
    with pytest.raises(vm.MetadataError, match=r"^bad\.json: empty input"):
        convert_result(b"", "bad.json")


def test_result_tables_reads_nothing_from_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = dump(synthetic_doc(15))
    monkeypatch.chdir(tmp_path)
    assert result_tables(data, "does/not/exist.json")["shots"].height > 0
