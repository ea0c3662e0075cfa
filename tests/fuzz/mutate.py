"""A seeded mutator: JSON documents made wrong in the ways real and hostile files are wrong.

``mutant(seed, index)`` is a pure function of its arguments, so any input of a long run can be made
again from its number alone. Structural mutations work on the parsed document (types, keys, huge and
negative numbers, swapped times, ids in the wrong place, deep nesting), byte mutations on its JSON
text (invalid UTF-8, truncation, bit flips).
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tests.fuzz.corpus import seeds


@dataclass(frozen=True)
class Raw:
    """JSON text written as is: tokens the json module will not write (1e999, duplicate keys)."""

    text: str


@dataclass(frozen=True)
class Mutant:
    """One fuzz input: which seed, what was done to it, and the bytes."""

    index: int
    seed_name: str
    kind: str
    mutations: tuple[str, ...]
    data: bytes


HUGE = (1e308, -1e308, 2**31, 2**31 - 1, 2**32, 2**63, 2**63 - 1, -(2**63), 2**64, -1, 0, 10**30, 5e-324)
NAN_LIKE = ("1e999", "-1e999", "NaN", "Infinity", "-Infinity", "1e400")
TIME_KEYS = ("ss", "se", "sdur", "s_start", "s_end", "duration_s", "fps", "shs", "she", "fs", "fe", "c")


def mutant(seed: int, index: int) -> Mutant:
    """The ``index``-th input of the run with ``seed``: a seed document with one to three mutations."""
    rng = random.Random(f"{seed}:{index}")
    pool = seeds()
    name, kind, data = rng.choices(pool, weights=[4 if k == "core" else 1 for _, k, _ in pool])[0]
    document: Any = json.loads(data)
    done: list[str] = []
    byte_ops: list[Callable[[random.Random, bytes], bytes]] = []
    for _ in range(rng.choice((1, 1, 2, 3))):
        if rng.random() < 0.22:
            op = rng.choice(BYTE_MUTATIONS)
            byte_ops.append(op)
            done.append(op.__name__)
        else:
            op_name, tree_op = rng.choice(TREE_MUTATIONS)
            document = tree_op(rng, document)
            done.append(op_name)
    out = dumps(document).encode("utf-8", "surrogatepass")
    for byte_op in byte_ops:
        out = byte_op(rng, out)
    return Mutant(index, name, kind, tuple(done), out)


def dumps(value: Any) -> str:
    """JSON text of a document that may hold :class:`Raw` tokens."""
    if isinstance(value, Raw):
        return value.text
    if isinstance(value, dict):
        return "{" + ",".join(f"{json.dumps(k)}:{dumps(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ",".join(dumps(v) for v in value) + "]"
    return json.dumps(value)


# --- where to mutate -------------------------------------------------------------------------------


def _containers(document: Any) -> list[tuple[Any, Any]]:
    """(container, key) of every value in the document, the root's slot excluded."""
    found: list[tuple[Any, Any]] = []
    stack = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                found.append((node, key))
                stack.append(value)
        elif isinstance(node, list):
            for key, value in enumerate(node):
                found.append((node, key))
                stack.append(value)
    return found


def _slot(rng: random.Random, document: Any, wanted: Callable[[Any, Any], bool] | None = None) -> Any:
    slots = [(c, k) for c, k in _containers(document) if wanted is None or wanted(c, k)]
    return rng.choice(slots) if slots else None


def _keyed(*keys: str) -> Callable[[Any, Any], bool]:
    return lambda container, key: isinstance(container, dict) and key in keys


def _detections(document: Any) -> dict[str, Any]:
    found = document.get("detections") if isinstance(document, dict) else None
    return found if isinstance(found, dict) else {}


def _by_type(document: Any) -> dict[str, Any]:
    groupings = document.get("detection_groupings") if isinstance(document, dict) else None
    found = groupings.get("by_detection_type") if isinstance(groupings, dict) else None
    return found if isinstance(found, dict) else {}


# --- structural mutations --------------------------------------------------------------------------


