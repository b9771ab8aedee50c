"""/console/import: upload a list, read its dry run, confirm (issue 14, page 3).

The import is the command line's (vss_server.list_import.import_list: the same parser,
checks and matching, all or nothing, through the change feed; docs/import.md). The page
adds:

- the upload, kept by vss_server.console.uploads under the data dir for at most an hour,
  named by a one-time token: the dry run stores it, the confirm imports that same file
  once and deletes it;
- the supervisor's area: a household whose province and commune (as stored, or as the
  file would make them) lie outside it refuses its row, so nothing is imported;
- "assign every household to": an active collector the supervisor may see
  (vss_server.areas.collectors_in_scope, plus collectors with no area yet, who belong to
  nobody). The file's collector column takes any active collector, as the households
  page's reassignment does;
- an audit line for each confirmed import (device "console", the supervisor as user).

Refused uploads (empty, too big, .xls, password-protected, not a list) answer a page
saying why; messages name rows and columns, never a cell's content.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import sqlalchemy as sa
from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import FileResponse, Response
from sqlmodel import Session, select

from vss_core.importing import ListRefused, RowProblem
from vss_core.importing.outcome import ListImportResult
from vss_server import db as server_db
from vss_server import list_import
from vss_server.areas import Scope, collectors_in_scope
from vss_server.config import ServerConfig
from vss_server.console import households, i18n, import_words, sessions, uploads
from vss_server.console.auth import ConsoleLogin, ScopeDep, check_csrf
from vss_server.console.import_words import Said, Wording
from vss_server.console.render import language_of, render
from vss_server.deps import ClockDep, EngineDep, SettingsDep
from vss_server.models import AuditEntry, UserAccount, UserArea

log = logging.getLogger(__name__)
router = APIRouter(prefix="/console", include_in_schema=False)
MAX_SHOWN = 200  # refused rows listed on the page (it stays small); the report has all
REPORT_NAME = "bao-cao-nhap-danh-sach.xlsx"


def area_check(scope: Scope) -> Callable[[str, str], bool] | None:
    """What list_import's ``allowed`` takes: a place is allowed when one of the
    supervisor's areas covers it (a new commune included, which scope.pairs, read from
    the stored households, would not know). None: everywhere."""
    if scope.everything:
        return None
    return lambda province, commune: any(a.covers(province, commune) for a in scope.areas)


def assignable(session: Session, scope: Scope) -> list[UserAccount]:
    """Active collectors the supervisor may give households to."""
    active = households.collectors(session)
    names = collectors_in_scope(session, scope)
    if names is None:
        return active
    with_area = set(session.exec(select(UserArea.user_id).distinct()))
    return [u for u in active if u.username in names or u.id not in with_area]


def _folder(settings: ServerConfig) -> Path:
    return uploads.folder_of(settings.data_dir)


def _form_page(
    request: Request,
    login: sessions.Login,
    engine: sa.Engine,
    scope: Scope,
    settings: ServerConfig,
    error: str = "",
    status_code: int = 200,
    refusal: ListRefused | None = None,
) -> Response:
    with server_db.read_session(engine) as session:
        people = assignable(session, scope)
    # The template words the common refusals itself; any other reads in the page's
    # language too (import_words.refusal), never the importer's English.
    gettext = i18n.gettext_for(language_of(request))
    return render(
        request,
        "import.html",
        {
            "login": login,
            "collectors": people,
            "limit_mb": round(uploads.limit(settings.max_body_bytes) / 1024 / 1024, 1),
            "error": error,
            "refusal": None if refusal is None else import_words.refusal(refusal, gettext),
        },
        status_code,
    )


def _refused_rows(
    result: ListImportResult, wording: Wording, limit: int = MAX_SHOWN
) -> tuple[list[tuple[str, int, list[Said]]], int]:
    """The first ``limit`` refused rows with their problems in the page's language
    (column, sentence), and how many rows are refused in all."""
    keys = sorted(key for key, outcome in result.rows.items() if outcome.status == "refused")
    shown = []
    for sheet, row in keys[:limit]:
        outcome = result.rows[(sheet, row)]
        shown.append((sheet, row, _said(outcome.problems, outcome.reasons, wording)))
    return shown, len(keys)


def _said(problems: list[RowProblem], reasons: list[str], wording: Wording) -> list[Said]:
    """The coded problems, worded; a row refused only by an English reason (a caller
    that gave no code) keeps that reason rather than showing no reason at all."""
    if problems:
        return wording.said(problems)
    return [Said("", reason) for reason in reasons]


def _report_page(
    request: Request,
    login: sessions.Login,
    result: ListImportResult,
    stage: str,
    token: str = "",
    file_name: str = "",
    assign_to: str | None = None,
) -> Response:
    refused, refused_count = _refused_rows(result, Wording(i18n.gettext_for(language_of(request))))
    changes = sum(
        result.households.get(s, 0) + result.persons.get(s, 0) for s in ("created", "updated")
    )
    return render(
        request,
        "import_report.html",
        {
            "login": login,
            "stage": stage,  # "dry_run" or "done"
            "result": result,
            "refused": refused,
            "more_refused": refused_count - len(refused),
            "changes": changes,
            "token": token,
            "file_name": file_name,
            "assign_to": assign_to,
        },
    )


@router.get("/import")
def import_form(
    request: Request,
    login: ConsoleLogin,
    scope: ScopeDep,
    engine: EngineDep,
    settings: SettingsDep,
) -> Response:
    return _form_page(request, login, engine, scope, settings)


@router.post("/import")
def dry_run(
    request: Request,
    login: ConsoleLogin,
    scope: ScopeDep,
    engine: EngineDep,
    settings: SettingsDep,
    clock: ClockDep,
    csrf: Annotated[str, Form(max_length=64)] = "",
    assign_to: Annotated[str, Form(max_length=64)] = "",
    file: Annotated[UploadFile | None, File()] = None,
) -> Response:
    """Keep the upload and run the import without writing: the report page."""
    check_csrf(login, csrf)
    assert login.user.id is not None

    def refuse(error: str, status_code: int, refusal: ListRefused | None = None) -> Response:
        return _form_page(request, login, engine, scope, settings, error, status_code, refusal)

    chosen = assign_to or None
    if chosen is not None:
        with server_db.read_session(engine) as session:
            if chosen not in {u.username for u in assignable(session, scope)}:
                return refuse("no_collector", 400)
    if file is None or not file.filename:
        return refuse("empty", 400)
    try:
        stored = uploads.store(
            _folder(settings),
            file.file,
            user_id=login.user.id,
            assign_to=chosen,
            now=clock(),
            max_bytes=uploads.limit(settings.max_body_bytes),
        )
    except uploads.UploadRefused as exc:
        return refuse(exc.code, 413 if exc.code == "too_big" else 400)
    try:
        result = list_import.import_list(
            engine, stored.path, dry_run=True, assign_to=chosen, allowed=area_check(scope)
        )
        list_import.write_report(stored.path, result, stored.report)
    except ListRefused as exc:
        uploads.discard(stored)
        return refuse("file", 400, exc)
    except list_import.ListImportError:
        uploads.discard(stored)
        return refuse("no_collector", 400)
    except BaseException:
        uploads.discard(stored)
        raise
    if result.refused:
        uploads.drop_file(stored)  # never importable: only the report is kept, for its hour
    log.info("console import dry run by user id %s: refused=%s", login.user.id, result.refused)
    return _report_page(
        request, login, result, "dry_run", stored.token, file.filename or "", chosen
    )


@router.post("/import/confirm")
def confirm(
    request: Request,
    login: ConsoleLogin,
    scope: ScopeDep,
    engine: EngineDep,
    settings: SettingsDep,
    clock: ClockDep,
    csrf: Annotated[str, Form(max_length=64)] = "",
    token: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    """Import the stored upload of ``token``, once."""
    check_csrf(login, csrf)
    assert login.user.id is not None
    stored = uploads.claim(_folder(settings), token, login.user.id, clock())
    if stored is None:
        return _form_page(request, login, engine, scope, settings, "used_or_expired", 410)
    try:
        result = list_import.import_list(
            engine, stored.claimed, assign_to=stored.assign_to, allowed=area_check(scope)
        )
    except ListRefused as exc:  # the file was read once: only a changed parser gets here
        return _form_page(request, login, engine, scope, settings, "file", 400, exc)
    except list_import.ListImportError:  # the collector was disabled since the dry run
        return _form_page(request, login, engine, scope, settings, "no_collector", 400)
    finally:
        uploads.discard(stored)
    if result.written:
        with server_db.write_session(engine, feed=False) as session:
            session.add(
                AuditEntry(
                    user_id=login.user.id,
                    device_id="console",
                    action="import",
                    entity="list",
                    detail=_counts_text(result),
                )
            )
    log.info("console import by user id %s: written=%s", login.user.id, result.written)
    return _report_page(request, login, result, "done")


def _counts_text(result: ListImportResult) -> str:
    """Counts only (the audit's detail): no name, no identifier."""
    parts = []
    for what, counts in (("households", result.households), ("persons", result.persons)):
        shown = ", ".join(f"{counts.get(s, 0)} {s}" for s in ("created", "updated", "unchanged"))
        parts.append(f"{what}: {shown}")
    return "console import; " + "; ".join(parts)


@router.get("/import/report")
def report(
    request: Request,
    login: ConsoleLogin,
    settings: SettingsDep,
    clock: ClockDep,
    token: str = "",
) -> Response:
    """The dry run's report .xlsx (the input rows with Row, Status, Problems)."""
    assert login.user.id is not None
    stored = uploads.find(_folder(settings), token[:64], login.user.id, clock())
    if stored is None or not stored.report.is_file():
        return render(request, "not_found.html", {"login": login}, 404)
    return FileResponse(
        stored.report,
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        filename=REPORT_NAME,
        headers={"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"},
    )
