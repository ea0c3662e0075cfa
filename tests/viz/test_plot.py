"""The plots, checked by structure (lanes, bars, colours, opacity, legends, limits), not by pixels."""

from __future__ import annotations

import itertools
import subprocess
import sys
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pytest
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection, PolyCollection
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

import valossa_metadata as vm
from valossa_metadata import plot
from valossa_metadata.plot.styles import short
from valossa_metadata.query.filters import screen_time


def new_ax() -> Axes:
    return Figure().add_subplot()


def ticks(ax: Axes) -> list[str]:
    return [t.get_text() for t in ax.get_yticklabels()]


def lanes(ax: Axes) -> dict[str, PolyCollection]:
    return {
        str(c.get_gid()).removeprefix("lane:"): c
        for c in ax.collections
        if isinstance(c, PolyCollection) and str(c.get_gid()).startswith("lane:")
    }


def colors(collection: Any) -> np.ndarray[Any, Any]:
    return np.asarray(collection.get_facecolor())


def image(ax: Axes, number: int = 0) -> np.ma.MaskedArray[Any, Any]:
    data = ax.images[number].get_array()
    assert data is not None
    return np.ma.asarray(data)


def legend_texts(ax: Axes) -> list[str]:
    legend = ax.get_legend()
    assert legend is not None
    return [t.get_text().strip() for t in legend.get_texts()]


def foreground(md: vm.Metadata) -> pl.DataFrame:
    """Occurrences of the types the plots show by default, faces named by identity (independently)."""
    kept = [t for t in md.detection_counts() if not any(fnmatchcase(t, g) for g in plot.BACKGROUND_TYPES)]
    identities = md.face_identities().select("detection_id", "identity")
    return (
        md.occurrences()
        .filter(pl.col("type").is_in(kept))
        .join(identities, on="detection_id", how="left")
        .with_columns(lane=pl.coalesce("identity", "label"))
    )


def lanes_of(md: vm.Metadata) -> pl.DataFrame:
    """:func:`foreground` with timeline lanes: a name of two types is a lane per type, "name (type)"."""
    frame = foreground(md)
    shared = frame.group_by("lane").agg(pl.col("type").n_unique().alias("types")).filter(pl.col("types") > 1)
    in_two = pl.col("lane").is_in(shared["lane"].implode())
    return frame.with_columns(
        lane=pl.when(in_two).then(pl.format("{} ({})", "lane", "type")).otherwise("lane")
    )


# ---- vocabulary -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("seconds", "decimals", "text"),
    [
        (0, 0, "0:00:00"),
        (59.5, 0, "0:01:00"),
        (3599.96, 0, "1:00:00"),
        (7325, 0, "2:02:05"),
        (1.25, 1, "0:00:01.2"),
    ],
)
def test_hms(seconds: float, decimals: int, text: str) -> None:
    assert plot.hms(seconds, decimals) == text


@pytest.mark.parametrize(
    ("span", "step"), [(240, 30), (7200, 900), (6816.4, 900), (30, 5), (2, 0.2), (1e6, 14400 * 7)]
)
def test_time_step_is_round_and_gives_few_ticks(span: float, step: float) -> None:
    assert plot.time_step(span) == step
    assert span / plot.time_step(span) <= 10


def test_every_type_has_a_style_and_types_differ() -> None:
    colors = {
        plot.type_style(t)[1] for t in ("human.face", "visual.context", "audio.context", "visual.object.x")
    }
    assert len(colors) == 4
    assert plot.type_style("something.new") == ("other", "#777777")


def test_auto_bin_keeps_long_videos_readable() -> None:
    assert plot.auto_bin(240) == 1
    assert 7200 / plot.auto_bin(7200) <= 500
    assert plot.auto_bin(10 * 86400) == 300


def test_resolve_drops_background_types_only_without_types(current_md: vm.Metadata) -> None:
    default = set(plot.resolve(current_md).occurrences()["type"].unique())
    assert "visual.color" not in default
    assert "audio.speech" not in default
    assert "human.face" in default
    chosen = plot.resolve(current_md.select(types="visual.color"))
    assert set(chosen.occurrences()["type"].unique()) == {"visual.color"}
    assert plot.resolve(vm.loads(b'{"version_info": {"metadata_format": "1.8.1"}}')).occurrences().height == 0


