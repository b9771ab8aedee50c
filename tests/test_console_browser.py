"""The console in a real browser: Debian's Chromium driven by Playwright, headless.

Nothing downloads a browser: the tests use /usr/bin/chromium (`.ci/run` installs the
Debian package) and are skipped with a clear reason where it is missing.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from helpers.browser import CHROMIUM, chromium_page, log_in_by_keyboard, shots
from helpers.console import BAN_HO, make_people, record
from helpers.server_api import Client
from helpers.server_harness import ServerProcess
from helpers.sync_helpers import PASSWORD

pytestmark = pytest.mark.skipif(
    shutil.which(CHROMIUM) is None, reason="Debian's chromium is not installed (.ci/run does)"
)


@pytest.fixture
def page(tmp_path: Path) -> Iterator[Any]:
    yield from chromium_page()


@pytest.mark.parametrize("server", ["sqlite"], indirect=True)
def test_log_in_by_keyboard_and_read_the_overview(
    server: ServerProcess, page: object, tmp_path: Path
) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    make_people(server)
    record(Client.login(server, "thu.lt", "device-thu-00001"), BAN_HO, visits=3, day="2026-11-20")
    page.goto(server.url + "/console/overview?span=month&day=2026-11-01")
    expect(page).to_have_url(
        server.url + "/console/login?next=%2Fconsole%2Foverview%3Fspan%3Dmonth%26day%3D2026-11-01"
    )
    expect(page.get_by_role("heading", name="Bảng điều hành cho cán bộ quản lý")).to_be_visible()
    # Keyboard only: the username field has the focus; Tab to the password; Enter sends.
    log_in_by_keyboard(page, "tinh", PASSWORD)
    expect(page.get_by_role("heading", name="Tổng quan")).to_be_visible()
    expect(page.locator(".range")).to_have_text("01/11/2026 – 30/11/2026")
    expect(page.locator(".card .n").first).to_have_text("3")
    expect(page.get_by_text("315.900 ₫").first).to_be_visible()
    # Nothing spills sideways at 1366x768.
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    page.screenshot(path=str(shots(tmp_path) / "console-overview.png"), full_page=True)
    # English, then log out.
    page.get_by_role("link", name="English").click()
    expect(page.get_by_role("heading", name="Overview")).to_be_visible()
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("heading", name="Supervisors' console")).to_be_visible()
