"""A list import meeting what is already there (issue 13): a member held by another
household (vss_core.importing.matching.held_elsewhere), and a collector's unsent edits
meeting the server's import through the sync conflict rules (docs/sync-protocol.md)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import select

from helpers import list_files as lf
from helpers.server_cli import Run, cli_runner
from helpers.server_harness import ServerProcess
from helpers.sync_helpers import PASSWORD, app, local_rows, server_engine, server_rows
from vss_core.enums import OpState
from vss_core.importing.matching import HELD_ELSEWHERE, held_elsewhere, holder_index
from vss_desktop.store import services
from vss_desktop.store.models import OutboxOp
from vss_desktop.sync import overview as sync_overview

# --- held elsewhere: the shared rule ---------------------------------------------------------

INDEX = holder_index(
    [
        ("hh-a", "0800000001", "008090000001"),
        ("hh-b", "0800000002", ""),
        ("hh-b", None, "008090000003"),
    ]
)


def test_an_identifier_of_another_households_member_is_refused_by_column() -> None:
    reason = held_elsewhere({"bhxh_code": "0800000001"}, "hh-b", INDEX)
    assert reason is not None and reason.startswith("column bhxh_code: ")
    assert HELD_ELSEWHERE in reason
    assert "0800000001" not in reason and "hh-a" not in reason  # no value, no household
    reason = held_elsewhere({"bhxh_code": "0899999999", "cccd": "008090000003"}, "hh-a", INDEX)
    assert reason is not None and reason.startswith("column cccd: ")


def test_the_own_households_identifiers_and_unknown_ones_pass() -> None:
    assert (
        held_elsewhere({"bhxh_code": "0800000001", "cccd": "008090000001"}, "hh-a", INDEX) is None
    )
    assert held_elsewhere({"bhxh_code": "0800000009", "cccd": ""}, "hh-a", INDEX) is None
    assert held_elsewhere({"full_name": "x"}, None, INDEX) is None


def test_a_new_household_cannot_take_a_stored_member() -> None:
    reason = held_elsewhere({"cccd": "008090000001"}, None, INDEX)
    assert reason is not None and reason.startswith("column cccd: ")


# --- a collector's unsent edit meets the server's import ------------------------------------


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Iterator[Run]:
    yield from cli_runner(capsys)


@pytest.mark.slow
@pytest.mark.parametrize("server", ["sqlite"], indirect=True)
def test_an_unsent_edit_meets_the_import_field_by_field(
    run: Run, server: ServerProcess, tmp_path: Path
) -> None:
    """The import's change is a server change like any other: the laptop's unsent edit of
    the same field is a conflict (the server keeps the import's value and records the
    laptop's), its edit of a field the import left alone is applied, and the import's
    change of a field the laptop did not touch reaches the laptop."""
    from vss_server import admin

    engine = server_engine(server)
    for name in ("thu01", "thu02"):
        admin.create_user(engine, name, PASSWORD)
    engine.dispose()
    small = lf.district(4, 10, seed=21)
    path = lf.write_xlsx(tmp_path / "list.xlsx", small)
    assert run(server, "import", str(path))[0] == 0
    store, sync = app(tmp_path, "laptop", server, user="thu01")
    assert sync.sync().status == "ok"

    household = next(h for h in small if h.values["collector"] == "thu01")
    member = household.members[-1]
    local = {p.bhxh_code: p for p in local_rows(store, "person").values()}
    person_id = local[member["bhxh_code"]].id
    # Offline, the collector corrects the phone and writes a note: not sent yet.
    services.update_person(store, person_id, {"phone": "0987000111", "notes": "Đi làm xa"})
    # Meanwhile the district imports a list with another phone and a renewed card.
    member["phone"] = "0912000222"
    member["bhyt_expiry"] = lf.TODAY.replace(year=lf.TODAY.year + 1)
    lf.write_xlsx(path, small)
    code, out, err = run(server, "import", str(path))
    assert code == 0, err
    assert "persons: 0 created, 1 updated" in out

    report = sync.sync()
    assert report.status == "ok" and report.conflicts == 1
    row = next(r for r in server_rows(server, "person") if r["id"] == person_id)
    assert row["phone"] == "0912000222"  # the server kept the import's value
    assert row["notes"] == "Đi làm xa"  # the laptop's other field merged
    assert str(row["bhyt_expiry"])[:10] == member["bhyt_expiry"].isoformat()
    conflicts = server_rows(server, "conflict")
    assert [
        (
            c["entity_id"],
            c["field_name"],
            json.loads(c["server_value"]),
            json.loads(c["client_value"]),
        )
        for c in conflicts
    ] == [(person_id, "phone", "0912000222", "0987000111")]
    with store.read() as session:
        op = session.exec(select(OutboxOp).where(OutboxOp.state == OpState.CONFLICT)).one()
        assert json.loads(op.result or "{}")["conflict"] == {
            "phone": {"server": "0912000222", "client": "0987000111"}
        }
    # The laptop now shows the server's values, its own note, and the conflict to settle.
    mine = local_rows(store, "person")[person_id]
    assert (mine.phone, mine.notes, mine.bhyt_expiry) == (
        "0912000222",
        "Đi làm xa",
        member["bhyt_expiry"],
    )
    [issue] = sync_overview.open_issues(store)
    assert [(c.field, c.mine, c.server) for c in issue.conflicts] == [
        ("phone", "0987000111", "0912000222")
    ]
    assert services.pending_changes(store) == 0
    store.close()


@pytest.mark.parametrize("server", ["sqlite"], indirect=True)
def test_the_old_households_csv_import_also_meets_unsent_edits_as_conflicts(
    server: ServerProcess, tmp_path: Path
) -> None:
    """The households-only CSV layout (vss_server.admin.import_households) marks the
    fields it changes too: without that, a laptop's unsent edit silently won."""
    import csv

    from helpers.sync_helpers import seed_server
    from vss_server import admin

    seed_server(server, tmp_path, households=2)
    store, sync = app(tmp_path, "laptop", server, user="thu.lt")
    assert sync.sync().status == "ok"
    (household,) = local_rows(store, "household").values()
    services.update_household(store, household.id, {"phone": "0987000111"})
    path = tmp_path / "again.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["code", "head_name", "village", "house_number", "phone"])
        writer.writerow(
            [
                household.code,
                household.head_name,
                household.village,
                household.house_number,
                "0912000222",
            ]
        )
    engine = server_engine(server)
    admin.import_households(engine, path)
    engine.dispose()
    report = sync.sync()
    assert report.status == "ok" and report.conflicts == 1
    row = next(r for r in server_rows(server, "household") if r["id"] == household.id)
    assert row["phone"] == "0912000222"
    store.close()
