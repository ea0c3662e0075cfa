"""Build and execute the notebooks from the cells below: ``python notebooks/build.py [NAME ...]``.

The notebooks are committed with their outputs so that they read well on the web; ``make test``
executes them again (nbmake) to check they still run top to bottom on a fresh clone.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

HERE = Path(__file__).resolve().parent


def md(text: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_markdown_cell(text.strip())


def code(text: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_code_cell(text.strip())


NOTEBOOKS: dict[str, list[nbformat.NotebookNode]] = {}


def notebook(name: str, cells: list[nbformat.NotebookNode]) -> None:
    NOTEBOOKS[name] = cells


notebook(
    "01_quick_start",
    [
        md("""
# Quick start: from a Valossa result to answers

This notebook loads a bundled Core metadata result, shows the tables the toolkit builds, and answers a
first question. It runs top to bottom on a fresh clone (`make test` executes it).
"""),
        code("""
import valossa_metadata as vm

md = vm.load("../sample_results/current_format_example.json")
md
"""),
        md("Facts about the video and the file:"),
        code("md.format_version, md.title, md.duration, md.fps, md.language"),
        code("md.detection_counts()"),
        md("""
## The tables

Every table is a polars DataFrame with a documented schema (`vm.TABLE_SCHEMAS`). Ids stay strings,
as in the file; times are seconds.
"""),
        code("md.detections().head()"),
        code("md.occurrences().head()"),
        code("md.seconds().head()"),
        code('md.words().select("word", "start", "end", "speaker", "is_punctuation").head(8)'),
        md("""
## A first question: who is on screen the longest?

Screen time is the union of a person's occurrences (overlaps counted once), and face detections
that matched the same gallery identity are merged:
"""),
        code('md.screen_time("identity", types="human.face")'),
        md("What is on screen at 1:23?"),
        code('md.at(83).select("type", "label", "identity", "start", "end", "confidence")'),
        md("""
## Old files load the same way

The real 2017 result (format 1.3.1) has no shot indexes on its occurrences; they are computed from the
times:
"""),
        code("""
old = vm.load("../sample_results/metareader_metadata_example_2017_v1.json")
old.occurrences().select("label", "start", "end", "confidence", "shot_start", "shot_end").head()
"""),
    ],
)

notebook(
    "02_what_is_on_screen_when",
    [
        md("""
# What is on screen when

Every detection in a Valossa result comes with *occurrences*: stretches of time `[start, end)` in
seconds. This notebook asks the time questions that media work is made of, and answers each with one
call:

- what is in a time window (three ways to treat things that cross its edges), and at one moment;
- what each shot holds, and which shots hold a given thing;
- how long each label, detection type, person or category is on screen, with overlaps counted once;
- when something is *not* on screen (the gaps);
- and the same answers as pictures: a timeline, a heatmap and a screen-time chart.

It uses the bundled 4-minute current-format sample and the real 2017 result of the two-hour film
*Charade* (format 1.3.1).
"""),
        code("""
from pathlib import Path

import matplotlib.pyplot as plt
import polars as pl

import valossa_metadata as vm
from valossa_metadata import plot, query
from valossa_metadata.intervals import gaps

Path("out").mkdir(exist_ok=True)
md = vm.load("../sample_results/current_format_example.json")
film = vm.load("../sample_results/metareader_metadata_example_2017_v1.json")
print(f"sample: {md.duration:.0f} s, {md.shots().height} shots")
print(f"film:   {film.duration:.0f} s, {film.shots().height} shots")
"""),
        md("""
## Time windows

`md.select(start=..., end=...)` keeps what happens inside a window; `mode` says what to do with an
occurrence that crosses an edge of the window:

- `overlap` (the default) keeps every occurrence that overlaps the window, whole;
- `within` keeps only occurrences entirely inside it;
- `clip` keeps the overlapping ones and trims them to the window (durations recomputed).

How many occurrences each mode keeps between 1:00 and 1:30:
"""),
        code("""
modes = {mode: md.select(start=60, end=90, mode=mode).occurrences() for mode in ("overlap", "within", "clip")}
{mode: frame.height for mode, frame in modes.items()}
"""),
        md("""
`overlap` and `clip` keep the same rows; `within` drops the ones that start before 1:00 or end after
1:30. The `street` concept shows the difference: one occurrence starts at 56 s and one ends at 96 s.
"""),
        code("""
pl.concat(
    frame.filter(pl.col("label") == "street").select(pl.lit(mode).alias("mode"), "start", "end", "duration")
    for mode, frame in modes.items()
)
"""),
        md("""
### Screen time inside a window

Screen time in a window counts only the time inside it, whatever the window mode: an occurrence that
crosses the edge is clipped. The `percent` column is then a share of the window (30 seconds here),
not of the whole video:
"""),
        code("""
