"""An in-process fake of the Valossa Core API and Training API, for tests of code that uses the client.

:class:`FakeValossa` serves both APIs over real HTTP on ``127.0.0.1`` (a stdlib
``ThreadingHTTPServer`` on a free port, in a daemon thread). It is strict about the documented
request shapes (key in the query string for GETs, in the JSON body for JSON POSTs, a form field for
multipart POSTs; required fields), runs jobs through ``queued → preparing_analysis → processing →
finished`` one step per ``job_status`` poll, reassembles chunked uploads, keeps face galleries,
identities and images in memory, and can inject failures, delays and dropped connections. Every
request it receives is logged in :attr:`FakeValossa.requests` (without the key).

With pytest, register the fixture in your ``conftest.py``::

    pytest_plugins = ["valossa_metadata.testing"]

    def test_my_pipeline(fake_valossa):
        client = fake_valossa.client()
        job_id = client.new_job("https://example.com/video.mp4")
        assert client.wait(job_id).status == "finished"

Examples:
    >>> with FakeValossa() as fake:
    ...     with fake.client() as client:
    ...         job_id = client.new_job("https://example.com/video.mp4")
    ...         client.wait(job_id).status
    'finished'
"""

from __future__ import annotations

import contextlib

from valossa_metadata.testing.core import DEFAULT_LIFECYCLE, minimal_core_metadata
from valossa_metadata.testing.protocol import RecordedRequest
from valossa_metadata.testing.server import FakeValossa

# The fixture, found through pytest_plugins = ["valossa_metadata.testing"]; only with pytest installed.
with contextlib.suppress(ImportError):
    from valossa_metadata.testing.fixture import fake_valossa as fake_valossa

__all__ = ["DEFAULT_LIFECYCLE", "FakeValossa", "RecordedRequest", "minimal_core_metadata"]
