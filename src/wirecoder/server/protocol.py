"""The HTTP protocol `wirecoder serve` runs: uvicorn's httptools protocol with a deadline on receiving a request.

uvicorn has no request timeout: its keep-alive timer only runs between requests and is reset by every byte, so a
client that opens a connection and sends nothing, or trickles a request one byte at a time (slowloris), holds a
connection for ever. Here a request must arrive whole (request line, headers and body) within `deadline` seconds
of its first byte, or of the connection's opening; otherwise the server answers 408 and closes the connection
(or, once the request is being answered, only closes it). The deadline covers receiving, never answering.
"""
from __future__ import annotations

import asyncio

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

REQUEST_DEADLINE_S = 10.0
LINGER_S = 2.0  # after a 408, how long the bytes a client still sends are read and dropped before closing
_TIMEOUT_BODY = b"request not received in time\n"
_TIMEOUT_ANSWER = (b"HTTP/1.1 408 Request Timeout\r\ncontent-type: text/plain; charset=utf-8\r\n"
                   b"content-length: %d\r\nconnection: close\r\n\r\n%s" % (len(_TIMEOUT_BODY), _TIMEOUT_BODY))


def deadline_protocol(deadline: float = REQUEST_DEADLINE_S) -> type[asyncio.Protocol]:
    """uvicorn's HTTP protocol class with a `deadline` (seconds) on receiving each request."""

    class DeadlineProtocol(HttpToolsProtocol):
        _timer: asyncio.TimerHandle | None = None
        _lingering = False

        def data_received(self, data: bytes) -> None:
            if not self._lingering:  # (a client still trickling after its 408: dropped)
                super().data_received(data)

        def connection_made(self, transport) -> None:
            super().connection_made(transport)
            self._arm()

        def on_message_begin(self) -> None:
            super().on_message_begin()
            if self._timer is None:
                self._arm()

        def on_message_complete(self) -> None:
            self._disarm()
            super().on_message_complete()

        def connection_lost(self, exc) -> None:
            self._disarm()
            super().connection_lost(exc)

        def _arm(self) -> None:
            self._disarm()
            self._timer = self.loop.call_later(deadline, self._expired)

        def _disarm(self) -> None:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None

        def _expired(self) -> None:
            self._timer = None
            if self.transport.is_closing():
                return
            if self.cycle is None or self.cycle.response_complete or not self.cycle.response_started:
                # nothing of an answer to this request has been sent yet
                self.transport.write(_TIMEOUT_ANSWER)
                if self.transport.can_write_eof():
                    # a lingering close: closing with the client's bytes still arriving resets the connection,
                    # and a reset can drop the answer before the client reads it
                    self.transport.write_eof()
                    self._lingering = True
                    self.loop.call_later(LINGER_S, self.transport.close)
                    return
            self.transport.close()

    return DeadlineProtocol
