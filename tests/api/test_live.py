"""Read-only checks against the real Valossa API; run with VALOSSA_API_KEY set and ``-m live``."""

from __future__ import annotations

import os

import pytest

from valossa_metadata.api import Client
from valossa_metadata.errors import AuthenticationError, NotFoundError

pytestmark = [
    pytest.mark.live,
    pytest.mark.skipif(not os.environ.get("VALOSSA_API_KEY"), reason="VALOSSA_API_KEY is not set"),
]


@pytest.fixture
def live_client() -> Client:
    return Client(base_url=os.environ.get("VALOSSA_BASE_URL", "https://api-eu.valossa.com"))


def test_list_jobs_answers_json(live_client: Client) -> None:
    with live_client:
        assert isinstance(live_client.list_jobs(), (dict, list))


def test_unknown_job_is_not_found(live_client: Client) -> None:
    with live_client, pytest.raises(NotFoundError):
        live_client.job_status("00000000-0000-0000-0000-000000000000")


def test_wrong_key_is_rejected() -> None:
    with Client("not-a-valid-key-000") as client, pytest.raises(AuthenticationError):
        client.list_jobs()
