"""Per-type attribute layouts (the ``a`` objects) and the registry that picks one by detection type.

Known layouts decode into Structs; a type without a registered layout decodes into plain JSON
(``dict``), so nothing is ever lost. The per-second layouts of voice emotion and colors are not
documented publicly: :class:`SecondAttributes` reads them best-effort (see its docstring).
"""

from __future__ import annotations

from fnmatch import fnmatchcase
from typing import Any

import msgspec
from msgspec import Struct, field

__all__ = [
    "ATTRIBUTE_LAYOUTS",
    "INFERRED_SECOND_FIELDS",
    "AdScore",
    "AgeYears",
    "Color",
    "DocumentedSecondAttributes",
    "DocumentedSentiment",
    "Emotion",
    "ExternalKeywordAttributes",
    "FaceAttributes",
    "FaceGroupAttributes",
    "Gallery",
    "GalleryFace",
    "Gender",
    "IabSectionAttributes",
    "OccurrenceCropAttributes",
    "SecondAttributes",
    "SecondSentiment",
    "SimilarTo",
    "Speaker",
    "SpeechAttributes",
    "SpeechSentiment",
    "TextContent",
    "TextRegionAttributes",
    "Under18",
    "WordAttributes",
    "layout_for",
]


class Gender(Struct, frozen=True, kw_only=True, gc=False, omit_defaults=True):
    """``a.gender`` of a face: ``value`` is ``male`` or ``female``, ``c`` its confidence."""

    value: str | None = None
    c: float | None = None


class Gallery(Struct, frozen=True, kw_only=True, gc=False, omit_defaults=True):
    """``similar_to[].gallery``: the face gallery that matched."""

    id: str | None = None


class GalleryFace(Struct, frozen=True, kw_only=True, gc=False, omit_defaults=True):
    """``similar_to[].gallery_face``: the trained identity that matched."""

    id: str | None = None
    name: str | None = None


class SimilarTo(Struct, frozen=True, kw_only=True, gc=False, omit_defaults=True):
    """One identity match of a face; the list is sorted by confidence, best first."""

    name: str | None = None
    c: float | None = None
    gallery: Gallery | None = None
    gallery_face: GalleryFace | None = None


class Under18(Struct, frozen=True, kw_only=True, gc=False, omit_defaults=True):
    """``a.under_18_years``: confidence of a face being under 18, and when (layout of intervals unknown)."""

    c_max: float | None = None
    c_median: float | None = None
    intervals: list[Any] = []


class AgeYears(Struct, frozen=True, kw_only=True, gc=False, omit_defaults=True):
    """Legacy ``a.age_years`` (1.1.0): an estimated age range."""

    lower_bound: float | None = None
    upper_bound: float | None = None
    c: float | None = None


class FaceAttributes(Struct, frozen=True, kw_only=True, gc=False, omit_defaults=True):
    """``human.face`` attributes."""

    gender: Gender | None = None
    s_visible: float | None = None
    quality: str | None = None
    under_18_years: Under18 | None = None
    similar_to: list[SimilarTo] = []
    age_years: AgeYears | None = None


class FaceGroupAttributes(Struct, frozen=True, kw_only=True, gc=False, omit_defaults=True):
    """``human.face_group`` attributes: the member faces' detection ids."""

    face_det_ids: list[str] = []


class SpeechSentiment(Struct, frozen=True, kw_only=True, gc=False, omit_defaults=True):
    """``a.sen`` of a sentence: valence from -1 to 1."""

    val: float | None = None


class SpeechAttributes(Struct, frozen=True, kw_only=True, gc=False, omit_defaults=True):
    """``audio.speech`` attributes."""

    sen: SpeechSentiment | None = None


class Speaker(Struct, frozen=True, kw_only=True, gc=False, omit_defaults=True):
    """``a.s`` of a word: the speaker id (a string)."""

    id: str | None = None


class WordAttributes(Struct, frozen=True, kw_only=True, gc=False, omit_defaults=True):
    """``audio.speech_detailed`` attributes."""

    s: Speaker | None = None


class AdScore(Struct, frozen=True, kw_only=True, gc=False, omit_defaults=True):
    """``ad_score`` of an IAB section: the best score (0-1, higher is more suitable) and when."""

    max: float | None = None
    s_max: float | None = None


class IabSectionAttributes(Struct, frozen=True, kw_only=True, gc=False, omit_defaults=True):
    """``topic.iab.section`` attributes (on the detection and on each occurrence)."""

    sources: list[str] = []
    ad_score: AdScore | None = None


class TextContent(Struct, frozen=True, kw_only=True, gc=False, omit_defaults=True):
    """``a.text`` of a text region; other keys of it are not documented."""

    as_one_string: str | None = None


class TextRegionAttributes(Struct, frozen=True, kw_only=True, gc=False, omit_defaults=True):
    """``visual.text_region.*`` attributes."""

    text: TextContent | None = None


