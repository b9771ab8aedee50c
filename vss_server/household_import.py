"""Reading and checking a household list for `vss-server import-households`, no database.

Small functions the later Excel/CSV importer can reuse: decode and split a file into
rows, normalise and check one row, find rows that name one household twice. Errors
name rows and columns, never a cell's content (it is personal data).
"""

from __future__ import annotations

import csv
import io
import unicodedata
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pydantic

from vss_core import validation as checks
from vss_core.importing.matching import UNASSIGN, identity_key
from vss_core.records import HouseholdFields
from vss_server.inputs import is_clean_text

IMPORT_COLUMNS = (
    "id",
    "code",
    "head_name",
    "province",
    "commune",
    "village",
    "house_number",
    "street",
    "phone",
    "notes",
    "collector",
)
REQUIRED_COLUMNS = ("head_name", "village")
SEPARATORS = ",;\t"  # Excel writes ";" where "," is the decimal mark; "\t" for "Unicode text"


class ImportRefused(ValueError):
    """The file cannot be imported at all (not text, not a table, required columns missing)."""


@dataclass(frozen=True)
class HouseholdRow:
    number: int  # the row's number in a spreadsheet; the header is row 1
    household_id: str | None
    # Normalised fields of the columns the file has; "collector" only when the cell sets
    # it ("" for UNASSIGN): a blank collector cell leaves the assignment as it is.
    values: dict[str, str]

    @property
    def code(self) -> str:
        return self.values.get("code", "")

    @property
    def key(self) -> tuple[str, str, str]:
        return identity_key(
            self.values.get("head_name", ""),
            self.values.get("village", ""),
            self.values.get("house_number", ""),
        )


def nfc(text: str) -> str:
    """Composed Unicode, trimmed: text saved with decomposed accents matches typed text."""
    return unicodedata.normalize("NFC", text).strip()


# --- the file ---------------------------------------------------------------------------------


def read_table(path: Path) -> tuple[list[str], list[list[str]]]:
    """The header (normalised names) and the rows of a UTF-8 CSV, separator detected.

    Rows keep their place: a blank line is an empty row, as a spreadsheet shows it.
    """
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        # Excel's plain "CSV" is in the machine's code page, not UTF-8.
        raise ImportRefused(
            f"{path.name} is not UTF-8 text (at byte {exc.start}): in Excel save it as 'CSV UTF-8'"
        ) from exc
    try:
        table = list(csv.reader(io.StringIO(text, newline=""), delimiter=detect_separator(text)))
    except csv.Error as exc:  # NUL bytes, a field past the size limit: not a CSV table
        raise ImportRefused(f"{path.name} is not a CSV table ({exc})") from exc
    if not table:
        return [], []
    return [nfc(name).lower() for name in table[0]], table[1:]


def detect_separator(text: str) -> str:
    """The separator that splits the header line into the most known column names."""
    first = text.split("\n", 1)[0]

    def known(separator: str) -> int:
        names = next(csv.reader([first], delimiter=separator), [])
        return sum(nfc(n).lower() in IMPORT_COLUMNS for n in names)

    best = max(SEPARATORS, key=known)
    if known(best):
        return best
    try:
        return csv.Sniffer().sniff(text[:8192], delimiters=SEPARATORS).delimiter
    except csv.Error:
        return ","


def check_header(header: Sequence[str]) -> None:
    """Refuse a header without the required columns, saying what it has instead."""
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        known = [name for name in header if name in IMPORT_COLUMNS]
        found = f"found {len(header)} column{'s' if len(header) != 1 else ''}"
        if known:
            found += f" ({', '.join(known)} known)"
        raise ImportRefused(
            f"missing columns: {', '.join(missing)}; {found}. The first line must name"
            " the columns, separated by commas, semicolons or tabs"
        )
    if twice := sorted({name for name in header if name and header.count(name) > 1}):
        raise ImportRefused(f"columns named twice: {', '.join(twice)}")


# --- one row ----------------------------------------------------------------------------------


