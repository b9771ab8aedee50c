"""The supervisors' console (issue 14): login, sessions, CSRF, language, areas, overview.

The real server on loopback (SQLite and PostgreSQL), driven over HTTP with a cookie jar
as a browser does; tests/test_console_browser.py drives a real browser.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import requests

from helpers.server_api import Client, applied, new_id, op
from helpers.server_harness import ServerProcess
from helpers.sync_helpers import PASSWORD, server_engine
from vss_server import admin

BAN_HO, BAC_HA = "Bản Hồ", "Bắc Hà"


def make_people(server: ServerProcess) -> None:
    engine = server_engine(server)
    try:
        admin.create_user(engine, "thu.lt", PASSWORD, organisation="post_office")
        admin.create_user(engine, "nam.vh", PASSWORD, organisation="vss")
        admin.create_user(engine, "tinh", PASSWORD, role="supervisor", full_name="Trần Văn Tỉnh")
        admin.create_user(engine, "xa.banho", PASSWORD, role="supervisor", areas=["Lào Cai/Bản Hồ"])
    finally:
        engine.dispose()


def record(client: Client, commune: str, visits: int, day: str) -> None:
    """A household of ``commune`` with a member, ``visits`` visits on ``day`` (UTC noon),
    each enrolling the member and collecting 105.300 ₫."""
    household, person = new_id(), new_id()
    ops = [
        op(
            "household",
            "create",
            household,
            {
                "head_name": "Lý Thị Hoa",
                "province": "Lào Cai",
                "commune": commune,
                "village": "Thôn 1",
            },
        ),
        op(
            "person",
            "create",
            person,
            {"household_id": household, "full_name": "Lý Thị Hoa", "relation": "head"},
        ),
    ]
    for _ in range(visits):
        visit = new_id()
        ops += [
            op(
                "visit",
                "create",
                visit,
                {
                    "household_id": household,
                    "visited_at": f"{day}T05:00:00Z",
                    "outcome": "enrolled",
                    "amount_collected": 105_300,
                    "receipt_number": f"BL-{visit[:8]}",
                },
            ),
            op(
                "collection",
                "create",
                new_id(),
                {
                    "visit_id": visit,
                    "household_id": household,
                    "person_id": person,
                    "kind": "bhyt_household_enrolled",
                    "amount": 105_300,
                    "months": 12,
                },
            ),
        ]
    applied(client.push(*ops))


class Browser:
    """A cookie jar that logs in through the form, like a browser."""

    def __init__(self, server: ServerProcess) -> None:
        self.server = server
        self.http = requests.Session()

    def url(self, path: str) -> str:
        return self.server.url + path

    def get(self, path: str, **kw: object) -> requests.Response:
        return self.http.get(self.url(path), timeout=30, **kw)  # type: ignore[arg-type]

    def post(self, path: str, data: dict[str, str], **kw: object) -> requests.Response:
        return self.http.post(self.url(path), data=data, timeout=30, **kw)  # type: ignore[arg-type]

    def login(self, username: str, password: str = PASSWORD) -> requests.Response:
        form = self.get("/console/login")
        csrf = hidden(form.text, "csrf")
        return self.post(
            "/console/login",
            {"username": username, "password": password, "csrf": csrf, "next": ""},
            allow_redirects=False,
        )


def hidden(html: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert found, f"no hidden {name} field"
    return found.group(1)


@pytest.fixture
def world(server: ServerProcess, tmp_path: Path) -> ServerProcess:
    make_people(server)
    thu = Client.login(server, "thu.lt", "device-thu-00001")
    nam = Client.login(server, "nam.vh", "device-nam-00001")
    record(thu, BAN_HO, visits=3, day="2026-11-20")
    record(nam, BAC_HA, visits=2, day="2026-11-21")
    return server


def test_a_supervisor_logs_in_and_sees_the_overview_in_vietnamese(world: ServerProcess) -> None:
    browser = Browser(world)
    answer = browser.login("tinh")
    assert answer.status_code == 303
    assert answer.headers["location"] == "/console/overview"
    cookie = answer.headers["set-cookie"]
    assert "vss_console=" in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert "Secure" not in cookie  # plain HTTP on loopback; HTTPS sets it (_secure)
    page = browser.get("/console/overview?span=month&day=2026-11-05")
    assert page.status_code == 200
    assert '<html lang="vi">' in page.text and "Tổng quan" in page.text
    assert "default-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["cache-control"] == "no-store"
    # The month's figures: 5 visits, 2 households, 2 people enrolled, 526.500 ₫.
    assert "01/11/2026 – 30/11/2026" in page.text
    cards = re.findall(r'<span class="n">([^<]*)</span>', page.text)
    assert cards[:3] == ["5", "2", "2"]
    assert "526.500 ₫" in page.text
    assert "thu.lt" in page.text and "nam.vh" in page.text


def test_the_page_weighs_little_and_loads_nothing_from_elsewhere(world: ServerProcess) -> None:
    browser = Browser(world)
    browser.login("tinh")
    page = browser.get("/console/overview?span=year&day=2026-11-05")
    assert len(page.content) < 200_000
    assert not re.search(r'(src|href)="(https?:)?//', page.text)
    css = browser.get("/console/static/console.css")
    assert css.status_code == 200 and "text/css" in css.headers["content-type"]


def test_a_collector_cannot_open_the_console(world: ServerProcess) -> None:
    browser = Browser(world)
    answer = browser.login("thu.lt")
    assert answer.status_code == 403
    assert "vss_console=" not in answer.headers.get("set-cookie", "")
    assert "dành cho cán bộ quản lý" in answer.text
    page = browser.get("/console/overview", allow_redirects=False)
    assert page.status_code == 303 and page.headers["location"].startswith("/console/login")


def test_wrong_password_and_a_login_form_from_elsewhere_are_refused(
    world: ServerProcess,
) -> None:
    browser = Browser(world)
    assert browser.login("tinh", "wrong-password").status_code == 401
    # A login posted without the form's own token (another site's form) is refused.
    forged = requests.post(
        world.url + "/console/login",
        data={"username": "tinh", "password": PASSWORD, "csrf": "x" * 20},
        allow_redirects=False,
        timeout=30,
    )
    assert forged.status_code == 400
    assert "vss_console=" not in forged.headers.get("set-cookie", "")


def test_a_form_without_its_csrf_token_changes_nothing(world: ServerProcess) -> None:
    browser = Browser(world)
    browser.login("tinh")
    page = browser.get("/console/overview")
    refused = browser.post("/console/logout", {"csrf": "forged"}, allow_redirects=False)
    assert refused.status_code == 403 and "Chưa có gì thay đổi" in refused.text
    assert browser.get("/console/overview", allow_redirects=False).status_code == 200
    done = browser.post(
        "/console/logout", {"csrf": hidden(page.text, "csrf")}, allow_redirects=False
    )
    assert done.status_code == 303
    after = browser.get("/console/overview", allow_redirects=False)
    assert after.status_code == 303 and after.headers["location"].startswith("/console/login")


def test_english_can_be_chosen(world: ServerProcess) -> None:
    browser = Browser(world)
    browser.login("tinh")
    browser.get("/console/lang/en?next=/console/overview")
    page = browser.get("/console/overview?span=month&day=2026-11-05")
    assert '<html lang="en">' in page.text and "Households reached" in page.text
    # Never a redirect to another site.
    away = browser.get("/console/lang/vi?next=https://example.com/", allow_redirects=False)
    assert away.headers["location"] == "/console/overview"


def test_a_commune_supervisor_sees_only_their_commune(world: ServerProcess) -> None:
    browser = Browser(world)
    browser.login("xa.banho")
    page = browser.get("/console/overview?span=month&day=2026-11-05")
    assert page.status_code == 200
    cards = re.findall(r'<span class="n">([^<]*)</span>', page.text)
    assert cards[:3] == ["3", "1", "1"]
    assert "thu.lt" in page.text and "nam.vh" not in page.text
    assert BAN_HO in page.text and BAC_HA not in page.text


def test_disabling_an_account_ends_its_console_session(world: ServerProcess) -> None:
    browser = Browser(world)
    browser.login("tinh")
    assert browser.get("/console/overview", allow_redirects=False).status_code == 200
    world.cli("disable-user", "tinh")
    assert browser.get("/console/overview", allow_redirects=False).status_code == 303


@pytest.mark.parametrize("clocked_server", ["sqlite"], indirect=True)
def test_an_idle_session_expires(clocked_server: ServerProcess) -> None:
    make_people(clocked_server)
    browser = Browser(clocked_server)
    browser.login("tinh")
    assert browser.get("/console/overview", allow_redirects=False).status_code == 200
    clocked_server.advance_clock(29 * 60)
    assert browser.get("/console/overview", allow_redirects=False).status_code == 200
    clocked_server.advance_clock(31 * 60)
    expired = browser.get("/console/overview", allow_redirects=False)
    assert expired.status_code == 303
    assert expired.headers["location"] == "/console/login?next=%2Fconsole%2Foverview"


def test_a_day_that_is_not_a_date_is_said_not_replaced_silently(world: ServerProcess) -> None:
    browser = Browser(world)
    browser.login("tinh")
    typed = browser.get("/console/overview?span=month&day=20/11/2026")
    assert "01/11/2026 – 30/11/2026" in typed.text and 'class="error"' not in typed.text
    wrong = browser.get("/console/overview?span=month&day=31/02/2026")
    assert wrong.status_code == 200
    assert "dd/mm/yyyy" in wrong.text and 'class="error"' in wrong.text
