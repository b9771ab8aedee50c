"""The demo-data generator: deterministic, realistic, valid, and usable by the list and search."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from vss_core import identifiers as ids
from vss_core.enums import BhytStatus, Metric, Outcome, PeriodKind, Relation, ResultKind
from vss_core.text import fold
from vss_core.validation import check_person
from vss_desktop.demo import load as demo_data
from vss_desktop.demo.generator import Generator
from vss_desktop.demo.reference import bhyt_monthly, vsi_monthly
from vss_desktop.store import Store, open_store, queries, targets
from vss_desktop.store.models import Collection, Household, OutboxOp, Person, Visit, synced_fields
from vss_desktop.store.queries import HouseholdFilter, StatusFilter

TODAY = date(2026, 11, 18)  # mid-month, so "not visited this month" is a real subset


@dataclass
class Commune:
    store: Store
    summary: demo_data.DemoSummary
    households: list[Household]
    persons: list[Person]
    visits: list[Visit]
    collections: list[Collection]


@pytest.fixture(scope="module")
def commune(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Commune]:
    """The default demo commune (1,500 households), generated once for the read-only tests."""
    store = open_store(tmp_path_factory.mktemp("commune"))
    summary = demo_data.generate(store, today=TODAY)
    with store.read() as s:
        rows = [list(s.exec(select(m))) for m in (Household, Person, Visit, Collection)]
    yield Commune(store, summary, *rows)
    store.close()


def table_digest(store: Store) -> str:
    """SHA-256 over every row of every table (search index and bookkeeping included)."""
    digest = hashlib.sha256()
    with store.engine.connect() as conn:
        names = conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
        ).scalars()
        for name in list(names):
            rows = conn.exec_driver_sql(f'SELECT * FROM "{name}"').all()
            digest.update(name.encode())
            for row in sorted(repr(tuple(row)) for row in rows):
                digest.update(row.encode())
    return digest.hexdigest()


def build(directory: Path, households: int, seed: int) -> str:
    store = open_store(directory)
    try:
        demo_data.generate(store, households=households, seed=seed, today=TODAY)
        return table_digest(store)
    finally:
        store.close()


def test_same_seed_and_day_give_identical_tables(tmp_path: Path) -> None:
    first = build(tmp_path / "a", 120, seed=7)
    assert build(tmp_path / "b", 120, seed=7) == first
    assert build(tmp_path / "c", 120, seed=8) != first


def test_default_commune_size(commune: Commune) -> None:
    assert commune.summary == demo_data.DemoSummary(
        households=len(commune.households),
        persons=len(commune.persons),
        visits=len(commune.visits),
        collections=len(commune.collections),
    )
    assert commune.summary.households == 1500
    assert 4500 <= commune.summary.persons <= 5500
    villages = {h.village for h in commune.households}
    assert 8 <= len(villages) <= 12
    assert {(h.province, h.commune, h.collector) for h in commune.households} == {
        ("Lào Cai", "Xã Mường Khương", "demo")
    }


def test_big_sets_have_bigger_households() -> None:
    gen = Generator(seed=1, today=TODAY, households=50_000)
    sizes = [len(gen.household()[1]) for _ in range(2000)]
    assert 3.8 <= sum(sizes) / len(sizes) <= 4.2  # ~200,000 persons for 50,000 households


def test_insurance_and_household_mix(commune: Commune) -> None:
    persons = commune.persons
    status = Counter(p.bhyt_status for p in persons)
    share = {k: v / len(persons) for k, v in status.items()}
    assert 0.45 <= share[BhytStatus.HOUSEHOLD] <= 0.55
    assert 0.20 <= share[BhytStatus.OTHER] <= 0.30
    assert 0.15 <= share[BhytStatus.NONE] <= 0.25
    insured = [p for p in persons if p.bhyt_status != BhytStatus.NONE]
    assert all(p.bhyt_expiry is not None and p.bhyt_card_number for p in insured)
    soon = [p for p in insured if TODAY <= p.bhyt_expiry <= TODAY + timedelta(days=30)]
    assert 0.08 <= len(soon) / len(insured) <= 0.12
    assert any(TODAY - timedelta(days=92) <= p.bhyt_expiry < TODAY for p in insured)
    for p in persons:
        if p.bhyt_status == BhytStatus.NONE and p.bhyt_expiry is not None:
            assert p.bhyt_expiry < TODAY - timedelta(days=90)  # lapsed long ago
        assert not (p.poor and p.near_poor)
    assert any(p.bhyt_expiry is None for p in persons if p.bhyt_status == BhytStatus.NONE)
    assert 0.01 <= sum(p.vsi_paid_until is not None for p in persons) / len(persons) <= 0.05
    assert 0.4 <= sum(p.ethnic_minority for p in persons) / len(persons) <= 0.75
    assert any(p.poor for p in persons) and any(p.near_poor for p in persons)
    assert 0.75 <= sum(bool(h.phone) for h in commune.households) / 1500 <= 0.95
    visited = {v.household_id for v in commune.visits}
    assert 0.5 <= len(visited) / 1500 <= 0.7
    assert {v.outcome for v in commune.visits} == set(Outcome)


def test_every_person_is_valid_and_consistent(commune: Commune) -> None:
    for p in commune.persons:
        values = {name: getattr(p, name) for name in synced_fields(Person)}
        assert check_person(values, today=TODAY) == {}, p.id  # no errors and no warnings
        if p.cccd:
            assert ids.validate_cccd(p.cccd) is None
        if p.bhxh_code:
            assert ids.validate_bhxh_code(p.bhxh_code) is None
        if p.bhyt_card_number:
            assert ids.bhxh_code_of_card(p.bhyt_card_number) == p.bhxh_code
        if p.phone:
            assert ids.check_phone(p.phone) == []
        middle = p.full_name.split()[1]
        if middle in ("Thị", "Mí"):
            assert p.sex == "F"
        if middle in ("Văn", "Seo", "A"):
            assert p.sex == "M"
    for field in ("cccd", "bhxh_code"):
        values = [getattr(p, field) for p in commune.persons if getattr(p, field)]
        assert len(values) == len(set(values)), field
    adults = [p for p in commune.persons if p.date_of_birth <= date(TODAY.year - 18, 1, 1)]
    assert sum(bool(p.cccd) for p in adults) / len(adults) > 0.9
    assert 0.8 < sum(p.cccd.startswith("010") for p in adults if p.cccd) / len(adults) < 0.99
    assert any(len(p.bhyt_card_number) == 15 for p in commune.persons)
    assert any(len(p.bhyt_card_number) == 10 for p in commune.persons)
    assert any(p.bhyt_card_number.startswith("GD4") for p in commune.persons)


def test_households_and_relations_are_consistent(commune: Commune) -> None:
    codes = [h.code for h in commune.households]
    assert len(set(codes)) == len(codes)
    assert all(len(c) == 10 and c.startswith("15") and c.isdigit() for c in codes)
    assert all(ids.validate_phone(h.phone) is None for h in commune.households if h.phone)
    members: dict[str, list[Person]] = {}
    for p in commune.persons:
        members.setdefault(p.household_id, []).append(p)
    numbers: dict[str, set[str]] = {}
    for h in commune.households:
        assert h.house_number not in numbers.setdefault(h.village, set())
        numbers[h.village].add(h.house_number)
        heads = [p for p in members[h.id] if p.relation == Relation.HEAD]
        assert len(heads) == 1 and heads[0].full_name == h.head_name
        head_born = heads[0].date_of_birth
        for p in members[h.id]:
            years_younger = (p.date_of_birth - head_born).days / 365.25
            if p.relation == Relation.CHILD:
                assert years_younger >= 15
            elif p.relation == Relation.GRANDCHILD:
                assert years_younger >= 30
            elif p.relation == Relation.PARENT:
                assert years_younger <= -15


def test_visits_and_collections_add_up(commune: Commune) -> None:
    by_visit: dict[str, list[Collection]] = {}
    for c in commune.collections:
        by_visit.setdefault(c.visit_id, []).append(c)
    kinds = Counter(c.kind for c in commune.collections)
    assert set(kinds) == set(ResultKind)
    for v in commune.visits:
        assert v.collector == "demo" and v.visited_at.tzinfo is not None
        assert TODAY - timedelta(days=181) <= v.visited_at.date() < TODAY
        assert v.follow_up_date is None or v.follow_up_date >= v.visited_at.date()
        if v.outcome == Outcome.PROMISED:
            assert v.promised_date is not None
        results = by_visit.get(v.id, [])
        assert sum(c.amount for c in results) <= v.amount_collected
        if v.amount_collected:
            assert v.receipt_number and v.outcome in (Outcome.ENROLLED, Outcome.RENEWED)
        for c in results:
            assert c.household_id == v.household_id and c.person_id
            if c.kind in (ResultKind.VSSID_INSTALLED, ResultKind.CASHLESS_REGISTERED):
                assert c.amount == 0 and c.months is None
            elif c.kind == ResultKind.VOLUNTARY_SI_ENROLLED:
                rules = json.loads(c.rule_values)
                assert c.amount == (100 - rules["support_percent"]) * 3300 * c.months
            else:
                rules = json.loads(c.rule_values)
                monthly, base, _ = bhyt_monthly(rules["position"], v.visited_at.date())
                assert rules["base_salary"] == base and c.months in (3, 6, 12)
                assert c.amount == monthly * c.months


def test_ladder_and_voluntary_si_amounts() -> None:
    # domain.md §2 table at 2,340,000 and 2,530,000; §3 at the 1,500,000 floor.
    before, after = date(2026, 6, 30), date(2026, 7, 1)
    assert [bhyt_monthly(n, before)[0] for n in range(1, 7)] == [
        105_300, 73_710, 63_180, 52_650, 42_120, 42_120
    ]  # fmt: skip
    assert [bhyt_monthly(n, after)[0] for n in range(1, 6)] == [
        113_850, 79_695, 68_310, 56_925, 45_540
    ]  # fmt: skip
    tiers = ("poor", "near_poor", "minority", "other")
    assert [vsi_monthly(t, after)[0] for t in tiers] == [165_000, 198_000, 231_000, 264_000]


def test_search_finds_generated_names(commune: Commune) -> None:
    person = next(p for p in commune.persons if fold(p.full_name) != p.full_name.lower())
    with commune.store.read() as s:
        assert person.household_id in queries.household_ids(
            s, HouseholdFilter(text=fold(person.full_name))
        )
        for text in ("nguyen thi hong", "Đức", "giàng a"):
            found = queries.household_ids(s, HouseholdFilter(text=text))
            assert 0 < len(found) < 1500, text


def count_directly(commune: Commune, status: StatusFilter) -> int:
    """The household list filters, computed in Python from the rows."""
    members: dict[str, list[Person]] = {}
    for p in commune.persons:
        members.setdefault(p.household_id, []).append(p)
    visits: dict[str, list[Visit]] = {}
    for v in commune.visits:
        visits.setdefault(v.household_id, []).append(v)
    month_start = datetime.combine(TODAY.replace(day=1), time.min).astimezone(UTC)
    until = TODAY + timedelta(days=30)

    def matches(h: Household) -> bool:
        people, seen = members.get(h.id, []), visits.get(h.id, [])
        if status is StatusFilter.UNINSURED:
            return any(p.bhyt_status == BhytStatus.NONE for p in people)
        if status is StatusFilter.EXPIRING:
            return any(p.bhyt_expiry and TODAY <= p.bhyt_expiry <= until for p in people)
        if status is StatusFilter.FOLLOW_UP_DUE:
            latest = max(seen, key=lambda v: v.visited_at, default=None)
            return bool(latest and latest.follow_up_date and latest.follow_up_date <= TODAY)
        return not any(v.visited_at >= month_start for v in seen)

    return sum(matches(h) for h in commune.households)


@pytest.mark.parametrize(
    "status",
    [
        StatusFilter.EXPIRING,
        StatusFilter.UNINSURED,
        StatusFilter.FOLLOW_UP_DUE,
        StatusFilter.NOT_VISITED_THIS_MONTH,
    ],
)
def test_list_filters_give_real_subsets(commune: Commune, status: StatusFilter) -> None:
    with commune.store.read() as s:
        found = queries.household_ids(s, HouseholdFilter(status=status, today=TODAY))
    assert 0 < len(found) < 1500
    assert len(found) == count_directly(commune, status)


def test_follow_ups_are_overdue_due_today_and_ahead(commune: Commune) -> None:
    latest: dict[str, Visit] = {}
    for v in commune.visits:
        if v.household_id not in latest or v.visited_at > latest[v.household_id].visited_at:
            latest[v.household_id] = v
    dates = [v.follow_up_date for v in latest.values() if v.follow_up_date]
    assert any(d < TODAY for d in dates) and TODAY in dates and any(d > TODAY for d in dates)


def test_rows_stand_for_server_data(commune: Commune) -> None:
    with commune.store.read() as s:
        assert list(s.exec(select(OutboxOp))) == []
    for rows in (commune.households, commune.persons, commune.visits, commune.collections):
        assert {r.server_version for r in rows} == {1}
        assert all(r.deleted_at is None and r.created_at <= r.updated_at for r in rows)
        assert all(r.updated_at.date() <= TODAY for r in rows)


def test_refuses_a_store_with_households(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    try:
        assert demo_data.is_empty(store)
        demo_data.generate(store, households=5, today=TODAY)
        assert not demo_data.is_empty(store)
        with pytest.raises(ValueError, match="already has households"):
            demo_data.generate(store, households=5, today=TODAY)
        with store.read() as s:
            assert queries.household_count(s) == 5
    finally:
        store.close()


def test_progress_is_reported_per_batch(tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    store = open_store(tmp_path)
    try:
        demo_data.generate(store, households=1200, today=TODAY, progress=lambda d, t: calls.append((d, t)))  # fmt: skip
    finally:
        store.close()
    total = calls[-1][1]
    assert [done for done, _ in calls] == [500, 1000, 1200, total]
    assert total > 1200 and {t for _, t in calls} == {total}


def test_command_line_prints_counts_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--data-dir", str(tmp_path), "--households", "25", "--seed", "3"]
    assert demo_data.main([*args, "--today", TODAY.isoformat()]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1 and out[0].startswith("25 households, ") and out[0].endswith(" s")
    store = open_store(tmp_path)
    try:
        with store.read() as s:
            names = [p.full_name for p in s.exec(select(Person))]
    finally:
        store.close()
    assert not any(name in out[0] for name in names)
    assert demo_data.main(args) == 1  # not empty any more
    assert "already has households" in capsys.readouterr().err


def test_work_plan_targets_and_campaign_are_deterministic(tmp_path: Path) -> None:
    digests = []
    for name in ("a", "b"):
        store = open_store(tmp_path / name)
        try:
            demo_data.generate(store, households=100, seed=5, today=TODAY, work_plan=True)
            digests.append(table_digest(store))
            with store.read() as s:
                month = targets.effective_targets(s, PeriodKind.MONTH, TODAY)
                quarter = targets.effective_targets(s, PeriodKind.QUARTER, TODAY)
                [campaign] = targets.list_campaigns(s)
        finally:
            store.close()
    assert digests[0] == digests[1]
    assert set(month) == set(quarter) == set(Metric)  # every metric has a target
    assert month[Metric.BHYT_RENEWED].value == 2  # 25 per 1,000 households a month
    assert quarter[Metric.BHYT_RENEWED].value == 8  # three months' worth, 7.5 rounded
    assert month[Metric.AMOUNT_COLLECTED].value == 2_000_000  # whole millions
    assert (campaign.start_date, campaign.end_date) == (TODAY - timedelta(days=6), TODAY)


def test_work_plan_only_when_asked(commune: Commune) -> None:
    with commune.store.read() as s:
        assert targets.list_targets(s, PeriodKind.MONTH, TODAY) == []
        assert targets.list_campaigns(s) == []
