# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # A whole archive
#
# One Core metadata file describes one video; an archive holds thousands of them, and the questions
# worth asking span them all: who is on screen most across a season, which programmes show a logo.
# This notebook turns a folder of results into one Delta Lake table per table name and queries it:
#
# - `vm.convert` writes the dataset, once and resumably, skipping side files and recording bad ones;
# - `vm.scan` reads it back as lazy polars frames with the same columns as one file's tables, plus
#   `job_id` and `source`;
# - a cross-archive question (screen time per person over every job) in polars, and the same in DuckDB
#   (through `deltalake`'s Arrow dataset);
# - a second run converts only what changed.
#
# The archive here is made up: twelve synthetic 5-minute results from `valossa_metadata.testing.synthetic`.

# %%
import gzip
import json
import shutil
from pathlib import Path

import duckdb
import polars as pl

import valossa_metadata as vm
from valossa_metadata.archive import read_errors, read_manifest
from valossa_metadata.query import union_duration
from valossa_metadata.testing import synthetic

corpus, dataset = Path("out/corpus"), Path("out/dataset")
for folder in (corpus, dataset):  # start afresh: a previous run of this notebook left them
    if folder.exists():
        shutil.rmtree(folder)
corpus.mkdir(parents=True)


def file_name(column: str) -> pl.Expr:
    # sources are recorded by absolute path; their names are enough here
    return pl.col(column).str.split("/").list.last()


# %% [markdown]
# ## The archive
#
# Twelve results of five minutes each (`seed` makes each a different made-up video, with its own job id).
# Archives mix plain and gzipped JSON, so every fourth file is gzipped. Two more files make it
# realistic: a side file (`seconds_objects`, another result type of the same job) and a result cut short
# in a failed copy.

# %%
documents = [synthetic.core_metadata(300.0, seed=i) for i in range(12)]
for i, document in enumerate(documents):
    data = json.dumps(document).encode()
    if i % 4 == 3:
        (corpus / f"job_{i:02d}.json.gz").write_bytes(gzip.compress(data, mtime=0))
    else:
        (corpus / f"job_{i:02d}.json").write_bytes(data)
side_file = synthetic.seconds_objects(documents[0], seed=0)
(corpus / "job_00.seconds_objects.json").write_text(json.dumps(side_file))
(corpus / "job_12.json").write_text(json.dumps(synthetic.core_metadata(300.0, seed=12))[:20_000])

files = sorted(corpus.iterdir())
print(f"{len(files)} files, {sum(f.stat().st_size for f in files) / 1e6:.1f} MB:")
print(", ".join(f.name for f in files))

# %% [markdown]
# ## Converting
#
# `vm.convert(sources, out_dir)` walks the folder for `.json` and `.json.gz` files (gzip is recognised by
# its bytes) and writes every table of every result. `workers=1` converts in this process, which is
# quickest for a dozen files; the default is one process per CPU. `progress=False` turns off the progress
# bar. A bad file never stops a run: it is named on stderr, counted, and recorded.

# %%
summary = vm.convert(corpus, dataset, workers=1, progress=False)
print(summary)

# %% [markdown]
# Twelve results converted; the side file is skipped (it is not Core metadata); the truncated file
# failed. The summary is an object too, for scripts and schedulers:

# %%
failures = [(Path(source).name, error) for source, error in summary.failures]
summary.ok, summary.converted, failures

# %% [markdown]
# The dataset has a Delta table per table (Parquet data files and a `_delta_log` of commits). The
# results are committed in batches, not a file per job: this dozen jobs is one commit and one data
# file per table. The `_sources` table records every file with its job and content hash; the error
# table holds the files that currently fail:

# %%
print(sorted(p.name for p in dataset.iterdir()))
print(sorted(p.name for p in (dataset / "faces").iterdir()))

# %%
jobs = read_manifest(dataset)
jobs.select("job_id", file_name("source").alias("file"), "format_version", "size").sort("file").head(4)

# %%
read_errors(dataset).select(file_name("source").alias("file"), "error")

# %% [markdown]
# ## Reading: `vm.scan`
#
# `vm.scan(dataset)` returns a lazy polars frame per table. Nothing is read until a query is collected,
# and then only the columns (and, with a filter on `job_id`, the files) that the query needs. Rows per
# table over the whole archive:

# %%
tables = vm.scan(dataset)
{name: frame.select(pl.len()).collect().item() for name, frame in tables.items()}

# %% [markdown]
# Each table has the schema of the single-file table (`vm.TABLE_SCHEMAS`), with `job_id` and `source` in
# front, so code written for one result works on the archive:

# %%
tables["faces"].collect_schema()

# %% [markdown]
# ## Screen time per person, over every job
#
# Face detections that matched a gallery identity have a `name`. Joining them to their occurrences (on
# `job_id` and `detection_id`: detection ids are only unique within a job) gives each named person's
# intervals. The union per person per job counts a person once where two of their face detections
# overlap; the sum over jobs is their screen time in the archive:

# %%
named = tables["faces"].filter(pl.col("name").is_not_null()).select("job_id", "detection_id", "name")
spans = tables["occurrences"].join(named, on=["job_id", "detection_id"])
per_job = union_duration(spans.select("job_id", "name", "start", "end"), ["job_id", "name"])
screen_time = (
    per_job.group_by("name")
    .agg(screen_time=pl.col("screen_time").sum().round(3), jobs=pl.len())
    .sort("screen_time", descending=True)
)
screen_time

