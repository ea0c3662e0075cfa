"""Subtitle files: speech-to-text SRT/WebVTT from a Core document and a human-made SRT transcript."""

from __future__ import annotations

import random
from typing import Any

from valossa_metadata.query.timecodes import clock
from valossa_metadata.testing.synthetic.dialogue import _detokenize, _fill
from valossa_metadata.testing.synthetic.groupings import _ids_of_type
from valossa_metadata.testing.synthetic.vocabulary import _SHORT_REPLIES, _TEMPLATES


def _wrap(text: str, width: int = 42) -> str:
    """At most two lines, split at the space nearest the middle when longer than ``width``."""
    if len(text) <= width or " " not in text:
        return text
    middle = len(text) // 2
    cut = min((i for i, ch in enumerate(text) if ch == " "), key=lambda i: abs(i - middle))
    return text[:cut] + "\n" + text[cut + 1 :]


def _speech_cues(core: dict[str, Any]) -> list[tuple[float, float, str]]:
    dets = core["detections"]
    cues = []
    for det_id in _ids_of_type(core, "audio.speech"):
        det = dets[det_id]
        for occ in det.get("occs", [])[:1]:
            cues.append((float(occ["ss"]), float(occ["se"]), _wrap(det["label"])))
    return sorted(cues, key=lambda c: c[0])


def speech_to_text_srt(core: dict[str, Any]) -> str:
    """The ``speech_to_text_srt`` result: one SRT cue per audio.speech detection of ``core``.

    Examples:
        >>> from valossa_metadata.testing.synthetic.core import core_metadata
        >>> lines = speech_to_text_srt(core_metadata(20.0, seed=1)).splitlines()
        >>> lines[0], lines[1][:12], lines[1][12:17]
        ('1', '00:00:02,863', ' --> ')
    """
    return "".join(
        f"{n}\n{clock(ss, ',')} --> {clock(se, ',')}\n{text}\n\n"
        for n, (ss, se, text) in enumerate(_speech_cues(core), start=1)
    )


def speech_to_text_vtt(core: dict[str, Any]) -> str:
    """The ``speech_to_text_vtt`` result: a WebVTT file with one cue per audio.speech detection.

    Examples:
        >>> from valossa_metadata.testing.synthetic.core import core_metadata
        >>> lines = speech_to_text_vtt(core_metadata(20.0, seed=1)).splitlines()
        >>> lines[0], lines[2][:12], lines[2][12:17]
        ('WEBVTT', '00:00:02.863', ' --> ')
    """
    body = "".join(
        f"{clock(ss, '.')} --> {clock(se, '.')}\n{text}\n\n" for ss, se, text in _speech_cues(core)
    )
    return "WEBVTT\n\n" + body


def transcript_srt(*, seed: int = 0, duration_s: float = 120.0) -> str:
    """A human-made SRT transcript (what a customer uploads as ``media.transcript.url``).

    Dialogue cues with line breaks and ``- `` dashes for two speakers in one cue; cue numbers from 1.

    Examples:
        >>> print(transcript_srt(seed=1).split("\\n\\n")[0].splitlines()[0])
        1
    """
    rng = random.Random(seed)
    out = []
    t = rng.uniform(0.5, 2.0)
    n = 0
    deck: list[str] = []
    while True:
        if not deck:
            deck = rng.sample(_TEMPLATES, len(_TEMPLATES))
        words, _ = _fill(rng, deck.pop())
        text = _detokenize(words)
        if len(text) <= 40 and rng.random() < 0.4:
            text = f"- {text}\n- {rng.choice(_SHORT_REPLIES)}"
        else:
            text = _wrap(text)
        dur = min(7.0, 1.0 + 0.065 * len(text)) * rng.uniform(0.9, 1.1)
        if t + dur > duration_s:
            break
        n += 1
        out.append(f"{n}\n{clock(t, ',')} --> {clock(t + dur, ',')}\n{text}\n\n")
        t += dur + (rng.uniform(2.0, 8.0) if rng.random() < 0.15 else rng.uniform(0.1, 1.0))
    return "".join(out)
