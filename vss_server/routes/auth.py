"""Login, logout, a device's new id, and the devices (tokens) a caller may see or revoke.
See docs/security.md."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime, timedelta
from typing import Annotated

import sqlalchemy as sa
from fastapi import APIRouter, Path, Request
from sqlmodel import Session, col, select

from vss_server import db as server_db
from vss_server.deps import (
    Auth,
    EngineDep,
    LimiterDep,
    PasswordSlotsDep,
    SessionDep,
    SettingsDep,
)
from vss_server.errors import ApiError
from vss_server.inputs import CleanStr
from vss_server.models import AuthEvent, DeviceToken, UserAccount
from vss_server.ratelimit import Attempt, known_device
from vss_server.schemas import (
    CollectorOut,
    DeviceOut,
    DevicesOut,
    LoginIn,
    LoginOut,
    RevokeOut,
    RotateIn,
    error_responses,
)
from vss_server.security import (
    dummy_hash,
    hash_password,
    needs_rehash,
    new_token,
    token_hash,
    verify_password,
)

log = logging.getLogger(__name__)

router = APIRouter()


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
    assert user.id is not None  # a stored account: the database gave it its id
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
        .where(col(DeviceToken.id) == token.id, col(DeviceToken.revoked_at).is_(None))
        .values(revoked_at=when)
    )


def _find_user(engine: sa.Engine, username: str, device_id: str) -> tuple[UserAccount | None, bool]:
    """The account of that name (or None) and whether it used this device before."""
    with Session(engine, expire_on_commit=False) as session:
        user = session.exec(select(UserAccount).where(UserAccount.username == username)).first()
        return user, known_device(session, user.id if user else None, device_id)


@router.post(
    "/auth/login",
    response_model=LoginOut,
    responses=error_responses(400, 401, 422, 429),
    tags=["auth"],
)
def login(
    body: LoginIn,
    request: Request,
    engine: EngineDep,
    settings: SettingsDep,
    limiter: LimiterDep,
    password_slots: PasswordSlotsDep,
) -> LoginOut:
    # Its own short session, closed before the slow check: a login never holds up a push.
    user, known = _find_user(engine, body.username, body.device_id)
    attempt = Attempt(body.username, client_address(request), body.device_id if known else None)
    refuse_if_locked(limiter.wait(attempt))
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
                .where(col(UserAccount.id) == user.id)
                .values(password_hash=hash_password(body.password))
            )
        answer = _issue_token(
            session, user, body.device_id, body.device_name, settings.token_ttl_days
        )
        session.add(AuthEvent(event="login", user_id=user.id, device_id=body.device_id))
    log.info("login ok: user id %s", user.id)
    return answer


@router.post("/auth/logout", status_code=204, responses=error_responses(401), tags=["auth"])
def logout(auth: Auth, engine: EngineDep) -> None:
    user, token = auth
    with server_db.write_session(engine, feed=False) as session:
        _revoke(session, token, datetime.now(UTC))
        session.add(AuthEvent(event="logout", user_id=user.id, device_id=token.device_id))


@router.post(
    "/auth/rotate-device",
    response_model=LoginOut,
    responses=error_responses(400, 401, 422),
    tags=["auth"],
)
def rotate_device(body: RotateIn, auth: Auth, engine: EngineDep, settings: SettingsDep) -> LoginOut:
    """A device whose history the server no longer matches continues under a new id."""
    user, old = auth
    with server_db.write_session(engine, feed=False) as session:
        _revoke(session, old, datetime.now(UTC))
        answer = _issue_token(
            session, user, body.device_id, body.device_name, settings.token_ttl_days
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


@router.get("/devices", response_model=DevicesOut, responses=error_responses(401), tags=["devices"])
def list_devices(auth: Auth, session: SessionDep) -> DevicesOut:
    """Live tokens: a collector's own; a supervisor sees every account's."""
    user, mine = auth
    stmt = (
        select(DeviceToken, UserAccount.username)
        .join(UserAccount, col(UserAccount.id) == DeviceToken.user_id)
        .where(col(DeviceToken.revoked_at).is_(None), DeviceToken.expires_at > datetime.now(UTC))
        .order_by(col(UserAccount.username), col(DeviceToken.created_at))
    )
    if user.role != "supervisor":
        stmt = stmt.where(DeviceToken.user_id == user.id)
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
            for t, username in session.exec(stmt).all()
        ]
    )


@router.post(
    "/devices/{device_id}/revoke",
    response_model=RevokeOut,
    responses=error_responses(401, 404, 422),
    tags=["devices"],
)
def revoke_device(
    device_id: Annotated[CleanStr, Path(min_length=1, max_length=64)],
    auth: Auth,
    engine: EngineDep,
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
            col(DeviceToken.revoked_at).is_(None),
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
