"""Issue 13, part 1: the shared parser of the commune's household lists (.xlsx and CSV).

Real files made by tests/helpers/list_files.py (the template's layout, Excel's encodings),
read back by vss_core.importing; every bad file is a clear refusal with a code, every bad
row a problem naming the row and the column, never a cell's content.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from helpers.list_files import (
    TODAY,
    Household,
    csv_text,
    district,
    encode,
    headers,
    old_xls,
    password_protected_xlsx,
    person_rows,
    to_cp1258,
    write_csv,
    write_rows_xlsx,
    write_xlsx,
)
from vss_core.enums import Relation, Sex
from vss_core.importing import ListRefused, ParsedList, RowProblem, parse_list, write_template
from vss_core.importing.columns import COLUMNS, alias_clashes
from vss_core.importing.reading import MAX_DATA_ROWS
from vss_core.spreadsheet import append_row

ROOT = Path(__file__).resolve().parent.parent
HEADER = headers()


def parse(path: Path, **kwargs: Any) -> ParsedList:
    return parse_list(path, today=TODAY, **kwargs)


def refused(path: Path, **kwargs: Any) -> ListRefused:
    with pytest.raises(ListRefused) as info:
        parse(path, **kwargs)
    return info.value


def codes(result: ParsedList) -> set[tuple[int, str, str | None]]:
    return {(p.row, p.code, p.field) for p in result.problems}


def row(**values: Any) -> list[Any]:
    """A data row in the template's column order."""
    return [values.get(c.field, "") for c in COLUMNS]


def person(name: str = "Lò Văn Đức", **values: Any) -> dict[str, Any]:
    return {"full_name": name, "date_of_birth": "12/03/1975", "sex": "Nam", **values}


def household(code: str = "H1", **values: Any) -> dict[str, Any]:
    return {"code": code, "village": "Bản Pha Long", **values}


def sheet(tmp_path: Path, *rows: list[Any], header: list[str] | None = None) -> Path:
    return write_rows_xlsx(tmp_path / "list.xlsx", [header or HEADER, *rows])


def same_members(result: ParsedList, households: list[Household]) -> None:
    """The parsed households and members are the generated ones, in order."""
    assert [h.values["code"] for h in result.households] == [h.values["code"] for h in households]
    for parsed, made in zip(result.households, households, strict=True):
        assert parsed.values["head_name"] == made.values["head_name"]
        assert parsed.values["village"] == made.values["village"]
        assert [m.values["full_name"] for m in parsed.members] == [
            m["full_name"] for m in made.members
        ]
        assert [m.values["date_of_birth"] for m in parsed.members] == [
            m["date_of_birth"] for m in made.members
        ]
        assert [m.values["bhyt_expiry"] for m in parsed.members] == [
            m["bhyt_expiry"] for m in made.members
        ]
        assert parsed.members[0].values["relation"] == Relation.HEAD


# --- the template -------------------------------------------------------------------------


def test_template_reads_back_as_its_example_household(tmp_path: Path) -> None:
    path = tmp_path / "mau.xlsx"
    write_template(path)
    result = parse(path)
    assert result.ok and result.problems == []
    assert result.ignored_sheets == ["Hướng dẫn"]
    [only] = result.households
    assert only.values["code"] == "HGD0001" and only.values["head_name"] == "Nguyễn Văn An"
    assert only.values["commune"] == "Xã Minh Sơn" and only.rows == [2, 3]
    head, spouse = only.members
    assert (head.values["relation"], spouse.values["relation"]) == (Relation.HEAD, Relation.SPOUSE)
    assert (head.values["sex"], spouse.values["sex"]) == (Sex.MALE, Sex.FEMALE)
    assert head.values["date_of_birth"] == date(1975, 3, 12)
    assert head.values["cccd"] == "008075012345" and head.values["near_poor"] is True
    assert spouse.values["near_poor"] is True  # blank: the household's first row


