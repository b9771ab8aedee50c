"""The console's Import page (issue 14, page 3): upload, dry run, confirm; the area; the
refused uploads. The real server on loopback (SQLite and PostgreSQL for the area rules),
a cookie-jar browser over HTTP, and one run in Debian's Chromium.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from openpyxl import load_workbook

from helpers import list_files as lf
from helpers.browser import chromium_page, log_in_by_keyboard, shots
from helpers.console import Browser, hidden, make_people
from helpers.server_harness import ServerProcess
from helpers.sync_helpers import PASSWORD, server_engine, server_rows
from vss_server import admin, list_import
from vss_server.console import uploads

MINH_SON = "Xã Minh Sơn"


def add_people(server: ServerProcess) -> None:
    """make_people's accounts, a supervisor of Minh Sơn and a collector of Bắc Mê."""
    make_people(server)
    engine = server_engine(server)
    try:
        admin.create_user(
            engine, "xa.minhson", PASSWORD, role="supervisor", areas=[f"{lf.PROVINCE}/{MINH_SON}"]
        )
        admin.create_user(engine, "thu.bacme", PASSWORD, areas=[f"{lf.PROVINCE}/Xã Bắc Mê"])
    finally:
        engine.dispose()


@pytest.fixture
def world(server: ServerProcess) -> ServerProcess:
    add_people(server)
    return server


def make_list(households: int, persons: int | None = None) -> list[lf.Household]:
    """lf.district without its collector column (its accounts thu01, thu02 do not exist
    here: an unknown collector refuses the row)."""
    found = lf.district(households, persons)
    for household in found:
        household.values["collector"] = ""
    return found


def households_of(households: list[lf.Household], commune: str) -> list[lf.Household]:
    return [h for h in households if h.values["commune"] == commune]


def upload(
    browser: Browser,
    content: bytes,
    name: str = "danh-sach.xlsx",
    assign_to: str = "thu.lt",
    csrf: str | None = None,
) -> requests.Response:
    if csrf is None:
        csrf = hidden(browser.get("/console/import").text, "csrf")
    return browser.http.post(
        browser.url("/console/import"),
        data={"csrf": csrf, "assign_to": assign_to},
        files={"file": (name, io.BytesIO(content), "application/octet-stream")},
        timeout=60,
    )


def counts(html: str) -> dict[str, int]:
    found = re.findall(r'data-count="([a-z]+-[a-z]+)">([0-9.]*)<', html)
    return {key: int(value.replace(".", "")) for key, value in found}


def stored_files(server: ServerProcess) -> list[str]:
    folder = server.data_dir / uploads.FOLDER
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def xlsx_bytes(tmp_path: Path, households: list[lf.Household]) -> bytes:
    return lf.write_xlsx(tmp_path / "list.xlsx", households).read_bytes()


def english(browser: Browser) -> None:
    browser.get("/console/lang/en?next=/console/import")


# --- upload, dry run, confirm -----------------------------------------------------------------


