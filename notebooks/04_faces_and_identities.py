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
# # Faces and identities
#
# Valossa finds faces, tracks each one as a `human.face` detection, and matches it against face
# galleries: the best match is the first `similar_to` entry. One person is often several detections,
# so the toolkit merges them by name into *identities*; faces with no match get names such as
# `unknown female 12`. This notebook uses the real 2017 result of the film *Charade* and the bundled
# current-format sample.

# %%
import polars as pl

import valossa_metadata as vm

film = vm.load("../sample_results/metareader_metadata_example_2017_v1.json")
sample = vm.load("../sample_results/current_format_example.json")
film.faces().select("detection_id", "name", "identity_confidence", "gender", "screen_time").head()

# %% [markdown]
# ## Identities and screen time
#
# Screen time is the union of a person's occurrences: overlaps count once.

# %%
film.screen_time("identity", types="human.face").head(8)

# %% [markdown]
# In the current-format sample two face detections match the same gallery identity. Merged, their
# screen time is the union; kept apart (`separate_identities=True`) each detection has its own line:

# %%
merged = sample.screen_time("identity", types="human.face")
separate = sample.select(types="human.face", separate_identities=True).screen_time("identity")
merged.head(4), separate.head(5)

# %% [markdown]
# ## Unknown faces, gender, quality and minors

# %%
sample.face_identities().select(
    "detection_id", "identity", "gender", "gender_confidence", "quality", "under_18", "visible_seconds"
)

# %% [markdown]
# ## Face groups
#
# `human.face_group` detections say which faces appear together; here with their members' identities:

# %%
film.face_groups().head()

# %% [markdown]
# ## Co-occurrence with visual concepts
#
# Which visual concepts are on screen while a person is? `overlap` intersects the two selections
# (each side merged first, so overlaps inside a side count once):

# %%
hepburn = film.select(persons="*Hepburn")
concepts = film.select(types="visual.context", min_confidence=0.8)
hepburn.overlap(concepts, by="identity", other_by="label").head(8)

# %% [markdown]
# ## Co-occurrence with speech
#
# Who is on screen while each speaker talks (speaker turns come from the words):

# %%
from valossa_metadata.query import overlap_time

faces = sample.select(types="human.face", skip_unknown_faces=True).occurrences()
overlap_time(faces, sample.speaker_turns(), left_by="identity", right_by="speaker").pivot(
    on="speaker", index="identity", values="overlap"
)

# %% [markdown]
# ## Facial expressions
#
# Named expressions per face and second, counted per identity:

# %%
identities = sample.face_identities().select("detection_id", "identity")
(
    sample.expressions()
    .join(identities, on="detection_id")
    .group_by("identity", "emotion")
    .agg(seconds=pl.col("second").n_unique())
    .sort(["seconds", "identity", "emotion"], descending=[True, False, False])  # ties by name
    .head(8)
)
