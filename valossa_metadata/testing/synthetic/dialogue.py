"""Synthetic dialogue: sentences from templates, with word timings, speakers and keywords."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import NamedTuple

from valossa_metadata.testing.synthetic.helpers import _r3
from valossa_metadata.testing.synthetic.vocabulary import (
    _ADJECTIVES,
    _BRANDS,
    _FIRST_NAMES,
    _LOCATIONS,
    _NOUNS,
    _PERSONS,
    _PUNCT,
    _SWEARS,
    _TEMPLATES,
    _TIMES,
)


class _Tok(NamedTuple):
    text: str
    ss: float
    se: float
    c: float


@dataclass
class _Sentence:
    speaker: str
    text: str
    tokens: list[_Tok]
    #: (slot, label, ss, se) of keyword-bearing words.
    keywords: list[tuple[str, str, float, float]]
    sen: float

    @property
    def ss(self) -> float:
        return self.tokens[0].ss

    @property
    def se(self) -> float:
        return self.tokens[-1].se


def _detokenize(tokens: list[str]) -> str:
    out = ""
    for tok in tokens:
        out += tok if (tok in _PUNCT or not out) else " " + tok
    return out


def _fill(rng: random.Random, template: str) -> tuple[list[str], list[tuple[str, str, int, int]]]:
    """Fill a template: word tokens and keyword spans (slot, label, first token, last token)."""
    tokens: list[str] = []
    spans: list[tuple[str, str, int, int]] = []
    fillers: dict[str, list[str]] = {
        "P": [p[0] for p in _PERSONS],
        "F": _FIRST_NAMES,
        "L": _LOCATIONS,
        "O": _BRANDS,
        "N": _NOUNS,
        "X": _SWEARS,
        "A": _ADJECTIVES,
        "T": _TIMES,
    }
    for part in template.split():
        if part.startswith("{"):
            slot = part[1]
            value = rng.choice(fillers[slot])
            words = value.split()
            if slot not in "AT":
                spans.append((slot, value, len(tokens), len(tokens) + len(words) - 1))
            tokens.extend(words)
        elif part.startswith("!") and len(part) > 1:
            spans.append(("X", part[1:], len(tokens), len(tokens)))
            tokens.append(part[1:])
        else:
            tokens.append(part)
    return tokens, spans


def _speech_timeline(rng: random.Random, end: float, speaker_ids: list[str]) -> list[_Sentence]:
    """Chronological sentences of a few alternating speakers, with word timings."""
    sentences: list[_Sentence] = []
    must = ["{P}", "{L}", "{O}", "!hell", "{X}", "{F}"]  # make every keyword kind appear early
    deck: list[str] = []  # templates are dealt like cards: all are used before any repeats
    t = rng.uniform(0.5, 3.0)
    prev_speaker = -1
    while t < end - 2.0:
        if sentences and rng.random() < 0.2:
            t += rng.uniform(4.0, 18.0)  # a pause with music or ambience
            continue
        choices = [i for i in range(len(speaker_ids)) if i != prev_speaker] or [0]
        speaker = rng.choice(choices)
        prev_speaker = speaker
        for _ in range(rng.randint(1, 3)):
            if must:
                marker = must.pop(0)
                template = rng.choice([x for x in _TEMPLATES if marker in x])
            else:
                if not deck:
                    deck = rng.sample(_TEMPLATES, len(_TEMPLATES))
                template = deck.pop()
            words, spans = _fill(rng, template)
            toks: list[_Tok] = []
            cur = t
            for word in words:
                if word in _PUNCT:
                    prev = toks[-1].se
                    toks.append(_Tok(word, prev, prev, _r3(rng.uniform(0.8, 1.0))))
                    cur = prev + (rng.uniform(0.15, 0.35) if word == "," else 0.0)
                    continue
                dur = (0.1 + 0.05 * len(word)) * rng.uniform(0.8, 1.25)
                ss, se = _r3(cur), _r3(cur + dur)
                conf = _r3(min(1.0, 0.5 + 0.5 * rng.betavariate(4.0, 1.3)))
                toks.append(_Tok(word, ss, se, conf))
                cur = se + rng.uniform(0.01, 0.12)
            if toks[-1].se > end - 0.05:
                return sentences
            keywords = [(slot, label, toks[i0].ss, toks[i1].se) for slot, label, i0, i1 in spans]
            sen = _r3(max(-1.0, min(1.0, rng.gauss(0.1, 0.4))))
            sentences.append(_Sentence(speaker_ids[speaker], _detokenize(words), toks, keywords, sen))
            t = toks[-1].se + rng.uniform(0.3, 0.9)
        t += rng.uniform(0.2, 1.2)
    return sentences


def _group_keywords(
    sentences: list[_Sentence], slot_types: dict[str, str]
) -> list[tuple[str, str, list[tuple[float, float]]]]:
    """Keyword detections (type, label, spans) in order of first mention."""
    found: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for sentence in sentences:
        for slot, label, ss, se in sentence.keywords:
            t = slot_types.get(slot)
            if t is not None:
                found.setdefault((t, label), []).append((ss, se))
    return [(t, label, spans) for (t, label), spans in found.items()]
