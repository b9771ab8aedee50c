"""The whole list (households and members) exported in the import template's layout
(issue 13): the shared writer, the app's store export, `vss-desktop export list` and the
window's action. What is written reads back through ``parse_list`` as it was stored."""

from __future__ import annotations

import re
import zipfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from vss_core import vietnam_time
from vss_core.enums import BhytStatus, Relation, Sex
from vss_core.importing import ParsedList, parse_list
from vss_core.importing.columns import COLUMNS
from vss_core.importing.list_writer import household_order, write_list
from vss_core.records import PersonFields
from vss_desktop.cli.parser import build_parser
from vss_desktop.store import Store, open_store, services
from vss_desktop.store.list_export import export_list

TODAY = vietnam_time.today()
HOUSEHOLD_FIELDS = (
    "code", "head_name", "province", "commune", "village", "house_number", "street", "phone",
    "collector",
)  # fmt: skip
PERSON_FIELDS = tuple(n for n in PersonFields.model_fields if n != "household_id")
FORMULA_NAME = '=HYPERLINK("http://x";"Lò Thị Ướt")'
CCCD_HEAD = "008180012345"  # a woman born in 1980: leading zeros
NOTES = 'Nhà sàn & "bếp" <cũ>\r\nđi qua suối\x01 _x0041_ \tcuối'


def column(field: str) -> int:
    """The 0-based index of a template column, by field name."""
    return next(i for i, c in enumerate(COLUMNS) if c.field == field)


def seed(store: Store) -> dict[str, str]:
    """Households of every kind through the app's own services; their ids by role."""
    first = services.create_household(
        store,
        {
            "code": "HGD0001",
            "head_name": "Nguyễn Thị Ánh",
            "province": "Tuyên Quang",
            "commune": "Xã Minh Sơn",
            "village": "Thôn Nà Mòn",
            "house_number": "12",
            "street": "Đường Lê Lợi",
            "phone": "0912345678",
            "collector": "thu01",
        },
        head={
            "sex": Sex.FEMALE,
            "date_of_birth": date(1980, 4, 2),
            "cccd": CCCD_HEAD,
            "bhxh_code": "0012345678",
            "bhyt_card_number": "0012345678",
            "bhyt_expiry": TODAY + timedelta(days=200),
            "bhyt_status": BhytStatus.HOUSEHOLD,
            "poor": True,
            "ethnic_minority": True,
            "notes": NOTES,
        },
    )
    services.create_person(
        store,
        first.id,
        {
            "full_name": FORMULA_NAME,
            "relation": Relation.CHILD,
            "sex": Sex.MALE,
            "date_of_birth": date(2010, 5, 6),
            "bhxh_code": "0123456789",
            "bhyt_card_number": "HN4080123456789",  # the old 15-character card
            "bhyt_status": BhytStatus.OTHER,
            "vsi_paid_until": TODAY - timedelta(days=40),
            "phone": "0351234567",
            "poor": True,
        },
    )
    services.create_person(
        store,
        first.id,
        {"full_name": "Hoàng Văn Bình", "relation": Relation.SPOUSE},  # little known
    )
    # No code: told apart by head, village and house number.
    second = services.create_household(
        store,
        {"head_name": "Giàng A Páo", "village": "Bản Pha Long", "house_number": "9"},
        head={"sex": Sex.MALE, "date_of_birth": date(1962, 1, 30)},
    )
    lonely = services.create_household(
        store, {"head_name": "Vàng Thị Dua", "village": "Bản Pha Long"}
    )
    gone = services.create_household(
        store, {"head_name": "Lò Văn Mất", "village": "Bản Pha Long"}, head={}
    )
    services.delete_household(store, gone.id)
    left = services.create_person(
        store, second.id, {"full_name": "Giàng Thị Đi", "relation": Relation.OTHER}
    )
    services.delete_person(store, left.id)
    return {"first": first.id, "second": second.id, "lonely": lonely.id}


