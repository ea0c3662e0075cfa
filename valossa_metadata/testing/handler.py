"""The HTTP side of the fake: a quiet threading server and a request handler that calls the dispatcher.

The handler reads the request, hands (method, target, Content-Type, body) to the fake's dispatcher
and writes the answer back; ``None`` from the dispatcher drops the connection without an answer.

Examples:
    >>> handler = handler_for(lambda method, target, content_type, body: None)
    >>> handler.server_version
    'FakeValossa/1.0'
"""

from __future__ import annotations

import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from valossa_metadata.testing.protocol import Reply

__all__ = ["DELIVERY", "Dispatch", "Server", "handler_for"]

#: The fake's dispatcher: (method, target, Content-Type, body) to an answer, or ``None`` to drop.
Dispatch = Callable[[str, str, str, bytes], Reply | None]
#: A reply header (never sent) that tells the handler how to misdeliver the body:
#: ``reset:N`` sends N bytes of it and closes; ``drip:SECONDS`` sends it a byte at a time.
DELIVERY = "X-Fake-Delivery"


class Server(ThreadingHTTPServer):
    """A ``ThreadingHTTPServer`` with daemon threads that says nothing of clients gone mid-answer."""

    daemon_threads = True
    request_queue_size = 64

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that went away mid-answer (timeouts, drops) is expected here: stay quiet."""


def handler_for(dispatch: Dispatch) -> type[BaseHTTPRequestHandler]:
    """A request handler class that answers every method through ``dispatch``."""

    class Handler(BaseHTTPRequestHandler):
        server_version = "FakeValossa/1.0"

        def log_message(self, format: str, *args: Any) -> None:
            """Silent: the default would print request lines, API key included, to stderr."""

        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length > 0 else b""
            reply = dispatch(self.command, self.path, self.headers.get("Content-Type", ""), body)
            if reply is None:
                self.close_connection = True
                return
            status, payload, content_type, headers = reply
            delivery = headers.get(DELIVERY, "")
            try:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(payload)))
                for name, value in headers.items():
                    if name != DELIVERY:
                        self.send_header(name, value)
                self.end_headers()
                self._deliver(payload, delivery)
            except OSError:
                self.close_connection = True

        def _deliver(self, payload: bytes, delivery: str) -> None:
            mode, _, value = delivery.partition(":")
            if mode == "reset":
                self.wfile.write(payload[: int(value)])
                self.wfile.flush()
                self.close_connection = True
            elif mode == "drip":
                for index in range(len(payload)):
                    self.wfile.write(payload[index : index + 1])
                    self.wfile.flush()
                    time.sleep(float(value))
            else:
                self.wfile.write(payload)

        do_GET = do_POST = do_PUT = do_DELETE = _handle

    return Handler
