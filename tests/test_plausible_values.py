"""Issue 11, C1: odd values never give a 500 and never break another laptop.

One plausibility rule per field (vss_core.plausibility) is applied by the
forms, the store, the server's push (per-op "rejected", the rest of the batch applied)
and the app's pull (the server's record is kept; what cannot be formatted shows a
placeholder).
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from datetime import UTC, date, datetime, timedelta  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
import sqlalchemy as sa  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402

from helpers.server_api import Client, op  # noqa: E402
from helpers.server_harness import ServerProcess  # noqa: E402
from helpers.sync_helpers import seed_server, server_engine, server_rows  # noqa: E402
from vss_core import (
    formatting,  # noqa: E402
    plausibility,  # noqa: E402
    vietnam_time,
)
from vss_core.enums import BhytStatus, Outcome  # noqa: E402
from vss_core.validation import check_person, check_result, check_visit  # noqa: E402
from vss_desktop.printing import data as printing_data  # noqa: E402
from vss_desktop.printing.data import Selection  # noqa: E402
from vss_desktop.store import Store, open_store, queries, services  # noqa: E402
from vss_desktop.store.models import Visit  # noqa: E402
from vss_desktop.sync import apply  # noqa: E402

TODAY = vietnam_time.today()
NOW = datetime.now(UTC)
# The values of the field trial: each one gave a 500 or broke the laptops that pulled it.
ODD_VISIT_TIMES = [
    "0001-01-01T05:00+07:00",  # no UTC form: the conversion overflowed (500)
    "9999-12-31T23:59-10:00",  # year 10000 in UTC (500)
    "9999-12-31T20:00Z",  # accepted, then year 10000 in Vietnam on every laptop
    "2099-06-01T08:00:00Z",
    "1999-12-31T23:00:00Z",
]


def codes(problems: dict) -> dict[str, list[str]]:
    return {name: [p.code for p in items] for name, items in problems.items()}


# --- the rules (domain) ---------------------------------------------------------------


def test_person_date_ranges() -> None:
    def check(**values: object) -> dict[str, list[str]]:
        return codes(check_person({"full_name": "A"} | values, today=TODAY))

    assert check(date_of_birth=date(1899, 12, 31)) == {"date_of_birth": ["date.out_of_range"]}
    assert check(date_of_birth=TODAY + timedelta(days=1)) == {"date_of_birth": ["date.future"]}
    assert check(date_of_birth=date(1900, 1, 1)) == {}
    # A lapsed card is normal; a card valid for more than ten years is not.
    assert check(bhyt_expiry=date(2001, 5, 1)) == {}
    assert check(bhyt_expiry=plausibility.add_years(TODAY, 10)) == {}
    too_far = plausibility.add_years(TODAY, 10) + timedelta(days=1)
    assert check(bhyt_expiry=too_far) == {"bhyt_expiry": ["date.out_of_range"]}
    assert check(bhyt_expiry=date(1899, 1, 1)) == {"bhyt_expiry": ["date.out_of_range"]}
    assert check(vsi_paid_until=date(2099, 1, 1)) == {"vsi_paid_until": ["date.out_of_range"]}
    assert check(vsi_paid_until=date(2007, 12, 31)) == {"vsi_paid_until": ["date.out_of_range"]}


def visit(**values: object) -> dict[str, object]:
    return {"outcome": Outcome.NOT_HOME, "visited_at": NOW} | values


def test_visit_dates_and_amounts() -> None:
    def check(results: list | None = None, **values: object) -> dict[str, list[str]]:
        return codes(check_visit(visit(**values), results or [], now=NOW))

    assert check() == {}
    assert check(visited_at=datetime(1999, 12, 31, 23, tzinfo=UTC)) == {
        "visited_at": ["date.out_of_range"]
    }
    assert check(visited_at=NOW + timedelta(days=1, minutes=1)) == {
        "visited_at": ["date.out_of_range"]
    }
    for text in ODD_VISIT_TIMES:  # compared as instants: no overflow
        assert check(visited_at=datetime.fromisoformat(text.replace("Z", "+00:00"))) == {
            "visited_at": ["date.out_of_range"]
        }
    two_years = plausibility.add_years(NOW.date(), 2)
    assert check(follow_up_date=two_years) == {}
    assert check(follow_up_date=two_years + timedelta(days=2)) == {
        "follow_up_date": ["date.out_of_range"]
    }
    assert check(outcome=Outcome.PROMISED, promised_date=date(2099, 1, 1)) == {
        "promised_date": ["date.out_of_range"]
    }
    receipt = {"receipt_number": "BL-1"}
    max_ = plausibility.MONEY_MAX
    assert check(amount_collected=max_, **receipt) == {}
    assert check(amount_collected=max_ + 1, **receipt) == {"amount_collected": ["amount.too_large"]}
    for not_money in (True, "1000", 1000.0):
        assert check(amount_collected=not_money, **receipt) == {
            "amount_collected": ["amount.invalid"]
        }
    assert codes(check_result({"kind": "bogus_kind", "amount": 5})) == {"kind": ["choice.invalid"]}
    assert codes(check_result({"kind": "bhyt_renewed", "amount": True})) == {
        "amount": ["amount.invalid"]
    }


def test_not_whole_amounts_in_raw_json() -> None:
    raw = {"amount_collected": True, "notes": "x"}
    assert plausibility.not_whole_amounts("visit", raw) == ["amount_collected"]
    assert plausibility.not_whole_amounts("collection", {"amount": "1000"}) == ["amount"]
    assert plausibility.not_whole_amounts("collection", {"amount": 1000}) == []


# --- the server: per-op rejections, the rest of the batch applied ---------------------


def new_id() -> str:
    return str(uuid.uuid4())


def visit_op(household_id: str, visit_id: str | None = None, **fields: object) -> dict:
    values = {
        "household_id": household_id,
        "visited_at": "2026-11-20T08:00:00Z",
        "outcome": "not_home",
    } | fields
    return op("visit", "create", visit_id or new_id(), values)


def result_op(household_id: str, visit_id: str, kind: str, amount: object) -> dict:
    fields = {"visit_id": visit_id, "household_id": household_id, "kind": kind, "amount": amount}
    return op("collection", "create", new_id(), fields)


def person_op(household_id: str, **fields: object) -> dict:
    return op(
        "person", "create", new_id(), {"household_id": household_id, "full_name": "A"} | fields
    )


def test_odd_values_are_rejected_per_op_and_the_rest_is_applied(
    server: ServerProcess, tmp_path: Path
) -> None:
    seed_server(server, tmp_path, households=2)
    client = Client.login(server, "thu.lt", "device-plaus-0001")
    changes, _ = client.pull_all()
    household = next(c for c in changes if c["entity"] == "household")
    hid = household["id"]
    good_visit = new_id()
    money = {"receipt_number": "BL-77001"}
    cases: list[tuple[dict, str]] = [
        (visit_op(hid, good_visit, amount_collected=100, outcome="renewed", **money), "applied"),
        *((visit_op(hid, visited_at=t), "out_of_range") for t in ODD_VISIT_TIMES),
        (visit_op(hid, amount_collected=True, **money), "invalid_fields"),
        (visit_op(hid, amount_collected="1000", **money), "invalid_fields"),
        (visit_op(hid, amount_collected=plausibility.MONEY_MAX + 1, **money), "out_of_range"),
        (visit_op(hid, follow_up_date="2029-12-01"), "out_of_range"),
        (visit_op(hid, outcome="promised", promised_date="2099-01-01"), "out_of_range"),
        (person_op(hid, date_of_birth="1850-01-01"), "out_of_range"),
        (person_op(hid, bhyt_expiry="2099-01-01"), "out_of_range"),
        (person_op(hid, bhyt_expiry="2001-05-01", bhyt_status="none"), "applied"),  # lapsed
        (person_op(hid, vsi_paid_until="2099-01-01"), "out_of_range"),
        (result_op(hid, good_visit, "bogus_kind", 10), "invalid_value"),
        (result_op(hid, good_visit, "bhyt_renewed", 999_999_999), "results_exceed_visit"),
        (result_op(hid, good_visit, "bhyt_renewed", True), "invalid_fields"),
        (result_op(hid, good_visit, "bhyt_renewed", 60), "applied"),
        (result_op(hid, good_visit, "vssid_installed", 50), "results_exceed_visit"),  # 110
        (result_op(hid, good_visit, "vssid_installed", 40), "applied"),  # exactly 100
        (op("household", "update", hid, {"notes": "đã đến"}, household["version"]), "applied"),
    ]
    results = client.push(*(o for o, _ in cases))  # asserts a 200: no 5xx, no failed batch
    got = [r["error"]["code"] if r["status"] == "rejected" else r["status"] for r in results]
    assert got == [expected for _, expected in cases]
    for result in results:
        if result["status"] == "rejected":
            message = result["error"]["message"]
            assert message and message.isascii()  # English, and no value echoed
    out_of_range = [r["error"]["message"] for r in results if r.get("error")][0]
    assert "visited_at (2000-01-01 to " in out_of_range

    applied_ids = {o["entity_id"] for (o, expected) in cases if expected == "applied"}
    stored = {r["id"] for t in ("visit", "person", "collection") for r in server_rows(server, t)}
    sent = {o["entity_id"] for o, _ in cases if o["kind"] == "create"}
    assert stored & sent == applied_ids - {hid}
    # The queue goes on: the next batch of the same device is applied.
    assert client.push(visit_op(hid))[0]["status"] == "applied"

    # Results and the stored visit: an update may not break the sum either way.
    stored_result = next(
        r["id"] for r in server_rows(server, "collection") if r["visit_id"] == good_visit
    )
    [too_much, visit_below] = client.push(
        op("collection", "update", stored_result, {"amount": 200}),
        op("visit", "update", good_visit, {"amount_collected": 50}),
    )
    assert too_much["error"]["code"] == visit_below["error"]["code"] == "results_exceed_visit"


def test_a_stored_implausible_value_does_not_block_other_changes(
    server: ServerProcess, tmp_path: Path
) -> None:
    seed_server(server, tmp_path, households=2)
    client = Client.login(server, "thu.lt", "device-plaus-0002")
    changes, _ = client.pull_all()
    hid = next(c["id"] for c in changes if c["entity"] == "household")
    person = new_id()
    [created] = client.push(op("person", "create", person, {"household_id": hid, "full_name": "A"}))
    assert created["status"] == "applied"
    engine = server_engine(server)  # as an older server stored it
    with engine.begin() as conn:
        conn.execute(
            sa.text("UPDATE person SET date_of_birth = :d WHERE id = :id"),
            {"d": date(1850, 1, 1), "id": person},
        )
    engine.dispose()
    [phone, dob] = client.push(
        op("person", "update", person, {"phone": "0981234567"}, created["version"]),
        op("person", "update", person, {"date_of_birth": "1800-01-01"}, created["version"]),
    )
    assert phone["status"] == "applied"
    assert dob["error"]["code"] == "out_of_range"


# --- the app's pull keeps the server's record -----------------------------------------


def test_pull_keeps_records_with_values_no_laptop_can_format(store: Store) -> None:
    household = {"head_name": "Hộ A", "village": "Bản Pha Long"}
    changes = [
        {"entity": "household", "id": "h1", "version": 1, "fields": household},
        {
            "entity": "visit",
            "id": "v-9999",
            "version": 2,
            "fields": {"household_id": "h1", "visited_at": "9999-12-31T20:00Z", "outcome": "x"},
        },
        {
            "entity": "visit",
            "id": "v-0001",
            "version": 3,
            "fields": {
                "household_id": "h1",
                "visited_at": "0001-01-01T05:00+07:00",
                "outcome": "x",
            },
        },
    ]
    with store.write() as session:
        assert apply.apply_changes(session, changes) == 3
    with store.read() as session:
        late, early = session.get(Visit, "v-9999"), session.get(Visit, "v-0001")
        assert late.visited_at == datetime(9999, 12, 31, 20, tzinfo=UTC)
        assert early.visited_at == datetime(1, 1, 1, tzinfo=UTC)  # the nearest UTC time


# --- showing and printing what an older server stored ----------------------------------


@pytest.fixture
def local_zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The laptop's time zone is Vietnam's (UTC+7), as in the field."""
    monkeypatch.setenv("TZ", "Asia/Ho_Chi_Minh")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


