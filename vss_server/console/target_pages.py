"""/console/targets: the targets of the supervisor's collectors and those for every
collector; set or clear one (issue 14, page 5), as ``vss-server set-target`` does.

Writes go through vss_server.targets.apply_changes (its checks, audit line and version
counter), with the console as the device and the supervisor as the actor. A supervisor
sets targets for the collectors in their area (vss_server.console.people.Viewer); the
rows for every collector reach every commune, so only an everywhere-supervisor sets or
clears them (the others see them).
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlmodel import select

from vss_core.enums import TARGET_VALUE_MAX, Metric, PeriodKind
from vss_core.formatting import parse_day, parse_money
from vss_core.vietnam_time import local_day
from vss_server import db as server_db
from vss_server import targets as server_targets
from vss_server.console import people
from vss_server.console.auth import ConsoleLogin, ScopeDep, check_csrf
from vss_server.console.render import render
from vss_server.deps import ClockDep, EngineDep
from vss_server.models import Target, UserAccount

log = logging.getLogger(__name__)
router = APIRouter(prefix="/console", include_in_schema=False)
MAX_ROWS = 500  # shown at once; the year and collector filters narrow the list
EVERY = "*"  # the form's value for "every collector"


def N_(text: str) -> str:
    """Marks a string for the catalog (tools/console_i18n.py); translated when shown."""
    return text


METRIC_LABELS = {
    Metric.BHYT_HOUSEHOLD_ENROLLED.value: N_("New household health insurance"),
    Metric.BHYT_RENEWED.value: N_("Health insurance renewed"),
    Metric.VOLUNTARY_SI_ENROLLED.value: N_("New voluntary social insurance"),
    Metric.VSSID_INSTALLED.value: N_("VssID installed"),
    Metric.CASHLESS_REGISTERED.value: N_("Cashless payment registered"),
    Metric.AMOUNT_COLLECTED.value: N_("Money collected"),
}
KIND_LABELS = {
    PeriodKind.MONTH.value: N_("Month"),
    PeriodKind.QUARTER.value: N_("Quarter"),
    PeriodKind.YEAR.value: N_("Year"),
}
REFUSALS = {
    "bad_day": N_("That is not a date: write a day of the period as dd/mm/yyyy."),
    "bad_value": N_("The value must be a whole number from 0 to %(max)s."),
    "out_of_area": N_("That collector is not in your area: nothing was changed."),
    "every_collector": N_(
        "Only a supervisor of every area may set or clear a target for every collector."
    ),
    "unknown_collector": N_("That collector account does not exist or is disabled."),
    "invalid_target": N_("Choose a metric and a period: nothing was changed."),
}
DONE = {
    "set": N_("The target is set."),
    "cleared": N_("The target is cleared."),
    "unchanged": N_("Nothing to change: the target already was so."),
}


class Refused(ValueError):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def period_label(target: Target) -> tuple[str, dict[str, int]]:
    """The period as a translatable pattern and its numbers: 11/2026, Q4/2026, 2026."""
    start = target.period_start
    if target.period_kind == PeriodKind.MONTH:
        return "%(m)s/%(y)s", {"m": start.month, "y": start.year}
    if target.period_kind == PeriodKind.QUARTER:
        return N_("Q%(q)s/%(y)s"), {"q": (start.month - 1) // 3 + 1, "y": start.year}
    return "%(y)s", {"y": start.year}


def _viewer(engine: EngineDep, login: ConsoleLogin, scope: ScopeDep) -> people.Viewer:
    with server_db.read_session(engine) as session:
        return people.viewer_of(session, login.user, scope)


@router.get("/targets")
def target_list(
    request: Request,
    login: ConsoleLogin,
    scope: ScopeDep,
    engine: EngineDep,
    clock: ClockDep,
    year: int | None = None,
    collector: str = "",
    done: str = "",
    refused: str = "",
) -> Response:
    today = local_day(clock())
    shown_year = year if year is not None and 2000 <= year <= 2100 else today.year
    with server_db.read_session(engine) as session:
        viewer = people.viewer_of(session, login.user, scope)
        rows = [
            t
            for t in server_targets.targets_for(session, None)
            if t.period_start.year == shown_year
            and (
                t.collector is None or viewer.collectors is None or t.collector in viewer.collectors
            )
            and (not collector or (t.collector or EVERY) == collector)
        ]
        accounts = {
            u.username: u
            for u in session.exec(
                # every collector account, disabled ones too: their targets stay listed
                select(UserAccount).where(UserAccount.role == "collector")
            )
            if viewer.collectors is None or u.username in viewer.collectors
        }
    rows.sort(key=lambda t: (t.collector is not None, t.collector or "", t.period_start, t.metric))
    return render(
        request,
        "targets.html",
        {
            "login": login,
            "rows": rows[:MAX_ROWS],
            "total": len(rows),
            "max_rows": MAX_ROWS,
            "year": shown_year,
            "collector": collector,
            "accounts": accounts,
            "active": [u for u in accounts.values() if u.active],
            "everywhere": viewer.everywhere,
            "today": today,
            "done": done[:16],
            "refused": refused[:32],
            "metric_labels": METRIC_LABELS,
            "kind_labels": KIND_LABELS,
            "refusals": REFUSALS,
            "done_labels": DONE,
            "period_label": period_label,
            "value_max": TARGET_VALUE_MAX,
            "every": EVERY,
        },
    )


def _value(metric: str, text: str) -> int | None:
    """The typed value (money may carry dots and ₫); None: blank, which clears."""
    if not text.strip():
        return None
    try:
        value = parse_money(text) if metric == Metric.AMOUNT_COLLECTED else int(text.strip())
    except ValueError:
        raise Refused("bad_value") from None
    if not 0 <= value <= TARGET_VALUE_MAX:
        raise Refused("bad_value")
    return value


def _change(
    viewer: people.Viewer, metric: str, period_kind: str, day: str, value: int | None, who: str
) -> server_targets.TargetChange:
    chosen: date | None = parse_day(day)
    if chosen is None:
        raise Refused("bad_day")
    if who == EVERY:
        if not viewer.everywhere:
            raise Refused("every_collector")
        return server_targets.TargetChange(metric, period_kind, chosen, value, None)
    if viewer.collectors is not None and who not in viewer.collectors:
        raise Refused("out_of_area")
    return server_targets.TargetChange(metric, period_kind, chosen, value, who)


def _apply(
    engine: EngineDep, login: ConsoleLogin, change: server_targets.TargetChange
) -> dict[str, str]:
    try:
        outcome = server_targets.apply_changes(
            engine,
            [change],
            actor=login.user.username,
            user_id=login.user.id,
            device_id=people.CONSOLE_DEVICE,
        )
    except server_targets.TargetRefused as exc:
        code = exc.code if exc.code in REFUSALS else "invalid_target"
        return {"refused": code}
    log.info("console: user id %s changed a target", login.user.id)
    done = "set" if outcome.set else "cleared" if outcome.cleared else "unchanged"
    return {"done": done}


def _back(year: str, outcome: dict[str, str]) -> RedirectResponse:
    query = {"year": year} if year.isdigit() else {}
    return RedirectResponse(f"/console/targets?{urlencode(query | outcome)}", status_code=303)


@router.post("/targets/set")
def set_target(
    login: ConsoleLogin,
    scope: ScopeDep,
    engine: EngineDep,
    csrf: Annotated[str, Form(max_length=64)] = "",
    metric: Annotated[str, Form(max_length=32)] = "",
    period_kind: Annotated[str, Form(max_length=16)] = "",
    day: Annotated[str, Form(max_length=20)] = "",
    value: Annotated[str, Form(max_length=40)] = "",
    collector: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    check_csrf(login, csrf)
    viewer = _viewer(engine, login, scope)
    try:
        amount = _value(metric, value)
        if amount is None:
            raise Refused("bad_value")
        change = _change(viewer, metric, period_kind, day, amount, collector)
    except Refused as exc:
        return _back("", {"refused": exc.code})
    return _back(str(change.day.year), _apply(engine, login, change))


@router.post("/targets/clear")
def clear_target(
    login: ConsoleLogin,
    scope: ScopeDep,
    engine: EngineDep,
    csrf: Annotated[str, Form(max_length=64)] = "",
    metric: Annotated[str, Form(max_length=32)] = "",
    period_kind: Annotated[str, Form(max_length=16)] = "",
    day: Annotated[str, Form(max_length=20)] = "",
    collector: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    check_csrf(login, csrf)
    viewer = _viewer(engine, login, scope)
    try:
        change = _change(viewer, metric, period_kind, day, None, collector)
    except Refused as exc:
        return _back("", {"refused": exc.code})
    return _back(str(change.day.year), _apply(engine, login, change))
