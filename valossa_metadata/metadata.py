"""The ``Metadata`` facade: facts about the video, the typed tree and the table methods."""

from __future__ import annotations

import warnings
from collections import Counter
from fnmatch import fnmatchcase
from typing import TYPE_CHECKING, Any

import msgspec
import polars as pl

from valossa_metadata import tables
from valossa_metadata._decode import decode_core, decode_json, gc_paused, parse_version
from valossa_metadata._sources import Source, read_source
from valossa_metadata.errors import LayoutWarning, MetadataError
from valossa_metadata.models.attributes import (
    INFERRED_SECOND_FIELDS,
    DocumentedSecondAttributes,
    IabSectionAttributes,
    SecondAttributes,
    TextRegionAttributes,
    decoder_for,
    layout_for,
)
from valossa_metadata.models.core import (
    CoreMetadata,
    CustomerInfo,
    Detection,
    RequestMedia,
    SecondItem,
    SecondPresence,
    raw_is_empty,
)

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from valossa_metadata.query.selection import SelectArgs, Selection

__all__ = ["Metadata", "load", "loads"]

_BY_SECOND = msgspec.json.Decoder(list[list[SecondItem]])
_BY_SECOND_PRESENCE = msgspec.json.Decoder(list[list[SecondPresence]])


class _SecondAttributeItem(msgspec.Struct, frozen=True, gc=False):
    d: str
    a: msgspec.Raw = msgspec.Raw()


_BY_SECOND_ATTRIBUTES = msgspec.json.Decoder(list[list[_SecondAttributeItem]])
_SECOND_ATTRIBUTES = msgspec.json.Decoder(list[SecondAttributes | None])
_ONE_SECOND_ATTRIBUTES = msgspec.json.Decoder(SecondAttributes | None)
_DOCUMENTED_SECOND_ATTRIBUTES = msgspec.json.Decoder(DocumentedSecondAttributes | None)
_SECTIONS = msgspec.json.Decoder(list[IabSectionAttributes | None])
_SECTION = msgspec.json.Decoder(IabSectionAttributes | None)


