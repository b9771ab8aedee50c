"""The campaign dialog with district campaigns (issue 15): real widgets, a real store.

District campaigns (received by sync) are listed beside the local ones, marked as from
the district and read-only, each target beside the collector's own tally. The last test
goes through the real server on loopback: a campaign created there with the CLI shows in
the dialog after the next sync, and shows closed once the supervisor closes it.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QCoreApplication, Qt, QTranslator
from sqlmodel import select

from helpers.browser import shots
from helpers.keyboard import press
from helpers.server_harness import ServerProcess
from helpers.sync_helpers import PASSWORD, fast_backoff, server_engine
from vss_core.enums import Metric, Outcome, ResultKind
from vss_desktop import paths
from vss_desktop.store import Store, campaigns_sync, open_store, services, targets
from vss_desktop.store.models import Person
from vss_desktop.sync.engine import SyncEngine
from vss_desktop.ui.campaign_dialog import (
    SHARE_COLUMN,
    TARGET_COLUMN,
    TOTAL_COLUMN,
    CampaignDialog,
)

pytestmark = pytest.mark.gui

VN = ZoneInfo("Asia/Ho_Chi_Minh")
TODAY = date(2026, 11, 12)


def district_row(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": "8d3c2a4e-1f6b-4a57-9c0e-2b7d5e9f1a01",
        "name": "Chiến dịch tháng 11",
        "start_date": "2026-11-10",
        "end_date": "2026-11-16",
        "status": "open",
        "communes": [
            {"province": "Lào Cai", "commune": "Xã Bản Phiệt"},
            {"province": "Lào Cai", "commune": "Xã Bản Hồ"},
        ],
        "targets": {"voluntary_si_enrolled": 4, "amount_collected": 50_000_000},
        "version": 2,
        "updated_at": "2026-11-09T08:00:00Z",
    }
    return base | changes


def record_visit(store: Store) -> None:
    """One household visited on 11 November: one voluntary-SI enrolment, 2.500.000 đ."""
    household = services.create_household(
        store,
        {
            "head_name": "Lò Văn Pha",
            "village": "Bản Pha Long",
            "house_number": "7",
            "province": "Lào Cai",
            "commune": "Bản Phiệt",  # one of the district campaign's communes
        },
        head={},
    )
    with store.read() as session:
        head = session.exec(select(Person).where(Person.household_id == household.id)).one()
    values = {
        "visited_at": datetime.combine(date(2026, 11, 11), time(10), tzinfo=VN),
        "outcome": Outcome.ENROLLED,
        "amount_collected": 2_500_000,
        "receipt_number": "BL-7",
        "collector": "thu.lt",
    }
    rows = [{"kind": ResultKind.VOLUNTARY_SI_ENROLLED, "person_id": head.id}]
    services.record_visit(store, household.id, values, rows)


def open_dialog(qtbot, store: Store) -> CampaignDialog:  # type: ignore[no-untyped-def]
    dialog = CampaignDialog(store, "Lò Thị Thu", today=TODAY)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.campaigns_loaded, timeout=5000):
        dialog.show()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def listed(dialog: CampaignDialog) -> list[tuple[str, str]]:
    table = dialog.list
    return [(table.item(r, 0).text(), table.item(r, 3).text()) for r in range(table.rowCount())]


def select_row(qtbot, dialog: CampaignDialog, name: str) -> None:  # type: ignore[no-untyped-def]
    names = [c.name for c in dialog.campaigns]
    with qtbot.waitSignal(dialog.tally_loaded, timeout=5000):
        dialog.list.setCurrentCell(names.index(name), 0)


def column(dialog: CampaignDialog, index: int) -> dict[Metric, str]:
    return {m: dialog.tally_table.item(n, index).text() for n, m in enumerate(Metric)}


def test_district_campaigns_are_listed_read_only_with_targets_and_own_tally(
    qtbot, store: Store, tmp_path: Path
) -> None:
    record_visit(store)
    targets.create_campaign(store, "Tuần lễ BHYT", date(2026, 11, 2), date(2026, 11, 8))
    older = district_row(
        id="c-old", name="Chiến dịch tháng 10", start_date="2026-10-01", end_date="2026-10-07",
        status="closed",
    )  # fmt: skip
    campaigns_sync.replace_server_campaigns(store, [district_row(), older])
    dialog = open_dialog(qtbot, store)

    assert listed(dialog) == [
        ("Chiến dịch tháng 11", "District"),
        ("Tuần lễ BHYT", "This laptop"),
        ("Chiến dịch tháng 10", "District, closed"),
    ]
    select_row(qtbot, dialog, "Chiến dịch tháng 11")
    assert dialog.origin.isVisible() and dialog.communes.isVisible()
    assert dialog.origin.text() == "From the district (read-only). Open."
    assert dialog.communes.text() == "Communes: Xã Bản Phiệt (Lào Cai), Xã Bản Hồ (Lào Cai)"
    assert not dialog.tally_table.isColumnHidden(TARGET_COLUMN)
    totals, goals, shares = (column(dialog, c) for c in (TOTAL_COLUMN, TARGET_COLUMN, SHARE_COLUMN))
    assert (totals[Metric.VOLUNTARY_SI_ENROLLED], goals[Metric.VOLUNTARY_SI_ENROLLED]) == ("1", "4")
    assert shares[Metric.VOLUNTARY_SI_ENROLLED] == "25%"
    assert totals[Metric.AMOUNT_COLLECTED] == "2.500.000 ₫"
    assert goals[Metric.AMOUNT_COLLECTED] == "50.000.000 ₫"
    assert shares[Metric.AMOUNT_COLLECTED] == "5%"
    assert (goals[Metric.BHYT_RENEWED], shares[Metric.BHYT_RENEWED]) == ("–", "")
    # The supervisor's campaign cannot be changed here: no edit, no delete, not even by key.
    assert not dialog.edit_button.isEnabled() and not dialog.delete_button.isEnabled()
    assert dialog.report_button.isEnabled()
    dialog.list.setFocus()
    press(qtbot, Qt.Key.Key_Delete)
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.isVisible() and len(dialog.campaigns) == 3

    assert dialog.grab().save(str(shots(tmp_path) / "campaign_dialog.png"))

    select_row(qtbot, dialog, "Chiến dịch tháng 10")
    assert dialog.origin.text() == "From the district (read-only). Closed by the supervisor."

    # A local campaign: its table keeps the two columns it always had, and it can be edited.
    select_row(qtbot, dialog, "Tuần lễ BHYT")
    assert not dialog.origin.isVisible() and not dialog.communes.isVisible()
    assert dialog.tally_table.isColumnHidden(TARGET_COLUMN)
    assert dialog.tally_table.isColumnHidden(SHARE_COLUMN)
    assert dialog.edit_button.isEnabled() and dialog.delete_button.isEnabled()


@pytest.fixture
def vietnamese(qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    translator = QTranslator()
    assert translator.load(str(paths.resource_dir() / "translations" / "vss_vi.qm"))
    QCoreApplication.installTranslator(translator)
    yield
    QCoreApplication.removeTranslator(translator)


def test_the_district_marks_read_in_vietnamese(
    qtbot, store: Store, vietnamese: None, tmp_path: Path
) -> None:
    campaigns_sync.replace_server_campaigns(store, [district_row()])
    targets.create_campaign(store, "Tuần lễ BHYT", date(2026, 11, 2), date(2026, 11, 8))
    dialog = open_dialog(qtbot, store)
    select_row(qtbot, dialog, "Chiến dịch tháng 11")
    assert [text for _name, text in listed(dialog)] == ["BHXH cơ sở", "Máy này"]
    assert dialog.origin.text() == "Chiến dịch của BHXH cơ sở (chỉ xem). Đang diễn ra."
    assert dialog.communes.text().startswith("Các xã: Xã Bản Phiệt (Lào Cai)")
    header = dialog.tally_table.horizontalHeaderItem(TARGET_COLUMN)
    assert header is not None and header.text() == "Chỉ tiêu"
    assert dialog.grab().save(str(shots(tmp_path) / "campaign_dialog_vi.png"))


def test_a_campaign_created_on_the_server_shows_after_the_next_sync(
    qtbot, server: ServerProcess, tmp_path: Path
) -> None:
    from vss_server import admin

    engine = server_engine(server)
    admin.create_user(engine, "thu.lt", PASSWORD, areas=["Lào Cai/Bản Hồ"])
    engine.dispose()
    out = server.cli(
        "campaign", "create", "--name", "Chiến dịch tháng 11", "--from", "2026-11-10",
        "--to", "2026-11-16", "--commune", "Lào Cai/Bản Hồ",
        "--target", "voluntary_si_enrolled=262", "--target", "amount_collected=50000000",
    )  # fmt: skip
    campaign_id = out.split()[-1]
    store = open_store(tmp_path / "app")
    try:
        sync = SyncEngine(store, backoff=fast_backoff())
        sync.login(server.url, "thu.lt", PASSWORD)
        assert sync.sync().status == "ok"
        dialog = open_dialog(qtbot, store)
        assert listed(dialog) == [("Chiến dịch tháng 11", "District")]
        qtbot.waitUntil(lambda: column(dialog, TARGET_COLUMN)[Metric.AMOUNT_COLLECTED] != "")
        goals = column(dialog, TARGET_COLUMN)
        assert goals[Metric.VOLUNTARY_SI_ENROLLED] == "262"
        assert goals[Metric.AMOUNT_COLLECTED] == "50.000.000 ₫"
        assert column(dialog, TOTAL_COLUMN)[Metric.VOLUNTARY_SI_ENROLLED] == "0"

        server.cli("campaign", "close", campaign_id)
        assert sync.sync().status == "ok"
        with qtbot.waitSignal(dialog.campaigns_loaded, timeout=5000):
            dialog.reload()
        assert listed(dialog) == [("Chiến dịch tháng 11", "District, closed")]
        assert dialog.origin.text() == "From the district (read-only). Closed by the supervisor."
        dialog.close()
    finally:
        store.close()
