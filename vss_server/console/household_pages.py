"""/console/households: search, a household's page, reassignment (issue 14)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import parse_qsl, urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from vss_core.vietnam_time import local_day
from vss_server import db as server_db
from vss_server import search_index
from vss_server.console import households
from vss_server.console.auth import ConsoleLogin, ScopeDep, check_csrf
from vss_server.console.render import render
from vss_server.deps import ClockDep, EngineDep

router = APIRouter(prefix="/console", include_in_schema=False)


@router.get("/households")
def household_list(
    request: Request,
    login: ConsoleLogin,
    scope: ScopeDep,
    engine: EngineDep,
    clock: ClockDep,
    q: str = "",
    village: str = "",
    collector: str = "",
    status: str = "all",
    done: int | None = None,
    refused: str = "",
) -> Response:
    chosen = households.Status(status) if status in households.Status._value2member_map_ else None
    search_index.refresh(engine)  # the households and members synced since the last search
    with server_db.read_session(engine) as session:
        found = households.search(
            session,
            scope,
            local_day(clock()),
            query=q[:100],
            village=village[:80],
            collector=collector[:64] or None,
            status=chosen or households.Status.ALL,
        )
        people = households.collectors(session)
    return render(
        request,
        "households.html",
        {
            "login": login,
            "found": found,
            "q": q,
            "village": village,
            "collector": collector,
            "status": chosen or households.Status.ALL,
            "statuses": list(households.Status),
            "collectors": people,
            "done": done,
            "refused": refused,
            "max_rows": households.MAX_ROWS,
        },
    )


@router.get("/households/{household_id}")
def household_page(
    household_id: str,
    request: Request,
    login: ConsoleLogin,
    scope: ScopeDep,
    engine: EngineDep,
) -> Response:
    with server_db.read_session(engine) as session:
        found = households.detail(session, scope, household_id[:36])
        people = households.collectors(session)
    if found is None:
        return render(request, "not_found.html", {"login": login}, 404)
    return render(request, "household.html", {"login": login, "d": found, "collectors": people})


@router.post("/households/assign")
def assign(
    login: ConsoleLogin,
    scope: ScopeDep,
    engine: EngineDep,
    csrf: Annotated[str, Form(max_length=64)] = "",
    collector: Annotated[str, Form(max_length=64)] = "",
    household: Annotated[list[str] | None, Form()] = None,
    village: Annotated[str, Form(max_length=80)] = "",
    back: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    check_csrf(login, csrf)
    ids = [h[:36] for h in (household or [])][:5000]
    try:
        with server_db.write_session(engine) as session:
            if village:
                ids = households.village_households(session, scope, village)
            changed = households.reassign(session, scope, ids, collector, login.user.id)
        outcome = {"done": str(changed)}
    except households.AssignRefused as exc:
        outcome = {"refused": exc.code}
    path, _, query = back.partition("?")
    if not path.startswith("/console/households"):
        path, query = "/console/households", ""
    kept = [(k, v) for k, v in parse_qsl(query) if k not in ("done", "refused")]
    return RedirectResponse(f"{path}?{urlencode(kept + list(outcome.items()))}", status_code=303)
