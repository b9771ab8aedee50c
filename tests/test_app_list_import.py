"""The app's import of a commune list (issue 13): the store side (plan, apply through the
services, all or nothing), the `vss-desktop import` command, a SIGKILL mid-import, and
the imported records syncing to the real server."""

from __future__ import annotations

import json
import os
import pty
import select
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlmodel import col
from sqlmodel import select as sql_select

from helpers import list_files as lf
from helpers.server_harness import ServerProcess
from helpers.sync_helpers import app, seed_server, server_rows
from vss_core.enums import OpKind
from vss_core.importing import ParsedList, parse_list
from vss_desktop.__main__ import main
from vss_desktop.store import Store, open_store, queries, services
from vss_desktop.store.list_import import ImportCancelled, apply_import, plan_import
from vss_desktop.store.models import Household, OutboxOp, Person
from vss_desktop.store.search import match_expression, matching_keys


def parsed_of(path: Path) -> ParsedList:
    return parse_list(path, today=lf.TODAY)


def counts(store: Store) -> tuple[int, int, int]:
    """(live households, live persons, outbox ops)."""
    with store.read() as session:
        conn = session.connection()
        households = conn.exec_driver_sql(
            "SELECT count(*) FROM household WHERE deleted_at IS NULL"
        ).scalar()
        persons = conn.exec_driver_sql(
            "SELECT count(*) FROM person WHERE deleted_at IS NULL"
        ).scalar()
        ops = conn.exec_driver_sql("SELECT count(*) FROM outbox").scalar()
    return int(households or 0), int(persons or 0), int(ops or 0)


def ops_after(store: Store, seq: int) -> list[OutboxOp]:
    with store.read() as session:
        stmt = sql_select(OutboxOp).where(col(OutboxOp.seq) > seq).order_by(col(OutboxOp.seq))
        return list(session.exec(stmt))


def last_seq(store: Store) -> int:
    with store.read() as session:
        value = session.connection().exec_driver_sql("SELECT max(seq) FROM outbox").scalar()
    return int(value or 0)


@pytest.fixture(scope="module")
def small() -> list[lf.Household]:
    return lf.district(12, 40)


# --- the store: preview, apply, all or nothing -------------------------------------------


def test_import_into_an_empty_store_creates_every_record_with_one_op_each(
    store: Store, small: list[lf.Household], tmp_path: Path
) -> None:
    parsed = parsed_of(lf.write_xlsx(tmp_path / "list.xlsx", small))
    assert parsed.ok

    preview = plan_import(store, parsed)
    assert preview.households == {"created": 12} and preview.persons == {"created": 40}
    assert not preview.written and counts(store) == (0, 0, 0)  # the preview writes nothing

    result = apply_import(store, parsed)
    assert result.written and not result.refused
    assert result.households == {"created": 12} and result.persons == {"created": 40}
    assert counts(store) == (12, 40, 52)
    ops = ops_after(store, 0)
    assert {op.kind for op in ops} == {OpKind.CREATE}
    assert len({(op.entity, op.entity_id) for op in ops}) == 52  # one op per record
    assert [op.entity for op in ops[:2]] == ["household", "person"]  # parents first
    # What the list says is stored: a member's identifiers, the household's address.
    first = small[0]
    with store.read() as session:
        household = session.exec(
            sql_select(Household).where(Household.code == first.values["code"])
        ).one()
        members = session.exec(sql_select(Person).where(Person.household_id == household.id)).all()
        assert household.village == first.values["village"]
        assert household.phone == first.values["household_phone"]
        assert household.collector == ""  # the collector column is not stored (see docs)
        assert sorted(p.bhxh_code for p in members) == sorted(m["bhxh_code"] for m in first.members)
        # Searchable at once: the search documents were written with the records.
        keys = matching_keys(session, match_expression(first.members[0]["bhxh_code"]) or "")
        assert household.local_key in keys
        assert queries.household_ids(session, queries.HouseholdFilter()) != []


def test_a_second_import_of_the_same_file_changes_nothing(
    store: Store, small: list[lf.Household], tmp_path: Path
) -> None:
    path = lf.write_xlsx(tmp_path / "list.xlsx", small)
    apply_import(store, parsed_of(path))
    before = last_seq(store)

    again = apply_import(store, parsed_of(path))
    assert again.households == {"unchanged": 12} and again.persons == {"unchanged": 40}
    assert {o.status for o in again.rows.values()} == {"unchanged"}
    assert ops_after(store, before) == []
    assert counts(store) == (12, 40, before)


