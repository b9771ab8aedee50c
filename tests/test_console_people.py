"""The console's People page (issue 14): accounts in the supervisor's area, new
collectors and supervisors, disable, password reset, device revocation, collectors from
a sheet, login slips. The real server on loopback, driven over HTTP like a browser;
one test in Debian's Chromium.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from openpyxl import Workbook
from sqlmodel import Session, select

from helpers.browser import chromium_page, log_in_by_keyboard, shots
from helpers.console import (
    BAC_HA,
    BAN_HO,
    Browser,
    english_browser,
    hidden,
    two_communes,
)
from helpers.server_api import API, Client
from helpers.server_harness import ServerProcess
from helpers.sync_helpers import PASSWORD, server_engine
from vss_server.models import AuthEvent, UserAccount, UserArea

sqlite_only = pytest.mark.parametrize("server", ["sqlite"], indirect=True)


@pytest.fixture
def world(server: ServerProcess) -> ServerProcess:
    return two_communes(server)


def english(world: ServerProcess, username: str) -> Browser:
    return english_browser(world, username, "/console/people")


def account_ids(browser: Browser) -> dict[str, int]:
    """username -> id, from the People list."""
    page = browser.get("/console/people").text
    found = re.findall(r'href="/console/people/(\d+)">[^<]*</a></th>\s*<td>([^<]+)</td>', page)
    return {name: int(number) for number, name in found}


def api_login(world: ServerProcess, username: str, password: str, device: str) -> int:
    return requests.post(
        world.url + f"{API}/auth/login",
        json={"username": username, "password": password, "device_id": device},
        timeout=30,
    ).status_code


def users(world: ServerProcess) -> dict[str, UserAccount]:
    engine = server_engine(world)
    try:
        with Session(engine) as session:
            return {u.username: u for u in session.exec(select(UserAccount))}
    finally:
        engine.dispose()


def slip_password(page: str) -> str:
    found = re.findall(r'class="slip-password">([^<]+)<', page)
    assert len(found) == 1, found
    return found[0]


# --- who sees whom ------------------------------------------------------------------------------


def test_a_commune_supervisor_cannot_see_or_change_another_communes_collector(
    world: ServerProcess,
) -> None:
    nam_id = account_ids(english(world, "tinh"))["nam.vh"]
    browser = english(world, "xa.banho")
    listing = browser.get("/console/people")
    assert listing.status_code == 200
    assert set(account_ids(browser)) == {"thu.lt"}  # no supervisor, no other commune
    assert (
        "nam.vh" not in listing.text and "Trần Văn Tỉnh" not in listing.text.split("</header>")[1]
    )
    assert browser.get(f"/console/people/{nam_id}").status_code == 404
    assert browser.get(f"/console/people/{nam_id}/slip").status_code == 404
    csrf = hidden(listing.text, "csrf")
    for action, extra in (
        ("disable", {}),
        ("password", {}),
        ("revoke", {"device_id": "device-nam-00001"}),
    ):
        answer = browser.post(
            f"/console/people/{nam_id}/{action}", {"csrf": csrf, **extra}, allow_redirects=False
        )
        assert answer.status_code == 303, action
        assert answer.headers["location"] == "/console/people?refused=out_of_area", action
        said = browser.get(answer.headers["location"])
        assert "not in your area" in said.text and 'role="alert"' in said.text
    # Nothing changed: nam is active, his password and his laptop's token still work.
    assert users(world)["nam.vh"].active
    assert api_login(world, "nam.vh", PASSWORD, "device-nam-00002") == 200
    nam = Client.login(world, "nam.vh", "device-nam-00003")
    assert nam.get("/sync/pull").status_code == 200
    # The collector of their own commune is theirs to manage.
    thu_id = account_ids(browser)["thu.lt"]
    page = browser.get(f"/console/people/{thu_id}")
    assert page.status_code == 200 and "device-thu-00001" in page.text


def test_a_collector_account_cannot_use_any_of_it(world: ServerProcess) -> None:
    browser = Browser(world)
    assert browser.login("thu.lt").status_code == 403
    for path in ("/console/people", "/console/people/1", "/console/people/import"):
        answer = browser.get(path, allow_redirects=False)
        assert answer.status_code == 303 and answer.headers["location"].startswith(
            "/console/login"
        ), path
    made = browser.post(
        "/console/people/create",
        {"csrf": "x", "username": "ke.gian", "full_name": "Kẻ Gian", "generate": "1"},
        allow_redirects=False,
    )
    assert made.status_code == 303 and made.headers["location"].startswith("/console/login")
    assert "ke.gian" not in users(world)


@sqlite_only
def test_a_form_without_its_csrf_token_changes_nothing(world: ServerProcess) -> None:
    browser = english(world, "tinh")
    thu_id = account_ids(browser)["thu.lt"]
    for path, data in (
        (
            "/console/people/create",
            {"username": "ke.gian", "full_name": "Kẻ Gian", "generate": "1"},
        ),
        (f"/console/people/{thu_id}/disable", {}),
        (f"/console/people/{thu_id}/password", {}),
        (f"/console/people/{thu_id}/revoke", {"device_id": "device-thu-00001"}),
        ("/console/people/import/confirm", {"rows": "[]"}),
    ):
        answer = browser.post(path, {**data, "csrf": "forged"}, allow_redirects=False)
        assert answer.status_code == 403 and "Nothing was changed" in answer.text, path
    after = users(world)
    assert "ke.gian" not in after and after["thu.lt"].active
    assert api_login(world, "thu.lt", PASSWORD, "device-thu-00009") == 200


# --- new accounts -------------------------------------------------------------------------------


def create(browser: Browser, **fields: str) -> requests.Response:
    page = browser.get("/console/people")
    return browser.post("/console/people/create", {"csrf": hidden(page.text, "csrf"), **fields})


@sqlite_only
def test_a_new_collector_with_a_typed_password_logs_in_to_the_app(world: ServerProcess) -> None:
    browser = english(world, "tinh")
    typed = "Lan-2026-mật"
    different = create(
        browser,
        username="lan.pt",
        full_name="Phạm Thị Lan",
        organisation="womens_union",
        password=typed,
        password_again=typed + "x",
    )
    assert different.status_code == 400 and "The two passwords differ" in different.text
    assert 'value="lan.pt"' in different.text  # what was typed stays in the form
    assert typed not in different.text  # a password is never sent back
    slip = create(
        browser,
        username="lan.pt",
        full_name="Phạm Thị Lan",
        organisation="womens_union",
        password=typed,
        password_again=typed,
    )
    assert slip.status_code == 200
    assert slip_password(slip.text) == typed and "lan.pt" in slip.text
    assert world.url in slip.text  # the address the app logs into
    assert api_login(world, "lan.pt", typed, "device-lan-00001") == 200
    made = users(world)["lan.pt"]
    assert made.role == "collector" and made.organisation == "womens_union"
    assert made.password_hash.startswith("scrypt$") and typed not in made.password_hash
    again = create(browser, username="lan.pt", full_name="Phạm Thị Lan", generate="1")
    assert again.status_code == 400 and "already exists" in again.text
    bad = create(browser, username="Lan PT", full_name="Phạm Thị Lan", generate="1")
    assert bad.status_code == 400 and "lower-case letters" in bad.text
    # Audited: created by the console, the supervisor as the actor.
    engine = server_engine(world)
    try:
        with Session(engine) as session:
            event = session.exec(
                select(AuthEvent).where(
                    AuthEvent.event == "user_created", AuthEvent.user_id == made.id
                )
            ).one()
        assert event.device_id == "console" and event.actor_id == users(world)["tinh"].id
    finally:
        engine.dispose()


@sqlite_only
def test_a_commune_supervisors_new_collector_gets_their_area(world: ServerProcess) -> None:
    browser = english(world, "xa.banho")
    slip = create(browser, username="hoa.banho", full_name="Lò Thị Hoa", generate="1")
    assert slip.status_code == 200
    password = slip_password(slip.text)
    assert api_login(world, "hoa.banho", password, "device-hoa-00001") == 200
    assert "hoa.banho" in account_ids(browser)  # in their list at once, before any work
    engine = server_engine(world)
    try:
        with Session(engine) as session:
            made = users(world)["hoa.banho"]
            areas = session.exec(select(UserArea).where(UserArea.user_id == made.id)).all()
        assert [(a.province, a.commune) for a in areas] == [("Lào Cai", "Bản Hồ")]
    finally:
        engine.dispose()
    outside = create(
        browser, username="ai.bacha", full_name="Ai Đó", area="Lào Cai/Bắc Hà", generate="1"
    )
    assert outside.status_code == 400 and "not in yours" in outside.text
    supervisor = create(
        browser, role="supervisor", username="sep.moi", full_name="Sếp Mới", area="*", generate="1"
    )
    assert supervisor.status_code == 400 and "Only a supervisor of every area" in supervisor.text
    assert not {"ai.bacha", "sep.moi"} & set(users(world))


@sqlite_only
def test_an_everywhere_supervisor_creates_a_commune_supervisor(world: ServerProcess) -> None:
    browser = english(world, "tinh")
    slip = create(
        browser,
        role="supervisor",
        username="xa.bacha",
        full_name="Cán Bộ Bắc Hà",
        area=f"Lào Cai/{BAC_HA}",
        generate="1",
    )
    assert slip.status_code == 200
    boss = Browser(world)
    assert boss.login("xa.bacha", slip_password(slip.text)).status_code == 303
    boss.get("/console/lang/en?next=/console/people")
    assert set(account_ids(boss)) == {"nam.vh"}


# --- changes to an account -----------------------------------------------------------------------


@sqlite_only
def test_a_reset_password_works_for_the_app_and_the_old_one_no_longer_does(
    world: ServerProcess,
) -> None:
    thu = Client.login(world, "thu.lt", "device-thu-00002")
    browser = english(world, "xa.banho")
    thu_id = account_ids(browser)["thu.lt"]
    page = browser.get(f"/console/people/{thu_id}")
    slip = browser.post(f"/console/people/{thu_id}/password", {"csrf": hidden(page.text, "csrf")})
    assert slip.status_code == 200
    password = slip_password(slip.text)
    assert len(password) >= 10 and password != PASSWORD
    assert api_login(world, "thu.lt", PASSWORD, "device-thu-00003") == 401
    assert thu.get("/sync/pull").status_code == 401  # the laptop logs in again
    assert api_login(world, "thu.lt", password, "device-thu-00004") == 200
    # The slip holds this account only: its username, its password, the server.
    body = slip.text.split("</header>")[1]
    assert "thu.lt" in body and world.url in body
    for other in ("nam.vh", "tinh", "xa.banho", "Trần Văn Tỉnh", "Đặng Văn Đức"):
        assert other not in body, other
    assert slip.headers["cache-control"] == "no-store"
    # Shown once: the account's page and its slip never show it again.
    assert password not in browser.get(f"/console/people/{thu_id}").text
    assert password not in browser.get(f"/console/people/{thu_id}/slip").text


@sqlite_only
def test_disable_enable_and_revoke_one_device(world: ServerProcess) -> None:
    first = Client.login(world, "thu.lt", "device-thu-00002")
    second = Client.login(world, "thu.lt", "device-thu-00003")
    browser = english(world, "tinh")
    thu_id = account_ids(browser)["thu.lt"]
    page = browser.get(f"/console/people/{thu_id}")
    assert "device-thu-00002" in page.text and "device-thu-00003" in page.text
    csrf = hidden(page.text, "csrf")
    revoked = browser.post(
        f"/console/people/{thu_id}/revoke", {"csrf": csrf, "device_id": "device-thu-00002"}
    )
    assert "The device is logged out" in revoked.text
    assert first.get("/sync/pull").status_code == 401
    assert second.get("/sync/pull").status_code == 200
    assert "device-thu-00002" not in revoked.text
    browser.post(f"/console/people/{thu_id}/disable", {"csrf": csrf})
    assert not users(world)["thu.lt"].active
    assert second.get("/sync/pull").status_code == 401
    assert api_login(world, "thu.lt", PASSWORD, "device-thu-00004") == 401
    enabled = browser.post(f"/console/people/{thu_id}/enable", {"csrf": csrf})
    assert "enabled again" in enabled.text
    assert api_login(world, "thu.lt", PASSWORD, "device-thu-00005") == 200
    me = account_ids(browser)["tinh"]
    own = browser.post(f"/console/people/{me}/disable", {"csrf": csrf})
    assert "your own account" in own.text and users(world)["tinh"].active


@sqlite_only
def test_the_list_filters_by_organisation(world: ServerProcess) -> None:
    browser = english(world, "tinh")
    page = browser.get("/console/people", params={"organisation": "post_office"})
    assert "thu.lt" in page.text and "nam.vh" not in page.text
    assert "Post office" in page.text
    every = set(account_ids(browser))
    assert every == {"thu.lt", "nam.vh", "tinh", "xa.banho"}


# --- collectors from a sheet ----------------------------------------------------------------------


def sheet_csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows([["username", "full name", "organisation", "area"], *rows])
    return out.getvalue().encode("utf-8")


def sheet_xlsx(rows: list[list[str]], tmp_path: Path) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Tên đăng nhập", "Họ và tên", "Tổ chức", "Tỉnh/Xã"])
    for row in rows:
        sheet.append(row)
    path = tmp_path / "people.xlsx"
    book.save(path)
    return path.read_bytes()


def send(browser: Browser, name: str, data: bytes) -> requests.Response:
    form = browser.get("/console/people/import")
    return browser.http.post(
        browser.url("/console/people/import"),
        data={"csrf": hidden(form.text, "csrf")},
        files={"sheet": (name, data)},
        timeout=30,
    )


@sqlite_only
def test_a_sheet_with_one_bad_row_creates_nothing(world: ServerProcess) -> None:
    browser = english(world, "xa.banho")
    rows = [
        ["mai.banho", "Vàng Thị Mai", "Hội Phụ nữ", ""],
        ["mai.banho", "Vàng Thị Mai Hai", "Bưu điện", ""],  # the same username twice
        ["sung.banho", "Sùng A Sử", "Hội Nông dân", f"Lào Cai/{BAN_HO}"],
    ]
    preview = send(browser, "people.csv", sheet_csv(rows))
    assert preview.status_code == 400
    assert "earlier row of the sheet" in preview.text
    assert 'action="/console/people/import/confirm"' not in preview.text
    # The confirm form, forged with the bad rows, is checked again and refused whole.
    carried = json.dumps(
        [{"n": i + 2, "u": r[0], "f": r[1], "o": r[2], "a": r[3]} for i, r in enumerate(rows)]
    )
    forged = browser.post(
        "/console/people/import/confirm", {"csrf": hidden(preview.text, "csrf"), "rows": carried}
    )
    assert forged.status_code == 400 and "slip-password" not in forged.text
    outside = send(
        browser, "people.csv", sheet_csv([["ai.bacha", "Ai Đó", "Khác", "Lào Cai/Bắc Hà"]])
    )
    assert outside.status_code == 400 and "not in yours" in outside.text
    unknown = send(browser, "people.csv", sheet_csv([["ai.khac", "Ai Khác", "Hợp tác xã", ""]]))
    assert unknown.status_code == 400 and "Unknown organisation" in unknown.text
    assert not {"mai.banho", "sung.banho", "ai.bacha", "ai.khac"} & set(users(world))


@sqlite_only
def test_a_good_sheet_is_previewed_then_created_with_login_slips(
    world: ServerProcess, tmp_path: Path
) -> None:
    browser = english(world, "xa.banho")
    rows = [
        ["mai.banho", "Vàng Thị Mai", "Hội Phụ nữ", ""],
        ["sung.banho", "Sùng A Sử", "Hội Nông dân", f"Lào Cai/{BAN_HO}"],
    ]
    preview = send(browser, "people.xlsx", sheet_xlsx(rows, tmp_path))
    assert preview.status_code == 200, preview.text
    assert "2 collectors are ready" in preview.text
    assert not {"mai.banho", "sung.banho"} & set(users(world))  # a preview writes nothing
    slips = browser.post(
        "/console/people/import/confirm",
        {"csrf": hidden(preview.text, "csrf"), "rows": html.unescape(hidden(preview.text, "rows"))},
    )
    assert slips.status_code == 200
    passwords = re.findall(r'class="slip-password">([^<]+)<', slips.text)
    assert len(passwords) == 2 and len(set(passwords)) == 2
    for username, password in zip(("mai.banho", "sung.banho"), passwords, strict=True):
        assert api_login(world, username, password, f"device-{username[:4]}-0001") == 200
    made = users(world)
    assert made["mai.banho"].organisation == "womens_union"
    assert made["sung.banho"].organisation == "farmers_union"
    assert {"mai.banho", "sung.banho"} <= set(account_ids(browser))
    # Sending the same sheet again: every row is now a taken username.
    twice = send(browser, "people.xlsx", sheet_xlsx(rows, tmp_path))
    assert twice.status_code == 400 and twice.text.count("already exists") == 2


# --- in a real browser --------------------------------------------------------------------------


@pytest.fixture
def page(tmp_path: Path) -> Iterator[Any]:
    yield from chromium_page()


@sqlite_only
def test_create_a_collector_by_keyboard_in_a_browser(
    world: ServerProcess, page: object, tmp_path: Path
) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    page.goto(world.url + "/console/people")
    log_in_by_keyboard(page, "xa.banho", PASSWORD)
    expect(page.locator("#collector-username")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    page.locator("#collector-username").focus()
    page.keyboard.type("hien.banho")
    page.keyboard.press("Tab")
    page.keyboard.type("Giàng Thị Hiền")
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")  # the organisation: the first after "—"
    page.keyboard.press("Tab")  # the area: blank, the supervisor's own
    page.keyboard.press("Enter")  # Enter in a field sends the form
    expect(page.locator(".slip-username")).to_have_text("hien.banho")
    password = page.locator(".slip-password").inner_text()
    assert api_login(world, "hien.banho", password, "device-hien-0001") == 200
    page.screenshot(path=str(shots(tmp_path) / "console-people.png"), full_page=True)
    page.goto(world.url + "/console/people")
    expect(page.get_by_role("link", name="Giàng Thị Hiền")).to_be_visible()
    page.screenshot(path=str(shots(tmp_path) / "console-people-list.png"), full_page=True)
