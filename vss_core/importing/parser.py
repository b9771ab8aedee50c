"""A list file to checked households and members, with every problem by row and column.

Two layouts (docs/import.md): one row per person, household columns filled on the
household's first row and repeated or left blank on its members' rows; or a workbook
with a households sheet and a members sheet joined by household code. Values are
checked with the shared rules (vss_core.validation, plausibility, identifiers,
admin_units). The result is all or nothing: a caller writes nothing while
``ParsedList.ok`` is false. No database here, and no Qt.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

from vss_core import validation as checks
from vss_core import vietnam_time
from vss_core.enums import Relation
from vss_core.identifiers import Problem, Severity
from vss_core.importing.columns import (
    IDENTITY_FIELDS,
    INHERITED_FLAGS,
    REQUIRED,
    Column,
    Kind,
    Level,
    column_for,
)
from vss_core.importing.errors import ListRefused, RowProblem
from vss_core.importing.places import check_places
from vss_core.importing.reading import MAX_DATA_ROWS, Source, Table, merged_ref, read_source
from vss_core.importing.values import CellError, convert, is_blank
from vss_core.records import HouseholdFields, PersonFields
from vss_core.text import fold


@dataclass
class ParsedPerson:
    row: int
    values: dict[str, Any]  # normalised person fields of the file's columns
    sheet: str | None = None


@dataclass
class ParsedHousehold:
    row: int  # the row that starts it (households sheet: its row there)
    values: dict[str, Any]  # normalised household fields (record names: "phone")
    members: list[ParsedPerson] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)  # every row of it, in file order
    sheet: str | None = None


@dataclass
class ParsedList:
    households: list[ParsedHousehold]
    problems: list[RowProblem]
    kind: str  # "xlsx" or "csv"
    layout: str  # "rows" (one row per person) or "sheets" (households + members)
    encoding: str | None = None
    separator: str | None = None
    columns: list[str] = field(default_factory=list)  # canonical fields found
    ignored_columns: list[str] = field(default_factory=list)  # headers as written
    ignored_sheets: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[RowProblem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[RowProblem]:
        return [p for p in self.problems if not p.is_error]

    @property
    def ok(self) -> bool:
        """Nothing refused: the whole file may be written."""
        return not self.errors

    @property
    def person_count(self) -> int:
        return sum(len(h.members) for h in self.households)

    @property
    def blank_rows(self) -> list[int]:
        return [p.row for p in self.problems if p.code == "row.blank"]


def parse_list(
    path: Path,
    *,
    ignore_columns: Iterable[str] = (),
    today: date | None = None,
    max_rows: int = MAX_DATA_ROWS,
) -> ParsedList:
    """Read and check ``path`` (.xlsx or CSV); ListRefused when it cannot be read at all."""
    source = read_source(path, max_rows)
    parser = _Parser(source, {fold(name) for name in ignore_columns}, today or vietnam_time.today())
    return parser.run()


# --- columns ----------------------------------------------------------------------------


@dataclass
class _Columns:
    mapped: list[tuple[int, Column, str]]  # (index, column, header as written)
    ignored: list[str]

    @property
    def fields(self) -> set[str]:
        return {c.field for _, c, _ in self.mapped}

    def header_of(self, name: str, level: Level | None = None) -> str | None:
        """The header of a record field as written; ``level`` tells a household's phone
        from a member's (both are stored as ``phone``)."""
        return next(
            (
                h
                for _, c, h in self.mapped
                if c.record_field == name and (level is None or c.level is level)
            ),
            None,
        )