def test_template_has_drop_downs_text_cells_and_explanations(tmp_path: Path) -> None:
    path = tmp_path / "mau.xlsx"
    write_template(path)
    book = load_workbook(path)
    data, help_sheet = book.worksheets
    assert [c.value for c in data[1]] == [c.vi for c in COLUMNS]
    lists = {v.formula1 for v in data.data_validations.dataValidation}
    assert '"Nam,Nữ"' in lists and '"Có,Không"' in lists
    assert any("Chủ hộ" in f and "Vợ/Chồng" in f for f in lists)
    cccd = data.cell(row=2, column=[c.field for c in COLUMNS].index("cccd") + 1)
    assert cccd.data_type == "s" and cccd.number_format == "@"
    explained = {r[0].value: r[2].value for r in help_sheet.iter_rows(min_row=2) if r[2].value}
    assert set(explained) >= {c.vi for c in COLUMNS}
    with zipfile.ZipFile(path) as archive:
        assert not any(
            re.search(r"<f[ >]", archive.read(n).decode())
            for n in archive.namelist()
            if n.startswith("xl/worksheets/")
        )


def test_headers_are_recognised_in_one_way_each() -> None:
    assert alias_clashes() == []


# --- district files in every format ---------------------------------------------------------


@pytest.fixture(scope="module")
def households() -> list[Household]:
    return district(120, 400)


@pytest.mark.parametrize(
    ("name", "write", "encoding", "separator", "layout"),
    [
        ("rows.xlsx", lambda p, h: write_xlsx(p, h), None, None, "rows"),
        ("repeat.xlsx", lambda p, h: write_xlsx(p, h, repeat=True), None, None, "rows"),
        ("english.xlsx", lambda p, h: write_xlsx(p, h, language="en"), None, None, "rows"),
        ("ascii.xlsx", lambda p, h: write_xlsx(p, h, language="ascii"), None, None, "rows"),
        ("text.xlsx", lambda p, h: write_xlsx(p, h, dates_as_text=True), None, None, "rows"),
        ("sheets.xlsx", lambda p, h: write_xlsx(p, h, layout="sheets"), None, None, "sheets"),
        ("utf8.csv", lambda p, h: write_csv(p, h), "utf-8", ",", "rows"),
        (
            "bom.csv",
            lambda p, h: write_csv(p, h, encoding="utf-8-sig", separator=";"),
            "utf-8-sig",
            ";",
            "rows",
        ),
        (
            "win.csv",
            lambda p, h: write_csv(p, h, encoding="cp1258", separator=";"),
            "cp1258",
            ";",
            "rows",
        ),
        ("win-comma.csv", lambda p, h: write_csv(p, h, encoding="cp1258"), "cp1258", ",", "rows"),
        (
            "tab.txt",
            lambda p, h: write_csv(p, h, separator="\t", repeat=True),
            "utf-8",
            "\t",
            "rows",
        ),
    ],
)
def test_a_district_list_reads_back_in_every_format(
    tmp_path: Path,
    households: list[Household],
    name: str,
    write: Any,
    encoding: str | None,
    separator: str | None,
    layout: str,
) -> None:
    path = write(tmp_path / name, households)
    result = parse(path)
    assert result.errors == [], result.errors[:5]
    assert (result.encoding, result.separator, result.layout) == (encoding, separator, layout)
    assert result.person_count == 400 and len(result.households) == 120
    same_members(result, households)
    if layout == "rows":
        first = result.households[0]
        assert first.rows == list(range(2, 2 + len(first.members)))


def test_windows_1258_tone_marks_are_composed(tmp_path: Path) -> None:
    made = [Household(household("H1"), [person("Nguyễn Thị Hường", relation="Chủ hộ")])]
    raw = to_cp1258("Nguyễn Thị Hường")
    # ê ư ơ precomposed (EA FD F5), the tones after them: tilde DE, dot below F2, grave CC.
    assert raw == b"Nguy\xea\xden Thi\xf2 H\xfd\xf5\xccng"
    path = write_csv(tmp_path / "win.csv", made, encoding="cp1258", separator=";")
    assert raw in path.read_bytes()
    result = parse(path)
    assert result.encoding == "cp1258" and result.ok
    assert result.households[0].members[0].values["full_name"] == "Nguyễn Thị Hường"
    assert result.households[0].values["village"] == "Bản Pha Long"


def test_title_rows_above_the_header_are_skipped(tmp_path: Path) -> None:
    path = write_rows_xlsx(
        tmp_path / "titled.xlsx",
        [["DANH SÁCH HỘ GIA ĐÌNH THAM GIA BHYT"], [], HEADER, row(**household(), **person())],
    )
    result = parse(path)
    assert result.ok and result.households[0].rows == [4]


