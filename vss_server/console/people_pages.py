"""/console/people: accounts, their devices, new collectors and supervisors, disable,
password reset, device revocation, collectors from a sheet, login slips (issue 14).

Every POST checks the session's CSRF token first and asks vss_server.console.people
whether the supervisor may act on the account. A new password is shown once, on the
login slips answering the POST that made it: never stored in clear, never logged.
"""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from vss_server import db as server_db
from vss_server.areas import Organisation
from vss_server.console import people
from vss_server.console.auth import ConsoleLogin, ScopeDep, check_csrf
from vss_server.console.i18n import gettext_for
from vss_server.console.render import render
from vss_server.deps import ClockDep, EngineDep, PasswordSlotsDep
from vss_server.models import UserAccount

log = logging.getLogger(__name__)
router = APIRouter(prefix="/console", include_in_schema=False)
MAX_UPLOAD = 2 << 20  # bytes: a sheet of a few hundred collectors is a few tens of KB


def N_(text: str) -> str:
    """Marks a string for the catalog (tools/console_i18n.py); translated when shown."""
    return text


ORGANISATION_LABELS = {
    "": "—",
    Organisation.VSS.value: N_("Social insurance (VSS)"),
    Organisation.POST_OFFICE.value: N_("Post office"),
    Organisation.COMMUNE.value: N_("Commune official"),
    Organisation.WOMENS_UNION.value: N_("Women's Union"),
    Organisation.FARMERS_UNION.value: N_("Farmers' Union"),
    Organisation.OTHER.value: N_("Other"),
}
ROLE_LABELS = {"collector": N_("Collector"), "supervisor": N_("Supervisor")}
# Why nothing was changed, by vss_server.console.people.Refused code.
REFUSALS = {
    "bad_username": N_(
        "The username must be 2 to 64 signs: lower-case letters without accents, digits,"
        " dot, dash or underscore."
    ),
    "duplicate_username": N_("This username is on an earlier row of the sheet."),
    "username_taken": N_("An account with this username already exists."),
    "bad_full_name": N_("Write the full name (at most 120 characters)."),
    "bad_organisation": N_(
        "Unknown organisation: write BHXH, Bưu điện, Cán bộ xã, Hội Phụ nữ, Hội Nông dân or Khác."
    ),
    "bad_area": N_("Write the area as Province/Commune or Province."),
    "area_outside": N_("This area is not in yours: give a commune of your own area."),
    "passwords_differ": N_("The two passwords differ."),
    "short_password": N_("The password needs at least 8 characters."),
    "not_everywhere": N_("Only a supervisor of every area may create supervisors."),
    "out_of_area": N_("That account is not in your area: nothing was changed."),
    "self": N_("You cannot do this to your own account here."),
    "no_device": N_("That device is not logged in: nothing was changed."),
    "unreadable": N_("This file is not a readable .xlsx workbook or CSV sheet."),
    "too_big": N_("The file is too big: at most 2 MB."),
    "too_many_rows": N_("More than %(n)s rows: split the sheet into several files."),
    "missing_columns": N_(
        "The first row must name the columns: username, full name, organisation and,"
        " if wanted, area (Tỉnh/Xã)."
    ),
    "no_rows": N_("The sheet has no rows under its header."),
}
DONE = {
    "disabled": N_("The account is disabled: its laptops and console sessions are logged out."),
    "enabled": N_("The account is enabled again."),
    "revoked": N_("The device is logged out: it must log in again to sync."),
}


def _labels() -> dict[str, Any]:
    return {
        "org_labels": ORGANISATION_LABELS,
        "role_labels": ROLE_LABELS,
        "refusals": REFUSALS,
        "done_labels": DONE,
    }


def _see_other(path: str, **outcome: str) -> RedirectResponse:
    query = urlencode({k: v for k, v in outcome.items() if v})
    return RedirectResponse(f"{path}?{query}" if query else path, status_code=303)


def _slips(
    request: Request, login: ConsoleLogin, accounts: list[tuple[UserAccount, str]]
) -> Response:
    """The printable login slips of accounts, with the password when just made."""
    return render(
        request,
        "login_slips.html",
        {
            "login": login,
            "slips": accounts,
            "shown_once": any(password for _account, password in accounts),
            "server_address": str(request.base_url).rstrip("/"),
            # The slip is read by the collector: Vietnamese whatever the console shows.
            "N_": gettext_for("vi"),
            **_labels(),
        },
    )


# --- the list ---------------------------------------------------------------------------------


