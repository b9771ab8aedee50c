"""Issue 5 store side: the Today lists, targets, campaigns and the metrics behind them.

Small data sets built through the service functions, dated around the edges that matter
(due today, 30 days, 3 months of continuity, the first of the month in Vietnam time),
and one cross-check of the metrics against a plain count over the demo commune.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from sqlmodel import select

from vss_core.enums import BhytStatus, Metric, Outcome, PeriodKind, ResultKind
from vss_desktop.demo import load as demo_data
from vss_desktop.store import Store, metrics, open_store, queries, services, targets, today
from vss_desktop.store.models import Campaign, Collection, Household, Person, Target, Visit
from vss_desktop.store.queries import HouseholdFilter, StatusFilter
from vss_desktop.store.today import TodayList

VN = ZoneInfo("Asia/Ho_Chi_Minh")
TODAY = date(2026, 5, 20)


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    """A moment on a local (Vietnam) day."""
    return datetime.combine(day, time(hour, minute), tzinfo=VN)


def add_household(store: Store, name: str, house: str = "1", **head: Any) -> Household:
    values = {"head_name": name, "village": "Bản Pha Long", "house_number": house}
    could_afford = head.pop("could_afford", False)
    return services.create_household(store, values | {"could_afford": could_afford}, head=head)


def head_of(store: Store, household_id: str) -> Person:
    with store.read() as session:
        return session.exec(
            select(Person).where(Person.household_id == household_id, Person.relation == "head")
        ).one()


def visit(
    store: Store,
    household_id: str,
    when: datetime,
    follow_up: date | None = None,
    results: Iterable[dict[str, Any]] = (),
    amount: int = 0,
    collector: str = "thu.lt",
) -> Visit:
    values: dict[str, Any] = {
        "visited_at": when,
        "outcome": Outcome.ENROLLED if amount else Outcome.THINKING,
        "follow_up_date": follow_up,
        "amount_collected": amount,
        "receipt_number": "BL-1" if amount else "",
        "collector": collector,
    }
    return services.record_visit(store, household_id, values, results)


def soft_delete(store: Store, model: type, record_id: str) -> None:
    """As a pull of a deletion made elsewhere would (the app has no visit deletion yet)."""
    with store.write() as session:
        record = session.get(model, record_id)
        record.deleted_at = datetime.now(UTC)
        session.add(record)


def names(rows: list[today.TodayRow]) -> list[str]:
    return [r.person_name or r.head_name for r in rows]


def list_ids(store: Store, status: StatusFilter, on: date) -> set[str]:
    with store.read() as session:
        return set(queries.household_ids(session, HouseholdFilter(status=status, today=on)))


# --- Today ---------------------------------------------------------------------------------


def test_follow_ups_due_today_and_overdue_from_the_latest_visit(store: Store) -> None:
    def household(name: str, *visits: tuple[int, int | None]) -> Household:
        h = add_household(store, name)
        for ago, follow_up in visits:
            day = TODAY - timedelta(days=ago)
            due = None if follow_up is None else TODAY + timedelta(days=follow_up)
            visit(store, h.id, at(day), due)
        return h

    household("Due today", (5, 0))
    household("Overdue", (10, -2))
    household("Ahead", (1, 1))
    household("Cleared", (20, -10), (3, None))  # a later visit without follow-up clears it
    household("Postponed", (20, -10), (3, 7))
    back = household("Back", (20, -10))
    soft_delete(store, Visit, visit(store, back.id, at(TODAY - timedelta(days=3))).id)
    gone = household("Gone", (4, -1))
    services.delete_household(store, gone.id)

    with store.read() as session:
        rows = today.follow_ups_due(session, TODAY)
        badge = today.count(session, TodayList.FOLLOW_UPS, TODAY)
    assert [(r.head_name, r.day) for r in rows] == [
        ("Back", TODAY - timedelta(days=10)),  # most overdue first
        ("Overdue", TODAY - timedelta(days=2)),
        ("Due today", TODAY),
    ]
    assert badge == 3
    assert rows[0].household_id == back.id and rows[0].person_id is None
    # The same rule as the household list's "follow-up due" filter.
    assert {r.household_id for r in rows} == list_ids(store, StatusFilter.FOLLOW_UP_DUE, TODAY)


def test_cards_expiring_within_n_days(store: Store) -> None:
    def member(name: str, days: int, household: Household) -> Person:
        return services.create_person(
            store,
            household.id,
            {
                "full_name": name,
                "relation": "child",
                "bhyt_status": BhytStatus.HOUSEHOLD,
                "bhyt_expiry": TODAY + timedelta(days=days),
            },
        )

    home = add_household(store, "Nguyễn Thị Hồng", bhyt_status=BhytStatus.NONE)
    member("Expires today", 0, home)
    member("In 30 days", 30, home)
    member("In 31 days", 31, home)
    member("Expired yesterday", -1, home)
    services.delete_person(store, member("Deleted member", 5, home).id)
    other = add_household(store, "Deleted household", house="2")
    member("In a deleted household", 5, other)
    services.delete_household(store, other.id)

    with store.read() as session:
        within_30 = today.cards_expiring(session, TODAY, 30)
        within_31 = today.cards_expiring(session, TODAY, 31)
        within_0 = today.cards_expiring(session, TODAY, 0)
        badge = today.count(session, TodayList.EXPIRING, TODAY, 30)
    assert names(within_30) == ["Expires today", "In 30 days"]
    assert [r.day for r in within_30] == [TODAY, TODAY + timedelta(days=30)]
    assert names(within_31) == ["Expires today", "In 30 days", "In 31 days"]
    assert names(within_0) == ["Expires today"]
    assert badge == 2
    assert {r.household_id for r in within_30} == {home.id}
    assert all(r.person_id and r.head_name == "Nguyễn Thị Hồng" for r in within_30)
    with store.read() as session, pytest.raises(ValueError):
        today.cards_expiring(session, TODAY, -1)


@pytest.mark.parametrize(
    ("on", "expiry", "lapsed"),
    [
        (TODAY, TODAY, False),  # still valid today: that is the "expiring" list
        (TODAY, TODAY - timedelta(days=1), True),
        (TODAY, date(2026, 2, 21), True),  # 88 days, not yet 3 months
        (TODAY, date(2026, 2, 20), False),  # 89 days, but exactly 3 months: continuity lost
        (date(2026, 11, 22), date(2026, 8, 25), True),  # 89 days
        (date(2026, 11, 22), date(2026, 8, 23), True),  # 91 days, still less than 3 months
        (date(2026, 11, 22), date(2026, 8, 22), False),  # 92 days = 3 months
        (date(2026, 2, 28), date(2025, 12, 1), True),  # month ends: 3 months after is 1 March
        (date(2026, 2, 28), date(2025, 11, 30), False),  # 3 months after is 28 Feb (clamped)
        (date(2026, 2, 28), date(2025, 11, 29), False),
    ],
)
def test_lapsed_less_than_three_months_ago(
    store: Store, on: date, expiry: date, lapsed: bool
) -> None:
    home = add_household(store, "Lò Văn Đức", bhyt_status=BhytStatus.HOUSEHOLD, bhyt_expiry=expiry)
    with store.read() as session:
        rows = today.lapsed_with_continuity(session, on)
        badge = today.count(session, TodayList.LAPSED, on)
    assert [(r.household_id, r.day) for r in rows] == ([(home.id, expiry)] if lapsed else [])
    assert badge == len(rows)
    assert (today.continuity_deadline(expiry) >= on > expiry) is lapsed


def test_continuity_dates() -> None:
    assert today.continuity_deadline(date(2026, 2, 20)) == date(2026, 5, 19)
    assert today.continuity_deadline(date(2025, 11, 30)) == date(2026, 2, 27)
    assert today.lapsed_cutoff(date(2026, 2, 28)) == date(2025, 12, 1)
    assert today.lapsed_cutoff(date(2024, 2, 29)) == date(2023, 12, 1)  # leap year
    assert today.lapsed_cutoff(TODAY) == date(2026, 2, 21)
    assert today.add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert today.add_months(date(2026, 12, 15), 1) == date(2027, 1, 15)
    assert today.add_months(date(2026, 2, 10), -3) == date(2025, 11, 10)


def test_never_visited_and_not_visited_this_month_in_vietnam_time(store: Store) -> None:
    def household(name: str, *moments: datetime) -> Household:
        h = add_household(store, name)
        for moment in moments:
            visit(store, h.id, moment)
        return h

    household("Last month", at(date(2026, 4, 15)))
    household("Late on 30 April", at(date(2026, 4, 30), 23, 30))  # 16:30 UTC
    household("Early on 1 April", at(date(2026, 4, 1), 0, 30))  # 31 March 17:30 UTC
    household("Early on 1 May", at(date(2026, 5, 1), 0, 30))  # 30 April 17:30 UTC
    household("This month", at(date(2026, 4, 2)), at(date(2026, 5, 10)))
    never = household("Never")
    deleted_only = household("Only a deleted visit")
    soft_delete(store, Visit, visit(store, deleted_only.id, at(date(2026, 5, 2))).id)

    with store.read() as session:
        stale = today.not_visited_this_month(session, TODAY)
        unvisited = today.never_visited(session, TODAY)
        badges = today.counts(session, TODAY)
    assert [(r.head_name, r.day) for r in stale] == [
        ("Early on 1 April", date(2026, 4, 1)),  # the local date, not the UTC one
        ("Last month", date(2026, 4, 15)),
        ("Late on 30 April", date(2026, 4, 30)),
    ]
    assert names(unvisited) == ["Never", "Only a deleted visit"]
    assert unvisited[0].household_id == never.id and unvisited[0].day is None
    assert badges[TodayList.NOT_VISITED_THIS_MONTH] == 3
    assert badges[TodayList.NEVER_VISITED] == 2


def test_prospects_could_afford_with_uninsured_members(store: Store) -> None:
    prospect = add_household(store, "Prospect", could_afford=True, bhyt_status=BhytStatus.NONE)
    visit(store, prospect.id, at(date(2026, 5, 3), 23, 45))
    insured = add_household(store, "Insured", could_afford=True, bhyt_status=BhytStatus.HOUSEHOLD)
    add_household(store, "Not flagged", bhyt_status=BhytStatus.NONE)
    left = add_household(store, "Member left", could_afford=True, bhyt_status=BhytStatus.OTHER)
    gone = services.create_person(store, left.id, {"full_name": "Moved away", "relation": "child"})
    services.delete_person(store, gone.id)
    assert insured.could_afford

    with store.read() as session:
        rows = today.prospects(session, TODAY)
        badge = today.count(session, TodayList.PROSPECTS, TODAY)
    assert [(r.household_id, r.day) for r in rows] == [(prospect.id, date(2026, 5, 3))]
    assert badge == 1


def test_counts_match_rows_and_pages(store: Store) -> None:
    for n in range(7):
        h = add_household(
            store,
            f"Hộ {n}",
            house=str(n + 1),
            could_afford=n % 2 == 0,
            bhyt_status=BhytStatus.HOUSEHOLD if n % 3 else BhytStatus.NONE,
            bhyt_expiry=TODAY + timedelta(days=10 * n - 30),
        )
        if n % 4:
            visit(store, h.id, at(TODAY - timedelta(days=9 * n)), TODAY - timedelta(days=n))
    with store.read() as session:
        badges = today.counts(session, TODAY)
        for which in TodayList:
            full = today.rows(session, which, TODAY)
            assert badges[which] == len(full), which
            pages = [today.rows(session, which, TODAY, limit=2, offset=k) for k in (0, 2, 4, 6)]
            assert [r for page in pages for r in page] == full, which
    assert all(badges.values()), badges  # every list has something to show here


# --- targets --------------------------------------------------------------------------------


def all_targets(store: Store) -> list[Target]:
    with store.read() as session:
        return list(session.exec(select(Target)))


def test_targets_set_replace_clear(store: Store) -> None:
    first = targets.set_target(
        store, Metric.VSSID_INSTALLED, PeriodKind.MONTH, date(2026, 5, 17), 40
    )
    assert (first.period_start, first.source, first.value) == (date(2026, 5, 1), "local", 40)
    again = targets.set_target(store, "vssid_installed", "month", date(2026, 5, 31), 45)
    assert again.id == first.id and len(all_targets(store)) == 1
    quarter = targets.set_target(store, Metric.VSSID_INSTALLED, PeriodKind.QUARTER, TODAY, 120)
    assert quarter.period_start == date(2026, 4, 1)
    money = targets.set_target(store, Metric.AMOUNT_COLLECTED, PeriodKind.MONTH, TODAY, 150_000_000)
    with store.read() as session:
        may = targets.list_targets(session, PeriodKind.MONTH, date(2026, 5, 2))
        june = targets.list_targets(session, PeriodKind.MONTH, date(2026, 6, 2))
    assert [(t.metric, t.value) for t in may] == [
        ("vssid_installed", 45),
        ("amount_collected", 150_000_000),
    ]
    assert june == []
    assert targets.clear_target(store, Metric.AMOUNT_COLLECTED, PeriodKind.MONTH, TODAY)
    assert not targets.clear_target(store, Metric.AMOUNT_COLLECTED, PeriodKind.MONTH, TODAY)
    assert {t.id for t in all_targets(store)} == {first.id, quarter.id}
    assert money.id not in {t.id for t in all_targets(store)}


def test_target_key_is_unique_in_the_database(store: Store) -> None:
    targets.set_target(store, Metric.BHYT_RENEWED, PeriodKind.YEAR, TODAY, 500)
    with pytest.raises(sa.exc.IntegrityError), store.write() as session:
        session.add(
            Target(
                metric="bhyt_renewed",
                period_kind="year",
                period_start=date(2026, 1, 1),
                source="local",
                value=1,
            )
        )
    assert [t.value for t in all_targets(store)] == [500]


def test_server_target_wins_over_the_local_one(store: Store) -> None:
    targets.set_target(store, Metric.VSSID_INSTALLED, PeriodKind.YEAR, TODAY, 900)
    targets.set_target(
        store, Metric.VSSID_INSTALLED, PeriodKind.YEAR, TODAY, 1062, targets.TargetSource.SERVER
    )
    targets.set_target(store, Metric.BHYT_RENEWED, PeriodKind.YEAR, TODAY, 300)
    with store.read() as session:
        shown = targets.effective_targets(session, PeriodKind.YEAR, TODAY)
        everything = targets.list_targets(session, PeriodKind.YEAR, TODAY)
    assert {m: (t.value, t.source) for m, t in shown.items()} == {
        Metric.VSSID_INSTALLED: (1062, "server"),
        Metric.BHYT_RENEWED: (300, "local"),
    }
    assert len(everything) == 3  # the local one is kept, only hidden
    targets.clear_target(store, Metric.VSSID_INSTALLED, PeriodKind.YEAR, TODAY, "server")
    with store.read() as session:
        shown = targets.effective_targets(session, PeriodKind.YEAR, TODAY)
    assert shown[Metric.VSSID_INSTALLED].value == 900


@pytest.mark.parametrize(
    ("args", "field", "code"),
    [
        (("installs", "month", TODAY, 5), "metric", "choice.invalid"),
        (("bhyt_renewed", "week", TODAY, 5), "period_kind", "choice.invalid"),
        (("bhyt_renewed", "month", TODAY, 5, "supervisor"), "source", "choice.invalid"),
        (("bhyt_renewed", "month", at(TODAY), 5), "period_start", "date.invalid"),
        (("bhyt_renewed", "month", "2026-05-01", 5), "period_start", "date.invalid"),
        (("bhyt_renewed", "month", TODAY, -1), "value", "amount.negative"),
        (("bhyt_renewed", "month", TODAY, 2.5), "value", "amount.invalid"),
        (("bhyt_renewed", "month", TODAY, True), "value", "amount.invalid"),
        (("amount_collected", "month", TODAY, 10**16), "value", "amount.invalid"),
    ],
)
def test_target_validation_writes_nothing(
    store: Store, args: tuple[Any, ...], field: str, code: str
) -> None:
    with pytest.raises(services.ValidationFailed) as err:
        targets.set_target(store, *args)
    assert [p.code for p in err.value.problems[field]] == [code]
    assert all_targets(store) == []


@pytest.mark.parametrize(
    ("kind", "day", "bounds"),
    [
        ("month", date(2026, 5, 20), (date(2026, 5, 1), date(2026, 5, 31))),
        ("month", date(2024, 2, 1), (date(2024, 2, 1), date(2024, 2, 29))),
        ("month", date(2026, 12, 31), (date(2026, 12, 1), date(2026, 12, 31))),
        ("quarter", date(2026, 5, 20), (date(2026, 4, 1), date(2026, 6, 30))),
        ("quarter", date(2026, 1, 1), (date(2026, 1, 1), date(2026, 3, 31))),
        ("quarter", date(2026, 12, 31), (date(2026, 10, 1), date(2026, 12, 31))),
        ("year", date(2026, 7, 4), (date(2026, 1, 1), date(2026, 12, 31))),
    ],
)
def test_period_bounds(kind: str, day: date, bounds: tuple[date, date]) -> None:
    assert metrics.period_bounds(kind, day) == bounds


# --- campaigns ------------------------------------------------------------------------------


def test_campaign_crud(store: Store) -> None:
    may = targets.create_campaign(
        store, "  Chiến dịch tháng 5  ", date(2026, 5, 20), date(2026, 5, 26), "7 ngày"
    )
    assert may.name == "Chiến dịch tháng 5"
    one_day = targets.create_campaign(store, "Ngày hội", date(2026, 11, 2), date(2026, 11, 2))
    with store.read() as session:
        assert [c.id for c in targets.list_campaigns(session)] == [one_day.id, may.id]
    changed = targets.update_campaign(store, may.id, {"end_date": date(2026, 5, 27)})
    assert (changed.start_date, changed.end_date, changed.notes) == (
        date(2026, 5, 20),
        date(2026, 5, 27),
        "7 ngày",
    )
    targets.delete_campaign(store, one_day.id)
    with store.read() as session:
        assert [c.id for c in targets.list_campaigns(session)] == [may.id]
        with pytest.raises(services.NotFound):
            targets.get_campaign(session, one_day.id)
        assert session.get(Campaign, one_day.id).deleted_at is not None  # kept, marked
    with pytest.raises(services.NotFound):
        targets.update_campaign(store, one_day.id, {"name": "Back"})
    with pytest.raises(services.NotFound):
        targets.delete_campaign(store, "no-such-id")
    with pytest.raises(ValueError, match="unknown"):
        targets.update_campaign(store, may.id, {"deleted_at": None})


@pytest.mark.parametrize(
    ("values", "field", "code"),
    [
        ({"name": ""}, "name", "required"),
        ({"name": "   "}, "name", "required"),
        ({"name": "x" * 121}, "name", "text.too_long"),
        ({"notes": "x" * 2001}, "notes", "text.too_long"),
        ({"end_date": date(2026, 5, 19)}, "end_date", "campaign.end_before_start"),
        ({"start_date": at(TODAY)}, "start_date", "date.invalid"),
        ({"end_date": None}, "end_date", "date.invalid"),
    ],
)
def test_campaign_validation(store: Store, values: dict[str, Any], field: str, code: str) -> None:
    good = {
        "name": "Chiến dịch",
        "start_date": date(2026, 5, 20),
        "end_date": date(2026, 5, 26),
        "notes": "",
    }
    with pytest.raises(services.ValidationFailed) as err:
        targets.create_campaign(store, **(good | values))
    assert [p.code for p in err.value.problems[field]] == [code]
    kept = targets.create_campaign(store, **good)
    with pytest.raises(services.ValidationFailed):
        targets.update_campaign(store, kept.id, values)
    with store.read() as session:
        (only,) = targets.list_campaigns(session)
    assert (only.name, only.start_date, only.end_date, only.notes) == tuple(good.values())
    assert targets.create_campaign(store, "x" * 120, TODAY, TODAY).name == "x" * 120


# --- metrics --------------------------------------------------------------------------------


def result(kind: ResultKind, person: Person | None, amount: int = 0) -> dict[str, Any]:
    return {"kind": kind, "person_id": person.id if person else None, "amount": amount}


def test_tally_and_daily_series(store: Store) -> None:
    home = add_household(store, "Nguyễn Thị Hồng")
    a = head_of(store, home.id)
    b = services.create_person(store, home.id, {"full_name": "Lò Văn Đức", "relation": "child"})
    enrolled = ResultKind.BHYT_HOUSEHOLD_ENROLLED
    visit(
        store,
        home.id,
        at(date(2026, 5, 3)),
        results=[result(enrolled, a, 315_900), result(ResultKind.VSSID_INSTALLED, a)],
        amount=315_900,
    )
    visit(  # A again (counts once in May), and B
        store,
        home.id,
        at(date(2026, 5, 10)),
        results=[result(enrolled, a), result(enrolled, b, 221_130)],
        amount=221_130,
    )
    deleted = visit(store, home.id, at(date(2026, 5, 11)), results=[result(enrolled, None)])
    soft_delete(store, Visit, deleted.id)
    kept = visit(
        store,
        home.id,
        at(date(2026, 5, 12)),
        results=[result(ResultKind.VOLUNTARY_SI_ENROLLED, b), result(ResultKind.BHYT_RENEWED, a)],
    )
    with store.read() as session:
        renewal = session.exec(
            select(Collection).where(
                Collection.visit_id == kept.id, Collection.kind == ResultKind.BHYT_RENEWED
            )
        ).one()
    soft_delete(store, Collection, renewal.id)
    visit(  # two people not on file: each a person of their own
        store,
        home.id,
        at(date(2026, 5, 12)),
        results=[result(ResultKind.CASHLESS_REGISTERED, None)] * 2,
        collector="lan.ht",
    )
    visit(  # the visit's local date is 31 May; one at 00:30 on 1 June is June's
        store,
        home.id,
        at(date(2026, 5, 31), 23, 30),
        results=[result(ResultKind.BHYT_RENEWED, b, 1)],
        amount=1,
    )
    visit(store, home.id, at(date(2026, 6, 1), 0, 30), results=[result(ResultKind.BHYT_RENEWED, a)])

    may = (date(2026, 5, 1), date(2026, 5, 31))
    with store.read() as session:
        in_may = metrics.tally(session, *may)
        mine = metrics.tally(session, *may, collector="thu.lt")
        june = metrics.tally(session, date(2026, 6, 1), date(2026, 6, 30))
        series = {m: metrics.daily_series(session, m, *may) for m in Metric}
        theirs = metrics.daily_series(session, Metric.CASHLESS_REGISTERED, *may, "lan.ht")
        last_day = metrics.tally(session, date(2026, 5, 31), date(2026, 5, 31))
    assert in_may == {
        Metric.BHYT_HOUSEHOLD_ENROLLED: 2,
        Metric.VOLUNTARY_SI_ENROLLED: 1,
        Metric.BHYT_RENEWED: 1,  # B on 31 May; A's renewal on 12 May was deleted
        Metric.VSSID_INSTALLED: 1,
        Metric.CASHLESS_REGISTERED: 2,
        Metric.AMOUNT_COLLECTED: 315_900 + 221_130 + 1,
    }
    assert mine[Metric.CASHLESS_REGISTERED] == 0 and mine[Metric.BHYT_HOUSEHOLD_ENROLLED] == 2
    assert june[Metric.BHYT_RENEWED] == 1 and june[Metric.AMOUNT_COLLECTED] == 0
    assert last_day[Metric.BHYT_RENEWED] == 1 and last_day[Metric.AMOUNT_COLLECTED] == 1
    for metric, points in series.items():
        assert [d for d, _ in points] == [date(2026, 5, 1) + timedelta(days=n) for n in range(31)]
        assert sum(v for _, v in points) == in_may[metric], metric
    by_day = {m: {d: v for d, v in pts if v} for m, pts in series.items()}
    assert by_day[Metric.BHYT_HOUSEHOLD_ENROLLED] == {date(2026, 5, 3): 1, date(2026, 5, 10): 1}
    assert by_day[Metric.BHYT_RENEWED] == {date(2026, 5, 31): 1}
    assert by_day[Metric.AMOUNT_COLLECTED] == {
        date(2026, 5, 3): 315_900,
        date(2026, 5, 10): 221_130,
        date(2026, 5, 31): 1,
    }
    assert dict(theirs)[date(2026, 5, 12)] == 2
    with store.read() as session:
        with pytest.raises(ValueError):
            metrics.tally(session, date(2026, 5, 2), date(2026, 5, 1))
        with pytest.raises(TypeError):
            metrics.tally(session, at(TODAY), at(TODAY))


def test_progress_against_targets(store: Store) -> None:
    home = add_household(store, "Nguyễn Thị Hồng")
    visit(
        store,
        home.id,
        at(date(2026, 5, 3)),
        results=[result(ResultKind.VSSID_INSTALLED, head_of(store, home.id))],
        amount=1_000_000,
    )
    targets.set_target(store, Metric.VSSID_INSTALLED, PeriodKind.MONTH, TODAY, 4)
    targets.set_target(store, Metric.AMOUNT_COLLECTED, PeriodKind.MONTH, TODAY, 4_000_000)
    targets.set_target(store, Metric.BHYT_RENEWED, PeriodKind.MONTH, TODAY, 0)
    with store.read() as session:
        month = metrics.progress(session, PeriodKind.MONTH, TODAY)
        june = metrics.progress(session, "month", date(2026, 6, 1))
    assert (month.start, month.end) == (date(2026, 5, 1), date(2026, 5, 31))
    vssid = month.metrics[Metric.VSSID_INSTALLED]
    assert (vssid.actual, vssid.target, vssid.source, vssid.fraction) == (1, 4, "local", 0.25)
    assert month.metrics[Metric.AMOUNT_COLLECTED].fraction == 0.25
    assert month.metrics[Metric.BHYT_RENEWED].fraction is None  # a zero target
    assert month.metrics[Metric.CASHLESS_REGISTERED].target is None
    assert list(month.metrics) == list(Metric)
    assert june.metrics[Metric.VSSID_INSTALLED].target is None
    assert june.metrics[Metric.VSSID_INSTALLED].actual == 0


def add_people(store: Store, household_id: str, count: int) -> list[str]:
    """Many members at once (test set-up only: one transaction, no outbox)."""
    people = [Person(household_id=household_id, full_name=f"Người {n}") for n in range(count)]
    with store.write() as session:
        session.add_all(people)
    return [p.id for p in people]


@pytest.mark.slow  # 2,719 results through the service layer
def test_published_campaign_tally_can_be_represented(store: Store) -> None:
    """domain.md §6: a province's 7-day May 2024 campaign."""
    published = {
        Metric.BHYT_HOUSEHOLD_ENROLLED: 1837,
        Metric.VOLUNTARY_SI_ENROLLED: 262,
        Metric.VSSID_INSTALLED: 519,
        Metric.CASHLESS_REGISTERED: 101,
    }
    home = add_household(store, "Hộ dân chiến dịch")
    people = add_people(store, home.id, 1837)
    campaign = targets.create_campaign(
        store, "Chiến dịch BHXH tự nguyện, BHYT hộ gia đình", date(2024, 5, 20), date(2024, 5, 26)
    )
    wanted = [(kind, n) for kind, total in published.items() for n in range(total)]
    days = [campaign.start_date + timedelta(days=d) for d in range(7)]
    for d, day in enumerate(days):
        share = wanted[d::7]
        hour = 23 if d == 6 else 9  # the last evening still counts
        results = [{"kind": ResultKind(kind.value), "person_id": people[n]} for kind, n in share]
        visit(store, home.id, at(day, hour, 30), results=results)
    for outside in (date(2024, 5, 19), date(2024, 5, 27)):
        visit(
            store,
            home.id,
            at(outside),
            results=[{"kind": ResultKind.BHYT_HOUSEHOLD_ENROLLED, "person_id": None}],
        )
    with store.read() as session:
        counted = metrics.campaign_tally(session, targets.get_campaign(session, campaign.id))
    assert {m: counted[m] for m in published} == published
    assert counted[Metric.BHYT_RENEWED] == 0


