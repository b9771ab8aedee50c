"""Writing .xlsx cells as the app and the server both do: text is always text.

Text that starts with = + - @ tab or CR is a formula to Excel and LibreOffice: a head
name "=HYPERLINK(...)" accepted by an import would run in every collector's export
(OWASP "CSV injection"). Every .xlsx writer (the app's exports, the import template)
goes through these functions, so text is always written as text, whatever its first
character. vss_desktop.spreadsheet adds the CSV writer on top.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

# OWASP's list, plus LF and the full-width forms some spreadsheet versions also accept.
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def set_cell(cell: Cell, value: object) -> Cell:
    """Put ``value`` in ``cell``; a str is always a text cell, never a formula."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl makes any str starting with "=" a formula
    return cell


def append_row(ws: Worksheet, values: Sequence[object]) -> int:
    """Append ``values`` as the sheet's next row (text as text); return its row number."""
    ws.append([set_cell(Cell(ws), value) for value in values])
    row: int = ws.max_row
    return row


def save_workbook(book: Workbook, path: Path) -> None:
    """Save ``book`` to ``path`` atomically: a failure leaves the previous file, if any,
    and no half-written one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".xlsx", dir=path.parent)
    os.close(fd)
    try:
        book.save(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
