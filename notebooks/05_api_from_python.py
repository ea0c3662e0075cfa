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
# # The Valossa API from Python
#
# This notebook submits jobs, waits for them, fetches every result type and manages a face gallery.
# It runs against the bundled fake Valossa server (`valossa_metadata.testing.FakeValossa`, real HTTP
# on 127.0.0.1), so it needs no API key. For the real service, change two lines:
#
# ```python
# client = vm.Client()          # the key from $VALOSSA_API_KEY (or vm.Client("YOUR_API_KEY"))
# # and drop the `with FakeValossa(...)` block
# ```

# %%
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

# %% [markdown]
# ## A video job
#
# Submit a video URL, then wait: `wait` follows `poll_again_after_seconds` and has a deadline.

# %%
job_id = client.new_job("https://example.com/trailer.mp4", title="Trailer", language="en-US")
status = client.wait(job_id, timeout=60, on_status=lambda s: print(s.status))
status

# %% [markdown]
# ## Every result type

# %%
md = client.metadata(job_id)  # Core metadata, decoded
print(md.title, md.duration, len(md.core.detections))
for kind in RESULT_TYPES:
    try:
        body = client.job_results(job_id, kind)
    except vm.NotFoundError:
        print(f"{kind:26} not available")
        continue
    print(f"{kind:26} {type(body).__name__:5} {len(body):>8}")

# %%
captions = client.download(job_id, "out/captions.json", type="visual_captions")
vm.load_sidecar(captions).table().head(3)

# %% [markdown]
# ## A transcript-only job from an SRT file
#
# The SRT is checked locally first (a broken file fails here, naming the line, before any request),
# then uploaded in chunks and submitted as a transcript-only job.

# %%
transcript_job = client.submit_transcript(samples / "transcript_example.srt", title="Interview")
client.wait(transcript_job, timeout=60).status

# %%
broken = Path("out/broken.srt")
broken.write_text("1\n00:00:01,000 --> 00:00:0x,000\nHello\n", encoding="utf-8")
try:
    client.submit_transcript(broken)
except vm.TranscriptError as exc:
    print(exc)

# %% [markdown]
# ## Errors carry Valossa's message and the HTTP status

# %%
try:
    client.job_status("no-such-job")
except vm.APIStatusError as exc:
    print(type(exc).__name__, exc.status_code, exc.messages)

# %% [markdown]
# ## Face galleries (the Training API)

# %%
training = client.training
gallery = training.create_face_gallery("Cast")
face = training.create_face_identity(name="Ricky Rickson", gender="male", gallery_id=gallery)
image = Path("out/ricky.jpg")
image.write_bytes(b"\xff\xd8\xff\xe0" + bytes(64))  # a (tiny) JPEG
training.add_face_image(face, training.upload_image(image))
training.update_face_identity(face, name="Ricky Rixon-Borgmann")
[(f.id, f.name) for f in training.list_face_identities(gallery)]

# %% [markdown]
# Jobs can use the gallery: `client.new_job(url, face_gallery_id=gallery)`.
# Done: close the client and stop the fake.

# %%
client.close()
fake.stop()
