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
