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
# # Speech and speakers
#
# Valossa transcribes the audio of a video into sentences (`audio.speech`, each with a sentiment score)
# and, in current results, into single words with times, confidences and speaker ids
# (`audio.speech_detailed`). This notebook shows:
#
# - the sentences with their sentiment, and the words with their speakers;
# - speaker turns: who talks when, and for how long;
# - sentiment per second from speech, faces and voice, and the plots of sentiment and speakers;
# - exports for subtitling and speech tools: SRT and WebVTT from the sentences or from the words (with
#   speaker labels), and RTTM speaker turns, each read back to check the round trip.
#
# It uses the bundled 4-minute current-format sample, which has three speakers. The sample is synthetic:
# its sentences and scores are made up, but their layout is that of a real result.

# %%
from pathlib import Path

import matplotlib.pyplot as plt
import polars as pl
from matplotlib.axes import Axes

import valossa_metadata as vm
from valossa_metadata import export, plot
from valossa_metadata.export import write_text

pl.Config.set_fmt_str_lengths(70)
out = Path("out")
out.mkdir(exist_ok=True)


def first_cues(text: str, n: int = 3) -> None:
    # the first n blocks of an SRT or WebVTT text (the WEBVTT header is a block of its own)
    print("\n\n".join(text.split("\n\n")[:n]))


md = vm.load("../sample_results/current_format_example.json")
md

# %% [markdown]
# ## Sentences and their sentiment
#
# `md.speech()` has one row per transcript sentence. `sentiment` is the valence of the sentence, from -1
# (negative) to 1 (positive); the shot columns say which shots the sentence spans.

# %%
speech = md.speech()
speech.select("start", "end", "text", "sentiment").head()

# %% [markdown]
# The most negative and the most positive sentences:

# %%
ranked = speech.sort("sentiment").select("start", "text", "sentiment")
pl.concat([ranked.head(2), ranked.tail(2)])

# %% [markdown]
# ## Words and speakers
#
# `md.words()` has one row per word or punctuation mark, with the recogniser's confidence and a
# speaker id. Punctuation marks are instants (`start == end`) flagged by `is_punctuation`:

# %%
words = md.words()
words.select("word", "start", "end", "confidence", "speaker", "is_punctuation").head(8)

# %% [markdown]
# Per speaker: words spoken, mean confidence, and the share of words the recogniser was less than 75%
# sure of (the ones a human editor would check first):

# %%
spoken = words.filter(~pl.col("is_punctuation"))
spoken.group_by("speaker").agg(
    words=pl.len(),
    mean_confidence=pl.col("confidence").mean().round(3),
    unsure=(pl.col("confidence") < 0.75).mean().round(3),
).sort("words", descending=True)

# %% [markdown]
# ## Speaker turns
#
# `md.speaker_turns()` joins consecutive words of one speaker into a turn, until the speaker changes or
# a pause is longer than `max_pause` seconds (default 1.0). Each turn has its times, its number of words
# and its text:

# %%
turns = md.speaker_turns()
turns.head(4)

# %% [markdown]
# Talk time per speaker, and what the pause threshold does to the number of turns:

# %%
talk = turns.group_by("speaker").agg(
    turns=pl.len(), talk_time=pl.col("duration").sum(), longest=pl.col("duration").max()
)
print("turns with max_pause 0.3, 1 and 3 s:", [md.speaker_turns(max_pause=p).height for p in (0.3, 1.0, 3.0)])
talk.with_columns(share=(pl.col("talk_time") / md.duration * 100).round(1)).sort("talk_time", descending=True)

# %% [markdown]
# With 0.3 s, the pauses between one speaker's sentences split their turns; from 1 s on, a turn ends
# only when the speaker changes.
#
# Who answers whom: each turn paired with the next one's speaker. In a two-person interview this table
# has two rows; here all three speakers talk with each other.

# %%
(
    turns.select(speaker="speaker", next_speaker=pl.col("speaker").shift(-1))
    .drop_nulls()
    .group_by("speaker", "next_speaker")
    .len()
    .sort(["len", "speaker", "next_speaker"], descending=[True, False, False])  # ties by name
)

# %% [markdown]
# ## Sentiment over time
#
# `md.sentiment_timeline()` has one row per second of the video with four series: the valence of the
# sentence being spoken, the mean valence of the faces on screen, and the valence and arousal of the
# voice (`audio.voice_emotion`). A series is null where it has no data (no sentence, no face):

# %%
timeline = md.sentiment_timeline()
print("seconds with data:", {name: timeline[name].count() for name in timeline.columns[1:]})
timeline.filter(pl.col("second").is_between(60, 64))

# %% [markdown]
# Mean speech sentiment per speaker: `export.sentence_cues` gives every sentence the speaker who says most
# of its words, which joins back to the sentences on their times:

# %%
speakers_of = export.sentence_cues(md).select("start", "end", "speaker")
(
    speech.join(speakers_of, on=["start", "end"])
    .group_by("speaker")
    .agg(sentences=pl.len(), mean_sentiment=pl.col("sentiment").mean().round(3))
    .sort("speaker")
)


# %% [markdown]
# ## Plots
#
# `plot.sentiment` draws the four series (arousal dashed, from 0 to 1); `smooth=5` is a centred 5-second
# rolling mean that keeps gaps as gaps. `plot.speakers` draws one lane per speaker with their talk time.
# A small helper keeps the figures light (9 inches wide at 80 dpi):


