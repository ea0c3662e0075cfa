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
# # Quick start: from a Valossa result to answers
#
# This notebook loads a bundled Core metadata result, shows the tables the toolkit builds, and answers a
# first question. It runs top to bottom on a fresh clone (`make test` executes it).

# %%
import valossa_metadata as vm

md = vm.load("../sample_results/current_format_example.json")
md

# %% [markdown]
# Facts about the video and the file:

# %%
md.format_version, md.title, md.duration, md.fps, md.language

# %%
md.detection_counts()

# %% [markdown]
# ## The tables
#
# Every table is a polars DataFrame with a documented schema (`vm.TABLE_SCHEMAS`). Ids stay strings,
# as in the file; times are seconds.

# %%
md.detections().head()

# %%
md.occurrences().head()

# %%
md.seconds().head()

# %%
md.words().select("word", "start", "end", "speaker", "is_punctuation").head(8)

# %% [markdown]
# ## A first question: who is on screen the longest?
#
# Screen time is the union of a person's occurrences (overlaps counted once), and face detections
# that matched the same gallery identity are merged:

# %%
md.screen_time("identity", types="human.face")

# %% [markdown]
# What is on screen at 1:23?

# %%
md.at(83).select("type", "label", "identity", "start", "end", "confidence")

# %% [markdown]
# ## Old files load the same way
#
# The real 2017 result (format 1.3.1) has no shot indexes on its occurrences; they are computed from the
# times:

# %%
old = vm.load("../sample_results/metareader_metadata_example_2017_v1.json")
old.occurrences().select("label", "start", "end", "confidence", "shot_start", "shot_end").head()
