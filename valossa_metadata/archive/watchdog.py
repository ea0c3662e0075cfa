"""Worker processes never outlive the process that started them, even when it is killed with -9.

A killed parent runs no cleanup, so its pool's workers would wait for work forever. Each worker
runs :func:`watch_parent` as its pool initializer: a daemon thread that ends the worker as soon as
its parent is gone (the worker is then adopted by another process).
"""

from __future__ import annotations

import os
import threading
import time

__all__ = ["POLL_SECONDS", "watch_parent"]

POLL_SECONDS = 0.2


def watch_parent(parent: int) -> None:
    """Start a daemon thread that exits this process as soon as its parent is no longer ``parent``.

    Examples:
        >>> watch_parent(os.getppid())  # this process's parent is alive: nothing happens
    """
    thread = threading.Thread(target=_watch, args=(parent,), name="watch-parent", daemon=True)
    thread.start()


def _watch(parent: int) -> None:  # pragma: no cover -- runs in pool workers; the kill test covers it
    while os.getppid() == parent:
        time.sleep(POLL_SECONDS)
    os._exit(1)
