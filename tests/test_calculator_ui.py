"""The calculator panel over real widgets: live amounts from the rule tables, errors shown
inline, and the amounts handed to the visit form with the rule values stored on the receipt."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from sqlmodel import select

from helpers.keyboard import press
from vss_core.enums import BhytStatus, ResultKind
from vss_desktop.settings import Settings
from vss_desktop.store import Store, open_store, queries, services
from vss_desktop.store.models import Collection
from vss_desktop.ui.calculator_dialog import CalculatorDialog
from vss_desktop.ui.main_window import MainWindow
from vss_desktop.ui.visit_dialog import VisitDialog

pytestmark = pytest.mark.gui
PAID_ON = date(2026, 7, 1)  # base salary 2,530,000 (domain.md §1)


def household(store: Store) -> queries.HouseholdDetail:
    head = services.create_household(
        store,
        {"head_name": "Giàng A Páo", "village": "Thôn Nậm Mòn"},
        head={"sex": "M", "date_of_birth": date(1980, 3, 1), "ethnic_minority": True},
    )
    services.create_person(
        store,
        head.id,
        {
            "full_name": "Vàng Thị Dợ",
            "relation": "spouse",
            "date_of_birth": date(1985, 5, 2),
            "bhyt_status": BhytStatus.HOUSEHOLD,
            "bhyt_expiry": PAID_ON + timedelta(days=20),
        },
    )
    services.create_person(
        store,
        head.id,
        {"full_name": "Giàng Mí Sua", "relation": "child", "date_of_birth": date(2015, 1, 9)},
    )
    services.create_person(
        store,
        head.id,
        {
            "full_name": "Giàng Thị Mai",
            "relation": "child",
            "date_of_birth": date(2012, 1, 9),
            "bhyt_status": BhytStatus.OTHER,
        },
    )
    with store.read() as session:
        detail = queries.household_detail(session, head.id)
    assert detail is not None
    return detail


def member_id(detail: queries.HouseholdDetail, name: str) -> str:
    return next(p.id for p in detail.members if p.full_name == name)


def cell(dialog: CalculatorDialog, row: int, column: int) -> str:
    return dialog.bhyt_table.item(row, column).text()


def test_household_bhyt_ladder_and_handover_to_the_visit(qtbot, store: Store) -> None:
    detail = household(store)
    dialog = CalculatorDialog(detail, today=PAID_ON)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.isActiveWindow)
    # Three join (the member with another BHYT is proposed as state-supported, not joining).
    assert dialog.bhyt_total.text() == "Total: 3.142.260 ₫"  # (113,850 + 79,695 + 68,310) × 12
    assert [cell(dialog, r, 3) for r in range(3)] == ["113.850 ₫", "79.695 ₫", "68.310 ₫"]
    assert "follows" not in cell(dialog, 1, 5)  # from 2025-07-01: continuous, from the payment date
    assert cell(dialog, 1, 5).startswith("01/07/2026 – 30/06/2027")
    assert cell(dialog, 0, 5).startswith("31/07/2026")  # a first card waits 30 days
    dialog.joins[member_id(detail, "Giàng Thị Mai")].setChecked(
        True
    )  # supported: listed, not charged
    assert dialog.bhyt_table.rowCount() == 4 and cell(dialog, 3, 0) == "—"
    assert dialog.bhyt_total.text() == "Total: 3.142.260 ₫"

    dialog.bhyt_months.setFocus()
    press(qtbot, Qt.Key.Key_Up, times=2)  # 12 → 3 months
    assert dialog.bhyt_months.currentData() == 3
    assert dialog.bhyt_total.text() == "Total: 785.565 ₫"

    for box in dialog.joins.values():
        box.setChecked(False)
    assert dialog.bhyt_total.text() == "Tick at least one member who joins."
    assert not dialog.use_button.isEnabled()
    dialog.joins[member_id(detail, "Vàng Thị Dợ")].setChecked(True)
    dialog.bhyt_date.setText("31/12/2014")
    assert dialog.bhyt_total.text() == "There are no rules for this date."
    dialog.bhyt_date.setText(PAID_ON.strftime("%d/%m/%Y"))
    assert dialog.use_button.isEnabled()

    dialog.use_button.click()
    assert [(p.kind, p.amount, p.months) for p in dialog.prefill] == [
        (ResultKind.BHYT_RENEWED, 113_850 * 3, 3)  # she had a household card: a renewal
    ]
    visit = VisitDialog(store, detail, "thu", prefill=dialog.prefill)
    qtbot.addWidget(visit)
    visit.show()
    assert visit.amount_collected.value() == 341_550
    assert visit.outcome.currentData() == "renewed"
    visit.receipt_number.setText("BL-0042")
    visit.save()
    qtbot.waitUntil(lambda: visit.result() == VisitDialog.DialogCode.Accepted)  # a worker saves
    with store.read() as session:
        (row,) = session.exec(select(Collection)).all()
    assert (row.kind, row.amount, row.months) == (ResultKind.BHYT_RENEWED, 341_550, 3)
    values = json.loads(row.rule_values)
    assert values["base_salary"] == 2_530_000 and values["ladder_position"] == 1


def test_voluntary_si_support_groups_and_limits(qtbot, store: Store) -> None:
    detail = household(store)
    dialog = CalculatorDialog(detail, today=date(2026, 1, 1))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.tabs.setCurrentIndex(1)
    # Only members aged 15 or more; the ethnic-minority flag picks the group.
    assert [dialog.vsi_person.itemText(i) for i in range(dialog.vsi_person.count())] == [
        "Giàng A Páo",
        "Vàng Thị Dợ",
    ]
    assert dialog.vsi_group.currentData() == "ethnic_minority"
    dialog.vsi_months.setCurrentIndex(dialog.vsi_months.findData(1))
    assert dialog.vsi_income.value() == 1_500_000  # the floor in force
    assert dialog.vsi_pays.text().endswith("the person pays 231.000 ₫")  # domain.md §3
    dialog.local_support.setValue(10)
    assert dialog.vsi_pays.text().endswith("the person pays 198.000 ₫")
    dialog.vsi_income.setText("1.000.000")
    assert dialog.vsi_pays.text() == "The income is below the floor of 1.500.000 ₫."
    assert not dialog.use_button.isEnabled()
    dialog.vsi_income.setText("2.000.000")
    dialog.vsi_months.setCurrentIndex(dialog.vsi_months.findData(12))
    dialog.use_button.click()
    (result,) = dialog.prefill
    assert result.kind is ResultKind.VOLUNTARY_SI_ENROLLED
    assert result.amount == (440_000 - 99_000 - 33_000) * 12


def test_ctrl_k_opens_the_calculator_and_its_amounts_open_a_visit(qtbot, tmp_path: Path) -> None:
    store = open_store(tmp_path)
    detail = household(store)
    window = MainWindow(store, Settings(language="en", collector="thu"), tmp_path)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.list_loaded, timeout=5000):
        window.show()
    window.show_households()
    window.list_view.selectRow(0)
    qtbot.waitUntil(lambda: window.detail.detail is not None)
    seen: list[str] = []

    def drive() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, CalculatorDialog):
            seen.append(dialog.bhyt_total.text())
            QTimer.singleShot(200, drive)  # the visit form opens next
            dialog.use_button.click()
        elif isinstance(dialog, VisitDialog):
            seen.append(str(dialog.amount_collected.value()))
            dialog.confirm_discard = lambda: True
            dialog.reject()
        elif dialog is not None:
            dialog.reject()

    QTimer.singleShot(300, drive)
    window.list_view.setFocus()
    press(qtbot, Qt.Key.Key_K, modifier=Qt.KeyboardModifier.ControlModifier)
    assert len(seen) == 2 and seen[0].startswith("Total: ")
    assert int(seen[1]) > 0 and detail.household.head_name == "Giàng A Páo"
    window.close()
    store.close()
