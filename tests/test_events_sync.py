"""Outreach events through the real server (issue 15): an event with two walk-ins (a new
household met at the event and a person found on the list) and a referral, pushed by one
laptop, reach a second laptop of the same collector (fresh data directory, login), which
shows the same events and walk-ins; another collector never receives them. On SQLite
and PostgreSQL. Then the bulk apply on its own: pulled events never overwrite a field
with an unsent local change."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlmodel import select

from helpers.server_harness import ServerProcess
from helpers.sync_helpers import app, local_rows, seed_server, server_rows
from vss_core.enums import OpState
from vss_desktop.store import Store
from vss_desktop.store import events as ev
from vss_desktop.store import services as sv
from vss_desktop.store.models import Event, OutboxOp, Person
from vss_desktop.sync import apply


def members(store: Store) -> list[Person]:
    with store.read() as session:
        return list(session.exec(select(Person)))


def shown(store: Store) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    """What the events screen shows: the list, and the walk-ins of each event."""
    rows = [(r.id, r.kind, r.starts_at, r.attendees, r.walkins, r.results, r.amount)
            for r in ev.list_events(store)]  # fmt: skip
    walkins = [
        (w.visit_id, w.household_id, w.head_name, w.result_kinds, w.referred_by, w.referrer_name)
        for r in ev.list_events(store)
        for w in ev.event_walkins(store, r.id)
    ]
    return rows, walkins


def test_an_event_and_its_walkins_reach_the_collectors_other_laptop_only(
    server: ServerProcess, tmp_path: Path
) -> None:
    seed_server(server, tmp_path, households=4)
    store, engine = app(tmp_path, "laptop-1", server)
    assert engine.sync().status == "ok"
    assert engine.features == {"events"}
    homes = sorted(local_rows(store, "household").values(), key=lambda h: h.code)
    neighbour, found = (
        sv.save_person(store, home.id, sv.PersonInput(full_name=name, relation="spouse"))
        for home, name in zip(homes, ("Lò Thị Mai", "Giàng A Páo"), strict=False)
    )

    event = ev.save_event(
        store,
        ev.EventInput(kind="booth", starts_at=datetime.now(UTC) - timedelta(hours=2),
                      province="Tỉnh Lào Cai", commune="Xã Bản Phiệt", attendees=35,
                      partner="Hội Nông dân"),
    )  # fmt: skip
    new = ev.add_walkin_household(
        store,
        event.id,
        sv.HouseholdInput(head_name="Vàng Thị Dợ", village="Bản Pha Long"),
        sv.HouseholdHead(sex="F"),
    )
    new_head = next(p for p in members(store) if p.household_id == new.id)
    sv.save_visit(
        store,
        sv.NewVisit(
            household_id=new.id,
            outcome="enrolled",
            amount_collected=1_105_000,
            receipt_number="BL-0042",
            results=(sv.VisitResult(new_head.id, "bhyt_household_enrolled", 1_105_000, 12),),
            event_id=event.id,
            referred_by=neighbour.id,
        ),
    )
    sv.save_visit(
        store,
        sv.NewVisit(
            household_id=found.household_id,
            outcome="info_only",
            results=(sv.VisitResult(found.id, "vssid_installed"),),
            event_id=event.id,
        ),
    )
    report = engine.sync()
    assert (report.status, report.rejected, report.conflicts, report.waiting) == ("ok", 0, 0, 0)
    assert report.sent == 9  # 2 members, event, household and head, 2 visits, 2 results
    assert [r["collector"] for r in server_rows(server, "event")] == ["thu.lt"]
    assert sv.pending_changes(store) == 0
    first = shown(store)
    assert first[0][0][4:] == (2, 2, 1_105_000)
    assert [w[2:] for w in first[1]] == [
        ("Vàng Thị Dợ", ("bhyt_household_enrolled",), neighbour.id, neighbour.full_name),
        (homes[1].head_name, ("vssid_installed",), None, ""),
    ]

    # The same collector's second laptop: a fresh data directory, a login, one sync.
    other, other_engine = app(tmp_path, "laptop-2", server)
    assert other_engine.sync().status == "ok"
    assert shown(other) == first
    assert ev.get_event(other, event.id).collector == "thu.lt"
    assert local_rows(other, "household")[new.id].met_at_event == event.id

    # Another collector: no event, no walk-in of thu.lt's.
    stranger, stranger_engine = app(tmp_path, "laptop-3", server, user="nam.vh")
    assert stranger_engine.sync().status == "ok"
    assert local_rows(stranger, "event") == {}
    assert not [v for v in local_rows(stranger, "visit").values() if v.event_id]
    for s in (store, other, stranger):
        s.close()


def test_pulled_events_keep_unsent_local_changes(store: Store) -> None:
    """The bulk apply takes an entity without a household (no dangling reference, no
    search document) and never overwrites a field with an unsent local change."""
    mine = ev.save_event(
        store, ev.EventInput(kind="booth", starts_at=datetime.now(UTC) - timedelta(days=1),
                             province="Tỉnh Lào Cai", commune="Xã Bản Phiệt", attendees=10),
    )  # fmt: skip
    with store.write() as session:  # as if pushed and pulled back at version 1
        for op in session.exec(select(OutboxOp)):
            op.state = OpState.APPLIED
            session.add(op)
        session.get(Event, mine.id).server_version = 1  # type: ignore[union-attr]
    ev.save_event_changes(
        store, mine.id, ev.EventInput(kind="booth", starts_at=mine.starts_at,
                                      province="Tỉnh Lào Cai", commune="Xã Bản Phiệt",
                                      attendees=55),
    )  # fmt: skip
    theirs = str(uuid.uuid4())
    fields = {"kind": "mobile_consultation", "starts_at": "2026-11-02T01:00:00Z",
              "province": "Tỉnh Lào Cai", "commune": "Xã Bản Phiệt", "village": "",
              "partner": "", "attendees": 99, "collector": "thu.lt", "notes": "Đổi lịch"}  # fmt: skip
    page = [
        {"entity": "event", "id": mine.id, "version": 2, "fields": fields, "deleted": False,
         "household_id": ""},
        {"entity": "event", "id": theirs, "version": 3, "fields": fields, "deleted": False,
         "household_id": ""},
        {"entity": "event", "id": theirs, "version": 4, "fields": fields, "deleted": True,
         "household_id": ""},
    ]  # fmt: skip
    with store.write() as session:
        assert apply.apply_changes(session, page) == 3
    kept = ev.get_event(store, mine.id)
    assert (kept.attendees, kept.notes, kept.collector, kept.server_version) == (
        55,  # the unsent change stays, to be sent with its base version
        "Đổi lịch",
        "thu.lt",
        2,
    )
    assert kept.kind == "mobile_consultation"
    assert [r.id for r in ev.list_events(store)] == [mine.id]  # the other one came deleted
    with store.read() as session:
        gone = session.get(Event, theirs)
        assert gone is not None and gone.deleted_at is not None and gone.server_version == 4