def _people_page(
    request: Request,
    login: ConsoleLogin,
    scope: ScopeDep,
    engine: EngineDep,
    clock: ClockDep,
    organisation: str = "",
    role: str = "",
    done: str = "",
    refused: str = "",
    typed: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    org = organisation if organisation in ORGANISATION_LABELS else ""
    with server_db.read_session(engine) as session:
        viewer = people.viewer_of(session, login.user, scope)
        found = people.people(
            session,
            viewer,
            clock(),
            organisation=org,
            role=role if viewer.everywhere and role in ROLE_LABELS else "",
        )
    return render(
        request,
        "people.html",
        {
            "login": login,
            "found": found,
            "everywhere": viewer.everywhere,
            "my_areas": [a.label() for a in scope.areas],
            "organisation": org,
            "role": role,
            "done": done,
            "refused": refused,
            "typed": typed or {},
            **_labels(),
        },
        status_code,
    )


@router.get("/people")
def people_list(
    request: Request,
    login: ConsoleLogin,
    scope: ScopeDep,
    engine: EngineDep,
    clock: ClockDep,
    organisation: str = "",
    role: str = "",
    done: str = "",
    refused: str = "",
) -> Response:
    return _people_page(
        request, login, scope, engine, clock, organisation, role, done[:32], refused[:32]
    )


# --- new accounts -------------------------------------------------------------------------------


@router.post("/people/create")
def create_account(
    request: Request,
    login: ConsoleLogin,
    scope: ScopeDep,
    engine: EngineDep,
    clock: ClockDep,
    slots: PasswordSlotsDep,
    csrf: Annotated[str, Form(max_length=64)] = "",
    role: Annotated[str, Form(max_length=16)] = "collector",
    username: Annotated[str, Form(max_length=80)] = "",
    full_name: Annotated[str, Form(max_length=200)] = "",
    organisation: Annotated[str, Form(max_length=40)] = "",
    area: Annotated[str, Form(max_length=400)] = "",
    generate: Annotated[str, Form(max_length=8)] = "",
    password: Annotated[str, Form(max_length=300)] = "",
    password_again: Annotated[str, Form(max_length=300)] = "",
) -> Response:
    """A collector (or, for an everywhere-supervisor, a supervisor); its slip answers."""
    check_csrf(login, csrf)
    typed = {
        "role": role,
        "username": username,
        "full_name": full_name,
        "organisation": organisation,
        "area": area,
    }
    try:
        with server_db.read_session(engine) as session:
            viewer = people.viewer_of(session, login.user, scope)
            make = people.new_supervisor if role == "supervisor" else people.new_collector
            account = make(session, viewer, username, full_name, organisation, area)
        if generate:
            clear = people.new_password()
        else:
            people.check_password(password, password_again)
            clear = password
        hashes = people.hash_all([clear], slots)
        with server_db.write_session(engine, feed=False) as session:
            (user,) = people.create(session, login.user, [account], hashes)
    except people.Refused as exc:
        return _people_page(
            request, login, scope, engine, clock, refused=exc.code, typed=typed, status_code=400
        )
    log.info("console: user id %s created account id %s", login.user.id, user.id)
    return _slips(request, login, [(user, clear)])


# --- one account --------------------------------------------------------------------------------


@router.get("/people/import")
def import_form(request: Request, login: ConsoleLogin, scope: ScopeDep) -> Response:
    return render(
        request,
        "people_import.html",
        {"login": login, "check": None, "refused": "", "max_rows": people.MAX_BULK_ROWS},
    )


@router.post("/people/import")
def import_preview(
    request: Request,
    login: ConsoleLogin,
    scope: ScopeDep,
    engine: EngineDep,
    csrf: Annotated[str, Form(max_length=64)] = "",
    sheet: Annotated[UploadFile | None, File()] = None,
) -> Response:
    """The sheet checked row by row; nothing is written until the confirm form."""
    check_csrf(login, csrf)
    try:
        if sheet is None:
            raise people.Refused("unreadable")
        data = sheet.file.read(MAX_UPLOAD + 1)
        if not data:
            raise people.Refused("unreadable")
        if len(data) > MAX_UPLOAD:
            raise people.Refused("too_big")
        with tempfile.TemporaryDirectory(prefix="vss-people-") as folder:
            path = Path(folder) / "sheet"
            path.write_bytes(data)
            rows = people.read_sheet(path)
        if not rows:
            raise people.Refused("no_rows")
        with server_db.read_session(engine) as session:
            check = people.check_sheet(session, people.viewer_of(session, login.user, scope), rows)
    except people.Refused as exc:
        return _import_page(request, login, None, exc.code, 400)
    return _import_page(request, login, check, "", 200 if check.good else 400)


def _import_page(
    request: Request,
    login: ConsoleLogin,
    check: people.SheetCheck | None,
    refused: str,
    status_code: int,
) -> Response:
    return render(
        request,
        "people_import.html",
        {
            "login": login,
            "check": check,
            "refused": refused,
            "max_rows": people.MAX_BULK_ROWS,
            **_labels(),
        },
        status_code,
    )


@router.post("/people/import/confirm")
def import_confirm(
    request: Request,
    login: ConsoleLogin,
    scope: ScopeDep,
    engine: EngineDep,
    slots: PasswordSlotsDep,
    csrf: Annotated[str, Form(max_length=64)] = "",
    rows: Annotated[str, Form(max_length=200_000)] = "",
) -> Response:
    """Every row checked again and created, or none; the slips answer."""
    check_csrf(login, csrf)
    try:
        parsed = people.rows_from_form(rows)
        with server_db.read_session(engine) as session:
            viewer = people.viewer_of(session, login.user, scope)
            check = people.check_sheet(session, viewer, parsed)
        if not check.good:
            return _import_page(request, login, check, "", 400)
        accounts = [r.account for r in check.rows if r.account is not None]
        clear = [people.new_password() for _ in accounts]
        hashes = people.hash_all(clear, slots)
        with server_db.write_session(engine, feed=False) as session:
            made = people.create(session, login.user, accounts, hashes)
    except people.Refused as exc:
        return _import_page(request, login, None, exc.code, 400)
    log.info("console: user id %s created %s accounts from a sheet", login.user.id, len(made))
    return _slips(request, login, list(zip(made, clear, strict=True)))


@router.get("/people/{user_id:int}")
def person_page(
    user_id: int,
    request: Request,
    login: ConsoleLogin,
    scope: ScopeDep,
    engine: EngineDep,
    clock: ClockDep,
    done: str = "",
    refused: str = "",
) -> Response:
    with server_db.read_session(engine) as session:
        viewer = people.viewer_of(session, login.user, scope)
        found = people.person(session, viewer, user_id, clock())
    if found is None:
        return render(request, "not_found.html", {"login": login}, 404)
    return render(
        request,
        "person.html",
        {
            "login": login,
            "p": found,
            "is_me": found.account.id == login.user.id,
            "done": done[:32],
            "refused": refused[:32],
            **_labels(),
        },
    )


@router.get("/people/{user_id:int}/slip")
def slip(
    user_id: int,
    request: Request,
    login: ConsoleLogin,
    scope: ScopeDep,
    engine: EngineDep,
    clock: ClockDep,
) -> Response:
    """The login slip of an account without its password (only a reset shows one)."""
    with server_db.read_session(engine) as session:
        found = people.person(
            session, people.viewer_of(session, login.user, scope), user_id, clock()
        )
    if found is None:
        return render(request, "not_found.html", {"login": login}, 404)
    return _slips(request, login, [(found.account, "")])


def _act(
    engine: EngineDep, login: ConsoleLogin, scope: ScopeDep, user_id: int, what: str
) -> Response:
    """Disable or enable; the account's page says what was done or why not."""
    try:
        with server_db.write_session(engine, feed=False) as session:
            viewer = people.viewer_of(session, login.user, scope)
            people.set_active(session, viewer, user_id, active=what == "enabled")
    except people.Refused as exc:
        return _refused(user_id, exc.code)
    log.info("console: user id %s %s account id %s", login.user.id, what, user_id)
    return _see_other(f"/console/people/{user_id}", done=what)


def _refused(user_id: int, code: str) -> RedirectResponse:
    """Out of reach: back to the list (the account's page would be "not found")."""
    if code == "out_of_area":
        return _see_other("/console/people", refused=code)
    return _see_other(f"/console/people/{user_id}", refused=code)


@router.post("/people/{user_id:int}/disable")
def disable(
    user_id: int,
    login: ConsoleLogin,
    scope: ScopeDep,
    engine: EngineDep,
    csrf: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    check_csrf(login, csrf)
    return _act(engine, login, scope, user_id, "disabled")


@router.post("/people/{user_id:int}/enable")
def enable(
    user_id: int,
    login: ConsoleLogin,
    scope: ScopeDep,
    engine: EngineDep,
    csrf: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    check_csrf(login, csrf)
    return _act(engine, login, scope, user_id, "enabled")


@router.post("/people/{user_id:int}/password")
def reset_password(
    user_id: int,
    request: Request,
    login: ConsoleLogin,
    scope: ScopeDep,
    engine: EngineDep,
    slots: PasswordSlotsDep,
    csrf: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    """A new random password, shown once on the slip that answers."""
    check_csrf(login, csrf)
    clear = people.new_password()
    (hashed,) = people.hash_all([clear], slots)
    try:
        with server_db.write_session(engine, feed=False) as session:
            viewer = people.viewer_of(session, login.user, scope)
            account = people.reset_password(session, viewer, user_id, hashed)
    except people.Refused as exc:
        return _refused(user_id, exc.code)
    log.info("console: user id %s reset the password of account id %s", login.user.id, user_id)
    return _slips(request, login, [(account, clear)])


@router.post("/people/{user_id:int}/revoke")
def revoke(
    user_id: int,
    login: ConsoleLogin,
    scope: ScopeDep,
    engine: EngineDep,
    csrf: Annotated[str, Form(max_length=64)] = "",
    device_id: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    check_csrf(login, csrf)
    try:
        with server_db.write_session(engine, feed=False) as session:
            viewer = people.viewer_of(session, login.user, scope)
            people.revoke_device(session, viewer, user_id, device_id)
    except people.Refused as exc:
        return _refused(user_id, exc.code)
    log.info("console: user id %s revoked a device of account id %s", login.user.id, user_id)
    return _see_other(f"/console/people/{user_id}", done="revoked")
