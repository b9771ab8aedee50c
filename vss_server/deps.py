"""What the routes take from the application: its settings, database, login limiter and
the caller (the account and device behind the bearer token). create_app puts the shared
objects in app.state; these dependencies hand them out."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from typing import Annotated

import sqlalchemy as sa
from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlmodel import Session, col, select

from vss_core.clock import utcnow
from vss_server import db as server_db
from vss_server.config import ServerConfig
from vss_server.errors import ApiError
from vss_server.models import DeviceToken, UserAccount
from vss_server.ratelimit import LoginLimiter
from vss_server.security import token_hash

LAST_USED_EVERY = timedelta(hours=1)  # how stale a token's last_used_at may get


def get_settings(request: Request) -> ServerConfig:
    return request.app.state.config


def get_engine(request: Request) -> sa.Engine:
    return request.app.state.engine


def get_limiter(request: Request) -> LoginLimiter:
    return request.app.state.limiter


def get_password_slots(request: Request) -> threading.BoundedSemaphore:
    return request.app.state.password_slots


SettingsDep = Annotated[ServerConfig, Depends(get_settings)]
EngineDep = Annotated[sa.Engine, Depends(get_engine)]
LimiterDep = Annotated[LoginLimiter, Depends(get_limiter)]
PasswordSlotsDep = Annotated[threading.BoundedSemaphore, Depends(get_password_slots)]

Clock = Callable[[], datetime]  # now, as an aware UTC datetime


def get_clock(request: Request) -> Clock:
    """The clock token expiry is read on: the wall clock, unless the application was
    handed another in app.state.clock (tests move one forward instead of sleeping)."""
    return getattr(request.app.state, "clock", utcnow)


ClockDep = Annotated[Clock, Depends(get_clock)]


def get_session(engine: EngineDep) -> Iterator[Session]:
    """A read-only snapshot (vss_server.db.read_session) for the route's own reads."""
    with server_db.read_session(engine) as session:
        yield session


# scope="function": the snapshot ends when the route returns, before the answer is sent.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]

bearer = HTTPBearer(auto_error=False, description="the token from /auth/login")


def current_token(
    engine: EngineDep,
    clock: ClockDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> tuple[UserAccount, DeviceToken]:
    """The caller's account and device token; 401 when missing, expired or revoked."""
    challenge = {"WWW-Authenticate": "Bearer"}
    if credentials is None:
        raise ApiError(401, "unauthorized", "log in first", challenge)
    now = clock()
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
                sa.update(DeviceToken).where(col(DeviceToken.id) == row.id).values(last_used_at=now)
            )
    return user, row


Auth = Annotated[tuple[UserAccount, DeviceToken], Depends(current_token)]
