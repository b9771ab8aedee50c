"""What goes wrong in a list file: a refused file, or problems in its rows.

Both carry a stable code plus parameters (row numbers, column headers, limits) that the
UI translates; never a cell's content, which is personal data.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from vss_core.identifiers import Severity

# English messages for logs and the server's terminal; the app translates by code.
MESSAGES = {
    "file.empty": "the file is empty",
    "file.binary": "the file is not a spreadsheet or a CSV text file",
    "file.old_xls": "this is an old Excel .xls file: open it in Excel and save it as .xlsx",
    "file.password_protected": "the workbook is password-protected: remove the password"
    " in Excel (File > Info > Protect Workbook) and save it again",
    "file.not_xlsx": "the file is not a readable .xlsx workbook ({detail})",
    "file.encoding": "the text is neither UTF-8 nor Windows-1258 (at byte {position})",
    "file.not_csv": "the file is not a CSV table ({detail})",
    "file.too_many_rows": "more than {limit} data rows: split the list into several files",
    "sheet.no_header": "sheet {sheet} has no header row naming the columns",
    "sheet.merged_header": "merged header cells {cells} in sheet {sheet}: unmerge them",
    "sheet.merged_cells": "merged cells {cells} in sheet {sheet}: unmerge them",
    "sheet.formula_without_value": "cell {cell} of sheet {sheet} holds a formula without"
    " a computed value: open the file in Excel and save it, or paste values only",
    "sheet.missing": "the workbook has no sheet {sheet}",
    "columns.unknown": "unknown columns {columns} in sheet {sheet}: rename them, or ignore"
    " them explicitly",
    "columns.missing": "missing columns {columns} in sheet {sheet}",
    "columns.twice": "columns named twice in sheet {sheet}: {columns}",
    "columns.wrong_sheet": "columns {columns} do not belong in sheet {sheet}",
}


class ListRefused(Exception):
    """The file cannot be read as a list at all; nothing in it is imported."""

    def __init__(self, code: str, **params: str) -> None:
        self.code = code
        self.params = params
        super().__init__(message(code, params))


def message(code: str, params: dict[str, str]) -> str:
    """The English message of a code (the code itself when it has none)."""
    template = MESSAGES.get(code)
    if template is None:
        return code if not params else f"{code} {params}"
    return template.format_map(_Defaults(params))


class _Defaults(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "?"


@dataclass(frozen=True)
class RowProblem:
    """One problem of one row: the code, the canonical field and the header as written."""

    row: int
    code: str
    field: str | None = None  # canonical field name ("cccd"), None for the whole row
    column: str | None = None  # the column's header as written in the file
    severity: Severity = Severity.ERROR
    params: dict[str, str] = dataclasses.field(default_factory=dict)
    sheet: str | None = None  # a workbook's sheet; None for CSV

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR
