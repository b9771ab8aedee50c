"""Events across versions (issue 15, docs/sync-protocol.md "Events", version rules), with
the code of the last commit before events (a1b3f65, from `git archive`) run beside this
tree's:

(a) this app against the OLD server: door visits recorded before and after an event go out
    up to the first op that needs events; the event and its walk-ins wait (nothing
    rejected, the message says why) while the pull still runs; then the same database
    served by the NEW server (migrated when it starts) takes the rest, each op once;
(b) the OLD app against this server, which holds events and walk-in visits of its
    collector: its `sync` exits 0 and stores the visits without the event fields.
First the push gate's rule on its own (sync.engine.for_server).
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from helpers.server_harness import ServerProcess
from helpers.sync_helpers import PASSWORD, app, local_rows, seed_server, server_engine, server_rows
from vss_core.enums import OpState
from vss_desktop import paths
from vss_desktop.store import Store
from vss_desktop.store import events as ev
from vss_desktop.store import services as sv
from vss_desktop.store.models import OutboxOp, Person
from vss_desktop.sync.engine import for_server

BEFORE_EVENTS = "a1b3f65"  # the last commit before events
REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def old_code(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The packages and resources of the commit before events, in a directory of their own."""
    git = shutil.which("git")
    if git is None or not (REPO / ".git").exists():
        pytest.skip("git or the repository's history is not available")
    archive = subprocess.run(
        [git, "-C", str(REPO), "archive", BEFORE_EVENTS, "vss_core", "vss_server", "vss_desktop",
         "resources"],
        capture_output=True,
        timeout=120,
    )  # fmt: skip
    if archive.returncode != 0:
        pytest.skip(f"commit {BEFORE_EVENTS} is not available: {archive.stderr.decode()[:200]}")
    target = tmp_path_factory.mktemp("before-events")
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(target, filter="data")
    return target


def test_the_push_gate_rule() -> None:
    def op(entity: str, **fields: object) -> dict[str, object]:
        return {"op_id": "o", "seq": 1, "entity": entity, "entity_id": "x", "kind": "create",
                "base_version": None, "fields": fields}  # fmt: skip

    old, new = frozenset(), frozenset({"events"})
    door = op("visit", outcome="thinking", event_id=None, referred_by=None)
    listed = op("household", head_name="A", met_at_event="")
    walkin = op("visit", outcome="enrolled", event_id="e1", referred_by=None)
    referral = op("visit", outcome="enrolled", event_id=None, referred_by="p1")
    met = op("household", head_name="B", met_at_event="e1")
    event = op("event", kind="booth")
    deleted = {**op("event"), "kind": "delete"}
    assert for_server(door, old) == op("visit", outcome="thinking")
    assert for_server(listed, old) == op("household", head_name="A")
    assert for_server(op("person", full_name="C"), old) == op("person", full_name="C")
    assert for_server({**op("visit"), "kind": "delete"}, old) == {**op("visit"), "kind": "delete"}
    for waits in (walkin, referral, met, event, deleted):
        assert for_server(waits, old) is None
    for every in (door, listed, walkin, referral, met, event, deleted):
        assert for_server(every, new) == every
    assert door["fields"] == {"outcome": "thinking", "event_id": None, "referred_by": None}


def add_user(server: ServerProcess, name: str) -> None:
    """A collector on an old server's database, written in-process (not migrated: the
    accounts table is the same in both versions), saving a 2 s `create-user` command."""
    from vss_server import admin

    engine = server_engine(server)
    try:
        admin.create_user(engine, name, PASSWORD)
    finally:
        engine.dispose()