# ---- timeline -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def timeline_ax(current_md: vm.Metadata) -> Axes:
    return plot.timeline(current_md, top=timeline_top(current_md), shots=True, speech=True, ax=new_ax())


def timeline_top(md: vm.Metadata) -> int:
    """Enough lanes to hold the first face lane and a lane after it."""
    ranked = screen_time(lanes_of(md), "lane")["lane"].to_list()
    faces = set(md.face_identities()["identity"])
    return next(i for i, lane in enumerate(ranked) if lane in faces) + 2


def test_timeline_lanes_are_the_longest_on_screen(current_md: vm.Metadata, timeline_ax: Axes) -> None:
    top = timeline_top(current_md)
    expected = screen_time(lanes_of(current_md), "lane")["lane"].head(top).to_list()
    assert ticks(timeline_ax) == [*(short(lane) for lane in expected), plot.SPEECH_LANE]
    assert len(timeline_ax.get_yticks()) == top + 1
    assert set(lanes(timeline_ax)) == {*expected, plot.SPEECH_LANE}


def test_timeline_draws_one_bar_per_occurrence(current_md: vm.Metadata, timeline_ax: Axes) -> None:
    occurrences = lanes_of(current_md)
    for lane, bars in lanes(timeline_ax).items():
        if lane == plot.SPEECH_LANE:
            assert len(bars.get_paths()) == current_md.speaker_turns().height
        else:
            assert len(bars.get_paths()) == occurrences.filter(pl.col("lane") == lane).height


def test_timeline_colours_types_apart_and_opacity_follows_confidence(
    current_md: vm.Metadata, timeline_ax: Axes
) -> None:
    bars = lanes(timeline_ax)
    shown = lanes_of(current_md).filter(pl.col("lane").is_in(list(bars)))
    person = shown.filter(pl.col("type") == "human.face")["lane"][0]
    kinds = shown.group_by("lane").agg(pl.col("type").unique()).filter(pl.col("type").list.len() == 1)
    only_seen = kinds.filter(pl.col("type").list.first() == "visual.context")["lane"]
    label = shown.filter(pl.col("lane").is_in(only_seen.implode()))["lane"][0]
    face = colors(bars[person])
    context = colors(bars[label])
    assert tuple(face[0][:3]) == to_rgba(plot.type_style("human.face")[1])[:3]
    assert tuple(context[0][:3]) == to_rgba(plot.type_style("visual.context")[1])[:3]
    assert tuple(face[0][:3]) != tuple(context[0][:3])
    assert set(face[:, 3]) == {1.0}  # faces have no confidence: opaque
    seen = lanes_of(current_md).filter(pl.col("lane") == label).sort("start")
    expected = [0.3 + 0.7 * min(1.0, max(0.0, (c - 0.5) / 0.5)) for c in seen["confidence"]]
    assert np.allclose(context[:, 3], expected)
    assert len(set(np.round(context[:, 3], 3))) > 3


def most_talk_first(md: vm.Metadata) -> list[str]:
    """Speaker names by talk time, computed here from the words' turns."""
    talk: dict[str, float] = {}
    for speaker, duration in md.speaker_turns().select("speaker", "duration").iter_rows():
        talk[speaker] = talk.get(speaker, 0.0) + duration
    return [f"Speaker {s}" for s in sorted(talk, key=lambda s: -talk[s])]


def test_timeline_legends_name_types_and_speakers(current_md: vm.Metadata, timeline_ax: Axes) -> None:
    texts = legend_texts(timeline_ax)
    assert texts[0] == "detection types\n(opacity: confidence)"
    assert {"human.face", "visual.context", "audio.context"} <= set(texts)
    assert texts[texts.index("speakers") + 1 :] == most_talk_first(current_md)


def test_timeline_speaker_colours_are_not_type_colours(timeline_ax: Axes) -> None:
    speech = colors(lanes(timeline_ax)[plot.SPEECH_LANE])
    type_colors = {to_rgba(color)[:3] for _, _, color in plot.TYPE_STYLES}
    assert not {tuple(c[:3]) for c in speech} & type_colors