def test_headers_in_any_case_spacing_and_without_diacritics(tmp_path: Path) -> None:
    header = ["  MÃ HỘ ", "thon / ban", "HO VA TEN", "Date of birth", "gioi tinh"]
    path = sheet(tmp_path, ["H1", "Bản Pha Long", "Lò Văn Đức", "1/2/1980", "nữ"], header=header)
    result = parse(path)
    assert result.ok
    values = result.households[0].members[0].values
    assert values["date_of_birth"] == date(1980, 2, 1) and values["sex"] == Sex.FEMALE
    assert set(result.columns) == {"code", "village", "full_name", "date_of_birth", "sex"}


# --- households from rows -------------------------------------------------------------------


def test_households_start_at_a_new_code_or_a_new_head_and_address(tmp_path: Path) -> None:
    header = ["Thôn/bản", "Số nhà", "Họ tên chủ hộ", "Họ và tên", "Quan hệ với chủ hộ"]
    rows = [
        ["Bản Pha Long", "1", "Lò Văn Đức", "Lò Văn Đức", ""],
        ["", "", "", "Lò Thị Mai", "Vợ"],
        ["Bản Pha Long", "1", "Lò Văn Đức", "Lò Văn Hùng", "con"],  # repeated: same household
        ["Bản Pha Long", "2", "Hà Văn Nam", "Hà Thị Lan", "Vợ/Chồng"],
        ["", "", "", "Hà Văn Nam", "CHỦ HỘ"],
    ]
    result = parse(sheet(tmp_path, *rows, header=header))
    assert result.ok, result.errors
    first, second = result.households
    assert first.rows == [2, 3, 4] and second.rows == [5, 6]
    assert [m.values["relation"] for m in first.members] == ["head", "spouse", "child"]
    assert second.values["head_name"] == "Hà Văn Nam"
    assert [m.values["relation"] for m in second.members] == ["spouse", "head"]


def test_without_a_head_name_column_the_head_member_names_the_household(tmp_path: Path) -> None:
    header = ["Mã hộ", "Thôn/bản", "Họ và tên", "Quan hệ với chủ hộ"]
    rows = [["A1", "Bản Pha Long", "Lò Thị Mai", "Vợ"], ["", "", "Lò Văn Đức", "Chủ hộ"]]
    rows += [["A2", "Bản Pha Long", "Hà Văn Nam", ""], ["A2", "Bản Pha Long", "Hà Thị Lan", ""]]
    result = parse(sheet(tmp_path, *rows, header=header))
    assert result.ok
    assert [h.values["head_name"] for h in result.households] == ["Lò Văn Đức", "Hà Văn Nam"]
    assert [m.values["relation"] for m in result.households[1].members] == ["head", "other"]


def test_poor_flags_left_blank_on_members_rows_follow_the_household(tmp_path: Path) -> None:
    rows = [
        row(**household(), **person("A", relation="Chủ hộ", poor="x", ethnic_minority="Có")),
        row(**person("B", relation="Con")),
        row(**person("C", relation="Con", poor="Không")),
    ]
    members = parse(sheet(tmp_path, *rows)).households[0].members
    assert [m.values["poor"] for m in members] == [True, True, False]
    assert [m.values["ethnic_minority"] for m in members] == [True, False, False]


def test_a_household_code_met_again_with_the_same_head_continues_it(tmp_path: Path) -> None:
    rows = [
        row(**household("H1", head_name="Lò Văn Đức"), **person("Lò Văn Đức")),
        row(**household("H2", head_name="Hà Văn Nam"), **person("Hà Văn Nam")),
        row(**household("H1", head_name="Lò Văn Đức"), **person("Lò Thị Mai", relation="Vợ")),
    ]
    result = parse(sheet(tmp_path, *rows))
    assert result.ok and [h.rows for h in result.households] == [[2, 4], [3]]


def test_two_sheets_join_members_to_households_by_code(tmp_path: Path) -> None:
    made = district(3, 7)
    path = write_xlsx(tmp_path / "two.xlsx", made, layout="sheets")
    book = load_workbook(path)
    book["Thành viên"].append(["HGD999999", "Người Lạ"])
    book.save(path)
    result = parse(path)
    assert result.layout == "sheets" and len(result.households) == 3
    [problem] = result.errors
    assert (problem.sheet, problem.row, problem.code) == (
        "Thành viên",
        9,
        "member.unknown_household",
    )
    assert problem.column == "Mã hộ"


