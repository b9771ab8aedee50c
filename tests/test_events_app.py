"""Outreach events in the app's store (issue 15), no server: the services and their
refusals, the outbox ops they queue, the events list and its walk-ins, the outreach
tally, and a person enrolled at a booth and visited at home counting once."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlmodel import select

from vss_core.enums import Metric, PeriodKind
from vss_core.vietnam_time import LOCAL_TZ
from vss_desktop.store import Store, metrics, targets
from vss_desktop.store import events as ev
from vss_desktop.store import services as sv
from vss_desktop.store.models import OutboxOp, Person

# A day well in the past of any run, in the middle of its month (one period for all).
DAY = (datetime.now(LOCAL_TZ) - timedelta(days=40)).date().replace(day=15)


def at(day: date, hour: int) -> datetime:
    """A local (Vietnam) time as aware UTC."""
    return datetime.combine(day, time(hour), tzinfo=LOCAL_TZ).astimezone(UTC)


def booth(**changes: object) -> ev.EventInput:
    values: dict[str, object] = {
        "kind": "booth",
        "starts_at": at(DAY, 8),
        "province": "Tỉnh Lào Cai",
        "commune": "Xã Bản Phiệt",
        "village": "Thôn 1",
        "partner": "Hội Phụ nữ",
        "attendees": 40,
    }
    return ev.EventInput(**(values | changes))  # type: ignore[arg-type]


def household(store: Store, name: str, commune: str = "Xã Bản Phiệt") -> tuple[str, str]:
    """A household from the list (province and commune set) and its head's person id."""
    h = sv.save_household(
        store,
        sv.HouseholdInput(
            head_name=name, village="Thôn 2", province="Tỉnh Lào Cai", commune=commune
        ),
        sv.HouseholdHead(sex="F"),
    )
    return h.id, head_of(store, h.id)


def head_of(store: Store, household_id: str) -> str:
    with store.read() as session:
        return session.exec(select(Person.id).where(Person.household_id == household_id)).one()


def ops(store: Store) -> list[tuple[str, str, dict[str, object]]]:
    with store.read() as session:
        rows = session.exec(select(OutboxOp).order_by(OutboxOp.seq)).all()
        return [(op.entity, op.kind, json.loads(op.fields)) for op in rows]


def enrol(
    store: Store, household_id: str, person_id: str, when: datetime, **links: str | None
) -> sv.Visit:
    return sv.save_visit(
        store,
        sv.NewVisit(
            household_id=household_id,
            outcome="enrolled",
            visited_at=when,
            amount_collected=1_000_000,
            receipt_number="BL-1",
            results=(sv.VisitResult(person_id, "voluntary_si_enrolled", 1_000_000, 12),),
            **links,  # type: ignore[arg-type]
        ),
    )


