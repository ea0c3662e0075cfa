"""Seeded generator of realistic synthetic Valossa results (Core metadata and the side formats).

Everything here is made up: labels, names, brands and ids are invented (brands and people are
fictional), but the *layout* follows the Valossa format reference of this project.  Every public
function is deterministic for its arguments: the same arguments give the same JSON bytes.

Public functions:

* :func:`core_metadata` -- a current-format (default ``1.8.1``) Core document using every detection
  type, attribute and grouping that the format reference documents or observes.
* :func:`legacy_110_metadata` -- a 1.1.0-style (2017 beta) Core document.
* :func:`seconds_objects`, :func:`frames_objects`, :func:`frames_faces`, :func:`visual_captions`,
  :func:`speech_to_text_srt`, :func:`speech_to_text_vtt` -- side results derived from a Core
  document, so that their detection ids match it.
* :func:`transcript_srt` -- a human-made SRT transcript, like a customer would upload.
* :func:`write_samples` and :func:`main` (``python -m valossa_metadata.synthetic``).

Layout choices for the parts that the reference marks unknown or inferred are listed in each
function's docstring.  The module uses the standard library only.

Examples:
    >>> doc = core_metadata(30.0, seed=3)
    >>> sorted(doc)
    ['detection_groupings', 'detections', 'job_info', 'media_info', 'segmentations', 'version_info']
"""

from __future__ import annotations

import argparse
import bisect
import gzip
import json
import math
import os
import random
import statistics
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

__all__ = [
    "core_metadata",
    "frames_faces",
    "frames_objects",
    "legacy_110_metadata",
    "main",
    "seconds_objects",
    "speech_to_text_srt",
    "speech_to_text_vtt",
    "transcript_srt",
    "visual_captions",
    "write_samples",
]

# --------------------------------------------------------------------------------------------------
# Vocabularies
# --------------------------------------------------------------------------------------------------

#: visual.context concepts: ``label|categ tags`` (tags from the reference's vocabulary; empty = no categ).
_VISUAL_TABLE = """
person|human_basic
man|human_basic
woman|human_basic
child|human_basic,children_family_play
crowd|human_basic
smile|human_features
hair|human_features
beard|human_features
hand|human_features
eyeglasses|fashion_wear
suit|fashion_wear
dress|fashion_wear
hat|fashion_wear
jacket|fashion_wear
t-shirt|fashion_wear
sunglasses|fashion_wear
dog|fauna,pets
cat|fauna,pets
puppy|fauna,pets
horse|fauna
bird|fauna
seagull|fauna
tree|flora
flower|flora
grass|flora
palm tree|flora
car|automotive
truck|automotive
motorcycle|automotive
bus|automotive
steering wheel|automotive
airplane|aviation
helicopter|aviation
airport|aviation,buildings_architecture
boat|boats_ships
sailboat|boats_ships
harbor|boats_ships
building|buildings_architecture
skyscraper|buildings_architecture
house|buildings_architecture,home_garden
bridge|buildings_architecture
church|buildings_architecture
window|buildings_architecture
kitchen|home_garden
living room|home_garden
sofa|home_garden
garden|home_garden,flora
table|home_garden
chair|home_garden
birthday cake|celebrations_holidays,food_drink
christmas tree|celebrations_holidays
fireworks|celebrations_holidays,lights_effects
balloon|celebrations_holidays
playground|children_family_play
toy|children_family_play
video game|computers_video_games
laptop|computers_video_games,consumer_electronics
computer keyboard|computers_video_games,consumer_electronics
smartphone|consumer_electronics
television|consumer_electronics
camera|consumer_electronics
headphones|consumer_electronics
coffee|food_drink
wine glass|food_drink
pizza|food_drink
bread|food_drink
fruit|food_drink
beer|food_drink,content_compliance
cigarette|content_compliance
gun|content_compliance
logo|brand_product,graphics
bottle|brand_product
poster|graphics
text|graphics
lens flare|lights_effects
bokeh|lights_effects,style
neon lights|lights_effects
close-up|style
black and white|style
silhouette|style
night|time
sunset|time
morning|time
sky|
cloud|
sea|
beach|
mountain|
snow|
road|
street|
city|
office|
stage|
microphone|
guitar|
concert|
audience|
indoor|
outdoor|
water|
rain|
field|
"""

#: audio.context concepts: ``label|AudioSet/Knowledge Graph mid|categ tags``.
_AUDIO_TABLE = """
music|/m/04rlf|
speech|/m/09x0r|
applause|/m/028ght|
laughter|/m/01j3sz|
crowd|/m/03qtwd|
wind|/m/03m9d0z|
rain|/m/06mb1|
engine|/m/02mk9|automotive
vehicle|/m/07yv9|automotive
bird vocalization|/m/020bb7|fauna
dog bark|/m/05tny_|fauna,pets
guitar|/m/0342h|
drum|/m/026t6|
footsteps|/m/07pbtc8|
door|/m/02dgv|home_garden
silence|/m/028v0c|
"""


def _parse_table(text: str) -> list[list[str]]:
    return [line.split("|") for line in text.strip().splitlines()]


_VISUAL = [(row[0], [t for t in row[1].split(",") if t]) for row in _parse_table(_VISUAL_TABLE)]
_AUDIO = [(row[0], row[1], [t for t in row[2].split(",") if t]) for row in _parse_table(_AUDIO_TABLE)]

#: Fictional brands (Microsoft's sample company names) used as logos and organizations.
_BRANDS = [
    "Contoso",
    "Fabrikam",
    "Northwind Traders",
    "Tailspin Toys",
    "Woodgrove Bank",
    "Litware",
    "Adventure Works",
    "Wide World Importers",
]
#: Fictional people: (name, gender).
_PERSONS = [
    ("Maria Lopez", "female"),
    ("John Carter", "male"),
    ("Aino Mäkelä", "female"),
    ("Mikko Laine", "male"),
    ("Sophie Martin", "female"),
    ("David Chen", "male"),
    ("Amara Okafor", "female"),
    ("Lucas Weber", "male"),
    ("Elena Rossi", "female"),
    ("Omar Haddad", "male"),
    ("Hanna Berg", "female"),
    ("Tom Fischer", "male"),
]
_FIRST_NAMES = ["Anna", "Peter", "Lisa", "Jake", "Emma", "Sam", "Nora", "Ben"]
_LOCATIONS = [
    "Helsinki",
    "Megève",
    "Lisbon",
    "New York",
    "Cape Town",
    "Kyoto",
    "Tampere",
    "Buenos Aires",
    "Oslo",
    "Marseille",
]
_NOUNS = [
    "satellite",
    "bakery",
    "vaccine",
    "drone",
    "festival",
    "bicycle",
    "lighthouse",
    "startup",
    "glacier",
    "museum",
    "exhibition",
    "telescope",
    "harvest",
    "prototype",
    "marathon",
]
_ADJECTIVES = ["new", "huge", "strange", "quiet", "expensive", "old", "beautiful", "tiny"]
_TIMES = ["tomorrow", "tonight", "next week", "on Monday", "last year", "this weekend"]
_SWEARS = ["damn", "bloody", "freaking"]