# --- problems by row and column -------------------------------------------------------------


def test_bad_values_are_reported_by_row_column_and_code(tmp_path: Path) -> None:
    rows = [
        row(**household(), **person(cccd="0010750123", relation="Chủ hộ")),
        row(**person("B", sex="X", relation="Cô dâu", bhxh_code="12ab")),
        row(**person("C", date_of_birth="31/02/1990", bhyt_expiry="sometime", poor="maybe")),
        row(**person("D", date_of_birth="01/01/2030", phone="12345")),
        row(**person("", bhyt_card_number="XX")),
    ]
    result = parse(sheet(tmp_path, *rows))
    assert not result.ok
    assert codes(result) >= {
        (2, "cccd.length", "cccd"),
        (3, "choice.invalid", "sex"),
        (3, "choice.invalid", "relation"),
        (3, "bhxh.not_digits", "bhxh_code"),
        (4, "date.invalid", "date_of_birth"),
        (4, "date.format", "bhyt_expiry"),
        (4, "flag.invalid", "poor"),
        (5, "date.future", "date_of_birth"),
        (5, "phone.length", "phone"),
        (6, "required", "full_name"),
        (6, "card.format", "bhyt_card_number"),
    }
    cccd = next(p for p in result.problems if p.field == "cccd")
    assert cccd.column == "Số CCCD" and cccd.params == {"length": "10"}
    assert_no_personal_data(result.problems, ["0010750123", "Cô dâu", "12ab", "sometime"])


def assert_no_personal_data(problems: list[RowProblem], values: list[str]) -> None:
    text = json.dumps([p.params for p in problems], ensure_ascii=False)
    assert not any(v in text for v in values)


def test_one_household_code_with_two_heads_and_one_person_twice_are_refused(
    tmp_path: Path,
) -> None:
    rows = [
        row(**household("H1", head_name="Lò Văn Đức"), **person(bhxh_code="0812345678")),
        row(**household("H2", head_name="Hà Văn Nam"), **person("Hà Văn Nam", cccd="008075012345")),
        row(
            **household("H1", head_name="Đỗ Văn Tư"), **person("Đỗ Văn Tư", bhxh_code="0812345678")
        ),
        row(**person("Đỗ Thị Ba", cccd="008075012345", relation="Con")),
    ]
    result = parse(sheet(tmp_path, *rows))
    assert {(p.row, p.code, p.field, p.params.get("rows")) for p in result.errors} >= {
        (2, "household.code_twice", "code", "2, 4"),
        (4, "household.code_twice", "code", "2, 4"),
        (2, "person.twice", "bhxh_code", "2, 4"),
        (4, "person.twice", "bhxh_code", "2, 4"),
        (3, "person.twice", "cccd", "3, 5"),
        (5, "person.twice", "cccd", "3, 5"),
    }


def test_household_level_problems(tmp_path: Path) -> None:
    rows = [
        row(**person("Trước hộ")),  # no household yet
        row(**household("H1"), **person(relation="Chủ hộ")),
        row(**person("B", relation="Chủ hộ")),  # a second head
        row(**household("H1", village="Thôn Khác"), **person("C", relation="Con")),
        row(code="H2", village="", **person("D")),
        row(**household("H3", province="Atlantis"), **person("E")),
        row(**household("H4", province="Tuyên Quang", commune="Xã Không Có"), **person("F")),
        row(**household("H5", province="Hà Giang", commune="Xã Minh Sơn"), **person("G")),
    ]
    result = parse(sheet(tmp_path, *rows))
    assert codes(result) >= {
        (2, "household.missing", None),
        (4, "household.two_heads", "relation"),
        (5, "household.conflicting_value", "village"),
        (6, "required", "village"),
        (7, "admin.province_unknown", "province"),
        (8, "admin.commune_unknown", "commune"),
        (9, "admin.old_name", "province"),
    }
    old = next(p for p in result.problems if p.row == 9)
    assert not old.is_error and old.params == {"current": "Tuyên Quang"}


def test_blank_rows_between_data_are_skipped_and_reported(tmp_path: Path) -> None:
    rows = [row(**household(), **person(relation="Chủ hộ")), [], row(**person("B")), [], []]
    result = parse(sheet(tmp_path, *rows))
    assert result.ok and result.blank_rows == [3]
    assert result.households[0].rows == [2, 4]
    [warning] = result.warnings
    assert (warning.row, warning.code) == (3, "row.blank")


