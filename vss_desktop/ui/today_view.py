"""The Today screen: what the collector should do next, as six lists with their counts.

The lists come from vss_desktop.store.today, read in the main window's database worker;
choosing a line shows the household in the detail pane, Enter records a visit to it.
Each list can be printed (the visit list, in the list's order) and exported to Excel.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from vss_core import vietnam_time
from vss_core.formatting import format_date
from vss_desktop.store import Store, metrics, today
from vss_desktop.store.today import TodayList, TodayRow
from vss_desktop.ui.save_dialog import ask_save_path
from vss_desktop.ui.tasks import TaskRunner

Index = QModelIndex | QPersistentModelIndex
PER_PERSON = (TodayList.EXPIRING, TodayList.LAPSED)


class TodayModel(QAbstractTableModel):
    """The rows of one Today list (a few thousand at most for a commune)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.which = TodayList.FOLLOW_UPS
        self.rows: list[TodayRow] = []
        self.today = vietnam_time.today()
        self._headers = self._make_headers()

    def set_rows(self, which: TodayList, rows: list[TodayRow], on: date) -> None:
        self.beginResetModel()
        self.which, self.rows, self.today = which, rows, on
        self._headers = self._make_headers()
        self.endResetModel()

    def headers(self) -> list[str]:
        return self._headers

    def _make_headers(self) -> list[str]:
        day = {
            TodayList.FOLLOW_UPS: self.tr("Follow-up on"),
            TodayList.EXPIRING: self.tr("Card expires"),
            TodayList.LAPSED: self.tr("Card expired"),
            TodayList.NEVER_VISITED: "",
            TodayList.NOT_VISITED_THIS_MONTH: self.tr("Last visit"),
            TodayList.PROSPECTS: self.tr("Last visit"),
        }[self.which]
        columns = [self.tr("Code"), self.tr("Head of household"), self.tr("Village")]
        if self.which in PER_PERSON:
            columns.append(self.tr("Member"))
        if day:
            columns.append(day)
        return columns

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers())

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            headers = self.headers()
            return headers[section] if 0 <= section < len(headers) else None
        return None

    def cells(self, row: TodayRow) -> list[str]:
        values = [row.code, row.head_name, row.village]
        if self.which in PER_PERSON:
            values.append(row.person_name)
        if self.which is not TodayList.NEVER_VISITED:
            values.append(format_date(row.day) if row.day else "")
        return values

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cells(row)[index.column()]
        is_day = index.column() == len(self.headers()) - 1
        if role == Qt.ItemDataRole.ForegroundRole and row.day and is_day:
            overdue = self.which is TodayList.FOLLOW_UPS and row.day < self.today
            if overdue or self.which is TodayList.LAPSED:
                return QBrush(QColor("#b00020"))
        return None

    def household_id(self, row: int) -> str | None:
        return self.rows[row].household_id if 0 <= row < len(self.rows) else None


