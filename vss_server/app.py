"""The HTTP API (FastAPI), versioned under /api/v1. See docs/sync-protocol.md."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

import pydantic
from fastapi import Depends, FastAPI, Query, Request
from fastapi.middleware.gzip import GZipMiddleware
from pydantic import BaseModel, Field
from sqlmodel import Session, select
from starlette.concurrency import run_in_threadpool

from vss_server import API_VERSION, __version__
from vss_server import db as server_db
from vss_server.config import ServerConfig
from vss_server.errors import ApiError, install_handlers
from vss_server.gzip_request import GzipRequestMiddleware
from vss_server.migrate import upgrade
from vss_server.models import DeviceToken, UserAccount
from vss_server.pull import CursorGone, pull_page
from vss_server.push import BatchRefused, Op, push_batch
from vss_server.ratelimit import LoginLimiter
from vss_server.security import DUMMY_HASH, new_token, token_hash, verify_password

log = logging.getLogger(__name__)
PREFIX = f"/api/{API_VERSION}"


# --- wire models --------------------------------------------------------------


class LoginIn(BaseModel):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)
    device_id: str = Field(min_length=8, max_length=64)
    device_name: str = Field(default="", max_length=120)


class RotateIn(BaseModel):
    device_id: str = Field(min_length=8, max_length=64)
    device_name: str = Field(default="", max_length=120)


class CollectorOut(BaseModel):
    username: str
    full_name: str
    role: str


class LoginOut(BaseModel):
    token: str
    expires_at: datetime
    collector: CollectorOut


class HealthOut(BaseModel):
    status: str
    api_version: str
    server_time: datetime


class OpIn(BaseModel):
    op_id: str = Field(min_length=1, max_length=36)
    seq: int = Field(ge=1, le=2**62)
    entity: str = Field(max_length=16)
    entity_id: str = Field(min_length=1, max_length=36)
    kind: str = Field(max_length=8)
    base_version: int | None = Field(default=None, ge=0, le=2**62)
    fields: dict[str, Any] = Field(default_factory=dict)
    recorded_at: str | None = Field(default=None, max_length=40)


class PushIn(BaseModel):
    device_id: str = Field(min_length=8, max_length=64)
    ops: list[OpIn] = Field(max_length=1000)


class OpResult(BaseModel):
    op_id: str
    status: str
    version: int | None = None
    conflict: dict[str, Any] | None = None
    applied_fields: list[str] | None = None
    error: dict[str, str] | None = None


class PushOut(BaseModel):
    results: list[OpResult]
    applied_through_seq: int


class ChangeOut(BaseModel):
    entity: str
    id: str
    version: int
    deleted: bool = False
    removed: bool = False
    fields: dict[str, Any] | None = None


class PullOut(BaseModel):
    changes: list[ChangeOut]
    cursor: str
    has_more: bool


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    code: {"description": text}
    for code, text in {
        400: "malformed input",
        401: "missing, expired or revoked token",
        409: "device_reset / seq_gap / bad_order: nothing in the batch was applied",
        410: "unknown cursor: resync from the start",
        413: "body too large",
        415: "unsupported content encoding",
        422: "invalid input",
        429: "too many attempts",
    }.items()
}


# --- dependencies -----------------------------------------------------------------


def current_token(request: Request) -> tuple[UserAccount, DeviceToken]:
    """The caller's account and device token; 401 when missing, expired or revoked."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    challenge = {"WWW-Authenticate": "Bearer"}
    if scheme.lower() != "bearer" or not token:
        raise ApiError(401, "unauthorized", "log in first", challenge)
    with Session(request.app.state.engine, expire_on_commit=False) as session:
        row = session.exec(
            select(DeviceToken).where(DeviceToken.token_hash == token_hash(token))
        ).first()
        if row is None or row.revoked_at is not None or row.expires_at <= datetime.now(UTC):
            raise ApiError(401, "unauthorized", "the session has expired; log in again", challenge)
        user = session.get(UserAccount, row.user_id)
        if user is None or not user.active:
            raise ApiError(401, "unauthorized", "this account is disabled", challenge)
        return user, row


Auth = Annotated[tuple[UserAccount, DeviceToken], Depends(current_token)]


# --- the application ------------------------------------------------------------


