"""Jinja2 rendering for the console: autoescaped templates, the page's language, the
formats of the app (dd/mm/yyyy, 105.300 ₫) and the security headers of every page."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from vss_core.formatting import format_date, format_money
from vss_core.vietnam_time import local_day
from vss_server.console import i18n

TEMPLATES = Path(__file__).parent / "templates"

# Everything the pages load comes from this server: no CDN (provincial intranets have no
# internet), no inline script, no framing by another site.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self';"
        " form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",  # pages hold personal data: not kept by the browser
}


def _date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return format_date(local_day(value))
    return format_date(value)


def _number(value: int | None) -> str:
    """Whole numbers with dot thousands separators, as Vietnamese write them."""
    return "" if value is None else f"{int(value):,}".replace(",", ".")


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["money"] = format_money
    env.filters["day"] = _date
    env.filters["number"] = _number
    return env


ENV = _environment()
_INDENTATION = re.compile(r"\n[ \t]+")


def language_of(request: Request) -> str:
    return i18n.pick(request.cookies.get(i18n.COOKIE))


def render(
    request: Request, template: str, context: dict[str, Any], status_code: int = 200
) -> HTMLResponse:
    language = language_of(request)
    gettext = i18n.gettext_for(language)

    def ngettext(singular: str, plural: str, n: int) -> str:
        return gettext(singular if n == 1 else plural)

    page = ENV.get_template(template)
    html = page.render(
        {
            **context,
            "_": lambda s, **kw: gettext(s) % kw if kw else gettext(s),
            "gettext": gettext,
            "ngettext": ngettext,
            "lang": language,
            "path": request.url.path,
            "request_query": request.url.query,
        }
    )
    # The templates' indentation is for their readers, not the wire: a province's overview
    # lists 500 collectors, and the pages stay under 200 KB (issue 14). No template holds
    # <pre> or <textarea>, whose leading spaces would count (tests/test_console.py).
    html = _INDENTATION.sub("\n", html)
    return HTMLResponse(html, status_code=status_code, headers=SECURITY_HEADERS)