# %%
def axes(height: float) -> Axes:
    return plt.subplots(figsize=(9, height), dpi=80, layout="constrained")[1]


ax = plot.sentiment(md, smooth=5, ax=axes(3.4))

# %% [markdown]
# `simple=True` reduces each valence series to a strip of positive (above 0.2), neutral and negative
# (below -0.2) seconds, as metadata-reader's `--simple` did:

# %%
ax = plot.sentiment(md, simple=True, ax=axes(2))

# %%
ax = plot.speakers(md, ax=axes(2.2))

# %% [markdown]
# ## Subtitles: SRT and WebVTT
#
# `export.cues(md, source)` makes cues (`start`, `end`, `text`, `speaker`) from one of two sources:
#
# - `"sentences"`: one cue per transcript sentence, on one line, with the speaker who says most of it;
# - `"words"`: cues built as subtitles are, from the words: at most two balanced lines of 42 characters
#   and 7 seconds, a new cue when the speaker changes or after a pause longer than `max_pause`.
#
# `export.srt` and `export.vtt` turn cues into text; `write_text` writes it atomically. SRT has no
# speaker field, so the speaker's name leads a cue when the speaker changes; WebVTT marks every cue with
# a voice tag (`<v Speaker 31>`).

# %%
sentences = export.cues(md, "sentences")
write_text(export.srt(sentences), out / "transcript.srt")
first_cues((out / "transcript.srt").read_text(), 4)

# %%
subtitles = export.cues(md, "words")
write_text(export.vtt(subtitles), out / "subtitles.vtt")
write_text(export.srt(subtitles), out / "subtitles.srt")
first_cues((out / "subtitles.vtt").read_text(), 5)

# %% [markdown]
# The limits are parameters of `export.word_cues`, for house styles with shorter lines and cues; here 37
# characters and 6 seconds:

# %%
narrow = export.word_cues(words, max_chars=37, max_lines=2, max_duration=6.0, max_pause=0.7)
print(f"{subtitles.height} cues at 42 characters, {narrow.height} at 37\n")
first_cues(export.srt(narrow), 3)

# %% [markdown]
# The line limit holds for the `Speaker 31: ` label too: SRT puts it in front of a new speaker's first
# line, and the cue keeps room for it (WebVTT's voice tags are not displayed, so they take none).

# %% [markdown]
# A selection's time window limits the cues too. The times stay those of the whole video: to subtitle a
# clip cut from 1:00, shift them.

# %%
clip = export.cues(md, "words", selection=md.select(start=60, end=120, mode="within"))
clip = clip.with_columns(pl.col("start", "end") - 60)
write_text(export.vtt(clip), out / "clip_60_120.vtt")
first_cues((out / "clip_60_120.vtt").read_text(), 3)

# %% [markdown]
# ## Speaker turns as RTTM
#
# RTTM is the format of speaker-diarisation tools and their scorers (such as `dscore` and
# `pyannote.metrics`): one `SPEAKER` line per turn, with the file id (here the job id), the start and the
# duration in seconds:

# %%
write_text(export.rttm(md), out / "speakers.rttm")
print("".join((out / "speakers.rttm").read_text().splitlines(keepends=True)[:3]), end="")

# %% [markdown]
# ## Reading them back
#
# `vm.read_subtitles` reads SRT and WebVTT (Valossa's own `speech_to_text` results, or ours) into one
# row per cue. The WebVTT file comes back exactly: times to the millisecond, text, and the speakers from
# the voice tags:

# %%
back = vm.read_subtitles(out / "subtitles.vtt")
columns = ["start", "end", "text", "speaker"]
back.select(columns).equals(subtitles.select(columns))

# %% [markdown]
# SRT has no field for speakers, so the toolkit names the speaker at the start of a cue whenever the
# speaker changes (`Speaker 31: ...`); `read_subtitles` takes the name back out and carries it to the
# following cues, so the SRT comes back as it was written:

# %%
srt_back = vm.read_subtitles(out / "subtitles.srt")
srt_back.select(columns).equals(subtitles.select(columns))

# %% [markdown]
# The RTTM file is space-separated text, which polars reads; its turns are the speaker turns above, to
# the millisecond:

# %%
fields = ["type", "file", "channel", "start", "duration", "ortho", "subtype", "speaker", "score", "lookahead"]
rttm = pl.read_csv(out / "speakers.rttm", separator=" ", has_header=False, new_columns=fields)
expected = turns.select("start", "duration", speaker="speaker_" + pl.col("speaker"))
rttm.select("start", "duration", "speaker").equals(expected)

# %% [markdown]
# Valossa also delivers the transcript as subtitles (the `speech_to_text_srt` and `speech_to_text_vtt`
# result types, bundled beside the sample). They have the sentence cues, without speakers:

# %%
valossa_vtt = vm.read_subtitles("../sample_results/current_format_example.speech_to_text.vtt")
print(valossa_vtt["speaker"].null_count(), "of", valossa_vtt.height, "cues without a speaker")
valossa_vtt.select("start", "end").equals(sentences.select("start", "end"))

# %% [markdown]
# ## Files without words
#
# Older results, such as the 2017 film in `sample_results`, have no `audio.speech_detailed` words: there
# are no speaker turns, and the RTTM export is empty rather than an error.

# %%
film = vm.load("../sample_results/metareader_metadata_example_2017_v1.json")
film.words().height, film.speaker_turns().height, export.rttm(film)
