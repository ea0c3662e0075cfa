"""The pytest fixture ``fake_valossa``, found through ``pytest_plugins = ["valossa_metadata.testing"]``.

This module needs pytest; :mod:`valossa_metadata.testing` imports the fixture from it only when
pytest is installed.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from valossa_metadata.testing.server import FakeValossa

__all__ = ["fake_valossa"]


@pytest.fixture
def fake_valossa() -> Iterator[FakeValossa]:
    """A running :class:`FakeValossa` (key ``test-key``); register with
    ``pytest_plugins = ["valossa_metadata.testing"]``.

    Examples:
        >>> def test_submit(fake_valossa):
        ...     with fake_valossa.client() as client:
        ...         assert client.new_job("https://example.com/v.mp4")
        >>> with FakeValossa() as fake:  # what pytest does for the test
        ...     test_submit(fake)
    """
    with FakeValossa() as fake:
        yield fake
