"""/console/campaigns: the district's campaigns (issue 15) in the supervisors' console.

- the list: the campaigns with a commune in the supervisor's areas (every one for an
  everywhere-supervisor), a form to create one (vss_server.campaigns.create: its checks,
  counter and audit line) over communes of the supervisor's areas, Close for open ones;
- a campaign's tally (vss_server.campaigns.tally within the supervisor's scope): per
  commune, in all and per collector, against the campaign's targets; its outreach
  (vss_server.outreach): events, attendees and walk-ins per commune, referrals per collector;
- the same report as .xlsx and as a one-page PDF (vss_server.campaign_report).

A campaign none of whose communes is in the supervisor's areas is a 404 page, like any
page outside the area. Refusals are said on the page in the supervisor's language;
nothing is written.
"""

from __future__ import annotations

import logging
import re
from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

import sqlalchemy as sa
from fastapi import APIRouter, Form, Request
from fastapi.responses import FileResponse, RedirectResponse, Response
from sqlmodel import Session, col, select

from vss_core.enums import TARGET_VALUE_MAX, Metric
from vss_core.formatting import parse_day, parse_money
from vss_core.tables import table_of
from vss_core.text import fold
from vss_core.vietnam_time import local_day
from vss_server import campaign_report, campaigns
from vss_server import db as server_db
from vss_server.areas import Scope, place_key
from vss_server.config import ServerConfig
from vss_server.console import downloads, i18n, sessions
from vss_server.console.auth import ConsoleLogin, ScopeDep, check_csrf
from vss_server.console.periods import campaign_in_scope
from vss_server.console.render import language_of, render
from vss_server.deps import ClockDep, EngineDep, SettingsDep
from vss_server.models import Household, UserAccount

log = logging.getLogger(__name__)
router = APIRouter(prefix="/console", include_in_schema=False)
H = table_of(Household)
TARGET_FIELD = "target_"  # the form's field of a metric's target: target_<metric>


def N_(text: str) -> str:
    """Marks a string for the catalog (tools/console_i18n.py); translated when shown."""
    return text


HEADERS = {
    Metric.VOLUNTARY_SI_ENROLLED.value: N_("New voluntary social insurance"),
    campaign_report.BHYT_TOTAL: N_("Health insurance participants"),
    Metric.BHYT_HOUSEHOLD_ENROLLED.value: N_("of which new household"),
    Metric.BHYT_RENEWED.value: N_("of which renewed"),
    Metric.VSSID_INSTALLED.value: N_("VssID installed"),
    Metric.CASHLESS_REGISTERED.value: N_("Cashless payment registered"),
    Metric.AMOUNT_COLLECTED.value: N_("Money collected"),
}
METRIC_LABELS = {
    Metric.VOLUNTARY_SI_ENROLLED.value: N_("New voluntary social insurance"),
    Metric.BHYT_HOUSEHOLD_ENROLLED.value: N_("New household health insurance"),
    Metric.BHYT_RENEWED.value: N_("Health insurance renewed"),
    Metric.VSSID_INSTALLED.value: N_("VssID installed"),
    Metric.CASHLESS_REGISTERED.value: N_("Cashless payment registered"),
    Metric.AMOUNT_COLLECTED.value: N_("Money collected"),
}
REFUSALS = {
    "bad_name": N_("Give the campaign a name of 1 to 120 characters, without tabs or line breaks."),
    "bad_date": N_("Write the first and the last day as dd/mm/yyyy."),
    "date_range": N_("The days of a campaign lie between 01/01/2000 and 31/12/2099."),
    "date_order": N_("The last day is before the first day."),
    "too_long": N_("A campaign lasts at most 366 days."),
    "no_commune": N_("Tick at least one commune (at most 200)."),
    "outside": N_("A commune you chose is outside your area."),
    "unknown_commune": N_("%(place)s is not a commune of that province."),
    "bad_target": N_("A target is a whole number from 0 to %(max)s."),
    "not_allowed": N_("Only a supervisor of every commune of this campaign may close it."),
    "invalid": N_("The campaign could not be saved: check its fields."),
}
DONE = {
    "created": N_("The campaign is created: the collectors' apps get it at their next sync."),
    "closed": N_("The campaign is closed."),
    "already_closed": N_("That campaign was already closed."),
}
STATUS = {campaigns.OPEN: N_("open"), campaigns.CLOSED: N_("closed")}
REPORT_WORDS = {
    "title": N_("Campaign report: %(name)s"),
    "dates": N_("From %(start)s to %(end)s"),
    "area": N_("Area: %(area)s"),
    "printed": N_("Printed on %(day)s"),
    "commune": N_("Commune"),
    "province": N_("Province"),
    "total": N_("Total"),
    "target": N_("Target"),
    "percent": N_("Percent of target"),
    "collector": N_("Collector"),
    "full_name": N_("Full name"),
    "per_commune": N_("Per commune"),
    "per_collector": N_("Per collector"),
    "outreach": N_("Outreach"),
    "events": N_("Events"),
    "attendees": N_("Attendees"),
    "walk_ins": N_("Walk-in households"),
    "referrals": N_("Referred households"),
    "walk_ins_counted": N_(
        "Events held in the campaign's communes and days; walk-in households are those met at"
        " them. Their results are counted once in the figures above."
    ),
}
EVERYWHERE = N_("All areas")

