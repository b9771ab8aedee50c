"""The main window driven through real widgets: search, open a household, record a visit
from the keyboard, restart on the same data directory and find the visit again."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from helpers.keyboard import press, type_text
from vss_core import vietnam_time
from vss_core.enums import BhytStatus
from vss_desktop.settings import Settings
from vss_desktop.store import Store, open_store, services
from vss_desktop.store.queries import StatusFilter
from vss_desktop.ui.main_window import MainWindow

pytestmark = pytest.mark.gui


def seed(store: Store) -> dict[str, str]:
    today = vietnam_time.today()
    hong = services.create_household(
        store,
        {
            "head_name": "Nguyễn Thị Hồng",
            "village": "Bản Pha Long",
            "house_number": "3",
            "phone": "0912345678",
        },
        head={
            "sex": "F",
            "bhyt_status": BhytStatus.HOUSEHOLD,
            "bhyt_expiry": today + timedelta(days=12),
        },
    )
    duc = services.create_household(
        store,
        {"head_name": "Lò Văn Đức", "village": "Thôn Nà Hẩu", "house_number": "1"},
        head={"sex": "M"},
    )
    lan = services.create_household(
        store,
        {"head_name": "Hà Thị Lan", "village": "Bản Pha Long", "house_number": "10"},
        head={
            "sex": "F",
            "bhyt_status": BhytStatus.OTHER,
            "bhyt_expiry": today + timedelta(days=200),
        },
    )
    return {"hong": hong.id, "duc": duc.id, "lan": lan.id}


def open_window(qtbot, store: Store, data_dir: Path) -> MainWindow:
    window = MainWindow(store, Settings(language="en", collector="thu.lt"), data_dir)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.list_loaded, timeout=5000):
        window.show()
    assert window.pages.currentWidget() is window.today_view  # the app opens on Today
    window.show_households()
    return window


def shown_ids(window: MainWindow) -> list[str]:
    return [window.model.household_id(r) for r in range(window.model.rowCount())]


def test_search_as_you_type_and_detail(qtbot, tmp_path: Path) -> None:
    store = open_store(tmp_path)
    ids = seed(store)
    window = open_window(qtbot, store, tmp_path)
    assert len(shown_ids(window)) == 3

    with qtbot.waitSignal(window.list_loaded, timeout=5000):
        window.search_box.setFocus()
        type_text(qtbot, "nguyen thi hong")
    assert shown_ids(window) == [ids["hong"]]
    qtbot.waitUntil(
        lambda: (
            window.detail.detail is not None and window.detail.detail.household.id == ids["hong"]
        )
    )
    assert window.detail.title.text() == "Nguyễn Thị Hồng"
    assert window.model.index(0, 1).data() == "Nguyễn Thị Hồng"

    with qtbot.waitSignal(window.list_loaded, timeout=5000):
        window.search_box.clear()
        qtbot.keyClicks(window.search_box, "duc")
    assert shown_ids(window) == [ids["duc"]]
    window.close()
    store.close()


def test_filters(qtbot, tmp_path: Path) -> None:
    store = open_store(tmp_path)
    ids = seed(store)
    window = open_window(qtbot, store, tmp_path)
    qtbot.waitUntil(lambda: window.village_box.count() == 3)  # "all" + two villages
    with qtbot.waitSignal(window.list_loaded, timeout=5000):
        window.village_box.setCurrentIndex(window.village_box.findData("Bản Pha Long"))
    assert shown_ids(window) == [ids["hong"], ids["lan"]]  # ordered by house number
    with qtbot.waitSignal(window.list_loaded, timeout=5000):
        window.status_box.setCurrentIndex(window.status_box.findData(StatusFilter.EXPIRING))
    assert window.days_box.isEnabled()
    assert shown_ids(window) == [ids["hong"]]
    with qtbot.waitSignal(window.list_loaded, timeout=5000):
        window.status_box.setCurrentIndex(window.status_box.findData(StatusFilter.UNINSURED))
    assert shown_ids(window) == []
    window.close()
    store.close()


def _fill_visit_dialog_with_keyboard(qtbot) -> None:
    """Runs inside the modal dialog's event loop: Tab to the outcome, choose it, save."""
    from PySide6.QtWidgets import QComboBox

    qtbot.waitUntil(
        lambda: (m := QApplication.activeModalWidget()) is not None and m.isActiveWindow()
    )
    for _ in range(10):
        if isinstance(QApplication.focusWidget(), QComboBox):
            break
        press(qtbot, Qt.Key.Key_Tab)
    assert isinstance(QApplication.focusWidget(), QComboBox)
    press(qtbot, Qt.Key.Key_Down)  # first outcome: "not at home"
    press(qtbot, Qt.Key.Key_S, modifier=Qt.KeyboardModifier.ControlModifier)


