"""`vss-server export list`: a collector's, a village's or a commune's list in the import
template's layout (issue 13), on SQLite and PostgreSQL, through the command line
in-process. What it writes imports back unchanged."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from helpers import list_files as lf
from helpers.server_cli import Run, add_users, cli_runner, feed_head
from helpers.server_harness import POSTGRES_ENV, ServerProcess, postgres_database
from helpers.sync_helpers import server_engine, server_rows
from vss_core.importing import parse_list
from vss_core.records import HouseholdFields, PersonFields

HOUSEHOLD_FIELDS = [n for n in HouseholdFields.model_fields]
PERSON_FIELDS = [n for n in PersonFields.model_fields if n != "household_id"]


@pytest.fixture(params=["sqlite", "postgres"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ServerProcess]:
    """A server's database, the process not started: the commands work on the database."""
    if request.param == "sqlite":
        yield ServerProcess(tmp_path / "server")
        return
    if not os.environ.get(POSTGRES_ENV):
        pytest.skip(f"{POSTGRES_ENV} not set")
    with postgres_database() as url:
        yield ServerProcess(tmp_path / "server", database_url=url)


@contextmanager
def another_db(db: ServerProcess, tmp_path: Path) -> Iterator[ServerProcess]:
    """An empty database of the same kind as ``db``."""
    if not db.database_url:
        yield ServerProcess(tmp_path / "server-2")
        return
    with postgres_database() as url:
        yield ServerProcess(tmp_path / "server-2", database_url=url)


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Iterator[Run]:
    yield from cli_runner(capsys)


