"""A list of households and members written in the import template's layout (issue 13).

The app's and the server's list exports both write through :func:`write_list`, so what
they write is what ``parse_list`` reads back: the template's header row and columns,
one row per person with the household's cells repeated on EVERY member row (each row
says which household it is of), coded values in the Vietnamese words the parser reads,
dates as real dates shown dd/mm/yyyy, identifiers as text. A household without members
has no row: the template's rows are persons and a row without a name is refused on
import, so such households are counted (``ListCounts.without_members``), not written.

Speed: openpyxl (without lxml) needs about 14 s for 50,000 persons, even in write-only
mode. So openpyxl writes the workbook's frame (the warning and header rows, column
formats, drop-down lists, the help sheet: text through vss_core.spreadsheet) and the
data rows are streamed as sheet XML beside it (:class:`_RowWriter`), the mirror of the
fast reader in sheet_xml.py: every text cell is an inline string, which is never a
formula. The file is saved atomically. Qt-free and database-free.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from vss_core.enums import Relation
from vss_core.importing.columns import COLUMNS, Kind, Level
from vss_core.importing.template import (
    CHOICES,  # the template's own lists
    DATA_SHEET,
    DATE_FORMAT,
    HELP_SHEET,
    TEMPLATE_ROWS,
)
from vss_core.importing.template import help_sheet as write_help_sheet
from vss_core.importing.values import FLAG_LABELS, RELATION_LABELS, SEX_LABELS, STATUS_LABELS
from vss_core.spreadsheet import append_row
from vss_core.text import fold

# The first row of the data sheet: the file holds personal data in the clear (issue 6).
# The app passes its own translated sentence; this one is for the server's exports.
DEFAULT_WARNING = "Tệp này không được mã hóa: có chứa dữ liệu cá nhân."
PROGRESS_EVERY = 500  # households between progress calls
Progress = Callable[[int, int], None]  # (households written, persons written)

HOUSEHOLD_COLUMNS = tuple(c for c in COLUMNS if c.level is Level.HOUSEHOLD)
PERSON_COLUMNS = tuple(c for c in COLUMNS if c.level is Level.PERSON)
_LABELS: dict[Kind, dict[Any, str]] = {
    Kind.SEX: dict(SEX_LABELS),
    Kind.RELATION: dict(RELATION_LABELS),
    Kind.STATUS: dict(STATUS_LABELS),
}
_TEXT_FORMAT_KINDS = (Kind.DIGITS, Kind.CARD, Kind.CODE)
# Wider than the template's columns: a list shows whole names and identifiers.
_WIDTHS = {Kind.TEXT: 22, Kind.DIGITS: 15, Kind.CARD: 18, Kind.CODE: 13}
_DIGIT_RUN = re.compile(r"(\d+)")
_DATA_PART = "xl/worksheets/sheet1.xml"  # openpyxl's name for the first sheet


@dataclass
class ListCounts:
    households: int = 0  # households written (each has at least one row)
    persons: int = 0  # rows written, one per person
    without_members: int = 0  # households left out: the template has no row for them


# --- order --------------------------------------------------------------------------------


def field_of(record: Any, name: str) -> Any:
    """A field of a field dict, or of an object (a model, a database row) by attribute."""
    if isinstance(record, dict):
        return record.get(name)
    return getattr(record, name, None)


def _natural(text: str) -> tuple[tuple[int, int, str], ...]:
    """House numbers in number order: "9" before "12", "12" before "12A"."""
    parts = _DIGIT_RUN.split(fold(text))
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts if p)


def household_order(household: Any) -> tuple[Any, ...]:
    """The export's order of households: village, house number, head name, code. Both
    callers sort with this key (and the id last, so that equal keys keep one order)."""
    village = field_of(household, "village") or ""
    head = field_of(household, "head_name") or ""
    return (
        fold(village),  # one village however its name was typed
        _natural(field_of(household, "house_number") or ""),
        fold(head),
        village,
        head,
        field_of(household, "code") or "",
    )


def member_order(members: Iterable[Any]) -> list[Any]:
    """The head first, then the eldest first (unknown birth dates last), then by name."""

    def key(person: Any) -> tuple[Any, ...]:
        born = _as_date(field_of(person, "date_of_birth"))
        return (
            field_of(person, "relation") != Relation.HEAD,
            born is None,
            born or date.min,
            fold(field_of(person, "full_name") or ""),
        )

    return sorted(members, key=key)


# --- values -------------------------------------------------------------------------------


def _as_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return None


def plain_value(kind: Kind, raw: Any) -> str | date | None:
    """A stored field as the parser reads it back: None (blank), a date, or text (coded
    values in the template's Vietnamese words, flags as Có / Không)."""
    if kind is Kind.FLAG:
        return FLAG_LABELS[bool(raw)]
    if raw is None or raw == "":
        return None
    if kind is Kind.DATE:
        return _as_date(raw) or str(raw)
    labels = _LABELS.get(kind)
    if labels is not None:
        # A code the parser would not know (none today) is written as stored: the import
        # then names its row, instead of the export dropping the value.
        return labels.get(raw, str(raw))
    return str(raw)


def _values(columns: Sequence[Any], record: Any) -> list[str | date | None]:
    return [plain_value(c.kind, field_of(record, c.record_field)) for c in columns]


# --- the sheet's rows as XML ----------------------------------------------------------------

_EXCEL_EPOCH = date(1899, 12, 30)
# Characters XML 1.0 cannot carry, written as OOXML's _xHHHH_ escape (as openpyxl reads
# and Excel shows them); a literal "_xHHHH_" is escaped so that it reads back as written.
_UNWRITABLE = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]|_(?=x[0-9A-Fa-f]{4}_)"
)