def test_excel_numbers_in_identifier_columns_get_their_leading_zeros_back(
    tmp_path: Path,
) -> None:
    values = row(**household(), **person(relation="Chủ hộ", phone="0912345678"))
    index = {c.field: i for i, c in enumerate(COLUMNS)}
    values[index["cccd"]] = 8075012345  # 008075012345 typed into a number cell
    values[index["phone"]] = 912345678
    values[index["date_of_birth"]] = date(1975, 3, 12)
    result = parse(sheet(tmp_path, values))
    member = result.households[0].members[0].values
    assert result.ok and member["cccd"] == "008075012345" and member["phone"] == "0912345678"
    assert {(p.code, p.field) for p in result.warnings} == {
        ("number.leading_zeros", "cccd"),
        ("number.leading_zeros", "phone"),
    }


def test_a_value_outside_the_named_columns_is_reported(tmp_path: Path) -> None:
    values = [*row(**household(), **person()), "", "lost?"]
    result = parse(sheet(tmp_path, values))
    assert codes(result) == {(2, "row.unnamed_cell", None)}
    assert result.errors[0].params == {"column": "Z"}


def test_text_longer_than_the_store_takes_is_refused(tmp_path: Path) -> None:
    result = parse(sheet(tmp_path, row(**household(), **person("x" * 121))))
    assert (2, "text.too_long", "full_name") in codes(result)


# --- bad files ------------------------------------------------------------------------------


def test_unknown_columns_are_refused_by_name_unless_ignored(tmp_path: Path) -> None:
    path = sheet(
        tmp_path, [*row(**household(), **person()), "x"], header=[*HEADER, "Số sổ hộ khẩu"]
    )
    error = refused(path)
    assert error.code == "columns.unknown" and error.params["columns"] == "Số sổ hộ khẩu"
    assert "Số sổ hộ khẩu" in str(error)
    result = parse(path, ignore_columns=["so so ho khau"])
    assert result.ok and result.ignored_columns == ["Số sổ hộ khẩu"]


@pytest.mark.parametrize(
    ("header", "code", "columns"),
    [
        (["Mã hộ", "Thôn/bản", "Ngày sinh"], "columns.missing", "full_name"),
        (["Mã hộ", "Họ và tên", "Ngày sinh"], "columns.missing", "village"),
        (["Thôn/bản", "Họ và tên", "Ho va ten"], "columns.twice", "Ho va ten"),
    ],
)
def test_missing_or_doubled_columns_are_refused(
    tmp_path: Path, header: list[str], code: str, columns: str
) -> None:
    error = refused(sheet(tmp_path, ["a", "b", "c"], header=header))
    assert (error.code, error.params["columns"]) == (code, columns)


def test_an_old_xls_is_refused_with_save_as_xlsx(tmp_path: Path) -> None:
    error = refused(old_xls(tmp_path / "list.xls"))
    assert error.code == "file.old_xls" and "save it as .xlsx" in str(error)


def test_a_password_protected_workbook_is_refused_as_such(tmp_path: Path) -> None:
    error = refused(password_protected_xlsx(tmp_path / "list.xlsx"))
    assert error.code == "file.password_protected" and "password" in str(error)


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "file.empty"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "file.binary"),
        (b"PK\x03\x04 not really a zip", "file.not_xlsx"),
        (b"Ho va ten,Thon\r\n\xff\xfe\xfa,\x81\x8a\r\n", "file.encoding"),
    ],
)
def test_files_that_are_no_list_are_refused(tmp_path: Path, content: bytes, code: str) -> None:
    path = tmp_path / "list.csv"
    path.write_bytes(content)
    assert refused(path).code == code


def test_merged_header_cells_are_refused(tmp_path: Path) -> None:
    path = sheet(tmp_path, row(**household(), **person()))
    book = load_workbook(path)
    book.active.merge_cells("J1:K1")
    book.save(path)
    error = refused(path)
    assert error.code == "sheet.merged_header" and error.params["cells"] == "J1:K1"


