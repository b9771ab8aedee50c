"""The one way the app and the server write spreadsheet cells (.xlsx and .csv), Qt-free.

Text that starts with = + - @ tab or CR is a formula to Excel and LibreOffice: a head
name "=HYPERLINK(...)" accepted by a server import would run in every collector's
export (OWASP "CSV injection"). Every writer goes through these functions, so text is
always written as text, whatever its first character.
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

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


def csv_text(value: object) -> object:
    """A CSV cell: text with a formula's first character gets OWASP's leading quote."""
    if isinstance(value, str) and value.startswith(FORMULA_LEADS):
        return "'" + value
    return value


def write_csv(
    path: Path, header: Sequence[str], rows: Iterable[Sequence[object]], delimiter: str = ","
) -> int:
    """Write a UTF-8 CSV (with BOM, for Excel) atomically; return the number of data rows.

    Every cell is quoted and formula-like text is prefixed with ', as OWASP recommends.
    A failure leaves the previous file, if any, untouched.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".export-", suffix=".csv", dir=path.parent)
    count = 0
    try:
        with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh, delimiter=delimiter, quoting=csv.QUOTE_ALL)
            writer.writerow([csv_text(v) for v in header])
            for row in rows:
                writer.writerow([csv_text(v) for v in row])
                count += 1
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return count