class ExternalKeywordAttributes(Struct, frozen=True, kw_only=True, gc=False, omit_defaults=True):
    """``external.keyword.*`` attributes (1.1.0): ``src`` is ``descr`` for the description."""

    src: str | None = None


class OccurrenceCropAttributes(Struct, frozen=True, kw_only=True, gc=False, omit_defaults=True):
    """Legacy per-occurrence face attributes (1.1.0)."""

    prevalent_crop_type: str | None = None


class Emotion(Struct, frozen=True, kw_only=True, gc=False, omit_defaults=True):
    """A named facial expression in one second, ``e`` its name and ``c`` its confidence."""

    e: str
    c: float | None = None


class SecondSentiment(Struct, frozen=True, kw_only=True, gc=False, omit_defaults=True):
    """``by_second[i][k].a.sen``: valence, (voice) arousal and named expressions.

    The face layout (``val``, ``emo``) is documented; voice emotion's arousal key ``aro`` is
    inferred by analogy and read best-effort.
    """

    val: float | None = None
    aro: float | None = None
    emo: list[Emotion] = []


class Color(Struct, frozen=True, kw_only=True, gc=False, omit_defaults=True):
    """One dominant color of a second (inferred layout): ``rgb`` hex without ``#`` and its fraction."""

    rgb: str
    fraction: float | None = field(name="f", default=None)


class SecondAttributes(Struct, frozen=True, kw_only=True, gc=False, omit_defaults=True):
    """Per-second attributes of a ``by_second`` item.

    Face sentiment and expressions are documented (``sen.val``, ``sen.emo``). Voice valence and
    arousal are said to be in ``by_second`` but their keys are not: ``sen.val``/``sen.aro`` are
    read here, and ``valence``/``arousal`` as alternatives. Colors (``colors[].rgb``, ``f``) are an
    inferred layout. The raw object is always kept as well, so nothing is lost.
    """

    sen: SecondSentiment | None = None
    valence: float | None = None
    arousal: float | None = None
    colors: list[Color] = []


#: The parts of :class:`SecondAttributes` whose layout is inferred, as JSON paths below ``a``: a value
#: of another shape there is left out of the table with a warning instead of stopping it.
INFERRED_SECOND_FIELDS = (".colors", ".sen.aro", ".valence", ".arousal")


class DocumentedSentiment(Struct, frozen=True, kw_only=True, gc=False, omit_defaults=True):
    """The documented part of ``sen``: face valence and named expressions."""

    val: float | None = None
    emo: list[Emotion] = []


class DocumentedSecondAttributes(Struct, frozen=True, kw_only=True, gc=False, omit_defaults=True):
    """The documented part of a ``by_second`` item's attributes, read when an inferred part has
    another shape than expected."""

    sen: DocumentedSentiment | None = None

    def as_second_attributes(self) -> SecondAttributes:
        """The same values in the full layout, inferred parts empty.

        Examples:
            >>> DocumentedSecondAttributes(sen=DocumentedSentiment(val=0.5)).as_second_attributes().sen.val
            0.5
        """
        sen = self.sen
        return SecondAttributes(sen=SecondSentiment(val=sen.val, emo=sen.emo) if sen is not None else None)


#: Detection-type glob -> attribute Struct. The first match wins; order from specific to general.
ATTRIBUTE_LAYOUTS: tuple[tuple[str, type[Struct]], ...] = (
    ("human.face", FaceAttributes),
    ("human.face_group", FaceGroupAttributes),
    ("audio.speech", SpeechAttributes),
    ("audio.speech_detailed", WordAttributes),
    ("topic.iab.section", IabSectionAttributes),
    ("visual.text_region.*", TextRegionAttributes),
    ("external.keyword.*", ExternalKeywordAttributes),
)

_CACHE: dict[str, msgspec.json.Decoder[Any]] = {}
_GENERIC: msgspec.json.Decoder[Any] = msgspec.json.Decoder()


def layout_for(detection_type: str) -> type[Struct] | None:
    """The attribute Struct registered for a detection type, or ``None`` (decoded as plain JSON).

    Examples:
        >>> layout_for("visual.text_region.lower_third").__name__
        'TextRegionAttributes'
        >>> layout_for("audio.speech_summary") is None
        True
    """
    for pattern, layout in ATTRIBUTE_LAYOUTS:
        if fnmatchcase(detection_type, pattern):
            return layout
    return None


def decoder_for(detection_type: str) -> msgspec.json.Decoder[Any]:
    """A (cached) JSON decoder for the ``a`` object of one detection type."""
    decoder = _CACHE.get(detection_type)
    if decoder is None:
        layout = layout_for(detection_type)
        decoder = msgspec.json.Decoder(layout) if layout is not None else _GENERIC
        _CACHE[detection_type] = decoder
    return decoder