class TodayView(QWidget):
    """Six lists on the left with their counts; the chosen list's lines on the right."""

    household_chosen = Signal(str)  # a line was selected: show that household
    household_activated = Signal(str)  # Enter or double click: record a visit
    print_requested = Signal(list)  # household ids of the shown list, in its order
    loaded = Signal(str)  # the list shown (tests wait on it)
    exported = Signal(str)  # the file written (tests wait on it)
    counts_loaded = Signal()  # the six badges are up to date (tests wait on it)

    def __init__(
        self, store: Store, tasks: TaskRunner, expiring_days: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("todayView")
        self.store = store
        self.tasks = tasks
        self.expiring_days = expiring_days
        self.counts: dict[TodayList, int] = {}
        self._counts_queued = False  # a count reload waits for the event loop
        self.lists = QListWidget()
        self.lists.setObjectName("todayLists")
        for which in TodayList:
            item = QListWidgetItem(self.list_title(which))
            item.setData(Qt.ItemDataRole.UserRole, which)
            self.lists.addItem(item)
        self.lists.setMinimumWidth(self.lists.sizeHintForColumn(0) + 60)
        self.model = TodayModel(self)
        self.table = QTableView()
        self.table.setObjectName("todayTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        self.table.horizontalHeader().setStretchLastSection(True)
        # Column widths from the first rows: a list of 30,000 lines is never measured whole.
        self.table.horizontalHeader().setResizeContentsPrecision(50)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.table.activated.connect(self._activated)
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: 600; font-size: 12pt;")
        self.print_button = QPushButton(self.tr("&Print this list…"))
        self.export_button = QPushButton(self.tr("E&xport to Excel…"))
        self.print_button.clicked.connect(self._print)
        self.export_button.clicked.connect(self.export_dialog)
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.print_button)
        head.addWidget(self.export_button)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(head)
        right_layout.addWidget(self.table, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.lists)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.lists.setCurrentRow(0)  # the owner calls reload() once it is ready
        self.lists.currentRowChanged.connect(lambda _r: self.reload())

    # --- labels --------------------------------------------------------------------------

    def list_title(self, which: TodayList) -> str:
        return {
            TodayList.FOLLOW_UPS: self.tr("Follow-ups due and overdue"),
            TodayList.EXPIRING: self.tr("Cards expiring within %1 days").replace(
                "%1", str(self.expiring_days)
            ),
            TodayList.LAPSED: self.tr("Lapsed less than 3 months ago"),
            TodayList.NEVER_VISITED: self.tr("Never visited"),
            TodayList.NOT_VISITED_THIS_MONTH: self.tr("Not visited this month"),
            TodayList.PROSPECTS: self.tr("Prospects: could afford to join"),
        }[which]

    def hint(self, which: TodayList) -> str:
        return {
            TodayList.FOLLOW_UPS: self.tr("Visits promised for today or already late."),
            TodayList.EXPIRING: self.tr("Remind them to renew before the card lapses."),
            TodayList.LAPSED: self.tr(
                "Paying now keeps continuity: after 3 months the new card waits 30 days."
            ),
            TodayList.NEVER_VISITED: self.tr("Households with no visit recorded yet."),
            TodayList.NOT_VISITED_THIS_MONTH: self.tr("Visited before, but not this month."),
            TodayList.PROSPECTS: self.tr(
                "Members without BHYT in families flagged as able to pay."
            ),
        }[which]

    # --- loading ---------------------------------------------------------------------------

    def current_list(self) -> TodayList:
        item = self.lists.currentItem()
        return TodayList(item.data(Qt.ItemDataRole.UserRole)) if item else TodayList.FOLLOW_UPS

    def reload(self) -> None:
        """Re-read the shown list, then the six counts, in the database worker.

        The rows come first: on a big data set the counts take longer than the list the
        collector is looking at (bench_foundation: 50,000 households). The counts are
        queued only once control is back in the event loop, so that what the caller
        queues next (the household list's first screen at start) comes before them too.
        """
        which, days = self.current_list(), self.expiring_days

        def rows() -> tuple[TodayList, list[TodayRow], date]:
            on = metrics.local_today()
            with self.store.read() as session:
                return which, today.rows(session, which, on, days), on

        self.tasks.submit(rows, self._rows_ready, self._failed, latest="today")
        if not self._counts_queued:
            self._counts_queued = True
            QTimer.singleShot(0, self, self._reload_counts)

    def _reload_counts(self) -> None:
        self._counts_queued = False
        days = self.expiring_days

        def counts() -> dict[TodayList, int]:
            with self.store.read() as session:
                return today.counts(session, metrics.local_today(), days)

        self.tasks.submit(counts, self._counts_ready, self._failed, latest="today-counts")

    def current_household_id(self) -> str | None:
        index = self.table.currentIndex()
        return self.model.household_id(index.row()) if index.isValid() else None

    def _rows_ready(self, result: tuple[TodayList, list[TodayRow], date]) -> None:
        which, rows, on = result
        keep = self.current_household_id()
        self.model.set_rows(which, rows, on)
        self.title.setText(self.list_title(which))
        self.title.setToolTip(self.hint(which))
        self.table.setToolTip(self.hint(which))
        self.table.resizeColumnsToContents()
        if rows:  # keep the line chosen before the reload, else the first
            ids = [row.household_id for row in rows]
            self.table.selectRow(ids.index(keep) if keep in ids else 0)
        self.print_button.setEnabled(bool(rows))
        self.export_button.setEnabled(bool(rows))
        self.loaded.emit(which.value)

    def _counts_ready(self, counts: dict[TodayList, int]) -> None:
        self.counts = counts
        for index in range(self.lists.count()):
            item = self.lists.item(index)
            which = TodayList(item.data(Qt.ItemDataRole.UserRole))
            item.setText(f"{self.list_title(which)}  ({counts.get(which, 0)})")
        self.counts_loaded.emit()

    def _failed(self, exc: Exception) -> None:
        self.title.setText(self.tr("Could not read the lists: %1").replace("%1", str(exc)))

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        household_id = self.model.household_id(current.row())
        if household_id and self.isVisible():  # a hidden page never moves the detail pane
            self.household_chosen.emit(household_id)

    def _activated(self, index: QModelIndex) -> None:
        household_id = self.model.household_id(index.row())
        if household_id:
            self.household_activated.emit(household_id)

    def household_ids(self) -> list[str]:
        """The shown list's households, once each, in the list's order."""
        return list(dict.fromkeys(row.household_id for row in self.model.rows))

    def _print(self) -> None:
        ids = self.household_ids()
        if ids:
            self.print_requested.emit(ids)

    # --- export ----------------------------------------------------------------------------

    def export_dialog(self) -> None:
        name = f"{self.current_list().value}-{vietnam_time.today().isoformat()}.xlsx"
        answer = QMessageBox.warning(
            self,
            self.tr("Export to Excel"),
            self.tr(
                "The Excel file is NOT encrypted: anyone who gets it can read these names"
                " and dates. Keep it on this laptop or give it only to your supervisor."
            ),
            QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Ok:
            return
        path = ask_save_path(self, self.tr("Export to Excel"), name, "Excel (*.xlsx)", ".xlsx")
        if path is not None:
            self.export_to(path)

    def export_to(self, path: Path) -> None:
        """Write the shown list to ``path`` in the worker; the title line reports."""
        from vss_desktop import export  # openpyxl: 0.2 s to import, not needed at start

        headers = self.model.headers()
        kinds = [export.CellKind.TEXT] * len(headers)
        if self.model.which is not TodayList.NEVER_VISITED:
            kinds[-1] = export.CellKind.DATE
        columns = [
            export.Column(h, k, 14 if k is export.CellKind.DATE else 24)
            for h, k in zip(headers, kinds, strict=True)
        ]
        rows = [
            [*self.model.cells(r)[:-1], r.day]
            if self.model.which is not TodayList.NEVER_VISITED
            else self.model.cells(r)
            for r in self.model.rows
        ]
        sheet = export.Sheet(self.list_title(self.model.which), columns, rows)
        warning = self.tr("This file is not encrypted: it holds personal data.")

        def done(count: int) -> None:
            self.title.setText(
                self.tr("%1 rows exported to %2").replace("%1", str(count)).replace("%2", path.name)
            )
            self.exported.emit(str(path))

        self.tasks.submit(lambda: export.write_workbook(path, [sheet], warning), done, self._failed)