@pytest.mark.parametrize("server", ["sqlite"], indirect=True)
def test_upload_shows_the_dry_run_then_confirm_imports_once(
    world: ServerProcess, tmp_path: Path
) -> None:
    district = make_list(6, 14)
    browser = Browser(world)
    browser.login("tinh")
    page = upload(browser, xlsx_bytes(tmp_path, district))
    assert page.status_code == 200, page.text[-2000:]
    assert counts(page.text) == {
        "households-created": 6,
        "households-updated": 0,
        "households-unchanged": 0,
        "persons-created": 14,
        "persons-updated": 0,
        "persons-unchanged": 0,
    }
    assert page.headers["cache-control"] == "no-store"
    # The dry run wrote nothing; the upload waits under the data dir.
    assert server_rows(world, "household") == [] and server_rows(world, "person") == []
    assert any(".upload." in name for name in stored_files(world))
    token = hidden(page.text, "token")
    assert token not in " ".join(stored_files(world))  # files are named by its hash
    # The report: every input row with its status.
    report = browser.get(f"/console/import/report?token={token}")
    assert report.status_code == 200
    assert "attachment" in report.headers["content-disposition"]
    assert report.headers["cache-control"] == "no-store"
    sheet = load_workbook(io.BytesIO(report.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Row", "Status", "Problems")
    assert [r[1] for r in rows[1:]] == ["created"] * 14
    # Confirm: the same file is imported, every household given to thu.lt.
    done = browser.post(
        "/console/import/confirm", {"csrf": hidden(page.text, "csrf"), "token": token}
    )
    assert done.status_code == 200
    assert counts(done.text)["households-created"] == 6
    stored = server_rows(world, "household")
    assert sorted(h["code"] for h in stored) == sorted(h.values["code"] for h in district)
    assert {h["collector"] for h in stored} == {"thu.lt"}
    assert len(server_rows(world, "person")) == 14
    assert stored_files(world) == []  # the upload and its report are gone
    audit = [a for a in server_rows(world, "audit_entry") if a["device_id"] == "console"]
    assert [(a["action"], a["entity"]) for a in audit] == [("import", "list")]
    assert audit[0]["user_id"] is not None and "6 created" in audit[0]["detail"]
    # The token was for one import: a second confirm is refused, nothing is added.
    again = browser.post(
        "/console/import/confirm", {"csrf": hidden(page.text, "csrf"), "token": token}
    )
    assert again.status_code == 410
    assert 'role="alert"' in again.text
    assert len(server_rows(world, "household")) == 6
    assert browser.get(f"/console/import/report?token={token}").status_code == 404


@pytest.mark.parametrize("server", ["sqlite"], indirect=True)
def test_forms_without_their_csrf_token_are_refused(world: ServerProcess, tmp_path: Path) -> None:
    browser = Browser(world)
    browser.login("tinh")
    answer = upload(browser, xlsx_bytes(tmp_path, make_list(2)), csrf="x" * 30)
    assert answer.status_code == 403
    assert stored_files(world) == []
    page = upload(browser, xlsx_bytes(tmp_path, make_list(2)))
    token = hidden(page.text, "token")
    refused = browser.post("/console/import/confirm", {"token": token})
    assert refused.status_code == 403
    assert server_rows(world, "household") == []
    # Another supervisor's session cannot use the token either.
    other = Browser(world)
    other.login("xa.banho")
    csrf = hidden(other.get("/console/import").text, "csrf")
    stolen = other.post("/console/import/confirm", {"csrf": csrf, "token": token})
    assert stolen.status_code == 410
    assert other.get(f"/console/import/report?token={token}").status_code == 404
    assert server_rows(world, "household") == []


@pytest.mark.parametrize("clocked_server", ["sqlite"], indirect=True)
def test_an_upload_left_an_hour_is_deleted(clocked_server: ServerProcess, tmp_path: Path) -> None:
    add_people(clocked_server)
    browser = Browser(clocked_server)
    browser.login("tinh")
    page = upload(browser, xlsx_bytes(tmp_path, make_list(2)))
    assert stored_files(clocked_server)
    clocked_server.advance_clock(20 * 60)
    late = browser.post(
        "/console/import/confirm",
        {"csrf": hidden(browser.get("/console/import").text, "csrf"), "token": "x" * 43},
    )
    assert late.status_code == 410
    assert stored_files(clocked_server)  # 20 minutes: kept
    clocked_server.advance_clock(45 * 60)
    browser.login("tinh")  # the session has been idle too long; the upload is older still
    csrf = hidden(browser.get("/console/import").text, "csrf")
    expired = browser.post(
        "/console/import/confirm", {"csrf": csrf, "token": hidden(page.text, "token")}
    )
    assert expired.status_code == 410
    assert stored_files(clocked_server) == []  # swept
    assert server_rows(clocked_server, "household") == []


# --- the supervisor's area --------------------------------------------------------------------


def test_a_commune_supervisor_cannot_import_another_communes_rows(
    world: ServerProcess, tmp_path: Path
) -> None:
    district = make_list(8, 20)
    browser = Browser(world)
    browser.login("xa.minhson")
    english(browser)
    page = upload(browser, xlsx_bytes(tmp_path, district))
    assert page.status_code == 200
    outside = len(district) - len(households_of(district, MINH_SON))
    found = counts(page.text)
    assert found["refused-rows"] == outside and found["households-created"] == 2
    assert page.text.count("the household lies outside your area") == outside
    assert "Some rows are refused" in page.text
    assert 'action="/console/import/confirm"' not in page.text  # nothing to confirm
    assert not any(".upload." in name for name in stored_files(world))
    token = hidden(page.text, "token") if 'name="token"' in page.text else "y" * 43
    csrf = hidden(page.text, "csrf")
    assert (
        browser.post("/console/import/confirm", {"csrf": csrf, "token": token}).status_code == 410
    )
    assert server_rows(world, "household") == []
    # Their own commune's households alone import.
    own = households_of(district, MINH_SON)
    page = upload(browser, lf.write_xlsx(tmp_path / "own.xlsx", own).read_bytes())
    assert "refused-rows" not in counts(page.text)
    done = browser.post(
        "/console/import/confirm",
        {"csrf": hidden(page.text, "csrf"), "token": hidden(page.text, "token")},
    )
    assert done.status_code == 200
    assert {h["commune"] for h in server_rows(world, "household")} == {MINH_SON}


def test_a_stored_household_of_another_commune_cannot_be_moved_in(
    world: ServerProcess, tmp_path: Path
) -> None:
    """A row naming Minh Sơn whose code is a Bắc Mê household on the server would move
    that household: refused."""
    district = make_list(4, 8)
    engine = server_engine(world)
    try:
        path = lf.write_xlsx(tmp_path / "all.xlsx", district)
        assert list_import.import_list(engine, path, assign_to="thu.lt").written
    finally:
        engine.dispose()
    moved = next(h for h in district if h.values["commune"] != MINH_SON)
    moved.values["commune"] = MINH_SON
    browser = Browser(world)
    browser.login("xa.minhson")
    page = upload(browser, lf.write_xlsx(tmp_path / "moved.xlsx", [moved]).read_bytes())
    assert counts(page.text)["refused-rows"] == 1
    assert 'action="/console/import/confirm"' not in page.text
    communes = {h["code"]: h["commune"] for h in server_rows(world, "household")}
    assert communes[moved.values["code"]] != MINH_SON


@pytest.mark.parametrize("server", ["sqlite"], indirect=True)
def test_assigning_to_a_collector_outside_the_area_is_refused(
    world: ServerProcess, tmp_path: Path
) -> None:
    browser = Browser(world)
    browser.login("xa.minhson")
    form = browser.get("/console/import").text
    assert 'value="thu.lt"' in form and 'value="thu.bacme"' not in form
    own = households_of(make_list(8), MINH_SON)
    answer = upload(browser, xlsx_bytes(tmp_path, own), assign_to="thu.bacme")
    assert answer.status_code == 400 and 'role="alert"' in answer.text
    assert stored_files(world) == []


# --- refused uploads --------------------------------------------------------------------------


@pytest.mark.parametrize("server", ["sqlite"], indirect=True)
def test_files_that_are_not_lists_get_a_clear_page(world: ServerProcess, tmp_path: Path) -> None:
    browser = Browser(world)
    browser.login("tinh")
    english(browser)
    cases = {
        "old.xls": (lf.old_xls(tmp_path / "old.xls").read_bytes(), "old Excel .xls file"),
        "locked.xlsx": (
            lf.password_protected_xlsx(tmp_path / "locked.xlsx").read_bytes(),
            "password-protected",
        ),
        "photo.png": (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20, "not a spreadsheet"),
        "empty.xlsx": (b"", "No file was sent, or the file is empty"),
    }
    for name, (content, said) in cases.items():
        answer = upload(browser, content, name=name)
        assert answer.status_code == 400, name
        assert said in answer.text, name
        assert "Nothing was imported" in answer.text or "empty" in name
        assert "Traceback" not in answer.text
        assert 'enctype="multipart/form-data"' in answer.text  # the form, to try again
    assert stored_files(world) == []
    assert server_rows(world, "household") == []


@pytest.fixture
def small_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[ServerProcess]:
    """A server taking bodies of at most 200 KB (VSS_SERVER_MAX_BODY_BYTES)."""
    monkeypatch.setenv("VSS_SERVER_MAX_BODY_BYTES", str(200 * 1024))
    proc = ServerProcess(tmp_path / "small").start()
    yield proc
    proc.stop()


def test_a_file_over_the_limit_gets_a_clear_page(small_server: ServerProcess) -> None:
    add_people(small_server)
    browser = Browser(small_server)
    browser.login("tinh")
    english(browser)
    limit = uploads.limit(200 * 1024)
    assert "at most 0.1 MB" in browser.get("/console/import").text
    answer = upload(browser, b"x" * (limit + 1), name="big.csv")
    assert answer.status_code == 413
    assert "The file is larger than 0.1 MB" in answer.text
    assert stored_files(small_server) == []
    # Above the server's own body limit the request never reaches the page: the body cap
    # answers, with a page the browser can show (the API's clients get JSON).
    huge = upload(browser, b"x" * 300 * 1024, name="huge.csv")
    assert huge.status_code == 413 and huge.headers["content-type"].startswith("text/html")
    assert "chưa có gì thay đổi" in huge.text
    assert stored_files(small_server) == []


# --- in a real browser ------------------------------------------------------------------------


@pytest.fixture
def page(tmp_path: Path) -> Iterator[Any]:
    yield from chromium_page()


@pytest.mark.parametrize("server", ["sqlite"], indirect=True)
def test_upload_check_and_confirm_in_chromium(
    world: ServerProcess, page: object, tmp_path: Path
) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    district = make_list(5, 12)
    path = lf.write_xlsx(tmp_path / "danh-sach-xa.xlsx", district)
    page.goto(world.url + "/console/import")
    log_in_by_keyboard(page, "tinh", PASSWORD)
    expect(page.locator("#file")).to_be_visible()
    page.locator("#file").set_input_files(str(path))
    page.locator("#assign_to").select_option("thu.lt")
    page.locator("form.upload button[type=submit]").click()
    expect(page.locator('[data-count="households-created"]')).to_have_text("5")
    expect(page.locator('[data-count="persons-created"]')).to_have_text("12")
    assert server_rows(world, "household") == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    page.screenshot(path=str(shots(tmp_path) / "console-import-check.png"), full_page=True)
    page.locator('form[action="/console/import/confirm"] button').click()
    expect(page.locator("p.ok")).to_be_visible()
    page.screenshot(path=str(shots(tmp_path) / "console-import.png"), full_page=True)
    assert len(server_rows(world, "household")) == 5
    assert os.listdir(world.data_dir / uploads.FOLDER) == []
