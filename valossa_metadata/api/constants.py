"""Names and values of the Valossa API that need no network code (the command line imports these)."""

from __future__ import annotations

__all__ = [
    "API_KEY_ENV",
    "API_PREFIXES",
    "DEFAULT_BASE_URL",
    "GENDERS",
    "JSON_RESULT_TYPES",
    "MAX_IMAGE_BYTES",
    "MAX_TRANSCRIPT_BYTES",
    "MAX_VIDEO_BYTES",
    "RESULT_TYPES",
    "TEXT_RESULT_TYPES",
]

#: The environment variable that holds the API key.
API_KEY_ENV = "VALOSSA_API_KEY"
#: The only documented host (EU); the paths ``core/1.0`` and ``training/1.0`` follow it.
DEFAULT_BASE_URL = "https://api-eu.valossa.com"
#: The path prefixes of the Core and Training APIs (Valossa documents each base as host + prefix).
API_PREFIXES = ("core/1.0", "training/1.0")
#: Documented limits (getting-started/input-formats, api-reference/upload-image), in bytes.
MAX_VIDEO_BYTES = 7 * 1024**3
MAX_TRANSCRIPT_BYTES = 5 * 1024**2
MAX_IMAGE_BYTES = 8 * 1024**2
#: ``job_results`` types returned as JSON.
JSON_RESULT_TYPES = ("core", "frames_faces", "seconds_objects", "frames_objects", "visual_captions")
#: ``job_results`` types returned as text.
TEXT_RESULT_TYPES = (
    "speech_to_text_srt",
    "speech_to_text_vtt",
    "speech_to_text_ttml",
    "speech_to_text_avid_txt",
)
RESULT_TYPES = JSON_RESULT_TYPES + TEXT_RESULT_TYPES
#: Genders the Training API accepts for a face identity.
GENDERS = ("male", "female")
