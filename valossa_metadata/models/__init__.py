"""msgspec Structs only, no I/O: the Core tree, per-type attributes and the side files."""

from valossa_metadata.models.attributes import (
    FaceAttributes,
    FaceGroupAttributes,
    IabSectionAttributes,
    SecondAttributes,
    SpeechAttributes,
    TextRegionAttributes,
    WordAttributes,
)
from valossa_metadata.models.core import (
    CoreMetadata,
    Detection,
    DetectionGroupings,
    Occurrence,
    SecondItem,
    Shot,
)
from valossa_metadata.models.sidecars import BoxesFile, CaptionsFile

__all__ = [
    "BoxesFile",
    "CaptionsFile",
    "CoreMetadata",
    "Detection",
    "DetectionGroupings",
    "FaceAttributes",
    "FaceGroupAttributes",
    "IabSectionAttributes",
    "Occurrence",
    "SecondAttributes",
    "SecondItem",
    "Shot",
    "SpeechAttributes",
    "TextRegionAttributes",
    "WordAttributes",
]
