"""Partition names: any job id survives the trip through a directory name."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from valossa_metadata.archive.layout import job_file, partition_name, partition_value


@given(st.text(min_size=1, max_size=60))
def test_partition_names_round_trip(job_id: str) -> None:
    if len("job_id=" + quote(job_id, safe="-_.~")) > 255:
        with pytest.raises(ValueError, match="too long"):
            partition_name(job_id)
        return
    name = partition_name(job_id)
    assert not {"/", "\\", "\x00"} & set(name)
    assert name.startswith("job_id=")
    assert partition_value(name) == job_id


def test_uuids_are_kept_as_they_are() -> None:
    assert (
        partition_name("c5097dcb-c185-4f2b-862e-49af6a3ef4dd")
        == "job_id=c5097dcb-c185-4f2b-862e-49af6a3ef4dd"
    )
    assert job_file("OUT", "seconds", "j").as_posix() == "OUT/seconds/job_id=j/part-0.parquet"


def test_unusable_ids_are_refused() -> None:
    with pytest.raises(ValueError, match="empty job_id"):
        partition_name("")
    with pytest.raises(ValueError, match="too long"):
        partition_name("x" * 300)
    with pytest.raises(ValueError, match="not a job partition"):
        partition_value("shots")
