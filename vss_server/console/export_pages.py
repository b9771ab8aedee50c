"""/console/exports: the supervisor's downloads as .xlsx, within their area (issue 14,
page 6).

- The households list of a commune, a village or a collector, in the import template's
  layout (vss_server.list_export: the file imports back unchanged);
- D03-TS and D05-TS of a period for a commune or a collector (vss_server.forms_export,
  the command line's query and vss_core's writer);
- the overview's tables, per collector and per commune, for a period (vss_server.figure_cache),
  money as whole đồng shown ``#,##0``, dates as dates.

Every download is a GET (it changes nothing), answered as an attachment with an ASCII
file name and ``Cache-Control: no-store``. Each is limited to the supervisor's area: a
commune, village or collector outside it is a 404 page and nothing is written; a
collector's list and forms hold only the households of the area. The file is written to
a temporary file under the data dir and deleted once sent.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import sqlalchemy as sa
from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, Response
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet
from sqlmodel import Session, col, select

from vss_core import vietnam_time
from vss_core.enums import Metric
from vss_core.forms.participants import collector_scope
from vss_core.forms.workbook import write_form
from vss_core.spreadsheet import append_row, save_workbook
from vss_core.tables import table_of
from vss_core.text import fold
from vss_core.vietnam_time import local_day
from vss_server import db as server_db
from vss_server import figure_cache, figures, forms_export, list_export
from vss_server.areas import Scope, collectors_in_scope
from vss_server.config import ServerConfig
from vss_server.console import downloads, i18n, sessions
from vss_server.console.auth import ConsoleLogin, ScopeDep
from vss_server.console.import_pages import assignable
from vss_server.console.pages import OVERVIEW_METRICS
from vss_server.console.periods import Period, Span, chosen_period, period_of
from vss_server.console.render import language_of, render
from vss_server.deps import ClockDep, EngineDep, SettingsDep
from vss_server.models import Household, UserAccount

router = APIRouter(prefix="/console", include_in_schema=False)
H = table_of(Household)
MONEY, DAY = "#,##0", "DD/MM/YYYY"
FORMS = ("d03-ts", "d05-ts")


# --- what the supervisor may export ---------------------------------------------------------


def places(session: Session, scope: Scope) -> list[tuple[str, str]]:
    """The (province, commune) pairs of the area's live households, as stored."""
    rows = session.execute(
        sa.select(H.c.province, H.c.commune)
        .where(H.c.deleted.is_(False), scope.household_clause())
        .distinct()
    )
    return sorted(((p, c) for p, c in rows if c), key=lambda pc: (fold(pc[1]), fold(pc[0])))


def villages(session: Session, scope: Scope) -> dict[str, tuple[str, ...]]:
    """The area's villages: one folded name -> the stored spellings of it."""
    rows = session.execute(
        sa.select(H.c.village).where(H.c.deleted.is_(False), scope.household_clause()).distinct()
    )
    found: dict[str, list[str]] = {}
    for (name,) in rows:
        if name:
            found.setdefault(fold(name), []).append(name)
    return {key: tuple(sorted(names)) for key, names in sorted(found.items())}


def collector_allowed(session: Session, scope: Scope, username: str) -> bool:
    """A collector the supervisor may see (areas.collectors_in_scope, or an active one
    with no area yet, as the import page offers). Their exports hold only the area's
    households whatever the answer: this keeps other communes' names off the page."""
    names = collectors_in_scope(session, scope)
    if names is None:
        found = select(UserAccount.id).where(
            UserAccount.username == username, UserAccount.role == "collector"
        )
        return session.exec(found).first() is not None
    return username in names or username in {u.username for u in assignable(session, scope)}


def _period(span: str, day: str | None, today: date) -> Period:
    return chosen_period(span, day, today)[0]


def slug(*parts: str) -> str:
    """An ASCII file name part: "Xã Minh Sơn" -> "xa-minh-son"."""
    return "-".join(s for p in parts if (s := re.sub(r"[^a-z0-9]+", "-", fold(p)).strip("-")))


# --- the page ---------------------------------------------------------------------------------


