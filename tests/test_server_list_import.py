"""`vss-server import`: the commune's list of households and members (issue 13 part 2),
on SQLite and PostgreSQL, through the command line in-process."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from helpers import list_files as lf
from helpers.server_cli import Run, add_users, cli_runner, feed_head
from helpers.server_harness import POSTGRES_ENV, ServerProcess, postgres_database
from helpers.sync_helpers import app, local_rows, server_engine, server_rows

HOUSEHOLDS = 600
PERSONS = 2000


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


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Iterator[Run]:
    """`vss-server ARGS` in this process: (exit code, stdout, stderr)."""
    yield from cli_runner(capsys)


@pytest.fixture(scope="module")
def district() -> list[lf.Household]:
    return lf.district(HOUSEHOLDS, PERSONS)


def count(server: ServerProcess, entity: str) -> int:
    return len(server_rows(server, entity))


def people(district: list[lf.Household]) -> list[dict[str, Any]]:
    return [m for h in district for m in h.members]


# --- a whole district ------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["xlsx", "cp1258"])
def test_a_district_imports_and_reimports_unchanged(
    run: Run, db: ServerProcess, tmp_path: Path, district: list[lf.Household], kind: str
) -> None:
    add_users(db, "thu01", "thu02")
    if kind == "xlsx":
        path = lf.write_xlsx(tmp_path / "list.xlsx", district)
    else:
        path = lf.write_csv(tmp_path / "list.csv", district, encoding="cp1258")
    code, out, err = run(db, "import", str(path))
    assert code == 0, err
    assert f"households: {HOUSEHOLDS} created" in out and f"persons: {PERSONS} created" in out
    assert f"import: {PERSONS}/{PERSONS} rows (100%)" in err  # progress, on stderr
    assert count(db, "household") == HOUSEHOLDS and count(db, "person") == PERSONS
    stored = {p["bhxh_code"]: p for p in server_rows(db, "person")}
    for member in people(district):
        got = stored[member["bhxh_code"]]["bhyt_expiry"]
        assert (str(got)[:10] if got else None) == (
            member["bhyt_expiry"].isoformat() if member["bhyt_expiry"] else None
        )
    head = feed_head(db)
    code, out, err = run(db, "import", str(path))
    assert code == 0, err
    assert f"households: 0 created, 0 updated, {HOUSEHOLDS} unchanged" in out
    assert f"persons: 0 created, 0 updated, {PERSONS} unchanged" in out
    assert feed_head(db) == head  # nothing for the laptops to pull


def test_a_changed_row_moves_only_that_records_version(
    run: Run, db: ServerProcess, tmp_path: Path
) -> None:
    add_users(db, "thu01", "thu02")
    small = lf.district(20, 60, seed=5)
    path = lf.write_xlsx(tmp_path / "list.xlsx", small)
    assert run(db, "import", str(path))[0] == 0
    before = {r["id"]: r["version"] for r in server_rows(db, "person")}
    households_before = {r["id"]: r["version"] for r in server_rows(db, "household")}
    target = small[3].members[-1]
    target["phone"] = "0912345678"
    lf.write_xlsx(path, small)
    code, out, err = run(db, "import", str(path))
    assert code == 0, err
    assert "persons: 0 created, 1 updated" in out
    after = {r["id"]: r for r in server_rows(db, "person")}
    moved = [i for i, v in before.items() if after[i]["version"] != v]
    assert len(moved) == 1 and after[moved[0]]["phone"] == "0912345678"
    assert {r["id"]: r["version"] for r in server_rows(db, "household")} == households_before


def test_a_dry_run_writes_nothing_and_says_per_row(
    run: Run, db: ServerProcess, tmp_path: Path
) -> None:
    add_users(db, "thu01", "thu02")
    path = lf.write_xlsx(tmp_path / "list.xlsx", lf.district(5, 12, seed=2))
    code, out, err = run(db, "import", str(path), "--dry-run")
    assert code == 0, err
    assert "row 2: created" in out and "dry run: nothing written" in out
    assert count(db, "household") == 0 and count(db, "person") == 0
    assert feed_head(db) == (0, 0)


def test_one_bad_row_writes_nothing_and_names_the_row(
    run: Run, db: ServerProcess, tmp_path: Path
) -> None:
    add_users(db, "thu01", "thu02")
    small = lf.district(10, 30, seed=3)
    small[4].members[0]["cccd"] = "12AB"
    path = lf.write_xlsx(tmp_path / "list.xlsx", small)
    bad_row = 2 + sum(len(h.members) for h in small[:4])
    report = tmp_path / "report.xlsx"
    code, out, err = run(db, "import", str(path), "--report", str(report))
    assert code != 0
    assert f"row {bad_row}: column " in err and "cccd" in err.lower()
    name = small[4].members[0]["full_name"]
    assert str(name) not in err and str(name) not in out
    assert count(db, "household") == 0 and count(db, "person") == 0
    sheet = load_workbook(report).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Row", "Status", "Problems")
    statuses = {r[0]: r[1] for r in rows[1:]}
    assert statuses[bad_row] == "refused"
    assert statuses[2] == "created"


def test_assign_to_gives_every_household_to_that_collector(
    run: Run, db: ServerProcess, tmp_path: Path
) -> None:
    add_users(db, "thu01", "thu02", "thu03")
    path = lf.write_xlsx(tmp_path / "list.xlsx", lf.district(8, 20, seed=4))
    code, _out, err = run(db, "import", str(path), "--assign-to", "nobody")
    assert code != 0 and "no active collector" in err
    assert count(db, "household") == 0
    code, _out, err = run(db, "import", str(path), "--assign-to", "thu03")
    assert code == 0, err
    assert {h["collector"] for h in server_rows(db, "household")} == {"thu03"}


def test_assign_to_overrides_a_collector_cell_naming_no_account(
    run: Run, db: ServerProcess, tmp_path: Path
) -> None:
    """The file's collector column is not used with --assign-to (docs/import.md): a name
    there that has no account does not refuse the file."""
    add_users(db, "thu03")
    district = lf.district(3, 6, seed=5)
    for household in district:
        household.values["collector"] = "nguoi.cu"  # the clerk's old name for someone
    path = lf.write_xlsx(tmp_path / "list.xlsx", district)
    code, _out, err = run(db, "import", str(path))
    assert code == 2 and "column collector" in err
    code, _out, err = run(db, "import", str(path), "--assign-to", "thu03")
    assert code == 0, err
    assert {h["collector"] for h in server_rows(db, "household")} == {"thu03"}


def test_the_template_command_writes_a_workbook(
    run: Run, db: ServerProcess, tmp_path: Path
) -> None:
    target = tmp_path / "mau.xlsx"
    code, _out, err = run(db, "import-template", str(target))
    assert code == 0, err
    assert load_workbook(target).sheetnames


@pytest.mark.slow
def test_a_collector_syncs_the_imported_members_with_card_expiry(
    run: Run, server: ServerProcess, tmp_path: Path
) -> None:
    add_users(server, "thu01", "thu02")
    small = lf.district(10, 30, seed=6)
    path = lf.write_csv(tmp_path / "list.csv", small, encoding="cp1258")
    code, _out, err = run(server, "import", str(path))
    assert code == 0, err
    store, engine = app(tmp_path, "laptop", server, user="thu01")
    assert engine.sync().status == "ok"
    mine = [h for h in small if h.values["collector"] == "thu01"]
    local = {p.bhxh_code: p for p in local_rows(store, "person").values()}
    expected = {m["bhxh_code"]: m for h in mine for m in h.members}
    assert set(local) == set(expected)
    for code_, member in expected.items():
        assert local[code_].bhyt_expiry == member["bhyt_expiry"]


def test_a_two_sheet_workbook_imports_with_rows_named_by_sheet(
    run: Run, db: ServerProcess, tmp_path: Path
) -> None:
    add_users(db, "thu01", "thu02")
    small = lf.district(6, 15, seed=8)
    path = lf.write_xlsx(tmp_path / "list.xlsx", small, layout="sheets")
    code, out, err = run(db, "import", str(path), "--dry-run")
    assert code == 0, err
    assert "sheet Hộ row 2: created" in out and "sheet Thành viên row 16: created" in out
    assert run(db, "import", str(path))[0] == 0
    assert count(db, "household") == 6 and count(db, "person") == 15
    engine = server_engine(db)
    try:
        with engine.connect() as conn:
            for entity in ("household", "person"):
                matching = conn.execute(
                    sa.text(
                        f"SELECT count(*) FROM {entity} r JOIN change_feed f ON f.entity ="
                        f" '{entity}' AND f.entity_id = r.id AND f.audience IS NULL"
                        " WHERE f.seq = r.version"
                    )
                ).scalar_one()
                assert matching == count(db, entity)  # each version is its feed sequence
    finally:
        engine.dispose()


# --- a member another household holds ---------------------------------------------------------


def test_a_member_held_by_another_household_refuses_the_file(
    run: Run, db: ServerProcess, tmp_path: Path
) -> None:
    add_users(db, "thu01", "thu02")
    small = lf.district(6, 18, seed=9)
    path = lf.write_xlsx(tmp_path / "list.xlsx", small)
    assert run(db, "import", str(path))[0] == 0
    head = feed_head(db)
    # A partial list moves the first household's last member to the third household, and
    # a new household's head has the CCCD of a member of the second: each citizen would
    # become two persons.
    moved = dict(small[0].members[-1], relation="Con")
    held = next(m for m in small[1].members if m["cccd"])
    newcomer = dict(held, bhxh_code="0899999999", bhyt_card_number="0899999999", relation="Chủ hộ")
    fresh = lf.Household(dict(small[0].values, code="HGD999999", head_name=held["full_name"]))
    fresh.members.append(newcomer)
    third = lf.Household(small[2].values, [*small[2].members, moved])
    lf.write_xlsx(path, [third, fresh])
    moved_row, newcomer_row = 1 + len(third.members), 2 + len(third.members)
    code, out, err = run(db, "import", str(path))
    assert code == 2
    assert f"row {moved_row}: column bhxh_code: already a member of another household" in err
    assert f"row {newcomer_row}: column cccd: already a member of another household" in err
    for secret in (moved["full_name"], moved["bhxh_code"], held["cccd"], "HGD000001"):
        assert str(secret) not in err and str(secret) not in out
    assert feed_head(db) == head and count(db, "person") == 18  # nothing written

    # Once the first household's member is deleted, the third household may take them.
    engine = server_engine(db)
    try:
        with engine.begin() as conn:
            conn.execute(
                sa.text("UPDATE person SET deleted = :yes WHERE bhxh_code = :code"),
                {"yes": True, "code": moved["bhxh_code"]},
            )
    finally:
        engine.dispose()
    lf.write_xlsx(path, [third])
    code, out, err = run(db, "import", str(path))
    assert code == 0, err
    assert "persons: 1 created" in out


def test_a_new_collector_takes_the_households_with_notices_for_the_old_ones(
    run: Run, db: ServerProcess, tmp_path: Path
) -> None:
    add_users(db, "thu01", "thu02", "thu03")
    small = lf.district(6, 15, seed=12)
    path = lf.write_xlsx(tmp_path / "list.xlsx", small)
    assert run(db, "import", str(path))[0] == 0
    small[1].members[0]["phone"] = "0912345678"  # and one member changes too
    lf.write_xlsx(path, small)
    code, out, err = run(db, "import", str(path), "--assign-to", "thu03")
    assert code == 0, err
    assert "households: 0 created, 6 updated" in out and "persons: 0 created, 1 updated" in out
    households = server_rows(db, "household")
    assert {h["collector"] for h in households} == {"thu03"}
    assert all(json.loads(h["field_versions"])["collector"][1] == "admin-cli" for h in households)
    engine = server_engine(db)
    try:
        with engine.connect() as conn:
            notices = conn.execute(
                sa.text(
                    "SELECT audience, count(*) FROM change_feed WHERE audience IS NOT NULL"
                    " GROUP BY audience ORDER BY audience"
                )
            ).all()
            assert [tuple(n) for n in notices] == [("thu01", 3), ("thu02", 3)]
            for entity in ("household", "person"):
                stale = conn.execute(
                    sa.text(
                        f"SELECT count(*) FROM {entity} r LEFT JOIN change_feed f ON f.entity ="
                        f" '{entity}' AND f.entity_id = r.id AND f.audience IS NULL"
                        " AND f.seq = r.version WHERE f.seq IS NULL"
                    )
                ).scalar_one()
                assert stale == 0  # every version is its feed entry's sequence
    finally:
        engine.dispose()