def write_list(path: Path, rows: list[tuple[str, str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["code", "village", "full_name", "relation"])
        for code, name in rows:
            writer.writerow([code, "Bản Pha Long", name, "Chủ hộ"])
    return path


def households(store: Store) -> list[sv.Household]:
    return sorted(local_rows(store, "household").values(), key=lambda h: h.code)


def event_day(store: Store) -> dict[str, str]:
    """A door visit, an event with a new household met there and its walk-in visit, then
    another door visit: seven ops, the event's ops (2-6) between door visits (1, 7)."""
    home, other = households(store)[:2]
    now = datetime.now(UTC) - timedelta(hours=3)
    door = sv.save_visit(store, sv.NewVisit(household_id=home.id, outcome="thinking",
                                            visited_at=now))  # fmt: skip
    event = ev.save_event(
        store,
        ev.EventInput(kind="union_meeting", starts_at=now + timedelta(hours=1),
                      province="Tỉnh Lào Cai", commune="Xã Bản Phiệt", attendees=60),
    )  # fmt: skip
    new = ev.add_walkin_household(
        store,
        event.id,
        sv.HouseholdInput(head_name="Vàng Thị Dợ", village="Bản Pha Long"),
        sv.HouseholdHead(),
    )
    with store.read() as session:
        head = session.exec(select(Person.id).where(Person.household_id == new.id)).one()
    walkin = sv.save_visit(
        store,
        sv.NewVisit(household_id=new.id, outcome="enrolled", visited_at=now + timedelta(hours=1),
                    amount_collected=1_105_000, receipt_number="BL-7",
                    results=(sv.VisitResult(head, "bhyt_household_enrolled", 1_105_000, 12),),
                    event_id=event.id),
    )  # fmt: skip
    later = sv.save_visit(store, sv.NewVisit(household_id=other.id, outcome="not_home",
                                             visited_at=now + timedelta(hours=2)))  # fmt: skip
    return {"door": door.id, "event": event.id, "new": new.id, "walkin": walkin.id,
            "later": later.id}  # fmt: skip


def outbox_states(store: Store) -> list[tuple[str, str]]:
    with store.read() as session:
        return [
            (op.entity, op.state) for op in session.exec(select(OutboxOp).order_by(OutboxOp.seq))
        ]


def test_new_app_against_the_old_server_then_the_new_one(old_code: Path, tmp_path: Path) -> None:
    data = tmp_path / "server"
    old = ServerProcess(data, code=old_code).start()  # its database migrated to 0007
    try:
        add_user(old, "thu.lt")
        store, engine = app(tmp_path, "laptop", old)
        for name in ("Lò Văn A", "Lò Văn B"):  # met_at_event None: sent without it
            sv.save_household(store, sv.HouseholdInput(head_name=name, village="Bản Pha Long"),
                              sv.HouseholdHead())  # fmt: skip
        first = engine.sync()
        assert (first.status, first.sent, first.rejected, first.waiting) == ("ok", 4, 0, 0)
        assert engine.features == frozenset()  # an older server tells none
        ids = event_day(store)

        report = engine.sync()
        assert (report.status, report.sent, report.rejected, report.conflicts) == ("ok", 1, 0, 0)
        assert (report.waiting, report.waiting_for) == (6, "events")
        assert report.message == "6 changes wait until the server is updated (events)"
        assert [r["id"] for r in server_rows(old, "visit")] == [ids["door"]]
        # The pull still runs: a household (and head) from the collector's other laptop.
        other, other_engine = app(tmp_path, "other-laptop", old)
        sv.save_household(other, sv.HouseholdInput(head_name="Lò Văn C", village="Bản Pha Long"),
                          sv.HouseholdHead())  # fmt: skip
        assert other_engine.sync().sent == 2
        other.close()
        again = engine.sync()
        assert (again.status, again.sent, again.waiting, again.received) == ("ok", 0, 6, 2)
        assert len(households(store)) == 4  # the three sent and the walk-in
    finally:
        old.stop()
    assert [state for _, state in outbox_states(store)] == ["applied"] * 5 + ["pending"] * 6

    new = ServerProcess(data, port=old.port).start()  # same database, migrated at start
    try:
        report = engine.sync()
        assert engine.features == {"events"}
        assert (report.status, report.sent, report.rejected, report.conflicts) == ("ok", 6, 0, 0)
        assert (report.waiting, report.message, report.statuses) == (0, "", {"applied": 6})
        assert outbox_states(store)[4:] == [
            ("visit", "applied"), ("event", "applied"), ("household", "applied"),
            ("person", "applied"), ("visit", "applied"), ("collection", "applied"),
            ("visit", "applied"),
        ]  # fmt: skip
        # Each op applied exactly once, and the walk-in names its event on the server.
        applied = server_rows(new, "applied_op")
        assert len(applied) == len({r["op_id"] for r in applied}) == 4 + 2 + 7
        assert {r["status"] for r in applied} == {OpState.APPLIED}
        visits = {r["id"]: r for r in server_rows(new, "visit")}
        assert set(visits) == {ids["door"], ids["walkin"], ids["later"]}
        assert (visits[ids["walkin"]]["event_id"], visits[ids["door"]]["event_id"]) == (
            ids["event"],
            None,
        )
        assert [(r["id"], r["collector"]) for r in server_rows(new, "event")] == [
            (ids["event"], "thu.lt")
        ]
        assert engine.sync().sent == 0
    finally:
        new.stop()
        store.close()


def run_old_app(old_code: Path, data_dir: Path, *args: str, stdin: str | None = None) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("VSS_PASSPHRASE", "VSS_DATA_DIR")}
    result = subprocess.run(
        [sys.executable, "-m", "vss_desktop", "--data-dir", str(data_dir), *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        env=env | {"PYTHONPATH": str(old_code)},
        cwd=old_code,
    )
    assert result.returncode == 0, f"old app {args[0]}: {result.stdout}\n{result.stderr}"
    return result.stdout


def test_the_old_app_against_the_new_server(old_code: Path, tmp_path: Path) -> None:
    server = ServerProcess(tmp_path / "server").start()
    try:
        seed_server(server, tmp_path, households=4)
        store, engine = app(tmp_path, "new-laptop", server)
        assert engine.sync().status == "ok"
        ids = event_day(store)
        assert engine.sync().sent == 7
        store.close()

        old_dir = tmp_path / "old-laptop"
        run_old_app(old_code, old_dir, "login", "--server", server.url, "--username", "thu.lt",
                    "--password-stdin", stdin=PASSWORD)  # fmt: skip
        summary = json.loads(run_old_app(old_code, old_dir, "sync", "--json"))
    finally:
        server.stop()
    assert summary["status"] == "ok", summary
    with sqlite3.connect(paths.database_path(old_dir)) as db:
        tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master")}
        columns = {row[1] for row in db.execute("PRAGMA table_info(visit)")}
        visits = {row[0] for row in db.execute("SELECT id FROM visit")}
        walkin_home = db.execute("SELECT head_name FROM household WHERE id = ?", (ids["new"],))
        assert walkin_home.fetchall() == [("Vàng Thị Dợ",)]
    assert "event" not in tables and "event_id" not in columns  # the old schema
    assert visits == {ids["door"], ids["walkin"], ids["later"]}
