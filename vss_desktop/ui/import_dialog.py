"""*File → Import from Excel…*: a commune list into this laptop, previewed, all or nothing.

The file is read, checked and matched in the dialog's worker (the window never freezes);
the preview shows what would happen (households and members new, changed, unchanged),
each refused row with its column and problem in the collector's language, and the
warnings. Import is offered only when nothing is refused and something would change; it
writes in the worker, in one transaction through the services (store/list_import.py),
with a progress bar and a Cancel button: a cancel writes nothing. Messages name rows and
columns, never a cell's content. See docs/import.md, "The app".
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QStandardPaths, Qt, Signal, Slot
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from vss_core.identifiers import Problem
from vss_core.importing import ListRefused, ParsedList, RowProblem, parse_list
from vss_core.importing.columns import COLUMNS
from vss_core.importing.matching import HELD_ELSEWHERE
from vss_core.importing.outcome import ListImportResult, write_report
from vss_desktop import labels
from vss_desktop.store import Store
from vss_desktop.store.list_import import ImportCancelled, apply_import, plan_import
from vss_desktop.ui.qt_helpers import named
from vss_desktop.ui.save_dialog import ask_save_path
from vss_desktop.ui.tasks import TaskRunner

MAX_ROWS_SHOWN = 1000  # problem rows in a table; the report file has every one


def choose_list_file(parent: QWidget) -> Path | None:
    """The list the collector picks (.xlsx or .csv), from the Documents folder."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    path, _ = QFileDialog.getOpenFileName(
        parent,
        QCoreApplication.translate("ImportDialog", "Import a list of households and members"),
        folder,
        QCoreApplication.translate(
            "ImportDialog",
            "Lists (*.xlsx *.csv *.txt);;Excel workbooks (*.xlsx);;CSV files (*.csv *.txt)",
        ),
    )
    return Path(path) if path else None


# --- problems in the collector's language --------------------------------------------------


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def problem_text(problem: RowProblem) -> str:
    """A row problem as a sentence: the list's own codes here, the record checks' codes
    (shared with the forms) from vss_desktop.labels."""
    p = problem.params
    own = {
        "date.format": QCoreApplication.translate(
            "ImportDialog", "Not a date: write dd/mm/yyyy (four-digit year)."
        ),
        "date.invalid": QCoreApplication.translate(
            "ImportDialog", "There is no such day: check the day and the month."
        ),
        "flag.invalid": QCoreApplication.translate(
            "ImportDialog", "Write Có or Không (yes or no)."
        ),
        "text.unstorable": QCoreApplication.translate(
            "ImportDialog", "This text holds characters that cannot be stored."
        ),
        "number.leading_zeros": QCoreApplication.translate(
            "ImportDialog",
            "The leading zeros Excel dropped were put back: format this column as text.",
        ),
        "household.missing": QCoreApplication.translate(
            "ImportDialog", "A member's row before any household: fill in the household."
        ),
        "household.conflicting_value": QCoreApplication.translate(
            "ImportDialog",
            "This member's row gives another value for the household: leave it blank.",
        ),
        "household.code_twice": QCoreApplication.translate(
            "ImportDialog", "One household code with two different heads (rows %1)."
        ).replace("%1", p.get("rows", "?")),
        "household.two_heads": QCoreApplication.translate(
            "ImportDialog", "A second head of household in the same household."
        ),
        "household.code_required": QCoreApplication.translate(
            "ImportDialog", "The household code is required on this sheet."
        ),
        "member.code_required": QCoreApplication.translate(
            "ImportDialog", "The household code is required on this sheet."
        ),
        "member.unknown_household": QCoreApplication.translate(
            "ImportDialog", "No household on the households sheet has this code."
        ),
        "person.twice": QCoreApplication.translate(
            "ImportDialog", "The same person is on several rows (rows %1)."
        ).replace("%1", p.get("rows", "?")),
        "admin.province_unknown": QCoreApplication.translate(
            "ImportDialog", "No province has this name."
        ),
        "admin.commune_unknown": QCoreApplication.translate(
            "ImportDialog", "No commune has this name."
        ),
        "admin.commune_not_in_province": QCoreApplication.translate(
            "ImportDialog", "This commune is not in the province given."
        ),
        "admin.old_name": QCoreApplication.translate(
            "ImportDialog", "A name from before the 2025 merger: now %1."
        ).replace("%1", p.get("current", "?"))
        if p.get("current")
        else QCoreApplication.translate("ImportDialog", "A name from before the 2025 merger."),
        "row.unnamed_cell": QCoreApplication.translate(
            "ImportDialog", "A value in column %1, which has no header."
        ).replace("%1", p.get("column", "?")),
        "row.blank": QCoreApplication.translate("ImportDialog", "A blank row, skipped."),
    }
    if problem.code in own:
        return own[problem.code]
    return labels.problem_message(Problem(problem.code, problem.severity, dict(p)))