def test_published_yearly_target_exceeded(store: Store) -> None:
    """domain.md §6: a district's VssID installs for a year, 1,082 against 1,062."""
    home = add_household(store, "Huyện")
    installs = [{"kind": ResultKind.VSSID_INSTALLED, "person_id": None}] * 1082
    visit(store, home.id, at(date(2025, 3, 4)), results=installs[:500])
    visit(store, home.id, at(date(2025, 12, 31), 23, 59), results=installs[500:])
    visit(store, home.id, at(date(2026, 1, 1), 0, 1), results=installs[:1])
    targets.set_target(
        store, Metric.VSSID_INSTALLED, PeriodKind.YEAR, date(2025, 6, 1), 1062, "server"
    )
    with store.read() as session:
        year = metrics.progress(session, PeriodKind.YEAR, date(2025, 8, 8))
    vssid = year.metrics[Metric.VSSID_INSTALLED]
    assert (vssid.actual, vssid.target, vssid.source) == (1082, 1062, "server")
    assert vssid.fraction == pytest.approx(1082 / 1062) and vssid.fraction > 1


def test_a_database_from_the_first_schema_gets_targets_and_tallies(tmp_path: Path) -> None:
    """Rows written by version 0.1 (timestamps without fractions) count after the upgrade."""
    from helpers.first_schema import make_first_schema_db

    make_first_schema_db(tmp_path)
    store = open_store(tmp_path)
    try:
        targets.set_target(store, Metric.BHYT_RENEWED, PeriodKind.MONTH, date(2026, 1, 1), 2)
        targets.create_campaign(store, "Tết", date(2026, 1, 5), date(2026, 1, 5))
        with store.read() as session:
            january = metrics.progress(session, PeriodKind.MONTH, date(2026, 1, 31))
            (campaign,) = targets.list_campaigns(session)
            one_day = metrics.campaign_tally(session, campaign)
            badges = today.counts(session, date(2026, 1, 20))
        renewed = january.metrics[Metric.BHYT_RENEWED]
        assert (renewed.actual, renewed.target, renewed.fraction) == (1, 2, 0.5)
        assert january.metrics[Metric.AMOUNT_COLLECTED].actual == 1_263_600
        assert one_day[Metric.BHYT_RENEWED] == 1
        assert badges[TodayList.NOT_VISITED_THIS_MONTH] == 0  # visited on 5 January
    finally:
        store.close()


