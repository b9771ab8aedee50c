"""One cell to one field value: text, identifiers, dates, coded choices and flags.

A converter returns the value, or raises CellError with a problem code; the caller
attaches the row and column. Excel numbers in identifier columns get the leading zeros
Excel dropped back (a warning says so).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from vss_core.enums import BhytStatus, Relation, Sex
from vss_core.importing.columns import Column, Kind
from vss_core.text import fold

EXCEL_EPOCH = date(1899, 12, 30)
# Excel day numbers from 1905 on: a bare number below is more likely a year than a date.
SERIAL_MIN, SERIAL_MAX = 2000, 2958465
MAX_LEADING_ZEROS = 2  # CCCD province codes 001-096; BHXH codes and phones start with 0
_DATE_TEXT = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T]00:00(?::00)?)?$")

SEX_WORDS = {
    "nam": Sex.MALE, "m": Sex.MALE, "male": Sex.MALE, "trai": Sex.MALE,
    "nu": Sex.FEMALE, "f": Sex.FEMALE, "female": Sex.FEMALE, "gai": Sex.FEMALE,
}  # fmt: skip
RELATION_WORDS = {
    "chu ho": Relation.HEAD, "head": Relation.HEAD, "ch": Relation.HEAD,
    "vo chong": Relation.SPOUSE, "vo": Relation.SPOUSE, "chong": Relation.SPOUSE,
    "spouse": Relation.SPOUSE, "wife": Relation.SPOUSE, "husband": Relation.SPOUSE,
    "con": Relation.CHILD, "con trai": Relation.CHILD, "con gai": Relation.CHILD,
    "child": Relation.CHILD, "son": Relation.CHILD, "daughter": Relation.CHILD,
    "bo me": Relation.PARENT, "bo": Relation.PARENT, "me": Relation.PARENT,
    "cha": Relation.PARENT, "cha me": Relation.PARENT, "parent": Relation.PARENT,
    "father": Relation.PARENT, "mother": Relation.PARENT,
    "chau": Relation.GRANDCHILD, "grandchild": Relation.GRANDCHILD,
    "anh chi em": Relation.SIBLING, "anh": Relation.SIBLING, "chi": Relation.SIBLING,
    "em": Relation.SIBLING, "sibling": Relation.SIBLING,
    "khac": Relation.OTHER, "other": Relation.OTHER,
}  # fmt: skip
RELATION_LABELS = {
    Relation.HEAD: "Chủ hộ", Relation.SPOUSE: "Vợ/Chồng", Relation.CHILD: "Con",
    Relation.PARENT: "Bố/Mẹ", Relation.GRANDCHILD: "Cháu", Relation.SIBLING: "Anh/chị/em",
    Relation.OTHER: "Khác",
}  # fmt: skip
SEX_LABELS = {Sex.MALE: "Nam", Sex.FEMALE: "Nữ"}
STATUS_WORDS = {
    "ho gia dinh": BhytStatus.HOUSEHOLD, "bhyt ho gia dinh": BhytStatus.HOUSEHOLD,
    "hgd": BhytStatus.HOUSEHOLD, "household": BhytStatus.HOUSEHOLD,
    "dien khac": BhytStatus.OTHER, "khac": BhytStatus.OTHER, "other": BhytStatus.OTHER,
    "chua co": BhytStatus.NONE, "khong co": BhytStatus.NONE, "khong": BhytStatus.NONE,
    "none": BhytStatus.NONE,
}  # fmt: skip
STATUS_LABELS = {
    BhytStatus.HOUSEHOLD: "Hộ gia đình", BhytStatus.OTHER: "Diện khác",
    BhytStatus.NONE: "Chưa có",
}  # fmt: skip
YES_WORDS = frozenset({"co", "x", "1", "yes", "y", "true", "c"})
NO_WORDS = frozenset({"khong", "0", "no", "n", "false", "k"})
FLAG_LABELS = {True: "Có", False: "Không"}


class CellError(ValueError):
    def __init__(self, code: str, **params: str) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


@lru_cache(maxsize=1024)
def _folded(text: str) -> str:
    """Coded cells repeat a few words: fold each once."""
    return fold(text)


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def as_text(value: Any) -> str:
    """A cell as text: numbers without a trailing ".0", dates as dd/mm/yyyy."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.strftime("%d/%m/%Y")
    return "" if value is None else str(value)


def digits(value: Any, length: int) -> tuple[str, bool]:
    """An identifier; (text, padded): a number Excel stored lost its leading zeros."""
    text = as_text(value)
    numeric = isinstance(value, int | float) and not isinstance(value, bool)
    if numeric and text.isdigit() and 0 < length - len(text) <= MAX_LEADING_ZEROS:
        return text.zfill(length), True
    return text, False


def parse_date(value: Any) -> date | None:
    """An Excel date, an Excel day number, or text d/m/yyyy (also - or .) or yyyy-mm-dd."""
    if is_blank(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if SERIAL_MIN <= value <= SERIAL_MAX and float(value).is_integer():
            return EXCEL_EPOCH + timedelta(days=int(value))
        raise CellError("date.format")
    text = str(value).strip()
    if match := _DATE_TEXT.match(text):
        day, month, year = (int(g) for g in match.groups())
    elif match := _ISO_DATE.match(text):
        year, month, day = (int(g) for g in match.groups())
    else:
        raise CellError("date.format")
    try:
        return date(year, month, day)
    except ValueError:
        raise CellError("date.invalid") from None


def _choice(value: Any, words: dict[str, Any]) -> Any:
    if is_blank(value):
        return None
    found = words.get(_folded(as_text(value)))
    if found is None:
        raise CellError("choice.invalid")
    return found


def parse_flag(value: Any) -> bool | None:
    """Có/Không, x, 1/0, yes/no; None for a blank cell (the caller decides)."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        return value
    word = _folded(as_text(value))
    if word in YES_WORDS:
        return True
    if word in NO_WORDS:
        return False
    raise CellError("flag.invalid")


def _text_value(column: Column, value: Any) -> tuple[Any, bool]:
    return (value.strip() if type(value) is str else as_text(value)), False


def _digits_value(column: Column, value: Any) -> tuple[Any, bool]:
    return digits(value, column.digits)


def _date_value(column: Column, value: Any) -> tuple[Any, bool]:
    return parse_date(value), False


def _sex_value(column: Column, value: Any) -> tuple[Any, bool]:
    return _choice(value, SEX_WORDS), False


def _relation_value(column: Column, value: Any) -> tuple[Any, bool]:
    return _choice(value, RELATION_WORDS), False


def _status_value(column: Column, value: Any) -> tuple[Any, bool]:
    return _choice(value, STATUS_WORDS), False


def _flag_value(column: Column, value: Any) -> tuple[Any, bool]:
    return parse_flag(value), False


_CONVERTERS: dict[Kind, Callable[[Column, Any], tuple[Any, bool]]] = {
    Kind.TEXT: _text_value,
    Kind.CODE: _text_value,
    Kind.CARD: _text_value,
    Kind.DIGITS: _digits_value,
    Kind.DATE: _date_value,
    Kind.SEX: _sex_value,
    Kind.RELATION: _relation_value,
    Kind.STATUS: _status_value,
    Kind.FLAG: _flag_value,
}


def convert(column: Column, value: Any) -> tuple[Any, bool]:
    """The field value of a non-blank cell and whether leading zeros were restored."""
    return _CONVERTERS[column.kind](column, value)