def test_a_changed_cell_updates_only_that_record_with_only_that_field(
    store: Store, small: list[lf.Household], tmp_path: Path
) -> None:
    apply_import(store, parsed_of(lf.write_xlsx(tmp_path / "first.xlsx", small)))
    before = last_seq(store)
    changed = [lf.Household(dict(h.values), [dict(m) for m in h.members]) for h in small]
    target = changed[3].members[1]
    target["phone"] = "0912345678" if target["phone"] != "0912345678" else "0987654321"

    preview = plan_import(store, parsed_of(lf.write_xlsx(tmp_path / "second.xlsx", changed)))
    assert preview.persons == {"unchanged": 39, "updated": 1}
    assert ops_after(store, before) == []
    result = apply_import(store, parsed_of(tmp_path / "second.xlsx"))
    assert result.households == {"unchanged": 12}
    assert result.persons == {"unchanged": 39, "updated": 1}
    (op,) = ops_after(store, before)
    assert (op.entity, op.kind) == ("person", OpKind.UPDATE)
    assert json.loads(op.fields) == {"phone": target["phone"]}
    with store.read() as session:
        person = session.get(Person, op.entity_id)
        assert person is not None and person.bhxh_code == target["bhxh_code"]


def test_blank_cells_and_absent_columns_keep_what_is_stored(
    store: Store, small: list[lf.Household], tmp_path: Path
) -> None:
    apply_import(store, parsed_of(lf.write_xlsx(tmp_path / "first.xlsx", small)))
    before = last_seq(store)
    # The same people with every phone blank, and without the BHYT card columns at all.
    header = [c for c in lf.headers() if c not in ("Số thẻ BHYT", "Hạn thẻ BHYT")]
    rows: list[list[Any]] = [header]
    full = lf.headers()
    for row in lf.person_rows(small):
        values = dict(zip(full, row, strict=True))
        values["Điện thoại"] = ""
        rows.append([values[h] for h in header])
    result = apply_import(store, parsed_of(lf.write_rows_xlsx(tmp_path / "part.xlsx", rows)))
    assert result.persons == {"unchanged": 40}
    assert ops_after(store, before) == []


def test_a_file_with_one_bad_row_writes_nothing(
    store: Store, small: list[lf.Household], tmp_path: Path
) -> None:
    bad = [lf.Household(dict(h.values), [dict(m) for m in h.members]) for h in small]
    bad[5].members[0]["bhxh_code"] = "12345"  # 5 digits: refused
    parsed = parsed_of(lf.write_xlsx(tmp_path / "bad.xlsx", bad))
    assert not parsed.ok
    bad_row = parsed.errors[0].row

    result = apply_import(store, parsed)
    assert result.refused and not result.written
    assert counts(store) == (0, 0, 0)
    assert result.rows[("Danh sách", bad_row)].status == "refused"
    assert "Mã số BHXH" in result.rows[("Danh sách", bad_row)].reasons[0]
    # The other rows say what would have happened.
    assert sum(1 for o in result.rows.values() if o.status == "created") == 39