def test_timeline_marks_shot_cuts(current_md: vm.Metadata, timeline_ax: Axes) -> None:
    (shots,) = [c for c in timeline_ax.collections if c.get_gid() == "shots"]
    assert isinstance(shots, LineCollection)
    inside = current_md.shots().filter((pl.col("start") > 0) & (pl.col("start") < 240)).height
    assert len(shots.get_segments()) == inside


def test_timeline_ticks_read_hms(timeline_ax: Axes) -> None:
    low, high = timeline_ax.get_xlim()
    formatter = timeline_ax.xaxis.get_major_formatter()
    shown = [formatter(x) for x in timeline_ax.xaxis.get_majorticklocs() if low <= x <= high]
    assert shown == [f"0:0{m}:{s}0" for m in range(4) for s in (0, 3)] + ["0:04:00"]
    assert timeline_ax.get_xlim() == (0.0, 240.0)


def test_timeline_window_zooms_and_ranks_inside_it(current_md: vm.Metadata) -> None:
    ax = plot.timeline(current_md, start=60, end=90, top=5, ax=new_ax())
    assert ax.get_xlim() == (60.0, 90.0)
    inside = lanes_of(current_md).filter((pl.col("start") < 90) & (pl.col("end") > 60))
    assert ticks(ax) == screen_time(inside, "lane", start=60, end=90)["lane"].head(5).to_list()


def test_timeline_of_a_selection_uses_its_window_and_lanes(current_md: vm.Metadata) -> None:
    chosen = current_md.select(types="human.face", start=30, length=60)
    ax = plot.timeline(chosen, by="identity", top=None, ax=new_ax())
    assert ax.get_xlim() == (30.0, 90.0)
    faces = chosen.occurrences()
    assert set(ticks(ax)) == set(faces["identity"].unique())
    assert ax.get_title(loc="left").startswith("Timeline: ")
    ending = plot.timeline(current_md.select(types="human.face", end=100, length=40), ax=new_ax())
    assert ending.get_xlim() == (60.0, 100.0)


def test_timeline_by_detection_and_other_ranks(current_md: vm.Metadata) -> None:
    ax = plot.timeline(current_md.select(types="human.face"), by="detection_id", top=3, ax=new_ax())
    faces = current_md.face_identities().sort("screen_time", descending=True)
    assert ticks(ax)[0] == "{} ({})".format(*faces.select("identity", "detection_id").row(0))
    first = plot.timeline(current_md, rank="first_seen", top=4, ax=new_ax())
    starts = lanes_of(current_md).group_by("lane").agg(pl.col("start").min()).sort("start", "lane")
    assert ticks(first) == starts["lane"].head(4).to_list()
    most = plot.timeline(current_md, rank="occurrences", top=2, ax=new_ax())
    counts = lanes_of(current_md).group_by("lane").len().sort(["len", "lane"], descending=[True, False])
    assert ticks(most) == counts["lane"].head(2).to_list()


