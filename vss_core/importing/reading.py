"""From a file to tables of raw cells: .xlsx (openpyxl) or CSV, bad files refused.

What is read is a Table per sheet: the header row (found among the first rows, below any
title rows), the data rows with their numbers as Excel shows them, and the blank rows
between data (skipped, but reported). Nothing is validated here beyond the file itself.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import warnings
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from vss_core.importing.columns import column_for
from vss_core.importing.errors import ListRefused
from vss_core.importing.sheet_xml import date_styles, sheet_rows
from vss_core.text import fold

MAX_DATA_ROWS = 200_000  # per file: a district's list is tens of thousands of persons
HEADER_SCAN = 10  # the header is among the first non-blank rows (titles may come first)
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, and any encrypted Office file
ZIP = b"PK\x03\x04"
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
SEPARATORS = (",", ";", "\t")
# Sheet names of the two-sheet layout (folded).
HOUSEHOLD_SHEETS = frozenset({"ho", "ho gia dinh", "danh sach ho", "households", "household"})
MEMBER_SHEETS = frozenset(
    {"thanh vien", "nhan khau", "danh sach thanh vien", "members", "persons", "member"}
)
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell ref="([A-Z]+\d+(?::[A-Z]+\d+)?)"')
_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"

Cells = Sequence[Any]


@dataclass
class Table:
    sheet: str | None  # None for CSV
    header: list[str]
    header_row: int
    rows: list[tuple[int, Cells]] = field(default_factory=list)
    blank_rows: list[int] = field(default_factory=list)  # blank rows between data rows
    # Merged ranges below the header: (min_col, min_row, max_col, max_row), 1-based.
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)


@dataclass
class Source:
    kind: str  # "xlsx" or "csv"
    tables: list[Table]
    encoding: str | None = None  # CSV: "utf-8", "utf-8-sig" or "cp1258"
    separator: str | None = None  # CSV: "," ";" or "\t"
    ignored_sheets: list[str] = field(default_factory=list)


def read_source(path: Path, max_rows: int = MAX_DATA_ROWS) -> Source:
    """The tables of ``path``, whatever its name says it is: the content decides."""
    with path.open("rb") as fh:
        head = fh.read(8)
    if not head:
        raise ListRefused("file.empty")
    if head.startswith(OLE2):
        if ENCRYPTED_STREAM in path.read_bytes():
            raise ListRefused("file.password_protected")
        raise ListRefused("file.old_xls")
    if head.startswith(ZIP):
        return read_xlsx(path, max_rows)
    return read_csv(path, max_rows)


# --- tables from rows -------------------------------------------------------------------


def _blank(cells: Cells) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def _known_headers(cells: Cells) -> int:
    return sum(1 for c in cells if isinstance(c, str) and column_for(c) is not None)


@dataclass
class RowBudget:
    """Data rows still allowed in the file (all its sheets together)."""

    limit: int
    left: int = -1

    def __post_init__(self) -> None:
        self.left = self.limit if self.left < 0 else self.left

    def take(self) -> None:
        self.left -= 1
        if self.left < 0:
            raise ListRefused("file.too_many_rows", limit=str(self.limit))


def build_table(
    sheet: str | None, rows: Iterable[tuple[int, Cells]], budget: RowBudget
) -> Table | None:
    """A table from numbered rows, the header found among the first non-blank ones."""
    it = iter(rows)
    header = _find_header(it)
    if header is None:
        return None
    number, cells = header
    table = Table(sheet, [_header_text(c) for c in cells], number)
    pending: list[int] = []
    last = number
    for number, cells in it:
        pending.extend(range(last + 1, number))  # rows a sheet leaves out are blank
        last = number
        if _blank(cells):
            pending.append(number)
            continue
        table.blank_rows.extend(pending)
        pending.clear()
        budget.take()
        table.rows.append((number, cells))
    return table


def _find_header(rows: Iterator[tuple[int, Cells]]) -> tuple[int, Cells] | None:
    """The first row naming two known columns among the first non-blank rows, else the
    first non-blank row (its unknown names are then reported)."""
    first: tuple[int, Cells] | None = None
    seen = 0
    for number, cells in rows:
        if _blank(cells):
            continue
        first = first or (number, cells)
        if _known_headers(cells) >= 2:
            return number, cells
        seen += 1
        if seen >= HEADER_SCAN:
            break
    return first


def _header_text(cell: Any) -> str:
    text = "" if cell is None else str(cell)
    return " ".join(unicodedata.normalize("NFC", text).split())


# --- .xlsx ------------------------------------------------------------------------------


def read_xlsx(path: Path, max_rows: int) -> Source:
    try:
        with warnings.catch_warnings():
            # Harmless notes on features openpyxl does not read (extensions, styles).
            warnings.simplefilter("ignore")
            reader = _open_book(path)
    except Exception as exc:  # zipfile.BadZipFile, KeyError, InvalidFileException...
        raise ListRefused("file.not_xlsx", detail=type(exc).__name__) from exc
    try:
        return _read_book(reader, max_rows)
    finally:
        reader.archive.close()


def _open_book(path: Path) -> Any:
    """openpyxl's reader of the workbook's parts, its worksheets not yet read: opening
    them in read-only mode scans each whole sheet for its size when the file does not
    say it (openpyxl's write-only mode, some other writers)."""
    reader = ExcelReader(str(path), read_only=True, data_only=True)
    reader.read_manifest()
    reader.read_strings()
    reader.read_workbook()
    apply_stylesheet(reader.archive, reader.wb)
    return reader


def _read_book(reader: Any, max_rows: int) -> Source:
    sheets = [
        (sheet.name, rel.target)
        for sheet, rel in reader.parser.find_sheets()
        if rel.target in reader.valid_files and "chartsheet" not in rel.Type
    ]
    if not sheets:
        raise ListRefused("file.not_xlsx", detail="no worksheet")
    chosen = _two_sheets(sheets) or sheets[:1]
    budget = RowBudget(max_rows)
    dates = date_styles(_part(reader.archive, "xl/styles.xml"))
    tables = []
    shared = [_nfc(text) for text in reader.shared_strings]
    for title, target in chosen:
        xml = reader.archive.read(target)
        fast = sheet_rows(xml, title, shared, dates, reader.wb.epoch)  # text in NFC
        rows: Iterable[tuple[int, Cells]]
        if fast is None:  # an unusual writer: openpyxl's own reader
            _refuse_formulas_without_values(xml, title)
            ws = ReadOnlyWorksheet(reader.wb, title, target, reader.shared_strings)
            rows = _nfc_rows(enumerate(ws.iter_rows(min_row=1, values_only=True), start=1))
        else:
            rows = fast
        table = build_table(title, rows, budget)
        if table is None:
            raise ListRefused("sheet.no_header", sheet=title)
        table.merged = _merged_below_header(xml, table)  # read-only mode does not say
        tables.append(table)
    ignored = [title for title, _ in sheets if (title, _) not in chosen]
    return Source("xlsx", tables, ignored_sheets=ignored)


def _part(archive: zipfile.ZipFile, name: str) -> bytes | None:
    try:
        return archive.read(name)
    except KeyError:
        return None


def _two_sheets(sheets: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """[households sheet, members sheet] when the workbook has both by name, else []."""
    households = [s for s in sheets if fold(s[0]) in HOUSEHOLD_SHEETS]
    members = [s for s in sheets if fold(s[0]) in MEMBER_SHEETS]
    return [households[0], members[0]] if households and members else []


def _nfc_rows(rows: Iterable[tuple[int, Cells]]) -> Iterator[tuple[int, Cells]]:
    """Text in NFC: a workbook may hold decomposed accents (pasted from a Mac)."""
    for number, cells in rows:
        yield number, tuple(_nfc(c) for c in cells)


def _nfc(value: Any) -> Any:
    if isinstance(value, str) and not unicodedata.is_normalized("NFC", value):
        return unicodedata.normalize("NFC", value)
    return value


def _refuse_formulas_without_values(xml: bytes, sheet: str) -> None:
    """Formulas are read by their cached values; one without a value is refused, by cell."""
    if b"<f>" not in xml and b"<f " not in xml and b":f>" not in xml and b":f " not in xml:
        return
    for _event, element in ElementTree.iterparse(io.BytesIO(xml)):
        if element.tag != f"{_NS}c":
            continue
        formula, value = element.find(f"{_NS}f"), element.find(f"{_NS}v")
        if formula is not None and (value is None or not (value.text or "")):
            raise ListRefused(
                "sheet.formula_without_value", cell=element.get("r", "?"), sheet=sheet
            )
        element.clear()


def _merged_below_header(xml: bytes, table: Table) -> list[tuple[int, int, int, int]]:
    """Merged ranges under the header; one touching the header row is refused."""
    out = []
    for ref in _MERGE.findall(xml):
        text = ref.decode()
        min_col, min_row, max_col, max_row = range_boundaries(text)
        if min_row <= table.header_row <= max_row:
            raise ListRefused("sheet.merged_header", cells=text, sheet=table.sheet or "")
        if min_row > table.header_row:
            out.append((min_col, min_row, max_col, max_row))
    return out


def merged_ref(bounds: tuple[int, int, int, int]) -> str:
    min_col, min_row, max_col, max_row = bounds
    return f"{get_column_letter(min_col)}{min_row}:{get_column_letter(max_col)}{max_row}"


# --- CSV --------------------------------------------------------------------------------


def read_csv(path: Path, max_rows: int) -> Source:
    text, encoding = decode(path.read_bytes())
    separator = detect_separator(text)
    try:
        lines = list(csv.reader(io.StringIO(text, newline=""), delimiter=separator))
    except csv.Error as exc:  # a field past the size limit, a stray quote at the end
        raise ListRefused("file.not_csv", detail=str(exc)) from exc
    budget = RowBudget(max_rows)
    table = build_table(None, enumerate(lines, start=1), budget)
    if table is None:
        raise ListRefused("file.empty")
    return Source("csv", [table], encoding=encoding, separator=separator)


def decode(data: bytes) -> tuple[str, str]:
    """The text in NFC and its encoding: UTF-8 (with or without BOM), else Windows-1258.

    Windows-1258 (Vietnamese Excel's plain "CSV") writes tone marks as combining
    characters after the letter; NFC composes them as typed text has them.
    """
    if b"\x00" in data[:65536] or _looks_binary(data[:65536]):
        raise ListRefused("file.binary")
    if data.startswith(b"\xef\xbb\xbf"):
        encoding, body = "utf-8-sig", data[3:]
    else:
        encoding, body = "utf-8", data
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        if encoding == "utf-8-sig":
            raise ListRefused("file.encoding", position=str(exc.start + 3)) from exc
        try:
            encoding, text = "cp1258", data.decode("cp1258")
        except UnicodeDecodeError as exc1258:
            raise ListRefused("file.encoding", position=str(exc1258.start)) from exc1258
    return unicodedata.normalize("NFC", text), encoding


def _looks_binary(sample: bytes) -> bool:
    """Control bytes other than tab, CR, LF, FF in more than 1% of a sample: not text."""
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls > max(1, len(sample) // 100)


def detect_separator(text: str) -> str:
    """The separator that splits some early line into the most known column names; else
    the one that occurs most in the first line."""
    lines = text.splitlines()[:HEADER_SCAN]

    def known(separator: str) -> int:
        rows = csv.reader(lines, delimiter=separator)
        return max((_known_headers(row) for row in rows), default=0)

    best = max(SEPARATORS, key=known)
    if known(best) >= 2:
        return best
    first = lines[0] if lines else ""
    return max(SEPARATORS, key=first.count)
