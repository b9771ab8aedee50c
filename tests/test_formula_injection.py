"""Text that looks like a formula stays text in every spreadsheet the app writes (issue 11 D1).

A head name "=HYPERLINK(...)" imported on the server reaches every collector's export:
Excel must show it, never run it (OWASP "CSV injection").
"""

from __future__ import annotations

import csv
import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from vss_desktop.export import CellKind, Column, Sheet, write_workbook

DANGEROUS = [
    '=HYPERLINK("http://evil.example/x","click")',
    "=1+1",
    "+1+1",
    "-1+1",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
]
COLUMNS = [
    Column("=Code"),
    Column("Head of household"),
    Column("Village"),
    Column("n", CellKind.NUMBER),
]


def formulas_in(path: Path) -> list[str]:
    """The <f> elements of every sheet, read from the raw XML (what Excel would evaluate)."""
    with zipfile.ZipFile(path) as book:
        return [
            match
            for name in book.namelist()
            if name.startswith("xl/worksheets/")
            for match in re.findall(r"<f[ >].*?</f>|<f/>", book.read(name).decode())
        ]


def readback(value: str) -> str:
    # XML turns a raw CR into LF when read (openpyxl does not escape it): still text.
    return value.replace("\r", "\n")


@pytest.mark.parametrize(
    "text", DANGEROUS, ids=["hyperlink", "eq", "plus", "minus", "at", "tab", "cr"]
)
def test_formula_like_text_is_written_as_text(tmp_path: Path, text: str) -> None:
    path = tmp_path / "list.xlsx"
    write_workbook(path, [Sheet(text, COLUMNS, [[text, text, text, -1]])], warning=text)
    sheet = load_workbook(path).worksheets[0]
    cells = [sheet["A1"], sheet["A2"], sheet["A3"], sheet["B3"], sheet["C3"]]
    assert [c.data_type for c in cells] == ["s"] * 5
    assert [c.value for c in cells] == [readback(text), "=Code", *[readback(text)] * 3]
    assert sheet["D3"].value == -1 and sheet["D3"].data_type == "n"  # numbers stay numbers
    assert formulas_in(path) == []


def test_csv_cells_that_start_like_a_formula_are_quoted(tmp_path: Path) -> None:
    from vss_desktop.spreadsheet import write_csv

    path = tmp_path / "list.csv"
    rows = [[text, "Bản Pha Long", 3] for text in DANGEROUS]
    write_csv(path, ["=code", "village", "n"], rows)
    with open(path, encoding="utf-8-sig", newline="") as fh:
        back = list(csv.reader(fh))
    assert back[0] == ["'=code", "village", "n"]
    assert [row[0] for row in back[1:]] == ["'" + text for text in DANGEROUS]
    assert {row[1] for row in back[1:]} == {"Bản Pha Long"} and back[1][2] == "3"
    assert list(tmp_path.iterdir()) == [path]  # written whole, no temporary file left


@pytest.mark.gui
def test_today_export_writes_formula_like_households_as_text(qtbot, tmp_path: Path) -> None:
    """The real path: households as a server import or sync brings them, exported from Today."""
    from vss_desktop.settings import Settings
    from vss_desktop.store import open_store, services
    from vss_desktop.store.today import TodayList
    from vss_desktop.ui.main_window import MainWindow

    store = open_store(tmp_path)
    households = [
        ("=1+1", '=HYPERLINK("http://evil.example/x","click")', "@SUM(1+1)"),
        ("+15", "-1+1", "=1+1"),
    ]
    for code, name, village in households:
        services.create_household(store, {"code": code, "head_name": name, "village": village})
    window = MainWindow(store, Settings(language="en", collector="thu"), tmp_path)
    qtbot.addWidget(window)
    view = window.today_view
    with qtbot.waitSignals([view.loaded, view.counts_loaded], timeout=5000):
        window.show()
    with qtbot.waitSignal(view.loaded, timeout=5000):
        view.lists.setCurrentRow(list(TodayList).index(TodayList.NEVER_VISITED))
    target = tmp_path / "never-visited.xlsx"
    with qtbot.waitSignal(view.exported, timeout=10_000):
        view.export_to(target)
    sheet = load_workbook(target).worksheets[0]
    rows = [[c for c in row] for row in sheet.iter_rows(min_row=3)]
    assert sorted(tuple(c.value for c in row) for row in rows) == sorted(households)
    assert {c.data_type for row in rows for c in row} == {"s"}
    assert formulas_in(target) == []
    window.close()
    store.close()
