"""The HTTP API (FastAPI), versioned under /api/v1. See docs/sync-protocol.md, docs/security.md."""

from __future__ import annotations

import json
import logging
import re
import threading
from dataclasses import asdict
from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Any, Literal, TypeVar

import pydantic
import sqlalchemy as sa
from fastapi import Depends, FastAPI, Path, Query, Request
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from sqlmodel import Session, select
from starlette.concurrency import run_in_threadpool

from vss_core.enums import Metric, PeriodKind
from vss_server import API_VERSION, __version__, compact_answers
from vss_server import db as server_db
from vss_server.config import ServerConfig
from vss_server.errors import ApiError, install_handlers
from vss_server.gzip_request import GzipRequestMiddleware
from vss_server.inputs import CleanStr
from vss_server.migrate import upgrade
from vss_server.models import AuthEvent, DeviceToken, UserAccount
from vss_server.pull import CursorGone, pull_page
from vss_server.push import BatchRefused, Op, push_batch
from vss_server.ratelimit import Attempt, LoginLimiter, known_device
from vss_server.security import (
    dummy_hash,
    hash_password,
    needs_rehash,
    new_token,
    token_hash,
    verify_password,
)
from vss_server.targets import (
    MAX_CHANGES,
    VALUE_MAX,
    TargetChange,
    TargetRefused,
    apply_changes,
    current_version,
    targets_for,
)

log = logging.getLogger(__name__)
ModelT = TypeVar("ModelT", bound=BaseModel)
PREFIX = f"/api/{API_VERSION}"
LAST_USED_EVERY = timedelta(hours=1)  # how stale a token's last_used_at may get


# --- wire models --------------------------------------------------------------


class LoginIn(BaseModel):
    username: CleanStr = Field(min_length=1, max_length=64)
    password: CleanStr = Field(min_length=1, max_length=256)
    device_id: CleanStr = Field(min_length=8, max_length=64)
    device_name: CleanStr = Field(default="", max_length=120)


class RotateIn(BaseModel):
    device_id: CleanStr = Field(min_length=8, max_length=64)
    device_name: CleanStr = Field(default="", max_length=120)


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
    op_id: CleanStr = Field(min_length=1, max_length=36)
    seq: int = Field(ge=1, le=2**62)
    entity: CleanStr = Field(max_length=16)
    entity_id: CleanStr = Field(min_length=1, max_length=36)
    kind: CleanStr = Field(max_length=8)
    base_version: int | None = Field(default=None, ge=0, le=2**62)
    fields: dict[str, Any] = Field(default_factory=dict)
    recorded_at: str | None = Field(default=None, max_length=40)


class PushIn(BaseModel):
    device_id: CleanStr = Field(min_length=8, max_length=64)
    ops: list[OpIn] = Field(max_length=1000)
    # "compact": plain answers come as runs of seqs in PushOut.seq_runs (compact_answers).
    answers: Literal["full", "compact"] = "full"


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
    # Only with answers="compact": {status: [[first_seq, last_seq], ...]}.
    seq_runs: dict[str, list[tuple[int, int]]] | None = None


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


class DeviceOut(BaseModel):
    device_id: str
    device_name: str
    username: str
    created_at: datetime
    expires_at: datetime
    last_used_at: datetime | None = None
    current: bool  # the token of this very request


class DevicesOut(BaseModel):
    devices: list[DeviceOut]


class RevokeOut(BaseModel):
    revoked: int


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _iso_date_text(value: Any) -> Any:
    # JSON has no dates: only "YYYY-MM-DD" is one (pydantic alone takes 0 for 1970-01-01).
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        raise ValueError("a date written YYYY-MM-DD")
    return value


IsoDate = Annotated[date, BeforeValidator(_iso_date_text)]
TargetValue = Annotated[int, Field(ge=0, le=VALUE_MAX, strict=True)]


class TargetIn(BaseModel):
    collector: Annotated[CleanStr, Field(min_length=1, max_length=64)] | None = Field(
        default=None, description="a collector's username; null: every collector"
    )
    metric: Metric
    period_kind: PeriodKind
    period_start: IsoDate = Field(description="any day of the period; stored as its first day")
    value: TargetValue | None = Field(
        description="people, or whole đồng for amount_collected; null removes the target"
    )