# CampaignRefused messages (English, from vss_server.campaigns) -> the page's refusal.
_MESSAGES = (
    ("name:", "bad_name"),
    ("the end date is before", "date_order"),
    ("start date", "date_range"),
    ("end date", "date_range"),
    ("a campaign lasts", "too_long"),
    ("1 to", "no_commune"),
    ("unknown metric", "bad_target"),
    ("target", "bad_target"),
)


class Refused(ValueError):
    def __init__(self, code: str, **values: str) -> None:
        super().__init__(code)
        self.code, self.values = code, values


# --- who may see what ---------------------------------------------------------------------


def may_close(campaign: campaigns.CampaignView, scope: Scope) -> bool:
    """Closing ends the campaign for every commune: only a supervisor of all of them."""
    return len(campaign_report.communes_in_scope(campaign, scope)) == len(campaign.communes)


def _visible(session: Session, campaign_id: str, scope: Scope) -> campaigns.CampaignView | None:
    if len(campaign_id) > 36:
        return None
    found = campaigns.get(session, campaign_id)
    return found if found is not None and campaign_in_scope(found, scope) else None


def commune_choices(session: Session, scope: Scope) -> list[tuple[str, str]]:
    """The communes a campaign may cover: those of the area's live households, one per
    place (spelling variants of one commune once), by commune name."""
    rows = session.execute(
        sa.select(H.c.province, H.c.commune)
        .where(H.c.deleted.is_(False), scope.household_clause())
        .distinct()
    )
    found: dict[tuple[str, str], tuple[str, str]] = {}
    for province, commune in sorted(rows):
        if province and commune:
            found.setdefault((place_key(province), place_key(commune)), (province, commune))
    return sorted(found.values(), key=lambda pc: (fold(pc[1]), fold(pc[0])))


def area_label(scope: Scope, gettext: Any) -> str:
    if scope.everything:
        return str(gettext(EVERYWHERE))
    return "; ".join(a.label() for a in scope.areas)


# --- the list and the form ----------------------------------------------------------------


@router.get("/campaigns")
def campaign_list(
    request: Request,
    login: ConsoleLogin,
    scope: ScopeDep,
    engine: EngineDep,
    clock: ClockDep,
    done: str = "",
    refused: str = "",
) -> Response:
    form = {"name": "", "start": "", "end": "", "communes": [], "targets": {}}
    # Only a refusal without values comes back through the address (after a Close).
    problem: tuple[str, dict[str, str]] | None = (refused, {}) if refused == "not_allowed" else None
    return _page(request, login, scope, engine, local_day(clock()), form, done[:16], problem)


def _page(
    request: Request,
    login: sessions.Login,
    scope: Scope,
    engine: sa.Engine,
    today: date,
    form: dict[str, Any],
    done: str = "",
    problem: tuple[str, dict[str, str]] | None = None,
    status_code: int = 200,
) -> Response:
    with server_db.read_session(engine) as session:
        shown = [c for c in campaigns.every(session) if campaign_in_scope(c, scope)]
        choices = commune_choices(session, scope)
    return render(
        request,
        "campaigns.html",
        {
            "login": login,
            "campaigns": shown,
            "choices": choices,
            "may_close": lambda c: c.status == campaigns.OPEN and may_close(c, scope),
            "in_scope": lambda c: campaign_report.communes_in_scope(c, scope),
            "form": form,
            "done": done if done in DONE else "",
            "done_labels": DONE,
            "problem": problem,
            "refusals": REFUSALS,
            "status_labels": STATUS,
            "metric_labels": METRIC_LABELS,
            "target_field": TARGET_FIELD,
            "value_max": TARGET_VALUE_MAX,
            "today": today,
        },
        status_code,
    )


