"""The HTTP API's errors: one JSON shape for every error, with stable codes.

Every error the server answers, whatever raised it (an unknown route, a bad parameter, a body too large, a
missing token, a bug), has the body ``{"error": {"status": int, "code": str, "message": str}}``. The codes are
the catalogue's (`wirecoder.errors.Code`, e.g. ``E401`` when the database cannot be opened) where one fits, and
the ``Hxxx`` codes below for what only HTTP has. Like the catalogue's, they never change meaning once released;
``tests/test_server_error_shape.py`` locks them.
"""
from __future__ import annotations

import logging
from enum import Enum

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import ConfigError, StoreError, WirecoderError

log = logging.getLogger("wirecoder.server")


class HttpCode(str, Enum):
    """Stable codes of the errors only the HTTP API has; the value is the message template."""

    H400 = "Malformed request: {reason}"
    H401 = "This endpoint needs the server's token (header 'Authorization: Bearer <token>' or 'X-Token')"
    H403 = "This server is read-only: start it with --token-file (or WIRECODER_TOKEN) to accept documents"
    H404 = "Not found: {what}"
    H405 = "Method {method} is not allowed on {path}"
    H413 = "Request body too large: at most {limit} bytes on {path}"
    H429 = "Too many texts being coded: {waiting} waiting; retry in {retry} s"
    H422 = "Invalid request: {reason}"
    H500 = "Internal error ({kind}); the server log has the details"

    def format(self, **kwargs) -> str:
        return self.value.format(**kwargs)


# The status each HTTP code answers with.
STATUS = {HttpCode.H400: 400, HttpCode.H401: 401, HttpCode.H403: 403, HttpCode.H404: 404, HttpCode.H405: 405,
          HttpCode.H413: 413, HttpCode.H422: 422, HttpCode.H429: 429, HttpCode.H500: 500}


class ApiError(Exception):
    """An error answered to the client; `code` is an `HttpCode` or a catalogue code name such as 'E105'."""

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None):
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers
        super().__init__(message)

    @classmethod
    def of(cls, code: HttpCode, headers: dict[str, str] | None = None, **kwargs) -> "ApiError":
        return cls(STATUS[code], code.name, code.format(**kwargs), headers)


def error_body(status: int, code: str, message: str) -> dict:
    """The one error shape."""
    return {"error": {"status": int(status), "code": str(code), "message": str(message)}}


def error_response(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(error_body(status, code, message), status_code=status, headers=headers)


def validation_message(errors: list[dict]) -> str:
    """pydantic's list of errors as one line: 'query.limit: Input should be ...; body.text: Field required'."""
    parts = []
    for e in errors:
        loc = ".".join(str(x) for x in e.get("loc", ()) if x != "body" or len(e.get("loc", ())) == 1)
        parts.append(f"{loc}: {e.get('msg', 'invalid')}" if loc else str(e.get("msg", "invalid")))
    return "; ".join(parts) or "invalid parameters"


def _status_code(status: int) -> HttpCode | None:
    return next((c for c, s in STATUS.items() if s == status), None)


async def _on_api_error(request: Request, exc: ApiError) -> JSONResponse:
    return error_response(exc.status, exc.code, exc.message, exc.headers)


async def _on_http_exception(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    """Starlette's own errors (no route, wrong method, static file missing) in our shape."""
    status = exc.status_code
    if status == 404:
        code, message = HttpCode.H404.name, HttpCode.H404.format(what=request.url.path)
    elif status == 405:
        code, message = HttpCode.H405.name, HttpCode.H405.format(method=request.method, path=request.url.path)
    else:
        known = _status_code(status)
        code = known.name if known else f"H{status}"
        message = str(exc.detail)
    return error_response(status, code, message, getattr(exc, "headers", None))


async def _on_validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = list(exc.errors())
    if any(e.get("type") == "json_invalid" for e in errors):
        return error_response(400, HttpCode.H400.name, HttpCode.H400.format(reason="the body is not valid JSON"))
    return error_response(422, HttpCode.H422.name, HttpCode.H422.format(reason=validation_message(errors)))


async def _on_wirecoder_error(request: Request, exc: WirecoderError) -> JSONResponse:
    """A catalogue error keeps its code; the store or configuration failing is the server's fault (500)."""
    status = 500 if isinstance(exc, (StoreError, ConfigError)) else 422
    if status == 500:
        log.error("%s %s: %s", request.method, request.url.path, exc)
    return error_response(status, exc.code.name, str(exc))


async def _on_unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("%s %s failed", request.method, request.url.path, exc_info=exc)
    return error_response(500, HttpCode.H500.name, HttpCode.H500.format(kind=type(exc).__name__))


def install_error_handlers(app: FastAPI) -> None:
    """Route every kind of error through the one shape."""
    app.add_exception_handler(ApiError, _on_api_error)
    app.add_exception_handler(StarletteHTTPException, _on_http_exception)
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(WirecoderError, _on_wirecoder_error)
    app.add_exception_handler(Exception, _on_unexpected)