def test_events_walkins_refusals_and_outbox(store: Store) -> None:
    assert ev.check_event_input(booth()) == {}
    bad = ev.check_event_input(booth(kind="party", commune=" ", attendees=-1))
    assert {k: [p.code for p in v] for k, v in bad.items()} == {
        "kind": ["required"],
        "commune": ["required"],
        "attendees": ["amount.negative"],
    }
    with pytest.raises(sv.ValidationFailed):
        ev.save_event(store, booth(attendees=-1))
    with pytest.raises(ValueError, match="timezone-aware"):
        ev.save_event(store, booth(starts_at=datetime(2026, 1, 1, 8)))
    assert ops(store) == []  # nothing written by a refusal

    event = ev.save_event(store, booth())
    older = ev.save_event(store, booth(kind="union_meeting", starts_at=at(DAY - timedelta(3), 9)))
    referrer_home, referrer = household(store, "Lò Thị Mai")
    found_home, found_head = household(store, "Giàng A Páo")
    walkin = ev.add_walkin_household(
        store,
        event.id,
        sv.HouseholdInput(head_name="Vàng Thị Dợ", village="Thôn 3", province="Tỉnh Lào Cai"),
        sv.HouseholdHead(sex="F"),
    )
    assert ev.get_event(store, event.id).attendees == 40
    assert walkin.met_at_event == event.id
    with pytest.raises(sv.NotFound):
        ev.add_walkin_household(
            store, "no-such-event", sv.HouseholdInput(head_name="X", village="Y")
        )

    new_head = head_of(store, walkin.id)
    first = enrol(store, walkin.id, new_head, at(DAY, 9), event_id=event.id, referred_by=referrer)
    sv.save_visit(
        store,
        sv.NewVisit(household_id=found_home, outcome="info_only", visited_at=at(DAY, 10),
                    results=(sv.VisitResult(found_head, "vssid_installed"),), event_id=event.id),
    )  # fmt: skip
    assert (first.event_id, first.referred_by) == (event.id, referrer)

    # Refusals, each under its field, and nothing queued for them.
    before = len(ops(store))
    for links, field, code in [
        ({"event_id": "no-such-event"}, "event_id", "visit.unknown_event"),
        ({"event_id": older.id, "referred_by": "nobody"}, "referred_by", "visit.unknown_referrer"),
        ({"referred_by": found_head}, "referred_by", "visit.self_referral"),
    ]:
        with pytest.raises(sv.ValidationFailed) as refused:
            enrol(store, found_home, found_head, at(DAY, 11), **links)
        assert {k: [p.code for p in v] for k, v in refused.value.problems.items()} == {
            field: [code]
        }
    assert len(ops(store)) == before

    # The list, newest first, with what the walk-ins brought; a range in local days.
    rows = ev.list_events(store)
    assert [(r.id, r.walkins, r.results, r.amount) for r in rows] == [
        (event.id, 2, 2, 1_000_000),
        (older.id, 0, 0, 0),
    ]
    assert [r.id for r in ev.list_events(store, DAY, DAY)] == [event.id]
    assert [r.id for r in ev.list_events(store, end=DAY - timedelta(1))] == [older.id]
    walkins = ev.event_walkins(store, event.id)
    assert [(w.household_id, w.head_name, w.result_kinds, w.referrer_name) for w in walkins] == [
        (walkin.id, "Vàng Thị Dợ", ("voluntary_si_enrolled",), "Lò Thị Mai"),
        (found_home, "Giàng A Páo", ("vssid_installed",), ""),
    ]
    assert walkins[0].referred_by == referrer and walkins[1].referred_by is None

    # Changes: one update op with the changed field only; none when nothing changed.
    ev.save_event_changes(store, event.id, booth(attendees=55))
    ev.save_event_changes(store, event.id, booth(attendees=55))
    # Delete: refused while walk-ins name it, a soft delete and its op otherwise.
    with pytest.raises(sv.ValidationFailed) as refused:
        ev.delete_event(store, event.id)
    assert [p.code for p in refused.value.problems["event"]] == ["event.has_walkins"]
    ev.delete_event(store, older.id)
    with pytest.raises(sv.NotFound):
        ev.get_event(store, older.id)
    assert [r.id for r in ev.list_events(store)] == [event.id]

    queued = ops(store)
    assert [(e, k) for e, k, _ in queued] == [
        ("event", "create"),
        ("event", "create"),
        *[("household", "create"), ("person", "create")] * 3,
        ("visit", "create"),
        ("collection", "create"),
        ("visit", "create"),
        ("collection", "create"),
        ("event", "update"),
        ("event", "delete"),
    ]
    assert queued[0][2]["kind"] == "booth" and queued[0][2]["attendees"] == 40
    assert queued[6][2]["met_at_event"] == event.id and queued[2][2]["met_at_event"] is None
    assert (queued[8][2]["event_id"], queued[8][2]["referred_by"]) == (event.id, referrer)
    assert queued[12][2] == {"attendees": 55}


def test_outreach_tally_and_walkins_count_once(store: Store) -> None:
    event = ev.save_event(store, booth())
    ev.save_event(store, booth(commune="Xã Khác", attendees=7))
    ev.save_event(store, booth(starts_at=at(DAY + timedelta(1), 8), attendees=1000))  # outside
    home, head = household(store, "Lò Thị Mai")
    other_home, other_head = household(store, "Giàng A Páo")
    away, away_head = household(store, "Sùng A Lử", commune="Xã Khác")
    # Enrolled at the booth, referred by a neighbour; then visited at home, enrolled again.
    enrol(store, home, head, at(DAY, 9), event_id=event.id, referred_by=other_head)
    enrol(store, home, head, at(DAY, 20))
    enrol(store, other_home, other_head, at(DAY, 21))  # a door visit only
    enrol(store, away, away_head, at(DAY, 22), event_id=event.id)
    # 23:30 local on DAY is DAY's: a walk-in late in the evening is still in the range.
    enrol(store, other_home, other_head, at(DAY, 23) + timedelta(minutes=30), referred_by=away_head)

    assert metrics.outreach_tally(store, DAY, DAY) == metrics.OutreachTally(
        events=2, attendees=47, walkins=2, referrals=2
    )
    # Names compared as places are: no "Xã" prefix, other case.
    mine = metrics.outreach_tally(store, DAY, DAY, [("Lào Cai", "bản phiệt")])
    assert mine == metrics.OutreachTally(events=1, attendees=40, walkins=1, referrals=2)
    assert metrics.outreach_tally(store, DAY, DAY, []).events == 0
    assert metrics.outreach_tally(store, DAY + timedelta(1), DAY + timedelta(1)).attendees == 1000

    # The booth's enrolment and the home one are the same person: counted once.
    campaign = targets.create_campaign(store, "Tuần lễ BHXH", DAY, DAY)
    with store.read() as session:
        tally = metrics.campaign_tally(session, campaign)
        month = metrics.progress(session, PeriodKind.MONTH, DAY)
    assert tally[Metric.VOLUNTARY_SI_ENROLLED] == 3  # Mai, Páo, Lử
    assert tally[Metric.AMOUNT_COLLECTED] == 5_000_000  # money is per visit, not per person
    assert month.metrics[Metric.VOLUNTARY_SI_ENROLLED].actual == 3