def test_local_dates() -> None:
    assert metrics.local_today(datetime(2026, 5, 31, 17, 0, tzinfo=UTC)) == date(2026, 6, 1)
    assert metrics.local_today(datetime(2026, 5, 31, 16, 59, tzinfo=UTC)) == date(2026, 5, 31)
    assert metrics.local_midnight_utc(date(2026, 6, 1)) == datetime(2026, 5, 31, 17, tzinfo=UTC)
    with pytest.raises(ValueError):
        metrics.local_today(datetime(2026, 5, 31, 12, 0))


# --- the demo commune, counted the plain way --------------------------------------------------

DEMO_TODAY = date(2026, 11, 18)


@pytest.fixture(scope="module")
def commune(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    store = open_store(Path(tmp_path_factory.mktemp("commune")))
    demo_data.generate(store, today=DEMO_TODAY)
    yield store
    store.close()


def plain_tally(store: Store, start: date, end: date) -> dict[Metric, int]:
    with store.read() as session:
        visits = {v.id: v for v in session.exec(select(Visit)) if v.deleted_at is None}
        results = [c for c in session.exec(select(Collection)) if c.deleted_at is None]

    def in_range(v: Visit) -> bool:
        return start <= v.visited_at.astimezone(VN).date() <= end

    people: dict[str, set[str]] = {}
    for c in results:
        v = visits.get(c.visit_id)
        if v is not None and in_range(v):
            people.setdefault(c.kind, set()).add(c.person_id or c.id)
    out = {m: len(people.get(m.value, ())) for m in Metric if m is not Metric.AMOUNT_COLLECTED}
    out[Metric.AMOUNT_COLLECTED] = sum(v.amount_collected for v in visits.values() if in_range(v))
    return out


def test_demo_tally_matches_a_plain_count(commune: Store) -> None:
    ranges = [metrics.period_bounds("month", DEMO_TODAY - timedelta(days=30 * n)) for n in range(7)]
    ranges += [
        metrics.period_bounds("quarter", DEMO_TODAY),
        metrics.period_bounds("year", DEMO_TODAY),
    ]
    ranges.append((date(2026, 8, 14), date(2026, 8, 20)))  # a week-long campaign
    with commune.read() as session:
        for start, end in ranges:
            counted = metrics.tally(session, start, end)
            assert counted == plain_tally(commune, start, end), (start, end)
        year = metrics.period_bounds("year", DEMO_TODAY)
        whole = metrics.tally(session, *year)
        for metric in Metric:
            series = metrics.daily_series(session, metric, *year)
            assert sum(v for _, v in series) == whole[metric], metric
    assert all(whole.values()), whole  # the demo has every kind of result


def test_demo_today_lists_match_a_plain_count(commune: Store) -> None:
    with commune.read() as session:
        households = [h for h in session.exec(select(Household)) if h.deleted_at is None]
        persons = [p for p in session.exec(select(Person)) if p.deleted_at is None]
        visits = [v for v in session.exec(select(Visit)) if v.deleted_at is None]
        badges = today.counts(session, DEMO_TODAY, 30)
    latest: dict[str, Visit] = {}
    for v in visits:
        if v.household_id not in latest or v.visited_at > latest[v.household_id].visited_at:
            latest[v.household_id] = v
    live = {h.id for h in households}
    month_start = datetime.combine(DEMO_TODAY.replace(day=1), time.min, tzinfo=VN)
    uninsured = {p.household_id for p in persons if p.bhyt_status == BhytStatus.NONE}

    def lapsed(p: Person) -> bool:
        e = p.bhyt_expiry
        return e is not None and e < DEMO_TODAY <= today.continuity_deadline(e)

    expected = {
        TodayList.FOLLOW_UPS: sum(
            1
            for hid, v in latest.items()
            if hid in live and v.follow_up_date and v.follow_up_date <= DEMO_TODAY
        ),
        TodayList.EXPIRING: sum(
            1
            for p in persons
            if p.household_id in live
            and p.bhyt_expiry
            and DEMO_TODAY <= p.bhyt_expiry <= DEMO_TODAY + timedelta(days=30)
        ),
        TodayList.LAPSED: sum(1 for p in persons if p.household_id in live and lapsed(p)),
        TodayList.NEVER_VISITED: len(live - set(latest)),
        TodayList.NOT_VISITED_THIS_MONTH: sum(
            1 for hid, v in latest.items() if hid in live and v.visited_at < month_start
        ),
        TodayList.PROSPECTS: sum(1 for h in households if h.could_afford and h.id in uninsured),
    }
    assert badges == expected
    assert all(0 < n < len(households) for n in badges.values()), badges