md.select(types="visual.context", start=60, end=90).screen_time("label").head(6)
"""),
        md("""
## One moment: `md.at(t)`

Everything present at 1:23 (83 s). Some detections cover the whole video (`visual.color`, the
dominant colours; `audio.voice_emotion`; the IAB topic sections), so they are always present:
"""),
        code("""md.at(83).select("type", "label", "identity", "start", "end", "confidence")"""),
        md("A selection narrows the moment to what is seen: visual concepts and faces, at least 70% sure."),
        code("""
seen = md.select(types=["visual.context", "human.face"], min_confidence=0.7)
seen.at(83).select("type", "label", "start", "end", "confidence")
"""),
        md("""
## Shots

`md.shots()` lists the shots (cuts detected by Valossa); every occurrence carries the indexes of its
first and last shot (`shot_start`, `shot_end`). Which shot is on screen at 83 s:
"""),
        code("""
shots = md.shots()
shot = shots.filter((pl.col("start") <= 83) & (pl.col("end") > 83))
shot
"""),
        md("`query.in_shot` keeps the occurrences that span a shot: here, what is seen during that one:"),
        code("""
number = shot["shot_index"].item()
during = query.in_shot(seen.occurrences(), number)
during.select("label", "start", "end", "confidence", "shot_start", "shot_end")
"""),
        md("""
The other way round, `query.shots_containing` gives the shots that hold any of some occurrences, with
how many of them each shot holds. The shots with a cat (at least 80% sure):
"""),
        code("""
cats = md.select(types="visual.context", labels="cat", min_confidence=0.8)
query.shots_containing(shots, cats.occurrences()).select("shot_index", "start", "end", "occurrences")
"""),
        md("""
Old results such as the 1.3.1 film have no shot indexes on their occurrences: the toolkit computes
them from the times, so the same question works there. Audrey Hepburn's face is in this many of the
film's shots:
"""),
        code("""
hepburn = film.select(persons="*Hepburn")
hepburn_shots = query.shots_containing(film.shots(), hepburn.occurrences())
print(f"{hepburn_shots.height} of {film.shots().height} shots")
"""),
        md("""
## Screen time: the union, not the sum