class TargetsPutIn(BaseModel):
    targets: list[TargetIn] = Field(max_length=MAX_CHANGES)


class TargetOut(BaseModel):
    id: str
    collector: str | None = Field(description="null: a target for every collector")
    metric: Metric
    period_kind: PeriodKind
    period_start: date = Field(description="the first day of the period")
    value: int
    version: int = Field(description="the targets counter at this row's last change")
    updated_at: datetime


class TargetsOut(BaseModel):
    version: int = Field(description="the targets counter: moves on with every change anywhere")
    targets: list[TargetOut]


class TargetsPutOut(BaseModel):
    set: int
    cleared: int
    unchanged: int
    version: int


class ErrorDetail(BaseModel):
    model_config = ConfigDict(extra="allow")  # e.g. last_seq, expected_seq on a 409
    code: str
    message: str


class ErrorOut(BaseModel):
    error: ErrorDetail


ERROR_TEXT = {
    400: "malformed input (bad JSON or gzip; a push batch repeating an op_id: duplicate_op_id)",
    401: "missing, malformed, expired or revoked token (or wrong credentials at login)",
    403: "the token belongs to another device, or the caller's role may not do this",
    404: "no such device among those the caller may see",
    409: "device_reset / seq_gap / bad_order: nothing in the batch was applied",
    410: "unknown cursor: resync from the start",
    413: "body too large",
    415: "unsupported content encoding",
    422: "invalid input",
    429: "too many failed logins: wait Retry-After seconds",
    503: "database_busy: nothing was applied; try again after Retry-After seconds",
}


def error_responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """The documented error answers of a route; every route may meet the body cap (413, 415)
    and a busy database (503)."""
    out: dict[int | str, dict[str, Any]] = {}
    for code in sorted({*codes, 413, 415, 503}):
        out[code] = {"model": ErrorOut, "description": ERROR_TEXT[code]}
    if 401 in codes:
        out[401]["headers"] = {
            "WWW-Authenticate": {"schema": {"type": "string"}, "description": "Bearer"}
        }
    retry_after = {
        "Retry-After": {
            "schema": {"type": "integer", "minimum": 1},
            "description": "seconds before another attempt is allowed",
        }
    }
    for code in (429, 503):
        if code in out:
            out[code]["headers"] = retry_after
    return out


# --- dependencies -----------------------------------------------------------------

bearer = HTTPBearer(auto_error=False, description="the token from /auth/login")