def test_timeline_shortens_long_labels(real_md: vm.Metadata) -> None:
    ax = plot.timeline(real_md.select(types="transcript.keyword.*"), rank="first_seen", top=None, ax=new_ax())
    assert max(len(t) for t in ticks(ax)) <= 32


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"by": "type"}, "by is"), ({"rank": "size"}, "rank is"), ({"start": 50, "end": 10}, "ends")],
)
def test_timeline_rejects_bad_arguments(
    current_md: vm.Metadata, kwargs: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        plot.timeline(current_md, ax=new_ax(), **kwargs)


def test_timeline_says_when_nothing_is_selected(current_md: vm.Metadata, empty_md: vm.Metadata) -> None:
    ax = plot.timeline(current_md.select(labels="no such label"), speech=True, ax=new_ax())
    assert ticks(ax) == [plot.SPEECH_LANE]
    ax = plot.timeline(empty_md, speech=True, shots=True, ax=new_ax())
    assert ticks(ax) == []
    assert ax.get_xlim() == (0.0, 1.0)
    assert any("nothing to show" in t.get_text() for t in ax.texts)
    assert ax.get_legend() is None


def test_timeline_speech_lane_falls_back_to_sentences(
    no_words_md: vm.Metadata, legacy_md: vm.Metadata
) -> None:
    ax = plot.timeline(no_words_md, top=2, speech=True, ax=new_ax())
    speech = lanes(ax)[plot.SPEECH_LANE]
    assert len(speech.get_paths()) == no_words_md.speech().height
    assert "speakers" in legend_texts(ax)
    assert plot.SPEECH_LANE not in ticks(plot.timeline(legacy_md, speech=True, ax=new_ax()))


def test_timeline_without_duration_spans_the_occurrences(untimed_md: vm.Metadata) -> None:
    ax = plot.timeline(untimed_md, ax=new_ax())
    assert ax.get_xlim()[1] == untimed_md.occurrences()["end"].max()


def test_new_figures_are_sized_to_their_lanes(current_md: vm.Metadata) -> None:
    small = plot.timeline(current_md, top=3)
    large = plot.timeline(current_md, top=20)
    assert plot._root_figure(small).get_figheight() < plot._root_figure(large).get_figheight()


# ---- heatmap --------------------------------------------------------------------------------------


def test_heatmap_holds_best_confidence_per_bin(current_md: vm.Metadata) -> None:
    ax = plot.heatmap(current_md, top=5, bin_seconds=10, ax=new_ax())
    levels = image(ax)
    assert levels.shape == (5, 24)
    assert len(ax.get_yticks()) == 5
    label = next(t for t in ticks(ax) if t in set(current_md.occurrences()["label"]))
    row = ticks(ax).index(label)
    seconds = current_md.seconds().filter(pl.col("label") == label)
    for column in range(24):
        best = seconds.filter(pl.col("second") // 10 == column)["confidence"].max()
        assert (levels[row, column] is np.ma.masked) if best is None else levels[row, column] == best
    assert ax.get_xlim() == (0.0, 240.0)
    assert len(ax.figure.axes) == 2  # the colour bar


def test_heatmap_rows_are_the_most_present_and_faces_have_no_confidence(current_md: vm.Metadata) -> None:
    ax = plot.heatmap(current_md, ax=new_ax())
    seconds = plot.resolve(current_md).seconds().with_columns(lane=pl.coalesce("identity", "label"))
    counts = seconds.group_by("lane").agg(n=pl.col("second").n_unique())
    expected = counts.sort(["n", "lane"], descending=[True, False])["lane"].head(30).to_list()
    assert ticks(ax) == expected
    assert image(ax).shape == (30, 240)
    row = expected.index("John Carter")
    presence = np.ma.filled(image(ax, 1), np.nan)
    assert np.nansum(presence[row]) == seconds.filter(pl.col("lane") == "John Carter")["second"].n_unique()
    assert np.ma.count(image(ax)[row]) == 0
    assert "no confidence" in ax.get_title(loc="left")


def test_heatmap_window_and_bad_bins(current_md: vm.Metadata, empty_md: vm.Metadata) -> None:
    ax = plot.heatmap(current_md.select(types="visual.context"), start=100, end=130, ax=new_ax())
    assert ax.get_xlim() == (100.0, 130.0)
    assert image(ax).shape[1] == 30
    with pytest.raises(ValueError, match="more than 0"):
        plot.heatmap(current_md, bin_seconds=-1, ax=new_ax())
    empty = plot.heatmap(empty_md)
    assert any("nothing to show" in t.get_text() for t in empty.texts)


def test_heatmap_of_a_long_video_uses_wide_bins(real_md: vm.Metadata) -> None:
    ax = plot.heatmap(real_md.select(types="human.face"), top=3, ax=new_ax())
    assert image(ax).shape == (3, 455)
    assert "0:00:15 bins" not in ax.get_title()
    assert "15 s bins" in ax.get_title(loc="left")


# ---- screen time ----------------------------------------------------------------------------------


def test_screen_time_chart_longest_first_with_seconds_and_percent(current_md: vm.Metadata) -> None:
    ax = plot.screen_time_chart(current_md, top=5, ax=new_ax())
    expected = screen_time(foreground(current_md), "lane", duration=240.0).head(5)
    assert ticks(ax) == expected["lane"].to_list()
    widths = [p.get_width() for p in ax.patches if isinstance(p, Rectangle)]
    assert widths == pytest.approx(expected["screen_time"].to_list())
    assert ax.yaxis_inverted()
    labels = [t.get_text() for t in ax.texts]
    assert labels[0] == f"{expected['screen_time'][0]:.1f} s · {expected['percent'][0]:.1f}%"
    assert {"audio.context", "visual.context"} <= set(legend_texts(ax))


def test_screen_time_chart_by_type_and_identity(current_md: vm.Metadata, untimed_md: vm.Metadata) -> None:
    by_type = plot.screen_time_chart(current_md, by="type", top=None, ax=new_ax())
    assert "visual.context" in ticks(by_type)
    assert "visual.color" not in ticks(by_type)
    assert by_type.get_legend() is None
    people = plot.screen_time_chart(current_md, by="identity", ax=new_ax())
    expected = current_md.select(types="human.face").screen_time("identity")["identity"].head(2).to_list()
    assert ticks(people)[:2] == expected
    assert {p.get_facecolor()[:3] for p in people.patches} == {to_rgba(plot.type_style("human.face")[1])[:3]}
    unknown_length = plot.screen_time_chart(untimed_md, top=1, ax=new_ax())
    assert unknown_length.texts[0].get_text().endswith(" s")
    with pytest.raises(ValueError, match="by is"):
        plot.screen_time_chart(current_md, by="detection_id", ax=new_ax())  # type: ignore[arg-type]


def test_screen_time_chart_of_nothing(empty_md: vm.Metadata) -> None:
    ax = plot.screen_time_chart(empty_md)
    assert ticks(ax) == []
    assert any("nothing to show" in t.get_text() for t in ax.texts)


# ---- sentiment and speakers -----------------------------------------------------------------------


def test_sentiment_lines_with_gaps_kept_when_smoothed(current_md: vm.Metadata) -> None:
    raw = plot.sentiment(current_md, ax=new_ax())
    smooth = plot.sentiment(current_md, smooth=9, ax=new_ax())
    named = {line.get_label(): line for line in smooth.get_lines()}
    assert {"speech valence", "face valence", "voice valence", "voice arousal"} <= set(named)
    assert legend_texts(smooth) == ["speech valence", "face valence", "voice valence", "voice arousal"]
    raw_speech = np.asarray(
        {line.get_label(): line for line in raw.get_lines()}["speech valence"].get_ydata()
    )
    smooth_speech = np.asarray(named["speech valence"].get_ydata())
    assert np.array_equal(np.isnan(raw_speech), np.isnan(smooth_speech))
    assert np.nanstd(smooth_speech) < np.nanstd(raw_speech)
    assert "_face valence points" in {line.get_label() for line in raw.get_lines()}  # isolated seconds
    assert raw.get_ylim() == (-1.05, 1.05)
    assert raw.get_xlim() == (0.0, 240.0)


def test_sentiment_series_choice_and_simple_strips(current_md: vm.Metadata) -> None:
    speech = plot.sentiment(current_md, series=["speech"], start=10, end=70, ax=new_ax())
    assert legend_texts(speech) == ["speech valence"]
    assert speech.get_xlim() == (10.0, 70.0)
    simple = plot.sentiment(current_md, simple=True, ax=new_ax())
    assert ticks(simple) == ["speech valence", "face valence", "voice valence"]
    assert legend_texts(simple) == ["positive", "neutral", "negative"]
    strips = {c.get_gid(): c for c in simple.collections}
    assert len({tuple(colors(c)[0][:3]) for c in strips.values()}) == 3
    timeline = current_md.sentiment_timeline()
    for gid, in_mood in (
        ("voice:positive", pl.col("voice_valence") > 0.2),
        ("speech:negative", pl.col("speech_valence") < -0.2),
    ):
        # one bar per run of consecutive seconds: together they cover exactly the seconds in that mood
        spans = sorted((p.get_extents().x0, p.get_extents().x1) for p in strips[gid].get_paths())
        covered = [second for x0, x1 in spans for second in range(round(x0), round(x1))]
        assert covered == timeline.filter(in_mood)["second"].to_list()
        assert all(x1 < nxt_x0 for (_, x1), (nxt_x0, _) in itertools.pairwise(spans))  # runs are maximal
        runs = timeline.select(in_mood.fill_null(False).rle_id().alias("run"), in_mood.alias("in"))
        assert len(spans) == runs.filter("in")["run"].n_unique()
    with pytest.raises(ValueError, match="arousal has no sign"):
        plot.sentiment(current_md, simple=True, series=["arousal"], ax=new_ax())
    with pytest.raises(ValueError, match="unknown sentiment series"):
        plot.sentiment(current_md, series=["mood"], ax=new_ax())


def test_sentiment_without_data_says_so(real_md: vm.Metadata) -> None:
    assert plot.sentiment_series(real_md) == []
    ax = plot.sentiment(real_md)
    assert any("no sentiment data" in t.get_text() for t in ax.texts)
    assert ax.get_legend() is None


def test_speakers_one_lane_per_speaker(current_md: vm.Metadata) -> None:
    ax = plot.speakers(current_md, start=0, end=120, ax=new_ax())
    turns = current_md.speaker_turns()
    order = most_talk_first(current_md)
    assert [t.split(" (")[0] for t in ticks(ax)] == order
    talk = turns.filter(pl.col("speaker") == order[0].split()[1])["duration"].sum()
    minutes, seconds = divmod(round(talk), 60)
    assert ticks(ax)[0] == f"{order[0]} ({minutes}:{seconds:02d}, {talk / 240 * 100:.0f}%)"
    bars = {c.get_gid(): len(c.get_paths()) for c in ax.collections}
    assert bars["speaker:2"] == turns.filter(pl.col("speaker") == "2").height
    assert ax.get_xlim() == (0.0, 120.0)


def test_speakers_without_words_or_duration(legacy_md: vm.Metadata, untimed_md: vm.Metadata) -> None:
    ax = plot.speakers(legacy_md)
    assert ticks(ax) == []
    assert any("no speaker data" in t.get_text() for t in ax.texts)
    untimed = plot.speakers(untimed_md, ax=new_ax())
    assert untimed.get_xlim()[1] == untimed_md.speaker_turns()["end"].max()
    assert "%" not in ticks(untimed)[0]


def test_long_talk_reads_in_hours() -> None:
    assert plot._minutes(4000) == "1:06:40"
    assert plot._minutes(61) == "1:01"


# ---- saving ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("suffix", "magic"), [("png", b"\x89PNG"), ("svg", b"<?xml"), ("pdf", b"%PDF")])
def test_save_by_extension(current_md: vm.Metadata, tmp_path: Path, suffix: str, magic: bytes) -> None:
    ax = plot.speakers(current_md, ax=Figure(figsize=(4, 2)).add_subplot())
    target = plot.save(ax, tmp_path / f"speakers.{suffix}")
    assert target.read_bytes().startswith(magic)
    assert [p.name for p in tmp_path.iterdir()] == [f"speakers.{suffix}"]


def test_save_is_reproducible_and_takes_a_format(tmp_path: Path) -> None:
    fig = Figure(figsize=(2, 1))
    fig.add_subplot().plot([0, 1])
    plot.save(fig, tmp_path / "a.svg")
    plot.save(fig, tmp_path / "b.svg")
    assert (tmp_path / "a.svg").read_bytes() == (tmp_path / "b.svg").read_bytes()
    plot.save(fig, tmp_path / "image", fmt="png", tight=False)
    assert (tmp_path / "image").read_bytes().startswith(b"\x89PNG")
    with pytest.raises(ValueError, match=r"\.png, \.svg or \.pdf"):
        plot.save(fig, tmp_path / "plot.gif")


def test_save_leaves_nothing_when_drawing_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fig = Figure()

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(fig, "savefig", broken)
    with pytest.raises(RuntimeError):
        plot.save(fig, tmp_path / "plot.png")
    assert list(tmp_path.iterdir()) == []


def test_pyplot_users_get_pyplot_figures_which_close_releases(current_md: vm.Metadata) -> None:
    import matplotlib.pyplot as plt

    before = len(plt.get_fignums())
    ax = plot.speakers(current_md)
    assert len(plt.get_fignums()) == before + 1
    plot.close(ax)
    assert len(plt.get_fignums()) == before


def test_importing_the_modules_does_not_import_matplotlib() -> None:
    code = (
        "import sys, valossa_metadata.plot, valossa_metadata.export.files, valossa_metadata.report.page, "
        "valossa_metadata.report.summary, valossa_metadata.cli.plots, valossa_metadata.cli.export, "
        "valossa_metadata.cli.report; assert 'matplotlib' not in sys.modules"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
