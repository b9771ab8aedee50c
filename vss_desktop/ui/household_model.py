"""The household list model: holds ids only and loads visible rows a page at a time.

Filtering and sorting happen in SQL (store.queries.household_ids); this model
never holds 50,000 rows of data, only their ids plus the pages the view showed last
(at most ``KEPT_PAGES``: scrolling through the whole list does not keep it all). A search
shows its first screen of ids first (queries.first_household_ids) and takes the rest
after (:meth:`HouseholdListModel.extend_ids`), so a keystroke never waits for every match.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetrics

from vss_core import vietnam_time
from vss_core.formatting import format_date, format_datetime_local
from vss_desktop import labels
from vss_desktop.store.queries import HouseholdRow

# Rows loaded at once (on the UI thread, while painting): about a tall screen, so a
# keystroke's first screen and a scroll frame each read few rows.
PAGE = 50
# Pages of rows kept (the least recently shown go first): a few screens either way of
# the one shown, about 1 MiB, where keeping every row read would hold the whole list
# (50,000 rows, tens of MiB) after one scroll through it.
KEPT_PAGES = 40
Index = QModelIndex | QPersistentModelIndex
# The roles that have an answer from a row; the others are answered without looking one up.
ROW_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.TextAlignmentRole,
    }
)
# The widest household code expected (15 characters, letters being wider than digits):
# the code column is sized to show it whole.
LONGEST_CODE = "GD4010120152431"
# Typical contents of the other columns, in average characters (no column is measured
# row by row: with 50,000 rows Qt must never measure every row).
COLUMN_CHARS = (0, 22, 17, 6, 11, 7, 12, 14, 24, 10)
CELL_PADDING = 16  # the item delegate's margins, both sides, plus some air


class HouseholdListModel(QAbstractTableModel):
    def __init__(
        self, fetch_rows: Callable[[list[str]], dict[str, HouseholdRow]], parent: Any = None
    ) -> None:
        super().__init__(parent)
        self._fetch_rows = fetch_rows
        self._ids: list[str] = []
        # page number -> its rows by id (None: deleted since the id list was built)
        self._pages: OrderedDict[int, dict[str, HouseholdRow | None]] = OrderedDict()
        self.today = vietnam_time.today()
        self.expiring_days = 30
        self._outcomes = labels.outcome_labels()
        self._columns: list[tuple[str, Callable[[HouseholdRow], Any]]] = [
            (self.tr("Code"), lambda r: r.code),
            (self.tr("Head of household"), lambda r: r.head_name),
            (self.tr("Village"), lambda r: r.village),
            (self.tr("House no."), lambda r: r.house_number),
            (self.tr("Phone"), lambda r: r.phone),
            (self.tr("Members"), lambda r: r.members),
            (self.tr("No BHYT"), lambda r: r.uninsured or ""),
            (self.tr("Next card expiry"), lambda r: format_date(r.next_expiry)),
            (self.tr("Last visit"), self._last_visit_text),
            (self.tr("Follow-up"), lambda r: format_date(r.follow_up_date)),
        ]

    # --- data in ---------------------------------------------------------------

    def set_ids(self, ids: list[str]) -> None:
        self.beginResetModel()
        self._ids = list(ids)
        self._pages.clear()
        self.endResetModel()

    def extend_ids(self, ids: list[str]) -> bool:
        """Take the whole list after its start (a search's first screen): the rows shown
        stay and the rest is appended. False, changing nothing, when ``ids`` does not
        begin with the rows shown (the data changed between the two reads)."""
        shown = len(self._ids)
        if ids[:shown] != self._ids:
            return False
        if len(ids) > shown:
            self.beginInsertRows(QModelIndex(), shown, len(ids) - 1)
            self._ids.extend(ids[shown:])
            self.endInsertRows()
        return True

    def refresh(self) -> None:
        """Forget loaded rows (after an edit); the view reloads what it shows."""
        self._pages.clear()
        if self._ids:
            last = self.index(len(self._ids) - 1, len(self._columns) - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def household_id(self, row: int) -> str | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, household_id: str) -> int:
        try:
            return self._ids.index(household_id)
        except ValueError:
            return -1

    def _row(self, row: int) -> HouseholdRow | None:
        hid = self._ids[row]
        number = row // PAGE
        page = self._pages.get(number)
        if page is None or hid not in page:  # not read yet, or the page grew (extend_ids)
            ids = self._ids[number * PAGE : (number + 1) * PAGE]
            found = self._fetch_rows(ids)
            page = {i: found.get(i) for i in ids}
            self._pages[number] = page
            if len(self._pages) > KEPT_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(number)
        return page[hid]

    # --- Qt model interface ----------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._columns[section][0]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        if role == Qt.ItemDataRole.UserRole:
            return self._ids[index.row()]
        if role not in ROW_ROLES:  # the view asks ~10 roles per cell while painting
            return None
        row = self._row(index.row())
        if row is None:  # deleted since the id list was built
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._columns[index.column()][1](row)
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 7 and self._soon(row):
            return QBrush(QColor("#b00020"))
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (3, 5, 6):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def header_text(self, column: int) -> str:
        return self._columns[column][0]

    def _soon(self, row: HouseholdRow) -> bool:
        expiry = row.next_expiry
        return expiry is not None and (expiry - self.today).days <= self.expiring_days

    def _last_visit_text(self, row: HouseholdRow) -> str:
        if row.last_visit_at is None:
            return ""
        outcome = labels.label(self._outcomes, row.last_outcome)
        return f"{format_datetime_local(row.last_visit_at)[:10]} · {outcome}"


def column_widths(model: HouseholdListModel, metrics: QFontMetrics) -> list[int]:
    """Start widths of the list's columns from font metrics, never from the rows.

    The code column fits the longest code and its header; the others a typical content.
    """
    char = metrics.averageCharWidth()
    widths = [chars * char + CELL_PADDING for chars in COLUMN_CHARS]
    widths[0] = (
        max(
            metrics.horizontalAdvance(LONGEST_CODE), metrics.horizontalAdvance(model.header_text(0))
        )
        + CELL_PADDING
    )
    return widths
