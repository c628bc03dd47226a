"""Answers to the read API kept while the store does not change, and revalidation by ETag.

Every write the server makes goes through its one writer (`app.Writer`), which counts its jobs: the store's
*generation*. No other process can write a store the server holds open, so between two writes every GET of the
API has one answer, and it is kept (least recently used first out, at most `max_bytes` in all). A write moves the
generation on and every kept answer becomes unreachable. The ETag of an answer names the server's run and the
generation: a client that sends it back (If-None-Match) gets 304 until the store changes; the map, which polls,
then costs the server almost nothing.

A plain ASGI middleware inside the guards: a kept answer skips routing, validation and the database, and still
gets the security headers on its way out.
"""
from __future__ import annotations

import secrets
import threading
from collections import OrderedDict

CACHED_PREFIX = "/api/"
NOT_CACHED = {"/api/docs"}
MAX_ENTRY_BYTES = 4 * 2**20
# Headers that make the answer: the same URL with another Accept (GeoJSON or JSON) is another answer.
VARY = (b"accept",)


class Generation:
    """The store's write count in this server (thread-safe); `tag` names this run, so that an ETag from an earlier
    run of the server, whose store may since have changed, never matches."""

    def __init__(self):
        self._value = 0
        self._lock = threading.Lock()
        self.run = secrets.token_hex(4)

    @property
    def value(self) -> int:
        return self._value

    def advance(self) -> None:
        with self._lock:
            self._value += 1

    def etag(self, generation: int) -> bytes:
        return f'W/"{self.run}-{generation}"'.encode()


class ResponseCache:
    """GET answers of the API (status 200) by (generation, path, query, Accept), least recently used out."""

    def __init__(self, app, generation: Generation, max_bytes: int = 64 * 2**20):
        self.app = app
        self.generation = generation
        self.max_bytes = max_bytes
        self._entries: OrderedDict[tuple, tuple[list, bytes]] = OrderedDict()
        self._size = 0
        self._generation = generation.value  # of the answers kept
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    async def __call__(self, scope, receive, send):
        if (scope["type"] != "http" or scope["method"] not in ("GET", "HEAD")
                or not scope["path"].startswith(CACHED_PREFIX) or scope["path"] in NOT_CACHED):
            return await self.app(scope, receive, send)
        generation = self.generation.value
        etag = self.generation.etag(generation)
        headers = dict(scope["headers"])
        if etag in [t.strip() for t in headers.get(b"if-none-match", b"").split(b",")]:
            await send({"type": "http.response.start", "status": 304,
                        "headers": [(b"etag", etag), (b"cache-control", b"no-cache")]})
            return await send({"type": "http.response.body", "body": b""})
        key = (generation, scope["method"], scope["path"], scope["query_string"],
               tuple(headers.get(h, b"") for h in VARY))
        with self._lock:
            kept = self._entries.get(key)
            if kept is not None:
                self._entries.move_to_end(key)
                self.hits += 1
            else:
                self.misses += 1
        if kept is not None:
            start, body = kept
            await send({"type": "http.response.start", "status": 200, "headers": start})
            return await send({"type": "http.response.body", "body": body})

        start: dict = {}
        chunks: list[bytes] = []
        size = 0

        async def keep(message):
            nonlocal size
            if message["type"] == "http.response.start":
                start.update(message)
                if message["status"] == 200:
                    message = dict(message, headers=list(message.get("headers", []))
                                   + [(b"etag", etag), (b"cache-control", b"no-cache")])
                    start["headers"] = message["headers"]
            elif message["type"] == "http.response.body" and start.get("status") == 200 and size is not None:
                chunks.append(message.get("body", b""))
                size += len(chunks[-1])
                if size > MAX_ENTRY_BYTES:
                    size, chunks[:] = None, []
                elif not message.get("more_body", False):
                    self._put(key, start["headers"], b"".join(chunks))
            await send(message)

        return await self.app(scope, receive, keep)

    def _put(self, key: tuple, headers: list, body: bytes) -> None:
        with self._lock:
            if key[0] != self.generation.value:
                return  # a write came in while this answer was made: it may be of either generation
            if key[0] != self._generation:  # the answers of earlier generations can no longer be asked for
                self._entries.clear()
                self._size, self._generation = 0, key[0]
            if key in self._entries:
                return
            self._entries[key] = (headers, body)
            self._size += len(body)
            while self._size > self.max_bytes:
                _, (_, old) = self._entries.popitem(last=False)
                self._size -= len(old)
