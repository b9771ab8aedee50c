"""Issue 14's "done when", in a real browser: the supervisor created on the command line
logs in to /console/, imports the template list, gives its village to a collector; the
collector's app (the real sync engine) receives it, records a visit and syncs; the
overview shows the visit. The screenshots are the README's (see helpers.browser.shots).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from helpers.browser import chromium_page, log_in_by_keyboard, shots
from helpers.server_harness import ServerProcess
from helpers.sync_helpers import PASSWORD, local_rows
from helpers.sync_helpers import app as collector_app
from vss_core.enums import Outcome, ResultKind
from vss_core.importing import write_template
from vss_desktop.store import services
from vss_desktop.store.services import NewVisit, VisitResult


@pytest.fixture
def page() -> Iterator[Any]:
    yield from chromium_page()


@pytest.mark.slow
@pytest.mark.parametrize("server", ["sqlite"], indirect=True)
def test_import_assign_sync_and_see_it_on_the_overview(
    server: ServerProcess, page: Any, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    folder = shots(tmp_path)
    # As the README says: accounts from the command line.
    server.cli(
        "create-user", "giamsat", "--role", "supervisor", "--full-name", "Trần Văn Giám",
        "--password-stdin", stdin=PASSWORD,
    )  # fmt: skip
    server.cli(
        "create-user", "thu01", "--full-name", "Lò Thị Thu", "--password-stdin", stdin=PASSWORD
    )
    template = tmp_path / "mau.xlsx"
    write_template(template)

    page.goto(server.url + "/console/")
    page.screenshot(path=str(folder / "console-login.png"))
    log_in_by_keyboard(page, "giamsat", PASSWORD)
    expect(page.get_by_role("heading", name="Tổng quan")).to_be_visible()

    # Import the template list: the dry run first, then confirm.
    page.get_by_role("link", name="Nhập danh sách").click()
    page.locator("#file").set_input_files(str(template))
    page.locator("form.upload button[type=submit]").click()
    expect(page.locator('[data-count="households-created"]')).to_have_text("1")
    expect(page.locator('[data-count="persons-created"]')).to_have_text("2")
    page.screenshot(path=str(folder / "console-import-check.png"), full_page=True)
    page.locator('form[action="/console/import/confirm"] button').click()
    expect(page.locator("p.ok")).to_be_visible()

    # Give the village to the collector.
    page.get_by_role("link", name="Hộ gia đình").click()
    expect(page.get_by_role("link", name="Nguyễn Văn An")).to_be_visible()
    page.locator("#whole-village").select_option("Thôn Nà Mòn")
    page.locator("#village-collector").select_option("thu01")
    page.get_by_role("button", name="Giao thôn/bản").click()
    expect(page.locator("p.ok")).to_be_visible()
    page.screenshot(path=str(folder / "console-households.png"), full_page=True)

    # The collector's laptop receives the household, records a visit, syncs.
    store, sync = collector_app(tmp_path, "laptop", server, user="thu01")
    assert sync.sync().status == "ok"
    (household,) = local_rows(store, "household").values()
    head = next(p for p in local_rows(store, "person").values() if p.relation == "head")
    services.save_visit(
        store,
        NewVisit(
            household_id=household.id,
            outcome=Outcome.ENROLLED,
            collector="thu01",
            amount_collected=1_263_600,
            receipt_number="BL-0001",
            results=(VisitResult(head.id, ResultKind.BHYT_HOUSEHOLD_ENROLLED, 1_263_600, 12),),
        ),
    )
    assert sync.sync().status == "ok" and services.pending_changes(store) == 0
    store.close()

    page.get_by_role("link", name="Tổng quan").click()
    expect(page.locator(".card .n").first).to_have_text("1")
    expect(page.get_by_role("rowheader", name="Lò Thị Thu thu01")).to_be_visible()
    expect(page.get_by_text("1.263.600 ₫").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    page.screenshot(path=str(folder / "console-overview.png"), full_page=True)
