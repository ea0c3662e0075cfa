"""Fixtures of the API tests: a fake Valossa server and a client that never really sleeps."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from valossa_metadata.api import Client
from valossa_metadata.testing import FakeValossa, fake_valossa

__all__ = ["fake_valossa"]  # the user-facing fixture, registered here by import

KEY = "test-key-0123456789"
SRT_TEXT = (
    "1\n00:00:01,000 --> 00:00:02,500\nHello there.\n\n2\n00:00:03,000 --> 00:00:04,000\nGeneral Kenobi!\n"
)


@pytest.fixture
def sleeps() -> list[float]:
    """Every delay the client asked to sleep, in order."""
    return []


@pytest.fixture
def fake() -> Iterator[FakeValossa]:
    results = {
        "frames_faces": b'{"faces_by_frame": []}',
        "speech_to_text_srt": SRT_TEXT,
    }
    with FakeValossa(KEY, results=results, chunk_size=4) as server:
        yield server


@pytest.fixture
def client(fake: FakeValossa, sleeps: list[float]) -> Iterator[Client]:
    with Client(KEY, base_url=fake.base_url, sleep=sleeps.append, rng=lambda: 0.5, timeout=(2, 5)) as api:
        yield api
