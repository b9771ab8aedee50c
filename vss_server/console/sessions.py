"""Console logins: a random token in an HttpOnly cookie, its hash in ``console_session``.

Server-side sessions (not a signed cookie) so that logout, a disabled account, a new
password and idle expiry end a session at once. Each session has its own CSRF token,
sent back with every form (vss_server.console.pages checks it on every POST).
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, col, select

from vss_server.models import ConsoleSession, UserAccount
from vss_server.security import new_token, token_hash

COOKIE = "vss_console"
# last_seen_at is written at most this often: a page's assets do not each write a row.
SEEN_EVERY = timedelta(seconds=60)


@dataclass(frozen=True)
class Lifetimes:
    idle: timedelta
    most: timedelta


@dataclass(frozen=True)
class Login:
    """A live console session and its account."""

    user: UserAccount
    session_id: int
    csrf_token: str


def start(session: Session, user: UserAccount, now: datetime, lifetimes: Lifetimes) -> str:
    """A new console session for ``user``; returns the cookie's token."""
    assert user.id is not None
    token = new_token()
    session.add(
        ConsoleSession(
            token_hash=token_hash(token),
            user_id=user.id,
            csrf_token=secrets.token_urlsafe(32),
            created_at=now,
            last_seen_at=now,
            expires_at=now + lifetimes.most,
        )
    )
    return token


def find(session: Session, token: str | None, now: datetime, lifetimes: Lifetimes) -> Login | None:
    """The live session of a cookie token, refreshed; None when missing, ended, idle too
    long, past its end, or its account is disabled or no longer a supervisor."""
    if not token:
        return None
    row = session.exec(
        select(ConsoleSession, UserAccount)
        .join(UserAccount, col(UserAccount.id) == ConsoleSession.user_id)
        .where(ConsoleSession.token_hash == token_hash(token))
    ).first()
    if row is None:
        return None
    console, user = row
    live = (
        console.ended_at is None
        and now < console.expires_at
        and now - console.last_seen_at < lifetimes.idle
        and user.active
        and user.role == "supervisor"
    )
    if not live:
        if console.ended_at is None:
            end(session, console.id, now)
        return None
    if now - console.last_seen_at >= SEEN_EVERY:
        session.execute(
            sa.update(ConsoleSession)
            .where(col(ConsoleSession.id) == console.id)
            .values(last_seen_at=now)
        )
    assert console.id is not None
    return Login(user, console.id, console.csrf_token)


def end(session: Session, session_id: int | None, now: datetime) -> None:
    session.execute(
        sa.update(ConsoleSession)
        .where(col(ConsoleSession.id) == session_id, col(ConsoleSession.ended_at).is_(None))
        .values(ended_at=now)
    )


def end_all_of(session: Session, user_id: int, now: datetime) -> int:
    """End every console session of an account (password reset, account disabled)."""
    result = session.connection().execute(
        sa.update(ConsoleSession)
        .where(col(ConsoleSession.user_id) == user_id, col(ConsoleSession.ended_at).is_(None))
        .values(ended_at=now)
    )
    return int(result.rowcount or 0)


def csrf_ok(login: Login, sent: str | None) -> bool:
    return bool(sent) and hmac.compare_digest(login.csrf_token, sent or "")