def test_merged_cells_down_a_household_column_continue_the_household(tmp_path: Path) -> None:
    rows = [row(**household(), **person(relation="Chủ hộ")), row(**person("B", relation="Con"))]
    path = sheet(tmp_path, *rows)
    book = load_workbook(path)
    book.active.merge_cells("E2:E3")  # Thôn/bản
    book.save(path)
    assert parse(path).households[0].rows == [2, 3]
    book.active.merge_cells("J3:K3")  # a name over a date of birth
    book.save(path)
    error = refused(path)
    assert error.code == "sheet.merged_cells" and error.params["cells"] == "J3:K3"


def formula_book(tmp_path: Path, cached: str | None) -> Path:
    """A list whose CCCD cell N2 is a formula, with or without Excel's computed value."""
    path = sheet(tmp_path, row(**household(), **person()))
    book = load_workbook(path)
    book.active["N2"] = '="00807501"&"2345"'
    book.save(path)
    if cached is not None:  # as Excel saves it: the formula and its last value
        with zipfile.ZipFile(path) as archive:
            parts = {n: archive.read(n) for n in archive.namelist()}
        xml = parts["xl/worksheets/sheet1.xml"].decode()
        xml, count = re.subn(
            r'<c r="N2"([^>]*)><f>(.*?)</f><v\s*/?>(?:</v>)?</c>',
            rf'<c r="N2" t="str"><f>\2</f><v>{cached}</v></c>',
            xml,
        )
        assert count == 1
        parts["xl/worksheets/sheet1.xml"] = xml.encode()
        with zipfile.ZipFile(path, "w") as archive:
            for name, data in parts.items():
                archive.writestr(name, data)
    return path


def test_formulas_are_read_by_their_cached_value_or_refused_by_cell(tmp_path: Path) -> None:
    result = parse(formula_book(tmp_path, "008075012345"))
    assert result.ok and result.households[0].members[0].values["cccd"] == "008075012345"
    error = refused(formula_book(tmp_path, None))
    assert error.code == "sheet.formula_without_value" and error.params["cell"] == "N2"


def test_more_rows_than_the_limit_are_refused(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "big.csv", district(4, 12))
    assert parse(path, max_rows=12).ok
    error = refused(path, max_rows=11)
    assert error.code == "file.too_many_rows" and error.params == {"limit": "11"}
    assert MAX_DATA_ROWS == 200_000


def test_refusals_name_no_cell_content(tmp_path: Path) -> None:
    """A refused file's message names columns, cells and limits, never a person's data."""
    made = [Household(household("H1"), [person("Lò Văn Đức", cccd="008075012345")])]
    text = csv_text(made).replace("Giới tính", "Lò Văn Đức ghi chú")
    path = tmp_path / "list.csv"
    path.write_bytes(encode(text, "utf-8"))
    error = refused(path)
    assert error.code == "columns.unknown"
    assert "008075012345" not in str(error)


def test_a_person_row_layout_round_trips_through_every_csv_dialect(tmp_path: Path) -> None:
    made = district(5, 14)
    rows = person_rows(made)
    for encoding, separator in (("utf-8", ","), ("utf-8-sig", ";"), ("cp1258", "\t")):
        path = write_csv(tmp_path / f"{encoding}.csv", made, encoding=encoding, separator=separator)
        result = parse(path)
        assert result.ok and result.person_count == len(rows)


# --- the cell helper moved down, and the benchmark -------------------------------------------


def test_the_app_and_the_core_write_cells_with_one_helper() -> None:
    from vss_core import spreadsheet as core
    from vss_desktop import spreadsheet as app

    assert app.set_cell is core.set_cell and app.append_row is core.append_row
    ws = Workbook().active
    assert core.set_cell(ws["A1"], "=1+1").data_type == "s"


@pytest.mark.slow
def test_the_benchmark_runs_and_reports_rows_per_second(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "bench_import_parse.py"), "--households", "300",
         "--persons", "1000", "--work-dir", str(tmp_path)],
        capture_output=True, text=True, timeout=240, check=False, cwd=ROOT,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout)
    for kind in ("xlsx", "csv"):
        assert report[kind]["persons"] == 1000 and report[kind]["households"] == 300
        assert report[kind]["rows_per_s"] > 0 and report[kind]["errors"] == 0


# --- the fast sheet reader agrees with openpyxl -------------------------------------------


