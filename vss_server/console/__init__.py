"""The supervisors' web console, served by vss-server under /console/ (issue 14).

- :mod:`.sessions`: console logins (cookie token, server-side session, CSRF token).
- :mod:`.auth`: the dependencies a page uses: the login, the CSRF check, the scope.
- :mod:`.render`: Jinja2 templates, languages (:mod:`.i18n`), formats, security headers.
- :mod:`.pages`: the routes. ``templates/`` and ``static/`` are served from this package:
  nothing comes from the internet.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from vss_server.console import (
    campaign_pages,
    export_pages,
    household_pages,
    import_pages,
    people_pages,
    target_pages,
)
from vss_server.console.auth import CsrfRefused, NeedsLogin
from vss_server.console.pages import router
from vss_server.console.render import render

STATIC = Path(__file__).parent / "static"


def install(app: FastAPI) -> None:
    app.include_router(router)
    app.include_router(household_pages.router)
    app.include_router(import_pages.router)
    app.include_router(export_pages.router)
    app.include_router(people_pages.router)
    app.include_router(target_pages.router)
    app.include_router(campaign_pages.router)
    app.mount("/console/static", StaticFiles(directory=STATIC), name="console-static")

    @app.exception_handler(NeedsLogin)
    async def _needs_login(_request: Request, exc: NeedsLogin) -> Response:
        return RedirectResponse(exc.login_url, status_code=303)

    @app.exception_handler(CsrfRefused)
    async def _csrf(request: Request, _exc: CsrfRefused) -> Response:
        return render(request, "refused.html", {"reason": "csrf"}, 403)
