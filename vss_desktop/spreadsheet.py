"""The one way the app and the server write spreadsheet cells (.xlsx and .csv), Qt-free.

The .xlsx cell helpers live in vss_core.spreadsheet (the import template uses them too)
and are re-exported here.

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

from vss_core.spreadsheet import FORMULA_LEADS, append_row, set_cell

__all__ = ["FORMULA_LEADS", "append_row", "csv_text", "set_cell", "write_csv"]


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
