"""The console's pages under /console/ (issue 14): login, logout, language, overview.

Server-rendered (vss_server.console.render); forms post back with the session's CSRF
token; every figure is limited to the supervisor's areas.
"""

from __future__ import annotations

import hmac
import logging
import secrets
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlmodel import Session, col, select

from vss_core.enums import Metric
from vss_core.vietnam_time import local_day
from vss_server import campaigns, figure_cache, figures
from vss_server import db as server_db
from vss_server.areas import Scope
from vss_server.console import goals, i18n, laptops, sessions
from vss_server.console.auth import ConsoleLogin, ScopeDep, check_csrf, lifetimes
from vss_server.console.periods import (
    CAMPAIGN,
    Period,
    Span,
    campaign_choices,
    campaign_in_scope,
    chosen_period,
)
from vss_server.console.render import render
from vss_server.deps import ClockDep, EngineDep, LimiterDep, PasswordSlotsDep, SettingsDep
from vss_server.models import AuthEvent, UserAccount
from vss_server.ratelimit import Attempt
from vss_server.security import dummy_hash, verify_password

log = logging.getLogger(__name__)
router = APIRouter(prefix="/console", include_in_schema=False)
LOGIN_CSRF_COOKIE = "vss_login_csrf"  # double-submit token of the login form


def _safe_next(target: str | None) -> str:
    """Only a path of this console: never another site (an open redirect)."""
    if not target:
        return "/console/overview"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith("/console/"):
        return "/console/overview"
    return target


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


def _see_other(target: str) -> RedirectResponse:
    return RedirectResponse(target, status_code=303)


@router.get("/")
def home() -> RedirectResponse:
    return _see_other("/console/overview")


@router.get("/lang/{language}")
def choose_language(language: str, request: Request, next: str | None = None) -> Response:
    response = _see_other(_safe_next(next))
    if language in i18n.LANGUAGES:
        response.set_cookie(
            i18n.COOKIE,
            language,
            max_age=365 * 24 * 3600,
            httponly=True,
            samesite="strict",
            secure=_secure(request),
            path="/console",
        )
    return response


# --- login ----------------------------------------------------------------------------------


def _login_page(
    request: Request, next_path: str, error: str = "", status_code: int = 200, username: str = ""
) -> Response:
    token = secrets.token_urlsafe(24)
    response = render(
        request,
        "login.html",
        {"csrf": token, "next": next_path, "error": error, "username": username},
        status_code,
    )
    response.set_cookie(
        LOGIN_CSRF_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=_secure(request),
        path="/console/login",
    )
    return response


@router.get("/login")
def login_form(request: Request, next: str | None = None) -> Response:
    return _login_page(request, _safe_next(next))


