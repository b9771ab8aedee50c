"""Exporting D03-TS / D05-TS of a period to .xlsx (issue 13; docs/forms.md).

Keyboard first: the form, the first and last day (the current month by default), the
file (typed, or chosen with Browse), Export. The list is built and written in the
TaskRunner, off the UI thread; a line under the fields says how it went.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import shiboken6
from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from vss_core.enums import PeriodKind
from vss_core.forms.participants import FormKind, collector_scope
from vss_core.periods import period_bounds
from vss_desktop.store import Store, forms_query, metrics
from vss_desktop.ui.qt_helpers import named
from vss_desktop.ui.save_dialog import ask_save_path
from vss_desktop.ui.tasks import TaskRunner
from vss_desktop.ui.widgets import DateField


def write_form_file(
    store: Store, kind: FormKind, start: date, end: date, path: Path, scope: str
) -> int:
    """Build and write the form (in a worker); the number of people listed."""
    from vss_core.forms.workbook import write_form  # openpyxl: imported when needed

    with store.read() as session:
        form = forms_query.build(session, kind, start, end, scope)
    return write_form(form, path)


class FormsExportDialog(QDialog):
    exported = Signal(str)  # the file written

    def __init__(
        self,
        store: Store,
        tasks: TaskRunner,
        parent: QWidget | None = None,
        collector: str = "",
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.store, self.tasks, self.collector = store, tasks, collector
        self.setObjectName("formsExportDialog")
        self.setWindowTitle(self.tr("Export D03-TS / D05-TS"))
        first, last = period_bounds(PeriodKind.MONTH, today or metrics.local_today())

        self.form_choice = named(QComboBox(), "formChoice")
        self.form_choice.addItem(
            self.tr("D03-TS: household health insurance participants"), FormKind.D03.value
        )
        self.form_choice.addItem(
            self.tr("D05-TS: voluntary social insurance participants"), FormKind.D05.value
        )
        self.start_field = named(DateField(), "fromDate")
        self.start_field.set_value(first)
        self.end_field = named(DateField(), "toDate")
        self.end_field.set_value(last)
        self.path_field = named(QLineEdit(), "filePath")
        self.path_field.setPlaceholderText(self.tr("the .xlsx file to write"))
        self.browse_button = named(QPushButton(self.tr("&Browse…")), "browse")
        self.browse_button.setAutoDefault(False)
        self.browse_button.clicked.connect(self.browse)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path_field, 1)
        file_row.addWidget(self.browse_button)

        form = QFormLayout()
        for text, field in (
            (self.tr("&Form:"), self.form_choice),
            (self.tr("F&rom:"), self.start_field),
            (self.tr("&To:"), self.end_field),
        ):
            label = QLabel(text)
            label.setBuddy(field)
            form.addRow(label, field)
        file_label = QLabel(self.tr("F&ile:"))
        file_label.setBuddy(self.path_field)
        form.addRow(file_label, file_row)

        warning = QLabel(
            self.tr(
                "The Excel file is NOT encrypted: anyone who gets it can read these names."
                " Give it only to your supervisor or the social insurance office."
            )
        )
        warning.setWordWrap(True)
        warning.setStyleSheet("color: #B00020;")
        self.result_label = named(QLabel(""), "exportResult")
        self.result_label.setWordWrap(True)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.export_button = named(QPushButton(self.tr("&Export")), "exportForm")
        self.export_button.setDefault(True)
        self.buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.export_button.clicked.connect(self.export)
        self.buttons.rejected.connect(self.reject)
        for button in self.buttons.buttons():
            if isinstance(button, QPushButton):
                button.setAutoDefault(button is self.export_button)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(warning)
        layout.addWidget(self.result_label)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)
        self.form_choice.setFocus()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self.export_button.setDefault(True)  # Enter exports, from any field

    def kind(self) -> FormKind:
        return FormKind(self.form_choice.currentData())

    def browse(self) -> None:
        name = f"{self.kind().value}-{self.start_field.text().replace('/', '-')}.xlsx"
        path = ask_save_path(
            self, self.tr("Export D03-TS / D05-TS"), name, "Excel (*.xlsx)", ".xlsx"
        )
        if path is not None:
            self.path_field.setText(str(path))

    def _period(self) -> tuple[date, date] | None:
        """The days typed, or None after saying what is wrong with them."""
        try:
            start, end = self.start_field.value(), self.end_field.value()
        except ValueError:
            self._say(self.tr("Type the days as dd/mm/yyyy."), error=True)
            return None
        if start is None or end is None:
            self._say(self.tr("Type the first and the last day."), error=True)
            return None
        if end < start:
            self._say(self.tr("The last day is before the first."), error=True)
            return None
        return start, end

    def export(self) -> None:
        period = self._period()
        if period is None:
            return
        text = self.path_field.text().strip()
        if not text:
            self._say(self.tr("Choose the file to write (Browse…)."), error=True)
            self.path_field.setFocus()
            return
        path = Path(text if text.lower().endswith(".xlsx") else text + ".xlsx")
        if not path.parent.is_dir():
            self._say(
                self.tr("The folder %1 does not exist.").replace("%1", str(path.parent)), True
            )
            return
        start, end = period
        kind, scope = self.kind(), collector_scope(self.collector)
        self.export_button.setEnabled(False)
        self._say(self.tr("Writing…"))
        self.tasks.submit(
            lambda: write_form_file(self.store, kind, start, end, path, scope),
            lambda count: self._done(count, path),
            self._failed,
        )

    def _done(self, count: int, path: Path) -> None:
        if not shiboken6.isValid(self):
            return
        self.export_button.setEnabled(True)
        self._say(
            self.tr("%1 participants written to %2")
            .replace("%1", str(count))
            .replace("%2", path.name)
        )
        self.exported.emit(str(path))

    def _failed(self, exc: Exception) -> None:
        if not shiboken6.isValid(self):
            return
        self.export_button.setEnabled(True)
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else type(exc).__name__
        self._say(self.tr("The file could not be written (%1).").replace("%1", reason), True)

    def _say(self, text: str, error: bool = False) -> None:
        self.result_label.setStyleSheet("color: #B00020;" if error else "")
        self.result_label.setText(text)


def open_forms_export(
    parent: QWidget | None, store: Store, tasks: TaskRunner, collector: str = ""
) -> FormsExportDialog:
    """Show the dialog (window-modal, not blocking); the caller keeps ``tasks`` alive."""
    dialog = FormsExportDialog(store, tasks, parent, collector)
    dialog.open()
    return dialog
