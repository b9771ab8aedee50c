"""Excel exports of the app's lists (openpyxl), Qt-free.

An exported workbook is NOT encrypted: it holds personal data in the clear. The first
row of every sheet says so, and the UI says it again before writing (issue 6 asks
exports to be encrypted or to say clearly that they are not).

Cells keep real types: dates are dates (shown dd/mm/yyyy), money is an integer number
of đồng (shown with thousands separators and ₫), so a supervisor can sort and sum.
Text is always text (vss_desktop.spreadsheet): a name starting with "=" is shown,
never run as a formula.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from vss_core.spreadsheet import save_workbook
from vss_desktop.spreadsheet import append_row

DATE_FORMAT = "dd/mm/yyyy"
MONEY_FORMAT = '#,##0" ₫"'
MAX_SHEET_TITLE = 31  # Excel's limit


class CellKind(StrEnum):
    TEXT = "text"
    NUMBER = "number"
    MONEY = "money"
    DATE = "date"


@dataclass(frozen=True)
class Column:
    title: str
    kind: CellKind = CellKind.TEXT
    width: int = 16  # characters


@dataclass(frozen=True)
class Sheet:
    title: str
    columns: Sequence[Column]
    rows: Iterable[Sequence[object]]


def _cell_value(kind: CellKind, value: object) -> object:
    if value is None or value == "":
        return None
    if kind is CellKind.DATE:
        if isinstance(value, datetime):
            return value.replace(tzinfo=None)
        if not isinstance(value, date):
            raise TypeError(f"a date column got {type(value).__name__}")
        return value
    if kind in (CellKind.NUMBER, CellKind.MONEY):
        if not isinstance(value, int) or isinstance(value, bool):
            raise TypeError(f"a {kind} column got {type(value).__name__}")
        return value
    return str(value)


def _safe_title(title: str, taken: set[str]) -> str:
    cleaned = "".join("_" if ch in "[]:*?/\\" else ch for ch in title).strip() or "Sheet"
    name, n = cleaned[:MAX_SHEET_TITLE], 2
    while name in taken:
        suffix = f" ({n})"
        name, n = cleaned[: MAX_SHEET_TITLE - len(suffix)] + suffix, n + 1
    taken.add(name)
    return name


def write_workbook(path: Path, sheets: Sequence[Sheet], warning: str) -> int:
    """Write ``sheets`` to ``path`` (.xlsx) atomically; return the number of data rows.

    ``warning`` (translated by the caller) heads every sheet: the file is not encrypted.
    A failure leaves no half-written file behind.
    """
    workbook = Workbook()
    workbook.remove(workbook.active)
    taken: set[str] = set()
    total = 0
    header_fill = PatternFill("solid", fgColor="DDDDDD")
    for sheet in sheets:
        ws = workbook.create_sheet(_safe_title(sheet.title, taken))
        append_row(ws, [warning])
        ws.cell(row=1, column=1).font = Font(bold=True, color="B00020")
        append_row(ws, [column.title for column in sheet.columns])
        for index, column in enumerate(sheet.columns, start=1):
            cell = ws.cell(row=2, column=index)
            cell.font, cell.fill = Font(bold=True), header_fill
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            ws.column_dimensions[get_column_letter(index)].width = column.width
        for values in sheet.rows:
            if len(values) != len(sheet.columns):
                raise ValueError(f"row has {len(values)} values for {len(sheet.columns)} columns")
            row = append_row(
                ws, [_cell_value(c.kind, v) for c, v in zip(sheet.columns, values, strict=True)]
            )
            for index, column in enumerate(sheet.columns, start=1):
                if column.kind is CellKind.DATE:
                    ws.cell(row=row, column=index).number_format = DATE_FORMAT
                elif column.kind is CellKind.MONEY:
                    ws.cell(row=row, column=index).number_format = MONEY_FORMAT
            total += 1
        ws.freeze_panes = "A3"
    if not workbook.worksheets:
        raise ValueError("nothing to export")
    save_workbook(workbook, path)
    return total
