"""*File → Import from Excel…* through real widgets: the preview (counts, refused rows with
their row numbers), Import only when nothing is refused, the import with its progress,
cancel writing nothing, and the main window's list and pending count afterwards."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu

from helpers import list_files as lf
from helpers.keyboard import focused, press
from vss_core.importing import parse_list
from vss_desktop.settings import Settings
from vss_desktop.store import Store, list_import, open_store, services
from vss_desktop.ui.import_dialog import ImportDialog
from vss_desktop.ui.main_window import MainWindow
from vss_desktop.ui.qt_helpers import cell

pytestmark = pytest.mark.gui


def counts(store: Store) -> tuple[int, int, int]:
    with store.read() as session:
        conn = session.connection()
        return tuple(  # type: ignore[return-value]
            int(conn.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar() or 0)
            for table in ("household", "person", "outbox")
        )


def open_dialog(qtbot: Any, store: Store, path: Path) -> ImportDialog:
    dialog = ImportDialog(store, path)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.preview_ready, timeout=20_000):
        dialog.show()
    return dialog


def test_preview_then_import_with_progress_from_the_keyboard(
    qtbot: Any, store: Store, tmp_path: Path
) -> None:
    path = lf.write_xlsx(tmp_path / "list.xlsx", lf.district(12, 40))
    dialog = open_dialog(qtbot, store, path)
    shown = {key: label.text() for key, label in dialog.count_labels.items()}
    assert shown[("household", "created")] == "12" and shown[("person", "created")] == "40"
    assert shown[("person", "updated")] == "0" and shown[("person", "unchanged")] == "0"
    assert dialog.refused_table.rowCount() == 0
    assert counts(store) == (0, 0, 0)  # the preview wrote nothing
    assert dialog.import_button.isEnabled() and dialog.import_button.isDefault()
    assert focused() is dialog.import_button  # Enter imports

    seen: list[tuple[int, int]] = []
    dialog._progress.changed.connect(lambda done, total: seen.append((done, total)))
    with qtbot.waitSignal(dialog.imported, timeout=20_000):
        press(qtbot, Qt.Key.Key_Return)
        assert dialog.writing and dialog.bar.isVisible()  # the write runs in the worker
        assert dialog.bar.maximum() == 40
    assert seen and seen[-1] == (40, 40)
    assert counts(store) == (12, 40, 52)
    assert "12 households and 40 members added" in dialog.status.text()
    assert "52 changes will be sent" in dialog.status.text()
    assert not dialog.import_button.isEnabled()  # one file, one import
    assert dialog.cancel_button.text() == "Close" and focused() is dialog.cancel_button
    press(qtbot, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_refused_rows_are_listed_and_nothing_can_be_imported(
    qtbot: Any, store: Store, tmp_path: Path
) -> None:
    district = lf.district(10, 30)
    district[2].members[0]["cccd"] = "12345"
    later = next(i for i, h in enumerate(district) if i > 2 and len(h.members) > 1)
    district[later].members[1]["date_of_birth"] = "31/02/1990"
    path = lf.write_xlsx(tmp_path / "bad.xlsx", district)
    dialog = open_dialog(qtbot, store, path)
    table = dialog.refused_table
    assert table.rowCount() == 2
    rows = {cell(table, r, 1).text() for r in range(2)}
    expected = {
        str(sum(len(h.members) for h in district[:2]) + 2),  # the header is row 1
        str(sum(len(h.members) for h in district[:later]) + 1 + 2),
    }
    assert rows == expected
    columns = {cell(table, r, 2).text() for r in range(2)}
    assert columns == {"Số CCCD", "Ngày sinh"}
    assert all(cell(table, r, 3).text() for r in range(2))
    assert "12345" not in " ".join(cell(table, r, 3).text() for r in range(2))
    assert dialog.problem_tabs.tabText(0) == "Refused rows (2)"
    assert not dialog.import_button.isEnabled()
    assert dialog.cancel_button.isDefault()
    assert "Nothing can be imported" in dialog.status.text()
    dialog.start_import()  # even called directly: nothing is written
    assert counts(store) == (0, 0, 0)

    report = tmp_path / "report.xlsx"
    dialog.save_report_to(report)
    qtbot.waitUntil(lambda: "Report saved" in dialog.status.text(), timeout=10_000)
    statuses = [r[1] for r in load_workbook(report).worksheets[0].iter_rows(values_only=True)]
    assert statuses.count("refused") == 2


def test_a_file_that_is_not_a_list_says_why(qtbot: Any, store: Store, tmp_path: Path) -> None:
    dialog = open_dialog(qtbot, store, lf.old_xls(tmp_path / "old.xls"))
    assert ".xls" in dialog.status.text() and "Nothing was imported" in dialog.status.text()
    assert not dialog.import_button.isEnabled()
    assert dialog.cancel_button.text() == "Close"


def test_cancel_while_importing_writes_nothing(
    qtbot: Any, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = lf.write_xlsx(tmp_path / "list.xlsx", lf.district(60, 200))
    monkeypatch.setattr(list_import, "PROGRESS_STEP", 5)
    real = services.create_person_in_session

    def slow(*args: Any, **kwargs: Any) -> Any:
        time.sleep(0.005)  # long enough for the click to land mid-way
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "create_person_in_session", slow)
    dialog = open_dialog(qtbot, store, path)

    def cancel(_done: int, _total: int) -> None:
        dialog.cancel_button.click()

    dialog._progress.changed.connect(cancel)
    with qtbot.waitSignal(dialog.write_ended, timeout=30_000) as ended:
        dialog.import_button.click()
    assert ended.args == ["Cancelled: nothing was written."]
    assert counts(store) == (0, 0, 0)  # no household, no member, no op
    assert dialog.isVisible() and not dialog.writing
    assert dialog.import_button.isEnabled()  # the collector may try again

    monkeypatch.setattr(services, "create_person_in_session", real)
    dialog._progress.changed.disconnect(cancel)
    with qtbot.waitSignal(dialog.imported, timeout=30_000):
        dialog.import_button.click()
    assert counts(store) == (60, 200, 260)


def test_the_window_lists_the_imported_households(qtbot: Any, tmp_path: Path) -> None:
    store = open_store(tmp_path / "data")
    window = MainWindow(store, Settings(language="en", collector="thu.lt"), tmp_path / "data")
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.list_loaded, timeout=5000):
        window.show()
    assert window.import_action.text() == "&Import from Excel…"
    file_menu = window.menuBar().actions()[0].menu()
    assert isinstance(file_menu, QMenu) and window.import_action in file_menu.actions()
    path = lf.write_csv(tmp_path / "list.csv", lf.district(8, 20), encoding="cp1258")
    window.import_list(path)
    dialog = window.import_dialog
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=20_000)
    assert "Windows-1258" in dialog.file_info.text()
    with qtbot.waitSignal(window.list_loaded, timeout=20_000, check_params_cb=lambda n: n == 8):
        dialog.import_button.click()
    assert window.model.rowCount() == 8
    qtbot.waitUntil(lambda: "28" in window.pending_label.text(), timeout=5000)
    dialog.close()
    window.close()
    store.close()


def test_a_person_of_another_household_is_shown_refused(
    qtbot: Any, store: Store, tmp_path: Path
) -> None:
    district = lf.district(3, 6)
    list_import.apply_import(
        store, parse_list(lf.write_xlsx(tmp_path / "a.xlsx", district), today=lf.TODAY)
    )
    copy = dict(district[1].members[0], relation="Chủ hộ")  # already in household 2
    newcomer = lf.Household(dict(district[0].values, code="HGD999999"), [copy])
    dialog = open_dialog(qtbot, store, lf.write_xlsx(tmp_path / "b.xlsx", [newcomer]))
    table = dialog.refused_table
    assert table.rowCount() == 1
    assert (cell(table, 0, 1).text(), cell(table, 0, 2).text()) == ("2", "Mã số BHXH")
    assert "another household" in cell(table, 0, 3).text()
    assert not dialog.import_button.isEnabled()