# %% [markdown]
# The `faces` table also has each detection's own `screen_time`. Summed per name it is simpler, but
# counts twice the seconds in which one person is found as two face detections at once. The difference
# is that double counting:

# %%
summed = tables["faces"].group_by("name").agg(summed=pl.col("screen_time").sum()).collect()
(
    screen_time.join(summed, on="name")
    .with_columns(double_counted=(pl.col("summed") - pl.col("screen_time")).round(3))
    .sort("double_counted", descending=True)
    .head(4)
)

# %% [markdown]
# Other questions follow the same pattern. The visual concepts found in the most videos, with how long
# they are on screen per video on average (again a union per job, so overlapping occurrences of one
# concept count once):

# %%
visual = tables["detections"].filter(pl.col("type") == "visual.context")
concepts = visual.select("job_id", "detection_id", "label")
concept_spans = tables["occurrences"].join(concepts, on=["job_id", "detection_id"])
(
    union_duration(concept_spans.select("job_id", "label", "start", "end"), ["job_id", "label"])
    .group_by("label")
    .agg(jobs=pl.len(), mean_seconds=pl.col("screen_time").mean().round(1))
    .sort(["jobs", "mean_seconds"], descending=True)
    .head(5)
)

# %% [markdown]
# ## The same dataset in DuckDB
#
# DuckDB reads a Delta table through `deltalake`'s Arrow dataset (its own `delta` extension works too,
# but needs a download). Occurrences per job:

# %%
from deltalake import DeltaTable

db = duckdb.connect()
occurrences = DeltaTable(f"{dataset}/occurrences").to_pyarrow_dataset()
faces = DeltaTable(f"{dataset}/faces").to_pyarrow_dataset()
db.sql(
    """
    SELECT job_id, count(*) AS occurrences, round(max("end") / 60, 1) AS minutes
    FROM occurrences
    GROUP BY job_id ORDER BY occurrences DESC LIMIT 3
    """
).pl()

# %% [markdown]
# The screen-time question in SQL: a window function gives each interval the furthest end of the
# earlier intervals of the same person in the same job, and each interval adds only what reaches beyond
# it (the same algorithm as `union_duration`). The answer matches the polars one:

# %%
in_sql = db.sql(
    """
    WITH spans AS (
        SELECT o.job_id, f.name, o."start", o."end"
        FROM occurrences AS o JOIN faces AS f USING (job_id, detection_id)
        WHERE f.name IS NOT NULL
    ),
    reach AS (
        SELECT *, max("end") OVER (
            PARTITION BY job_id, name ORDER BY "start", "end"
            ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
        ) AS reach
        FROM spans
    )
    SELECT name, sum(greatest("end" - greatest("start", coalesce(reach, "start")), 0)) AS screen_time
    FROM reach
    GROUP BY name
    """
).pl()
both = screen_time.join(in_sql, on="name", suffix="_sql")
difference = (both["screen_time"] - both["screen_time_sql"]).abs().max()
print(f"{both.height} names, largest difference {difference:.6f} s")

# %% [markdown]
# ## Running again: only what changed
#
# `convert` records every file's size, modification time and content hash. Run it again over the same
# folder and it skips what it has seen, without reading it. Files that failed are tried again; here the
# truncated copy is deleted first (in practice: copied again), and the error table, which holds only the
# current failures, is empty afterwards:

# %%
(corpus / "job_12.json").unlink()
print(vm.convert(corpus, dataset, workers=1, progress=False))
print(f"{read_errors(dataset).height} files failing")

# %% [markdown]
# Now one job is re-analysed after a fix in the face gallery (the gallery entry "Lucas Weber" is renamed
# "Lukas Weber"), and its new result replaces the old file. The next run converts that file alone and
# replaces that job's rows:

# %%
fixed = json.loads(json.dumps(documents[5]).replace('"Lucas Weber"', '"Lukas Weber"'))
(corpus / "job_05.json").write_text(json.dumps(fixed))
print(vm.convert(corpus, dataset, workers=1, progress=False))

# %%
job = fixed["job_info"]["job_id"]
tables = vm.scan(dataset)
(
    tables["faces"]
    .filter(pl.col("name").str.starts_with("Lu"))
    .group_by("name")
    .agg(jobs=pl.col("job_id").n_unique(), this_job=(pl.col("job_id") == job).any())
    .sort("name")
    .collect()
)


# %% [markdown]
# The other jobs still carry the old spelling until they are re-analysed. The replacement was one
# commit per table: the job's old rows went and its new rows came in the same transaction, so a
# reader never sees the job twice or not at all.
#
# ## Clean up
#
# Everything here lives under `out/`, which git ignores; the dataset is smaller than the JSON it came
# from. This notebook removes both folders when it starts, so that each run begins from the same state;
# delete them with `shutil.rmtree` when you no longer need them.


# %%
def size_mb(folder: Path) -> float:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 1e6


print(f"corpus {size_mb(corpus):.1f} MB, dataset {size_mb(dataset):.1f} MB")
