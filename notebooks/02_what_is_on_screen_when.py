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
# # What is on screen when
#
# Every detection in a Valossa result comes with *occurrences*: stretches of time `[start, end)` in
# seconds. This notebook asks the time questions that media work is made of, and answers each with one
# call:
#
# - what is in a time window (three ways to treat things that cross its edges), and at one moment;
# - what each shot holds, and which shots hold a given thing;
# - how long each label, detection type, person or category is on screen, with overlaps counted once;
# - when something is *not* on screen (the gaps);
# - and the same answers as pictures: a timeline, a heatmap and a screen-time chart.
#
# It uses the bundled 4-minute current-format sample and the real 2017 result of the two-hour film
# *Charade* (format 1.3.1).

# %%
from pathlib import Path

import matplotlib.pyplot as plt
import polars as pl
from matplotlib.axes import Axes

import valossa_metadata as vm
from valossa_metadata import plot, query
from valossa_metadata.query import gaps

Path("out").mkdir(exist_ok=True)
md = vm.load("../sample_results/current_format_example.json")
film = vm.load("../sample_results/metareader_metadata_example_2017_v1.json")
print(f"sample: {md.duration:.0f} s, {md.shots().height} shots")
print(f"film:   {film.duration:.0f} s, {film.shots().height} shots")

# %% [markdown]
# ## Time windows
#
# `md.select(start=..., end=...)` keeps what happens inside a window; `mode` says what to do with an
# occurrence that crosses an edge of the window:
#
# - `overlap` (the default) keeps every occurrence that overlaps the window, whole;
# - `within` keeps only occurrences entirely inside it;
# - `clip` keeps the overlapping ones and trims them to the window (durations recomputed).
#
# How many occurrences each mode keeps between 1:00 and 1:30:

# %%
modes = {mode: md.select(start=60, end=90, mode=mode).occurrences() for mode in ("overlap", "within", "clip")}
{mode: frame.height for mode, frame in modes.items()}

# %% [markdown]
# `overlap` and `clip` keep the same rows; `within` drops the ones that start before 1:00 or end after
# 1:30. The `street` concept shows the difference: one occurrence starts at 56 s and one ends at 96 s.

# %%
pl.concat(
    frame.filter(pl.col("label") == "street").select(pl.lit(mode).alias("mode"), "start", "end", "duration")
    for mode, frame in modes.items()
)

# %% [markdown]
# ### Screen time inside a window
#
# Screen time in a window counts only the time inside it, whatever the window mode: an occurrence that
# crosses the edge is clipped. The `percent` column is then a share of the window (30 seconds here),
# not of the whole video:

# %%
md.select(types="visual.context", start=60, end=90).screen_time("label").head(6)

# %% [markdown]
# ## One moment: `md.at(t)`
#
# Everything present at 1:23 (83 s). Some detections cover the whole video (`visual.color`, the
# dominant colours; `audio.voice_emotion`; the IAB topic sections), so they are always present:

# %%
md.at(83).select("type", "label", "identity", "start", "end", "confidence")

# %% [markdown]
# A selection narrows the moment to what is seen: visual concepts and faces, at least 70% sure.

# %%
seen = md.select(types=["visual.context", "human.face"], min_confidence=0.7)
seen.at(83).select("type", "label", "start", "end", "confidence")

# %% [markdown]
# ## Shots
#
# `md.shots()` lists the shots (cuts detected by Valossa); every occurrence carries the indexes of its
# first and last shot (`shot_start`, `shot_end`). Which shot is on screen at 83 s:

# %%
shots = md.shots()
shot = shots.filter((pl.col("start") <= 83) & (pl.col("end") > 83))
shot

# %% [markdown]
# `query.in_shot` keeps the occurrences that span a shot: here, what is seen during that one:

# %%
number = shot["shot_index"].item()
during = query.in_shot(seen.occurrences(), number)
during.select("label", "start", "end", "confidence", "shot_start", "shot_end")

# %% [markdown]
# The other way round, `query.shots_containing` gives the shots that hold any of some occurrences, with
# how many of them each shot holds. The shots with a cat (at least 80% sure):

# %%
cats = md.select(types="visual.context", labels="cat", min_confidence=0.8)
query.shots_containing(shots, cats.occurrences()).select("shot_index", "start", "end", "occurrences")

# %% [markdown]
# Old results such as the 1.3.1 film have no shot indexes on their occurrences: the toolkit computes
# them from the times, so the same question works there. Audrey Hepburn's face is in this many of the
# film's shots:

# %%
hepburn = film.select(persons="*Hepburn")
hepburn_shots = query.shots_containing(film.shots(), hepburn.occurrences())
print(f"{hepburn_shots.height} of {film.shots().height} shots")

