"""Who is looking at a console page: the login behind the session cookie, the CSRF check
of every form, and the supervisor's scope (vss_server.areas)."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, Request

from vss_server import db as server_db
from vss_server.areas import Scope, areas_of, scope_for
from vss_server.config import ServerConfig
from vss_server.console import sessions
from vss_server.deps import ClockDep, EngineDep, SettingsDep


class NeedsLogin(Exception):
    """No live session: the page answers with a redirect to the login form."""

    def __init__(self, login_url: str) -> None:
        super().__init__(login_url)
        self.login_url = login_url


class CsrfRefused(Exception):
    """A form came without this session's CSRF token: refused, nothing done."""


def lifetimes(config: ServerConfig) -> sessions.Lifetimes:
    return sessions.Lifetimes(
        idle=timedelta(minutes=config.console_idle_minutes),
        most=timedelta(hours=config.console_session_max_hours),
    )


def login_redirect_target(request: Request) -> str:
    path = request.url.path
    if request.url.query:
        path += "?" + request.url.query
    return "/console/login?next=" + quote(path, safe="")


def current_login(
    request: Request, engine: EngineDep, settings: SettingsDep, clock: ClockDep
) -> sessions.Login:
    token = request.cookies.get(sessions.COOKIE)
    with server_db.write_session(engine, feed=False) as session:
        login = sessions.find(session, token, clock(), lifetimes(settings))
    if login is None:
        raise NeedsLogin(login_redirect_target(request))
    return login


ConsoleLogin = Annotated[sessions.Login, Depends(current_login)]


def scope_of(login: ConsoleLogin, engine: EngineDep) -> Scope:
    assert login.user.id is not None
    with server_db.read_session(engine) as session:
        return scope_for(session, areas_of(session, login.user.id))


ScopeDep = Annotated[Scope, Depends(scope_of)]


def check_csrf(login: sessions.Login, sent: str | None) -> None:
    if not sessions.csrf_ok(login, sent):
        raise CsrfRefused