#: Sentence templates.  Slots: {P} person, {F} first name, {L} location, {O} organization,
#: {N} noteworthy noun, {X} mild swear word, {A} adjective, {T} time; ``!word`` = compliance keyword.
_TEMPLATES = [
    "I think {P} is going to present the {N} {T} .",
    "We drove all the way to {L} to see the {A} {N} .",
    "Did you hear that {O} bought the old factory in {L} ?",
    "{F} , can you bring the {N} over here ?",
    "Honestly , that was a {X} good idea .",
    "The people at {O} said the {N} would be ready {T} .",
    "I have never seen a {N} this {A} before .",
    "Well , {F} told me you moved to {L} .",
    "Let's meet at the {N} near the station {T} .",
    "That's a {X} shame , but we will try again .",
    "According to {P} , the {N} market is growing fast in {L} .",
    "We should call {O} before they close .",
    "I'm not sure the {N} fits in the car .",
    "So what happened after you left {L} ?",
    "My sister works for {O} in {L} now .",
    "Thank you , {F} , this means a lot to all of us .",
    "It was cold and windy , so we stayed inside all day .",
    "Are you sure this is the right way to {L} ?",
    "Nobody at {O} expected the {N} to sell out so quickly .",
    "Look at that {A} {N} over there !",
    "Where the !hell did you put my keys ?",
    "I'll send you the details about the {N} {T} .",
    "{P} has been working on this project for years .",
    "Maybe we can ask {F} to help with the {N} .",
    "The weather in {L} was perfect for the whole trip .",
    "We need a better plan before we talk to {O} .",
    "Yes , I remember that {N} from our first visit .",
    "You know , I really enjoyed the concert {T} .",
    "Can we stop for coffee before we go to {L} ?",
    "Everyone kept talking about the {A} {N} .",
]
_SHORT_REPLIES = ["Sure.", "No way!", "Really?", "I know.", "Okay, fine.", "Not yet.", "Of course.", "Why?"]
_PUNCT = frozenset({",", ".", "?", "!"})

#: Face expression vocabulary V2 (reference §2.9) with a plausible valence range each.
_EMOTIONS = [
    ("joy", 0.4, 1.0, 3),
    ("mild joy", 0.1, 0.6, 4),
    ("sadness", -0.9, -0.3, 1),
    ("serious expression", -0.3, 0.1, 4),
    ("fear", -0.9, -0.4, 1),
    ("tension/anxiousness", -0.7, -0.2, 1),
    ("disgust", -0.9, -0.4, 1),
    ("displeasure", -0.6, -0.1, 1),
    ("anger", -1.0, -0.5, 1),
    ("concentration/displeasure", -0.4, 0.0, 2),
    ("surprise", -0.1, 0.5, 1),
    ("startlement", -0.4, 0.2, 1),
    ("neutral", -0.1, 0.1, 6),
]

#: Video-level IAB (v1-style ids): (label, hierarchy, id, is_scd_category).
_IAB_TOPICS = [
    ("Travel", ["Travel"], "IAB20", False),
    ("Pets", ["Pets"], "IAB16", False),
    ("Dogs", ["Pets", "Dogs"], "IAB16-4", False),
    ("Music", ["Arts & Entertainment", "Music"], "IAB1-6", False),
    ("Personal Finance", ["Personal Finance"], "IAB13", False),
    ("Beginning Investing", ["Personal Finance", "Beginning Investing"], "IAB13-1", False),
    ("Food & Drink", ["Food & Drink"], "IAB8", False),
    ("Automotive", ["Automotive"], "IAB2", False),
]
_IAB_SCD = ("Religion & Spirituality", ["Religion & Spirituality"], "IAB23", True)
#: Scene-level IAB sections (IAB Content Taxonomy 2.x numeric ids).
_IAB_SECTIONS = [
    ("Business and Finance", ["Business and Finance"], "52"),
    ("Travel", ["Travel"], "653"),
    ("Pets", ["Pets"], "422"),
    ("Food & Drink", ["Food & Drink"], "210"),
    ("Sports", ["Sports"], "483"),
    ("Music and Audio", ["Music and Audio"], "338"),
    ("Technology & Computing", ["Technology & Computing"], "596"),
    ("Automotive", ["Automotive"], "1"),
]
_TOPICS_GENERAL = ["interview", "travel vlog", "news report", "family", "urban life", "technology"]
_GENRES = ["Documentary", "Drama", "News", "Comedy", "Lifestyle"]

_TEXT_FULL = [
    "CHAPTER ONE",
    "THE END",
    "Directed by Elena Rossi",
    "Three weeks later",
    "Based on a true story",
    "Thanks for watching",
]
_TEXT_ROLES = ["Chief Economist", "Reporter", "Mayor of Tampere", "Marine Biologist", "Head Chef", "Pilot"]
_TEXT_MIDDLE = ["BREAKING NEWS", "LIMITED OFFER", "SALE -50%", "OPEN 24/7", "WELCOME"]
_TEXT_UPPER = ["LIVE", "NEWS 24", "EXCLUSIVE", "HD", "REPLAY"]
_TEXT_COMPLIANCE = ["casino", "whisky", "beer", "vote"]

#: by_detection_type key order (and generation order) of the current format.
_TYPE_ORDER = [
    "visual.context",
    "visual.object.localized",
    "visual.color",
    "visual.text_region.full_frame_analysis",
    "visual.text_region.lower_third",
    "visual.text_region.middle_third",
    "visual.text_region.upper_third",
    "visual.text_region.keyword.compliance",
    "audio.context",
    "audio.speech",
    "audio.speech_detailed",
    "audio.speech_detailed.stats",
    "audio.speech_summary",
    "audio.speech_summary.keyword",
    "audio.voice_emotion",
    "audio.keyword.compliance",
    "audio.keyword.novelty_word",
    "audio.keyword.name.person",
    "audio.keyword.name.location",
    "audio.keyword.name.organization",
    "human.face",
    "human.face_group",
    "topic.iab",
    "topic.iab.section",
    "topic.general",
    "topic.genre",
    "explicit_content.nudity",
]
#: Types listed chronologically (not by prominence) in by_detection_type.
_CHRONOLOGICAL = frozenset({"audio.speech", "audio.speech_detailed"})
#: Types whose by_second items carry a per-second confidence "c".
_CONFIDENCE_TYPES = frozenset({"visual.context", "visual.object.localized", "audio.context"})

#: Adds per-second attributes ``a`` to a by_second item: ``(detection, second, item) -> None``.
_AttrFn = Callable[[dict[str, Any], int, dict[str, Any]], None]
#: Maps an occurrence ``(ss, se, n_units)`` to its first and last second/frame index.
_SpanFn = Callable[[float, float, int], tuple[int, int]]

_DET_KEYS = ["t", "label", "cid", "c", "ext_refs", "categ", "a", "occs"]
_OCC_KEYS = ["id", "ss", "se", "fs", "fe", "sdur", "c_max", "c_med", "c", "shs", "she", "a"]

# --------------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------------


def _r3(x: float) -> float:
    return round(x, 3)


def _uuid(rng: random.Random) -> str:
    """A version-4 style UUID string drawn from ``rng`` (so it is reproducible)."""
    h = f"{rng.getrandbits(128):032x}"
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{'89ab'[rng.randrange(4)]}{h[17:20]}-{h[20:32]}"


def _stable_token(label: str, salt: str, alphabet: str, n: int) -> str:
    """A token that depends on ``label`` only (same label = same concept id in every file)."""
    rng = random.Random(f"{salt}:{label}")
    return "".join(rng.choice(alphabet) for _ in range(n))