def _random_value(rng: random.Random) -> Any:
    return rng.choice(
        [
            None,
            True,
            False,
            0,
            -1,
            1.5,
            "",
            "x",
            "12",
            "0:01:30",
            [],
            {},
            [1, "a"],
            {"id": "1"},
            rng.choice(HUGE),
            Raw(rng.choice(NAN_LIKE)),
        ]
    )


def change_type(rng: random.Random, document: Any) -> Any:
    slot = _slot(rng, document)
    if slot is not None:
        container, key = slot
        container[key] = _random_value(rng)
    return document


def string_for_object(rng: random.Random, document: Any) -> Any:
    slot = _slot(rng, document, lambda c, k: isinstance(c[k], (dict, list)))
    if slot is not None:
        container, key = slot
        container[key] = rng.choice(["", "object", "[]", "{}"])
    return document


def drop_key(rng: random.Random, document: Any) -> Any:
    slot = _slot(rng, document, lambda c, k: isinstance(c, dict))
    if slot is not None:
        container, key = slot
        del container[key]
    return document


def duplicate_key(rng: random.Random, document: Any) -> Any:
    """A key written twice, with another value one of the times (JSON allows it)."""
    dicts = [document] if isinstance(document, dict) and document else []
    dicts += [c[k] for c, k in _containers(document) if isinstance(c[k], dict) and c[k]]
    if not dicts:
        return document
    target = rng.choice(dicts)
    key = rng.choice(list(target))
    pairs = [f"{json.dumps(k)}:{dumps(v)}" for k, v in target.items()]
    twice = f"{json.dumps(key)}:{dumps(_random_value(rng))}"
    pairs.insert(rng.randint(0, len(pairs)), twice)
    raw = Raw("{" + ",".join(pairs) + "}")
    if target is document:
        return raw
    for container, slot in _containers(document):
        if container[slot] is target:
            container[slot] = raw
            break
    return document


def huge_number(rng: random.Random, document: Any) -> Any:
    slot = _slot(rng, document, lambda c, k: isinstance(c[k], (int, float)) and not isinstance(c[k], bool))
    if slot is not None:
        container, key = slot
        container[key] = rng.choice(HUGE)
    return document


def nan_like(rng: random.Random, document: Any) -> Any:
    slot = _slot(rng, document, lambda c, k: isinstance(c[k], (int, float)))
    if slot is not None:
        container, key = slot
        container[key] = Raw(rng.choice(NAN_LIKE))
    return document


def time_value(rng: random.Random, document: Any) -> Any:
    """A time, index, frame, rate or confidence: negative, huge, zero, or of the wrong type."""
    slot = _slot(rng, document, _keyed(*TIME_KEYS))
    if slot is not None:
        container, key = slot
        container[key] = rng.choice([-1, -0.001, -1e9, 0, 1e9, 1e308, 2**31, 2**63, "5", None, 1.5])
    return document


def swap_times(rng: random.Random, document: Any) -> Any:
    slot = _slot(rng, document, lambda c, k: isinstance(c[k], dict) and "ss" in c[k] and "se" in c[k])
    if slot is not None:
        occurrence = slot[0][slot[1]]
        occurrence["ss"], occurrence["se"] = occurrence["se"], occurrence["ss"]
    return document


def missing_id(rng: random.Random, document: Any) -> Any:
    """An id in by_detection_type or by_second that names no detection or occurrence."""
    by_type = _by_type(document)
    ghost = rng.choice(["999999", "", "-1", "0", "x"])
    if by_type and rng.random() < 0.6:
        kind = rng.choice(list(by_type))
        if isinstance(by_type[kind], list):
            by_type[kind].append(ghost)
        else:
            by_type[kind] = [ghost]
    else:
        slot = _slot(rng, document, _keyed("d", "o"))
        if slot is not None:
            container, key = slot
            container[key] = ghost if key == "d" else [ghost]
    return document


def wrong_type_id(rng: random.Random, document: Any) -> Any:
    """A detection listed under a type other than its own ``t`` (or under two types)."""
    by_type = _by_type(document)
    ids = [(kind, i) for kind, listed in by_type.items() if isinstance(listed, list) for i in listed]
    if ids:
        kind, chosen = rng.choice(ids)
        other = rng.choice([k for k in by_type if k != kind] or ["visual.context", "human.face"])
        target = by_type.setdefault(other, [])
        if isinstance(target, list):
            target.append(chosen)
        if rng.random() < 0.5 and isinstance(by_type[kind], list) and chosen in by_type[kind]:
            by_type[kind].remove(chosen)
    return document