def stored(store: Store) -> dict[str, tuple[dict[str, Any], list[dict[str, Any]]]]:
    """Live households by head name: their template fields and their members' fields."""
    from sqlmodel import select

    from vss_desktop.store.models import Household, Person

    out = {}
    with store.read() as session:
        for h in session.exec(select(Household).where(Household.deleted_at == None)):  # noqa: E711
            people = session.exec(
                select(Person).where(Person.household_id == h.id, Person.deleted_at == None)  # noqa: E711
            )
            members = sorted(
                ({n: getattr(p, n) for n in PERSON_FIELDS} for p in people),
                key=lambda m: m["full_name"],
            )
            out[h.head_name] = ({n: getattr(h, n) for n in HOUSEHOLD_FIELDS}, members)
    return out


def read_back(parsed: ParsedList) -> dict[str, tuple[dict[str, Any], list[dict[str, Any]]]]:
    """The parser's households in the same shape, blanks as the store keeps them."""

    def plain(values: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
        return {n: "" if values.get(n) is None and n in ("sex",) else values.get(n) for n in names}

    return {
        h.values["head_name"]: (
            plain(h.values, HOUSEHOLD_FIELDS),
            sorted(
                (plain(m.values, PERSON_FIELDS) for m in h.members), key=lambda m: m["full_name"]
            ),
        )
        for h in parsed.households
    }


# --- the app: store to file and back ---------------------------------------------------------


def test_the_apps_list_reads_back_as_it_is_stored(store: Store, tmp_path: Path) -> None:
    seed(store)
    path = tmp_path / "danh-sach.xlsx"
    counts = export_list(store, path)
    assert (counts.households, counts.persons, counts.without_members) == (2, 4, 1)
    parsed = parse_list(path)
    assert parsed.ok, parsed.errors
    assert parsed.warnings == [] and parsed.layout == "rows"
    expected = stored(store)
    del expected["Vàng Thị Dua"]  # no member: no row (counted above)
    assert read_back(parsed) == expected
    # The details that break first: kept as typed.
    first = read_back(parsed)["Nguyễn Thị Ánh"][1]
    assert [m["full_name"] for m in first] == [
        '=HYPERLINK("http://x";"Lò Thị Ướt")',
        "Hoàng Văn Bình",
        "Nguyễn Thị Ánh",
    ]
    assert first[2]["cccd"] == CCCD_HEAD and first[2]["notes"] == NOTES


def test_export_then_import_on_an_empty_laptop_reproduces_the_list(
    store: Store, tmp_path: Path
) -> None:
    """Issue 13: the app's export, imported by the app into an empty store, gives the same
    households and members; imported back into the first store, it changes nothing."""
    from vss_desktop.store import outbox
    from vss_desktop.store.list_import import apply_import

    seed(store)
    path = tmp_path / "danh-sach.xlsx"
    export_list(store, path)
    expected = stored(store)
    del expected["Vàng Thị Dua"]  # no member: not in the file (the export says so)
    other = open_store(tmp_path / "empty-laptop")
    try:
        result = apply_import(other, parse_list(path))
        assert result.written and not result.refused
        # The collector cell is the server's business: a laptop's import leaves it to the
        # server, which gives a household to whoever pushes it (docs/import.md, "The app").
        for household, _members in expected.values():
            household["collector"] = ""
        assert stored(other) == expected
    finally:
        other.close()
    with store.read() as session:
        before = outbox.pending_count(session)
    again = apply_import(store, parse_list(path))
    assert again.written
    assert set(again.households) == {"unchanged"} and set(again.persons) == {"unchanged"}
    with store.read() as session:
        assert outbox.pending_count(session) == before  # no op queued: nothing changed
    assert stored(store)["Nguyễn Thị Ánh"][1] == expected["Nguyễn Thị Ánh"][1]


def test_rows_are_ordered_with_household_cells_on_every_row(store: Store, tmp_path: Path) -> None:
    seed(store)
    path = tmp_path / "list.xlsx"
    export_list(store, path, warning="Not encrypted.")
    sheet = load_workbook(path).worksheets[0]
    assert sheet["A1"].value == "Not encrypted."
    assert [c.value for c in sheet[2]] == [c.vi for c in COLUMNS]  # the template's header
    rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=3)]
    heads = [r[column("head_name")] for r in rows]
    # Bản Pha Long before Thôn Nà Mòn (folded order); in a household the head first, then
    # the eldest first, unknown birth dates last.
    assert heads == ["Giàng A Páo", "Nguyễn Thị Ánh", "Nguyễn Thị Ánh", "Nguyễn Thị Ánh"]
    assert [r[column("relation")] for r in rows] == ["Chủ hộ", "Chủ hộ", "Con", "Vợ/Chồng"]
    for row in rows[1:]:  # every member row repeats its household's cells
        assert row[: column("full_name")] == [
            "HGD0001", "Nguyễn Thị Ánh", "Tuyên Quang", "Xã Minh Sơn", "Thôn Nà Mòn", "12",
            "Đường Lê Lợi", "0912345678", "thu01",
        ]  # fmt: skip
    head = rows[1]
    assert head[column("sex")] == "Nữ" and head[column("bhyt_status")] == "Hộ gia đình"
    assert head[column("poor")] == "Có" and head[column("near_poor")] == "Không"
    assert head[column("date_of_birth")].date() == date(1980, 4, 2)  # a real date
    assert sheet.cell(4, column("date_of_birth") + 1).number_format == "DD/MM/YYYY"
    assert sheet.cell(4, column("cccd") + 1).number_format == "@"


