"""Schema drift: which keys of a file the typed Structs do not model.

Unknown keys are never an error and never lost (``Metadata.raw`` keeps them); this report tells a
maintainer what a newer format added, so that the Structs can learn it.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from msgspec import inspect

from valossa_metadata.metadata import Metadata
from valossa_metadata.models.attributes import (
    IabSectionAttributes,
    OccurrenceCropAttributes,
    SecondAttributes,
    layout_for,
)
from valossa_metadata.models.core import CoreMetadata, SecondItem

__all__ = ["unmodelled_fields"]

_OPAQUE = {"$.detection_groupings.by_frequency", "$.detection_groupings.by_detection_property"}


def unmodelled_fields(md: Metadata) -> dict[str, int]:
    """JSON paths (``[*]`` for any key or index) that no Struct models, with how often each occurs.

    Attribute objects of types without a registered layout are kept as plain JSON by design and
    are not reported; ``by_frequency`` and ``by_detection_property`` are opaque by design too.

    Examples:
        >>> import valossa_metadata as vm
        >>> md = vm.loads(b'{"version_info": {"metadata_format": "1.9.0", "new": 1}, "detections": {}}')
        >>> unmodelled_fields(md)
        {'$.version_info.new': 1}
    """
    counts: Counter[str] = Counter()
    _walk(md.raw, inspect.type_info(CoreMetadata), "$", counts, None)
    return dict(counts.most_common())


def _walk(
    value: Any, info: inspect.Type, path: str, counts: Counter[str], detection_type: str | None
) -> None:
    if path in _OPAQUE:
        return
    if isinstance(info, inspect.UnionType):
        info = _pick(value, info)
    if isinstance(info, inspect.StructType) and isinstance(value, dict):
        fields = {f.encode_name: f for f in info.fields}
        own_type = value.get("t") if isinstance(value.get("t"), str) else detection_type
        for key, item in value.items():
            field = fields.get(key)
            if field is None:
                counts[f"{path}.{key}"] += 1
            elif isinstance(field.type, inspect.RawType):
                _walk_raw(item, f"{path}.{key}", counts, own_type)
            else:
                _walk(item, field.type, f"{path}.{key}", counts, own_type)
    elif isinstance(info, inspect.StructType) and value is not None:
        counts[f"{path} (a {type(value).__name__}, not an object)"] += 1
    elif isinstance(info, inspect.DictType) and isinstance(value, dict):
        for item in value.values():
            _walk(item, info.value_type, f"{path}[*]", counts, detection_type)
    elif isinstance(info, inspect.ListType) and isinstance(value, list):
        for item in value:
            _walk(item, info.item_type, f"{path}[*]", counts, detection_type)


def _walk_raw(value: Any, path: str, counts: Counter[str], detection_type: str | None) -> None:
    layout: Any = None
    if path == "$.detection_groupings.by_second":
        layout = list[list[SecondItem]]
    elif path.endswith("].occs[*].a"):
        layout = IabSectionAttributes if detection_type == "topic.iab.section" else OccurrenceCropAttributes
    elif path.endswith("].a") and path.startswith("$.detection_groupings.by_second"):
        layout = SecondAttributes
    elif path.startswith("$.detections") and detection_type is not None:
        layout = layout_for(detection_type)
    if layout is not None and value is not None:
        _walk(value, inspect.type_info(layout), path, counts, detection_type)


def _pick(value: Any, union: inspect.UnionType) -> inspect.Type:
    wanted: tuple[type[inspect.Type], ...]
    if isinstance(value, dict):
        wanted = (inspect.StructType, inspect.DictType)
    elif isinstance(value, list):
        wanted = (inspect.ListType,)
    else:
        return union
    return next((t for t in union.types if isinstance(t, wanted)), union)