# %% [markdown]
# ## Screen time: the union, not the sum
#
# `md.screen_time(by, **criteria)` groups the selected occurrences by `label`, `type`, `identity` (faces
# merged by gallery name) or `category` (Valossa's category tags), and measures the *union* of each
# group's occurrences: a second in which two visual concepts are present counts once for
# `visual.context`. The difference from simply adding durations is large where things overlap. In the
# sample, the durations of the visual concepts add up to about nine times the video's length, while their
# union is 99% of it; the faces add up to 149 s, but some faces share the screen, and the union is 114 s.
# The types whose sum and union differ:

# %%
summed = md.occurrences().group_by("type").agg(summed=pl.col("duration").sum(), occurrences=pl.len())
both = md.screen_time("type").join(summed, on="type")
both.filter(pl.col("summed") > pl.col("screen_time") + 0.001).sort("summed", descending=True)

# %% [markdown]
# By label (the confidence filter keeps the occurrences Valossa is at least 80% sure of), by person and by
# category:

# %%
md.screen_time("label", types="visual.context", min_confidence=0.8).head(6)

# %%
md.screen_time("identity", types="human.face")

# %% [markdown]
# `John Carter` is two face detections that matched the same gallery identity; the table counts his
# time once. Unmatched faces are named by gender and detection id (`unknown female 629`).
#
# A concept can carry several category tags, and its time counts towards each:

# %%
md.screen_time("category", types="visual.context").head(6)

# %% [markdown]
# ## Gaps: when something is *not* on screen
#
# `valossa_metadata.query.gaps` gives the uncovered stretches of `[0, end)`. Stretches of the sample
# with no face at all, longest first:

# %%
faces = md.select(types="human.face").occurrences()
no_face = gaps(faces, end=md.duration).with_columns(length=pl.col("end") - pl.col("start"))
print(f"no face for {no_face['length'].sum():.1f} s of {md.duration:.0f} s, in {no_face.height} stretches")
no_face.sort("length", descending=True).head(5)

# %% [markdown]
# With a grouping column, the gaps are per group. The film's two stars' longest absences (`plot.hms`
# writes seconds as `h:mm:ss`):

# %%
stars = film.select(persons=["*Hepburn", "Cary Grant"]).occurrences()
(
    gaps(stars, ["identity"], end=film.duration)
    .with_columns(length=pl.col("end") - pl.col("start"))
    .sort("length", descending=True)
    .group_by("identity", maintain_order=True)
    .head(3)
    .with_columns(pl.col("start", "end", "length").map_elements(plot.hms, return_dtype=pl.String))
)


# %% [markdown]
# ## Pictures
#
# `valossa_metadata.plot` draws the same answers with matplotlib. Each function takes a `Metadata` or a
# `Selection`, draws on the `ax` you pass (or on a new figure sized for its content) and returns the
# `Axes`. Because this notebook imports `matplotlib.pyplot`, the figures show inline. A small helper
# keeps them modest (9 inches wide at 80 dpi), so the notebook stays light:


# %%
def axes(height: float = 4.0) -> Axes:
    return plt.subplots(figsize=(9, height), dpi=80, layout="constrained")[1]


# %% [markdown]
# ### Timeline
#
# One lane per label (faces by identity), the 12 with the most screen time; bars are coloured by
# detection type, and their opacity is the confidence. `shots=True` draws the cuts, `speech=True` adds a
# lane of speaker turns:

# %%
ax = plot.timeline(md, top=12, shots=True, speech=True, ax=axes(5))

# %% [markdown]
# A Selection with a window zooms: the half minute from 1:00, its lanes ranked inside the window.

# %%
ax = plot.timeline(md.select(start=60, end=90), top=10, shots=True, ax=axes(4))

# %% [markdown]
# On the two-hour film, by face identity: the lanes are the people with the most screen time, and the
# film's 1,202 cuts become a faint background:

# %%
ax = plot.timeline(film.select(types="human.face"), by="identity", top=8, shots=True, ax=axes(3.6))
saved = plot.save(ax, "out/film_faces_timeline.png")
print(f"wrote {saved} ({saved.stat().st_size // 1024} KB)")

# %% [markdown]
# `plot.save` writes png, svg or pdf (by the extension) atomically, for reports and pages.
#
# ### Heatmap
#
# Labels by time from the per-second table: the colour is the best confidence in each bin (1 s here;
# longer videos get bigger bins). It shows how sure Valossa is, second by second:

# %%
ax = plot.heatmap(md.select(types="visual.context"), top=15, ax=axes(4.5))

# %% [markdown]
# On the film, the bins are 15 s (at most about 500 columns):

# %%
ax = plot.heatmap(film.select(types="visual.context"), top=12, ax=axes(4))

# %% [markdown]
# ### Screen-time chart
#
# The union screen time as bars, longest first, each with its seconds and share of the video:

# %%
ax = plot.screen_time_chart(md, by="type", top=10, ax=axes(4))

# %%
faces_of_film = film.select(types="human.face")
ax = plot.screen_time_chart(faces_of_film, by="identity", top=10, ax=axes(4))

# %% [markdown]
# Audrey Hepburn is on screen for about 19 minutes of the film, Cary Grant for 11; the rest are faces that
# matched no gallery identity.