def test_text_is_never_a_formula(store: Store, tmp_path: Path) -> None:
    seed(store)
    path = tmp_path / "list.xlsx"
    export_list(store, path)
    sheet = load_workbook(path).worksheets[0]
    cell = next(c for c in sheet["J"] if c.value == FORMULA_NAME)
    assert cell.data_type == "s"
    with zipfile.ZipFile(path) as book:
        xml = book.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert not re.search(r"<f[ >]", xml)


# --- the writer on its own -------------------------------------------------------------------


def test_households_sort_by_village_then_house_number_in_number_order() -> None:
    households = [
        {"village": "Thôn Đông", "house_number": "12A", "head_name": "B"},
        {"village": "thôn đông", "house_number": "9", "head_name": "Z"},
        {"village": "Bản Tày", "house_number": "", "head_name": "C"},
        {"village": "Thôn Đông", "house_number": "12", "head_name": "A"},
    ]
    ordered = [h["head_name"] for h in sorted(households, key=household_order)]
    assert ordered == ["C", "Z", "A", "B"]


@pytest.mark.parametrize(
    "text",
    ['=HYPERLINK("http://evil.example/x","click")', "=1+1", "+1+1", "-1+1", "@SUM(1+1)",
     "\t=1+1", "\r=1+1", "＝1+1"],
)  # fmt: skip
def test_formula_like_text_stays_text(tmp_path: Path, text: str) -> None:
    path = tmp_path / "list.xlsx"
    household = {"head_name": text, "village": text, "code": "HGD1"}
    write_list(path, [(household, [{"full_name": text, "relation": "head", "notes": text}])])
    with zipfile.ZipFile(path) as book:
        xml = book.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert not re.search(r"<f[ >]|<f/>", xml)
    parsed = parse_list(path)
    assert parsed.ok, parsed.errors
    member = parsed.households[0].members[0].values
    assert member["full_name"] == member["notes"] == text.strip()  # the parser strips
    assert parsed.households[0].values["head_name"] == text.strip()


