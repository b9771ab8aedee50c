"""Every error answer has the body {"error": {"code", "message"}}; never a bare 500."""

from __future__ import annotations

import logging
import sqlite3

import sqlalchemy as sa
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger(__name__)

# A busy database answers 503 with this Retry-After: long enough for a held lock to pass
# (a push holds it for about a second), short enough for a collector to keep waiting.
BUSY_RETRY_AFTER_S = 3
_SQLITE_BUSY_CODES = (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
_PG_BUSY_STATES = {
    "40001",  # serialization_failure
    "40P01",  # deadlock_detected
    "55P03",  # lock_not_available (lock_timeout)
    "57014",  # query_canceled (statement_timeout)
    "53300",  # too_many_connections
}


class ApiError(Exception):
    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        headers: dict[str, str] | None = None,
        **extra: object,
    ) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.headers, self.extra = (
            status,
            code,
            message,
            headers,
            extra,
        )


def error_body(code: str, message: str, **extra: object) -> dict[str, object]:
    return {"error": {"code": code, "message": message, **extra}}


def database_busy(exc: BaseException) -> bool:
    """True for a database error that waiting would fix: SQLite busy or locked, a PostgreSQL
    lock timeout, serialization failure, deadlock or a full connection table; also the
    pool's own timeout."""
    if isinstance(exc, sa.exc.TimeoutError):
        return True
    orig = getattr(exc, "orig", None)
    if isinstance(orig, sqlite3.OperationalError):
        code = getattr(orig, "sqlite_errorcode", None)
        if code is not None:
            return code & 0xFF in _SQLITE_BUSY_CODES  # extended codes keep the primary low
        return "locked" in str(orig) or "busy" in str(orig)
    return getattr(orig, "sqlstate", None) in _PG_BUSY_STATES


def busy_response() -> JSONResponse:
    return JSONResponse(
        error_body("database_busy", "the server is busy; try again shortly"),
        503,
        headers={"Retry-After": str(BUSY_RETRY_AFTER_S)},
    )


def install_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse(
            error_body(exc.code, exc.message, **exc.extra), exc.status, headers=exc.headers
        )

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        where = sorted({".".join(str(p) for p in e.get("loc", ())) for e in exc.errors()})
        return JSONResponse(
            error_body("invalid_request", "invalid input at: " + ", ".join(where)), 422
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        return JSONResponse(error_body(code, str(exc.detail)), exc.status_code, headers=exc.headers)

    @app.exception_handler(Exception)
    async def _unexpected(_request: Request, exc: Exception) -> JSONResponse:
        # The traceback goes to the log (no request bodies: they hold personal data).
        log.exception("unexpected server error: %s", type(exc).__name__)
        return JSONResponse(error_body("server_error", "unexpected server error"), 500)

    @app.exception_handler(sa.exc.DBAPIError)
    @app.exception_handler(sa.exc.TimeoutError)
    async def _database(request: Request, exc: Exception) -> JSONResponse:
        # The transaction was rolled back whole: nothing of the request was kept.
        if database_busy(exc):
            # The kind only: a database error's text may carry the row's values.
            log.warning("database busy: %s", type(getattr(exc, "orig", exc)).__name__)
            return busy_response()
        return await _unexpected(request, exc)