def refused_file_text(exc: ListRefused) -> str:
    """Why the file cannot be read as a list, by its code (vss_core.importing.MESSAGES)."""
    p = exc.params

    def fill(text: str) -> str:
        for name in ("sheet", "columns", "cells", "cell", "limit"):
            text = text.replace("{" + name + "}", p.get(name, "?"))
        return text

    messages = {
        "file.empty": QCoreApplication.translate("ImportDialog", "The file is empty."),
        "file.binary": QCoreApplication.translate(
            "ImportDialog", "This is not a spreadsheet or a CSV text file."
        ),
        "file.old_xls": QCoreApplication.translate(
            "ImportDialog", "This is an old Excel .xls file: open it in Excel and save it as .xlsx."
        ),
        "file.password_protected": QCoreApplication.translate(
            "ImportDialog",
            "The workbook is protected by a password: remove the password in Excel"
            " (File > Info > Protect Workbook) and save it again.",
        ),
        "file.not_xlsx": QCoreApplication.translate(
            "ImportDialog", "The file is not a readable .xlsx workbook: it may be damaged."
        ),
        "file.encoding": QCoreApplication.translate(
            "ImportDialog",
            "The text is neither UTF-8 nor Windows-1258: save it from Excel as CSV UTF-8.",
        ),
        "file.not_csv": QCoreApplication.translate(
            "ImportDialog", "The file cannot be read as a CSV table (an unclosed quote?)."
        ),
        "file.too_many_rows": QCoreApplication.translate(
            "ImportDialog", "More than {limit} rows: split the list into several files."
        ),
        "sheet.no_header": QCoreApplication.translate(
            "ImportDialog", "Sheet {sheet} has no header row naming the columns."
        ),
        "sheet.merged_header": QCoreApplication.translate(
            "ImportDialog", "Merged header cells {cells} in sheet {sheet}: unmerge them."
        ),
        "sheet.merged_cells": QCoreApplication.translate(
            "ImportDialog", "Merged cells {cells} in sheet {sheet}: unmerge them."
        ),
        "sheet.formula_without_value": QCoreApplication.translate(
            "ImportDialog",
            "Cell {cell} of sheet {sheet} holds a formula without a computed value: open the"
            " file in Excel and save it, or paste values only.",
        ),
        "sheet.missing": QCoreApplication.translate(
            "ImportDialog", "The workbook has no sheet {sheet}."
        ),
        "columns.unknown": QCoreApplication.translate(
            "ImportDialog",
            "Unknown columns in sheet {sheet}: {columns}. Rename them as in the template.",
        ),
        "columns.missing": QCoreApplication.translate(
            "ImportDialog", "Missing columns in sheet {sheet}: {columns}."
        ),
        "columns.twice": QCoreApplication.translate(
            "ImportDialog", "Columns named twice in sheet {sheet}: {columns}."
        ),
        "columns.wrong_sheet": QCoreApplication.translate(
            "ImportDialog", "Columns {columns} do not belong in sheet {sheet}."
        ),
    }
    return fill(messages.get(exc.code, str(exc)))


