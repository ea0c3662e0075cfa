"""Regenerate the pictures in docs/images from the bundled samples and a two-hour synthetic result.

Run from anywhere: ``.venv/bin/python docs/make_images.py`` (about 15 seconds). The files carry no
dates, so regenerating unchanged plots leaves them byte for byte the same.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path

from matplotlib.axes import Axes

import valossa_metadata as vm
from valossa_metadata import plot
from valossa_metadata.testing import synthetic

ROOT = Path(__file__).resolve().parent.parent
IMAGES = ROOT / "docs" / "images"
SAMPLES = ROOT / "sample_results"


@cache
def current() -> vm.Metadata:
    return vm.load(SAMPLES / "current_format_example.json")


@cache
def film() -> vm.Metadata:
    return vm.load(SAMPLES / "metareader_metadata_example_2017_v1.json")


@cache
def two_hours() -> vm.Metadata:
    return vm.loads(json.dumps(synthetic.core_metadata(7200.0, seed=1)))


#: file name -> how to draw it
PICTURES: dict[str, Callable[[], Axes]] = {
    "timeline.png": lambda: plot.timeline(current(), shots=True, speech=True),
    "timeline_window.png": lambda: plot.timeline(
        current(), top=10, start=60, end=90, shots=True, speech=True
    ),
    "timeline_faces_film.png": lambda: plot.timeline(film(), by="identity", top=12),
    "timeline_2h.png": lambda: plot.timeline(two_hours(), shots=True, speech=True),
    "heatmap.png": lambda: plot.heatmap(current()),
    "heatmap_2h.png": lambda: plot.heatmap(two_hours()),
    "screen_time.png": lambda: plot.screen_time_chart(current()),
    "screen_time_film.png": lambda: plot.screen_time_chart(film(), by="identity", top=10),
    "sentiment.png": lambda: plot.sentiment(current(), smooth=5),
    "sentiment_simple.png": lambda: plot.sentiment(current(), simple=True),
    "speakers.png": lambda: plot.speakers(current()),
}


def main(names: list[str]) -> int:
    """Draw every picture (or the ones named) into docs/images."""
    unknown = set(names) - set(PICTURES)
    if unknown:
        sys.stderr.write(f"unknown pictures: {', '.join(sorted(unknown))}\n")
        return 2
    for name, draw in PICTURES.items():
        if names and name not in names:
            continue
        ax = draw()
        plot.save(ax, IMAGES / name, dpi=100)
        plot.close(ax)
        sys.stdout.write(f"{IMAGES / name}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