def _day(text: str) -> date:
    day = parse_day(text)
    if day is None:
        raise Refused("bad_date")
    return day


def _targets(given: dict[str, str]) -> dict[str, int]:
    """The typed targets (blank: none); money may carry dots and ₫."""
    out: dict[str, int] = {}
    for metric, text in given.items():
        if not text.strip():
            continue
        try:
            value = parse_money(text) if metric == Metric.AMOUNT_COLLECTED else int(text.strip())
        except ValueError:
            raise Refused("bad_target") from None
        if not 0 <= value <= TARGET_VALUE_MAX:
            raise Refused("bad_target")
        out[metric] = value
    return out


def _communes(ticked: list[str], scope: Scope, today: date) -> tuple[tuple[str, str], ...]:
    """The ticked "PROVINCE|COMMUNE" values: each in the supervisor's areas and a real
    commune of its province (named on the page when it is not)."""
    if not 1 <= len(ticked) <= campaigns.COMMUNES_MAX:
        raise Refused("no_commune")
    pairs = []
    for value in ticked:
        province, bar, commune = value.partition("|")
        if not bar or not province.strip() or not commune.strip():
            raise Refused("no_commune")
        if not scope.everything and not any(a.covers(province, commune) for a in scope.areas):
            raise Refused("outside")
        if campaigns.canonical_place(province, commune, today) is None:
            raise Refused("unknown_commune", place=f"{commune} ({province})"[:120])
        pairs.append((province, commune))
    return tuple(pairs)


def _refusal_of(exc: campaigns.CampaignRefused) -> Refused:
    if exc.code == "unknown_commune":
        return Refused("unknown_commune", place=exc.message.rpartition(": ")[2][:120])
    for start, code in _MESSAGES:
        if exc.message.startswith(start):
            return Refused(code)
    return Refused("invalid")


