"""Sources, bad input and versions: every failure is a MetadataError naming the file and the location."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path
from typing import Any

import pytest

import valossa_metadata as vm
from tests.conftest import REAL_131

MINIMAL: dict[str, Any] = {
    "version_info": {"metadata_type": "core", "metadata_format": "1.8.1", "backend": "3.1.1"},
    "job_info": {"job_id": "j1"},
    "media_info": {"technical": {"duration_s": 3.0, "fps": 25}},
    "detections": {
        "1": {
            "t": "visual.context",
            "label": "dog",
            "occs": [{"id": "1", "ss": 0.0, "se": 2.5, "c_max": 0.9}],
        }
    },
    "detection_groupings": {
        "by_detection_type": {"visual.context": ["1"]},
        "by_second": [
            [{"d": "1", "o": ["1"], "c": 0.9}],
            [{"d": "1", "o": ["1"], "c": 0.8}],
            [{"d": "1", "o": ["1"]}],
        ],
    },
    "segmentations": {"detected_shots": [{"ss": 0.0, "se": 3.0, "fs": 0, "fe": 74, "sdur": 3.0}]},
}


def encode(doc: Any) -> bytes:
    return json.dumps(doc).encode()


def test_load_path_gzip_bytes_str_and_file(tmp_path: Path) -> None:
    plain = tmp_path / "r.json"
    plain.write_bytes(encode(MINIMAL))
    packed = tmp_path / "r.json.gz"
    packed.write_bytes(gzip.compress(encode(MINIMAL)))
    loaded = [
        vm.load(plain),
        vm.load(str(packed)),
        vm.load(encode(MINIMAL)),
        vm.load(io.BytesIO(encode(MINIMAL))),
        vm.loads(encode(MINIMAL)),
        vm.loads(json.dumps(MINIMAL)),
        vm.loads(bytearray(encode(MINIMAL))),
        vm.loads(b"\xef\xbb\xbf" + encode(MINIMAL)),
    ]
    for md in loaded:
        assert md.job_id == "j1"
        assert md.occurrences().height == 1
    assert loaded[1].source.endswith("r.json.gz")


def test_text_file_objects_and_wrong_types_are_type_errors(tmp_path: Path) -> None:
    path = tmp_path / "r.json"
    path.write_bytes(encode(MINIMAL))
    with path.open(encoding="utf-8") as text, pytest.raises(TypeError, match="binary mode"):
        vm.load(text)
    with pytest.raises(TypeError, match="expected a path"):
        vm.load(12)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="loads"):
        vm.loads(12)  # type: ignore[arg-type]


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(vm.MetadataError, match="no such file"):
        vm.load(tmp_path / "nope.json")
    with pytest.raises(vm.MetadataError, match="directory"):
        vm.load(tmp_path)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty input"),
        (b"   \n", "empty input"),
        (b'{"detections": {', "not valid JSON: Input data was truncated"),
        (b"not json", "not valid JSON"),
        ('{"a": 1}'.encode("utf-16"), "UTF-16"),
        ('{"a": 1}'.encode("utf-16-le"), "UTF-16"),
        (b"[]", "Expected `object`, got `array`"),
        (b"42", "Expected `object`, got `int`"),
        (b'{"detections": []}', "at $.detections"),
    ],
)
def test_bad_input_names_the_problem(data: bytes, message: str) -> None:
    with pytest.raises(vm.MetadataError, match=r"^<bytes>") as caught:
        vm.loads(data)
    assert message in str(caught.value)


def test_wrong_type_deep_inside_names_the_detection_and_field() -> None:
    doc = json.loads(encode(MINIMAL))
    doc["detections"]["7"] = {
        "t": "visual.context",
        "label": "cat",
        "occs": [{"id": "9", "ss": "zero", "se": 1}],
    }
    with pytest.raises(vm.MetadataError) as caught:
        vm.loads(encode(doc), source="job.json")
    error = caught.value
    assert error.path == "$.detections['7'].occs[0].ss"
    assert error.source == "job.json"
    assert str(error) == "job.json, at $.detections['7'].occs[0].ss: Expected `float`, got `str`"


def test_absurd_nesting_is_a_metadata_error() -> None:
    deep = b'{"detections": {}, "extra": ' + b"[" * 200_000 + b"]" * 200_000 + b"}"
    md_or_error: Any
    try:
        md_or_error = vm.loads(deep)
    except vm.MetadataError as exc:
        md_or_error = exc
    # msgspec skips unknown keys without building them; either way nothing but MetadataError escapes.
    assert isinstance(md_or_error, (vm.Metadata, vm.MetadataError))
    nested_known = (
        b'{"job_info": {"request": {"analysis_parameters": {"x": ' + b"[" * 200_000 + b"]" * 200_000 + b"}}}}"
    )
    with pytest.raises(vm.MetadataError, match="nested too deeply"):
        vm.loads(nested_known)


def test_lazy_by_second_error_names_its_location() -> None:
    doc = json.loads(encode(MINIMAL))
    doc["detection_groupings"]["by_second"][2] = [{"d": 5}]
    md = vm.loads(encode(doc), source="late.json")
    assert md.occurrences().height == 1  # the lazy part is not decoded yet
    with pytest.raises(vm.MetadataError) as caught:
        md.seconds()
    assert caught.value.path == "$.detection_groupings.by_second[2][0].d"
    assert str(caught.value).startswith("late.json, at $.detection_groupings.by_second[2][0].d")


def test_lazy_attribute_error_names_the_detection() -> None:
    doc = json.loads(encode(MINIMAL))
    doc["detections"]["2"] = {"t": "human.face", "label": "face", "a": {"gender": {"c": "high"}}, "occs": []}
    doc["detection_groupings"]["by_detection_type"]["human.face"] = ["2"]
    md = vm.loads(encode(doc))
    with pytest.raises(vm.MetadataError) as caught:
        md.faces()
    assert caught.value.path == "$.detections['2'].a.gender.c"


def test_versions() -> None:
    future = json.loads(encode(MINIMAL))
    future["version_info"]["metadata_format"] = "2.0.0"
    with pytest.raises(vm.UnsupportedVersionError, match=r"2\.0\.0") as caught:
        vm.loads(encode(future))
    assert isinstance(caught.value, vm.MetadataError)
    assert vm.loads(encode(future), strict_version=False).version == (2, 0, 0)
    odd = json.loads(encode(MINIMAL))
    odd["version_info"]["metadata_format"] = "beta"
    with pytest.raises(vm.UnsupportedVersionError):
        vm.loads(encode(odd))
    assert vm.loads(encode(odd), strict_version=False).version == ()


def test_a_side_file_is_not_core() -> None:
    with pytest.raises(vm.MetadataError, match="load_sidecar"):
        vm.loads(b'{"version_info": {"metadata_type": "seconds_objects"}, "objects_by_second": []}')


def test_gzip_that_is_broken(tmp_path: Path) -> None:
    path = tmp_path / "r.json.gz"
    path.write_bytes(gzip.compress(encode(MINIMAL))[:30])
    with pytest.raises(vm.MetadataError, match="broken gzip"):
        vm.load(path)


def test_unknown_fields_and_types_are_kept() -> None:
    doc = json.loads(encode(MINIMAL))
    doc["brand_new_section"] = {"x": 1}
    doc["detections"]["1"]["novel"] = [1, 2]
    doc["detections"]["3"] = {"t": "visual.hologram", "label": "ghost", "a": {"shimmer": 0.4}, "occs": []}
    md = vm.loads(encode(doc))
    assert md.raw["brand_new_section"] == {"x": 1}
    assert md.raw["detections"]["1"]["novel"] == [1, 2]
    assert md.attributes("3") == {"shimmer": 0.4}
    assert "visual.hologram" in set(md.detections()["type"])


def test_real_file_loads_from_every_kind_of_source() -> None:
    data = REAL_131.read_bytes()
    assert vm.loads(data).detections().height == vm.load(io.BytesIO(data)).detections().height == 701


def test_detection_lookup_error_names_the_id(real_md: vm.Metadata) -> None:
    with pytest.raises(KeyError, match="no detection '99999'"):
        real_md.detection("99999")
    assert real_md.attributes("344") is None
