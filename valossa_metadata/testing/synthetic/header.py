"""The header blocks of a current-format Core document: ``job_info`` and ``media_info``.

Each function draws from the document's ``rng``; :func:`valossa_metadata.testing.synthetic.core.core_metadata`
calls them in a fixed order (title, then ``job_info``, then ``media_info``) so its output stays stable.
"""

from __future__ import annotations

import random
from typing import Any

from valossa_metadata.testing.synthetic.vocabulary import DESCRIPTION, TITLE


def _describe(rng: random.Random) -> tuple[str, str]:
    """The title and description of the scenario (``rng`` is drawn once, as before it was fixed)."""
    rng.random()
    return TITLE, DESCRIPTION


def _job_info(rng: random.Random, job_id: str, title: str, description: str) -> dict[str, Any]:
    """The ``job_info`` block: job id and the (made-up) analysis request."""
    return {
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
    }


def _media_info(
    rng: random.Random, duration_s: float, fps: float, title: str, description: str
) -> dict[str, Any]:
    """The ``media_info`` block: technical details (1080p H.264/AAC) and the customer's title."""
    return {
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
    }