def test_a_failure_leaves_the_previous_file_and_no_other(tmp_path: Path) -> None:
    path = tmp_path / "list.xlsx"
    path.write_bytes(b"the previous export")

    def broken() -> Any:
        yield {"head_name": "A", "village": "V"}, [{"full_name": "A", "relation": "head"}]
        raise RuntimeError("the database went away")

    with pytest.raises(RuntimeError):
        write_list(path, broken())
    assert path.read_bytes() == b"the previous export"
    assert [p.name for p in tmp_path.iterdir()] == ["list.xlsx"]


def test_objects_and_dicts_write_the_same(tmp_path: Path) -> None:
    from types import SimpleNamespace

    household = {"code": "HGD9", "head_name": "Lò Văn Ón", "village": "Bản Mờ", "phone": ""}
    person = {"full_name": "Lò Văn Ón", "relation": "head", "sex": "M", "poor": False}
    a = write_list(tmp_path / "a.xlsx", [(household, [person])])
    b = write_list(
        tmp_path / "b.xlsx", [(SimpleNamespace(**household), [SimpleNamespace(**person)])]
    )
    assert a == b
    rows = [parse_list(tmp_path / n).households[0].values for n in ("a.xlsx", "b.xlsx")]
    assert rows[0] == rows[1] and rows[0]["code"] == "HGD9"


# --- the command line ------------------------------------------------------------------------


def test_the_command_writes_the_list_and_says_how_much(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    store = open_store(data)
    seed(store)
    store.close()
    out = tmp_path / "out.xlsx"
    args = build_parser().parse_args(["export", "list", "--out", str(out), "--data-dir", str(data)])
    assert args.handler(args) == 0
    said = capsys.readouterr()
    assert f"2 households, 4 persons written to {out}" in said.out
    assert "1 households without members left out" in said.err
    assert "not encrypted" in said.err
    assert "Nguyễn" not in said.out + said.err  # counts only, never a name
    assert parse_list(out).person_count == 4

    args = build_parser().parse_args(
        ["export", "list", "--out", str(tmp_path / "nope" / "x.xlsx"), "--data-dir", str(data)]
    )
    assert args.handler(args) == 2
    assert "does not exist" in capsys.readouterr().err


# --- the window's action -----------------------------------------------------------------------


@pytest.mark.gui
def test_the_action_writes_in_the_worker_and_reports_in_the_status_bar(
    qtbot, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMainWindow, QMessageBox

    from vss_desktop.ui import list_export_action
    from vss_desktop.ui.tasks import TaskRunner

    seed(store)
    window = QMainWindow()
    qtbot.addWidget(window)
    tasks = TaskRunner(window)
    asked: list[str] = []

    def warned(*args: Any) -> QMessageBox.StandardButton:
        asked.append("warned")
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "warning", warned)
    assert list_export_action.export_list_to(window, store, tasks) is None  # cancelled
    assert asked == ["warned"]

    target = tmp_path / "chọn.xlsx"
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: QMessageBox.StandardButton.Ok)
    monkeypatch.setattr(list_export_action, "ask_save_path", lambda *a: target)
    export = list_export_action.export_list_to(window, store, tasks)
    assert export is not None
    with qtbot.waitSignal(export.finished, timeout=10_000) as done:
        pass
    assert (done.args[0].households, done.args[0].persons) == (2, 4)
    message = window.statusBar().currentMessage()
    assert "2" in message and "4" in message and "chọn.xlsx" in message
    assert parse_list(target).ok
    tasks.wait()


@pytest.mark.gui
def test_the_action_tells_when_the_file_cannot_be_written(
    qtbot, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMainWindow, QMessageBox

    from vss_desktop.ui.list_export_action import export_list_to
    from vss_desktop.ui.tasks import TaskRunner

    seed(store)
    window = QMainWindow()
    qtbot.addWidget(window)
    tasks = TaskRunner(window)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    export = export_list_to(window, store, tasks, blocker / "list.xlsx")  # its folder is a file
    assert export is not None
    with qtbot.waitSignal(export.failed, timeout=10_000):
        pass
    assert len(shown) == 1 and "Nguyễn" not in shown[0]
    tasks.wait()