def retype_detection(rng: random.Random, document: Any) -> Any:
    """A detection whose ``t`` is changed: to another known type, an unknown one, or not a string."""
    found = _detections(document)
    if found:
        detection = found[rng.choice(list(found))]
        if isinstance(detection, dict):
            detection["t"] = rng.choice(
                ["human.face", "audio.speech", "audio.speech_detailed", "topic.iab", "x.y", "", 7]
            )
    return document


def deep_nesting(rng: random.Random, document: Any) -> Any:
    depth = rng.choice([100, 1_000, 5_000, 50_000])
    found = _detections(document)
    nest = Raw("[" * depth + "]" * depth if rng.random() < 0.5 else '{"a":' * depth + "1" + "}" * depth)
    if found:
        detection = found[rng.choice(list(found))]
        if isinstance(detection, dict):
            detection[rng.choice(["a", "x", "occs", "categ", "ext_refs", "label"])] = nest
            return document
    slot = _slot(rng, document)
    if slot is not None:
        slot[0][slot[1]] = nest
    return document


def huge_claim(rng: random.Random, document: Any) -> Any:
    """A small file that claims a long video or a long occurrence: work must follow the data."""
    slot = _slot(rng, document, _keyed("duration_s", "se", "she", "fe", "sdur"))
    if slot is not None:
        container, key = slot
        container[key] = rng.choice([1e6, 1e9, 1e12, 2**40])
    return document


def duplicate_item(rng: random.Random, document: Any) -> Any:
    slot = _slot(rng, document, lambda c, k: isinstance(c, list))
    if slot is not None:
        container, key = slot
        container.insert(key, container[key])
    return document


def unicode_text(rng: random.Random, document: Any) -> Any:
    slot = _slot(rng, document, lambda c, k: isinstance(c[k], str))
    if slot is not None:
        container, key = slot
        container[key] = rng.choice(["\ud800", "\x00", "a\nb", "<b>&amp;</b> -->", "é" * 300, "\u202e", " "])
    return document


TREE_MUTATIONS: tuple[tuple[str, Callable[[random.Random, Any], Any]], ...] = tuple(
    (op.__name__, op)
    for op in (
        change_type,
        string_for_object,
        drop_key,
        duplicate_key,
        huge_number,
        nan_like,
        time_value,
        time_value,
        swap_times,
        missing_id,
        missing_id,
        wrong_type_id,
        wrong_type_id,
        retype_detection,
        deep_nesting,
        huge_claim,
        duplicate_item,
        unicode_text,
    )
)


# --- byte mutations --------------------------------------------------------------------------------


def invalid_utf8(rng: random.Random, data: bytes) -> bytes:
    """Invalid UTF-8 inside a string (where a decoder meets it last: headers, labels)."""
    quotes = [i for i, b in enumerate(data) if b == 0x22]
    at = rng.choice(quotes) + 1 if quotes else 0
    return data[:at] + rng.choice([b"\xff", b"\xc3\x28", b"\xed\xa0\x80", b"\xe2\x82", b"\x80"]) + data[at:]


def truncate(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def bit_flips(rng: random.Random, data: bytes) -> bytes:
    if not data:
        return data
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        at = rng.randrange(len(out))
        out[at] ^= 1 << rng.randrange(8)
    return bytes(out)


def splice(rng: random.Random, data: bytes) -> bytes:
    """A random span cut out, or random bytes put in."""
    at = rng.randrange(len(data) + 1)
    if rng.random() < 0.5:
        return data[:at] + data[at + rng.randint(1, 64) :]
    return data[:at] + rng.randbytes(rng.randint(1, 16)) + data[at:]


BYTE_MUTATIONS: tuple[Callable[[random.Random, bytes], bytes], ...] = (
    invalid_utf8,
    truncate,
    bit_flips,
    splice,
)
