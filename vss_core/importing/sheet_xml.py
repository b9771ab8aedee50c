"""The cells of one worksheet, read straight from its XML: openpyxl's read-only reader
takes about 25 s for a 50,000-person list, this about 2 s.

openpyxl still opens the workbook (sheet names and parts, shared strings, the date
epoch); only the sheetData loop is done here with regular expressions over the XML that
Excel, LibreOffice and openpyxl write. A part this does not expect (namespace prefixes,
cells without references in a row it cannot place) returns None and the caller falls
back to openpyxl's reader. tests/test_list_parser.py checks both agree on real files.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterator, Sequence
from datetime import datetime
from functools import lru_cache
from typing import Any
from xml.etree import ElementTree

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils import column_index_from_string
from openpyxl.utils.datetime import from_excel

from vss_core.importing.errors import ListRefused

# A row's start (its attributes; "/" when it is empty), or a cell (attributes, content).
# (Attribute values of rows and cells never hold "/"; content runs to the first "</c>".)
_ROW_OR_CELL = re.compile(r"<row\b([^>/]*)(/?)>|<c\b([^>/]*)(?:/>|>([^<]*(?:<(?!/c>)[^<]*)*)</c>)")
_USUAL_ATTRS = re.compile(r' r="(([A-Z]+)\d+)"(?: s="(\d+)")?(?: t="(\w+)")?\s*')
_ROW_NUMBER = re.compile(r'\br="(\d+)"')
_ATTR = re.compile(r'(\w+)="([^"]*)"')
_VALUE = re.compile(r"<v(?:\s[^>]*)?>(.*?)</v>", re.S)
_TEXT = re.compile(r"<t(?:\s[^>]*)?>(.*?)</t>", re.S)
_PHONETIC = re.compile(r"<rPh\b.*?</rPh>", re.S)
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")
_PREFIXED = re.compile(r"<\w+:(?:row|c|sheetData)\b")
_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def date_styles(styles_xml: bytes | None) -> frozenset[int]:
    """Indexes of the cell formats (cellXfs) that show a number as a date."""
    if not styles_xml:
        return frozenset()
    root = ElementTree.fromstring(styles_xml)
    formats = {int(k): v for k, v in BUILTIN_FORMATS.items()}
    for fmt in root.iter(f"{_NS}numFmt"):
        formats[int(fmt.get("numFmtId", "0"))] = fmt.get("formatCode", "")
    xfs = root.find(f"{_NS}cellXfs")
    if xfs is None:
        return frozenset()
    found = set()
    for index, xf in enumerate(xfs.iter(f"{_NS}xf")):
        code = formats.get(int(xf.get("numFmtId", "0")), "")
        if code and is_date_format(code):
            found.add(index)
    return frozenset(found)


def sheet_rows(
    xml: bytes, sheet: str, shared: Sequence[str], dates: frozenset[int], epoch: datetime
) -> Iterator[tuple[int, tuple[Any, ...]]] | None:
    """(row number, cell values) of every row, or None when the XML is not of the
    expected form. Formulas give their cached value; one without is refused."""
    text = xml.decode("utf-8")
    if _PREFIXED.search(text):
        return None
    if not unicodedata.is_normalized("NFC", text):  # decomposed accents (from a Mac)
        text = unicodedata.normalize("NFC", text)
    start = text.find("<sheetData")
    end = text.rfind("</sheetData>")
    body = text[start:end] if start >= 0 and end > start else ""
    return _rows(body, sheet, shared, dates, epoch)


def _rows(
    body: str, sheet: str, shared: Sequence[str], dates: frozenset[int], epoch: datetime
) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """One pass over the sheet's data: row starts and cells in document order. The
    usual cell (r, s, t attributes in that order, a plain value) takes no function call:
    a list has a million of them."""
    number = 0
    cells: list[Any] | None = None
    for match in _ROW_OR_CELL.finditer(body):
        row_attrs, closed, cell_attrs, content = match.groups()
        if cell_attrs is None:  # a row starts
            if cells is not None:
                yield number, tuple(cells)
            found = _ROW_NUMBER.search(row_attrs or "")
            number = int(found.group(1)) if found else number + 1
            cells = None if closed else []
            continue
        if cells is None or not content:
            continue  # an empty (styled) cell
        usual = _USUAL_ATTRS.fullmatch(cell_attrs)
        if usual is not None:
            ref, letters, style, kind = usual.groups()
            attrs = {"r": ref, "s": style, "t": kind}
        else:
            attrs = dict(_ATTR.findall(cell_attrs))
            letters, kind = attrs.get("r", "").rstrip("0123456789"), attrs.get("t")
        column = _column(letters) if letters else len(cells) + 1
        if column > len(cells) + 1:
            cells.extend([None] * (column - len(cells) - 1))
        if kind == "inlineStr" and content.startswith("<is><t>") and content.endswith("</t></is>"):
            plain = content[7:-9]
            if "<" not in plain:
                cells.append(_unescape(plain))
                continue
        cells.append(_value(attrs, content, sheet, shared, dates, epoch))
    if cells is not None:
        yield number, tuple(cells)


@lru_cache(maxsize=4096)
def _column(letters: str) -> int:
    index: int = column_index_from_string(letters)
    return index


def _value(
    attrs: dict[str, str | None],
    content: str,
    sheet: str,
    shared: Sequence[str],
    dates: frozenset[int],
    epoch: datetime,
) -> Any:
    kind = attrs.get("t") or "n"
    if kind == "inlineStr":
        return _text(content)
    if content.startswith("<v>") and content.endswith("</v>") and "<" not in content[3:-4]:
        raw = content[3:-4]  # the usual <v>...</v>, without a formula
    else:
        found = _VALUE.search(content)
        raw = found.group(1) if found else ""
        if "<f" in content and not raw:
            cell = attrs.get("r") or "?"
            raise ListRefused("sheet.formula_without_value", cell=cell, sheet=sheet)
        if not found:
            return None
    if not raw:
        return None
    if kind == "s":
        return shared[int(raw)]
    if kind in ("str", "e"):
        return _unescape(raw)
    if kind == "b":
        return raw.strip() == "1"
    if kind == "d":
        return datetime.fromisoformat(raw)
    number: int | float = float(raw) if any(ch in raw for ch in ".eE") else int(raw)
    style = attrs.get("s")
    if style is not None and int(style) in dates:
        return from_excel(number, epoch)
    return number


def _text(content: str) -> str:
    """An inline string: its runs' text, without phonetic guides."""
    if "<rPh" in content:
        content = _PHONETIC.sub("", content)
    return _unescape("".join(_TEXT.findall(content)))


def _unescape(text: str) -> str:
    if "\r" in text:  # XML's end-of-line handling, before any &#13; is decoded
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "&" in text:
        text = html.unescape(text)
    if "_x" in text:  # OOXML's escape of control characters, as openpyxl reads it
        text = _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text)
    return text