@router.post("/login")
def login(
    request: Request,
    engine: EngineDep,
    settings: SettingsDep,
    limiter: LimiterDep,
    password_slots: PasswordSlotsDep,
    clock: ClockDep,
    username: Annotated[str, Form(max_length=64)] = "",
    password: Annotated[str, Form(max_length=256)] = "",
    csrf: Annotated[str, Form(max_length=64)] = "",
    next: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    target = _safe_next(next)
    expected = request.cookies.get(LOGIN_CSRF_COOKIE)
    if not expected or not hmac.compare_digest(expected, csrf):
        return _login_page(request, target, "expired_form", 400, username)
    address = request.client.host if request.client else "?"
    attempt = Attempt(username, address, None)
    if limiter.wait(attempt):
        return _login_page(request, target, "too_many", 429, username)
    with Session(engine, expire_on_commit=False) as session:
        user = session.exec(select(UserAccount).where(UserAccount.username == username)).first()
    with password_slots:
        valid = verify_password(password, user.password_hash if user else dummy_hash())
    if user is None or not valid or not user.active:
        limiter.failed(attempt)
        if user is not None:
            with server_db.write_session(engine, feed=False) as session:
                session.add(AuthEvent(event="login_failed", user_id=user.id, device_id="console"))
        return _login_page(request, target, "bad_credentials", 401, username)
    limiter.succeeded(attempt)
    if user.role != "supervisor":
        # The password was right: say why plainly, and keep no session.
        return _login_page(request, target, "not_supervisor", 403, username)
    with server_db.write_session(engine, feed=False) as session:
        token = sessions.start(session, user, clock(), lifetimes(settings))
        session.add(AuthEvent(event="console_login", user_id=user.id, device_id="console"))
    log.info("console login: user id %s", user.id)
    response = _see_other(target)
    response.set_cookie(
        sessions.COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=_secure(request),
        path="/console",
    )
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/console/login")
    return response


@router.post("/logout")
def logout(
    login: ConsoleLogin,
    engine: EngineDep,
    clock: ClockDep,
    csrf: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    check_csrf(login, csrf)
    with server_db.write_session(engine, feed=False) as session:
        sessions.end(session, login.session_id, clock())
        session.add(AuthEvent(event="console_logout", user_id=login.user.id, device_id="console"))
    response = _see_other("/console/login")
    response.delete_cookie(sessions.COOKIE, path="/console")
    return response


# --- overview -------------------------------------------------------------------------------

OVERVIEW_METRICS = (
    Metric.BHYT_HOUSEHOLD_ENROLLED,
    Metric.BHYT_RENEWED,
    Metric.VOLUNTARY_SI_ENROLLED,
    Metric.VSSID_INSTALLED,
    Metric.CASHLESS_REGISTERED,
)


def _campaign(session: Session, campaign_id: str, scope: Scope) -> campaigns.CampaignView | None:
    """The campaign asked for, when one of its communes is in the supervisor's areas."""
    found = campaigns.get(session, campaign_id[:36]) if campaign_id else None
    return found if found is not None and campaign_in_scope(found, scope) else None


@router.get("/overview")
def overview(
    request: Request,
    login: ConsoleLogin,
    scope: ScopeDep,
    engine: EngineDep,
    clock: ClockDep,
    span: str = "month",
    day: str | None = None,
    campaign: str = "",
) -> Response:
    today = local_day(clock())
    period, bad_day = chosen_period(span, day, today)  # a refused day is said on the page
    figure_cache.refresh(engine)  # the changes synced since the last look
    with server_db.read_session(engine) as session:
        chosen = _campaign(session, campaign, scope) if span == CAMPAIGN else None
        if chosen is not None:
            # A campaign's days and communes: counted afresh (the kept cells are per
            # calendar period and per commune of the scope, not per campaign).
            tables = campaigns.tally(session, chosen, scope)
            within = campaigns.campaign_scope(session, chosen, scope)
            daily = figures.daily_visits(session, chosen.start_date, chosen.end_date, within)
            period = Period(period.span, chosen.start_date, chosen.end_date)
            targets: dict[str, goals.Goals] = {}
        else:
            tables = figure_cache.overview(session, period.span.value, period.start, scope)
            daily = figure_cache.daily_visits(session, period.start, period.end, scope)
        per_collector, per_commune, total = tables.per_collector, tables.per_commune, tables.total
        machines = laptops.laptops(session, scope, clock())
        if chosen is None:
            targets = goals.goals_by_collector(session, period, per_collector)
        names = {
            u.username: u
            for u in session.exec(
                select(UserAccount).where(col(UserAccount.username).in_(list(per_collector)))
            )
        }
        offered = campaign_choices(session, scope, today)
    peak = max((n for _d, n in daily), default=0)
    return render(
        request,
        "overview.html",
        {
            "login": login,
            "period": period,
            "spans": list(Span),
            "campaign": chosen,
            "campaigns": offered,
            "campaign_missing": span == CAMPAIGN and chosen is None,
            "campaign_goals": {Metric(k): v for k, v in chosen.targets.items()} if chosen else {},
            "metrics": OVERVIEW_METRICS,
            "per_collector": per_collector,
            "per_commune": per_commune,
            "total": total,
            "daily": daily,
            "peak": peak,
            "users": names,
            "today": today,
            "bad_day": bad_day,
            "laptops": machines,
            "flagged": [m for m in machines if m.flagged],
            "goals": targets,
            "percent": goals.percent,
            "amount_metric": Metric.AMOUNT_COLLECTED,
        },
    )
