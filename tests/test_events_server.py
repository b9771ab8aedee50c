"""Outreach events on the server (issue 15): an event's life through push and pull, who
may change it, what is refused (writing nothing), a walk-in's event and a referral
checked as the collector's, a retried batch, and the features the server tells.

One real server on loopback per backend for the whole module (SQLite, PostgreSQL); every
test logs in on fresh devices and makes its own records, so the tests share nothing but
the accounts."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
import requests
import sqlalchemy as sa

from helpers.server_api import API, Client, applied, assert_server_consistent, new_id, op
from helpers.server_harness import POSTGRES_ENV, ServerProcess, postgres_database
from helpers.sync_helpers import PASSWORD, server_engine
from vss_server import admin

EVENT = {
    "kind": "booth",
    "starts_at": "2026-11-12T02:00:00Z",
    "province": "Lào Cai",
    "commune": "Xã Tả Van",
    "village": "Thôn Lao Chải",
    "partner": "Hội Phụ nữ xã",
    "attendees": 40,
    "notes": "Gian hàng ngày chợ phiên",
}
HOME = {"head_name": "Vàng A Sử", "province": "Lào Cai", "commune": "Tả Van", "village": "Thôn 2"}


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServerProcess]:
    """Two collectors and a supervisor on one server for the module."""
    folder = tmp_path_factory.mktemp(f"events-{request.param}")
    if request.param == "postgres":
        if not os.environ.get(POSTGRES_ENV):
            pytest.skip(f"{POSTGRES_ENV} not set")
        with postgres_database() as url:
            yield from _started(ServerProcess(folder / "server", database_url=url))
    else:
        yield from _started(ServerProcess(folder / "server"))


def _started(proc: ServerProcess) -> Iterator[ServerProcess]:
    proc.start()
    try:
        engine = server_engine(proc)
        for user in ("thu.lt", "nam.vh"):
            admin.create_user(engine, user, PASSWORD)
        admin.create_user(engine, "giamsat", PASSWORD, role="supervisor")
        engine.dispose()
        yield proc
    finally:
        proc.stop()


def device(server: ServerProcess, username: str) -> Client:
    return Client.login(server, username, f"dev-{username}-{new_id()[:8]}")


def household(client: Client) -> tuple[str, str]:
    """A household of the client's with one member: (household id, person id)."""
    household_id, person_id = new_id(), new_id()
    applied(
        client.push(
            op(
                "household",
                "create",
                household_id,
                {
                    "head_name": "Lý Thị Hoa",
                    "province": "Lào Cai",
                    "commune": "Tả Van",
                    "village": "Thôn Lao Chải",
                },
            ),
            op(
                "person",
                "create",
                person_id,
                {"household_id": household_id, "full_name": "Lý Thị Hoa", "relation": "head"},
            ),
        )
    )
    return household_id, person_id


def visit(household_id: str, **links: Any) -> dict:
    fields = {
        "household_id": household_id,
        "visited_at": "2026-11-12T03:00:00Z",
        "outcome": "enrolled",
        "amount_collected": 0,
    }
    return op("visit", "create", new_id(), fields | links)


def codes(results: list[dict]) -> list[str]:
    return [r["error"]["code"] if r["status"] == "rejected" else r["status"] for r in results]


def state(server: ServerProcess) -> tuple[int, int, int]:
    """The feed's head, the events and the visits on the server."""
    engine = server_engine(server)
    try:
        with engine.connect() as conn:
            return tuple(  # type: ignore[return-value]
                conn.execute(sa.text(sql)).scalar_one() or 0
                for sql in (
                    "SELECT max(seq) FROM change_feed",
                    "SELECT count(*) FROM event",
                    "SELECT count(*) FROM visit",
                )
            )
    finally:
        engine.dispose()


def events_pulled(client: Client) -> dict[str, dict]:
    changes, _cursor = client.pull_all(limit=50)
    return {c["id"]: c for c in changes if c["entity"] == "event"}


# --- an event's life ---------------------------------------------------------------------


def test_an_event_is_created_changed_and_pulled_by_its_collector_and_supervisors_only(
    server: ServerProcess,
) -> None:
    thu, nam, sup = (device(server, u) for u in ("thu.lt", "nam.vh", "giamsat"))
    event_id = new_id()
    # The server sets who ran it, whatever the app sends.
    applied(thu.push(op("event", "create", event_id, EVENT | {"collector": "nam.vh"})))
    applied(thu.push(op("event", "update", event_id, {"attendees": 55}, base=None)))
    mine = events_pulled(thu)[event_id]
    assert mine["fields"] | {"starts_at": None} == EVENT | {
        "attendees": 55,
        "collector": "thu.lt",
        "starts_at": None,
    }
    assert mine["fields"]["starts_at"].startswith("2026-11-12T02:00:00")
    assert mine["deleted"] is False
    assert events_pulled(sup)[event_id]["fields"]["attendees"] == 55
    assert event_id not in events_pulled(nam)

    # Another collector neither changes nor deletes it; nobody hands it to someone else.
    before = state(server)
    assert codes(nam.push(op("event", "update", event_id, {"attendees": 1}))) == ["not_author"]
    assert codes(nam.push(op("event", "delete", event_id))) == ["not_author"]
    moved = op("event", "update", event_id, {"collector": "nam.vh"})
    assert codes(thu.push(moved)) == ["immutable_field"]
    assert codes(sup.push(moved)) == ["immutable_field"]
    assert state(server) == before
    # A supervisor may correct it; its collector deletes it, and the delete is pulled.
    applied(sup.push(op("event", "update", event_id, {"notes": "Sửa số người"})))
    applied(thu.push(op("event", "delete", event_id)))
    gone = events_pulled(thu)[event_id]
    assert gone["deleted"] is True and gone["fields"]["notes"] == "Sửa số người"
    assert codes(thu.push(op("event", "update", event_id, {"attendees": 2}))) == ["deleted"]


