"""Audio detections of the current format: audio.context, speech, its summary, stats and keywords."""

from __future__ import annotations

import math
import random
from typing import Any

from valossa_metadata.testing.synthetic.dialogue import _group_keywords, _Sentence
from valossa_metadata.testing.synthetic.document import _AttrFn, _Doc
from valossa_metadata.testing.synthetic.groupings import _TYPE_ORDER
from valossa_metadata.testing.synthetic.helpers import _cid, _intervals, _merge_spans, _r3
from valossa_metadata.testing.synthetic.vocabulary import _AUDIO, _PUNCT


def _add_audio_context(doc: _Doc, scale: float, sentences: list[_Sentence]) -> None:
    rng = doc.rng
    n = min(len(_AUDIO), max(4, round(8 * math.sqrt(scale))))
    for label, mid, tags in _AUDIO[:n]:  # the story's sounds, most typical first
        det: dict[str, Any] = {"t": "audio.context", "label": label, "cid": _cid("audio:" + label)}
        det["ext_refs"] = {"gkg": {"id": mid}}
        if tags:
            det["categ"] = {"tags": list(tags)}
        if label == "speech" and sentences:
            spans = _merge_spans([(s.ss, s.se) for s in sentences], 1.5)
        elif label == "music":
            spans = _intervals(rng, 0.0, doc.end, 0.35, 20.0, min_dur=2.0, max_dur=90.0)
        else:
            spans = _intervals(rng, 0.0, doc.end, rng.uniform(0.01, 0.08), 3.0, min_dur=1.0)
        det["occs"] = [doc.conf_occ(ss, se, med=False) for ss, se in spans]
        doc.add(det)


def _add_speech(doc: _Doc, sentences: list[_Sentence], speaker_ids: list[str]) -> None:
    rng = doc.rng
    fps = doc.fps
    for s in sentences:
        doc.add(
            {
                "t": "audio.speech",
                "label": s.text,
                "a": {"sen": {"val": s.sen}},
                "occs": [{"ss": s.ss, "se": s.se}],
            }
        )
    for s in sentences:
        for tok in s.tokens:
            occ = {
                "ss": tok.ss,
                "se": tok.se,
                "fs": round(tok.ss * fps),
                "fe": round(tok.se * fps),
                "sdur": _r3(tok.se - tok.ss),
            }
            doc.add(
                {
                    "t": "audio.speech_detailed",
                    "label": tok.text,
                    "c": tok.c,
                    "a": {"s": {"id": s.speaker}},
                    "occs": [occ],
                }
            )
    per_speaker: dict[str, list[float]] = {sid: [0.0, 0.0] for sid in speaker_ids}
    n_words = n_punct = 0
    for s in sentences:
        words = [t for t in s.tokens if t.text not in _PUNCT]
        n_words += len(words)
        n_punct += len(s.tokens) - len(words)
        per_speaker[s.speaker][0] += len(words)
        per_speaker[s.speaker][1] += s.se - s.ss
    speech_s = sum(s.se - s.ss for s in sentences)
    doc.add(
        {
            "t": "audio.speech_detailed.stats",
            "label": "speech statistics",
            "a": {
                "n_words": n_words,
                "n_punctuation": n_punct,
                "n_sentences": len(sentences),
                "n_speakers": sum(1 for v in per_speaker.values() if v[0]),
                "s_speech": _r3(speech_s),
                "words_per_minute": round(60.0 * n_words / speech_s, 1),
                "speakers": [
                    {"id": sid, "n_words": int(v[0]), "s_speech": _r3(v[1])}
                    for sid, v in per_speaker.items()
                    if v[0]
                ],
            },
        }
    )
    mentioned = [kw for s in sentences for kw in s.keywords]
    nouns = list(dict.fromkeys(label for slot, label, _, _ in mentioned if slot == "N")) or ["weather"]
    places = [label for slot, label, _, _ in mentioned if slot == "L"] or ["town"]
    orgs = [label for slot, label, _, _ in mentioned if slot == "O"] or ["their company"]
    people = [label for slot, label, _, _ in mentioned if slot in "PF"] or ["a friend"]
    n1, n2 = nouns[0], nouns[min(1, len(nouns) - 1)]
    summary = (
        f"The speakers talk about the {n1} and the {n2}, mention {rng.choice(people)} and "
        f"{rng.choice(orgs)}, and make plans involving {rng.choice(places)}."
    )
    doc.add({"t": "audio.speech_summary", "label": summary})
    for keyword in dict.fromkeys([n1, n2, places[0], orgs[0]]):
        doc.add({"t": "audio.speech_summary.keyword", "label": keyword})
    doc.add(
        {
            "t": "audio.voice_emotion",
            "label": "voice emotion",
            "occs": [{"ss": sentences[0].ss, "se": sentences[-1].se}],
        }
    )
    slot_types = {
        "X": "audio.keyword.compliance",
        "N": "audio.keyword.novelty_word",
        "P": "audio.keyword.name.person",
        "F": "audio.keyword.name.person",
        "L": "audio.keyword.name.location",
        "O": "audio.keyword.name.organization",
    }
    keywords = _group_keywords(sentences, slot_types)
    for t in _TYPE_ORDER:
        for kt, label, spans in keywords:
            if kt == t:
                doc.add({"t": t, "label": label, "occs": [{"ss": ss, "se": se} for ss, se in spans]})


def _voice_attr_fn(rng: random.Random) -> _AttrFn:
    state = {"val": 0.1, "aro": 0.4}

    def add(det: dict[str, Any], second: int, item: dict[str, Any]) -> None:
        state["val"] = max(-1.0, min(1.0, state["val"] + rng.gauss(0.0, 0.15)))
        state["aro"] = max(0.0, min(1.0, state["aro"] + rng.gauss(0.0, 0.1)))
        item["a"] = {"sen": {"val": _r3(state["val"]), "aro": _r3(state["aro"])}}

    return add