class Metadata:
    """Decoded Core metadata of one job: facts, the typed tree (``core``) and polars tables.

    Build it with :func:`valossa_metadata.load` or :func:`valossa_metadata.loads`; ``data`` is the JSON
    the tree was decoded from (``raw`` and the lazily decoded parts read it). Tables are
    computed on first use and cached; each call returns a fresh frame (mutating it does not change
    the cache).

    Examples:
        >>> import valossa_metadata as vm
        >>> md = vm.load("sample_results/metareader_metadata_example_2017_v1.json")
        >>> md.detections().height, md.occurrences().height
        (701, 6960)
    """

    def __init__(self, core: CoreMetadata, data: bytes, *, source: str = "<bytes>") -> None:
        self.core = core
        self.source = source
        self._data = data
        self._cache: dict[str, Any] = {}

    # ---- facts -------------------------------------------------------------------------------

    @property
    def format_version(self) -> str:
        """``metadata_format``, e.g. ``"1.8.1"`` (empty when the file does not say)."""
        return self.core.version_info.metadata_format

    @property
    def version(self) -> tuple[int, ...]:
        """The format version as a tuple, e.g. ``(1, 8, 1)``; ``()`` when unknown."""
        return parse_version(self.format_version) or ()

    @property
    def backend(self) -> str | None:
        """The Valossa backend version that produced the file."""
        return self.core.version_info.backend

    @property
    def job_id(self) -> str | None:
        """The job id."""
        return self.core.job_info.job_id if self.core.job_info else None

    @property
    def duration(self) -> float | None:
        """Video duration in seconds (``media_info.technical.duration_s``); ``None`` if unknown or not > 0."""
        technical = self.core.media_info.technical if self.core.media_info else None
        duration = technical.duration_s if technical else None
        return duration if duration is not None and duration > 0 else None

    @property
    def fps(self) -> float | None:
        """Frames per second of the video."""
        technical = self.core.media_info.technical if self.core.media_info else None
        return technical.fps if technical else None

    @property
    def title(self) -> str | None:
        """The title: the customer's, else the request's, else an external service's."""
        customer = self.core.media_info.from_customer if self.core.media_info else None
        if isinstance(customer, CustomerInfo) and customer.title:
            return customer.title
        media = self._request_media
        if media is not None and media.title:
            return media.title
        services = self.core.media_info.from_external_services if self.core.media_info else None
        titles = [s.title for s in services or [] if s.title]
        return titles[0] if titles else None

    @property
    def description(self) -> str | None:
        """The description given with the video, if any."""
        customer = self.core.media_info.from_customer if self.core.media_info else None
        if isinstance(customer, CustomerInfo) and customer.description:
            return customer.description
        media = self._request_media
        return media.description if media is not None else None

    @property
    def language(self) -> str | None:
        """The analysis language requested, e.g. ``en-US``."""
        media = self._request_media
        return media.language if media is not None else None

    @property
    def video_url(self) -> str | None:
        """The video URL of the request."""
        media = self._request_media
        return media.video.url if media is not None and media.video is not None else None

    @property
    def transcript_url(self) -> str | None:
        """The transcript (SRT) URL of the request, if one was given."""
        media = self._request_media
        return media.transcript.url if media is not None and media.transcript is not None else None

    @property
    def _request_media(self) -> RequestMedia | None:
        job = self.core.job_info
        return job.request.media if job is not None and job.request is not None else None

    @property
    def by_detection_type(self) -> dict[str, list[str]]:
        """Detection ids per type, most prominent first (speech types chronological).

        Only ids of detections in the file, each under its own type and once: a listed id with no
        detection, or under another type than its ``t``, is left out here and in every table
        (:func:`valossa_metadata.validate` reports it).
        """
        cleaned: dict[str, list[str]] | None = self._cache.get("by_detection_type")
        if cleaned is None:
            cleaned = _listed_ids(self.core)
            self._cache["by_detection_type"] = cleaned
        return cleaned

    def detection_counts(self) -> dict[str, int]:
        """Number of detections per type, most common first.

        Examples:
            >>> import valossa_metadata as vm
            >>> md = vm.load("sample_results/metareader_metadata_example_2017_v1.json")
            >>> md.detection_counts()["human.face"]
            62
        """
        return dict(Counter(d.type for d in self.core.detections.values()).most_common())

    def detection(self, detection_id: str) -> Detection:
        """One detection by id (``KeyError`` names the id when it is not in the file)."""
        try:
            return self.core.detections[detection_id]
        except KeyError:
            raise KeyError(f"no detection {detection_id!r} in {self.source}") from None

    def ids_of_type(self, pattern: str) -> list[str]:
        """Detection ids whose type matches a glob such as ``visual.*``, in prominence order."""
        return [i for t, ids in self.by_detection_type.items() if fnmatchcase(t, pattern) for i in ids]

    # ---- lazily decoded parts ----------------------------------------------------------------

    @property
    def data(self) -> bytes:
        """The JSON the result was decoded from (after gunzipping)."""
        return self._data

    @property
    def raw(self) -> dict[str, Any]:
        """The whole document as plain JSON: every field, including those no Struct models."""
        if "raw" not in self._cache:
            value = decode_json(msgspec.json.Decoder(dict[str, Any]), self._data, source=self.source)
            self._cache["raw"] = value
        return self._cache["raw"]  # type: ignore[no-any-return]

    @property
    def by_second(self) -> list[list[SecondItem]]:
        """``detection_groupings.by_second`` decoded (on first use) into Structs."""
        if "by_second" not in self._cache:
            raw = self.core.detection_groupings.by_second
            value = (
                [] if raw_is_empty(raw) else self._decode(_BY_SECOND, raw, "$.detection_groupings.by_second")
            )
            self._cache["by_second"] = value
        return self._cache["by_second"]  # type: ignore[no-any-return]

    def attributes(self, detection_id: str) -> Any:
        """The ``a`` object of a detection, decoded with its type's layout (plain JSON for unknown types).

        Examples:
            >>> import valossa_metadata as vm
            >>> md = vm.load("sample_results/metareader_metadata_example_2017_v1.json")
            >>> face_id = md.ids_of_type("human.face")[0]
            >>> md.attributes(face_id).gender.value in ("male", "female")
            True
        """
        detection = self.detection(detection_id)
        if raw_is_empty(detection.attributes):
            return None
        at = f"$.detections[{detection_id!r}].a"
        return self._decode(decoder_for(detection.type), detection.attributes, at)

    def _attributes_of(self, pattern: str) -> list[tuple[str, Detection, Any]]:
        """(id, detection, decoded attributes) for every detection of a type glob, one decode call."""
        ids = self.ids_of_type(pattern)
        by_type: dict[str, list[str]] = {}
        for i in ids:
            by_type.setdefault(self.core.detections[i].type, []).append(i)
        decoded: dict[str, Any] = {}
        for detection_type, members in by_type.items():
            layout = layout_for(detection_type)
            decoder: msgspec.json.Decoder[Any] = msgspec.json.Decoder(
                list[layout | None] if layout is not None else list[Any]  # type: ignore[valid-type]
            )
            raws = tables.raws_to_list(self.core.detections[i].attributes for i in members)
            try:
                values = decode_json(decoder, raws, source=self.source)
            except MetadataError:
                values = [self.attributes(i) for i in members]  # names the failing detection
            decoded.update(zip(members, values))
        return [(i, self.core.detections[i], decoded[i]) for i in ids]

    def _decode(self, decoder: msgspec.json.Decoder[Any], raw: msgspec.Raw | bytes, at: str) -> Any:
        return decode_json(decoder, raw, source=self.source, at=at)

    # ---- tables -----------------------------------------------------------------------------

    def _table(self, name: str) -> pl.DataFrame:
        frame = self._cache.get(name)
        if frame is None:
            with gc_paused():
                frame = getattr(self, f"_build_{name}")()
            self._cache[name] = frame
        return frame.clone()  # type: ignore[no-any-return]

    def occurrences(self) -> pl.DataFrame:
        """One row per occurrence, by start time; schema :data:`~valossa_metadata.tables.OCCURRENCES_SCHEMA`.

        ``confidence`` is ``c_max`` (``c`` in old files and IAB sections), null for faces and
        keywords, which have none; shot indexes are computed from the times in files without them.

        Examples:
            >>> import valossa_metadata as vm
            >>> md = vm.load("sample_results/metareader_metadata_example_2017_v1.json")
            >>> md.occurrences().columns[:4]
            ['detection_id', 'occurrence_id', 'type', 'label']
        """
        return self._table("occurrences")

    def detections(self) -> pl.DataFrame:
        """One row per detection; schema :data:`~valossa_metadata.tables.DETECTIONS_SCHEMA`.

        Examples:
            >>> import valossa_metadata as vm
            >>> md = vm.load("sample_results/metareader_metadata_example_2017_v1.json")
            >>> md.detections().filter(type="human.face").height
            62
        """
        return self._table("detections")

    def seconds(self) -> pl.DataFrame:
        """One row per ``by_second`` item; schema :data:`~valossa_metadata.tables.SECONDS_SCHEMA`.

        Examples:
            >>> import valossa_metadata as vm
            >>> md = vm.load("sample_results/metareader_metadata_example_2017_v1.json")
            >>> md.seconds().height
            42621
        """
        return self._table("seconds")

    def second_attributes(self) -> pl.DataFrame:
        """Per-second face sentiment and expressions, voice valence/arousal and colors.

        Schema :data:`~valossa_metadata.tables.SECOND_ATTRIBUTES_SCHEMA`.

        Examples:
            >>> import valossa_metadata as vm
            >>> md = vm.load("sample_results/current_format_example.json")
            >>> "valence" in md.second_attributes().columns
            True
        """
        return self._table("second_attributes")

    def shots(self) -> pl.DataFrame:
        """One row per detected shot; schema :data:`~valossa_metadata.tables.SHOTS_SCHEMA`.

        Examples:
            >>> import valossa_metadata as vm
            >>> vm.load("sample_results/metareader_metadata_example_2017_v1.json").shots().height
            1202
        """
        return self._table("shots")

    def speech(self) -> pl.DataFrame:
        """Transcript sentences (``audio.speech``) with sentiment; schema ``SPEECH_SCHEMA``.

        Examples:
            >>> import valossa_metadata as vm
            >>> md = vm.load("sample_results/current_format_example.json")
            >>> md.speech().columns[:4]
            ['detection_id', 'start', 'end', 'text']
        """
        return self._table("speech")

    def words(self) -> pl.DataFrame:
        """Words and punctuation (``audio.speech_detailed``) with speakers; schema ``WORDS_SCHEMA``.

        Examples:
            >>> import valossa_metadata as vm
            >>> md = vm.load("sample_results/current_format_example.json")
            >>> md.words().select("word", "speaker").height > 0
            True
        """
        return self._table("words")

    def faces(self) -> pl.DataFrame:
        """One row per ``human.face`` detection; schema :data:`~valossa_metadata.tables.FACES_SCHEMA`.

        ``name`` and ``identity_confidence`` come from the best ``similar_to`` match.

        Examples:
            >>> import valossa_metadata as vm
            >>> md = vm.load("sample_results/metareader_metadata_example_2017_v1.json")
            >>> md.faces().height
            62
        """
        return self._table("faces")

    def topics(self) -> pl.DataFrame:
        """One row per ``topic.*`` detection with IAB ids and ad scores; schema ``TOPICS_SCHEMA``.

        Examples:
            >>> import valossa_metadata as vm
            >>> md = vm.load("sample_results/metareader_metadata_example_2017_v1.json")
            >>> md.topics().height
            7
        """
        return self._table("topics")

    def _build_occurrences(self) -> pl.DataFrame:
        return tables.build_occurrences(self.core, self.core.segmentations.detected_shots)

    def _build_detections(self) -> pl.DataFrame:
        return tables.build_detections(self.core, self.by_detection_type, self._table("occurrences"))

    def _build_seconds(self) -> pl.DataFrame:
        # The decoded items are a temporary, freed before the join: that lowers the peak memory.
        return tables.build_seconds(tables.second_rows(self._second_presence()), self._names())

    def _second_presence(self) -> list[list[SecondPresence]]:
        if "by_second" in self._cache:
            return self._cache["by_second"]  # type: ignore[no-any-return]
        # only what the table needs: skipping occurrence ids and attributes is twice as fast
        raw = self.core.detection_groupings.by_second
        at = "$.detection_groupings.by_second"
        return [] if raw_is_empty(raw) else self._decode(_BY_SECOND_PRESENCE, raw, at)

    def _names(self) -> pl.DataFrame:
        """Detection id, type and label only: cheaper to join than the whole detections table."""
        if "names" not in self._cache:
            detections = self.core.detections
            self._cache["names"] = pl.DataFrame(
                {
                    "detection_id": list(detections),
                    "type": [d.type for d in detections.values()],
                    "label": [d.label for d in detections.values()],
                },
                schema={"detection_id": pl.String, "type": pl.String, "label": pl.String},
            )
        return self._cache["names"]  # type: ignore[no-any-return]

    def _build_second_attributes(self) -> pl.DataFrame:
        raw = self.core.detection_groupings.by_second
        at = "$.detection_groupings.by_second"
        seconds = [] if raw_is_empty(raw) else self._decode(_BY_SECOND_ATTRIBUTES, raw, at)
        located = [
            (s, k, item.d, item.a)
            for s, items in enumerate(seconds)
            for k, item in enumerate(items)
            if len(item.a)
        ]
        try:
            values = self._decode(_SECOND_ATTRIBUTES, tables.raws_to_list(r[3] for r in located), at)
        except MetadataError:  # one at a time, to name the item and to let inferred layouts degrade
            values = self._second_attributes_one_by_one(located)
        known = self.core.detections
        rows = [(s, d, v) for (s, _, d, _), v in zip(located, values) if v is not None and d in known]
        types = {d: self.core.detections[d].type for _, d, _ in rows if d in self.core.detections}
        return tables.build_second_attributes(rows, types)

    def _second_attributes_one_by_one(
        self, located: list[tuple[int, int, str, msgspec.Raw]]
    ) -> list[SecondAttributes | None]:
        values: list[SecondAttributes | None] = []
        unexpected: list[str] = []
        for second, k, _, raw in located:
            at = f"$.detection_groupings.by_second[{second}][{k}].a"
            try:
                values.append(self._decode(_ONE_SECOND_ATTRIBUTES, raw, at))
            except MetadataError as exc:
                if not any((exc.path or "").startswith(at + part) for part in INFERRED_SECOND_FIELDS):
                    raise
                unexpected.append(exc.path or at)
                documented = self._decode(_DOCUMENTED_SECOND_ATTRIBUTES, raw, at)
                values.append(documented.as_second_attributes() if documented is not None else None)
        if unexpected:
            warnings.warn(
                f"{self.source}: {len(unexpected)} per-second attributes of an undocumented layout have "
                f"another shape than expected (first at {unexpected[0]}); they are left out of "
                "second_attributes() and kept in md.raw",
                LayoutWarning,
                stacklevel=4,
            )
        return values

    def _build_shots(self) -> pl.DataFrame:
        return tables.build_shots(self.core.segmentations.detected_shots)

    def _build_speech(self) -> pl.DataFrame:
        return tables.build_speech(self._attributes_of("audio.speech"), self._table("occurrences"))

    def _build_words(self) -> pl.DataFrame:
        return tables.build_words(self._attributes_of("audio.speech_detailed"))

    def _build_faces(self) -> pl.DataFrame:
        faces = self._attributes_of("human.face")
        return tables.build_faces(faces, self._table("occurrences"), self.by_detection_type)

    def _build_topics(self) -> pl.DataFrame:
        topics = self._attributes_of("topic.*")
        located = [(i, n, o) for i, d, _ in topics for n, o in enumerate(d.occurrences) if len(o.attributes)]
        raws = tables.raws_to_list(o.attributes for _, _, o in located)
        try:
            values = self._decode(_SECTIONS, raws, "$.detections")
        except MetadataError:  # decode one at a time to name the occurrence
            values = [
                self._decode(_SECTION, o.attributes, f"$.detections[{i!r}].occs[{n}].a")
                for i, n, o in located
            ]
        sections = {o.id: v for (_, _, o), v in zip(located, values)}
        attrs = [(i, d, a if isinstance(a, IabSectionAttributes) else None) for i, d, a in topics]
        return tables.build_topics(attrs, sections)

    # ---- questions over time (see valossa_metadata.query.filters and .selection) -------------------

    def select(self, **criteria: Unpack[SelectArgs]) -> Selection:
        """Rows matching criteria (see :meth:`Criteria.of <valossa_metadata.query.selection.Criteria.of>`).

        Examples:
            >>> import valossa_metadata as vm
            >>> md = vm.load("sample_results/current_format_example.json")
            >>> md.select(types="visual.*", min_confidence=0.8, start=0, end=60).occurrences().height > 0
            True
        """
        from valossa_metadata.query.selection import Criteria, Selection

        return Selection(self, Criteria.of(**criteria))

    def at(self, t: float | str) -> pl.DataFrame:
        """Every occurrence present at ``t`` (seconds, ``m:ss`` or ``h:mm:ss``; with face identities).

        A time past the end of the video answers an empty table and a
        :class:`~valossa_metadata.errors.PastTheEndWarning`.

        Examples:
            >>> import valossa_metadata as vm
            >>> md = vm.load("sample_results/current_format_example.json")
            >>> "visual.context" in md.at(30.0)["type"].to_list()
            True
            >>> md.at("0:00:30").equals(md.at(30))
            True
        """
        return self.select().at(t)

    def screen_time(self, by: str = "label", **criteria: Unpack[SelectArgs]) -> pl.DataFrame:
        """Union screen time per label, type, identity, category or detection, with % of the video.

        Examples:
            >>> import valossa_metadata as vm
            >>> md = vm.load("sample_results/metareader_metadata_example_2017_v1.json")
            >>> md.screen_time("identity", types="human.face").row(0)[0]
            'Audrey Hepburn'
        """
        return self.select(**criteria).screen_time(by)

    def face_identities(self, *, separate: bool = False) -> pl.DataFrame:
        """The ``faces()`` table with an ``identity`` column (merged by name; unknown faces named).

        Examples:
            >>> import valossa_metadata as vm
            >>> md = vm.load("sample_results/metareader_metadata_example_2017_v1.json")
            >>> md.face_identities()["identity"].str.starts_with("unknown").any()
            True
        """
        from valossa_metadata.query.faces import with_identity

        faces = self.faces()
        return with_identity(faces, faces, separate=separate)

    def face_groups(self) -> pl.DataFrame:
        """Face groups with their members' ids and identities.

        Examples:
            >>> import valossa_metadata as vm
            >>> md = vm.load("sample_results/metareader_metadata_example_2017_v1.json")
            >>> md.face_groups().columns
            ['detection_id', 'member_ids', 'members']
        """
        from valossa_metadata.query.faces import face_groups

        groups = [
            (i, a.face_det_ids if a is not None else [])
            for i, _, a in self._attributes_of("human.face_group")
        ]
        return face_groups(groups, self.faces())

    def speaker_turns(self, *, max_pause: float = 1.0) -> pl.DataFrame:
        """Words joined into turns by speaker and pauses (see :func:`valossa_metadata.query.speaker_turns`).

        Examples:
            >>> import valossa_metadata as vm
            >>> md = vm.load("sample_results/current_format_example.json")
            >>> md.speaker_turns()["speaker"].n_unique() > 1
            True
        """
        from valossa_metadata.query.speech import speaker_turns

        return speaker_turns(self.words(), max_pause=max_pause)

    def sentiment_timeline(self) -> pl.DataFrame:
        """Speech, face and voice valence (and voice arousal) per second.

        Examples:
            >>> import valossa_metadata as vm
            >>> md = vm.load("sample_results/current_format_example.json")
            >>> md.sentiment_timeline().columns[1:3]
            ['speech_valence', 'face_valence']
        """
        from valossa_metadata.query.speech import sentiment_timeline

        return sentiment_timeline(self.speech(), self.second_attributes(), self.duration)

    def expressions(self) -> pl.DataFrame:
        """Named facial expressions per face and second, with confidence.

        Examples:
            >>> import valossa_metadata as vm
            >>> md = vm.load("sample_results/current_format_example.json")
            >>> md.expressions().columns
            ['second', 'detection_id', 'emotion', 'confidence']
        """
        from valossa_metadata.query.speech import expressions

        return expressions(self.second_attributes())

    def texts(self) -> pl.DataFrame:
        """On-screen text of the ``visual.text_region.*`` detections: ``detection_id``, ``type``, ``text``.

        Examples:
            >>> import valossa_metadata as vm
            >>> md = vm.load("sample_results/current_format_example.json")
            >>> md.texts().columns
            ['detection_id', 'type', 'text']
        """
        rows = [
            (i, d.type, a.text.as_one_string if isinstance(a, TextRegionAttributes) and a.text else None)
            for i, d, a in self._attributes_of("visual.text_region.*")
        ]
        schema = {"detection_id": pl.String, "type": pl.String, "text": pl.String}
        return pl.DataFrame(rows, schema=schema, orient="row")

    def category_durations(self, **criteria: Unpack[SelectArgs]) -> pl.DataFrame:
        """Union duration per type and category tag of the selected detections (``list-categories``).

        Examples:
            >>> import valossa_metadata as vm
            >>> md = vm.load("sample_results/current_format_example.json")
            >>> md.category_durations(types="visual.context").columns
            ['type', 'category', 'duration']
        """
        from valossa_metadata.query.filters import category_durations

        selection = self.select(**criteria)
        return category_durations(self.detections(), selection.occurrences())

    # ---- display ----------------------------------------------------------------------------

    def timeline(self, *, interactive: bool = False, **options: Any) -> Any:
        """The timeline of this result: a matplotlib Axes, or with ``interactive`` a Plotly figure.

        ``options`` go to :func:`valossa_metadata.plot.timeline` or, when interactive, to
        :func:`valossa_metadata.plot.interactive.interactive_timeline` (the chart of the report,
        with zoom, pan and hover; a notebook shows it as it is).

        Examples:
            >>> import valossa_metadata as vm
            >>> md = vm.load("sample_results/current_format_example.json")
            >>> type(md.timeline(interactive=True, top=5)).__name__
            'Figure'
        """
        if interactive:
            from valossa_metadata.plot.interactive import interactive_timeline

            return interactive_timeline(self, **options)
        from valossa_metadata.plot import timeline

        return timeline(self, **options)

    def _repr_html_(self) -> str:
        """The notebook view: title, format, duration, counts per type, top labels and faces."""
        from valossa_metadata.report.summary import summary_html

        return summary_html(self)

    def __repr__(self) -> str:
        duration = f"{self.duration:.1f} s" if self.duration is not None else "unknown duration"
        return (
            f"<Metadata {self.source} format {self.format_version or '?'}, {duration}, "
            f"{len(self.core.detections)} detections>"
        )