def _escape(text: str) -> str:
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if "\r" in text:  # kept: XML readers turn a raw CR into LF
        text = text.replace("\r", "&#13;")
    if _UNWRITABLE.search(text):
        text = _UNWRITABLE.sub(lambda m: f"_x{ord(m.group()):04X}_", text)
    return text


def _serial(day: date) -> int:
    """Excel's day number (with its 1900 leap-year quirk, as openpyxl and Excel count)."""
    days = (day - _EXCEL_EPOCH).days
    return days - 1 if 0 < days <= 60 else days


class _RowWriter:
    """The data rows as sheet XML: inline strings (text, never a formula) and dates as
    numbers in the date style. ``styles``: per column, the style attribute (or "")."""

    def __init__(self, out: IO[str], styles: Sequence[str], first_row: int) -> None:
        self.out = out
        self.letters = [get_column_letter(i) for i in range(1, len(styles) + 1)]
        self.styles = styles
        self.row = first_row

    def write(self, values: Sequence[str | date | None]) -> None:
        number = str(self.row)
        parts = [f'<row r="{number}">']
        for letter, style, value in zip(self.letters, self.styles, values, strict=True):
            if value is None:
                continue
            if isinstance(value, str):
                space = ' xml:space="preserve"' if value != value.strip() else ""
                parts.append(
                    f'<c r="{letter}{number}"{style} t="inlineStr"><is><t{space}>'
                    f"{_escape(value)}</t></is></c>"
                )
            elif isinstance(value, date):
                parts.append(f'<c r="{letter}{number}"{style}><v>{_serial(value)}</v></c>')
        parts.append("</row>")
        self.out.write("".join(parts))
        self.row += 1


# --- the frame ----------------------------------------------------------------------------


def _frame(warning: str | None) -> tuple[Workbook, Worksheet]:
    """The workbook around the data rows: warning and header rows, column widths and
    formats (identifiers as text, so Excel keeps leading zeros typed later; dates
    dd/mm/yyyy), the help sheet of the template."""
    book = Workbook()
    data = book.active
    data.title = DATA_SHEET
    if warning:
        append_row(data, [warning])
        data.cell(row=1, column=1).font = Font(bold=True, color="B00020")
    header = append_row(data, [c.vi for c in COLUMNS])
    for cell in data[header]:
        cell.font = Font(bold=True)
    data.freeze_panes = f"A{header + 1}"
    for index, column in enumerate(COLUMNS, start=1):
        dimension = data.column_dimensions[get_column_letter(index)]
        dimension.width = max(12, len(column.vi) + 4, _WIDTHS.get(column.kind, 0))
        if column.kind in _TEXT_FORMAT_KINDS:
            dimension.number_format = "@"
        elif column.kind is Kind.DATE:
            dimension.number_format = DATE_FORMAT
    write_help_sheet(book.create_sheet(HELP_SHEET))
    return book, data


