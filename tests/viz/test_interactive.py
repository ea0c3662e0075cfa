"""The interactive timeline (Plotly figure), long videos per bin, speaker colours and order."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
from matplotlib.axes import Axes
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure

import valossa_metadata as vm
from valossa_metadata import export, plot
from valossa_metadata.plot import bins, interactive, styles

from ..independent import union_length


def test_interactive_timeline_lanes_are_per_type_and_label(current_md: vm.Metadata) -> None:
    figure = current_md.timeline(interactive=True, top=12)
    lanes = [trace.meta for trace in figure.data]
    assert len(lanes) == len(set(lanes))
    occurrences = plot.resolve(current_md).occurrences().with_columns(name=pl.coalesce("identity", "label"))
    spans: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for kind, name, start, end in occurrences.select("type", "name", "start", "end").iter_rows():
        spans.setdefault((kind, name), []).append((start, end))
    ranked = sorted(spans, key=lambda key: (-union_length(spans[key]), key))[:12]
    first = figure.data[0]
    kind, name = ranked[0]
    assert first.meta.startswith(name)
    assert list(first.base) == sorted(s for s, _ in spans[(kind, name)])
    assert first.marker.color == plot.type_style(kind)[1]
    expected = [
        styles.alpha(c)
        for c in occurrences.filter((pl.col("type") == kind) & (pl.col("name") == name)).sort("start")[
            "confidence"
        ]
    ]
    assert np.allclose(first.marker.opacity, expected)
    assert "confidence" in first.customdata[0][3]
    speakers = [t.meta for t in figure.data if t.meta.startswith("Speaker")]
    talk = current_md.speaker_turns().group_by("speaker").agg(pl.col("duration").sum())
    order = talk.sort("duration", descending=True)["speaker"].to_list()
    assert speakers == [export.speaker_name(s) for s in order]
    assert list(figure.layout.yaxis.categoryarray) == list(reversed(lanes))
    assert figure.layout.shapes[0].visible is False
    assert figure.layout.title.text == interactive.ENCODING


def test_a_label_under_two_types_is_two_lanes(real_md: vm.Metadata) -> None:
    lanes, step = interactive.timeline_lanes(real_md, top=10, speakers=False)
    titles = [lane.title for lane in lanes]
    assert "speech (audio.context)" in titles
    assert "speech (visual.context)" in titles
    assert step == bins.BIN


def test_long_videos_are_drawn_per_minute(real_md: vm.Metadata) -> None:
    figure = interactive.interactive_timeline(real_md, top=3)
    assert figure.layout.title.text == interactive.ENCODING_BINNED
    first = figure.data[0]
    assert all(b % 60 == 0 for b in first.base)
    assert len(first.base) <= 6816 / 60 + 1
    assert "of the bin on screen" in first.customdata[0][3]
    ax = plot.timeline(real_md, top=3, ax=Figure().add_subplot())
    (lane,) = [c for c in ax.collections if c.get_gid() == f"lane:{first.meta}"]
    assert len(lane.get_paths()) == len(first.base)
    texts = [t.get_text() for t in ax.get_legend().get_texts()]
    assert texts[0] == "detection types\n(opacity: share of each minute)"


def test_binned_shares_count_overlaps_once() -> None:
    assert bins.binned([(0.0, 30.0, 0.9), (10.0, 40.0, 0.5), (50.0, 70.0, None)], 60.0) == [
        (0.0, 60.0, 50 / 60),
        (60.0, 120.0, 10 / 60),
    ]
    assert bins.binned([], 60.0) == []
    assert bins.auto_step(1800.0) is None
    assert bins.auto_step(1800.5) == 60.0
    with pytest.raises(ValueError, match="bin_seconds"):
        bins.auto_step(10.0, 0.0)
    assert bins.share_alpha(0.5) == pytest.approx(0.575)


def test_an_empty_file_has_no_lanes(empty_md: vm.Metadata) -> None:
    figure = interactive.interactive_timeline(empty_md)
    assert len(figure.data) == 0


def test_metadata_timeline_without_interactive_is_the_matplotlib_chart(current_md: vm.Metadata) -> None:
    ax = current_md.timeline(top=3, ax=Figure().add_subplot())
    assert isinstance(ax, Axes)
    assert len(ax.get_yticks()) == 3


def lab(color: str) -> np.ndarray:
    """CIELAB of an sRGB colour (D65), computed here."""
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in to_rgb(color)]
    r, g, b = linear
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return np.array([116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))])


def test_speaker_colours_are_far_from_every_type_colour() -> None:
    types = [color for _, _, color in plot.TYPE_STYLES]
    for speaker in plot.SPEAKER_COLORS:
        assert min(np.linalg.norm(lab(speaker) - lab(t)) for t in types) > 20, speaker
    assert len(set(plot.SPEAKER_COLORS)) == len(plot.SPEAKER_COLORS)


def test_speaker_order_is_most_talk_first() -> None:
    turns = pl.DataFrame({"speaker": ["a", "b", "c", "a"], "duration": [1.0, 3.0, 3.0, 0.5]})
    assert styles.speaker_order(turns) == ["b", "c", "a"]
    assert styles.speaker_order(turns.clear()) == []


def test_the_people_longest_on_screen_always_get_a_lane(current_md: vm.Metadata) -> None:
    lanes, _ = interactive.timeline_lanes(current_md, top=2, speakers=False)
    people = current_md.select(types="human.face").screen_time("identity")["identity"].head(3).to_list()
    # A person whose name is also a spoken keyword is named with the lane's type.
    spoken = set(current_md.select(types="audio.keyword.*").occurrences()["label"].to_list())
    named = [f"{name} (human.face)" if name in spoken else name for name in people]
    assert [lane.title for lane in lanes][2:] == named
    assert all(lane.type == "human.face" for lane in lanes[2:])
