"""Fault injection: failures, delays and dropped connections queued for the next requests.

:meth:`~valossa_metadata.testing.FakeValossa.fail_next`, ``delay_next`` and ``drop_next`` queue a
:class:`Fault`; each request takes at most one delay and one failure or drop from the queue, the
oldest first, among the faults whose path matches.

Examples:
    >>> faults = [Fault("delay", 1, None, seconds=0.5), Fault("fail", 2, "job_status")]
    >>> delay, fault = take_faults(faults, "core/1.0/job_status", "job_status")
    >>> delay, fault.kind, [f.remaining for f in faults]
    (0.5, 'fail', [1])
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from valossa_metadata.testing.protocol import Reply, error_reply

__all__ = ["Fault", "fault_reply", "take_faults"]


@dataclass
class Fault:
    """``remaining`` requests (to ``path``, a function name or path; ``None``: any) to fail, delay or drop.

    Examples:
        >>> Fault("drop", 1, "/core/1.0/send_file_chunk/").matches("core/1.0/send_file_chunk", "x")
        True
    """

    kind: Literal["fail", "delay", "drop"]
    remaining: int
    path: str | None
    status: int = 503
    retry_after: float | None = None
    seconds: float = 0.0

    def matches(self, path: str, function: str) -> bool:
        """Whether the fault applies to a request to ``path`` (the function ``function``)."""
        return self.path is None or self.path.strip("/") in (path, function)


def take_faults(faults: list[Fault], path: str, function: str) -> tuple[float, Fault | None]:
    """Use up the faults of one request: (the seconds to wait, the failure or drop, if any).

    Spent faults leave ``faults`` (the caller holds the lock that guards it).
    """
    delay, final = 0.0, None
    for fault in faults:
        if fault.remaining <= 0 or not fault.matches(path, function):
            continue
        if fault.kind == "delay" and delay == 0.0:
            delay = fault.seconds
            fault.remaining -= 1
        elif fault.kind != "delay" and final is None:
            final = fault
            fault.remaining -= 1
    faults[:] = [fault for fault in faults if fault.remaining > 0]
    return delay, final


def fault_reply(fault: Fault) -> Reply:
    """The answer of an injected failure, with ``Retry-After`` when the fault has one.

    Examples:
        >>> fault_reply(Fault("fail", 1, None, status=429, retry_after=1.5))[0::3]
        (429, {'Retry-After': '1.5'})
    """
    headers = {"Retry-After": f"{fault.retry_after:g}"} if fault.retry_after is not None else {}
    return error_reply(fault.status, f"Injected failure (HTTP {fault.status})", headers)
