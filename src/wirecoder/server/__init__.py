"""`wirecoder serve`: the HTTP API over a store, and the web UI's files.

`create_app(db_path, token=None)` builds the ASGI app (FastAPI); `serve(db_path, host, port, token)` runs it with
uvicorn. Modules: `app` (routes, the request guard, static files), `queries` (the read queries), `schemas` (the
request and answer shapes), `errors` (the one error shape and its codes), `docs` (the offline docs page).
"""
from __future__ import annotations

__all__ = ["create_app", "serve"]


def __getattr__(name: str):
    # FastAPI is imported only when the server is used, not by `import wirecoder.server`
    if name in __all__:
        from . import app

        return getattr(app, name)
    raise AttributeError(name)
