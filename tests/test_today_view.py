"""The Today screen the app opens on, driven through real widgets: the six lists with
their counts, a line opens its household, Enter records a visit, print and export."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from helpers.keyboard import press
from vss_core.enums import BhytStatus, Outcome
from vss_desktop.settings import Settings
from vss_desktop.store import Store, metrics, open_store, services
from vss_desktop.store.today import TodayList
from vss_desktop.ui.main_window import MainWindow

pytestmark = pytest.mark.gui


def seed(store: Store) -> dict[str, str]:
    today = metrics.local_today()
    due = services.create_household(
        store, {"head_name": "Lò Văn Đức", "village": "Bản Pha Long"}, head={"sex": "M"}
    )
    services.record_visit(
        store,
        due.id,
        {
            "outcome": Outcome.THINKING,
            # Last month, whatever today is: the household is also "not visited this month".
            "visited_at": metrics.local_midnight_utc(
                (today.replace(day=1) - timedelta(days=1)).replace(day=1)
            )
            + timedelta(hours=9),
            "follow_up_date": today - timedelta(days=1),
        },
    )
    expiring = services.create_household(
        store,
        {"head_name": "Nguyễn Thị Hồng", "village": "Bản Pha Long"},
        head={
            "sex": "F",
            "bhyt_status": BhytStatus.HOUSEHOLD,
            "bhyt_expiry": today + timedelta(days=10),
        },
    )
    lapsed = services.create_household(
        store,
        {"head_name": "Giàng A Páo", "village": "Thôn Nậm Mòn", "could_afford": True},
        head={
            "sex": "M",
            "bhyt_status": BhytStatus.NONE,
            "bhyt_expiry": today - timedelta(days=40),
        },
    )
    return {"due": due.id, "expiring": expiring.id, "lapsed": lapsed.id}


def open_window(qtbot, store: Store, data_dir: Path) -> MainWindow:
    window = MainWindow(store, Settings(language="en", collector="thu"), data_dir)
    qtbot.addWidget(window)
    with qtbot.waitSignals(
        [window.today_view.loaded, window.today_view.counts_loaded], timeout=5000
    ):
        window.show()
    return window


def shown(window: MainWindow) -> list[str]:
    model = window.today_view.model
    return [model.household_id(r) for r in range(model.rowCount())]


def test_opens_on_today_with_counts_and_lists(qtbot, tmp_path: Path) -> None:
    store = open_store(tmp_path)
    ids = seed(store)
    window = open_window(qtbot, store, tmp_path)
    view = window.today_view
    assert window.pages.currentWidget() is view
    assert view.counts == {
        TodayList.FOLLOW_UPS: 1,
        TodayList.EXPIRING: 1,
        TodayList.LAPSED: 1,
        TodayList.NEVER_VISITED: 2,
        TodayList.NOT_VISITED_THIS_MONTH: 1,
        TodayList.PROSPECTS: 1,
    }
    assert view.lists.item(0).text() == "Follow-ups due and overdue  (1)"
    assert shown(window) == [ids["due"]]
    assert view.model.headers()[-1] == "Follow-up on"

    view.lists.setFocus()
    with qtbot.waitSignal(view.loaded, timeout=5000):
        press(qtbot, Qt.Key.Key_Down)  # cards expiring
    assert shown(window) == [ids["expiring"]]
    assert view.model.headers() == [
        "Code",
        "Head of household",
        "Village",
        "Member",
        "Card expires",
    ]
    assert view.model.index(0, 3).data() == "Nguyễn Thị Hồng"
    with qtbot.waitSignal(view.loaded, timeout=5000):
        press(qtbot, Qt.Key.Key_Down)  # lapsed < 3 months: keeps continuity if paid now
    assert shown(window) == [ids["lapsed"]]

    # Choosing a line shows the household; the search box takes over the household list.
    view.table.setFocus()
    with qtbot.waitSignal(window.detail_loaded, timeout=5000):
        press(qtbot, Qt.Key.Key_Down)
    assert window.detail.detail.household.id == ids["lapsed"]
    with qtbot.waitSignal(window.list_loaded, timeout=5000):
        window.search_box.setText("hong")
    assert window.pages.currentWidget() is window.list_view
    press(qtbot, Qt.Key.Key_1, modifier=Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentWidget() is view and view.table.hasFocus()
    window.close()
    store.close()


def test_enter_records_a_visit_and_the_lists_follow(qtbot, tmp_path: Path) -> None:
    from vss_desktop.ui.visit_dialog import VisitDialog

    store = open_store(tmp_path)
    ids = seed(store)
    window = open_window(qtbot, store, tmp_path)
    view = window.today_view
    view.table.setFocus()
    view.table.selectRow(0)

    def fill_and_save() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, VisitDialog):
            assert dialog.detail.household.id == ids["due"]
            dialog.outcome.setCurrentIndex(dialog.outcome.findData(Outcome.REFUSED))
            dialog.save()
        elif dialog is not None:
            dialog.reject()

    QTimer.singleShot(400, fill_and_save)
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.counts.get(TodayList.FOLLOW_UPS) == 0, timeout=5000)
    assert view.lists.item(0).text() == "Follow-ups due and overdue  (0)"
    assert shown(window) == []  # the refusal without a follow-up date clears it
    assert not view.print_button.isEnabled() and not view.export_button.isEnabled()
    window.close()
    store.close()


def test_print_and_export_a_list(qtbot, tmp_path: Path) -> None:
    from vss_desktop.ui.print_dialog import PrintDialog

    store = open_store(tmp_path)
    ids = seed(store)
    window = open_window(qtbot, store, tmp_path)
    view = window.today_view
    with qtbot.waitSignal(view.loaded, timeout=5000):
        view.lists.setCurrentRow(3)  # never visited
    assert sorted(shown(window)) == sorted([ids["expiring"], ids["lapsed"]])

    seen: list[list[str]] = []

    def inspect() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, PrintDialog):
            seen.append(dialog.selected_ids)
        if dialog is not None:
            dialog.reject()

    QTimer.singleShot(300, inspect)
    view.print_button.click()
    assert seen == [shown(window)]  # the list's households, in its order

    target = tmp_path / "never-visited.xlsx"
    with qtbot.waitSignal(view.exported, timeout=10_000):
        view.export_to(target)
    sheet = load_workbook(target).worksheets[0]
    assert "not encrypted" in sheet["A1"].value
    assert [c.value for c in sheet[2]] == ["Code", "Head of household", "Village"]
    assert sorted(r[1].value for r in sheet.iter_rows(min_row=3)) == [
        "Giàng A Páo",
        "Nguyễn Thị Hồng",
    ]
    assert view.title.text() == "2 rows exported to never-visited.xlsx"
    window.close()
    store.close()
