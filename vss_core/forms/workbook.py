"""D03-TS / D05-TS as an .xlsx workbook, for the app and the server alike.

Layout: the "not encrypted" warning (as every export of the app), the form code, the
title, the period and the scope; a two-row bold header (repeated on every printed page);
per group a title row, its people and a subtotal; the grand total at the end. Money is
an integer of đồng shown '#,##0', dates are real dates shown dd/mm/yyyy ("Từ tháng/năm"
a date shown mm/yyyy), identifiers and names are text cells (vss_core.spreadsheet: a
name starting with "=" stays text). A4 landscape, fitted to the page width.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from vss_core.enums import Sex
from vss_core.formatting import format_date
from vss_core.forms.participants import Form, FormKind, FormRow, Group
from vss_core.importing.values import SEX_LABELS
from vss_core.spreadsheet import save_workbook, set_cell
from vss_core.voluntary_si import SupportSource

NOT_ENCRYPTED = "Tệp này không được mã hóa: có chứa dữ liệu cá nhân."
TITLES = {
    FormKind.D03: "DANH SÁCH NGƯỜI THAM GIA BẢO HIỂM Y TẾ HỘ GIA ĐÌNH",
    FormKind.D05: "DANH SÁCH NGƯỜI THAM GIA BẢO HIỂM XÃ HỘI TỰ NGUYỆN",
}
CODES = {FormKind.D03: "Mẫu D03-TS", FormKind.D05: "Mẫu D05-TS"}
ROMAN = ("I", "II", "III", "IV", "V")

DATE_FORMAT = "dd/mm/yyyy"
MONTH_FORMAT = "mm/yyyy"
MONEY_FORMAT = "#,##0"
COUNT_FORMAT = '#,##0" người"'
HEADER_ROW = 7  # the header's first row; the title block is above it
MIN_WIDTH, MAX_WIDTH = 5, 42
LINE_HEIGHT = 15  # points per line of wrapped text
CHARS_PER_WIDTH = 1.2  # a width unit is a "0"; most letters are narrower


class Kind(StrEnum):
    TEXT = "text"
    NUMBER = "number"
    MONEY = "money"
    DATE = "date"
    MONTH = "month"


Total = Callable[[Group | Form], int | None]


@dataclass(frozen=True)
class Column:
    title: str
    kind: Kind
    value: Callable[[FormRow], object]
    sub: str = ""  # second header line, under a title shared by neighbouring columns
    total: Total | None = None
    width: int = 0  # at least this many characters
    widest: int = 0  # at most this many (longer text wraps); 0: MAX_WIDTH


def _rate(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _support_columns(title: str, source: SupportSource) -> list[Column]:
    def rate(row: FormRow) -> object:
        return _rate(row.supports[source].rate) if source in row.supports else None

    def amount(row: FormRow) -> object:
        return row.supports[source].amount if source in row.supports else None

    def total(part: Group | Form) -> int | None:
        return part.support(source)

    return [
        Column(title, Kind.NUMBER, rate, sub="Tỷ lệ (%)", width=7),
        Column(title, Kind.MONEY, amount, sub="Số tiền", total=total, width=10),
    ]


def _stt(_row: FormRow) -> object:
    return None  # filled in by the writer


def _sex(row: FormRow) -> object:
    return SEX_LABELS[Sex(row.sex)] if row.sex in set(Sex) else row.sex


def _amount(part: Group | Form) -> int | None:
    return part.amount


def _due(part: Group | Form) -> int | None:
    return part.due


D05_COLUMNS = [
    Column("STT", Kind.NUMBER, _stt, width=5),
    Column("Họ và tên", Kind.TEXT, lambda r: r.full_name, width=20),
    Column("Mã số BHXH", Kind.TEXT, lambda r: r.bhxh_code, width=12),
    Column("Số CCCD", Kind.TEXT, lambda r: r.cccd, width=14),
    Column("Địa chỉ", Kind.TEXT, lambda r: r.address, width=20, widest=34),
    Column("Ngày biên lai", Kind.DATE, lambda r: r.receipt_date, width=11),
    Column("Số biên lai", Kind.TEXT, lambda r: r.receipt_number, width=9),
    Column("Mức thu nhập", Kind.MONEY, lambda r: r.income, width=11),
    Column("Số tháng", Kind.NUMBER, lambda r: r.months, width=6),
    Column("Từ tháng/năm", Kind.MONTH, lambda r: r.start_month, width=9),
    Column("Số tiền phải đóng", Kind.MONEY, lambda r: r.due, total=_due, width=11),
    Column("Người tham gia đóng", Kind.MONEY, lambda r: r.amount, total=_amount, width=11),
    *_support_columns("NSTW hỗ trợ", SupportSource.CENTRAL),
    *_support_columns("NSĐP hỗ trợ", SupportSource.LOCAL),
    *_support_columns("Hỗ trợ khác", SupportSource.OTHER),
    Column("Mã người thu", Kind.TEXT, lambda r: r.collector, width=10),
    Column("Ghi chú", Kind.TEXT, lambda r: r.note, width=12, widest=22),
]
D03_COLUMNS = [
    Column("STT", Kind.NUMBER, _stt, width=5),
    Column("Mã hộ", Kind.TEXT, lambda r: r.household_code, width=11),
    Column("Họ và tên", Kind.TEXT, lambda r: r.full_name, width=20),
    Column("Mã số BHXH", Kind.TEXT, lambda r: r.bhxh_code, width=12),
    Column("Số CCCD", Kind.TEXT, lambda r: r.cccd, width=14),
    Column("Ngày sinh", Kind.DATE, lambda r: r.date_of_birth, width=11),
    Column("Giới tính", Kind.TEXT, _sex, width=6),
    Column("Địa chỉ", Kind.TEXT, lambda r: r.address, width=20, widest=34),
    Column("Số thẻ BHYT", Kind.TEXT, lambda r: r.card_number, width=15),
    Column("Số tháng", Kind.NUMBER, lambda r: r.months, width=6),
    Column("Từ ngày", Kind.DATE, lambda r: r.card_start, width=11),
    Column("Số tiền", Kind.MONEY, lambda r: r.amount, total=_amount, width=11),
    Column("Ngày biên lai", Kind.DATE, lambda r: r.receipt_date, width=11),
    Column("Số biên lai", Kind.TEXT, lambda r: r.receipt_number, width=9),
    Column("Mã người thu", Kind.TEXT, lambda r: r.collector, width=10),
    Column("Ghi chú", Kind.TEXT, lambda r: r.note, width=12, widest=22),
]
COLUMNS = {FormKind.D03: D03_COLUMNS, FormKind.D05: D05_COLUMNS}
FORMATS = {
    Kind.MONEY: MONEY_FORMAT,
    Kind.DATE: DATE_FORMAT,
    Kind.MONTH: MONTH_FORMAT,
    Kind.NUMBER: "General",
}

_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="DDDDDD")
_GROUP_FILL = PatternFill("solid", fgColor="F2F2F2")


def period_text(start: date, end: date) -> str:
    return f"Kỳ: {format_date(start)} – {format_date(end)}"


def write_form(form: Form, path: Path, warning: str = NOT_ENCRYPTED) -> int:
    """Write ``form`` to ``path`` (.xlsx) atomically; return the number of people listed."""
    book = Workbook()
    ws = book.active
    ws.title = CODES[form.kind].removeprefix("Mẫu ")
    columns = COLUMNS[form.kind]
    widths = [max(c.width, MIN_WIDTH) for c in columns]
    _title_block(ws, form, warning, len(columns))
    _header(ws, columns)
    row = HEADER_ROW + 2
    for index, group in enumerate(form.groups):
        _group_title(ws, row, f"{ROMAN[index]}. {group.label}", len(columns))
        row += 1
        for number, item in enumerate(group.rows, start=1):
            values = [number if c.value is _stt else c.value(item) for c in columns]
            _write_row(ws, row, columns, values, widths)
            row += 1
        _total_row(ws, row, columns, group, f"Cộng {ROMAN[index]} ({group.label})", widths)
        row += 1
    _total_row(ws, row, columns, form, "Tổng cộng", widths)
    for index, (column, width) in enumerate(zip(columns, widths, strict=True), start=1):
        widest = column.widest or MAX_WIDTH
        ws.column_dimensions[get_column_letter(index)].width = min(width, widest) + 2
    _page_setup(ws)
    save_workbook(book, path)
    return form.count


def _title_block(ws: Worksheet, form: Form, warning: str, width: int) -> None:
    last = get_column_letter(width)
    lines = [
        (1, warning, Font(bold=True, color="B00020"), "left"),
        (2, CODES[form.kind], Font(bold=True), "left"),
        (3, TITLES[form.kind], Font(bold=True, size=14), "center"),
        (4, period_text(form.start, form.end), Font(italic=True), "center"),
        (5, form.scope, Font(), "center"),
    ]
    for row, text, font, align in lines:
        cell = set_cell(ws.cell(row=row, column=1), text)
        cell.font, cell.alignment = font, Alignment(horizontal=align)
        if align == "center":
            ws.merge_cells(f"A{row}:{last}{row}")


def _header(ws: Worksheet, columns: Sequence[Column]) -> None:
    top, below = HEADER_ROW, HEADER_ROW + 1
    for index, column in enumerate(columns, start=1):
        for row, text in ((top, column.title), (below, column.sub)):
            cell = set_cell(ws.cell(row=row, column=index), text or None)
            cell.font, cell.fill, cell.border = Font(bold=True), _HEADER_FILL, _BORDER
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        if not column.sub:
            ws.merge_cells(start_row=top, end_row=below, start_column=index, end_column=index)
    index = 0
    while index < len(columns):  # one title over the neighbours that share it
        end = index
        while end + 1 < len(columns) and columns[end + 1].title == columns[index].title:
            end += 1
        if end > index:
            ws.merge_cells(start_row=top, end_row=top, start_column=index + 1, end_column=end + 1)
        index = end + 1
    ws.row_dimensions[top].height = 30


def _group_title(ws: Worksheet, row: int, text: str, width: int) -> None:
    for index in range(1, width + 1):
        cell = ws.cell(row=row, column=index)
        cell.fill, cell.border = _GROUP_FILL, _BORDER
    cell = set_cell(ws.cell(row=row, column=1), text)
    cell.font = Font(bold=True)


def _write_row(
    ws: Worksheet,
    row: int,
    columns: Sequence[Column],
    values: Sequence[object],
    widths: list[int],
    bold: bool = False,
) -> None:
    lines = 1
    for index, (column, value) in enumerate(zip(columns, values, strict=True), start=1):
        if value == "":
            value = None
        cell = set_cell(ws.cell(row=row, column=index), value)
        cell.border = _BORDER
        cell.alignment = Alignment(vertical="top", wrap_text=column.kind is Kind.TEXT)
        if bold:
            cell.font = Font(bold=True)
        if value is None:
            continue
        if column.kind in FORMATS:
            cell.number_format = FORMATS[column.kind]
        widths[index - 1] = max(widths[index - 1], _shown_width(column.kind, value))
        if column.kind is Kind.TEXT:
            fits = ((column.widest or MAX_WIDTH) + 2) * CHARS_PER_WIDTH
            lines = max(lines, math.ceil(len(str(value)) / fits))
    if lines > 1:  # spreadsheets do not grow a row for wrapped text when they open a file
        ws.row_dimensions[row].height = LINE_HEIGHT * lines


def _total_row(
    ws: Worksheet,
    row: int,
    columns: Sequence[Column],
    part: Group | Form,
    label: str,
    widths: list[int],
) -> None:
    values: list[object] = [c.total(part) if c.total else None for c in columns]
    values[0] = part.count  # the people counted: the tally's figure
    values[1] = label
    label_width = widths[1]
    _write_row(ws, row, columns, values, widths, bold=True)
    ws.cell(row=row, column=1).number_format = COUNT_FORMAT
    # The label runs on over the empty cells to its right: it neither wraps nor widens.
    ws.cell(row=row, column=2).alignment = Alignment(vertical="top", indent=1)
    widths[0] = max(widths[0], len(f"{part.count:,} người"))
    widths[1] = label_width


def _shown_width(kind: Kind, value: object) -> int:
    if kind in (Kind.DATE, Kind.MONTH):
        return 10
    if kind is Kind.MONEY and isinstance(value, int):
        return len(f"{value:,}")
    return len(str(value))


def _page_setup(ws: Worksheet) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as it takes
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW + 1}"
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.5, bottom=0.5)
    ws.freeze_panes = f"C{HEADER_ROW + 2}"
