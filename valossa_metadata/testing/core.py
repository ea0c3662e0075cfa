"""The fake's Core API job functions: new_job, job_status, job_results, list_jobs, cancel and delete.

A job walks through its statuses one step per ``steps_per_status`` polls of ``job_status``
(:data:`DEFAULT_LIFECYCLE` by default, ending in ``error`` after ``fail_next_job``); its results
are served once the client has seen it ``finished``.

Examples:
    >>> json.loads(minimal_core_metadata("j"))["version_info"]["metadata_type"]
    'core'
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from valossa_metadata.testing.protocol import ApiError, Reply, json_reply, need

__all__ = ["DEFAULT_LIFECYCLE", "CoreApi", "Job", "minimal_core_metadata"]

DEFAULT_LIFECYCLE = ("queued", "preparing_analysis", "processing", "finished")
_FAILING_LIFECYCLE = ("queued", "preparing_analysis", "processing", "error")
_TRANSFER = {"queued": "queued", "on_hold": "queued", "preparing_analysis": "downloading", "error": "error"}
_JSON_TYPES = ("core", "frames_faces", "seconds_objects", "frames_objects", "visual_captions")
_TEXT_TYPES = ("speech_to_text_srt", "speech_to_text_vtt", "speech_to_text_ttml", "speech_to_text_avid_txt")
_EMAIL_GROUP = "users_with_access_to_api_key_results"


def minimal_core_metadata(job_id: str) -> bytes:
    """The smallest valid Core metadata document, for a job id (what the fake serves by default).

    Examples:
        >>> json.loads(minimal_core_metadata("j"))["job_info"]["job_id"]
        'j'
    """
    document = {
        "version_info": {"metadata_type": "core", "metadata_format": "1.8.1", "backend": "3.1.1"},
        "job_info": {"job_id": job_id},
        "media_info": {"technical": {"duration_s": 1.0}},
        "detections": {},
        "detection_groupings": {"by_detection_type": {}, "by_second": [[]]},
        "segmentations": {"detected_shots": []},
    }
    return json.dumps(document).encode()


@dataclass
class Job:
    """A job of the fake: its status sequence, where it is in it, and its own results.

    Examples:
        >>> Job("j", {}, ("processing", "finished"), None, {}).status
        'processing'
    """

    job_id: str
    media: dict[str, Any]
    statuses: tuple[str, ...]
    details: str | None
    results: Mapping[str, bytes | str | Path]
    position: int = 0
    polls_here: int = 0

    @property
    def status(self) -> str:
        """The current status."""
        return self.statuses[self.position]


class CoreApi:
    """The Core API's job functions, mixed into :class:`~valossa_metadata.testing.FakeValossa`.

    The fake holds the state and the lock; a handler takes the request's parameters (or body) and
    files and returns the answer, raising :class:`~valossa_metadata.testing.protocol.ApiError`.
    """

    results: dict[str, bytes | str | Path]
    shapes: str
    poll_again_after_seconds: float | None
    steps_per_status: int
    _fail_jobs: list[str | None]
    _jobs: dict[str, Job]
    _files: dict[str, bytes]
    _galleries: dict[str, dict[str, Any]]

    def _check_url(self, url: Any, field_name: str) -> None:
        if not isinstance(url, str) or not re.match(r"(https?|valossaupload)://\S+$", url):
            raise ApiError(400, f"Invalid value for {field_name}: {url!r}")
        if url.startswith("valossaupload://") and url not in self._files:
            raise ApiError(400, f"Unknown upload {url}")

    def _new_job(self, body: dict[str, Any], files: dict[str, bytes]) -> Reply:
        media = need(body, "media")
        if not isinstance(media, dict):
            raise ApiError(400, "Invalid value for media")
        if "video" in media or "transcript" not in media:
            self._check_url(need(body, "media.video.url"), "media.video.url")
        if "transcript" in media:
            self._check_url(need(body, "media.transcript.url"), "media.transcript.url")
        gallery = (body.get("analysis_parameters") or {}).get("face_galleries", {}).get("custom_gallery")
        if gallery is not None and need(gallery, "id") not in self._galleries:
            raise ApiError(400, f"Unknown face gallery {gallery['id']}")
        notification = body.get("email_notification")
        if notification is not None and need(notification, "to_group") != _EMAIL_GROUP:
            raise ApiError(400, "Invalid value for email_notification.to_group")
        failing = bool(self._fail_jobs)
        details = self._fail_jobs.pop(0) if failing else None
        job_id = str(uuid.uuid4())
        lifecycle = _FAILING_LIFECYCLE if failing else DEFAULT_LIFECYCLE
        self._jobs[job_id] = Job(job_id, media, lifecycle, details, {})
        return json_reply({"job_id": job_id})

    def _job(self, params: Mapping[str, Any]) -> Job:
        job_id = need(params, "job_id")
        if job_id not in self._jobs:
            raise ApiError(404, "Job not found")
        return self._jobs[job_id]

    def _job_status(self, params: dict[str, str], files: dict[str, bytes]) -> Reply:
        job = self._job(params)
        status = job.status
        job.polls_here += 1
        if job.polls_here >= self.steps_per_status and job.position < len(job.statuses) - 1:
            job.position += 1
            job.polls_here = 0
        terminal = status in ("finished", "error", "cancelled")
        answer: dict[str, Any] = {
            "job_id": job.job_id,
            "status": status,
            "media_transfer_status": _TRANSFER.get(status, "finished"),
            "details": job.details if status == "error" else None,
            "poll_again_after_seconds": None if terminal else self.poll_again_after_seconds,
        }
        if self.shapes == "minimal":  # the 2017 answer: no job_id, no media_transfer_status
            del answer["job_id"], answer["media_transfer_status"]
        elif self.shapes == "extra":
            answer.update(progress={"percent": 50}, created_at="2026-01-01T00:00:00Z")
        return json_reply(answer)

    def _reported(self, job: Job) -> str:
        """The status the client last saw (the first one before any poll)."""
        if job.polls_here == 0 and job.position > 0:
            return job.statuses[job.position - 1]
        return job.status

    def _job_results(self, params: dict[str, str], files: dict[str, bytes]) -> Reply:
        job = self._job(params)
        kind = params.get("type", "core")
        if kind not in _JSON_TYPES + _TEXT_TYPES:
            raise ApiError(400, f"Invalid value for type: {kind}")
        if self._reported(job) != "finished":
            raise ApiError(400, "Job is not finished; results are not available")
        source = job.results.get(kind, self.results.get(kind))
        if source is None:
            if kind != "core":
                raise ApiError(404, f"No results of type {kind} for this job")
            source = minimal_core_metadata(job.job_id)
        data = source.read_bytes() if isinstance(source, Path) else source
        payload = data.encode() if isinstance(data, str) else data
        content_type = "application/json" if kind in _JSON_TYPES else "text/plain; charset=utf-8"
        return (200, payload, content_type, {})

    def _list_jobs(self, params: dict[str, str], files: dict[str, bytes]) -> Reply:
        wanted = params.get("customer_media_id")
        if self.shapes == "minimal":  # no filtering, flat entries, a bare list
            flat = [
                {
                    "job_id": job.job_id,
                    "status": self._reported(job),
                    "customer_media_id": job.media.get("customer_media_info", {}).get("id"),
                }
                for job in self._jobs.values()
            ]
            return json_reply(flat)
        jobs = [
            {"job_id": job.job_id, "status": self._reported(job), "media": job.media}
            for job in self._jobs.values()
            if wanted is None or job.media.get("customer_media_info", {}).get("id") == wanted
        ]
        if self.shapes == "extra":
            nested = [
                {"job_info": {"job_id": j["job_id"], "request": {"media": j["media"]}}, "status": j["status"]}
                for j in jobs
            ]
            return json_reply({"data": {"jobs": nested}, "total": len(nested), "next_page": None})
        return json_reply({"jobs": jobs})

    def _cancel_job(self, body: dict[str, Any], files: dict[str, bytes]) -> Reply:
        job = self._job(body)
        if self._reported(job) not in ("queued", "on_hold"):
            raise ApiError(400, "Only a job in the waiting queue can be cancelled")
        job.statuses, job.position, job.polls_here = ("cancelled",), 0, 0
        if self.shapes == "minimal":
            return (200, b"", "application/json", {})
        if self.shapes == "extra":
            return json_reply({"job_id": job.job_id, "status": "cancelled", "cancelled_at": "2026-01-01"})
        return json_reply({"job_id": job.job_id})

    def _delete_job(self, body: dict[str, Any], files: dict[str, bytes]) -> Reply:
        job = self._job(body)
        del self._jobs[job.job_id]
        return json_reply({})