def _cid(label: str) -> str:
    return _stable_token(label, "cid", "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 12)


def _mid(label: str, salt: str = "gkg") -> str:
    return "/m/0" + _stable_token(label, salt, "0123456789bcdfghjklmnpqrstvwxyz_", 5)


def _second_span(ss: float, se: float, n_seconds: int) -> tuple[int, int]:
    """Seconds ``floor(ss) .. ceil(se)-1`` (at least ``floor(ss)``), capped at ``n_seconds - 1``."""
    s0 = min(math.floor(ss), n_seconds - 1)
    s1 = max(s0, min(math.ceil(se) - 1, n_seconds - 1))
    return s0, s1


def _frame_span(ss: float, se: float, fps: float, n_frames: int) -> tuple[int, int]:
    """Frames ``floor(ss*fps) .. ceil(se*fps)-1`` (the by_second rule applied to frames)."""
    return _second_span(round(ss * fps, 6), round(se * fps, 6), n_frames)


def _canonical(d: dict[str, Any], order: list[str]) -> dict[str, Any]:
    out = {k: d[k] for k in order if k in d}
    out.update((k, v) for k, v in d.items() if k not in out and not k.startswith("_"))
    return out


def _conf_series(rng: random.Random, n: int) -> tuple[float, float, list[float]]:
    """Per-second confidences of one occurrence plus their max and median (all in [0.5, 1])."""
    base = rng.uniform(0.55, 0.97)
    series = [_r3(min(1.0, max(0.5, base + rng.gauss(0.0, 0.05)))) for _ in range(n)]
    return max(series), _r3(statistics.median(series)), series


def _intervals(
    rng: random.Random,
    start: float,
    end: float,
    coverage: float,
    mean_dur: float,
    *,
    min_dur: float = 0.5,
    max_dur: float = 40.0,
) -> list[tuple[float, float]]:
    """Sorted, non-overlapping (sometimes abutting) intervals covering about ``coverage`` of the span.

    Always returns at least one interval when the span allows one.
    """
    span = end - start
    if span < min_dur:
        return []
    coverage = min(max(coverage, 0.001), 0.95)
    mean_gap = mean_dur * (1.0 - coverage) / coverage
    out: list[tuple[float, float]] = []
    t = start + rng.uniform(0.0, min(mean_gap, span))
    while t < end:
        d = min(max_dur, max(min_dur, rng.expovariate(1.0 / mean_dur)))
        if t + d > end:
            d = end - t
            if d < min_dur:
                break
        ss, se = _r3(t), _r3(t + d)
        out.append((ss, se))
        gap = 0.0 if rng.random() < 0.05 else rng.expovariate(1.0 / mean_gap)
        t = se + gap
    if not out:
        d = min(mean_dur, span)
        t = rng.uniform(start, end - d)
        out.append((_r3(t), _r3(t + d)))
    return out


# --------------------------------------------------------------------------------------------------
# Shots
# --------------------------------------------------------------------------------------------------


class _Shots:
    """Contiguous shots covering ``[0, end]``."""

    def __init__(self, rng: random.Random, end: float, fps: float) -> None:
        bounds = [0.0]
        t = 0.0
        while True:
            d = min(20.0, max(0.4, rng.lognormvariate(math.log(3.5), 0.65)))
            if t + d > end - 0.4:
                break
            t = _r3(t + d)
            bounds.append(t)
        bounds.append(end)
        self.starts = bounds[:-1]
        self.ends = bounds[1:]
        self.entries = [
            {
                "ss": ss,
                "se": se,
                "fs": round(ss * fps),
                "fe": round(se * fps),
                "sdur": _r3(se - ss),
            }
            for ss, se in zip(self.starts, self.ends, strict=True)
        ]

    def __len__(self) -> int:
        return len(self.starts)

    def span(self, ss: float, se: float) -> tuple[int, int]:
        """First and last shot overlapping ``[ss, se)`` (the shot holding ``ss`` when ``ss == se``)."""
        last = len(self.starts) - 1
        shs = min(max(bisect.bisect_right(self.starts, ss) - 1, 0), last)
        she = min(max(bisect.bisect_left(self.starts, se) - 1, shs), last) if se > ss else shs
        return shs, she

    def at(self, t: float) -> int:
        return min(max(bisect.bisect_right(self.starts, t) - 1, 0), len(self.starts) - 1)


# --------------------------------------------------------------------------------------------------
# Speech
# --------------------------------------------------------------------------------------------------


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


# --------------------------------------------------------------------------------------------------
# Document builder shared by the current and the legacy format
# --------------------------------------------------------------------------------------------------


@dataclass
class _Doc:
    rng: random.Random
    end: float
    n_seconds: int
    fps: float
    shots: _Shots
    dets: list[dict[str, Any]] = field(default_factory=list)

    def add(self, det: dict[str, Any]) -> dict[str, Any]:
        self.dets.append(det)
        return det

    def conf_occ(self, ss: float, se: float, *, med: bool = True, key: str = "c_max") -> dict[str, Any]:
        s0, s1 = _second_span(ss, se, self.n_seconds)
        c_max, c_med, series = _conf_series(self.rng, s1 - s0 + 1)
        occ: dict[str, Any] = {"ss": ss, "se": se, key: c_max, "_sc": series}
        if med:
            occ["c_med"] = c_med
        return occ

    def finalize(self, *, shs: bool) -> None:
        """Assign detection and occurrence ids (and shs/she); resolve face group members to ids."""
        occ_id = 1
        for i, det in enumerate(self.dets, start=1):
            det["_id"] = str(i)
            if "occs" in det:
                occs = []
                for occ in det["occs"]:
                    occ["id"] = str(occ_id)
                    occ_id += 1
                    if shs:
                        occ["shs"], occ["she"] = self.shots.span(occ["ss"], occ["se"])
                    occs.append(_canonical(occ, _OCC_KEYS))
                    occ["_clean"] = occs[-1]
        for det in self.dets:
            if det["t"] == "human.face_group":
                det["a"]["face_det_ids"] = [face["_id"] for face in det["a"]["face_det_ids"]]

    def by_second(self, attrs: dict[str, _AttrFn]) -> list[list[dict[str, Any]]]:
        """by_second items for every occurrence-bearing detection (mapping rule of reference §2.9).

        ``attrs`` maps a detection type to a function ``(det, second, item) -> None`` adding ``a``.
        """
        seconds: list[list[dict[str, Any]]] = [[] for _ in range(self.n_seconds)]
        for det in self.dets:
            if "occs" not in det:
                continue
            confident = det["t"] in _CONFIDENCE_TYPES or det["t"].startswith("explicit_content.")
            items: dict[int, dict[str, Any]] = {}
            for occ in det["occs"]:
                s0, s1 = _second_span(occ["ss"], occ["se"], self.n_seconds)
                series = occ.get("_sc")
                for k, s in enumerate(range(s0, s1 + 1)):
                    item = items.get(s)
                    if item is None:
                        item = items[s] = {"d": det["_id"], "o": [occ["id"]]}
                        if confident and series is not None:
                            item["c"] = series[k]
                    else:
                        item["o"].append(occ["id"])
                        if "c" in item and series is not None:
                            item["c"] = max(item["c"], series[k])
            add_attr = attrs.get(det["t"])
            for s in sorted(items):
                if add_attr is not None:
                    add_attr(det, s, items[s])
                seconds[s].append(items[s])
        return seconds

    def export(self) -> dict[str, dict[str, Any]]:
        """Detections keyed by id, private keys stripped, in a shuffled (realistic) key order."""
        out: dict[str, dict[str, Any]] = {}
        for det in self.dets:
            clean = _canonical(det, _DET_KEYS)
            if "occs" in det:
                clean["occs"] = [occ["_clean"] for occ in det["occs"]]
            out[det["_id"]] = clean
        keys = list(out)
        self.rng.shuffle(keys)
        return {k: out[k] for k in keys}


def _total_duration(det: dict[str, Any]) -> float:
    return float(sum(occ["se"] - occ["ss"] for occ in det.get("occs", [])))


def _by_detection_type(dets: list[dict[str, Any]], order: list[str]) -> dict[str, list[str]]:
    """type -> ids; speech types chronological, others by prominence (total duration desc, then id)."""
    grouped: dict[str, list[dict[str, Any]]] = {}
    for det in dets:
        grouped.setdefault(det["t"], []).append(det)
    out: dict[str, list[str]] = {}
    for t in order + sorted(set(grouped) - set(order)):
        if t not in grouped:
            continue
        members = grouped[t]
        if t in _CHRONOLOGICAL:
            members = sorted(members, key=lambda d: (d["occs"][0]["ss"], int(d["_id"])))
        else:
            members = sorted(members, key=lambda d: (-round(_total_duration(d), 3), int(d["_id"])))
        out[t] = [d["_id"] for d in members]
    return out


# --------------------------------------------------------------------------------------------------
# Current-format Core metadata
# --------------------------------------------------------------------------------------------------


def _faces_per_shot(rng: random.Random, shots: _Shots, faces: int) -> list[list[int]]:
    """Which faces (indexes) are visible in each shot; every face gets at least one shot."""
    per_shot: list[list[int]] = [[] for _ in range(len(shots))]
    eligible = [i for i in range(len(shots)) if shots.ends[i] - shots.starts[i] >= 1.0]
    if faces <= 0 or not eligible:
        return per_shot
    weights = [1.0 / (i + 1) ** 1.1 for i in range(faces)]
    for i in eligible:
        if rng.random() < 0.55:
            k = min(faces, rng.choices([1, 2, 3], weights=[70, 25, 5])[0])
            chosen: list[int] = []
            while len(chosen) < k:
                f = rng.choices(range(faces), weights=weights)[0]
                if f not in chosen:
                    chosen.append(f)
            per_shot[i] = sorted(chosen)
    for f in range(faces):
        if not any(f in s for s in per_shot):
            i = rng.choice(eligible)
            per_shot[i] = sorted([*per_shot[i], f])
    if faces >= 2 and not any(len(s) >= 2 for s in per_shot):
        longest = max(eligible, key=lambda i: shots.ends[i] - shots.starts[i])
        per_shot[longest] = sorted({0, 1, *per_shot[longest]})
    return per_shot


def _face_attr_fn(rng: random.Random) -> _AttrFn:
    names = [e[0] for e in _EMOTIONS]
    weights = [e[3] for e in _EMOTIONS]
    ranges = {e[0]: (e[1], e[2]) for e in _EMOTIONS}

    def add(det: dict[str, Any], second: int, item: dict[str, Any]) -> None:
        if rng.random() >= 0.65:
            return
        primary = rng.choices(names, weights=weights)[0]
        lo, hi = ranges[primary]
        sen: dict[str, Any] = {"val": _r3(rng.uniform(lo, hi))}
        if rng.random() < 0.8:
            c1 = _r3(rng.uniform(0.55, 0.98))
            emo = [{"e": primary, "c": c1}]
            if rng.random() < 0.35:
                other = rng.choice([n for n in names if n != primary])
                emo.append({"e": other, "c": _r3(rng.uniform(0.5, c1))})
            sen["emo"] = emo
        item["a"] = {"sen": sen}

    return add


def _random_color(rng: random.Random) -> str:
    return f"{rng.randrange(256):02x}{rng.randrange(256):02x}{rng.randrange(256):02x}"


def _color_attr_fn(rng: random.Random, shots: _Shots) -> _AttrFn:
    palettes = [[_random_color(rng) for _ in range(3)] for _ in range(len(shots))]

    def add(det: dict[str, Any], second: int, item: dict[str, Any]) -> None:
        palette = palettes[shots.at(second + 0.5)]
        fractions = sorted(
            [rng.uniform(0.3, 0.6), rng.uniform(0.1, 0.3), rng.uniform(0.03, 0.12)], reverse=True
        )
        n = 3 if rng.random() < 0.85 else 2
        item["a"] = {
            "colors": [{"rgb": rgb, "f": _r3(f)} for rgb, f in zip(palette[:n], fractions[:n], strict=True)]
        }

    return add


def _voice_attr_fn(rng: random.Random) -> _AttrFn:
    state = {"val": 0.1, "aro": 0.4}

    def add(det: dict[str, Any], second: int, item: dict[str, Any]) -> None:
        state["val"] = max(-1.0, min(1.0, state["val"] + rng.gauss(0.0, 0.15)))
        state["aro"] = max(0.0, min(1.0, state["aro"] + rng.gauss(0.0, 0.1)))
        item["a"] = {"sen": {"val": _r3(state["val"]), "aro": _r3(state["aro"])}}

    return add


def _merge_spans(spans: list[tuple[float, float]], max_gap: float) -> list[tuple[float, float]]:
    merged: list[tuple[float, float]] = []
    for ss, se in sorted(spans):
        if merged and ss - merged[-1][1] <= max_gap:
            merged[-1] = (merged[-1][0], max(merged[-1][1], se))
        else:
            merged.append((ss, se))
    return merged


def _add_visual_context(doc: _Doc, scale: float) -> None:
    rng = doc.rng
    n = min(len(_VISUAL), max(5, round(rng.randint(30, 60) * math.sqrt(scale))))
    concepts = rng.sample(_VISUAL, n)
    weights = [rng.random() ** 3 + 0.01 for _ in concepts]
    total = rng.uniform(6.0, 10.0)  # mean number of visual.context labels per second
    for (label, tags), w in zip(concepts, weights, strict=True):
        coverage = min(0.85, total * w / sum(weights))
        det: dict[str, Any] = {"t": "visual.context", "label": label, "cid": _cid(label)}
        det["ext_refs"] = {"gkg": {"id": _mid(label)}}
        if tags:
            det["categ"] = {"tags": list(tags)}
        spans = _intervals(rng, 0.0, doc.end, coverage, rng.uniform(2.0, 9.0), min_dur=1.0)
        det["occs"] = [doc.conf_occ(ss, se) for ss, se in spans]
        doc.add(det)


def _add_logos(doc: _Doc, scale: float) -> None:
    rng = doc.rng
    n = min(len(_BRANDS), max(1, round(3 * math.sqrt(scale))))
    for brand in rng.sample(_BRANDS, n):
        spans = _intervals(rng, 0.0, doc.end, rng.uniform(0.02, 0.08), 3.0, min_dur=0.8)
        occs = [doc.conf_occ(ss, se, med=False) for ss, se in spans]
        doc.add({"t": "visual.object.localized", "label": brand, "cid": _cid("logo:" + brand), "occs": occs})


def _add_text_regions(doc: _Doc, scale: float) -> None:
    rng = doc.rng
    lower = [f"{name.upper()} | {rng.choice(_TEXT_ROLES)}" for name, _ in _PERSONS]
    kinds = [
        ("full_frame_analysis", _TEXT_FULL, 2),
        ("lower_third", lower, 3),
        ("middle_third", _TEXT_MIDDLE, 1),
        ("upper_third", _TEXT_UPPER, 2),
    ]
    for kind, texts, base in kinds:
        n = min(len(texts), max(1, round(base * math.sqrt(scale))))
        for text in rng.sample(texts, n):
            spans = _intervals(rng, 0.0, doc.end, rng.uniform(0.005, 0.02), 4.0, min_dur=1.5, max_dur=8.0)
            doc.add(
                {
                    "t": "visual.text_region." + kind,
                    "label": text,
                    "a": {"text": {"as_one_string": text}},
                    "occs": [{"ss": ss, "se": se} for ss, se in spans],
                }
            )
    n = min(len(_TEXT_COMPLIANCE), max(1, round(1.5 * math.sqrt(scale))))
    for word in rng.sample(_TEXT_COMPLIANCE, n):
        spans = _intervals(rng, 0.0, doc.end, 0.01, 3.0, min_dur=1.0, max_dur=6.0)
        occs = [
            {"ss": ss, "se": se, "fs": round(ss * doc.fps), "fe": round(se * doc.fps)} for ss, se in spans
        ]
        doc.add({"t": "visual.text_region.keyword.compliance", "label": word, "occs": occs})


def _add_audio_context(doc: _Doc, scale: float, sentences: list[_Sentence]) -> None:
    rng = doc.rng
    n = min(len(_AUDIO), max(4, round(8 * math.sqrt(scale))))
    others = rng.sample(_AUDIO[2:], n - 2)
    for label, mid, tags in _AUDIO[:2] + others:
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


def _face_occ_span(rng: random.Random, shots: _Shots, i: int) -> tuple[float, float]:
    a, b = shots.starts[i], shots.ends[i]
    d = b - a
    return _r3(a + rng.uniform(0.0, 0.2) * d), _r3(b - rng.uniform(0.0, 0.2) * d)


def _co_occurrences(
    per_shot: list[list[int]], spans: list[dict[int, tuple[float, float]]]
) -> dict[tuple[int, ...], list[tuple[float, float]]]:
    """Face groups: faces visible together in a shot -> the spans where all of them are visible."""
    groups: dict[tuple[int, ...], list[tuple[float, float]]] = {}
    for i, visible in enumerate(per_shot):
        present = [f for f in visible if i in spans[f]]
        if len(present) < 2:
            continue
        ss = max(spans[f][i][0] for f in present)
        se = min(spans[f][i][1] for f in present)
        if se - ss >= 0.5:
            groups.setdefault(tuple(present), []).append((ss, se))
    return groups


def _add_faces(doc: _Doc, faces: int) -> None:
    rng = doc.rng
    per_shot = _faces_per_shot(rng, doc.shots, faces)
    spans: list[dict[int, tuple[float, float]]] = [{} for _ in range(faces)]
    for i, visible in enumerate(per_shot):
        for f in visible:
            spans[f][i] = _face_occ_span(rng, doc.shots, i)
    gallery_id = _uuid(rng)
    n_matched = min(faces, max(2, round(faces * 0.6)))
    identities = rng.sample(_PERSONS, min(n_matched, len(_PERSONS)))
    while len(identities) < n_matched:
        identities.append(rng.choice(_PERSONS))
    if n_matched >= 2:
        identities[n_matched - 1] = identities[0]  # one person found as two face detections
    gallery_faces: dict[str, str] = {}
    for name, _ in _PERSONS:
        gallery_faces[name] = _uuid(rng)
    under_18 = faces - 1 if faces - 1 >= n_matched else -1
    face_dets: list[dict[str, Any] | None] = []
    for f in range(faces):
        if not spans[f]:
            face_dets.append(None)
            continue
        occs = [{"ss": ss, "se": se} for ss, se in spans[f].values()]
        union = sum(se - ss for ss, se in _merge_spans([(o["ss"], o["se"]) for o in occs], 0.0))
        a: dict[str, Any] = {}
        if f < n_matched:
            name, gender = identities[f]
            a["gender"] = {"c": _r3(rng.uniform(0.85, 0.999)), "value": gender}
        else:
            a["gender"] = {"c": _r3(rng.uniform(0.5, 0.95)), "value": rng.choice(["male", "female"])}
        a["s_visible"] = math.floor(union * rng.uniform(0.88, 1.0) * 1000) / 1000
        a["quality"] = "low" if (f >= 3 and rng.random() < 0.4) else "normal"
        det: dict[str, Any] = {"t": "human.face", "label": "face"}
        if f < n_matched:
            top = _r3(rng.uniform(0.75, 0.99))
            matches = [(top, identities[f][0])]
            if rng.random() < 0.4:
                alt = rng.choice(
                    [p for p, g in _PERSONS if g == a["gender"]["value"] and p != identities[f][0]]
                )
                matches.append((_r3(rng.uniform(0.5, top - 0.02)), alt))
            a["similar_to"] = [
                {
                    "c": c,
                    "name": name,
                    "gallery": {"id": gallery_id},
                    "gallery_face": {"id": gallery_faces[name], "name": name},
                }
                for c, name in sorted(matches, key=lambda m: -m[0])
            ]
        if f == under_18:
            c_max = _r3(rng.uniform(0.7, 0.99))
            a["under_18_years"] = {
                "c_max": c_max,
                "c_median": _r3(rng.uniform(0.5, c_max)),
                "intervals": [{"ss": o["ss"], "se": o["se"]} for o in occs[:3]],
            }
            det["categ"] = {"tags": ["under_18_years"]}
        det["a"] = a
        det["occs"] = occs
        face_dets.append(doc.add(det))
    for members, group_spans in _co_occurrences(per_shot, spans).items():
        ids = [face_dets[f] for f in members]
        doc.add(
            {
                "t": "human.face_group",
                "label": "face group",
                "a": {"face_det_ids": ids},  # detection dicts until _Doc.finalize
                "occs": [{"ss": ss, "se": se} for ss, se in group_spans],
            }
        )


def _add_topics(doc: _Doc, sentences: list[_Sentence]) -> None:
    rng = doc.rng
    topics = [*rng.sample(_IAB_TOPICS, rng.randint(2, 4)), _IAB_SCD]
    for label, hierarchy, iab_id, scd in topics:
        iab: dict[str, Any] = {"labels_hierarchy": list(hierarchy), "id": iab_id}
        if scd:
            iab["is_scd_category"] = True
        doc.add({"t": "topic.iab", "label": label, "ext_refs": {"iab": iab}})
    if sentences:
        start, stop = math.ceil(sentences[0].ss), math.floor(sentences[-1].se)
        sections: dict[str, dict[str, Any]] = {}
        t = start
        while stop - t >= 5:
            length = min(stop - t, rng.randint(20, 60))
            label, hierarchy, iab_id = rng.choice(_IAB_SECTIONS)
            score = _r3(rng.uniform(0.1, 0.95))
            ad = {
                "sources": ["speech"],
                "ad_score": {"max": score, "s_max": float(rng.randint(t, t + length))},
            }
            det = sections.get(label)
            if det is None:
                det = sections[label] = {
                    "t": "topic.iab.section",
                    "label": label,
                    "occs": [],
                    "ext_refs": {"iab": {"labels_hierarchy": list(hierarchy), "id": iab_id}},
                }
            det["occs"].append({"ss": t, "se": t + length, "c": score, "a": ad})
            t += length
        for det in sections.values():
            best = max(det["occs"], key=lambda o: o["c"])
            det["a"] = {"sources": ["speech"], "ad_score": dict(best["a"]["ad_score"])}
            doc.add(det)
    for label in rng.sample(_TOPICS_GENERAL, rng.randint(2, 3)):
        doc.add({"t": "topic.general", "label": label})
    for label in rng.sample(_GENRES, rng.randint(1, 2)):
        doc.add({"t": "topic.genre", "label": label})


def _by_frequency(dets: list[dict[str, Any]], by_type: dict[str, list[str]]) -> dict[str, list[str]]:
    by_id = {d["_id"]: d for d in dets}
    out: dict[str, list[str]] = {}
    for t, ids in by_type.items():
        if t in _CHRONOLOGICAL or "occs" not in by_id[ids[0]]:
            continue
        out[t] = sorted(ids, key=lambda i: (-len(by_id[i]["occs"]), int(i)))
    return out


def _by_detection_property(
    dets: list[dict[str, Any]], by_type: dict[str, list[str]]
) -> dict[str, dict[str, dict[str, list[str]]]]:
    by_id = {d["_id"]: d for d in dets}
    out: dict[str, dict[str, dict[str, list[str]]]] = {}
    for t in ("visual.context", "audio.context", "human.face"):
        props: dict[str, dict[str, list[str]]] = {}
        for i in by_type.get(t, []):
            det = by_id[i]
            for tag in det.get("categ", {}).get("tags", []):
                props.setdefault("categ.tags", {}).setdefault(tag, []).append(i)
            gender = det.get("a", {}).get("gender", {}).get("value")
            if gender is not None:
                props.setdefault("a.gender.value", {}).setdefault(gender, []).append(i)
        if props:
            out[t] = {p: {k: v[k] for k in sorted(v)} for p, v in props.items()}
    return out


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
    place = rng.choice(_LOCATIONS)
    title = f"A weekend in {place}"
    description = f"Friends travel to {place}, meet old colleagues and talk about work, food and family."
    return {
        "version_info": {"metadata_type": "core", "metadata_format": format_version, "backend": "3.1.1"},
        "job_info": {
            "job_id": job_id,
            "request": {
                "media": {
                    "video": {"url": f"https://media.example.com/videos/{job_id[:8]}.mp4"},
                    "transcript": {"url": None},
                    "description": description,
                    "language": "en-US",
                    "title": title,
                    "customer_media_info": {"id": f"cm-{rng.randint(10000, 99999)}"},
                },
                "analysis_parameters": {"face_min_relative_height": 0.05},
            },
        },
        "media_info": {
            "technical": {
                "duration_s": duration_s,
                "fps": fps,
                "resolution": {"x_pixels": 1920, "y_pixels": 1080},
                "video_codec": {
                    "name_long": "H.264 / AVC / MPEG-4 AVC / MPEG-4 part 10",
                    "name_short": "h264",
                    "bps": rng.randint(2_000_000, 8_000_000),
                },
                "audio_codec": {
                    "name_long": "AAC (Advanced Audio Coding)",
                    "name_short": "aac",
                    "bps": rng.choice([128000, 160000, 192000, 256000]) + rng.randint(0, 99),
                },
                "n_audio_channels": 2,
            },
            "from_customer": {"title": title, "description": description},
        },
        "detections": doc.export(),
        "detection_groupings": {
            "by_detection_property": _by_detection_property(doc.dets, by_type),
            "by_detection_type": by_type,
            "by_frequency": _by_frequency(doc.dets, by_type),
            "by_second": by_second,
        },
        "segmentations": {"detected_shots": shots.entries},
    }


# --------------------------------------------------------------------------------------------------
# Legacy 1.1.0
# --------------------------------------------------------------------------------------------------

_LEGACY_ORDER = [
    "visual.context",
    "human.face",
    "human.face_group",
    "audio.keyword.name.general",
    "transcript.keyword.novelty_word",
    "transcript.keyword.name.person",
    "transcript.keyword.name.location",
    "transcript.keyword.name.organization",
    "transcript.keyword.name.general",
    "external.keyword.novelty_word",
    "external.keyword.name.person",
    "external.keyword.name.general",
    "topic.iab.visual",
    "topic.iab.transcript",
]


def legacy_110_metadata(*, seed: int = 0, duration_s: float = 128.03) -> dict[str, Any]:
    """A 1.1.0-style (2017 beta) Core document, built from the reference's notes on that format.

    No ``version_info.metadata_type``; ``from_customer`` is an empty list plus
    ``from_external_services``; occurrences use ``c`` (not ``c_max``) and carry no ``shs``/``she``;
    ``ext_refs.freebase``; no ``cid`` or ``categ`` (both newer); faces have ``a.age_years`` and
    ``similar_to: [{"c", "name"}]`` only, face occurrences ``a.prevalent_crop_type``;
    ``external.keyword.*`` (``a.src = "descr"``, no occs), ``transcript.keyword.*``,
    ``audio.keyword.name.general``, ``topic.iab.visual``/``topic.iab.transcript``; groupings
    ``overview_by_detection_type`` (first 15 ids per type), ``by_second`` and ``by_detection_type``.
    Inferred: faces carry ``gender`` but no ``s_visible``; by_second items of faces carry no ``a``.

    Examples:
        >>> doc = legacy_110_metadata(seed=2)
        >>> doc["version_info"], doc["media_info"]["from_customer"]
        ({'metadata_format': '1.1.0', 'backend': '2.0.4'}, [])
        >>> len(doc["detection_groupings"]["by_second"])
        129
    """
    if not duration_s > 0 or not math.isfinite(duration_s):
        raise ValueError(f"duration_s must be a positive number, got {duration_s!r}")
    rng = random.Random(seed)
    fps = 29.97
    end = math.floor(duration_s * 1000) / 1000
    shots = _Shots(rng, end, fps)
    doc = _Doc(rng, end, math.ceil(duration_s), fps, shots)
    job_id = _uuid(rng)
    sentences = _speech_timeline(rng, end, ["1", "2"])

    for label, _ in rng.sample(_VISUAL, rng.randint(25, 40)):
        vc = _intervals(rng, 0.0, end, rng.random() ** 3 * 0.5 + 0.01, rng.uniform(2.0, 8.0), min_dur=1.0)
        doc.add(
            {
                "t": "visual.context",
                "label": label,
                "ext_refs": {"freebase": {"id": _mid(label, "freebase")}},
                "occs": [doc.conf_occ(ss, se, med=False, key="c") for ss, se in vc],
            }
        )
    n_faces = 5
    per_shot = _faces_per_shot(rng, shots, n_faces)
    spans: list[dict[int, tuple[float, float]]] = [{} for _ in range(n_faces)]
    for i, visible in enumerate(per_shot):
        for f in visible:
            spans[f][i] = _face_occ_span(rng, shots, i)
    face_dets: list[dict[str, Any]] = []
    for f in range(n_faces):
        crops = ["default", "midshot"]
        occs = [
            {"ss": ss, "se": se, "a": {"prevalent_crop_type": rng.choice(crops)}}
            for ss, se in spans[f].values()
        ]
        name, gender = _PERSONS[f]
        lower = rng.randint(18, 40)
        a: dict[str, Any] = {
            "gender": {"c": _r3(rng.uniform(0.6, 0.99)), "value": gender},
            "age_years": {"lower_bound": lower, "c": _r3(rng.uniform(0.5, 0.9)), "upper_bound": lower + 19},
        }
        if f < 2:
            a["similar_to"] = [{"c": _r3(rng.uniform(0.7, 0.99)), "name": name}]
        face_dets.append(doc.add({"t": "human.face", "label": "face", "a": a, "occs": occs}))
    for members, group_spans in _co_occurrences(per_shot, spans).items():
        doc.add(
            {
                "t": "human.face_group",
                "label": "face group",
                "a": {"face_det_ids": [face_dets[f] for f in members]},
                "occs": [{"ss": ss, "se": se} for ss, se in group_spans],
            }
        )
    slot_types = {
        "N": "transcript.keyword.novelty_word",
        "P": "transcript.keyword.name.person",
        "L": "transcript.keyword.name.location",
        "O": "transcript.keyword.name.organization",
        "F": "transcript.keyword.name.general",
    }
    keywords = _group_keywords(sentences, slot_types)
    names_general = [k for k in keywords if k[0] == "transcript.keyword.name.general"]
    for _, label, kw_spans in names_general[:2]:
        doc.add(
            {
                "t": "audio.keyword.name.general",
                "label": label,
                "occs": [{"ss": a, "se": b} for a, b in kw_spans],
            }
        )
    for t in _LEGACY_ORDER:
        for kt, label, kw_spans in keywords:
            if kt == t:
                doc.add({"t": t, "label": label, "occs": [{"ss": a, "se": b} for a, b in kw_spans]})
    external = [
        ("external.keyword.novelty_word", "road trip"),
        ("external.keyword.novelty_word", "lighthouse"),
        ("external.keyword.name.person", _PERSONS[0][0]),
        ("external.keyword.name.general", _FIRST_NAMES[0]),
    ]
    for t, label in external:
        doc.add({"t": t, "label": label, "a": {"src": "descr"}})
    for t, topics in (("topic.iab.visual", _IAB_TOPICS[:4]), ("topic.iab.transcript", _IAB_TOPICS[4:7])):
        for label, hierarchy, iab_id, _ in topics:
            doc.add(
                {"t": t, "label": label, "ext_refs": {"iab": {"labels_hierarchy": hierarchy, "id": iab_id}}}
            )

    doc.finalize(shs=False)
    by_second = doc.by_second({})
    by_type = _by_detection_type(doc.dets, _LEGACY_ORDER)
    video_id = "".join(
        rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-") for _ in range(11)
    )
    return {
        "version_info": {"metadata_format": "1.1.0", "backend": "2.0.4"},
        "job_info": {
            "request": {"media": {"video": {"url": f"https://www.youtube.com/watch?v={video_id}"}}},
            "job_id": job_id,
        },
        "detections": doc.export(),
        "segmentations": {"detected_shots": shots.entries},
        "detection_groupings": {
            "overview_by_detection_type": {t: ids[:15] for t, ids in by_type.items()},
            "by_second": by_second,
            "by_detection_type": by_type,
        },
        "media_info": {
            "technical": {"duration_s": duration_s, "fps": fps},
            "from_customer": [],
            "from_external_services": [
                {
                    "description": "Our road trip along the coast: a lighthouse, old friends, coffee.",
                    "service": "youtube",
                    "title": "Road trip vlog, day 3",
                }
            ],
        },
    }


# --------------------------------------------------------------------------------------------------
# Side files derived from a Core document
# --------------------------------------------------------------------------------------------------


def _core_parts(core: dict[str, Any]) -> tuple[dict[str, Any], float, float, int]:
    technical = core["media_info"]["technical"]
    duration = float(technical["duration_s"])
    fps = float(technical.get("fps") or 25.0)
    n_seconds = len(core.get("detection_groupings", {}).get("by_second", [])) or math.ceil(duration)
    return core["detections"], duration, fps, n_seconds


def _ids_of_type(core: dict[str, Any], t: str) -> list[str]:
    ids = core.get("detection_groupings", {}).get("by_detection_type", {}).get(t)
    if ids is None:
        ids = sorted((k for k, d in core["detections"].items() if d.get("t") == t), key=int)
    return list(ids)


def _side_header(core: dict[str, Any], metadata_type: str, version: str) -> dict[str, Any]:
    return {
        "version_info": {
            "metadata_type": metadata_type,
            "metadata_format": version,
            "backend": core.get("version_info", {}).get("backend", "3.1.1"),
        },
        "job_info": {"job_id": core.get("job_info", {}).get("job_id")},
    }


class _Track:
    """A box drifting linearly from a start to an end position."""

    def __init__(self, rng: random.Random, w: float, h: float) -> None:
        self.w, self.h = w, h
        self.x0, self.y0 = rng.uniform(0.0, 1.0 - w), rng.uniform(0.0, 1.0 - h)
        self.x1 = min(1.0 - w, max(0.0, self.x0 + rng.uniform(-0.1, 0.1)))
        self.y1 = min(1.0 - h, max(0.0, self.y0 + rng.uniform(-0.05, 0.05)))

    def box(self, u: float) -> dict[str, float]:
        return {
            "x": _r3(self.x0 + (self.x1 - self.x0) * u),
            "y": _r3(self.y0 + (self.y1 - self.y0) * u),
            "w": _r3(self.w),
            "h": _r3(self.h),
        }


def _boxes_by_unit(
    core: dict[str, Any],
    t: str,
    n_units: int,
    span_fn: _SpanFn,
    rng: random.Random,
    make_track: Callable[[random.Random], _Track],
    confidence: bool,
) -> list[list[dict[str, Any]]]:
    units: list[list[dict[str, Any]]] = [[] for _ in range(n_units)]
    dets = core["detections"]
    for det_id in sorted(_ids_of_type(core, t), key=int):
        items: dict[int, dict[str, Any]] = {}
        for occ in dets[det_id].get("occs", []):
            track = make_track(rng)
            u0, u1 = span_fn(occ["ss"], occ["se"], n_units)
            c_top = float(occ.get("c_max", occ.get("c", 1.0)))
            for u in range(u0, u1 + 1):
                box = track.box((u - u0) / max(1, u1 - u0))
                if confidence:
                    box["c"] = _r3(rng.uniform(0.5, c_top))
                item = items.get(u)
                if item is None:
                    items[u] = {"d": det_id, "o": [occ["id"]], "b": [box]}
                else:
                    item["o"].append(occ["id"])
                    item["b"].append(box)
        for u in sorted(items):
            units[u].append(items[u])
    return units


def _logo_track(rng: random.Random) -> _Track:
    return _Track(rng, rng.uniform(0.05, 0.2), rng.uniform(0.03, 0.12))


def seconds_objects(core: dict[str, Any], *, seed: int = 0) -> dict[str, Any]:
    """The ``seconds_objects`` side result (reference §3.2) for ``core``'s visual.object.localized.

    ``objects_by_second[i]`` lists, for second ``i``, items ``{"d": detection id, "o": [occurrence
    ids], "b": [{"x", "y", "w", "h", "c"}]}`` (one box per occurrence id; box = upper-left corner and
    size as fractions of the frame).  Seconds follow the Core by_second rule.  The ``job_info``
    block (``{"job_id"}``) and ``backend`` are inferred.

    Examples:
        >>> side = seconds_objects(core_metadata(30.0, seed=4))
        >>> side["version_info"]["metadata_type"], len(side["objects_by_second"])
        ('seconds_objects', 30)
    """
    _, _, _, n_seconds = _core_parts(core)
    rng = random.Random(seed)
    units = _boxes_by_unit(
        core, "visual.object.localized", n_seconds, _second_span, rng, _logo_track, confidence=True
    )
    return {**_side_header(core, "seconds_objects", "1.0.2"), "objects_by_second": units}


def _frame_fn(fps: float) -> _SpanFn:
    def span(ss: float, se: float, n: int) -> tuple[int, int]:
        return _frame_span(ss, se, fps, n)

    return span


def frames_objects(core: dict[str, Any], *, seed: int = 0) -> dict[str, Any]:
    """The ``frames_objects`` side result: :func:`seconds_objects` per frame (layout INFERRED).

    Key ``objects_by_frame`` (one list per frame, ``ceil(duration_s * fps)`` frames; an occurrence
    covers frames ``floor(ss*fps) .. ceil(se*fps)-1``); items as in seconds_objects.  The reference
    confirms only the type name and format version 1.0.0.

    Examples:
        >>> core = core_metadata(20.0, seed=5)
        >>> len(frames_objects(core)["objects_by_frame"])
        500
    """
    _, duration, fps, _ = _core_parts(core)
    rng = random.Random(seed)
    n_frames = max(1, math.ceil(round(duration * fps, 6)))
    units = _boxes_by_unit(
        core, "visual.object.localized", n_frames, _frame_fn(fps), rng, _logo_track, confidence=True
    )
    return {**_side_header(core, "frames_objects", "1.0.0"), "objects_by_frame": units}


def frames_faces(core: dict[str, Any], *, seed: int = 0) -> dict[str, Any]:
    """The ``frames_faces`` side result for ``core``'s human.face detections (layout INFERRED).

    The reference knows only the type name and format versions; this layout is inferred by analogy
    with seconds_objects: key ``faces_by_frame`` (one list per frame, frames as in
    :func:`frames_objects`), items ``{"d": human.face id, "o": [occurrence ids], "b": [{"x", "y",
    "w", "h"}]}`` without confidence; box heights respect ``face_min_relative_height`` (0.05).

    Examples:
        >>> core = core_metadata(20.0, seed=5)
        >>> side = frames_faces(core)
        >>> side["version_info"]["metadata_format"], len(side["faces_by_frame"])
        ('1.0.3', 500)
    """
    _, duration, fps, _ = _core_parts(core)
    technical = core["media_info"]["technical"]
    resolution = technical.get("resolution") or {"x_pixels": 16, "y_pixels": 9}
    aspect = resolution["y_pixels"] / resolution["x_pixels"]
    rng = random.Random(seed)
    n_frames = max(1, math.ceil(round(duration * fps, 6)))

    def face_track(r: random.Random) -> _Track:
        h = r.uniform(0.08, 0.45)
        return _Track(r, h * aspect * r.uniform(0.75, 0.9), h)

    units = _boxes_by_unit(core, "human.face", n_frames, _frame_fn(fps), rng, face_track, confidence=False)
    return {**_side_header(core, "frames_faces", "1.0.3"), "faces_by_frame": units}


_COUNT_WORDS = ["No", "One", "Two", "Three", "Several"]


def visual_captions(core: dict[str, Any], *, seed: int = 0) -> dict[str, Any]:
    """The ``visual_captions`` side result (reference §3.4) describing some shots of ``core``.

    ``selected_sections`` (chronological): ``{"caption", "section": {"s_start", "s_end",
    "shot_index"}}``, where the section is the whole shot (times rounded to 2 decimals) and the
    caption mentions visual.context labels seen in that shot.

    Examples:
        >>> caps = visual_captions(core_metadata(60.0, seed=6))
        >>> caps["version_info"]
        {'metadata_type': 'visual_captions', 'metadata_format_version': '1.2.0'}
        >>> sorted(caps["selected_sections"][0]["section"])
        ['s_end', 's_start', 'shot_index']
    """
    rng = random.Random(seed)
    shots = core["segmentations"]["detected_shots"]
    labels_in: list[list[str]] = [[] for _ in shots]
    people_in = [0 for _ in shots]
    dets = core["detections"]
    for det_id in _ids_of_type(core, "visual.context"):
        det = dets[det_id]
        for occ in det.get("occs", []):
            for i in range(occ.get("shs", 0), occ.get("she", -1) + 1):
                if det["label"] not in labels_in[i]:
                    labels_in[i].append(det["label"])
    for det_id in _ids_of_type(core, "human.face"):
        for occ in dets[det_id].get("occs", []):
            for i in range(occ.get("shs", 0), occ.get("she", -1) + 1):
                people_in[i] += 1
    views = ["A close-up view of", "A wide shot of", "A medium shot showing", "An overhead view of"]
    sections: list[dict[str, Any]] = []
    for i, shot in enumerate(shots):
        if shot["sdur"] < 1.5 or (rng.random() > 0.35 and sections):
            continue
        candidates = [x for x in labels_in[i] if x not in ("indoor", "outdoor", "close-up")]
        things = rng.sample(candidates, min(2, len(candidates))) or ["the scene"]
        subject = " and ".join(f"a {x}" if x != "the scene" else x for x in things)
        if people_in[i] >= 2:
            caption = f"{_COUNT_WORDS[min(people_in[i], 4)]} people talking, with {subject} in view."
        elif people_in[i] == 1:
            caption = f"A person in front of {subject}."
        else:
            caption = f"{rng.choice(views)} {subject}."
        sections.append(
            {
                "caption": caption[0].upper() + caption[1:],
                "section": {"s_start": round(shot["ss"], 2), "s_end": round(shot["se"], 2), "shot_index": i},
            }
        )
    return {
        "version_info": {"metadata_type": "visual_captions", "metadata_format_version": "1.2.0"},
        "selected_sections": sections,
    }


def _timestamp(t: float, sep: str) -> str:
    ms = max(0, round(t * 1000))
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}{sep}{ms % 1000:03d}"


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
        >>> lines = speech_to_text_srt(core_metadata(20.0, seed=1)).splitlines()
        >>> lines[0], lines[1][:12], lines[1][12:17]
        ('1', '00:00:02,863', ' --> ')
    """
    return "".join(
        f"{n}\n{_timestamp(ss, ',')} --> {_timestamp(se, ',')}\n{text}\n\n"
        for n, (ss, se, text) in enumerate(_speech_cues(core), start=1)
    )


def speech_to_text_vtt(core: dict[str, Any]) -> str:
    """The ``speech_to_text_vtt`` result: a WebVTT file with one cue per audio.speech detection.

    Examples:
        >>> lines = speech_to_text_vtt(core_metadata(20.0, seed=1)).splitlines()
        >>> lines[0], lines[2][:12], lines[2][12:17]
        ('WEBVTT', '00:00:02.863', ' --> ')
    """
    body = "".join(
        f"{_timestamp(ss, '.')} --> {_timestamp(se, '.')}\n{text}\n\n" for ss, se, text in _speech_cues(core)
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
        out.append(f"{n}\n{_timestamp(t, ',')} --> {_timestamp(t + dur, ',')}\n{text}\n\n")
        t += dur + (rng.uniform(2.0, 8.0) if rng.random() < 0.15 else rng.uniform(0.1, 1.0))
    return "".join(out)


# --------------------------------------------------------------------------------------------------
# Writing files and the command line
# --------------------------------------------------------------------------------------------------


def _dump(doc: Any) -> bytes:
    return json.dumps(doc, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def _write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file next to ``path`` and move it into place."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def write_samples(directory: str | Path) -> list[Path]:
    """Write the synthetic sample files into ``directory`` (created if needed); return their paths.

    ``current_format_example.json`` (``core_metadata(240.0, seed=7)``) with its side files
    ``current_format_example.{seconds_objects,frames_objects,frames_faces,visual_captions}.json``
    and ``.speech_to_text.{srt,vtt}``, plus ``legacy_1_1_0_example.json`` and ``transcript_example.srt``.
    JSON is compact UTF-8; every file is written atomically.

    Examples:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     [p.name for p in write_samples(tmp)][:2]
        ['current_format_example.json', 'current_format_example.seconds_objects.json']
    """
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    core = core_metadata(240.0, seed=7)
    prefix = "current_format_example"
    files: list[tuple[str, bytes]] = [
        (f"{prefix}.json", _dump(core)),
        (f"{prefix}.seconds_objects.json", _dump(seconds_objects(core, seed=7))),
        (f"{prefix}.frames_objects.json", _dump(frames_objects(core, seed=7))),
        (f"{prefix}.frames_faces.json", _dump(frames_faces(core, seed=7))),
        (f"{prefix}.visual_captions.json", _dump(visual_captions(core, seed=7))),
        (f"{prefix}.speech_to_text.srt", speech_to_text_srt(core).encode("utf-8")),
        (f"{prefix}.speech_to_text.vtt", speech_to_text_vtt(core).encode("utf-8")),
        ("legacy_1_1_0_example.json", _dump(legacy_110_metadata(seed=7))),
        ("transcript_example.srt", transcript_srt(seed=7).encode("utf-8")),
    ]
    paths = []
    for name, data in files:
        path = folder / name
        _write_atomic(path, data)
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    """Command line: write the sample files, or one synthetic Core document (``.gz`` = gzip).

    Examples:
        >>> import tempfile, pathlib
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     out = pathlib.Path(tmp) / "doc.json"
        ...     main(["--duration", "30", "--seed", "2", "-o", str(out)]), out.stat().st_size > 1000
        (0, True)
    """
    parser = argparse.ArgumentParser(
        prog="python -m valossa_metadata.synthetic",
        description="Generate realistic synthetic Valossa Core metadata (seeded, deterministic).",
    )
    target = parser.add_mutually_exclusive_group()
    target.add_argument("--write-samples", metavar="DIR", type=Path, help="write all sample files into DIR")
    target.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write one document to FILE (.gz = gzip; default or '-' = stdout)",
    )
    parser.add_argument("--duration", type=float, default=240.0, help="video duration in seconds (240)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (0)")
    parser.add_argument("--fps", type=float, default=25.0, help="frame rate (25)")
    parser.add_argument("--format-version", default="1.8.1", help="metadata_format to stamp (1.8.1)")
    parser.add_argument("--speakers", type=int, default=3, help="number of speakers (3)")
    parser.add_argument("--faces", type=int, default=8, help="number of face detections (8)")
    parser.add_argument("--legacy", action="store_true", help="generate a 1.1.0-style document instead")
    args = parser.parse_args(argv)
    if args.write_samples is not None:
        for path in write_samples(args.write_samples):
            print(path)
        return 0
    if not args.duration > 0 or not args.fps > 0:
        parser.error("--duration and --fps must be positive")
    if args.legacy:
        doc = legacy_110_metadata(seed=args.seed, duration_s=args.duration)
    else:
        doc = core_metadata(
            args.duration,
            seed=args.seed,
            fps=args.fps,
            format_version=args.format_version,
            speakers=args.speakers,
            faces=args.faces,
        )
    data = _dump(doc)
    if args.output in (None, "-"):
        sys.stdout.write(data.decode("utf-8") + "\n")
        return 0
    out = Path(args.output)
    if out.suffix == ".gz":
        data = gzip.compress(data, mtime=0)
    _write_atomic(out, data)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
