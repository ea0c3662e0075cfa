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

from valossa_metadata.testing.handler import DELIVERY
from valossa_metadata.testing.protocol import Reply, error_reply

__all__ = ["NGINX_502", "Fault", "fault_reply", "misdeliver", "take_faults"]

#: The page nginx answers when the application behind it is down.
NGINX_502 = (
    b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    b"<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
)


@dataclass
class Fault:
    """``remaining`` requests (to ``path``, a function name or path; ``None``: any) to fail, delay or drop.

    Examples:
        >>> Fault("drop", 1, "/core/1.0/send_file_chunk/").matches("core/1.0/send_file_chunk", "x")
        True
    """

    kind: Literal["fail", "delay", "drop", "lose", "reset", "drip", "html"]
    remaining: int
    path: str | None
    status: int = 503
    retry_after: float | str | None = None
    seconds: float = 0.0
    after_bytes: int = 0

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
        >>> fault_reply(Fault("html", 1, None, status=502))[2]
        'text/html'
    """
    headers: dict[str, str] = {}
    if isinstance(fault.retry_after, str):
        headers["Retry-After"] = fault.retry_after
    elif fault.retry_after is not None:
        headers["Retry-After"] = f"{fault.retry_after:g}"
    if fault.kind == "html":
        return (fault.status, NGINX_502, "text/html", headers)
    return error_reply(fault.status, f"Injected failure (HTTP {fault.status})", headers)


def misdeliver(reply: Reply, fault: Fault) -> Reply:
    """The real answer, marked to be cut after ``after_bytes`` (reset) or sent a byte at a time (drip).

    Examples:
        >>> misdeliver((200, b"{}", "application/json", {}), Fault("reset", 1, None, after_bytes=1))[3]
        {'X-Fake-Delivery': 'reset:1'}
    """
    mode = f"reset:{fault.after_bytes}" if fault.kind == "reset" else f"drip:{fault.seconds}"
    return (reply[0], reply[1], reply[2], {**reply[3], DELIVERY: mode})