def reason_row(reason: str) -> tuple[str, str]:
    """(column, problem) of a refusal the matching added (English, from the shared code)."""
    if HELD_ELSEWHERE in reason:  # "column bhxh_code: already a member of ..."
        name = reason.split(":", 1)[0].removeprefix("column ").strip()
        column = _HEADERS.get(name, name)
        return column, QCoreApplication.translate(
            "ImportDialog",
            "Already a member of another household on this laptop: move the person in the"
            " app, or correct the file.",
        )
    if reason == "several stored households match":
        return "", QCoreApplication.translate(
            "ImportDialog", "Several households on this laptop match."
        )
    return "", reason


_HEADERS = {c.field: c.vi for c in COLUMNS}  # the template's headers, for a field name


@dataclass
class Preview:
    parsed: ParsedList
    result: ListImportResult

    @property
    def changes(self) -> int:
        return sum(
            counts.get(status, 0)
            for counts in (self.result.households, self.result.persons)
            for status in ("created", "updated")
        )

    @property
    def importable(self) -> bool:
        return self.parsed.ok and not self.result.refused and self.changes > 0


class _Progress(QObject):
    """Carries the write's progress from the worker to the bar (a queued signal)."""

    changed = Signal(int, int)

    def report(self, done: int, total: int) -> None:
        self.changed.emit(done, total)


