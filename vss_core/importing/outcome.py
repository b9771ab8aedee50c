"""What an import did, or would do, to each row of a list; and the report file a clerk
fixes in Excel and imports again (issue 13). Shared by the server's and the app's import.

Reasons name sheets, rows and columns only, never a cell's content (personal data).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook

from vss_core.importing.errors import ListRefused, RowProblem, message
from vss_core.importing.parser import ParsedList
from vss_core.importing.reading import read_source
from vss_core.spreadsheet import append_row, save_workbook

STATUS_ORDER = ("unchanged", "updated", "created", "refused")


@dataclass
class RowOutcome:
    status: str = "unchanged"  # created | updated | unchanged | refused
    reasons: list[str] = field(default_factory=list)  # English: the CLI and the report
    # The same refusals by code, field and parameters, for a reader that words them in
    # its own language (the console); a caller may add a reason without one.
    problems: list[RowProblem] = field(default_factory=list)


@dataclass
class ListImportResult:
    households: dict[str, int] = field(default_factory=dict)  # status -> count
    persons: dict[str, int] = field(default_factory=dict)
    # (sheet, row) -> outcome; sheet "" for CSV (a workbook's two sheets number apart)
    rows: dict[tuple[str, int], RowOutcome] = field(default_factory=dict)
    refused: bool = False
    written: bool = False

    def count(self, kind: str, status: str) -> None:
        target = self.households if kind == "household" else self.persons
        target[status] = target.get(status, 0) + 1

    def mark(
        self,
        where: tuple[str | None, int],
        status: str,
        reason: str | None = None,
        problem: RowProblem | None = None,
    ) -> None:
        sheet, row = where
        outcome = self.rows.setdefault((sheet or "", row), RowOutcome())
        if STATUS_ORDER.index(status) > STATUS_ORDER.index(outcome.status):
            outcome.status = status
        if reason:
            outcome.reasons.append(reason)
        if problem is not None:
            outcome.problems.append(problem)

    def refuse(
        self,
        where: tuple[str | None, int],
        reason: str,
        code: str,
        field_name: str | None = None,
        params: dict[str, str] | None = None,
    ) -> None:
        """Refuse a row for a reason found after parsing (matching, users, areas): the
        English ``reason`` and the same by ``code`` and the field's name."""
        sheet, row = where
        problem = RowProblem(row, code, field_name, params=params or {}, sheet=sheet)
        self.mark(where, "refused", reason, problem)

    def mark_parse_errors(self, parsed: ParsedList) -> None:
        """The parser's refusals, each on its row."""
        for problem in parsed.errors:
            column = f" column {problem.column}" if problem.column else ""
            reason = f"{column.strip() or 'row'}: {message(problem.code, problem.params)}"
            self.mark((problem.sheet, problem.row), "refused", reason, problem)

    def problems(self) -> list[str]:
        return [
            f"{where_text(key)}: {'; '.join(o.reasons)}"
            for key, o in sorted(self.rows.items())
            if o.status == "refused"
        ]


def where_text(key: tuple[str, int]) -> str:
    """ "row 12" or "sheet Hộ row 12": sheet names and row numbers only."""
    sheet, row = key
    return f"sheet {sheet} row {row}" if sheet else f"row {row}"


def write_report(source: Path, result: ListImportResult, target: Path) -> Path:
    """The input rows back as .xlsx, each with its status and its problems beside it."""
    book = Workbook()
    book.remove(book.active)
    try:
        tables = read_source(source).tables
    except ListRefused:
        tables = []
    for table in tables:
        ws = book.create_sheet((table.sheet or "List")[:31])
        append_row(ws, ["Row", "Status", "Problems", *table.header])
        for number, cells in table.rows:
            outcome = result.rows.get((table.sheet or "", number), RowOutcome())
            texts = ["" if c is None else c for c in cells]
            append_row(ws, [number, outcome.status, "; ".join(outcome.reasons), *texts])
    if not book.sheetnames:
        book.create_sheet("List")
    save_workbook(book, target)
    return target