@router.get("/exports")
def exports_page(
    request: Request,
    login: ConsoleLogin,
    scope: ScopeDep,
    engine: EngineDep,
    clock: ClockDep,
    span: str = "month",
    day: str | None = None,
) -> Response:
    return _page(request, login, scope, engine, _period(span, day, local_day(clock())))


def _page(
    request: Request,
    login: sessions.Login,
    scope: Scope,
    engine: sa.Engine,
    period: Period,
    problem: str = "",
    status_code: int = 200,
) -> Response:
    with server_db.read_session(engine) as session:
        context = {
            "login": login,
            "places": places(session, scope),
            "villages": [names[0] for names in villages(session, scope).values()],
            "collectors": assignable(session, scope),
            "period": period,
            "spans": list(Span),
            "problem": problem,
        }
    return render(request, "exports.html", context, status_code)


def _refuse(
    request: Request, login: sessions.Login, scope: Scope, engine: sa.Engine, problem: str
) -> Response:
    """404 with the exports page saying why: outside the area, or nothing in it."""
    today = vietnam_time.today()
    return _page(request, login, scope, engine, period_of(Span.MONTH, today), problem, 404)


def _send(settings: ServerConfig, name: str, write: Callable[[Path], object]) -> FileResponse:
    return downloads.send_written(settings, name, write)


# --- the households list ------------------------------------------------------------------


@router.get("/exports/list.xlsx")
def households_list(
    request: Request,
    login: ConsoleLogin,
    scope: ScopeDep,
    engine: EngineDep,
    settings: SettingsDep,
    place: str = "",
    village: str = "",
    collector: str = "",
) -> Response:
    """``place`` "PROVINCE|COMMUNE", or ``village``, or ``collector``: one of them."""
    province, _, commune = place.partition("|")
    within = scope.household_clause()
    with server_db.read_session(engine) as session:
        if commune:
            if (province, commune) not in places(session, scope):
                return _refuse(request, login, scope, engine, "outside")
            chosen = list_export.Scope(places=((province, commune),), within=within)
            name = slug("danh-sach", commune)
        elif village:
            names = villages(session, scope).get(fold(village))
            if not names:
                return _refuse(request, login, scope, engine, "outside")
            chosen = list_export.Scope(villages=names, within=within)
            name = slug("danh-sach", names[0])
        elif collector:
            if not collector_allowed(session, scope, collector):
                return _refuse(request, login, scope, engine, "outside")
            chosen = list_export.Scope(collector=collector, within=within)
            name = slug("danh-sach", collector)
        else:
            return _refuse(request, login, scope, engine, "outside")
        _total, with_members = chosen.count(session.connection())
    if not with_members:
        return _refuse(request, login, scope, engine, "nothing")
    return _send(
        settings, name + ".xlsx", lambda path: list_export.export_list(engine, chosen, path)
    )


# --- D03-TS and D05-TS ------------------------------------------------------------------------


@router.get("/exports/form.xlsx")
def participants_form(
    request: Request,
    login: ConsoleLogin,
    scope: ScopeDep,
    engine: EngineDep,
    settings: SettingsDep,
    clock: ClockDep,
    form: str = "d03-ts",
    span: str = "month",
    day: str | None = None,
    who: str = "",
) -> Response:
    """``who`` "place:PROVINCE|COMMUNE" or "collector:USERNAME"."""
    kind, _, value = who.partition(":")
    province, _, commune = value.partition("|") if kind == "place" else ("", "", "")
    collector = value if kind == "collector" else ""
    if form not in FORMS:
        return _refuse(request, login, scope, engine, "outside")
    period, refused = chosen_period(span, day, local_day(clock()))
    if refused:
        return _refuse(request, login, scope, engine, "bad_day")
    with server_db.read_session(engine) as session:
        within: sa.ColumnElement[bool]
        if commune:
            if (province, commune) not in places(session, scope):
                return _refuse(request, login, scope, engine, "outside")
            within = (H.c.province == province) & (H.c.commune == commune)
            label, named = forms_export.commune_label(commune), commune
        elif collector:
            if not collector_allowed(session, scope, collector):
                return _refuse(request, login, scope, engine, "outside")
            within, label, named = scope.household_clause(), collector_scope(collector), collector
        else:
            return _refuse(request, login, scope, engine, "outside")
        built = forms_export.build_within(
            session, form, period.start, period.end, label, within, collector=collector or None
        )
    name = slug(form, named, period.start.isoformat(), period.end.isoformat()) + ".xlsx"
    return _send(settings, name, lambda path: write_form(built, path))


# --- the overview's tables --------------------------------------------------------------------


@router.get("/exports/figures.xlsx")
def figures_tables(
    request: Request,
    login: ConsoleLogin,
    scope: ScopeDep,
    engine: EngineDep,
    settings: SettingsDep,
    clock: ClockDep,
    span: str = "month",
    day: str | None = None,
) -> Response:
    period, refused = chosen_period(span, day, local_day(clock()))
    if refused:
        return _refuse(request, login, scope, engine, "bad_day")
    figure_cache.refresh(engine)
    with server_db.read_session(engine) as session:
        tables = figure_cache.overview(session, period.span.value, period.start, scope)
        per_collector, per_commune = tables.per_collector, tables.per_commune
        names = {
            u.username: u.full_name
            for u in session.exec(
                select(UserAccount).where(col(UserAccount.username).in_(list(per_collector)))
            )
        }
    gettext = i18n.gettext_for(language_of(request))
    name = slug("so-lieu", period.start.isoformat(), period.end.isoformat()) + ".xlsx"
    return _send(
        settings,
        name,
        lambda path: write_figures(path, period, per_collector, per_commune, names, gettext),
    )


def write_figures(
    path: Path,
    period: Period,
    per_collector: dict[str, figures.Figures],
    per_commune: dict[tuple[str, str], figures.Figures],
    full_names: dict[str, str],
    _: Callable[[str], str],
) -> None:
    """The overview's two tables as sheets; numbers as numbers, money '#,##0', the
    period's days as dates."""
    labels = {
        Metric.BHYT_HOUSEHOLD_ENROLLED: _("New household health insurance"),
        Metric.BHYT_RENEWED: _("Health insurance renewed"),
        Metric.VOLUNTARY_SI_ENROLLED: _("New voluntary social insurance"),
        Metric.VSSID_INSTALLED: _("VssID installed"),
        Metric.CASHLESS_REGISTERED: _("Cashless payment registered"),
    }
    figure_headers = [
        _("Visits"),
        _("Households reached"),
        *(labels[m] for m in OVERVIEW_METRICS),
        _("Money collected"),
    ]
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = sheet_name(_("Per collector"))
    _title(sheet, _("Per collector"), period, _)
    _table(
        sheet,
        [_("Username"), _("Full name"), *figure_headers],
        [([user, full_names.get(user, "")], f) for user, f in per_collector.items()],
    )
    sheet = book.create_sheet(sheet_name(_("Per commune")))
    _title(sheet, _("Per commune"), period, _)
    _table(
        sheet,
        [_("Province"), _("Commune"), *figure_headers],
        [([province, commune], f) for (province, commune), f in per_commune.items()],
    )
    save_workbook(book, path)


def sheet_name(text: str) -> str:
    """A title Excel takes: none of []:*?/\\ and at most 31 characters."""
    return re.sub(r"[\[\]:*?/\\]", "-", text)[:31]


def _title(sheet: Worksheet, title: str, period: Period, _: Callable[[str], str]) -> None:
    append_row(sheet, [title])
    sheet["A1"].font = Font(bold=True, size=13)
    append_row(sheet, [_("From"), period.start, _("To"), period.end])
    for cell in ("B2", "D2"):
        sheet[cell].number_format = DAY
    append_row(sheet, [])


def _table(
    sheet: Worksheet, header: list[str], rows: list[tuple[list[str], figures.Figures]]
) -> None:
    append_row(sheet, header)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    header_row = sheet.max_row
    for keys, f in rows:
        values = [f.visits, f.households, *(f.counts[m] for m in OVERVIEW_METRICS), f.amount]
        row = append_row(sheet, [*keys, *values])
        sheet.cell(row, len(header)).number_format = MONEY
    sheet.freeze_panes = sheet.cell(header_row + 1, 1)
    for index, text in enumerate(header, start=1):
        letter = sheet.cell(header_row, index).column_letter
        sheet.column_dimensions[letter].width = max(12, min(32, len(text) + 2))