def openpyxl_rows(path: Path, title: str) -> dict[int, tuple[Any, ...]]:
    book = load_workbook(path, read_only=True, data_only=True)
    rows = {}
    for number, cells in enumerate(book[title].iter_rows(min_row=1, values_only=True), 1):
        trimmed = list(cells)
        while trimmed and trimmed[-1] is None:
            trimmed.pop()
        if trimmed:
            rows[number] = tuple(trimmed)
    book.close()
    return rows


def fast_rows(path: Path, title: str) -> dict[int, tuple[Any, ...]]:
    from vss_core.importing.sheet_xml import date_styles, sheet_rows

    book = load_workbook(path, read_only=True, data_only=True)
    with zipfile.ZipFile(path) as archive:
        ws = book[title]
        xml = archive.read(ws._worksheet_path)
        styles = date_styles(archive.read("xl/styles.xml"))
        found = sheet_rows(xml, title, book.shared_strings, styles, book.epoch)
        assert found is not None
        rows = {}
        for number, cells in found:
            trimmed = list(cells)
            while trimmed and trimmed[-1] is None:
                trimmed.pop()
            if trimmed:
                rows[number] = tuple(trimmed)
    book.close()
    return rows


def test_the_fast_sheet_reader_reads_what_openpyxl_reads(tmp_path: Path) -> None:
    odd = tmp_path / "odd.xlsx"
    book = Workbook()  # shared strings, styles, every cell type
    ws = book.active
    ws.title = "Danh sách"
    append_row(ws, ["Họ và tên", "n", "x", "when", "flag", "=text, not a formula"])
    ws.append(["a & b <c> \"q\" 'z'", 1, 2.5, date(1980, 2, 1), True, "line\r\nbreak"])
    ws.append([None, -3, 1e20, "01/02/1980", False, "  spaces  "])
    ws.cell(row=6, column=9, value="far away")
    ws["C7"] = 12.0
    book.save(odd)
    template = tmp_path / "mau.xlsx"
    write_template(template)
    made = district(6, 20)
    files = [
        (odd, "Danh sách"),
        (template, "Danh sách"),
        (template, "Hướng dẫn"),
        (write_xlsx(tmp_path / "rows.xlsx", made), "Danh sách"),
        (write_xlsx(tmp_path / "two.xlsx", made, layout="sheets"), "Thành viên"),
    ]
    for path, title in files:
        assert fast_rows(path, title) == openpyxl_rows(path, title), (path.name, title)


def test_a_sheet_with_namespace_prefixes_is_read_by_openpyxl_alone(tmp_path: Path) -> None:
    """Some writers prefix every tag ("x:row"): the fast reader steps aside, and openpyxl's
    own reader gives the same list (formulas without values still refused)."""
    made = district(4, 11)
    path = write_xlsx(tmp_path / "rows.xlsx", made)
    with zipfile.ZipFile(path) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    xml = parts["xl/worksheets/sheet1.xml"].decode()
    xml = re.sub(r"<(/?)(?!\?)(\w+)([ >/])", r"<\1x:\2\3", xml)
    xml = xml.replace("<x:worksheet xmlns=", "<x:worksheet xmlns:x=", 1)
    parts["xl/worksheets/sheet1.xml"] = xml.encode()
    prefixed = tmp_path / "prefixed.xlsx"
    with zipfile.ZipFile(prefixed, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    assert "<x:row" in xml
    result = parse(prefixed)
    assert result.ok and result.person_count == 11
    same_members(result, made)


def test_text_the_databases_cannot_store_is_refused(tmp_path: Path) -> None:
    """OOXML escapes a control character as _xHHHH_: a NUL reaches no database."""
    result = parse(sheet(tmp_path, row(**household(), **person("Lò_x0000_Văn Đức"))))
    assert (2, "text.unstorable", "full_name") in codes(result)


def test_a_members_phone_problem_names_the_members_phone_column(tmp_path: Path) -> None:
    """Household and member phones are both stored as ``phone``: the problem names the
    column the bad cell is in."""
    path = tmp_path / "phones.csv"
    path.write_text(
        "Mã hộ,Họ tên chủ hộ,Thôn/bản,Điện thoại hộ,Họ và tên,Điện thoại\n"
        "HH1,Lò Văn A,Bản Mường,0912345678,Lò Văn A,12345\n",
        encoding="utf-8",
    )
    parsed = parse_list(path)
    (problem,) = [p for p in parsed.errors if p.field == "phone"]
    assert problem.column == "Điện thoại"
