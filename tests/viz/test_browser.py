"""The report in a real browser (Debian's Chromium through Playwright): layout, offline, video seeking.

A few seconds of WebM test pattern (ffmpeg) play beside a synthetic result of the same length, so
every transcript line and timeline bar is a place the video can seek to.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

import valossa_metadata as vm
from valossa_metadata import report
from valossa_metadata.testing.synthetic import core_metadata

CHROMIUM = Path("/usr/bin/chromium")
LENGTH = 12.0

pytestmark = pytest.mark.skipif(not CHROMIUM.is_file(), reason="Debian's chromium is not installed")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--autoplay-policy=no-user-gesture-required"]
        )
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("ffmpeg") is None:
        pytest.skip("ffmpeg is not installed: no test video")
    path = tmp_path_factory.mktemp("media") / "test pattern.webm"
    pattern = f"testsrc=duration={LENGTH:g}:size=320x180:rate=10"
    subprocess.run(
        ["ffmpeg", "-loglevel", "error", "-y", "-f", "lavfi", "-i", pattern, "-c:v", "libvpx", str(path)],
        check=True,
        timeout=120,
    )
    return path


@pytest.fixture(scope="module")
def short_md() -> vm.Metadata:
    """A synthetic result as long as the clip, with two sentences by two speakers."""
    return vm.loads(json.dumps(core_metadata(LENGTH, seed=5)))


@pytest.fixture(scope="module")
def video_report(short_md: vm.Metadata, clip: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return report.write_report(short_md, tmp_path_factory.mktemp("watch") / "report", video=clip)


@pytest.fixture(scope="module")
def film_report(real_md: vm.Metadata, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return report.write_report(real_md, tmp_path_factory.mktemp("film") / "report")


class Visit:
    """A page opened at a width, with what it asked for and what it complained about."""

    def __init__(self, browser: Any, index: Path, width: int) -> None:
        self.page = browser.new_page(viewport={"width": width, "height": 900})
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.goto(index.as_uri())
        self.page.wait_for_function(
            "() => document.getElementById('timeline-chart').dataset.ready === 'true'"
        )

    def js(self, script: str, arg: Any = None) -> Any:
        return self.page.evaluate(script, arg)


def check_layout(visit: Visit, index: Path, clip: Path, width: int) -> None:
    """No sideways scroll, no console error, nothing fetched from outside, every picture and link there."""
    assert visit.js("document.documentElement.scrollWidth") <= width, "no sideways scroll"
    assert visit.errors == []
    folder = index.parent.resolve()
    for url in visit.requests:
        parts = urlsplit(url)
        assert parts.scheme in ("file", "data"), url
        if parts.scheme == "file":
            path = Path(unquote(parts.path)).resolve()
            assert path.parent == folder or path == clip.resolve(), url
    pictures = visit.js("[...document.images].map(i => [i.src, i.complete && i.naturalWidth > 0])")
    assert pictures, "the page has pictures"
    assert all(ok for _, ok in pictures), pictures
    links = visit.js("[...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'))")
    ids = set(visit.js("[...document.querySelectorAll('[id]')].map(e => e.id)"))
    for link in links:
        if link.startswith("#"):
            assert link[1:] in ids, link
        else:
            assert (folder / unquote(link)).is_file(), link
    assert visit.js("[...document.querySelectorAll('.scroll')].every(b => b.clientWidth <= innerWidth)")


@pytest.mark.parametrize(
    ("which", "width"), [("video_report", 400), ("film_report", 400), ("film_report", 1400)]
)
def test_page_fits_resolves_and_stays_offline(
    browser: Any, request: pytest.FixtureRequest, clip: Path, which: str, width: int
) -> None:
    index: Path = request.getfixturevalue(which)
    visit = Visit(browser, index, width)
    try:
        check_layout(visit, index, clip, width)
    finally:
        visit.page.close()


def test_clicks_seek_the_video_and_playing_moves_the_playhead(
    browser: Any, video_report: Path, clip: Path
) -> None:
    visit = Visit(browser, video_report, 1400)
    page = visit.page
    try:
        check_layout(visit, video_report, clip, 1400)
        page.wait_for_function("() => document.getElementById('video').readyState >= 1")
        lines = page.locator("#transcript-panel li")
        assert lines.count() >= 2
        start = float(lines.nth(1).get_attribute("data-start"))
        lines.nth(1).click()
        page.wait_for_function(
            "t => Math.abs(document.getElementById('video').currentTime - t) < 0.05", arg=start
        )
        page.wait_for_function("() => document.querySelector('#transcript-panel li.now') !== null")
        assert page.locator("#transcript-panel li.now").get_attribute("data-start") == lines.nth(
            1
        ).get_attribute("data-start")

        occurrence = page.locator("button.at").first
        at = float(occurrence.get_attribute("data-start"))
        occurrence.click()
        page.wait_for_function(
            "t => Math.abs(document.getElementById('video').currentTime - t) < 0.05", arg=at
        )

        # A timeline bar: click the middle of the widest bar of the first lane.
        bar = visit.js(
            """() => {
                const chart = document.getElementById('timeline-chart');
                const paths = [...chart.querySelectorAll('.trace.bars')[0].querySelectorAll('.point path')];
                const widest = paths.reduce((a, b) =>
                    b.getBoundingClientRect().width > a.getBoundingClientRect().width ? b : a);
                widest.scrollIntoView({block: 'center'});
                const box = widest.getBoundingClientRect();
                return {x: box.x + box.width / 2, y: box.y + box.height / 2, start: widest.__data__.i};
            }"""
        )
        starts = visit.js("() => document.getElementById('timeline-chart').data[0].customdata.map(c => c[0])")
        page.mouse.move(bar["x"], bar["y"])
        page.mouse.click(bar["x"], bar["y"])
        expected = starts[bar["start"]]
        page.wait_for_function(
            "t => Math.abs(document.getElementById('video').currentTime - t) < 0.05", arg=expected
        )

        visit.js("() => { const v = document.getElementById('video'); v.muted = true; v.currentTime = 0; }")
        visit.js("() => document.getElementById('video').play()")
        page.wait_for_function(
            "() => { const s = document.getElementById('timeline-chart').layout.shapes[0];"
            " return s.visible && s.x0 > 0.5; }",
            timeout=10_000,
        )
        visit.js("() => document.getElementById('video').pause()")
        search_filters_lanes(visit)
        assert visit.errors == []
    finally:
        page.close()


def search_filters_lanes(visit: Visit) -> None:
    total = visit.js("document.getElementById('timeline-chart').data.length")
    visit.page.fill("#lane-filter", "speaker")
    shown = visit.js("document.getElementById('timeline-chart').layout.yaxis.categoryarray")
    assert shown
    assert all(title.startswith("Speaker") for title in shown)
    assert visit.page.inner_text("#lane-count") == f"{len(shown)} of {total} lanes"
    visit.page.fill("#lane-filter", "")
    assert len(visit.js("document.getElementById('timeline-chart').layout.yaxis.categoryarray")) == total
