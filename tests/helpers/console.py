"""The console's test world: accounts, households with visits, and a cookie-jar browser
(tests/test_console.py, tests/test_console_browser.py)."""

from __future__ import annotations

import re

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


def record(
    client: Client, commune: str, visits: int, day: str, head: str = "Lý Thị Hoa", cccd: str = ""
) -> str:
    """A household of ``commune`` with a member, ``visits`` visits on ``day`` (UTC noon),
    each enrolling the member and collecting 105.300 ₫."""
    household, person = new_id(), new_id()
    ops = [
        op(
            "household",
            "create",
            household,
            {
                "head_name": head,
                "province": "Lào Cai",
                "commune": commune,
                "village": "Thôn 1",
            },
        ),
        op(
            "person",
            "create",
            person,
            {
                "household_id": household,
                "full_name": head,
                "relation": "head",
                "cccd": cccd,
                "date_of_birth": "1985-01-01",
                "sex": "F",
            },
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
    return household


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


def two_communes(server: ServerProcess) -> ServerProcess:
    """thu.lt works in Bản Hồ, nam.vh in Bắc Hà (one visited household each); tinh sees
    everywhere, xa.banho Bản Hồ."""
    make_people(server)
    record(Client.login(server, "thu.lt", "device-thu-00001"), BAN_HO, 1, "2026-11-20")
    record(Client.login(server, "nam.vh", "device-nam-00001"), BAC_HA, 1, "2026-11-21")
    return server


def english_browser(server: ServerProcess, username: str, page: str) -> Browser:
    """A logged-in browser that chose English, on ``page``."""
    browser = Browser(server)
    assert browser.login(username).status_code == 303
    browser.get(f"/console/lang/en?next={page}")
    return browser