LATE = datetime(9999, 12, 31, 20, tzinfo=UTC)  # year 10000 in Vietnam
EARLY = datetime(1, 1, 1, tzinfo=UTC)  # year 0 west of Greenwich


def store_with_odd_visits(directory: Path, *times: datetime) -> tuple[Store, str]:
    store = open_store(directory)
    household = services.create_household(
        store,
        {"head_name": "Nguyễn Thị Hồng", "village": "Bản Pha Long"},
        head={"sex": "F", "date_of_birth": date(1980, 3, 12), "bhyt_status": BhytStatus.NONE},
    )
    with store.write() as session:  # written directly, as an older server might have sent
        for when in times or (LATE, EARLY):
            session.add(Visit(household_id=household.id, visited_at=when, outcome="not_home"))
    return store, household.id


@pytest.mark.parametrize(
    ("zone", "when"), [("Asia/Ho_Chi_Minh", LATE), ("Pacific/Honolulu", EARLY)]
)
def test_print_visit_list_with_year_9999_or_year_1_visit(
    tmp_path: Path, zone: str, when: datetime
) -> None:
    store, _ = store_with_odd_visits(tmp_path / "data", when)
    store.close()
    out = tmp_path / "list.pdf"
    env = dict(os.environ, TZ=zone, QT_QPA_PLATFORM="offscreen")
    command = [sys.executable, "-m", "vss_desktop", "print", "visit-list"]
    args = ["--data-dir", str(tmp_path / "data"), "--out", str(out), "--lang", "en"]
    result = subprocess.run([*command, *args], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr[-2000:]
    assert out.stat().st_size > 0


def test_visit_list_data_and_formatters_never_raise(tmp_path: Path, local_zone: None) -> None:
    store, household_id = store_with_odd_visits(tmp_path / "data")
    try:
        content = printing_data.visit_list(store, Selection(ids=(household_id,)), today=TODAY)
    finally:
        store.close()
    assert content.households[0].last_visit == date(9999, 12, 31)  # its UTC date
    late = datetime(9999, 12, 31, 20, tzinfo=UTC)
    assert formatting.format_datetime_local(late) == formatting.DATETIME_PLACEHOLDER
    assert formatting.format_date(date(1, 1, 1)) == "01/01/0001"
    assert formatting.format_money("lots") == formatting.MONEY_PLACEHOLDER  # type: ignore[arg-type]


@pytest.mark.gui
def test_household_detail_shows_odd_visits_with_placeholders(
    qtbot, tmp_path: Path, local_zone: None
) -> None:
    from vss_desktop.ui.detail_pane import DetailPane
    from vss_desktop.ui.household_model import HouseholdListModel

    store, household_id = store_with_odd_visits(tmp_path / "data")
    try:
        with store.read() as session:
            detail = queries.household_detail(session, household_id)
        pane = DetailPane()
        qtbot.addWidget(pane)
        pane.show_detail(detail)
        pane.show()
        model = pane.visits
        shown = [
            [model.data(model.index(r, c), Qt.ItemDataRole.DisplayRole) for c in range(2)]
            for r in range(model.rowCount())
        ]
        assert [formatting.DATETIME_PLACEHOLDER, "Not at home"] in shown
        with store.read() as session:
            rows = queries.household_rows(session, [household_id])
        households = HouseholdListModel(lambda ids: rows)
        households.set_ids([household_id])
        texts = [
            households.data(households.index(0, c), Qt.ItemDataRole.DisplayRole)
            for c in range(households.columnCount())
        ]
        assert any(str(t).startswith("??/??/????") for t in texts)
    finally:
        store.close()


# --- the forms refuse out-of-range dates inline -----------------------------------------


def open_dialog(qtbot, dialog):  # type: ignore[no-untyped-def]
    dialog.confirm_discard = lambda: True
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def ddmmyyyy(day: date) -> str:
    return formatting.format_date(day)


@pytest.mark.gui
def test_member_form_refuses_implausible_dates_inline(qtbot, store: Store) -> None:
    from vss_desktop.ui.member_dialog import MemberDialog

    household = services.create_household(store, {"head_name": "Hộ A", "village": "Bản B"})
    dialog = open_dialog(qtbot, MemberDialog(store, household.id))
    dialog.full_name.setText("Trần Văn Nam")
    dialog.date_of_birth.setText("01/01/1850")
    dialog.bhyt_expiry.setText("01/01/2099")
    dialog.save()
    assert dialog.saved_id is None
    feedback = dialog.fields.feedback("date_of_birth")
    assert feedback.isVisible()
    assert feedback.text() == f"Enter a date from 01/01/1900 to {ddmmyyyy(vietnam_time.today())}."
    latest_card = ddmmyyyy(plausibility.add_years(vietnam_time.today(), 10))
    assert dialog.fields.feedback("bhyt_expiry").text() == (
        f"Enter a date from 01/01/1900 to {latest_card}."
    )
    assert "#b00020" in feedback.styleSheet()  # an error: it blocks saving


@pytest.mark.gui
def test_visit_form_refuses_implausible_dates_inline(qtbot, store: Store) -> None:
    from vss_desktop.ui.visit_dialog import VisitDialog

    household = services.create_household(store, {"head_name": "Hộ A", "village": "Bản B"})
    with store.read() as session:
        detail = queries.household_detail(session, household.id)
    dialog = open_dialog(qtbot, VisitDialog(store, detail, "thu.lt"))
    dialog.outcome.setCurrentIndex(dialog.outcome.findData(Outcome.NOT_HOME))
    dialog.visit_date.setText("31/12/1999")
    dialog.follow_up_date.setText("01/01/2099")
    dialog.save()
    assert dialog.saved_id is None
    visit_feedback = dialog.fields.feedback("visit_date")
    assert visit_feedback.isVisible()
    assert visit_feedback.text().startswith("Enter a date from 01/01/2000 to ")
    assert dialog.fields.feedback("follow_up_date").text().startswith("Enter a date from ")

    # A plausible visit day, a follow-up more than two years after it: refused.
    today = vietnam_time.today()
    dialog.visit_date.setText(ddmmyyyy(today))
    dialog.follow_up_date.setText(ddmmyyyy(plausibility.add_years(today, 2) + timedelta(days=2)))
    dialog.save()
    assert dialog.saved_id is None
    assert not visit_feedback.isVisible()
    assert dialog.fields.feedback("follow_up_date").text().startswith("Enter a date from ")


def test_the_local_day_of_a_moment_at_the_edge_of_the_calendar() -> None:
    """A stored visit at 9999-12-31T20:00Z (an older server accepted it) has no day in
    Vietnam's calendar; the Today lists and tallies take its UTC day instead of raising."""
    from vss_desktop.store import metrics

    edge = datetime(9999, 12, 31, 20, 0, tzinfo=UTC)
    assert metrics.local_date(edge) == date(9999, 12, 31)
    assert metrics.local_date(datetime(2026, 7, 1, 20, 0, tzinfo=UTC)) == date(2026, 7, 2)
