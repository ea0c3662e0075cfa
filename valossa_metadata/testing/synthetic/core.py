"""The current-format Core metadata document (:func:`core_metadata`)."""

from __future__ import annotations

import math
import random
from typing import Any

from valossa_metadata.testing.synthetic.audio import _add_audio_context, _add_speech, _voice_attr_fn
from valossa_metadata.testing.synthetic.dialogue import _speech_timeline
from valossa_metadata.testing.synthetic.document import _Doc
from valossa_metadata.testing.synthetic.faces import _add_faces, _face_attr_fn
from valossa_metadata.testing.synthetic.groupings import (
    _TYPE_ORDER,
    _by_detection_property,
    _by_detection_type,
    _by_frequency,
)
from valossa_metadata.testing.synthetic.header import _describe, _job_info, _media_info
from valossa_metadata.testing.synthetic.helpers import _intervals, _uuid
from valossa_metadata.testing.synthetic.shots import _Shots
from valossa_metadata.testing.synthetic.topics import _add_topics
from valossa_metadata.testing.synthetic.visual import (
    _add_logos,
    _add_text_regions,
    _add_visual_context,
    _color_attr_fn,
)


def core_metadata(
    duration_s: float = 240.0,
    *,
    seed: int = 0,
    fps: float = 25.0,
    format_version: str = "1.8.1",
    speakers: int = 3,
    faces: int = 8,
) -> dict[str, Any]:
    """A current-format Valossa Core metadata document for a made-up video.

    Uses every detection type of reference §2.7 (current catalogue), with current attributes
    (``shs``/``she`` on every occurrence, ``c_max``/``c_med``, ``categ.tags``, gallery
    ``similar_to``, ``under_18_years``, ``fs``/``fe``/``sdur``, IAB sections with ad scores) and all
    four ``detection_groupings``.  ``format_version`` only changes ``version_info.metadata_format``.
    The density per minute does not depend on ``duration_s`` (two hours give roughly 10-20 MB of
    compact JSON); ``faces`` and ``speakers`` are absolute counts.  With ``faces >= 3`` one person is
    found as two face detections and the last face is an unnamed minor; very short videos may lack
    speech-derived types.

    Layout choices where the reference is silent (unknown/inferred parts):

    * ``visual.color``: label ``"dominant colors"``; ``by_second`` item
      ``a = {"colors": [{"rgb": "3b5f8a", "f": 0.41}, ...]}`` (2-3 colors, ``f`` = fraction).
    * ``audio.voice_emotion``: label ``"voice emotion"``; by_second ``a = {"sen": {"val", "aro"}}``.
    * ``audio.speech_detailed.stats``: label ``"speech statistics"``; ``a`` with ``n_words``,
      ``n_punctuation``, ``n_sentences``, ``n_speakers``, ``s_speech``, ``words_per_minute`` and
      ``speakers: [{"id", "n_words", "s_speech"}]``.
    * ``audio.speech_summary`` / ``.keyword``, ``topic.general``, ``topic.genre``: ``t`` and
      ``label`` only.
    * ``human.face`` ``under_18_years.intervals``: ``[{"ss": .., "se": ..}]``.
    * ``topic.iab.section``: integer ``ss``/``se``, occurrence ``c`` equal to ``ad_score.max``,
      ``ext_refs.iab`` with IAB 2.x numeric ids (``"52"``); detection ``a`` copies the best occurrence.
    * ``by_frequency``: ``{type: [ids by number of occurrences desc, then id]}`` for every
      non-speech type with occurrences.
    * ``by_detection_property``: ``{type: {"categ.tags" | "a.gender.value": {value: [ids]}}}``
      for visual.context, audio.context and human.face (ids in prominence order).
    * by_second ``c`` only for visual.context, visual.object.localized, audio.context and
      explicit_content.*; keyword occurrences carry ``shs``/``she`` like every other one.

    Examples:
        >>> doc = core_metadata(60.0, seed=1)
        >>> doc["version_info"]
        {'metadata_type': 'core', 'metadata_format': '1.8.1', 'backend': '3.1.1'}
        >>> len(doc["detection_groupings"]["by_second"])
        60
        >>> "audio.speech_detailed" in doc["detection_groupings"]["by_detection_type"]
        True
    """
    if not duration_s > 0 or not math.isfinite(duration_s):
        raise ValueError(f"duration_s must be a positive number, got {duration_s!r}")
    if not fps > 0:
        raise ValueError(f"fps must be positive, got {fps!r}")
    rng = random.Random(seed)
    end = math.floor(duration_s * 1000) / 1000
    n_seconds = math.ceil(duration_s)
    scale = duration_s / 240.0
    shots = _Shots(rng, end, fps)
    doc = _Doc(rng, end, n_seconds, fps, shots)
    job_id = _uuid(rng)
    speaker_ids = [str(i) for i in sorted(rng.sample(range(1, 40), max(1, min(speakers, 39))))]
    sentences = _speech_timeline(rng, end, speaker_ids)

    _add_visual_context(doc, scale)
    _add_logos(doc, scale)
    doc.add({"t": "visual.color", "label": "dominant colors", "occs": [{"ss": 0.0, "se": end}]})
    _add_text_regions(doc, scale)
    _add_audio_context(doc, scale, sentences)
    if sentences:
        _add_speech(doc, sentences, speaker_ids)
    _add_faces(doc, faces)
    _add_topics(doc, sentences)
    for label, coverage in (("bare skin", 0.02), ("nsfw", 0.005)):
        spans = _intervals(rng, 0.0, end, coverage, 2.5, min_dur=1.0, max_dur=10.0)
        doc.add(
            {
                "t": "explicit_content.nudity",
                "label": label,
                "occs": [doc.conf_occ(ss, se, med=False) for ss, se in spans],
            }
        )

    doc.finalize(shs=True)
    by_second = doc.by_second(
        {
            "human.face": _face_attr_fn(rng),
            "visual.color": _color_attr_fn(rng, shots),
            "audio.voice_emotion": _voice_attr_fn(rng),
        }
    )
    by_type = _by_detection_type(doc.dets, _TYPE_ORDER)
    title, description = _describe(rng)
    # The items are evaluated in order: job_info, media_info and export() draw from rng in this order.
    return {
        "version_info": {"metadata_type": "core", "metadata_format": format_version, "backend": "3.1.1"},
        "job_info": _job_info(rng, job_id, title, description),
        "media_info": _media_info(rng, duration_s, fps, title, description),
        "detections": doc.export(),
        "detection_groupings": {
            "by_detection_property": _by_detection_property(doc.dets, by_type),
            "by_detection_type": by_type,
            "by_frequency": _by_frequency(doc.dets, by_type),
            "by_second": by_second,
        },
        "segmentations": {"detected_shots": shots.entries},
    }