def parse_id(text: str) -> str | None:
    """A household id as the app writes it (a UUID, lower case) or None when blank."""
    if not text:
        return None
    if len(text) > 45:  # "urn:uuid:" and 36 characters
        raise ValueError("id too long")
    return str(uuid.UUID(text))


def parse_collector(text: str) -> str | None:
    """None keeps the assignment (blank cell); "" unassigns (UNASSIGN); else a username."""
    if not text:
        return None
    return "" if text == UNASSIGN else text


def parse_row(number: int, header: Sequence[str], cells: Sequence[str]) -> HouseholdRow | str:
    """A checked, normalised row, or the error to report for it."""
    if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
        return (
            f"row {number}: {len(cells)} cells for {len(header)} columns"
            " (a separator inside a cell needs quotes)"
        )
    raw = {name: (cells[i] if i < len(cells) else "") for i, name in enumerate(header)}
    fields = {k: v for k, v in raw.items() if k in IMPORT_COLUMNS}
    if unclean := sorted(k for k, v in fields.items() if not is_clean_text(v)):
        # PostgreSQL refuses NUL in text; neither database stores a lone surrogate.
        return f"row {number}: text that cannot be stored in {', '.join(unclean)}"
    fields = {k: nfc(v) for k, v in fields.items()}
    try:
        household_id = parse_id(fields.pop("id", ""))
    except ValueError:
        return f"row {number}: invalid id (not a UUID)"
    collector = parse_collector(fields.pop("collector", ""))
    values = checks.normalize_household(fields)
    if collector is not None:
        values["collector"] = collector
    problems = checks.check_household(values)
    invalid = set(problems) if checks.has_errors(problems) else set()
    try:
        HouseholdFields.model_validate(values)
    except pydantic.ValidationError as exc:
        invalid |= {str(e["loc"][0]) for e in exc.errors()}
    if invalid:
        return f"row {number}: invalid {', '.join(sorted(invalid))}"
    return HouseholdRow(number, household_id, values)


def parse_rows(
    header: Sequence[str], rows: Iterable[Sequence[str]]
) -> tuple[list[HouseholdRow], list[str]]:
    """Every non-empty row checked: the good ones and one error per bad one."""
    parsed: list[HouseholdRow] = []
    errors: list[str] = []
    for number, cells in enumerate(rows, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        result = parse_row(number, header, cells)
        if isinstance(result, str):
            errors.append(result)
        else:
            parsed.append(result)
    return parsed, errors


# --- across rows ------------------------------------------------------------------------------


def _rows_text(numbers: Sequence[int]) -> str:
    listed = [str(n) for n in numbers]
    return f"rows {', '.join(listed[:-1])} and {listed[-1]}"


def duplicate_errors(rows: Sequence[HouseholdRow]) -> list[str]:
    """Rows that name one household twice (same id, same code, or with neither the same
    head, village and house number): the later would silently overwrite the earlier."""
    groups: dict[tuple[str, object], list[int]] = {}
    for row in rows:
        if row.household_id:
            groups.setdefault(("id", row.household_id), []).append(row.number)
        if row.code:
            groups.setdefault(("code", row.code), []).append(row.number)
        if not row.household_id and not row.code:
            groups.setdefault(("key", row.key), []).append(row.number)
    what = {
        "id": "the same id",
        "code": "the same household code",
        "key": "the same head of household, village and house number, without a code",
    }
    return [
        f"{_rows_text(numbers)}: {what[kind]}"
        for (kind, _value), numbers in groups.items()
        if len(numbers) > 1
    ]


def unknown_collector_errors(rows: Sequence[HouseholdRow], usernames: set[str]) -> list[str]:
    """Rows that assign a household to a collector with no account."""
    return [
        f"row {row.number}: the collector has no account (create it first, or leave the cell"
        f" blank; '{UNASSIGN}' unassigns)"
        for row in rows
        if row.values.get("collector") and row.values["collector"] not in usernames
    ]


def error_order(message: str) -> int:
    """Sort key: errors in the order of their first row."""
    digits = message.split(":", 1)[0].split()[1].rstrip(",")
    return int(digits) if digits.isdigit() else 0
