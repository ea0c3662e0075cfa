"""Names and values of the Valossa API that need no network code (the command line imports these)."""

from __future__ import annotations

__all__ = [
    "API_KEY_ENV",
    "DEFAULT_BASE_URL",
    "GENDERS",
    "JSON_RESULT_TYPES",
    "RESULT_TYPES",
    "TEXT_RESULT_TYPES",
]

#: The environment variable that holds the API key.
API_KEY_ENV = "VALOSSA_API_KEY"
#: The only documented host (EU); the paths ``core/1.0`` and ``training/1.0`` follow it.
DEFAULT_BASE_URL = "https://api-eu.valossa.com"
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
