"""The supervisors' console (issue 14): login, sessions, CSRF, language, areas, overview.

The real server on loopback (SQLite and PostgreSQL), driven over HTTP with a cookie jar
as a browser does; tests/test_console_browser.py drives a real browser.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import requests

from helpers.console import BAC_HA, BAN_HO, Browser, hidden, make_people, record
from helpers.server_api import Client
from helpers.server_harness import ServerProcess
from helpers.sync_helpers import PASSWORD
from vss_server import admin


@pytest.fixture
def world(server: ServerProcess, tmp_path: Path) -> ServerProcess:
    make_people(server)
    thu = Client.login(server, "thu.lt", "device-thu-00001")
    nam = Client.login(server, "nam.vh", "device-nam-00001")
    record(thu, BAN_HO, visits=3, day="2026-11-20", cccd="015185000123")
    record(nam, BAC_HA, visits=2, day="2026-11-21", head="Đặng Văn Đức")
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
    # Days off any plausible calendar (their next/previous periods would not exist).
    for far in ("9999-12-31", "0001-01-01", "31/12/9999"):
        for span in ("year", "day", "week"):
            answer = browser.get(f"/console/overview?span={span}&day={far}")
            assert answer.status_code == 200 and 'class="error"' in answer.text, (far, span)
        export = browser.get(f"/console/exports?span=year&day={far}")
        assert export.status_code == 200, far
        for download in ("figures.xlsx?span=year", "form.xlsx?who=collector:thu.lt&span=day"):
            refused = browser.get(f"/console/exports/{download}&day={far}")
            assert refused.status_code == 404 and "dd/mm/yyyy" in refused.text, (far, download)


# --- households ---------------------------------------------------------------------------


def household_ids(page: str) -> list[str]:
    return re.findall(r'name="household" value="([^"]+)"', page)


def test_search_folds_like_the_app_and_finds_id_numbers_by_prefix(world: ServerProcess) -> None:
    browser = Browser(world)
    browser.login("tinh")
    every = browser.get("/console/households")
    assert len(household_ids(every.text)) == 2
    for query in ("dang van duc", "ĐẶNG", "duc"):
        found = browser.get("/console/households", params={"q": query})
        assert len(household_ids(found.text)) == 1 and "Đặng Văn Đức" in found.text, query
    by_cccd = browser.get("/console/households", params={"q": "0151850"})
    assert len(household_ids(by_cccd.text)) == 1 and "Lý Thị Hoa" in by_cccd.text
    nothing = browser.get("/console/households", params={"q": "zzz"})
    assert household_ids(nothing.text) == []


def test_a_household_page_shows_members_and_visits(world: ServerProcess) -> None:
    browser = Browser(world)
    browser.login("tinh")
    listing = browser.get("/console/households", params={"q": "ly thi hoa"})
    (hid,) = household_ids(listing.text)
    page = browser.get(f"/console/households/{hid}")
    assert page.status_code == 200
    assert page.text.count("20/11/2026") == 3  # three visits
    assert "BHYT hộ gia đình tham gia mới" in page.text and "105.300 ₫" in page.text


def test_reassigning_moves_the_household_to_the_new_collectors_laptop(
    world: ServerProcess,
) -> None:
    browser = Browser(world)
    browser.login("tinh")
    listing = browser.get("/console/households", params={"q": "ly thi hoa"})
    (hid,) = household_ids(listing.text)
    nam = Client.login(world, "nam.vh", "device-nam-00002")
    before, cursor = nam.pull_all()
    assert hid not in {c["id"] for c in before}
    answer = browser.post(
        "/console/households/assign",
        {
            "csrf": hidden(listing.text, "csrf"),
            "household": hid,
            "collector": "nam.vh",
            "back": "/console/households?q=ly",
        },
        allow_redirects=False,
    )
    assert answer.status_code == 303 and "done=1" in answer.headers["location"]
    after, _ = nam.pull_all(cursor)
    assert hid in {c["id"] for c in after if c["entity"] == "household"}
    shown = browser.get(answer.headers["location"])
    assert 'role="status"' in shown.text


def test_a_commune_supervisor_cannot_see_or_move_another_communes_household(
    world: ServerProcess,
) -> None:
    boss = Browser(world)
    boss.login("tinh")
    other = household_ids(boss.get("/console/households", params={"q": "duc"}).text)[0]
    browser = Browser(world)
    browser.login("xa.banho")
    listing = browser.get("/console/households")
    assert len(household_ids(listing.text)) == 1 and "Đặng Văn Đức" not in listing.text
    assert browser.get(f"/console/households/{other}").status_code == 404
    refused = browser.post(
        "/console/households/assign",
        {"csrf": hidden(listing.text, "csrf"), "household": other, "collector": "thu.lt"},
        allow_redirects=False,
    )
    assert "refused=out_of_area" in refused.headers["location"]
    page = boss.get(f"/console/households/{other}")
    assert "nam.vh" in page.text  # still nam's
    village = browser.post(
        "/console/households/assign",
        {"csrf": hidden(listing.text, "csrf"), "village": "Thôn 1", "collector": "nam.vh"},
        allow_redirects=False,
    )
    # "Thôn 1" exists in both communes: only Bản Hồ's household moved.
    assert "done=1" in village.headers["location"]
    assert "nam.vh" in boss.get(f"/console/households/{other}").text


@pytest.mark.parametrize("clocked_server", ["sqlite"], indirect=True)
def test_a_laptop_that_stopped_syncing_is_flagged(clocked_server: ServerProcess) -> None:
    import requests

    make_people(clocked_server)
    thu = Client.login(clocked_server, "thu.lt", "device-thu-00001")
    told = requests.post(
        clocked_server.url + "/api/v1/sync/status",
        json={"device_id": "device-thu-00001", "app_version": "0.9.1", "pending": 0},
        headers=thu.headers,
        timeout=10,
    )
    assert told.status_code == 200
    browser = Browser(clocked_server)
    browser.login("tinh")
    fresh = browser.get("/console/overview")
    assert "1 máy tính đồng bộ với máy chủ này; 0 máy cần chú ý" in fresh.text
    clocked_server.advance_clock(4 * 24 * 3600)
    browser.login("tinh")  # the session itself has expired meanwhile
    stale = browser.get("/console/overview")
    assert "0 máy cần chú ý" not in stale.text and 'class="bad"' in stale.text
    assert "0.9.1" in stale.text


def test_one_scan_overview_equals_the_three_queries(world: ServerProcess) -> None:
    """PostgreSQL answers the overview with GROUPING SETS; the figures are the plain
    queries' (which SQLite runs)."""
    from datetime import date

    from sqlmodel import Session

    from helpers.sync_helpers import server_engine
    from vss_server import figures
    from vss_server.areas import Scope

    engine = server_engine(world)
    try:
        with Session(engine) as session:
            everything = Scope((), None)
            start, end = date(2026, 11, 1), date(2026, 11, 30)
            tables = figures.overview(session, start, end, everything)
            assert tables.per_collector == figures.by_collector(session, start, end, everything)
            assert tables.per_commune == figures.by_commune(session, start, end, everything)
            assert tables.total == figures.total(session, start, end, everything)
            assert tables.total.visits == 5 and set(tables.per_collector) == {"thu.lt", "nam.vh"}
    finally:
        engine.dispose()