def test_cancel_mid_way_writes_nothing(
    store: Store, small: list[lf.Household], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vss_desktop.store import list_import

    monkeypatch.setattr(list_import, "PROGRESS_STEP", 5)
    parsed = parsed_of(lf.write_xlsx(tmp_path / "list.xlsx", small))
    seen: list[int] = []

    def progress(done: int, total: int) -> None:
        seen.append(done)

    with pytest.raises(ImportCancelled):
        apply_import(store, parsed, progress=progress, cancelled=lambda: len(seen) >= 2)
    assert seen and 0 < seen[-1] < 40  # it had written part of the file
    assert counts(store) == (0, 0, 0)  # no household, no member, no op
    # And the store still takes the whole file afterwards.
    assert apply_import(store, parsed).written
    assert counts(store) == (12, 40, 52)


def test_an_error_half_way_rolls_everything_back(
    store: Store, small: list[lf.Household], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed = parsed_of(lf.write_xlsx(tmp_path / "list.xlsx", small))
    real = services.create_person_in_session
    calls: list[int] = []

    def failing(*args: Any, **kwargs: Any) -> Person:
        calls.append(1)
        if len(calls) == 20:
            raise OSError("disk full")
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "create_person_in_session", failing)
    with pytest.raises(OSError):
        apply_import(store, parsed)
    assert counts(store) == (0, 0, 0)


def test_households_match_by_code_else_by_head_village_and_house(
    store: Store, tmp_path: Path
) -> None:
    """The shared rules: a stored household without a code is found by its head, village
    and house number; a member by BHXH code, CCCD, then name and birth date."""
    district = lf.district(3, 6)
    for household in district:
        household.values["code"] = ""
    apply_import(store, parsed_of(lf.write_xlsx(tmp_path / "a.xlsx", district)))
    before = last_seq(store)
    for household in district:
        for member in household.members:
            member["bhxh_code"] = ""  # matched by CCCD, else by name and birth date now
    result = apply_import(store, parsed_of(lf.write_xlsx(tmp_path / "b.xlsx", district)))
    assert result.households == {"unchanged": 3} and result.persons == {"unchanged": 6}
    assert ops_after(store, before) == []


def test_several_stored_households_matching_refuse_the_row(store: Store, tmp_path: Path) -> None:
    district = lf.district(1, 1)
    values = {"head_name": district[0].values["head_name"], "village": district[0].values["village"],
              "house_number": district[0].values["house_number"]}  # fmt: skip
    services.create_household(store, values)
    services.create_household(store, values)
    district[0].values["code"] = ""
    result = apply_import(store, parsed_of(lf.write_xlsx(tmp_path / "a.xlsx", district)))
    assert result.refused and not result.written
    assert "several stored households match" in result.problems()[0]
    assert counts(store)[:2] == (2, 0)


def test_a_person_held_by_another_household_is_refused(store: Store, tmp_path: Path) -> None:
    """The shared rule (matching.held_elsewhere): a BHXH code or CCCD that a live person of
    another household holds would make one citizen two persons; the file is refused."""
    district = lf.district(4, 10)
    apply_import(store, parsed_of(lf.write_xlsx(tmp_path / "a.xlsx", district)))
    before = last_seq(store)
    moved = [lf.Household(dict(h.values), [dict(m) for m in h.members]) for h in district]
    # The second household's head appears (same BHXH code) in a new household.
    newcomer = lf.Household(
        dict(moved[0].values, code="HGD999999", head_name="Lò Văn Mới"),
        [dict(moved[1].members[0], relation="Chủ hộ", full_name="Lò Văn Mới")],
    )
    path = lf.write_xlsx(tmp_path / "b.xlsx", [moved[2], newcomer])  # a partial list
    parsed = parsed_of(path)
    assert parsed.ok  # the file itself is fine: it is the stored data that refuses it
    preview = plan_import(store, parsed)
    assert preview.refused
    (line,) = preview.problems()
    assert "column bhxh_code: already a member of another household" in line
    assert newcomer.members[0]["bhxh_code"] not in line
    result = apply_import(store, parsed)
    assert result.refused and not result.written
    assert ops_after(store, before) == [] and counts(store)[:2] == (4, 10)


# --- the command line -----------------------------------------------------------------------


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_imports_reports_and_refuses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], small: list[lf.Household]
) -> None:
    data = tmp_path / "data"
    path = lf.write_csv(tmp_path / "list.csv", small, encoding="cp1258", separator=";")

    code, out, _ = run_cli(capsys, "import", str(path), "--dry-run", "--data-dir", str(data))
    assert code == 0
    assert "dry run, would be: households: 12 created" in out and "nothing written" in out
    assert "windows-1258" in out.lower() or "cp1258" in out.lower()
    assert "row 2: created" in out
    store = open_store(data)
    assert counts(store) == (0, 0, 0)
    store.close()

    report = tmp_path / "report.xlsx"
    code, out, _ = run_cli(
        capsys, "import", str(path), "--report", str(report), "--data-dir", str(data)
    )
    assert code == 0
    assert "households: 12 created, 0 updated, 0 unchanged; persons: 40 created" in out
    assert "52 changes queued" in out
    sheet = load_workbook(report).worksheets[0]
    assert [c.value for c in sheet[1]][:3] == ["Row", "Status", "Problems"]
    assert {row[1] for row in sheet.iter_rows(min_row=2, values_only=True)} == {"created"}
    store = open_store(data)
    assert counts(store) == (12, 40, 52)
    store.close()

    # One bad row: exit 2, each refused row by row and column, no cell content.
    bad = [lf.Household(dict(h.values), [dict(m) for m in h.members]) for h in small]
    bad[2].members[0]["cccd"] = "0012"
    bad_path = lf.write_csv(tmp_path / "bad.csv", bad)
    code, out, err = run_cli(capsys, "import", str(bad_path), "--data-dir", str(data))
    assert code == 2
    assert "import refused, nothing written" in err
    assert "column Số CCCD" in err
    assert "0012" not in out + err and bad[2].members[0]["full_name"] not in out + err
    store = open_store(data)
    assert counts(store) == (12, 40, 52)
    store.close()

    # A file that is not a list at all: its message, exit 2.
    code, _, err = run_cli(
        capsys, "import", str(lf.old_xls(tmp_path / "old.xls")), "--data-dir", str(data)
    )
    assert code == 2 and ".xls" in err and "nothing written" in err