def create_app(config: ServerConfig | None = None) -> FastAPI:
    config = config or ServerConfig.from_env()
    engine = server_db.create_server_engine(config.resolved_database_url())
    upgrade(engine)
    limiter = LoginLimiter(config.login_attempts_per_minute)

    app = FastAPI(
        title="VSS central server",
        version=__version__,
        description="Sync server for VSS Desktop: login, push, pull. Errors: {error: {code, message}}.",
        openapi_url=f"{PREFIX}/openapi.json",
        docs_url=f"{PREFIX}/docs",
        redoc_url=None,
    )
    app.state.engine = engine
    app.state.config = config
    app.add_middleware(GZipMiddleware, minimum_size=512)
    # Added last, so it runs first: bodies are un-gzipped before anything reads them.
    app.add_middleware(GzipRequestMiddleware, max_bytes=config.max_body_bytes)
    install_handlers(app)

    @app.get(f"{PREFIX}/health", response_model=HealthOut, tags=["health"])
    def health() -> HealthOut:
        return HealthOut(status="ok", api_version=API_VERSION, server_time=datetime.now(UTC))

    @app.post(
        f"{PREFIX}/auth/login", response_model=LoginOut, responses=ERROR_RESPONSES, tags=["auth"]
    )
    def login(body: LoginIn, request: Request) -> LoginOut:
        address = request.client.host if request.client else "?"
        keys = (f"user:{body.username.lower()}", f"addr:{address}")
        wait = limiter.retry_after(*keys)
        if wait:
            raise ApiError(
                429,
                "too_many_attempts",
                "too many failed logins; wait and try again",
                {"Retry-After": str(wait)},
            )
        with server_db.write_session(engine) as session:
            user = session.exec(
                select(UserAccount).where(UserAccount.username == body.username)
            ).first()
            valid = verify_password(body.password, user.password_hash if user else DUMMY_HASH)
            if user is None or not valid or not user.active:
                limiter.failed(*keys)
                raise ApiError(401, "bad_credentials", "wrong username or password")
            limiter.succeeded(*keys)
            token = new_token()
            expires = datetime.now(UTC) + timedelta(days=config.token_ttl_days)
            session.add(
                DeviceToken(
                    token_hash=token_hash(token),
                    user_id=user.id,
                    device_id=body.device_id,
                    device_name=body.device_name,
                    expires_at=expires,
                )
            )
            collector = CollectorOut(
                username=user.username, full_name=user.full_name, role=user.role
            )
        log.info("login ok: user id %s", user.id)
        return LoginOut(token=token, expires_at=expires, collector=collector)

    @app.post(f"{PREFIX}/auth/logout", status_code=204, responses=ERROR_RESPONSES, tags=["auth"])
    def logout(auth: Auth) -> None:
        _user, token = auth
        with server_db.write_session(engine) as session:
            row = session.get(DeviceToken, token.id)
            if row is not None and row.revoked_at is None:
                row.revoked_at = datetime.now(UTC)
                session.add(row)

    @app.post(
        f"{PREFIX}/auth/rotate-device",
        response_model=LoginOut,
        responses=ERROR_RESPONSES,
        tags=["auth"],
    )
    def rotate_device(body: RotateIn, auth: Auth) -> LoginOut:
        """A device whose history the server no longer matches continues under a new id."""
        user, old = auth
        token = new_token()
        expires = datetime.now(UTC) + timedelta(days=config.token_ttl_days)
        with server_db.write_session(engine) as session:
            row = session.get(DeviceToken, old.id)
            if row is not None:
                row.revoked_at = datetime.now(UTC)
                session.add(row)
            session.add(
                DeviceToken(
                    token_hash=token_hash(token),
                    user_id=user.id,
                    device_id=body.device_id,
                    device_name=body.device_name,
                    expires_at=expires,
                )
            )
        collector = CollectorOut(username=user.username, full_name=user.full_name, role=user.role)
        return LoginOut(token=token, expires_at=expires, collector=collector)

    @app.post(
        f"{PREFIX}/sync/push",
        response_model=PushOut,
        response_model_exclude_none=True,
        responses=ERROR_RESPONSES,
        tags=["sync"],
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": PushIn.model_json_schema(
                            ref_template="#/components/schemas/{model}"
                        )
                    }
                },
            }
        },
    )
    async def push(request: Request, auth: Auth) -> PushOut:
        user, token = auth
        body = await read_json_body(request, config.max_body_bytes)
        try:
            parsed = PushIn.model_validate(body)
        except pydantic.ValidationError as exc:
            where = sorted({".".join(str(p) for p in e["loc"]) for e in exc.errors()})
            raise ApiError(
                422, "invalid_request", "invalid input at: " + ", ".join(where)[:500]
            ) from exc
        if parsed.device_id != token.device_id:
            raise ApiError(403, "wrong_device", "this token belongs to another device")
        if len(parsed.ops) > config.max_batch_ops:
            raise ApiError(
                413, "batch_too_large", f"send at most {config.max_batch_ops} ops per batch"
            )
        ops = [
            Op(o.op_id, o.seq, o.entity, o.entity_id, o.kind, o.base_version, o.fields)
            for o in parsed.ops
        ]

        def work() -> PushOut:
            try:
                with server_db.write_session(engine) as session:
                    outcome = push_batch(session, user, token.device_id, ops)
            except BatchRefused as refused:
                raise ApiError(409, refused.code, refused.message, **refused.extra) from refused
            return PushOut(
                results=[OpResult(**r) for r in outcome.results],
                applied_through_seq=outcome.applied_through_seq,
            )

        return await run_in_threadpool(work)

    @app.get(
        f"{PREFIX}/sync/pull",
        response_model=PullOut,
        response_model_exclude_none=True,
        responses=ERROR_RESPONSES,
        tags=["sync"],
    )
    def pull(
        auth: Auth,
        cursor: Annotated[str | None, Query(max_length=200)] = None,
        limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    ) -> PullOut:
        user, _token = auth
        try:
            with server_db.read_session(engine) as session:
                page = pull_page(session, user, cursor, min(limit, config.max_pull_limit))
        except CursorGone as gone:
            raise ApiError(410, "cursor_gone", str(gone)) from gone
        return PullOut(
            changes=[ChangeOut(**c) for c in page.changes],
            cursor=page.cursor,
            has_more=page.has_more,
        )

    return app


async def read_json_body(request: Request, limit: int) -> Any:
    """Read a JSON body (already un-gzipped by the middleware), refusing more than ``limit``."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise ApiError(413, "body_too_large", f"the body is larger than {limit} bytes")
    raw = bytearray()
    async for chunk in request.stream():
        raw += chunk
        if len(raw) > limit:
            raise ApiError(413, "body_too_large", f"the body is larger than {limit} bytes")
    try:
        return json.loads(bytes(raw))
    except (ValueError, UnicodeDecodeError) as exc:
        raise ApiError(400, "malformed_json", "the body is not valid JSON") from exc