def test_the_overview_shows_progress_against_the_months_targets(world: ServerProcess) -> None:
    """thu.lt's own target wins over the one for every collector; nam.vh gets that one."""
    from datetime import date

    from helpers.sync_helpers import server_engine

    engine = server_engine(world)
    try:
        admin.set_target(engine, "bhyt_household_enrolled", "month", date(2026, 11, 1), 4, None)
        admin.set_target(engine, "bhyt_household_enrolled", "month", date(2026, 11, 1), 2, "thu.lt")
        admin.set_target(
            engine, "amount_collected", "month", date(2026, 11, 1), 1_000_000, "thu.lt"
        )
    finally:
        engine.dispose()
    browser = Browser(world)
    browser.login("tinh")
    browser.get("/console/lang/en?next=/console/overview")
    month = browser.get("/console/overview?span=month&day=2026-11-05").text
    assert "of 2 (50%)" in month  # thu.lt: 1 person enrolled of their own 2
    assert "of 4 (25%)" in month  # nam.vh: 1 of every collector's 4
    assert "of 1.000.000 ₫ (31%)" in month  # 315.900 ₫ collected
    week = browser.get("/console/overview?span=week&day=2026-11-20").text
    assert "of 2 (" not in week  # targets are per month, quarter or year


def test_no_template_holds_preformatted_text() -> None:
    """The console strips each line's indentation from its pages (render.py): a <pre> or a
    <textarea> would lose its leading spaces."""
    from vss_server.console.render import TEMPLATES

    names = [p.name for p in TEMPLATES.glob("*.html")]
    assert len(names) > 10
    for path in TEMPLATES.glob("*.html"):
        text = path.read_text(encoding="utf-8").lower()
        assert "<pre" not in text and "<textarea" not in text, path.name