def current_token(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> tuple[UserAccount, DeviceToken]:
    """The caller's account and device token; 401 when missing, expired or revoked."""
    challenge = {"WWW-Authenticate": "Bearer"}
    if credentials is None:
        raise ApiError(401, "unauthorized", "log in first", challenge)
    engine = request.app.state.engine
    now = datetime.now(UTC)
    with Session(engine, expire_on_commit=False) as session:
        row = session.exec(
            select(DeviceToken).where(DeviceToken.token_hash == token_hash(credentials.credentials))
        ).first()
        if row is None or row.revoked_at is not None or row.expires_at <= now:
            raise ApiError(401, "unauthorized", "the session has expired; log in again", challenge)
        user = session.get(UserAccount, row.user_id)
        if user is None or not user.active:
            raise ApiError(401, "unauthorized", "this account is disabled", challenge)
    if row.last_used_at is None or now - row.last_used_at > LAST_USED_EVERY:
        with server_db.write_session(engine, feed=False) as session:
            session.execute(
                sa.update(DeviceToken).where(DeviceToken.id == row.id).values(last_used_at=now)
            )
    return user, row


Auth = Annotated[tuple[UserAccount, DeviceToken], Depends(current_token)]


def client_address(request: Request) -> str:
    return request.client.host if request.client else "?"


def refuse_if_locked(wait: int) -> None:
    if wait:
        raise ApiError(
            429,
            "too_many_attempts",
            "too many failed logins; wait and try again",
            {"Retry-After": str(wait)},
        )


def _issue_token(
    session: Session, user: UserAccount, device_id: str, device_name: str, ttl_days: float
) -> LoginOut:
    token = new_token()
    expires = datetime.now(UTC) + timedelta(days=ttl_days)
    session.add(
        DeviceToken(
            token_hash=token_hash(token),
            user_id=user.id,
            device_id=device_id,
            device_name=device_name,
            expires_at=expires,
        )
    )
    collector = CollectorOut(username=user.username, full_name=user.full_name, role=user.role)
    return LoginOut(token=token, expires_at=expires, collector=collector)


def _revoke(session: Session, token: DeviceToken, when: datetime) -> None:
    session.execute(
        sa.update(DeviceToken)
        .where(DeviceToken.id == token.id, DeviceToken.revoked_at.is_(None))
        .values(revoked_at=when)
    )


# --- the application ------------------------------------------------------------


def create_app(config: ServerConfig | None = None) -> FastAPI:
    config = config or ServerConfig.from_env()
    url = config.resolved_database_url()
    migrations = server_db.create_server_engine(url)  # may wait behind another process's
    try:
        upgrade(migrations)
    finally:
        migrations.dispose()
    engine = server_db.create_server_engine(url, config.db_busy_timeout_s)
    limiter = LoginLimiter(
        engine,
        free_attempts=config.login_free_attempts,
        free_per_user=config.login_free_per_user,
        free_per_address=config.login_free_per_address,
        base_delay_s=config.login_base_delay_s,
        max_delay_s=config.login_max_delay_s,
        forget_after_s=config.login_forget_after_s,
    )
    # Each check takes 16 MiB and a core for a fraction of a second: a flood of logins
    # waits here instead of filling the memory.
    password_slots = threading.BoundedSemaphore(config.password_checks_at_once)
    dummy_hash()  # made now, so the first login of an unknown name is not faster

    app = FastAPI(
        title="VSS central server",
        version=__version__,
        description=(
            "Sync server for VSS Desktop: login, push, pull, targets."
            " Errors: {error: {code, message}}."
        ),
        openapi_url=f"{PREFIX}/openapi.json",
        docs_url=f"{PREFIX}/docs",
        redoc_url=None,
    )
    app.state.engine = engine
    app.state.config = config
    app.state.limiter = limiter
    app.add_middleware(GZipMiddleware, minimum_size=512)
    # Added last, so it runs first: bodies are capped and un-gzipped before anything reads them.
    app.add_middleware(GzipRequestMiddleware, max_bytes=config.max_body_bytes)
    install_handlers(app)

    @app.get(
        f"{PREFIX}/health", response_model=HealthOut, responses=error_responses(), tags=["health"]
    )
    def health() -> HealthOut:
        return HealthOut(status="ok", api_version=API_VERSION, server_time=datetime.now(UTC))

    @app.post(
        f"{PREFIX}/auth/login",
        response_model=LoginOut,
        responses=error_responses(400, 401, 422, 429),
        tags=["auth"],
    )
    def login(body: LoginIn, request: Request) -> LoginOut:
        with Session(engine, expire_on_commit=False) as session:
            user = session.exec(
                select(UserAccount).where(UserAccount.username == body.username)
            ).first()
            known = known_device(session, user.id if user else None, body.device_id)
        attempt = Attempt(body.username, client_address(request), body.device_id if known else None)
        refuse_if_locked(limiter.wait(attempt))
        # The slow check runs outside any transaction: a login never holds up a push.
        with password_slots:
            # Again once a check is free: the failures of the attempts ahead are counted
            # by now, so a burst of guesses overshoots by at most the checks at once.
            refuse_if_locked(limiter.wait(attempt))
            valid = verify_password(body.password, user.password_hash if user else dummy_hash())
            if user is None or not valid or not user.active:
                limiter.failed(attempt)
        if user is None or not valid or not user.active:
            if user is not None:
                with server_db.write_session(engine, feed=False) as session:
                    session.add(
                        AuthEvent(event="login_failed", user_id=user.id, device_id=body.device_id)
                    )
            raise ApiError(401, "bad_credentials", "wrong username or password")
        limiter.succeeded(attempt)
        with server_db.write_session(engine, feed=False) as session:
            if needs_rehash(user.password_hash):
                session.execute(
                    sa.update(UserAccount)
                    .where(UserAccount.id == user.id)
                    .values(password_hash=hash_password(body.password))
                )
            answer = _issue_token(
                session, user, body.device_id, body.device_name, config.token_ttl_days
            )
            session.add(AuthEvent(event="login", user_id=user.id, device_id=body.device_id))
        log.info("login ok: user id %s", user.id)
        return answer

    @app.post(
        f"{PREFIX}/auth/logout",
        status_code=204,
        responses=error_responses(401),
        tags=["auth"],
    )
    def logout(auth: Auth) -> None:
        user, token = auth
        with server_db.write_session(engine, feed=False) as session:
            _revoke(session, token, datetime.now(UTC))
            session.add(AuthEvent(event="logout", user_id=user.id, device_id=token.device_id))

    @app.post(
        f"{PREFIX}/auth/rotate-device",
        response_model=LoginOut,
        responses=error_responses(400, 401, 422),
        tags=["auth"],
    )
    def rotate_device(body: RotateIn, auth: Auth) -> LoginOut:
        """A device whose history the server no longer matches continues under a new id."""
        user, old = auth
        with server_db.write_session(engine, feed=False) as session:
            _revoke(session, old, datetime.now(UTC))
            answer = _issue_token(
                session, user, body.device_id, body.device_name, config.token_ttl_days
            )
            session.add(
                AuthEvent(
                    event="rotate_device",
                    user_id=user.id,
                    device_id=body.device_id,
                    detail=json.dumps({"from_device": old.device_id}),
                )
            )
        return answer

    @app.get(
        f"{PREFIX}/devices",
        response_model=DevicesOut,
        responses=error_responses(401),
        tags=["devices"],
    )
    def list_devices(auth: Auth) -> DevicesOut:
        """Live tokens: a collector's own; a supervisor sees every account's."""
        user, mine = auth
        stmt = (
            select(DeviceToken, UserAccount.username)
            .join(UserAccount, UserAccount.id == DeviceToken.user_id)
            .where(DeviceToken.revoked_at.is_(None), DeviceToken.expires_at > datetime.now(UTC))
            .order_by(UserAccount.username, DeviceToken.created_at)
        )
        if user.role != "supervisor":
            stmt = stmt.where(DeviceToken.user_id == user.id)
        with Session(engine) as session:
            rows = session.exec(stmt).all()
        return DevicesOut(
            devices=[
                DeviceOut(
                    device_id=t.device_id,
                    device_name=t.device_name,
                    username=username,
                    created_at=t.created_at,
                    expires_at=t.expires_at,
                    last_used_at=t.last_used_at,
                    current=t.id == mine.id,
                )
                for t, username in rows
            ]
        )

    @app.post(
        f"{PREFIX}/devices/{{device_id}}/revoke",
        response_model=RevokeOut,
        responses=error_responses(401, 404, 422),
        tags=["devices"],
    )
    def revoke_device(
        device_id: Annotated[CleanStr, Path(min_length=1, max_length=64)], auth: Auth
    ) -> RevokeOut:
        """Revoke every live token of a device: a lost or stolen laptop.

        A collector may revoke only their own devices; a supervisor any. A device the
        caller may not see answers 404, the same as one that does not exist.
        """
        user, _mine = auth
        now = datetime.now(UTC)
        with server_db.write_session(engine, feed=False) as session:
            stmt = select(DeviceToken).where(
                DeviceToken.device_id == device_id,
                DeviceToken.revoked_at.is_(None),
                DeviceToken.expires_at > now,
            )
            if user.role != "supervisor":
                stmt = stmt.where(DeviceToken.user_id == user.id)
            tokens = session.exec(stmt).all()
            if not tokens:
                raise ApiError(404, "not_found", "no such device")
            for token in tokens:
                _revoke(session, token, now)
            for owner in sorted({t.user_id for t in tokens}):
                session.add(
                    AuthEvent(
                        event="revoke_device",
                        user_id=owner,
                        device_id=device_id,
                        actor_id=user.id if owner != user.id else None,
                    )
                )
        return RevokeOut(revoked=len(tokens))

    @app.post(
        f"{PREFIX}/sync/push",
        response_model=PushOut,
        response_model_exclude_none=True,
        responses=error_responses(400, 401, 403, 409, 422),
        tags=["sync"],
    )
    async def push(request: Request, auth: Auth) -> PushOut:
        user, token = auth
        body = await read_json_body(request, config.max_body_bytes)
        parsed = validated(PushIn, body)
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
                raise ApiError(
                    refused.status, refused.code, refused.message, **refused.extra
                ) from refused
            results, runs = outcome.results, None
            if parsed.answers == "compact":
                results, runs = compact_answers.compact(results, [op.seq for op in ops])
            return PushOut(
                results=[OpResult(**r) for r in results],
                applied_through_seq=outcome.applied_through_seq,
                seq_runs=runs,
            )

        return await run_in_threadpool(work)

    @app.get(
        f"{PREFIX}/sync/pull",
        response_model=PullOut,
        response_model_exclude_none=True,
        responses=error_responses(401, 410, 422),
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

    @app.get(
        f"{PREFIX}/targets",
        response_model=TargetsOut,
        responses=error_responses(401),
        tags=["targets"],
    )
    def list_targets(auth: Auth) -> TargetsOut:
        """A collector's targets: their own and those for every collector (their own wins
        for the same metric and period). A supervisor gets every row."""
        user, _token = auth
        with server_db.read_session(engine) as session:
            rows = targets_for(session, None if user.role == "supervisor" else user.username)
            version = current_version(session)
        return TargetsOut(
            version=version,
            targets=[TargetOut.model_validate(t, from_attributes=True) for t in rows],
        )

    @app.put(
        f"{PREFIX}/targets",
        response_model=TargetsPutOut,
        responses=error_responses(400, 401, 403, 422),
        tags=["targets"],
    )
    async def put_targets(request: Request, auth: Auth) -> TargetsPutOut:
        """Set targets (supervisors only): all of the list or, refused, none of it."""
        user, token = auth
        # Before the body is read: a collector learns nothing from the validation.
        if user.role != "supervisor":
            raise ApiError(403, "forbidden", "only a supervisor sets targets")
        parsed = validated(TargetsPutIn, await read_json_body(request, config.max_body_bytes))
        changes = [
            TargetChange(t.metric, t.period_kind, t.period_start, t.value, t.collector)
            for t in parsed.targets
        ]

        def work() -> TargetsPutOut:
            try:
                outcome = apply_changes(
                    engine,
                    changes,
                    actor=user.username,
                    user_id=user.id,
                    device_id=token.device_id,
                )
            except TargetRefused as refused:
                raise ApiError(422, refused.code, refused.message) from refused
            return TargetsPutOut(**asdict(outcome))

        return await run_in_threadpool(work)

    _document_bodies(app, config)
    return app


def validated(model: type[ModelT], body: Any) -> ModelT:
    """``body`` as ``model``, or 422 naming where it is wrong (never the values)."""
    try:
        return model.model_validate(body)
    except pydantic.ValidationError as exc:
        where = sorted({".".join(str(p) for p in e["loc"]) for e in exc.errors()})
        raise ApiError(
            422, "invalid_request", "invalid input at: " + ", ".join(where)[:500]
        ) from exc


def _document_bodies(app: FastAPI, config: ServerConfig) -> None:
    """Push and PUT targets read their bodies themselves (gzip, 400 for bad JSON, and the
    role checked first); the document still describes them."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        doc = generate()
        components = doc.setdefault("components", {}).setdefault("schemas", {})
        for model, path, method in (
            (PushIn, f"{PREFIX}/sync/push", "post"),
            (TargetsPutIn, f"{PREFIX}/targets", "put"),
        ):
            schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
            components.update(schema.pop("$defs", {}))
            if model is PushIn:
                schema["properties"]["ops"]["maxItems"] = config.max_batch_ops
            components[model.__name__] = schema
            doc["paths"][path][method]["requestBody"] = {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {"$ref": f"#/components/schemas/{model.__name__}"}
                    }
                },
            }
        app.openapi_schema = doc
        return doc

    app.openapi = openapi  # type: ignore[method-assign]


async def read_json_body(request: Request, limit: int) -> Any:
    """Read a JSON body (already capped and un-gzipped by the middleware)."""
    raw = bytearray()
    async for chunk in request.stream():
        raw += chunk
        if len(raw) > limit:
            raise ApiError(413, "body_too_large", f"the body is larger than {limit} bytes")
    try:
        return json.loads(bytes(raw))
    except (ValueError, UnicodeDecodeError) as exc:
        raise ApiError(400, "malformed_json", "the body is not valid JSON") from exc
    except RecursionError as exc:
        raise ApiError(400, "malformed_json", "the body nests too deeply") from exc