REFUSED = [
    ({"kind": "party"}, "invalid_value"),
    ({"starts_at": "0001-01-01T00:00:00Z"}, "out_of_range"),
    ({"starts_at": "9999-12-31T00:00:00Z"}, "out_of_range"),
    ({"starts_at": "2026-11-12T09:00:00"}, "invalid_fields"),  # no zone
    ({"attendees": -1}, "invalid_fields"),
    ({"attendees": 10**9}, "invalid_value"),
    ({"attendees": "12"}, "invalid_fields"),
    ({"attendees": True}, "invalid_fields"),
    ({"province": "  "}, "invalid_value"),
    ({"commune": ""}, "invalid_value"),
    ({"guests": 3}, "unknown_fields"),
]


def test_refused_events_write_nothing(server: ServerProcess) -> None:
    thu = device(server, "thu.lt")
    event_id = new_id()
    applied(thu.push(op("event", "create", event_id, EVENT)))
    before = state(server)
    for change, code in REFUSED:
        assert codes(thu.push(op("event", "create", new_id(), EVENT | change))) == [code], change
        assert codes(thu.push(op("event", "update", event_id, change))) == [code], change
    assert state(server) == before
    assert events_pulled(thu)[event_id]["fields"]["attendees"] == EVENT["attendees"]


# --- walk-ins, referrals, households met at an event -------------------------------------


def test_a_walk_in_names_the_collectors_own_event_and_a_referrer_they_hold(
    server: ServerProcess,
) -> None:
    thu, nam = device(server, "thu.lt"), device(server, "nam.vh")
    own_event, other_event = new_id(), new_id()
    applied(thu.push(op("event", "create", own_event, EVENT)))
    applied(nam.push(op("event", "create", other_event, EVENT)))
    walk_in, walk_in_member = household(thu)
    referrer_home, referrer = household(thu)
    _elsewhere, nams_person = household(nam)

    before = state(server)
    refused = thu.push(
        visit(walk_in, event_id=other_event),
        visit(walk_in, event_id=new_id()),
        visit(walk_in, referred_by=nams_person),
        visit(walk_in, referred_by=walk_in_member),  # a family does not refer itself
        visit(walk_in, referred_by=new_id()),
        op("household", "create", new_id(), HOME | {"met_at_event": other_event}),
        op("household", "update", walk_in, {"met_at_event": other_event}),
    )
    assert codes(refused) == ["bad_reference"] * 7
    assert state(server)[1:] == before[1:]

    at_event = visit(walk_in, event_id=own_event, referred_by=referrer)
    applied(thu.push(at_event, op("household", "update", walk_in, {"met_at_event": own_event})))
    new_home = new_id()
    applied(thu.push(op("household", "create", new_home, HOME | {"met_at_event": own_event})))
    changes, _cursor = thu.pull_all(limit=50)
    pulled = {c["id"]: c["fields"] for c in changes}
    assert pulled[at_event["entity_id"]]["event_id"] == own_event
    assert pulled[at_event["entity_id"]]["referred_by"] == referrer
    assert pulled[walk_in]["met_at_event"] == own_event == pulled[new_home]["met_at_event"]
    assert referrer_home in pulled

    # A referral set later by an update is checked the same way.
    later = visit(referrer_home)
    applied(thu.push(later))
    visit_id = later["entity_id"]
    assert codes(thu.push(op("visit", "update", visit_id, {"referred_by": referrer}))) == [
        "bad_reference"
    ]
    applied(thu.push(op("visit", "update", visit_id, {"referred_by": walk_in_member})))
    # An event deleted after its walk-ins came does not block changes to their visits.
    applied(thu.push(op("event", "delete", own_event)))
    applied(thu.push(op("visit", "update", at_event["entity_id"], {"notes": "Hẹn đóng tiền"})))
    applied(thu.push(op("visit", "update", at_event["entity_id"], {"referred_by": None})))
    assert codes(thu.push(visit(walk_in, event_id=own_event))) == ["bad_reference"]


def test_a_retried_batch_with_events_applies_nothing_twice(server: ServerProcess) -> None:
    thu = device(server, "thu.lt")
    home, _member = household(thu)
    event_id = new_id()
    ops = [
        {"op_id": new_id(), "seq": thu.seq + 1 + n} | o
        for n, o in enumerate(
            [
                op("event", "create", event_id, EVENT),
                op("event", "update", event_id, {"attendees": 41}),
                visit(home, event_id=event_id),
            ]
        )
    ]
    first = thu.push_raw(ops)
    assert first.status_code == 200 and codes(first.json()["results"]) == ["applied"] * 3
    after = state(server)
    again = thu.push_raw(ops)
    assert again.status_code == 200
    assert codes(again.json()["results"]) == ["duplicate"] * 3
    assert [r.get("version") for r in again.json()["results"]] == [
        r.get("version") for r in first.json()["results"]
    ]
    assert state(server) == after
    # Feed, records, answers and audit lines agree, events included (no household).
    assert assert_server_consistent(server)["event"] >= 1


def test_the_server_tells_it_knows_events(server: ServerProcess) -> None:
    health = requests.get(server.url + f"{API}/health", timeout=10).json()
    assert "events" in health["features"]
    thu = device(server, "thu.lt")
    body = {"device_id": thu.device_id, "app_version": "1.0", "pending": 0}
    answer = thu.post("/sync/status", body | {"oldest_pending_at": None})
    assert answer.status_code == 200, answer.text
    assert answer.json()["status"] == "received" and "events" in answer.json()["features"]