def spread(district: list[lf.Household]) -> list[lf.Household]:
    """Villages, communes and collectors that do not go together, so each scope picks
    another set of households."""
    for number, household in enumerate(district):
        household.values["village"] = lf.VILLAGES[number // 2 % len(lf.VILLAGES)]
        household.values["commune"] = lf.COMMUNES[number // 3 % len(lf.COMMUNES)]
        household.values["collector"] = "thu01" if number % 5 else "thu02"
    return district


def imported(run: Run, db: ServerProcess, path: Path) -> str:
    code, out, err = run(db, "import", str(path))
    assert code == 0, err
    return out


def households_by_code(db: ServerProcess) -> dict[str, dict[str, Any]]:
    rows = [r for r in server_rows(db, "household") if not r["deleted"]]
    return {r["code"]: {n: r[n] for n in HOUSEHOLD_FIELDS} for r in rows}


def persons_by_bhxh(db: ServerProcess) -> dict[str, dict[str, Any]]:
    """Each live member's fields and its household's code, by BHXH code."""
    codes = {r["id"]: r["code"] for r in server_rows(db, "household")}
    return {
        r["bhxh_code"]: {n: r[n] for n in PERSON_FIELDS} | {"household": codes[r["household_id"]]}
        for r in server_rows(db, "person")
        if not r["deleted"]
    }


def exported_codes(path: Path) -> set[str]:
    parsed = parse_list(path, today=lf.TODAY)
    assert parsed.ok, parsed.errors
    return {h.values["code"] for h in parsed.households}


# --- the round trip ---------------------------------------------------------------------------


def test_a_communes_export_imports_into_an_empty_database_as_it_was(
    run: Run, db: ServerProcess, tmp_path: Path
) -> None:
    add_users(db, "thu01", "thu02")
    district = spread(lf.district(120, 400, seed=21))
    imported(run, db, lf.write_xlsx(tmp_path / "district.xlsx", district))
    commune = "Xã Minh Sơn"
    out_path = tmp_path / "export.xlsx"
    # Typed without accents and in upper case, as on a keyboard without Vietnamese input.
    code, out, err = run(db, "export", "list", "--commune", "XA MINH SON", "--out", str(out_path))
    assert code == 0, err
    wanted = {h.values["code"] for h in district if h.values["commune"] == commune}
    persons = sum(len(h.members) for h in district if h.values["code"] in wanted)
    assert f"{len(wanted)} households, {persons} persons" in out
    assert exported_codes(out_path) == wanted

    with another_db(db, tmp_path) as empty:
        add_users(empty, "thu01", "thu02")
        out = imported(run, empty, out_path)
        assert f"households: {len(wanted)} created" in out
        assert f"persons: {persons} created" in out
        first = households_by_code(db)
        assert households_by_code(empty) == {c: first[c] for c in wanted}
        members = {k: v for k, v in persons_by_bhxh(db).items() if v["household"] in wanted}
        assert persons_by_bhxh(empty) == members

    head = feed_head(db)
    out = imported(run, db, out_path)
    assert f"households: 0 created, 0 updated, {len(wanted)} unchanged" in out
    assert f"persons: 0 created, 0 updated, {persons} unchanged" in out
    assert feed_head(db) == head  # nothing for the laptops to pull


def test_the_file_keeps_leading_zeros_text_and_diacritics(
    run: Run, db: ServerProcess, tmp_path: Path
) -> None:
    add_users(db, "thu01", "thu02")
    district = lf.district(3, 6, seed=4)
    head = district[0].members[0]
    head["full_name"] = '=HYPERLINK("http://x";"Đặng Thị Ngọc Hường")'
    district[0].values["head_name"] = head["full_name"]
    # Text written as text (the helper's write_xlsx would make that name a formula).
    source = [lf.headers(), *lf.person_rows(district)]
    imported(run, db, lf.write_rows_xlsx(tmp_path / "district.xlsx", source))
    out_path = tmp_path / "thu.xlsx"
    code, _out, err = run(
        db, "export", "list", "--village", district[0].values["village"], "--out", str(out_path)
    )
    assert code == 0, err
    sheet = load_workbook(out_path).worksheets[0]
    assert "không được mã hóa" in sheet["A1"].value  # the file says it is not encrypted
    rows = {r[9].value: r for r in sheet.iter_rows(min_row=3)}
    formula_name = rows[head["full_name"]]
    assert formula_name[9].data_type == "s"  # text, not a formula
    assert formula_name[13].value == head["cccd"] and head["cccd"].startswith("00")
    assert formula_name[14].value.startswith("08")  # BHXH code with its leading zero
    xml = _sheet_xml(out_path)
    assert "<f>" not in xml and "<f " not in xml


def _sheet_xml(path: Path) -> str:
    import zipfile

    with zipfile.ZipFile(path) as book:
        return book.read("xl/worksheets/sheet1.xml").decode("utf-8")


# --- the scopes -------------------------------------------------------------------------------


def test_each_scope_picks_its_households_and_leaves_deleted_ones_out(
    run: Run, db: ServerProcess, tmp_path: Path
) -> None:
    add_users(db, "thu01", "thu02", "thu03")
    district = spread(lf.district(40, 100, seed=8))
    imported(run, db, lf.write_xlsx(tmp_path / "district.xlsx", district))
    gone_household = next(h for h in district if h.values["collector"] == "thu02")
    gone_person = next(h for h in district if len(h.members) > 1 and h is not gone_household)
    engine = server_engine(db)
    try:
        with engine.begin() as conn:
            conn.execute(
                sa.text("UPDATE household SET deleted = :yes WHERE code = :code"),
                {"yes": True, "code": gone_household.values["code"]},
            )
            conn.execute(
                sa.text("UPDATE person SET deleted = :yes WHERE bhxh_code = :code"),
                {"yes": True, "code": gone_person.members[-1]["bhxh_code"]},
            )
    finally:
        engine.dispose()
    live = [h for h in district if h is not gone_household]

    def export(*scope: str) -> set[str]:
        path = tmp_path / "scope.xlsx"
        code, _out, err = run(db, "export", "list", *scope, "--out", str(path))
        assert code == 0, err
        return exported_codes(path)

    def codes(field: str, value: str) -> set[str]:
        return {h.values["code"] for h in live if h.values[field] == value}

    assert export("--collector", "thu02") == codes("collector", "thu02")
    assert export("--collector", "thu01") == codes("collector", "thu01")
    assert export("--village", "ban pha long") == codes("village", "Bản Pha Long")
    assert export("--commune", "Phường An Tường") == codes("commune", "Phường An Tường")
    assert codes("village", "Bản Pha Long") != codes("commune", "Phường An Tường")

    export("--commune", gone_person.values["commune"])
    parsed = parse_list(tmp_path / "scope.xlsx", today=lf.TODAY)
    members = {m.values["bhxh_code"] for h in parsed.households for m in h.members}
    assert gone_person.members[-1]["bhxh_code"] not in members  # a deleted member: left out
    assert gone_person.members[0]["bhxh_code"] in members


def test_an_unknown_collector_or_an_empty_scope_writes_no_file(
    run: Run, db: ServerProcess, tmp_path: Path
) -> None:
    add_users(db, "thu01", "thu02", "thu03")
    imported(run, db, lf.write_xlsx(tmp_path / "district.xlsx", lf.district(6, 12, seed=3)))
    path = tmp_path / "out.xlsx"
    for scope, said in (
        (("--collector", "nobody"), "no account with the username 'nobody'"),
        (("--collector", "thu03"), "nothing to export: collector thu03 has no household"),
        (("--village", "Thôn Không Có"), "no household in a village named 'Thôn Không Có'"),
        (("--commune", "Xã Lạ"), "no household in a commune named 'Xã Lạ'"),
    ):
        code, out, err = run(db, "export", "list", *scope, "--out", str(path))
        assert code == 2, out
        assert said in err and "no file written" in err
        assert not path.exists()
    code, _out, err = run(db, "export", "list", "--village", "x", "--out", "/no/such/dir/a.xlsx")
    assert code == 2 and "does not exist" in err