def load(source: Source, *, strict_version: bool = True) -> Metadata:
    """Decode Core metadata from a path (``.json`` or ``.json.gz``), bytes or a binary file object.

    Raises :class:`MetadataError` (naming the file and the JSON location) on bad input, and
    :class:`UnsupportedVersionError` for a major format version other than 1 unless
    ``strict_version=False``.

    Examples:
        >>> import valossa_metadata as vm
        >>> md = vm.load("sample_results/metareader_metadata_example_2017_v1.json")
        >>> md.format_version
        '1.3.1'
    """
    data, name = read_source(source)
    return loads(data, source=name, strict_version=strict_version)


def loads(
    data: bytes | bytearray | memoryview | str, *, source: str | None = None, strict_version: bool = True
) -> Metadata:
    """Decode Core metadata from ``bytes`` or ``str``.

    Examples:
        >>> import valossa_metadata as vm
        >>> md = vm.loads(b'{"version_info": {"metadata_format": "1.8.1"}, "detections": {}}')
        >>> md.format_version, md.detections().height
        ('1.8.1', 0)
    """
    core, buffer = decode_core(data, source=source, strict_version=strict_version)
    return Metadata(core, buffer, source=source or "<bytes>")


def _listed_ids(core: CoreMetadata) -> dict[str, list[str]]:
    detections = core.detections
    seen: set[str] = set()
    cleaned: dict[str, list[str]] = {}
    for detection_type, ids in (core.detection_groupings.by_detection_type or {}).items():
        kept = []
        for i in ids:
            detection = detections.get(i)
            if detection is not None and detection.type == detection_type and i not in seen:
                seen.add(i)
                kept.append(i)
        cleaned[detection_type] = kept
    return cleaned