def map_columns(
    table: Table, levels: Collection[Level], ignore: set[str], extra: Collection[str] = ()
) -> _Columns:
    """The table's columns; unknown, doubled, misplaced or missing columns refuse the file."""
    sheet = table.sheet or ""
    mapped, ignored, unknown, twice, misplaced = [], [], [], [], []
    seen: set[str] = set()
    for index, header in enumerate(table.header):
        if not header:
            continue
        column = column_for(header)
        if fold(header) in ignore:
            ignored.append(header)
        elif column is None:
            unknown.append(header)
        elif column.field in seen:
            twice.append(header)
        elif column.level not in levels and column.field not in extra:
            misplaced.append(header)
        else:
            seen.add(column.field)
            mapped.append((index, column, header))
    for code, headers in (("columns.unknown", unknown), ("columns.twice", twice)):
        if headers:
            raise ListRefused(code, columns=", ".join(headers), sheet=sheet)
    if misplaced:
        raise ListRefused("columns.wrong_sheet", columns=", ".join(misplaced), sheet=sheet)
    required = [*extra, *(name for level in levels for name in REQUIRED[level])]
    if missing := [name for name in required if name not in seen]:
        raise ListRefused("columns.missing", columns=", ".join(missing), sheet=sheet)
    return _Columns(mapped, ignored)


# --- the parser -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Plan:
    """How one column's cells are read, worked out once per sheet."""

    index: int
    column: Column
    name: str  # the record's field
    household: bool
    plain_text: bool  # text kept as it is (stripped)
    blank: Any  # a blank person cell's value
    limit: int | None  # the stored field's maximum length

    @classmethod
    def of(cls, index: int, column: Column) -> _Plan:
        name = column.record_field
        household = column.level is Level.HOUSEHOLD
        plain = column.kind in (Kind.TEXT, Kind.CODE, Kind.CARD)
        limit = _max_length(column.level, name)
        return cls(index, column, name, household, plain, _BLANK[column.kind], limit)


@dataclass
class _Row:
    number: int
    sheet: str | None
    household: dict[str, Any]  # non-blank household cells, normalised, record names
    person: dict[str, Any]


