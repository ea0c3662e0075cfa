"""The same conversion on Dask distributed gives the same dataset."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import polars as pl
import pytest
from distributed import Client, LocalCluster
from distributed.scheduler import KilledWorker

from tests.archive.conftest import Corpus
from tests.archive.helpers import assert_dataset, delta_logs
from valossa_metadata.archive import read_errors, read_manifest
from valossa_metadata.archive.distributed import collect, convert_distributed
from valossa_metadata.archive.worker import Task

Expected = dict[str, dict[str, pl.DataFrame]]


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    with (
        LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,  # type: ignore[no-untyped-call]
    ):
        yield client


def test_distributed_gives_the_same_dataset(
    corpus: Corpus, dataset_1: Path, expected: Expected, client: Client, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    summary = convert_distributed(corpus.root, out, client, progress=False, batch_jobs=4)
    assert (summary.converted, summary.skipped, summary.failed) == (6, 1, 5)
    assert_dataset(out, expected)
    assert read_manifest(out).drop("converted_at").equals(read_manifest(dataset_1).drop("converted_at"))
    assert read_errors(out).drop("time").equals(read_errors(dataset_1).drop("time"))
    assert delta_logs(out)["shots"] == 2  # two batches
    again = convert_distributed(corpus.root, out, client, progress=False)
    assert (again.converted, again.unchanged, again.commits) == (0, 6, 0)


class _DeadFuture:
    def result(self) -> object:
        raise KilledWorker("convert-123", SimpleNamespace(address="tcp://10.0.0.1:1234"), 3)  # type: ignore[arg-type]

    def cancel(self) -> None:
        pass


def test_a_task_whose_workers_died_fails_its_file_only() -> None:
    outcome = collect(_DeadFuture(), Task("big.json"))  # type: ignore[arg-type]
    assert outcome.status == "failed"
    assert outcome.message == "4 workers died while converting it (out of memory?)"