def test_record_visit_with_keyboard_survives_restart(qtbot, tmp_path: Path) -> None:
    store = open_store(tmp_path)
    ids = seed(store)
    window = open_window(qtbot, store, tmp_path)
    with qtbot.waitSignal(window.list_loaded, timeout=5000):
        window.search_box.setFocus()
        type_text(qtbot, "Hồng")
    qtbot.waitUntil(lambda: window.detail.detail is not None)
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)  # Enter moves to the list
    assert window.list_view.hasFocus()

    QTimer.singleShot(0, lambda: _fill_visit_dialog_with_keyboard(qtbot))
    with qtbot.waitSignal(window.detail_loaded, timeout=5000):
        qtbot.keyClick(window.list_view, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.detail.visits.rowCount() == 1)
    assert window.pending_label.text().endswith(str(services.pending_changes(store)))
    window.close()
    store.close()

    # A new start on the same data directory finds the visit.
    store2 = open_store(tmp_path)
    window2 = open_window(qtbot, store2, tmp_path)
    with qtbot.waitSignal(window2.list_loaded, timeout=5000):
        qtbot.keyClicks(window2.search_box, "hong")
    qtbot.waitUntil(
        lambda: window2.detail.detail is not None and window2.detail.visits.rowCount() == 1
    )
    visit = window2.detail.detail.visits[0].visit
    assert visit.household_id == ids["hong"]
    assert (visit.outcome, visit.collector) == ("not_home", "thu.lt")
    assert "Not at home" in window2.detail.visits.index(0, 1).data()
    window2.close()
    store2.close()


def test_list_model_loads_only_visible_pages(qtbot, tmp_path: Path) -> None:
    from vss_desktop.ui.household_model import PAGE, HouseholdListModel

    calls: list[int] = []

    def fetch(ids: list[str]):
        calls.append(len(ids))
        return {}

    model = HouseholdListModel(fetch)
    model.set_ids([f"id-{i}" for i in range(50_000)])
    assert model.rowCount() == 50_000
    model.index(0, 0).data()
    model.index(49_999, 0).data()
    assert calls == [PAGE, PAGE]  # two pages, never the whole list


def test_model_passes_qt_model_tester(qtbot, qtmodeltester, tmp_path: Path) -> None:
    store = open_store(tmp_path)
    seed(store)
    window = open_window(qtbot, store, tmp_path)
    qtmodeltester.check(window.model)
    window.close()
    store.close()


def test_ctrl_p_prints_the_rows_selected_with_the_keyboard(qtbot, tmp_path: Path) -> None:
    """Shift+Down selects a route in the list; Ctrl+P opens printing with it."""
    from vss_desktop.ui.print_dialog import PrintDialog

    store = open_store(tmp_path)
    seed(store)
    window = open_window(qtbot, store, tmp_path)
    window.list_view.setFocus()
    press(qtbot, Qt.Key.Key_Home)
    press(qtbot, Qt.Key.Key_Down, modifier=Qt.KeyboardModifier.ShiftModifier)
    expected = shown_ids(window)[:2]
    assert window.selected_household_ids() == expected

    seen: list[tuple[str, list[str], bool]] = []

    def inspect_and_close() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            return
        if isinstance(dialog, PrintDialog):
            seen.append(
                (type(dialog).__name__, dialog.selected_ids, dialog.from_selection.isEnabled())
            )
        dialog.reject()  # never leave a modal dialog open, whatever it is

    QTimer.singleShot(300, inspect_and_close)
    press(qtbot, Qt.Key.Key_P, modifier=Qt.KeyboardModifier.ControlModifier)
    assert seen == [("PrintDialog", expected, True)]
    window.close()
    store.close()