class _Parser:
    def __init__(self, source: Source, ignore: set[str], today: date) -> None:
        self.source = source
        self.ignore = ignore
        self.today = today
        self.problems: list[RowProblem] = []
        self.columns: dict[str | None, _Columns] = {}

    def run(self) -> ParsedList:
        tables = self.source.tables
        layout = "sheets" if len(tables) == 2 else "rows"
        households = self._sheets(*tables) if layout == "sheets" else self._rows(tables[0])
        households = self._merge_codes(households)
        self._check_households(households)
        self._duplicate_persons(households)
        for table in tables:
            for number in table.blank_rows:
                self._add(table.sheet, number, "row.blank", severity=Severity.WARNING)
        found = sorted({f for c in self.columns.values() for f in c.fields})
        return ParsedList(
            households,
            sorted(self.problems, key=lambda p: (p.sheet != tables[0].sheet, p.row)),
            self.source.kind,
            layout,
            self.source.encoding,
            self.source.separator,
            found,
            [h for c in self.columns.values() for h in c.ignored],
            self.source.ignored_sheets,
        )

    # --- problems ---

    def _add(
        self,
        sheet: str | None,
        row: int,
        code: str,
        name: str | None = None,
        severity: Severity = Severity.ERROR,
        params: dict[str, str] | None = None,
        level: Level | None = None,
    ) -> None:
        columns = self.columns.get(sheet)
        header = columns.header_of(name, level) if columns and name else None
        self.problems.append(RowProblem(row, code, name, header, severity, params or {}, sheet))

    def _add_problem(
        self, sheet: str | None, row: int, name: str, problem: Problem, level: Level | None = None
    ) -> None:
        self._add(sheet, row, problem.code, name, problem.severity, dict(problem.params), level)

    # --- one row ---

    def _read_rows(self, table: Table, columns: _Columns) -> list[_Row]:
        self.columns[table.sheet] = columns
        self._check_merged(table, columns)
        named = {index for index, _, _ in columns.mapped}
        named |= {i for i, h in enumerate(table.header) if h and fold(h) in self.ignore}
        plans = [_Plan.of(index, column) for index, column, _ in columns.mapped]
        return [
            self._read_row(table.sheet, plans, named, number, cells) for number, cells in table.rows
        ]

    def _read_row(
        self,
        sheet: str | None,
        plans: list[_Plan],
        named: set[int],
        number: int,
        cells: Sequence[Any],
    ) -> _Row:
        row = _Row(number, sheet, {}, {})
        if len(cells) > len(named):  # cells outside the named columns must be blank
            for index, value in enumerate(cells):
                if index not in named and not is_blank(value):
                    letter = get_column_letter(index + 1)
                    self._add(sheet, number, "row.unnamed_cell", params={"column": letter})
        texts = [c for c in cells if type(c) is str]
        suspect = bool(_UNSTORABLE.search("".join(texts))) if texts else False
        size = len(cells)
        for plan in plans:
            value = cells[plan.index] if plan.index < size else None
            if value is None or value == "" or (type(value) is str and not value.strip()):
                if not plan.household:
                    row.person[plan.name] = plan.blank
                continue
            if plan.plain_text and type(value) is str:
                converted: Any = value.strip()  # most cells: no conversion to make
            else:
                converted = self._convert(row, plan, value)
                if converted is None:
                    continue
            if type(converted) is str and not self._storable(row, plan, converted, suspect):
                continue
            (row.household if plan.household else row.person)[plan.name] = converted
        return row

    def _convert(self, row: _Row, plan: _Plan, value: Any) -> Any:
        """A non-blank cell's value, or None after adding its problem."""
        try:
            converted, padded = convert(plan.column, value)
        except CellError as exc:
            self._add(
                row.sheet,
                row.number,
                exc.code,
                plan.name,
                params=exc.params,
                level=plan.column.level,
            )
            return None
        if padded:
            self._add(
                row.sheet,
                row.number,
                "number.leading_zeros",
                plan.name,
                Severity.WARNING,
                level=plan.column.level,
            )
        return converted

    def _storable(self, row: _Row, plan: _Plan, text: str, suspect: bool) -> bool:
        if suspect and _UNSTORABLE.search(text):
            self._add(row.sheet, row.number, "text.unstorable", plan.name, level=plan.column.level)
            return False
        if plan.limit is not None and len(text) > plan.limit:
            params = {"max": str(plan.limit)}
            self._add(
                row.sheet,
                row.number,
                "text.too_long",
                plan.name,
                params=params,
                level=plan.column.level,
            )
            return False
        return True

    def _check_merged(self, table: Table, columns: _Columns) -> None:
        """Merged cells down one household column read as "same household"; any other
        merge would hide values, so the file is refused."""
        household_columns = {i + 1 for i, c, _ in columns.mapped if c.level is Level.HOUSEHOLD}
        for bounds in table.merged:
            min_col, _, max_col, _ = bounds
            if min_col == max_col and min_col in household_columns:
                continue
            raise ListRefused(
                "sheet.merged_cells", cells=merged_ref(bounds), sheet=table.sheet or ""
            )

    # --- people ---

    def _person(self, row: _Row) -> ParsedPerson:
        values = checks.normalize_person(row.person)
        for name, problems in checks.check_person(values, self.today).items():
            for problem in problems:
                self._add_problem(row.sheet, row.number, name, problem, Level.PERSON)
        return ParsedPerson(row.number, values, row.sheet)

    # --- layout: one row per person ---

    def _rows(self, table: Table) -> list[ParsedHousehold]:
        columns = map_columns(table, (Level.HOUSEHOLD, Level.PERSON), self.ignore)
        households: list[ParsedHousehold] = []
        current: ParsedHousehold | None = None
        blank = _blank_household(columns)
        for row in self._read_rows(table, columns):
            cells = checks.normalize_household(row.household)
            if current is None or _starts_household(cells, current.values):
                if not cells:
                    self._add(row.sheet, row.number, "household.missing")
                    continue
                current = ParsedHousehold(row.number, {**blank, **cells}, sheet=row.sheet)
                households.append(current)
            else:
                self._continue(current, cells, row)
            current.rows.append(row.number)
            current.members.append(self._person(row))
        return households

    def _continue(self, household: ParsedHousehold, cells: dict[str, Any], row: _Row) -> None:
        """A member's row repeats its household's cells or leaves them blank; a cell that
        differs is refused (which one is meant?)."""
        for name, value in cells.items():
            held = household.values.get(name)
            if held in (None, ""):
                household.values[name] = value
            elif _same(held, value):
                continue
            else:
                self._add(
                    row.sheet,
                    row.number,
                    "household.conflicting_value",
                    name,
                    level=Level.HOUSEHOLD,
                )

    # --- layout: two sheets ---

    def _sheets(self, first: Table, second: Table) -> list[ParsedHousehold]:
        columns = map_columns(first, (Level.HOUSEHOLD,), self.ignore, extra=("code",))
        by_code: dict[str, ParsedHousehold] = {}
        households = []
        blank = _blank_household(columns)
        for row in self._read_rows(first, columns):
            values = checks.normalize_household({**blank, **row.household})
            code = values.get("code", "")
            if not code:
                self._add(row.sheet, row.number, "household.code_required", "code")
                continue
            household = ParsedHousehold(row.number, values, rows=[row.number], sheet=row.sheet)
            households.append(household)
            by_code.setdefault(code, household)
        member_columns = map_columns(second, (Level.PERSON,), self.ignore, extra=("code",))
        for row in self._read_rows(second, member_columns):
            code = checks.normalize_household(row.household).get("code", "")
            person = self._person(row)
            if not code:
                self._add(row.sheet, row.number, "member.code_required", "code")
            elif code not in by_code:
                self._add(row.sheet, row.number, "member.unknown_household", "code")
            else:
                by_code[code].members.append(person)
        return households

    # --- across rows ---

    def _merge_codes(self, households: list[ParsedHousehold]) -> list[ParsedHousehold]:
        """A code met again further down: the same household (same head) continues; a
        different head is refused on every row that starts one."""
        for household in households:
            _resolve_head(household)
        groups: dict[str, list[ParsedHousehold]] = {}
        for household in households:
            if household.values.get("code"):
                groups.setdefault(household.values["code"], []).append(household)
        dropped: set[int] = set()
        for group in groups.values():
            if len(group) < 2:
                continue
            if len({_norm(h.values.get("head_name", "")) for h in group}) == 1:
                for later in group[1:]:
                    group[0].members.extend(later.members)
                    group[0].rows.extend(later.rows)
                    dropped.add(id(later))
                continue
            rows = ", ".join(str(h.row) for h in group)
            for household in group:
                self._add(household.sheet, household.row, "household.code_twice", "code",
                          params={"rows": rows})  # fmt: skip
        return [h for h in households if id(h) not in dropped]

    def _check_households(self, households: list[ParsedHousehold]) -> None:
        for household in households:
            self._flags(household)
            heads = [m for m in household.members if m.values.get("relation") == Relation.HEAD]
            for extra in heads[1:]:
                self._add(extra.sheet, extra.row, "household.two_heads", "relation")
            values = household.values
            values.setdefault("head_name", "")
            values.setdefault("village", "")
            for name, problems in checks.check_household(values).items():
                for problem in problems:
                    self._add_problem(
                        household.sheet, household.row, name, problem, Level.HOUSEHOLD
                    )
            places = check_places(values.get("province", ""), values.get("commune", ""), self.today)
            for name, problem in places.items():
                self._add_problem(household.sheet, household.row, name, problem, Level.HOUSEHOLD)

    def _flags(self, household: ParsedHousehold) -> None:
        """Blank poor / near-poor cells take the household's first row; blank flags are no."""
        if not household.members:
            return
        first = household.members[0].values
        for member in household.members:
            for name in ("ethnic_minority", *INHERITED_FLAGS):
                if name in member.values and member.values[name] is None:
                    inherit = name in INHERITED_FLAGS and first.get(name) is not None
                    member.values[name] = bool(first[name]) if inherit else False

    def _duplicate_persons(self, households: list[ParsedHousehold]) -> None:
        """One person twice (same BHXH code, or same CCCD): refused on every row of them."""
        for name in ("bhxh_code", "cccd"):
            rows: dict[str, list[ParsedPerson]] = {}
            for member in (m for h in households for m in h.members):
                if member.values.get(name):
                    rows.setdefault(member.values[name], []).append(member)
            for same in rows.values():
                if len(same) > 1:
                    listed = ", ".join(str(m.row) for m in same)
                    for member in same:
                        self._add(member.sheet, member.row, "person.twice", name,
                                  params={"rows": listed})  # fmt: skip