def _cell_styles(data: Worksheet) -> list[str]:
    """Each column's style attribute for its data cells: its column's format, if any."""
    styles = []
    for index, column in enumerate(COLUMNS, start=1):
        formatted = column.kind in _TEXT_FORMAT_KINDS or column.kind is Kind.DATE
        style_id = data.column_dimensions[get_column_letter(index)].style_id
        styles.append(f' s="{style_id}"' if formatted else "")
    return styles


def _add_choice_lists(data: Worksheet, first_row: int, last_row: int) -> None:
    """The template's drop-down lists of the coded columns, over rows first..last."""
    for index, column in enumerate(COLUMNS, start=1):
        choices = CHOICES.get(column.kind)
        if not choices:
            continue
        letter = get_column_letter(index)
        rule = DataValidation(type="list", formula1=f'"{",".join(choices)}"', allow_blank=True)
        rule.add(f"{letter}{first_row}:{letter}{last_row}")
        data.add_data_validation(rule)


# --- the file -----------------------------------------------------------------------------


def write_list(
    path: Path,
    households: Iterable[tuple[Any, Sequence[Any]]],
    *,
    warning: str | None = DEFAULT_WARNING,
    progress: Progress | None = None,
) -> ListCounts:
    """Write ``households`` (each with its members, in the export's order: see
    :func:`household_order`) to ``path`` atomically; what was written.

    A household is a field dict or an object with the HouseholdFields names (its phone
    is ``phone``); a member likewise with the PersonFields names. ``warning`` is the
    data sheet's first row (the file is not encrypted); the header row comes below it.
    A failure (of the iterable too) leaves no file, and any previous one as it was.
    """
    book, data = _frame(warning)
    header_row = data.max_row
    counts = ListCounts()
    with tempfile.TemporaryFile("w+", encoding="utf-8", newline="") as rows:
        writer = _RowWriter(rows, _cell_styles(data), header_row + 1)
        for household, members in households:
            if not members:
                counts.without_members += 1
                continue
            shared = _values(HOUSEHOLD_COLUMNS, household)  # repeated on every member row
            for person in member_order(members):
                writer.write(shared + _values(PERSON_COLUMNS, person))
            counts.persons += len(members)
            counts.households += 1
            if progress is not None and counts.households % PROGRESS_EVERY == 0:
                progress(counts.households, counts.persons)
        last_row = header_row + counts.persons
        _add_choice_lists(data, header_row + 1, last_row + TEMPLATE_ROWS)
        rows.seek(0)
        _save(book, rows, last_row, path)
    if progress is not None:
        progress(counts.households, counts.persons)
    return counts


def _save(book: Workbook, rows: IO[str], last_row: int, path: Path) -> None:
    """The frame with the rows put in its data sheet, written to a temporary file beside
    ``path`` and moved over it (a failure leaves no half file)."""
    frame = io.BytesIO()
    book.save(frame)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".xlsx", dir=path.parent)
    os.close(fd)
    try:
        with (
            zipfile.ZipFile(frame) as source,
            zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=5) as target,
        ):
            for info in source.infolist():
                body = source.read(info.filename)
                if info.filename != _DATA_PART:
                    target.writestr(info, body)
                    continue
                head, tail = _split_sheet(body.decode("utf-8"), last_row)
                with target.open(_DATA_PART, "w", force_zip64=True) as part:
                    part.write(head.encode("utf-8"))
                    while chunk := rows.read(1 << 20):
                        part.write(chunk.encode("utf-8"))
                    part.write(tail.encode("utf-8"))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _split_sheet(xml: str, last_row: int) -> tuple[str, str]:
    """The frame's data sheet cut where the data rows go (before ``</sheetData>``), its
    dimension stretched over them."""
    end = xml.rfind("</sheetData>")
    if end < 0:
        raise RuntimeError("the data sheet has no sheetData element")
    last = get_column_letter(len(COLUMNS))
    head = re.sub(
        r'<dimension ref="[^"]*"', f'<dimension ref="A1:{last}{last_row}"', xml[:end], count=1
    )
    return head, xml[end:]