`md.screen_time(by, **criteria)` groups the selected occurrences by `label`, `type`, `identity` (faces
merged by gallery name) or `category` (Valossa's category tags), and measures the *union* of each
group's occurrences: a second in which two visual concepts are present counts once for
`visual.context`. The difference from simply adding durations is large where things overlap. In the
sample, the durations of the visual concepts add up to about nine times the video's length, while their
union is 99% of it; the faces add up to 149 s, but some faces share the screen, and the union is 114 s.
The types whose sum and union differ:
"""),
        code("""
summed = md.occurrences().group_by("type").agg(summed=pl.col("duration").sum(), occurrences=pl.len())
both = md.screen_time("type").join(summed, on="type")
both.filter(pl.col("summed") > pl.col("screen_time") + 0.001).sort("summed", descending=True)
"""),
        md("""
By label (the confidence filter keeps the occurrences Valossa is at least 80% sure of), by person and by
category:
"""),
        code("""md.screen_time("label", types="visual.context", min_confidence=0.8).head(6)"""),
        code("""md.screen_time("identity", types="human.face")"""),
        md("""
`John Carter` is two face detections that matched the same gallery identity; the table counts his
time once. Unmatched faces are named by gender and detection id (`unknown female 629`).

A concept can carry several category tags, and its time counts towards each:
"""),
        code("""md.screen_time("category", types="visual.context").head(6)"""),
        md("""
## Gaps: when something is *not* on screen

`valossa_metadata.intervals.gaps` gives the uncovered stretches of `[0, end)`. Stretches of the sample
with no face at all, longest first:
"""),
        code("""
faces = md.select(types="human.face").occurrences()
no_face = gaps(faces, end=md.duration).with_columns(length=pl.col("end") - pl.col("start"))
print(f"no face for {no_face['length'].sum():.1f} s of {md.duration:.0f} s, in {no_face.height} stretches")
no_face.sort("length", descending=True).head(5)
"""),
        md("""
With a grouping column, the gaps are per group. The film's two stars' longest absences (`plot.hms`
writes seconds as `h:mm:ss`):
"""),
        code("""
stars = film.select(persons=["*Hepburn", "Cary Grant"]).occurrences()
(
    gaps(stars, ["identity"], end=film.duration)
    .with_columns(length=pl.col("end") - pl.col("start"))
    .sort("length", descending=True)
    .group_by("identity", maintain_order=True)
    .head(3)
    .with_columns(pl.col("start", "end", "length").map_elements(plot.hms, return_dtype=pl.String))
)
"""),
        md("""
## Pictures

`valossa_metadata.plot` draws the same answers with matplotlib. Each function takes a `Metadata` or a
`Selection`, draws on the `ax` you pass (or on a new figure sized for its content) and returns the
`Axes`. Because this notebook imports `matplotlib.pyplot`, the figures show inline. A small helper
keeps them modest (9 inches wide at 80 dpi), so the notebook stays light:
"""),
        code("""
def axes(height: float = 4.0) -> plt.Axes:
    return plt.subplots(figsize=(9, height), dpi=80, layout="constrained")[1]
"""),
        md("""
### Timeline

One lane per label (faces by identity), the 12 with the most screen time; bars are coloured by
detection type, and their opacity is the confidence. `shots=True` draws the cuts, `speech=True` adds a
lane of speaker turns:
"""),
        code("""ax = plot.timeline(md, top=12, shots=True, speech=True, ax=axes(5))"""),
        md("A Selection with a window zooms: the half minute from 1:00, its lanes ranked inside the window."),
        code("""ax = plot.timeline(md.select(start=60, end=90), top=10, shots=True, ax=axes(4))"""),
        md("""
On the two-hour film, by face identity: the lanes are the people with the most screen time, and the
film's 1,202 cuts become a faint background:
"""),
        code("""
ax = plot.timeline(film.select(types="human.face"), by="identity", top=8, shots=True, ax=axes(3.6))
saved = plot.save(ax, "out/film_faces_timeline.png")
print(f"wrote {saved} ({saved.stat().st_size // 1024} KB)")
"""),
        md("""
`plot.save` writes png, svg or pdf (by the extension) atomically, for reports and pages.

### Heatmap

Labels by time from the per-second table: the colour is the best confidence in each bin (1 s here;
longer videos get bigger bins). It shows how sure Valossa is, second by second:
"""),
        code("""ax = plot.heatmap(md.select(types="visual.context"), top=15, ax=axes(4.5))"""),
        md("On the film, the bins are 15 s (at most about 500 columns):"),
        code("""ax = plot.heatmap(film.select(types="visual.context"), top=12, ax=axes(4))"""),
        md("""
### Screen-time chart

The union screen time as bars, longest first, each with its seconds and share of the video:
"""),
        code("""ax = plot.screen_time_chart(md, by="type", top=10, ax=axes(4))"""),
        code("""
faces_of_film = film.select(types="human.face")
ax = plot.screen_time_chart(faces_of_film, by="identity", top=10, ax=axes(4))
"""),
        md("""
Audrey Hepburn is on screen for about 19 minutes of the film, Cary Grant for 11; the rest are faces that
matched no gallery identity.
"""),
    ],
)

notebook(
    "03_speech_and_speakers",
    [
        md("""
# Speech and speakers

Valossa transcribes the audio of a video into sentences (`audio.speech`, each with a sentiment score)
and, in current results, into single words with times, confidences and speaker ids
(`audio.speech_detailed`). This notebook shows:

- the sentences with their sentiment, and the words with their speakers;
- speaker turns: who talks when, and for how long;
- sentiment per second from speech, faces and voice, and the plots of sentiment and speakers;
- exports for subtitling and speech tools: SRT and WebVTT from the sentences or from the words (with
  speaker labels), and RTTM speaker turns, each read back to check the round trip.

It uses the bundled 4-minute current-format sample, which has three speakers. The sample is synthetic:
its sentences and scores are made up, but their layout is that of a real result.
"""),
        code("""
from pathlib import Path

import matplotlib.pyplot as plt
import polars as pl

import valossa_metadata as vm
from valossa_metadata import export, plot
from valossa_metadata.output import write_text

pl.Config.set_fmt_str_lengths(70)
out = Path("out")
out.mkdir(exist_ok=True)


def first_cues(text: str, n: int = 3) -> None:
    # the first n blocks of an SRT or WebVTT text (the WEBVTT header is a block of its own)
    print("\\n\\n".join(text.split("\\n\\n")[:n]))


md = vm.load("../sample_results/current_format_example.json")
md
"""),
        md("""
## Sentences and their sentiment

`md.speech()` has one row per transcript sentence. `sentiment` is the valence of the sentence, from -1
(negative) to 1 (positive); the shot columns say which shots the sentence spans.
"""),
        code("""
speech = md.speech()
speech.select("start", "end", "text", "sentiment").head()
"""),
        md("The most negative and the most positive sentences:"),
        code("""
ranked = speech.sort("sentiment").select("start", "text", "sentiment")
pl.concat([ranked.head(2), ranked.tail(2)])
"""),
        md("""
## Words and speakers

`md.words()` has one row per word or punctuation mark, with the recogniser's confidence and a
speaker id. Punctuation marks are instants (`start == end`) flagged by `is_punctuation`:
"""),
        code("""
words = md.words()
words.select("word", "start", "end", "confidence", "speaker", "is_punctuation").head(8)
"""),
        md("""
Per speaker: words spoken, mean confidence, and the share of words the recogniser was less than 75%
sure of (the ones a human editor would check first):
"""),
        code("""
spoken = words.filter(~pl.col("is_punctuation"))
spoken.group_by("speaker").agg(
    words=pl.len(),
    mean_confidence=pl.col("confidence").mean().round(3),
    unsure=(pl.col("confidence") < 0.75).mean().round(3),
).sort("words", descending=True)
"""),
        md("""
## Speaker turns

`md.speaker_turns()` joins consecutive words of one speaker into a turn, until the speaker changes or
a pause is longer than `max_pause` seconds (default 1.0). Each turn has its times, its number of words
and its text:
"""),
        code("""
turns = md.speaker_turns()
turns.head(4)
"""),
        md("Talk time per speaker, and what the pause threshold does to the number of turns:"),
        code("""
talk = turns.group_by("speaker").agg(
    turns=pl.len(), talk_time=pl.col("duration").sum(), longest=pl.col("duration").max()
)
print("turns with max_pause 0.3, 1 and 3 s:", [md.speaker_turns(max_pause=p).height for p in (0.3, 1.0, 3.0)])
talk.with_columns(share=(pl.col("talk_time") / md.duration * 100).round(1)).sort("talk_time", descending=True)
"""),
        md("""
With 0.3 s, the pauses between one speaker's sentences split their turns; from 1 s on, a turn ends
only when the speaker changes.

Who answers whom: each turn paired with the next one's speaker. In a two-person interview this table
has two rows; here all three speakers talk with each other.
"""),
        code("""
(
    turns.select(speaker="speaker", next_speaker=pl.col("speaker").shift(-1))
    .drop_nulls()
    .group_by("speaker", "next_speaker")
    .len()
    .sort("len", descending=True)
)
"""),
        md("""
## Sentiment over time

`md.sentiment_timeline()` has one row per second of the video with four series: the valence of the
sentence being spoken, the mean valence of the faces on screen, and the valence and arousal of the
voice (`audio.voice_emotion`). A series is null where it has no data (no sentence, no face):
"""),
        code("""
timeline = md.sentiment_timeline()
print("seconds with data:", {name: timeline[name].count() for name in timeline.columns[1:]})
timeline.filter(pl.col("second").is_between(60, 64))
"""),
        md("""
Mean speech sentiment per speaker: `export.sentence_cues` gives every sentence the speaker who says most
of its words, which joins back to the sentences on their times:
"""),
        code("""
speakers_of = export.sentence_cues(md).select("start", "end", "speaker")
(
    speech.join(speakers_of, on=["start", "end"])
    .group_by("speaker")
    .agg(sentences=pl.len(), mean_sentiment=pl.col("sentiment").mean().round(3))
    .sort("speaker")
)
"""),
        md("""
## Plots

`plot.sentiment` draws the four series (arousal dashed, from 0 to 1); `smooth=5` is a centred 5-second
rolling mean that keeps gaps as gaps. `plot.speakers` draws one lane per speaker with their talk time.
A small helper keeps the figures light (9 inches wide at 80 dpi):
"""),
        code("""
def axes(height: float) -> plt.Axes:
    return plt.subplots(figsize=(9, height), dpi=80, layout="constrained")[1]


ax = plot.sentiment(md, smooth=5, ax=axes(3.4))
"""),
        md("""
`simple=True` reduces each valence series to a strip of positive (above 0.2), neutral and negative
(below -0.2) seconds, as metadata-reader's `--simple` did:
"""),
        code("""ax = plot.sentiment(md, simple=True, ax=axes(2))"""),
        code("""ax = plot.speakers(md, ax=axes(2.2))"""),
        md("""
## Subtitles: SRT and WebVTT

`export.cues(md, source)` makes cues (`start`, `end`, `text`, `speaker`) from one of two sources:

- `"sentences"`: one cue per transcript sentence, on one line, with the speaker who says most of it;
- `"words"`: cues built as subtitles are, from the words: at most two balanced lines of 42 characters
  and 7 seconds, a new cue when the speaker changes or after a pause longer than `max_pause`.

`export.srt` and `export.vtt` turn cues into text; `write_text` writes it atomically. SRT has no
speaker field, so the speaker's name leads a cue when the speaker changes; WebVTT marks every cue with
a voice tag (`<v Speaker 31>`).
"""),
        code("""
sentences = export.cues(md, "sentences")
write_text(export.srt(sentences), out / "transcript.srt")
first_cues((out / "transcript.srt").read_text(), 4)
"""),
        code("""
subtitles = export.cues(md, "words")
write_text(export.vtt(subtitles), out / "subtitles.vtt")
write_text(export.srt(subtitles), out / "subtitles.srt")
first_cues((out / "subtitles.vtt").read_text(), 5)
"""),
        md("""
The limits are parameters of `export.word_cues`, for house styles with shorter lines and cues; here 37
characters and 6 seconds:
"""),
        code("""
narrow = export.word_cues(words, max_chars=37, max_lines=2, max_duration=6.0, max_pause=0.7)
print(f"{subtitles.height} cues at 42 characters, {narrow.height} at 37\\n")
first_cues(export.srt(narrow), 3)
"""),
        md("""
The line limit holds for the `Speaker 31: ` label too: SRT puts it in front of a new speaker's first
line, and the cue keeps room for it (WebVTT's voice tags are not displayed, so they take none).
"""),
        md("""
A selection's time window limits the cues too. The times stay those of the whole video: to subtitle a
clip cut from 1:00, shift them.
"""),
        code("""
clip = export.cues(md, "words", selection=md.select(start=60, end=120, mode="within"))
clip = clip.with_columns(pl.col("start", "end") - 60)
write_text(export.vtt(clip), out / "clip_60_120.vtt")
first_cues((out / "clip_60_120.vtt").read_text(), 3)
"""),
        md("""
## Speaker turns as RTTM

RTTM is the format of speaker-diarisation tools and their scorers (such as `dscore` and
`pyannote.metrics`): one `SPEAKER` line per turn, with the file id (here the job id), the start and the
duration in seconds:
"""),
        code("""
write_text(export.rttm(md), out / "speakers.rttm")
print("".join((out / "speakers.rttm").read_text().splitlines(keepends=True)[:3]), end="")
"""),
        md("""
## Reading them back

`vm.read_subtitles` reads SRT and WebVTT (Valossa's own `speech_to_text` results, or ours) into one
row per cue. The WebVTT file comes back exactly: times to the millisecond, text, and the speakers from
the voice tags:
"""),
        code("""
back = vm.read_subtitles(out / "subtitles.vtt")
columns = ["start", "end", "text", "speaker"]
back.select(columns).equals(subtitles.select(columns))
"""),
        md("""
SRT has no field for speakers, so the toolkit names the speaker at the start of a cue whenever the
speaker changes (`Speaker 31: ...`); `read_subtitles` takes the name back out and carries it to the
following cues, so the SRT comes back as it was written:
"""),
        code("""
srt_back = vm.read_subtitles(out / "subtitles.srt")
srt_back.select(columns).equals(subtitles.select(columns))
"""),
        md("""
The RTTM file is space-separated text, which polars reads; its turns are the speaker turns above, to
the millisecond:
"""),
        code("""
fields = ["type", "file", "channel", "start", "duration", "ortho", "subtype", "speaker", "score", "lookahead"]
rttm = pl.read_csv(out / "speakers.rttm", separator=" ", has_header=False, new_columns=fields)
expected = turns.select("start", "duration", speaker="speaker_" + pl.col("speaker"))
rttm.select("start", "duration", "speaker").equals(expected)
"""),
        md("""
Valossa also delivers the transcript as subtitles (the `speech_to_text_srt` and `speech_to_text_vtt`
result types, bundled beside the sample). They have the sentence cues, without speakers:
"""),
        code("""
valossa_vtt = vm.read_subtitles("../sample_results/current_format_example.speech_to_text.vtt")
print(valossa_vtt["speaker"].null_count(), "of", valossa_vtt.height, "cues without a speaker")
valossa_vtt.select("start", "end").equals(sentences.select("start", "end"))
"""),
        md("""
## Files without words

Older results, such as the 2017 film in `sample_results`, have no `audio.speech_detailed` words: there
are no speaker turns, and the RTTM export is empty rather than an error.
"""),
        code("""
film = vm.load("../sample_results/metareader_metadata_example_2017_v1.json")
film.words().height, film.speaker_turns().height, export.rttm(film)
"""),
    ],
)

notebook(
    "04_faces_and_identities",
    [
        md("""
# Faces and identities

Valossa finds faces, tracks each one as a `human.face` detection, and matches it against face
galleries: the best match is the first `similar_to` entry. One person is often several detections,
so the toolkit merges them by name into *identities*; faces with no match get names such as
`unknown female 12`. This notebook uses the real 2017 result of the film *Charade* and the bundled
current-format sample.
"""),
        code("""
import polars as pl

import valossa_metadata as vm

film = vm.load("../sample_results/metareader_metadata_example_2017_v1.json")
sample = vm.load("../sample_results/current_format_example.json")
film.faces().select("detection_id", "name", "identity_confidence", "gender", "screen_time").head()
"""),
        md("""
## Identities and screen time

Screen time is the union of a person's occurrences: overlaps count once.
"""),
        code("""film.screen_time("identity", types="human.face").head(8)"""),
        md("""
In the current-format sample two face detections match the same gallery identity. Merged, their
screen time is the union; kept apart (`separate_identities=True`) each detection has its own line:
"""),
        code("""
merged = sample.screen_time("identity", types="human.face")
separate = sample.select(types="human.face", separate_identities=True).screen_time("identity")
merged.head(4), separate.head(5)
"""),
        md("## Unknown faces, gender, quality and minors"),
        code("""
sample.face_identities().select(
    "detection_id", "identity", "gender", "gender_confidence", "quality", "under_18", "visible_seconds"
)
"""),
        md("""
## Face groups

`human.face_group` detections say which faces appear together; here with their members' identities:
"""),
        code("""film.face_groups().head()"""),
        md("""
## Co-occurrence with visual concepts

Which visual concepts are on screen while a person is? `overlap` intersects the two selections
(each side merged first, so overlaps inside a side count once):
"""),
        code("""
hepburn = film.select(persons="*Hepburn")
concepts = film.select(types="visual.context", min_confidence=0.8)
hepburn.overlap(concepts, by="identity", other_by="label").head(8)
"""),
        md("""
## Co-occurrence with speech

Who is on screen while each speaker talks (speaker turns come from the words):
"""),
        code("""
from valossa_metadata.intervals import overlap_time

faces = sample.select(types="human.face", skip_unknown_faces=True).occurrences()
overlap_time(faces, sample.speaker_turns(), left_by="identity", right_by="speaker").pivot(
    on="speaker", index="identity", values="overlap"
)
"""),
        md("## Facial expressions\n\nNamed expressions per face and second, counted per identity:"),
        code("""
identities = sample.face_identities().select("detection_id", "identity")
(
    sample.expressions()
    .join(identities, on="detection_id")
    .group_by("identity", "emotion")
    .agg(seconds=pl.col("second").n_unique())
    .sort("seconds", descending=True)
    .head(8)
)
"""),
    ],
)

notebook(
    "05_api_from_python",
    [
        md("""
# The Valossa API from Python

This notebook submits jobs, waits for them, fetches every result type and manages a face gallery.
It runs against the bundled fake Valossa server (`valossa_metadata.testing.FakeValossa`, real HTTP
on 127.0.0.1), so it needs no API key. For the real service, change two lines:

```python
client = vm.Client()          # the key from $VALOSSA_API_KEY (or vm.Client("YOUR_API_KEY"))
# and drop the `with FakeValossa(...)` block
```
"""),
        code("""
from pathlib import Path

import valossa_metadata as vm
from valossa_metadata.api import RESULT_TYPES
from valossa_metadata.testing import FakeValossa

samples = Path("../sample_results")
results = {
    "core": samples / "current_format_example.json",
    "seconds_objects": samples / "current_format_example.seconds_objects.json",
    "frames_objects": samples / "current_format_example.frames_objects.json",
    "frames_faces": samples / "current_format_example.frames_faces.json",
    "visual_captions": samples / "current_format_example.visual_captions.json",
    "speech_to_text_srt": samples / "current_format_example.speech_to_text.srt",
    "speech_to_text_vtt": samples / "current_format_example.speech_to_text.vtt",
}
fake = FakeValossa(results=results, steps_per_status=1)
fake.start()
client = vm.Client(fake.api_key, base_url=fake.base_url)  # the real service: vm.Client()
client
"""),
        md("""
## A video job

Submit a video URL, then wait: `wait` follows `poll_again_after_seconds` and has a deadline.
"""),
        code("""
job_id = client.new_job("https://example.com/trailer.mp4", title="Trailer", language="en-US")
status = client.wait(job_id, timeout=60, on_status=lambda s: print(s.status))
status
"""),
        md("## Every result type"),
        code("""
md = client.metadata(job_id)  # Core metadata, decoded
print(md.title, md.duration, len(md.core.detections))
for kind in RESULT_TYPES:
    try:
        body = client.job_results(job_id, kind)
    except vm.NotFoundError:
        print(f"{kind:26} not available")
        continue
    print(f"{kind:26} {type(body).__name__:5} {len(body):>8}")
"""),
        code("""
captions = client.download(job_id, "out/captions.json", type="visual_captions")
vm.load_sidecar(captions).table().head(3)
"""),
        md("""
## A transcript-only job from an SRT file

The SRT is checked locally first (a broken file fails here, naming the line, before any request),
then uploaded in chunks and submitted as a transcript-only job.
"""),
        code("""
transcript_job = client.submit_transcript(samples / "transcript_example.srt", title="Interview")
client.wait(transcript_job, timeout=60).status
"""),
        code("""
broken = Path("out/broken.srt")
broken.write_text("1\\n00:00:01,000 --> 00:00:0x,000\\nHello\\n", encoding="utf-8")
try:
    client.submit_transcript(broken)
except vm.TranscriptError as exc:
    print(exc)
"""),
        md("## Errors carry Valossa's message and the HTTP status"),
        code("""
try:
    client.job_status("no-such-job")
except vm.APIStatusError as exc:
    print(type(exc).__name__, exc.status_code, exc.messages)
"""),
        md("## Face galleries (the Training API)"),
        code("""
training = client.training
gallery = training.create_face_gallery("Cast")
face = training.create_face_identity(name="Ricky Rickson", gender="male", gallery_id=gallery)
image = Path("out/ricky.jpg")
image.write_bytes(b"\\xff\\xd8\\xff\\xe0" + bytes(64))  # a (tiny) JPEG
training.add_face_image(face, training.upload_image(image))
training.update_face_identity(face, name="Ricky Rixon-Borgmann")
[(f.id, f.name) for f in training.list_face_identities(gallery)]
"""),
        md("""
Jobs can use the gallery: `client.new_job(url, face_gallery_id=gallery)`.
Done: close the client and stop the fake.
"""),
        code("""
client.close()
fake.stop()
"""),
    ],
)


notebook(
    "06_a_whole_archive",
    [
        md("""
# A whole archive

One Core metadata file describes one video; an archive holds thousands of them, and the questions
worth asking span them all: who is on screen most across a season, which programmes show a logo.
This notebook turns a folder of results into one Delta Lake table per table name and queries it:

- `vm.convert` writes the dataset, once and resumably, skipping side files and recording bad ones;
- `vm.scan` reads it back as lazy polars frames with the same columns as one file's tables, plus
  `job_id` and `source`;
- a cross-archive question (screen time per person over every job) in polars, and the same in DuckDB
  (through `deltalake`'s Arrow dataset);
- a second run converts only what changed.

The archive here is made up: twelve synthetic 5-minute results from `valossa_metadata.synthetic`.
"""),
        code("""
import gzip
import json
import shutil
from pathlib import Path

import duckdb
import polars as pl

import valossa_metadata as vm
from valossa_metadata import synthetic
from valossa_metadata.archive import read_errors, read_manifest
from valossa_metadata.intervals import union_duration

corpus, dataset = Path("out/corpus"), Path("out/dataset")
for folder in (corpus, dataset):  # start afresh: a previous run of this notebook left them
    if folder.exists():
        shutil.rmtree(folder)
corpus.mkdir(parents=True)


def file_name(column: str) -> pl.Expr:
    # sources are recorded by absolute path; their names are enough here
    return pl.col(column).str.split("/").list.last()
"""),
        md("""
## The archive

Twelve results of five minutes each (`seed` makes each a different made-up video, with its own job id).
Archives mix plain and gzipped JSON, so every fourth file is gzipped. Two more files make it
realistic: a side file (`seconds_objects`, another result type of the same job) and a result cut short
in a failed copy.
"""),
        code("""
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
"""),
        md("""
## Converting

`vm.convert(sources, out_dir)` walks the folder for `.json` and `.json.gz` files (gzip is recognised by
its bytes) and writes every table of every result. `workers=1` converts in this process, which is
quickest for a dozen files; the default is one process per CPU. `progress=False` turns off the progress
bar. A bad file never stops a run: it is named on stderr, counted, and recorded.
"""),
        code("""
summary = vm.convert(corpus, dataset, workers=1, progress=False)
print(summary)
"""),
        md("""
Twelve results converted; the side file is skipped (it is not Core metadata); the truncated file
failed. The summary is an object too, for scripts and schedulers:
"""),
        code("""
failures = [(Path(source).name, error) for source, error in summary.failures]
summary.ok, summary.converted, failures
"""),
        md("""
The dataset has a Delta table per table (Parquet data files and a `_delta_log` of commits). The
results are committed in batches, not a file per job: this dozen jobs is one commit and one data
file per table. The `_sources` table records every file with its job and content hash; the error
table holds the files that currently fail:
"""),
        code("""
print(sorted(p.name for p in dataset.iterdir()))
print(sorted(p.name for p in (dataset / "faces").iterdir()))
"""),
        code("""
jobs = read_manifest(dataset)
jobs.select("job_id", file_name("source").alias("file"), "format_version", "size").sort("file").head(4)
"""),
        code("""read_errors(dataset).select(file_name("source").alias("file"), "error")"""),
        md("""
## Reading: `vm.scan`

`vm.scan(dataset)` returns a lazy polars frame per table. Nothing is read until a query is collected,
and then only the columns (and, with a filter on `job_id`, the files) that the query needs. Rows per
table over the whole archive:
"""),
        code("""
tables = vm.scan(dataset)
{name: frame.select(pl.len()).collect().item() for name, frame in tables.items()}
"""),
        md("""
Each table has the schema of the single-file table (`vm.TABLE_SCHEMAS`), with `job_id` and `source` in
front, so code written for one result works on the archive:
"""),
        code("""tables["faces"].collect_schema()"""),
        md("""
## Screen time per person, over every job

Face detections that matched a gallery identity have a `name`. Joining them to their occurrences (on
`job_id` and `detection_id`: detection ids are only unique within a job) gives each named person's
intervals. The union per person per job counts a person once where two of their face detections
overlap; the sum over jobs is their screen time in the archive:
"""),
        code("""
named = tables["faces"].filter(pl.col("name").is_not_null()).select("job_id", "detection_id", "name")
spans = tables["occurrences"].join(named, on=["job_id", "detection_id"])
per_job = union_duration(spans.select("job_id", "name", "start", "end"), ["job_id", "name"])
screen_time = (
    per_job.group_by("name")
    .agg(screen_time=pl.col("screen_time").sum().round(3), jobs=pl.len())
    .sort("screen_time", descending=True)
)
screen_time
"""),
        md("""
The `faces` table also has each detection's own `screen_time`. Summed per name it is simpler, but
counts twice the seconds in which one person is found as two face detections at once. The difference
is that double counting:
"""),
        code("""
summed = tables["faces"].group_by("name").agg(summed=pl.col("screen_time").sum()).collect()
(
    screen_time.join(summed, on="name")
    .with_columns(double_counted=(pl.col("summed") - pl.col("screen_time")).round(3))
    .sort("double_counted", descending=True)
    .head(4)
)
"""),
        md("""
Other questions follow the same pattern. The visual concepts found in the most videos, with how long
they are on screen per video on average (again a union per job, so overlapping occurrences of one
concept count once):
"""),
        code("""
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
"""),
        md("""
## The same dataset in DuckDB

DuckDB reads a Delta table through `deltalake`'s Arrow dataset (its own `delta` extension works too,
but needs a download). Occurrences per job:
"""),
        code("""
from deltalake import DeltaTable

occurrences = DeltaTable(f"{dataset}/occurrences").to_pyarrow_dataset()
faces = DeltaTable(f"{dataset}/faces").to_pyarrow_dataset()
duckdb.sql(
    \"\"\"
    SELECT job_id, count(*) AS occurrences, round(max("end") / 60, 1) AS minutes
    FROM occurrences
    GROUP BY job_id ORDER BY occurrences DESC LIMIT 3
    \"\"\"
).pl()
"""),
        md("""
The screen-time question in SQL: a window function gives each interval the furthest end of the
earlier intervals of the same person in the same job, and each interval adds only what reaches beyond
it (the same algorithm as `union_duration`). The answer matches the polars one:
"""),
        code("""
in_sql = duckdb.sql(
    \"\"\"
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
    \"\"\"
).pl()
both = screen_time.join(in_sql, on="name", suffix="_sql")
difference = (both["screen_time"] - both["screen_time_sql"]).abs().max()
print(f"{both.height} names, largest difference {difference:.6f} s")
"""),
        md("""
## Running again: only what changed

`convert` records every file's size, modification time and content hash. Run it again over the same
folder and it skips what it has seen, without reading it. Files that failed are tried again; here the
truncated copy is deleted first (in practice: copied again), and the error table, which holds only the
current failures, is empty afterwards:
"""),
        code("""
(corpus / "job_12.json").unlink()
print(vm.convert(corpus, dataset, workers=1, progress=False))
print(f"{read_errors(dataset).height} files failing")
"""),
        md("""
Now one job is re-analysed after a fix in the face gallery (the gallery entry "Lucas Weber" is renamed
"Lukas Weber"), and its new result replaces the old file. The next run converts that file alone and
replaces that job's rows:
"""),
        code("""
fixed = json.loads(json.dumps(documents[5]).replace('"Lucas Weber"', '"Lukas Weber"'))
(corpus / "job_05.json").write_text(json.dumps(fixed))
print(vm.convert(corpus, dataset, workers=1, progress=False))
"""),
        code("""
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
"""),
        md("""
The other jobs still carry the old spelling until they are re-analysed. The replacement was one
commit per table: the job's old rows went and its new rows came in the same transaction, so a
reader never sees the job twice or not at all.

## Clean up

Everything here lives under `out/`, which git ignores; the dataset is smaller than the JSON it came
from. This notebook removes both folders when it starts, so that each run begins from the same state;
delete them with `shutil.rmtree` when you no longer need them.
"""),
        code("""
def size_mb(folder: Path) -> float:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 1e6


print(f"corpus {size_mb(corpus):.1f} MB, dataset {size_mb(dataset):.1f} MB")
"""),
    ],
)


def build(name: str) -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = NOTEBOOKS[name]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    (HERE / "out").mkdir(exist_ok=True)
    NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(HERE)}}
    ).execute()
    nbformat.write(nb, HERE / f"{name}.ipynb")
    print(f"wrote {name}.ipynb")


if __name__ == "__main__":
    for name in sys.argv[1:] or list(NOTEBOOKS):
        build(name)
