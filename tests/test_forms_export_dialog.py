"""The D03-TS / D05-TS export dialog, driven from the keyboard; the work runs in the
TaskRunner and the written file holds the tally's people."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from helpers.forms_month import END, START, record_month
from helpers.keyboard import focused, press, type_text
from vss_core.enums import Metric
from vss_desktop.store import Store, metrics
from vss_desktop.ui import forms_export_dialog
from vss_desktop.ui.forms_export_dialog import FormsExportDialog, open_forms_export
from vss_desktop.ui.tasks import TaskRunner

pytestmark = pytest.mark.gui


@pytest.fixture
def dialog(qtbot, store: Store) -> Iterator[FormsExportDialog]:  # type: ignore[no-untyped-def]
    record_month(store)
    tasks = TaskRunner()
    shown = FormsExportDialog(store, tasks, collector="thu.lt", today=date(2026, 11, 18))
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    yield shown
    tasks.wait()
    shown.close()
    tasks.deleteLater()


def test_defaults_to_the_current_month(dialog: FormsExportDialog) -> None:
    assert dialog.start_field.text() == "01/11/2026"
    assert dialog.end_field.text() == "30/11/2026"
    assert dialog.kind().value == "d03-ts"
    assert dialog.export_button.isDefault()


def test_export_from_the_keyboard(
    qtbot, dialog: FormsExportDialog, store: Store, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    dialog.form_choice.setFocus()
    press(qtbot, Qt.Key.Key_Down)  # D05-TS
    assert dialog.kind().value == "d05-ts"
    press(qtbot, Qt.Key.Key_I, modifier=Qt.KeyboardModifier.AltModifier)  # F&ile
    assert focused() is dialog.path_field
    target = tmp_path / "d05 tháng 11"  # ".xlsx" is added
    type_text(qtbot, str(target))
    with qtbot.waitSignal(dialog.exported, timeout=10_000) as written:
        press(qtbot, Qt.Key.Key_Return)  # the default button: Export
    path = Path(written.args[0])
    assert path == target.with_name("d05 tháng 11.xlsx")
    assert dialog.result_label.text() == "4 participants written to d05 tháng 11.xlsx"
    assert dialog.export_button.isEnabled()

    ws = load_workbook(path).active
    assert ws["A2"].value == "Mẫu D05-TS" and ws["A5"].value == "Người thu: thu.lt"
    with store.read() as session:
        tally = metrics.tally(session, START, END)
    assert ws.cell(row=ws.max_row, column=1).value == tally[Metric.VOLUNTARY_SI_ENROLLED]


def test_refuses_a_backwards_period(qtbot, dialog: FormsExportDialog, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog.end_field.set_value(date(2026, 10, 31))
    dialog.path_field.setText(str(tmp_path / "d03.xlsx"))
    dialog.export_button.click()
    assert dialog.result_label.text() == "The last day is before the first."
    assert not dialog.tasks.busy() and not (tmp_path / "d03.xlsx").exists()

    dialog.end_field.setText("31/02/2026")
    dialog.export_button.click()
    assert dialog.result_label.text() == "Type the days as dd/mm/yyyy."

    dialog.end_field.set_value(END)
    dialog.path_field.setText(str(tmp_path / "missing" / "d03.xlsx"))
    dialog.export_button.click()
    assert "does not exist" in dialog.result_label.text()


def test_browse_fills_the_path(
    qtbot, dialog: FormsExportDialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    asked: list[str] = []

    def fake_ask(parent, title, name, file_filter, suffix):  # type: ignore[no-untyped-def]
        asked.append(name)
        return tmp_path / "chosen.xlsx"

    monkeypatch.setattr(forms_export_dialog, "ask_save_path", fake_ask)
    dialog.browse_button.click()
    assert asked == ["d03-ts-01-11-2026.xlsx"]
    assert dialog.path_field.text() == str(tmp_path / "chosen.xlsx")


def test_open_forms_export_shows_the_dialog(qtbot, store: Store) -> None:  # type: ignore[no-untyped-def]
    tasks = TaskRunner()
    shown = open_forms_export(None, store, tasks)
    qtbot.addWidget(shown)
    qtbot.waitExposed(shown)
    assert shown.isVisible() and QApplication.activeModalWidget() in (shown, None)
    shown.close()
    tasks.deleteLater()
