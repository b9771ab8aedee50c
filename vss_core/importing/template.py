"""The list template (.xlsx): the header row, drop-down lists for the coded columns, one
example household of two members, and a sheet explaining each column in Vietnamese.

Identifier columns are formatted as text, so Excel keeps the leading zeros people type;
every text cell is written as text (vss_core.spreadsheet), never as a formula.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from vss_core.enums import BhytStatus, Relation, Sex
from vss_core.importing.columns import COLUMNS, Column, Kind
from vss_core.importing.values import FLAG_LABELS, RELATION_LABELS, SEX_LABELS, STATUS_LABELS
from vss_core.spreadsheet import append_row, save_workbook

DATA_SHEET = "Danh sách"
HELP_SHEET = "Hướng dẫn"
TEMPLATE_ROWS = 5000  # rows the drop-down lists and text formats cover
DATE_FORMAT = "DD/MM/YYYY"

# The example household: a made-up family (valid formats, no real person).
EXAMPLE_HOUSEHOLD = {
    "code": "HGD0001",
    "head_name": "Nguyễn Văn An",
    "province": "Tuyên Quang",
    "commune": "Xã Minh Sơn",
    "village": "Thôn Nà Mòn",
    "house_number": "12",
    "street": "",
    "household_phone": "0912345678",
    "collector": "",
}
EXAMPLE_MEMBERS = (
    {
        "full_name": "Nguyễn Văn An",
        "date_of_birth": date(1975, 3, 12),
        "sex": SEX_LABELS[Sex.MALE],
        "relation": RELATION_LABELS[Relation.HEAD],
        "cccd": "008075012345",
        "bhxh_code": "0812345678",
        "bhyt_card_number": "0812345678",
        "bhyt_expiry": date(2026, 12, 31),
        "bhyt_status": STATUS_LABELS[BhytStatus.HOUSEHOLD],
        "vsi_paid_until": None,
        "phone": "0912345678",
        "poor": FLAG_LABELS[False],
        "near_poor": FLAG_LABELS[True],
        "ethnic_minority": FLAG_LABELS[True],
        "notes": "",
    },
    {
        "full_name": "Hoàng Thị Bình",
        "date_of_birth": date(1979, 8, 5),
        "sex": SEX_LABELS[Sex.FEMALE],
        "relation": RELATION_LABELS[Relation.SPOUSE],
        "cccd": "008179004321",
        "bhxh_code": "0812345679",
        "bhyt_card_number": "",
        "bhyt_expiry": None,
        "bhyt_status": STATUS_LABELS[BhytStatus.NONE],
        "vsi_paid_until": None,
        "phone": "",
        "poor": "",
        "near_poor": "",
        "ethnic_minority": FLAG_LABELS[True],
        "notes": "",
    },
)
CHOICES = {
    Kind.SEX: list(SEX_LABELS.values()),
    Kind.RELATION: list(RELATION_LABELS.values()),
    Kind.FLAG: list(FLAG_LABELS.values()),
    Kind.STATUS: list(STATUS_LABELS.values()),
}


def write_template(path: Path) -> None:
    """Write the template to ``path`` atomically (a failure leaves no half file)."""
    book = Workbook()
    data = book.active
    data.title = DATA_SHEET
    _data_sheet(data)
    help_sheet(book.create_sheet(HELP_SHEET))
    save_workbook(book, path)


def example_rows() -> list[list[object]]:
    """The example household's rows, household cells on its first row only."""
    rows = []
    for i, member in enumerate(EXAMPLE_MEMBERS):
        household = EXAMPLE_HOUSEHOLD if i == 0 else {}
        values = {**household, **member}
        rows.append([_cell(values.get(c.field)) for c in COLUMNS])
    return rows


def _cell(value: object) -> object:
    return "" if value is None else value


def _data_sheet(ws: Worksheet) -> None:
    append_row(ws, [c.vi for c in COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for values in example_rows():
        append_row(ws, values)
    ws.freeze_panes = "A2"
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        ws.column_dimensions[letter].width = max(12, len(column.vi) + 4)
        _format_column(ws, index, column)
        choices = CHOICES.get(column.kind)
        if choices:
            listed = ",".join(choices)
            rule = DataValidation(type="list", formula1=f'"{listed}"', allow_blank=True)
            rule.add(f"{letter}2:{letter}{TEMPLATE_ROWS}")
            ws.add_data_validation(rule)


def _format_column(ws: Worksheet, index: int, column: Column) -> None:
    """Text format for identifiers (Excel keeps leading zeros), dates as dd/mm/yyyy."""
    if column.kind in (Kind.DIGITS, Kind.CARD, Kind.CODE):
        number_format = "@"
    elif column.kind is Kind.DATE:
        number_format = DATE_FORMAT
    else:
        return
    for row in range(2, 2 + len(EXAMPLE_MEMBERS)):
        ws.cell(row=row, column=index).number_format = number_format
    ws.column_dimensions[get_column_letter(index)].number_format = number_format


def help_sheet(ws: Worksheet) -> None:
    append_row(ws, ["Cột", "Tên tiếng Anh", "Ý nghĩa và cách ghi"])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for column in COLUMNS:
        append_row(ws, [column.vi, column.en, column.explanation])
    append_row(ws, [])
    for line in _NOTES:
        append_row(ws, [line])
    ws.column_dimensions["A"].width = 26
    ws.column_dimensions["B"].width = 24
    ws.column_dimensions["C"].width = 100


_NOTES = (
    "Mỗi dòng là một người. Dòng đầu của hộ ghi các cột của hộ (mã hộ, chủ hộ, địa chỉ);"
    " các dòng sau của cùng hộ để trống hoặc ghi lại y hệt các cột đó.",
    'Cũng có thể dùng hai trang: trang "Hộ" (mỗi dòng một hộ, có Mã hộ) và trang'
    ' "Thành viên" (mỗi dòng một người, có Mã hộ của hộ mình).',
    "Không gộp ô (merge) ở dòng tiêu đề, không dùng công thức chưa tính, không để dòng"
    " trống giữa các dòng dữ liệu.",
    "Tệp CSV: mã UTF-8 hoặc Windows-1258, phân cách bằng dấu phẩy, chấm phẩy hoặc tab.",
    "Nếu có lỗi ở bất kỳ dòng nào, không dòng nào được nhập: sửa các dòng báo lỗi rồi"
    " nhập lại cả tệp.",
)