class ImportDialog(QDialog):
    """Preview and import ``path`` into ``store``; :attr:`imported` once it is written."""

    preview_ready = Signal()  # the preview (or the refusal of the file) is shown
    imported = Signal()  # the whole file was written
    write_ended = Signal(str)  # the result line, after a write, a cancel or a failure

    def __init__(self, store: Store, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.path = path
        self.preview: Preview | None = None
        self.writing = False
        self.written = False
        self._cancel = threading.Event()
        self.tasks = TaskRunner(self)
        self._progress = _Progress(self)
        self._progress.changed.connect(self._show_progress)
        self.setWindowTitle(self.tr("Import from Excel"))
        self._build()
        self.resize(880, 600)
        self._read()

    # --- building ---------------------------------------------------------------------

    def _build(self) -> None:
        self.heading = named(QLabel(self.path.name), "fileName")
        font = QFont(self.heading.font())
        font.setBold(True)
        self.heading.setFont(font)
        self.file_info = named(QLabel(), "fileInfo")
        self.file_info.setWordWrap(True)

        self.counts = QWidget()
        grid = QGridLayout(self.counts)
        grid.setContentsMargins(0, 0, 0, 0)
        for column, text in enumerate(
            (self.tr("New"), self.tr("Changed"), self.tr("Unchanged")), start=1
        ):
            header = QLabel(text)
            header.setAlignment(Qt.AlignmentFlag.AlignRight)
            grid.addWidget(header, 0, column)
        self.count_labels: dict[tuple[str, str], QLabel] = {}
        for row, (kind, text) in enumerate(
            (("household", self.tr("Households")), ("person", self.tr("Members"))), start=1
        ):
            grid.addWidget(QLabel(text), row, 0)
            for column, status in enumerate(("created", "updated", "unchanged"), start=1):
                label = named(QLabel("–"), f"count_{kind}_{status}")
                label.setAlignment(Qt.AlignmentFlag.AlignRight)
                grid.addWidget(label, row, column)
                self.count_labels[(kind, status)] = label
        grid.setColumnStretch(4, 1)
        grid.setColumnMinimumWidth(1, 90)
        grid.setColumnMinimumWidth(2, 90)
        grid.setColumnMinimumWidth(3, 90)

        self.refused_table = self._problem_table("refusedRows")
        self.warning_table = self._problem_table("warningRows")
        self.problem_tabs = named(QTabWidget(), "problemTabs")
        self.problem_tabs.addTab(self.refused_table, self.tr("Refused rows"))
        self.problem_tabs.addTab(self.warning_table, self.tr("Warnings"))

        self.note = named(QLabel(), "note")
        self.note.setWordWrap(True)
        self.status = named(QLabel(self.tr("Reading and checking the file…")), "status")
        self.status.setWordWrap(True)
        self.bar = named(QProgressBar(), "progress")
        self.bar.setRange(0, 0)  # busy until the file is read

        self.report_button = named(QPushButton(self.tr("Save &report…")), "saveReport")
        self.report_button.setAutoDefault(False)
        self.report_button.clicked.connect(self.save_report)
        self.import_button = named(QPushButton(self.tr("&Import")), "importButton")
        self.import_button.clicked.connect(self.start_import)
        self.cancel_button = named(QPushButton(self.tr("Cancel")), "cancelButton")
        self.cancel_button.clicked.connect(self.reject)
        for button in (self.report_button, self.import_button):
            button.setEnabled(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.report_button)
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.cancel_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.file_info)
        layout.addWidget(self.counts)
        layout.addWidget(self.problem_tabs, 1)
        layout.addWidget(self.note)
        layout.addWidget(self.status)
        layout.addWidget(self.bar)
        layout.addLayout(buttons)
        self.counts.setVisible(False)
        self.problem_tabs.setVisible(False)
        self.note.setVisible(False)

    def _problem_table(self, name: str) -> QTableWidget:
        table = named(QTableWidget(0, 4), name)
        table.setHorizontalHeaderLabels(
            [self.tr("Sheet"), self.tr("Row"), self.tr("Column"), self.tr("Problem")]
        )
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.verticalHeader().setVisible(False)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        table.setColumnWidth(0, 110)
        table.setColumnWidth(1, 60)
        table.setColumnWidth(2, 170)
        return table

    # --- reading and previewing -----------------------------------------------------------

    def _read(self) -> None:
        store, path = self.store, self.path

        def work() -> Preview:
            parsed = parse_list(path)
            return Preview(parsed, plan_import(store, parsed))

        self.tasks.submit(work, self._previewed, self._read_failed, expected=(ListRefused, OSError))

    def _previewed(self, preview: Preview) -> None:
        self.preview = preview
        self.bar.setVisible(False)
        parsed, result = preview.parsed, preview.result
        self.file_info.setText(self._file_info(parsed))
        for (kind, status), label in self.count_labels.items():
            counts = result.households if kind == "household" else result.persons
            label.setText(_number(counts.get(status, 0)))
        refused = self._refused_rows(preview)
        self._fill(self.refused_table, refused)
        self._fill(self.warning_table, [self._row_of(p) for p in parsed.warnings])
        self.problem_tabs.setTabText(
            0, self.tr("Refused rows (%1)").replace("%1", _number(len(refused)))
        )
        self.problem_tabs.setTabText(
            1, self.tr("Warnings (%1)").replace("%1", _number(len(parsed.warnings)))
        )
        self.problem_tabs.setCurrentIndex(0 if refused or not parsed.warnings else 1)
        for table in (self.refused_table, self.warning_table):  # sheets: two-sheet lists
            table.setColumnHidden(0, parsed.layout != "sheets")
        self.counts.setVisible(True)
        self.problem_tabs.setVisible(True)
        self.note.setText(self._note(parsed))
        self.note.setVisible(True)
        self.report_button.setEnabled(True)
        self._show_verdict()
        self.preview_ready.emit()

    def _show_verdict(self) -> None:
        """What the collector can do now, and the button Enter presses."""
        assert self.preview is not None
        preview = self.preview
        if preview.result.refused:
            self.status.setText(
                self.tr(
                    "Nothing can be imported: fix the refused rows in the file (or save the"
                    " report, which lists them beside each row) and import it again."
                )
            )
        elif preview.changes == 0:
            self.status.setText(self.tr("Everything in this file is already on this laptop."))
        else:
            self.status.setText(
                self.tr(
                    "Nothing is written until you press Import; the whole file is then"
                    " written at once, or nothing if you cancel."
                )
            )
        importable = preview.importable and not self.written
        self.import_button.setEnabled(importable)
        self.import_button.setDefault(importable)
        self.cancel_button.setDefault(not importable)
        (self.import_button if importable else self.cancel_button).setFocus()

    def _file_info(self, parsed: ParsedList) -> str:
        layout = (
            self.tr("one row per person")
            if parsed.layout == "rows"
            else self.tr("a households sheet and a members sheet")
        )
        if parsed.kind == "csv":
            separators = {",": self.tr("comma"), ";": self.tr("semicolon"), "\t": self.tr("tab")}
            separator = separators.get(parsed.separator or "", parsed.separator or "?")
            encoding = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8 (BOM)", "cp1258": "Windows-1258"}
            text = self.tr("CSV text, %1, separated by %2; %3.")
            text = text.replace("%1", encoding.get(parsed.encoding or "", parsed.encoding or "?"))
            return text.replace("%2", separator).replace("%3", layout)
        return self.tr("Excel workbook; %1.").replace("%1", layout)

    def _note(self, parsed: ParsedList) -> str:
        lines = []
        if "collector" in parsed.columns:
            lines.append(
                self.tr(
                    "The collector column is not used: households added here are yours"
                    " once they are sent to the server."
                )
            )
        if parsed.ignored_columns:
            lines.append(
                self.tr("Columns left out: %1.").replace("%1", ", ".join(parsed.ignored_columns))
            )
        lines.append(
            self.tr(
                "A blank cell keeps what is stored; every new or changed record is sent to"
                " the server at the next sync."
            )
        )
        return "\n".join(lines)

    def _refused_rows(self, preview: Preview) -> list[tuple[str, str, str, str]]:
        rows = [self._row_of(p) for p in preview.parsed.errors]
        from_file = {(p.sheet or "", p.row) for p in preview.parsed.errors}
        for (sheet, row), outcome in sorted(preview.result.rows.items()):
            if outcome.status == "refused" and (sheet, row) not in from_file:
                rows.extend((sheet, str(row), *reason_row(r)) for r in outcome.reasons)
        return rows

    @staticmethod
    def _row_of(problem: RowProblem) -> tuple[str, str, str, str]:
        return (problem.sheet or "", str(problem.row), problem.column or "", problem_text(problem))

    def _fill(self, table: QTableWidget, rows: list[tuple[str, str, str, str]]) -> None:
        shown = rows[:MAX_ROWS_SHOWN]
        table.setRowCount(len(shown))
        for r, values in enumerate(shown):
            for c, text in enumerate(values):
                item = QTableWidgetItem(text)
                if c == 1:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                table.setItem(r, c, item)
        if len(rows) > len(shown):
            table.setRowCount(len(shown) + 1)
            more = self.tr("%1 more: save the report to see them all.")
            table.setItem(
                len(shown), 3, QTableWidgetItem(more.replace("%1", _number(len(rows) - len(shown))))
            )

    def _read_failed(self, exc: Exception) -> None:
        self.bar.setVisible(False)
        if isinstance(exc, ListRefused):
            text = refused_file_text(exc)
        elif isinstance(exc, OSError):
            text = self.tr("The file cannot be opened: %1").replace("%1", exc.strerror or "")
        else:
            text = self.tr("The file could not be read (%1).").replace("%1", type(exc).__name__)
        self.status.setText(self.tr("Nothing was imported. %1").replace("%1", text))
        self.cancel_button.setText(self.tr("Close"))
        self.cancel_button.setDefault(True)
        self.cancel_button.setFocus()
        self.preview_ready.emit()

    # --- importing ----------------------------------------------------------------------

    @Slot()
    def start_import(self) -> None:
        preview = self.preview
        if preview is None or not preview.importable or self.writing or self.written:
            return
        self._set_writing(True)
        store, parsed, cancel = self.store, preview.parsed, self._cancel
        cancel.clear()
        progress = self._progress.report
        self.bar.setRange(0, max(preview.parsed.person_count, 1))
        self.bar.setValue(0)

        def work() -> ListImportResult:
            return apply_import(store, parsed, progress=progress, cancelled=cancel.is_set)

        self.tasks.submit(work, self._written, self._write_failed, expected=(ImportCancelled,))

    def _set_writing(self, writing: bool) -> None:
        self.writing = writing
        self.bar.setVisible(writing)
        self.import_button.setEnabled(False)
        self.report_button.setEnabled(not writing)
        self.cancel_button.setEnabled(True)
        self.cancel_button.setText(
            self.tr("Cancel") if writing or not self.written else self.tr("Close")
        )
        if writing:
            self.status.setText(self.tr("Importing… Cancel stops it and writes nothing."))
            self.cancel_button.setDefault(True)
            self.cancel_button.setFocus()

    @Slot(int, int)
    def _show_progress(self, done: int, total: int) -> None:
        if self.writing:
            self.bar.setRange(0, max(total, 1))
            self.bar.setValue(done)

    def _written(self, result: ListImportResult) -> None:
        self.written = result.written
        self._set_writing(False)
        if not result.written and self.preview is not None:
            # Refused meanwhile (a sync changed what matches): show the new preview.
            self._previewed(Preview(self.preview.parsed, result))
            return
        created, updated = "created", "updated"
        text = self.tr(
            "Imported: %1 households and %2 members added, %3 households and %4 members"
            " changed. %5 changes will be sent to the server at the next sync."
        )
        for marker, value in (
            ("%1", result.households.get(created, 0)),
            ("%2", result.persons.get(created, 0)),
            ("%3", result.households.get(updated, 0)),
            ("%4", result.persons.get(updated, 0)),
        ):
            text = text.replace(marker, _number(value))
        changes = sum(
            c.get(s, 0) for c in (result.households, result.persons) for s in (created, updated)
        )
        text = text.replace("%5", _number(changes))
        self.status.setText(text)
        self.cancel_button.setText(self.tr("Close"))
        self.cancel_button.setDefault(True)
        self.cancel_button.setFocus()
        self.imported.emit()
        self.write_ended.emit(text)

    def _write_failed(self, exc: Exception) -> None:
        self._set_writing(False)
        if isinstance(exc, ImportCancelled):
            text = self.tr("Cancelled: nothing was written.")
        else:
            text = self.tr("Nothing was written: the database could not be written (%1).").replace(
                "%1", type(exc).__name__
            )
        self._show_verdict()
        self.status.setText(text)
        self.write_ended.emit(text)

    # --- the report -----------------------------------------------------------------------

    @Slot()
    def save_report(self) -> None:
        preview = self.preview
        if preview is None or self.writing:
            return
        target = ask_save_path(
            self,
            self.tr("Save the import report"),
            f"{self.path.stem}-report.xlsx",
            self.tr("Excel workbooks (*.xlsx)"),
            ".xlsx",
        )
        if target is None:
            return
        self.save_report_to(target)

    def save_report_to(self, target: Path) -> None:
        """Write the report (each row with its status and problems) in the worker."""
        assert self.preview is not None
        source, result = self.path, self.preview.result
        self.report_button.setEnabled(False)

        def saved(path: Path) -> None:
            self.report_button.setEnabled(not self.writing)
            self.status.setText(self.tr("Report saved: %1").replace("%1", path.name))

        def failed(exc: Exception) -> None:
            self.report_button.setEnabled(not self.writing)
            self.status.setText(
                self.tr("The report could not be saved (%1).").replace("%1", type(exc).__name__)
            )

        self.tasks.submit(lambda: write_report(source, result, target), saved, failed)

    # --- closing ----------------------------------------------------------------------------

    def reject(self) -> None:
        """Escape or Cancel: while writing, stop the write (nothing is written) and stay
        open to say so; otherwise close."""
        if self.writing:
            self._cancel.set()
            self.cancel_button.setEnabled(False)
            self.status.setText(self.tr("Cancelling… nothing will be written."))
            return
        super().reject()

    def done(self, result: int) -> None:
        if self.writing:
            return
        super().done(result)