# --- helpers ----------------------------------------------------------------------------


def _norm(value: Any) -> str:
    return " ".join(str(value).casefold().split())


def _same(a: Any, b: Any) -> bool:
    return _norm(a) == _norm(b)


def _blank_household(columns: _Columns) -> dict[str, Any]:
    """The household fields of the file's columns, blank: a first row's empty cell is ""."""
    return {c.record_field: "" for _, c, _ in columns.mapped if c.level is Level.HOUSEHOLD}


def _starts_household(cells: dict[str, Any], current: dict[str, Any]) -> bool:
    """A row starts a household when its code differs from the current one, or, without
    a code, when a household identity cell (head, address) differs; blank cells continue."""
    if not cells:
        return False
    code = cells.get("code")
    if code:
        return not _same(code, current.get("code", ""))
    return any(
        name in cells and not _same(cells[name], current.get(name, ""))
        for name in IDENTITY_FIELDS
        if name != "code"
    )


def _resolve_head(household: ParsedHousehold) -> None:
    """Without a "Chủ hộ" among the members, the member named as the head (else the first)
    with no relation given is the head; other blanks are "other". A household without a
    head-name column takes its head's name."""
    members = household.members
    head_name = household.values.get("head_name", "")
    if not any(m.values.get("relation") == Relation.HEAD for m in members):
        blank = [m for m in members if m.values.get("relation") is None]
        named = [m for m in blank if head_name and _same(m.values.get("full_name", ""), head_name)]
        chosen = named[0] if named else (members[0] if members and members[0] in blank else None)
        if chosen is not None:
            chosen.values["relation"] = Relation.HEAD
    for member in members:
        if (
            "relation" in member.values
            and member.values["relation"] is None
            or "relation" not in member.values
        ):
            member.values["relation"] = Relation.OTHER
    if not head_name:
        head = next((m for m in members if m.values.get("relation") == Relation.HEAD), None)
        if head is not None:
            household.values["head_name"] = head.values.get("full_name", "")


# PostgreSQL refuses NUL in text; neither database stores a lone surrogate.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
# A blank person cell: empty text, or no value (dates, choices, flags decided later).
_BLANK: dict[Kind, Any] = {kind: None for kind in Kind} | {
    Kind.TEXT: "",
    Kind.DIGITS: "",
    Kind.CARD: "",
    Kind.CODE: "",
}
_MAX_LENGTHS: dict[tuple[Level, str], int | None] = {}


def _max_length(level: Level, name: str) -> int | None:
    """The stored field's maximum length (vss_core.records), None when it has none."""
    key = (level, name)
    if key not in _MAX_LENGTHS:
        model = HouseholdFields if level is Level.HOUSEHOLD else PersonFields
        info = model.model_fields.get(name)
        limits = [getattr(m, "max_length", None) for m in (info.metadata if info else [])]
        _MAX_LENGTHS[key] = next((n for n in limits if isinstance(n, int)), None)
    return _MAX_LENGTHS[key]