# --- SIGKILL in the middle: nothing or everything ---------------------------------------------


def test_sigkill_mid_import_leaves_nothing_or_everything(tmp_path: Path) -> None:
    households, persons = 1800, 6000
    path = lf.write_xlsx(tmp_path / "big.xlsx", lf.district(households, persons))
    data = tmp_path / "data"
    open_store(data).close()  # created and migrated before the kill test starts
    master, slave = pty.openpty()  # stderr a terminal: the command prints its progress
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("VSS_PASSPHRASE", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "vss_desktop", "import", str(path), "--data-dir", str(data)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=slave,
        env=env,
    )
    os.close(slave)
    seen = b""
    deadline = time.monotonic() + 120
    try:
        # Killed once it has written part of the file inside its transaction.
        while b"persons (" not in seen and time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 1.0)
            if ready:
                try:
                    seen += os.read(master, 4096)
                except OSError:
                    break
            if proc.poll() is not None:
                break
        assert b"persons (" in seen, seen.decode(errors="replace")[-500:]
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(30)
        os.close(master)
    store = open_store(data)
    try:
        found = counts(store)
        assert found in ((0, 0, 0), (households, persons, households + persons)), found
        # Whatever was left, the same file then goes in whole, once.
        result = apply_import(store, parsed_of(path))
        assert result.written
        assert counts(store) == (households, persons, households + persons)
    finally:
        store.close()


# --- the imported records reach the server, once -------------------------------------------


def test_imported_records_sync_to_the_server_once(server: ServerProcess, tmp_path: Path) -> None:
    seed_server(server, tmp_path)
    store, engine = app(tmp_path, "laptop", server)
    try:
        assert engine.sync().status == "ok"
        before_households = len(server_rows(server, "household"))
        district = lf.district(15, 50)
        path = lf.write_xlsx(tmp_path / "list.xlsx", district)
        assert apply_import(store, parsed_of(path)).written
        report = engine.sync()
        assert report.status == "ok" and report.rejected == 0
        assert services.pending_changes(store) == 0

        codes = {h.values["code"] for h in district}
        remote = [h for h in server_rows(server, "household") if h["code"] in codes]
        assert len(remote) == 15 and {h["code"] for h in remote} == codes
        assert {h["collector"] for h in remote} == {"thu.lt"}  # given to who pushed them
        ids = {h["id"] for h in remote}
        remote_persons = [p for p in server_rows(server, "person") if p["household_id"] in ids]
        assert len(remote_persons) == 50
        bhxh = {m["bhxh_code"] for h in district for m in h.members}
        assert {p["bhxh_code"] for p in remote_persons} == bhxh

        # The same file again, and another sync: nothing new anywhere.
        again = apply_import(store, parsed_of(path))
        assert again.persons == {"unchanged": 50}
        assert services.pending_changes(store) == 0
        assert engine.sync().status == "ok"
        assert len(server_rows(server, "household")) == before_households + 15
        assert len([p for p in server_rows(server, "person") if p["household_id"] in ids]) == 50
    finally:
        store.close()


def test_dates_stay_dates(store: Store, small: list[lf.Household], tmp_path: Path) -> None:
    """CSV dates as dd/mm/yyyy text arrive as the same dates as the .xlsx's."""
    apply_import(store, parsed_of(lf.write_xlsx(tmp_path / "a.xlsx", small)))
    before = last_seq(store)
    result = apply_import(store, parsed_of(lf.write_csv(tmp_path / "a.csv", small)))
    assert result.persons == {"unchanged": 40}
    assert ops_after(store, before) == []
    with store.read() as session:
        person = session.exec(sql_select(Person)).first()
    assert person is not None and isinstance(person.date_of_birth, date)