@router.post("/campaigns/create")
def create_campaign(
    request: Request,
    login: ConsoleLogin,
    scope: ScopeDep,
    engine: EngineDep,
    clock: ClockDep,
    csrf: Annotated[str, Form(max_length=64)] = "",
    name: Annotated[str, Form(max_length=400)] = "",
    start: Annotated[str, Form(max_length=20)] = "",
    end: Annotated[str, Form(max_length=20)] = "",
    commune: Annotated[list[str], Form()] = [],  # noqa: B006 (FastAPI copies the default)
    target_voluntary_si_enrolled: Annotated[str, Form(max_length=40)] = "",
    target_bhyt_household_enrolled: Annotated[str, Form(max_length=40)] = "",
    target_bhyt_renewed: Annotated[str, Form(max_length=40)] = "",
    target_vssid_installed: Annotated[str, Form(max_length=40)] = "",
    target_cashless_registered: Annotated[str, Form(max_length=40)] = "",
    target_amount_collected: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    check_csrf(login, csrf)
    typed = {
        Metric.VOLUNTARY_SI_ENROLLED.value: target_voluntary_si_enrolled,
        Metric.BHYT_HOUSEHOLD_ENROLLED.value: target_bhyt_household_enrolled,
        Metric.BHYT_RENEWED.value: target_bhyt_renewed,
        Metric.VSSID_INSTALLED.value: target_vssid_installed,
        Metric.CASHLESS_REGISTERED.value: target_cashless_registered,
        Metric.AMOUNT_COLLECTED.value: target_amount_collected,
    }
    form = {"name": name, "start": start, "end": end, "communes": commune, "targets": typed}
    try:
        spec = campaigns.CampaignSpec(
            name,
            _day(start),
            _day(end),
            _communes(commune[:1000], scope, local_day(clock())),
            _targets(typed),
        )
        campaign_id = campaigns.create(engine, spec, login.user.username, login.user.id)
    except Refused as exc:
        return _refuse(request, login, scope, engine, clock, form, exc)
    except campaigns.CampaignRefused as exc:
        return _refuse(request, login, scope, engine, clock, form, _refusal_of(exc))
    log.info("console: user id %s created campaign %s", login.user.id, campaign_id)
    return _back({"done": "created"})


def _refuse(
    request: Request,
    login: sessions.Login,
    scope: Scope,
    engine: sa.Engine,
    clock: Any,
    form: dict[str, Any],
    exc: Refused,
) -> Response:
    """The list page again, the form as it was typed, the reason said above it."""
    today = local_day(clock())
    values = {"max": f"{TARGET_VALUE_MAX:,}".replace(",", "."), **exc.values}
    return _page(request, login, scope, engine, today, form, "", (exc.code, values), 400)


def _back(outcome: dict[str, str]) -> RedirectResponse:
    return RedirectResponse(f"/console/campaigns?{urlencode(outcome)}", status_code=303)


@router.post("/campaigns/{campaign_id}/close")
def close_campaign(
    request: Request,
    campaign_id: str,
    login: ConsoleLogin,
    scope: ScopeDep,
    engine: EngineDep,
    csrf: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    check_csrf(login, csrf)
    with server_db.read_session(engine) as session:
        campaign = _visible(session, campaign_id, scope)
    if campaign is None:
        return _not_found(request, login)
    if not may_close(campaign, scope):
        return _back({"refused": "not_allowed"})
    try:
        closed = campaigns.close(engine, campaign.id, login.user.username, login.user.id)
    except campaigns.CampaignRefused:
        return _not_found(request, login)
    log.info("console: user id %s closed campaign %s", login.user.id, campaign.id)
    return _back({"done": "closed" if closed else "already_closed"})


def _not_found(request: Request, login: sessions.Login) -> Response:
    return render(request, "not_found.html", {"login": login}, 404)


# --- the tally and its report ---------------------------------------------------------------


def _words(gettext: Any) -> campaign_report.Words:
    texts = {key: str(gettext(text)) for key, text in REPORT_WORDS.items()}
    headers = {key: str(gettext(text)) for key, text in HEADERS.items()}
    return campaign_report.Words(**texts, headers=headers)


def _report(
    session: Session,
    campaign: campaigns.CampaignView,
    scope: Scope,
    gettext: Any,
    today: date,
) -> campaign_report.Report:
    report = campaign_report.build(session, campaign, scope, area_label(scope, gettext), today)
    named = sorted(set(report.per_collector) | set(report.outreach.referrals))
    report.full_names = {
        u.username: u.full_name
        for u in session.exec(select(UserAccount).where(col(UserAccount.username).in_(named)))
    }
    return report


@router.get("/campaigns/{campaign_id}")
def campaign_tally(
    request: Request,
    campaign_id: str,
    login: ConsoleLogin,
    scope: ScopeDep,
    engine: EngineDep,
    clock: ClockDep,
) -> Response:
    gettext = i18n.gettext_for(language_of(request))
    with server_db.read_session(engine) as session:
        campaign = _visible(session, campaign_id, scope)
        if campaign is None:
            return _not_found(request, login)
        report = _report(session, campaign, scope, gettext, local_day(clock()))
    return render(
        request,
        "campaign.html",
        {
            "login": login,
            "campaign": campaign,
            "report": report,
            "columns": campaign_report.COLUMNS,
            "headers": HEADERS,
            "status_labels": STATUS,
            "may_close": campaign.status == campaigns.OPEN and may_close(campaign, scope),
            "words": REPORT_WORDS,
        },
    )


@router.get("/campaigns/{campaign_id}/report.{kind}")
def campaign_file(
    request: Request,
    campaign_id: str,
    kind: str,
    login: ConsoleLogin,
    scope: ScopeDep,
    engine: EngineDep,
    settings: SettingsDep,
    clock: ClockDep,
) -> Response:
    """The report as an attachment: ``kind`` "pdf" or "xlsx"."""
    writers = {"pdf": campaign_report.write_pdf, "xlsx": campaign_report.write_xlsx}
    writer = writers.get(kind)
    gettext = i18n.gettext_for(language_of(request))
    with server_db.read_session(engine) as session:
        campaign = _visible(session, campaign_id, scope)
        if campaign is None or writer is None:
            return _not_found(request, login)
        report = _report(session, campaign, scope, gettext, local_day(clock()))
    words = _words(gettext)
    name = f"{file_slug('chien-dich', campaign.name, campaign.start_date.isoformat())}.{kind}"
    return _send(settings, name, kind, lambda path: writer(report, words, path))


def file_slug(*parts: str) -> str:
    """An ASCII file name part: "Chiến dịch tháng 11" -> "chien-dich-thang-11"."""
    return "-".join(s for p in parts if (s := re.sub(r"[^a-z0-9]+", "-", fold(p)).strip("-")))[:80]


def _send(settings: ServerConfig, name: str, kind: str, write: Any) -> FileResponse:
    """A report is sent like the exports (written, sent, deleted): no personal data in it,
    but the same care costs nothing."""
    media = downloads.PDF if kind == "pdf" else downloads.XLSX
    return downloads.send_written(settings, name, write, media)
