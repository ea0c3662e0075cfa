"""Regenerate the pictures in docs/images from the bundled samples and a two-hour synthetic result.

Run from anywhere: ``.venv/bin/python docs/make_images.py`` (about a minute). The plots carry no
dates, so regenerating unchanged plots leaves them byte for byte the same. The screenshots of the
report (``report_*.png``) are taken with Playwright driving Debian's Chromium, beside a WebM test
pattern made by ffmpeg.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
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


#: screenshot file name -> (report: "sample" with a video or "film", page width, element shown)
SCREENSHOTS: dict[str, tuple[str, int, str]] = {
    "report_watch.png": ("sample", 1200, "#watch"),
    "report_phone.png": ("sample", 400, "body"),
    "report_film_timeline.png": ("film", 1200, "#timeline"),
}


def main(names: list[str]) -> int:
    """Draw every picture (or the ones named) into docs/images."""
    unknown = set(names) - set(PICTURES) - set(SCREENSHOTS)
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
    wanted = {name: shot for name, shot in SCREENSHOTS.items() if not names or name in names}
    if wanted:
        screenshots(wanted)
    return 0


def screenshots(wanted: dict[str, tuple[str, int, str]]) -> None:
    """Write the reports of the sample (beside a test pattern) and of the film, and photograph them."""
    from playwright.sync_api import sync_playwright

    from valossa_metadata.report import write_report

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        clip = folder / "clip.webm"
        pattern = "testsrc=duration=240:size=640x360:rate=5"
        command = ["ffmpeg", "-loglevel", "error", "-y", "-f", "lavfi", "-i", pattern, "-c:v", "libvpx"]
        subprocess.run([*command, str(clip)], check=True)
        pages = {
            "sample": write_report(current(), folder / "sample", video=clip, plots=False),
            "film": write_report(film(), folder / "film", plots=False),
        }
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            for name, (which, width, selector) in wanted.items():
                page = browser.new_page(viewport={"width": width, "height": 900})
                page.goto(pages[which].as_uri())
                page.wait_for_function("() => document.getElementById('timeline-chart').dataset.ready")
                page.evaluate(
                    "document.getElementById('video') && (document.getElementById('video').currentTime = 95)"
                )
                page.wait_for_timeout(800)
                if selector == "body":
                    page.screenshot(path=str(IMAGES / name))
                else:
                    page.locator(selector).screenshot(path=str(IMAGES / name))
                page.close()
                sys.stdout.write(f"{IMAGES / name}\n")
            browser.close()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
