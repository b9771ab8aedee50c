"""Excel exports read back with openpyxl: real types, the unencrypted warning, atomic writes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from vss_desktop.export import CellKind, Column, Sheet, write_workbook

WARNING = "Tệp này KHÔNG được mã hóa"
COLUMNS = [
    Column("Họ và tên"),
    Column("Hạn thẻ", CellKind.DATE),
    Column("Số tiền", CellKind.MONEY),
    Column("Số người", CellKind.NUMBER),
]


def test_rows_keep_their_types_and_every_sheet_warns(tmp_path: Path) -> None:
    path = tmp_path / "out" / "today.xlsx"
    rows = [["Nguyễn Thị Hồng", date(2026, 12, 31), 105_300, 3], ["Lò Văn Đức", None, 0, 1]]
    count = write_workbook(
        path,
        [Sheet("Thẻ sắp hết hạn", COLUMNS, rows), Sheet("Thẻ sắp hết hạn", COLUMNS, rows[:1])],
        WARNING,
    )
    assert count == 3
    book = load_workbook(path)
    assert book.sheetnames == ["Thẻ sắp hết hạn", "Thẻ sắp hết hạn (2)"]
    ws = book.worksheets[0]
    assert ws["A1"].value == WARNING and book.worksheets[1]["A1"].value == WARNING
    assert [c.value for c in ws[2]] == [c.title for c in COLUMNS]
    assert ws["A3"].value == "Nguyễn Thị Hồng"
    assert ws["B3"].value.date() == date(2026, 12, 31) and ws["B3"].number_format == "dd/mm/yyyy"
    assert ws["C3"].value == 105_300 and "₫" in ws["C3"].number_format
    assert ws["B4"].value is None and ws["D4"].value == 1
    assert ws.max_row == 4


def test_bad_rows_leave_no_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.xlsx"
    with pytest.raises(ValueError, match="3 values for 4 columns"):
        write_workbook(path, [Sheet("x", COLUMNS, [["a", None, 1]])], WARNING)
    with pytest.raises(TypeError, match="money column got str"):
        write_workbook(path, [Sheet("x", COLUMNS, [["a", None, "105.300 ₫", 1]])], WARNING)
    with pytest.raises(ValueError, match="nothing to export"):
        write_workbook(path, [], WARNING)
    assert list(tmp_path.iterdir()) == []


def test_an_existing_file_is_replaced_whole(tmp_path: Path) -> None:
    path = tmp_path / "list.xlsx"
    path.write_bytes(b"old")
    with pytest.raises(TypeError):
        write_workbook(path, [Sheet("x", COLUMNS, [["a", "not a date", 1, 1]])], WARNING)
    assert path.read_bytes() == b"old"  # a failed export does not destroy the previous one
    write_workbook(path, [Sheet("a/b:c", COLUMNS, [["a", None, 1, 1]])], WARNING)
    assert load_workbook(path).sheetnames == ["a_b_c"]
