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
* :func:`write_samples` and :func:`main` (``python -m valossa_metadata.testing.synthetic``).

Layout choices for the parts that the reference marks unknown or inferred are listed in each
function's docstring.  The package uses the standard library only.  Its modules, one job each:

* ``core`` (the current-format document) built from ``header``, ``visual``, ``audio``, ``faces``,
  ``topics`` and ``groupings`` on top of ``document`` (the detection list), ``shots``, ``dialogue``
  (synthetic speech), ``helpers`` (ids, spans, intervals) and ``vocabulary`` (the word lists);
* ``legacy`` (the 1.1.0 document);
* ``boxes``, ``captions`` and ``subtitles`` (side results derived from a Core document);
* ``samples`` (writing files) and ``cli`` (the command line; ``__main__`` only calls it).

Examples:
    >>> doc = core_metadata(30.0, seed=3)
    >>> sorted(doc)
    ['detection_groupings', 'detections', 'job_info', 'media_info', 'segmentations', 'version_info']
"""

from __future__ import annotations

from valossa_metadata.testing.synthetic.boxes import frames_faces, frames_objects, seconds_objects
from valossa_metadata.testing.synthetic.captions import visual_captions
from valossa_metadata.testing.synthetic.cli import main
from valossa_metadata.testing.synthetic.core import core_metadata
from valossa_metadata.testing.synthetic.legacy import legacy_110_metadata
from valossa_metadata.testing.synthetic.samples import write_samples
from valossa_metadata.testing.synthetic.subtitles import (
    speech_to_text_srt,
    speech_to_text_vtt,
    transcript_srt,
)

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
