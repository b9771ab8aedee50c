"""The service layer: change + outbox op in one transaction, search, soft deletes."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from vss_core import vietnam_time
from vss_core.enums import BhytStatus, OpKind, Outcome, ResultKind
from vss_desktop.store import Store, queries, services
from vss_desktop.store.models import Collection, Household, OutboxOp, Person, Visit
from vss_desktop.store.queries import HouseholdFilter, StatusFilter


def ops(store: Store) -> list[OutboxOp]:
    with store.read() as session:
        return list(session.exec(sa.select(OutboxOp).order_by(OutboxOp.seq)).scalars())


def add_family(store: Store) -> tuple[Household, Person]:
    household = services.create_household(
        store,
        {"head_name": "Nguyễn Thị Hồng", "village": "Bản Pha Long", "phone": "+84 912 345 678"},
        head={"sex": "F", "date_of_birth": date(1985, 5, 2), "cccd": "010185001234"},
    )
    child = services.create_person(
        store,
        household.id,
        {"full_name": "Lò Văn Đức", "relation": "child", "sex": "M", "bhxh_code": "0120152431"},
    )
    return household, child


def search(store: Store, text: str, **kw) -> list[str]:
    with store.read() as session:
        return queries.household_ids(session, HouseholdFilter(text=text, **kw))


def test_database_pragmas(store: Store) -> None:
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_each_change_writes_one_op_with_only_its_fields(store: Store) -> None:
    household, child = add_family(store)
    services.update_person(store, child.id, {"phone": "0981 234 567", "full_name": "Lò Văn Đức"})
    queue = ops(store)
    assert [(o.entity, o.kind) for o in queue] == [
        ("household", OpKind.CREATE),
        ("person", OpKind.CREATE),
        ("person", OpKind.CREATE),
        ("person", OpKind.UPDATE),
    ]
    assert [o.seq for o in queue] == [1, 2, 3, 4]  # gap-free per device
    assert json.loads(queue[-1].fields) == {"phone": "0981234567"}  # unchanged name not sent
    assert json.loads(queue[0].fields)["phone"] == "0912345678"
    assert services.pending_changes(store) == 4


def test_no_op_update_queues_nothing(store: Store) -> None:
    household, _ = add_family(store)
    before = len(ops(store))
    services.update_household(store, household.id, {"head_name": "Nguyễn Thị Hồng"})
    assert len(ops(store)) == before


def test_renaming_the_head_updates_the_household(store: Store) -> None:
    household, _ = add_family(store)
    with store.read() as session:
        head = session.exec(
            sa.select(Person).where(Person.household_id == household.id, Person.relation == "head")
        ).scalar_one()
    services.update_person(store, head.id, {"full_name": "Nguyễn Thị Hồng Nhung"})
    with store.read() as session:
        assert session.get(Household, household.id).head_name == "Nguyễn Thị Hồng Nhung"
    assert search(store, "nhung") == [household.id]


def test_invalid_input_writes_nothing(store: Store) -> None:
    household, child = add_family(store)
    before = len(ops(store))
    with pytest.raises(services.ValidationFailed) as err:
        services.update_person(store, child.id, {"cccd": "12345"})
    assert err.value.problems["cccd"][0].code == "cccd.length"
    with pytest.raises(services.ValidationFailed):
        services.create_household(store, {"head_name": " ", "village": "X"})
    assert len(ops(store)) == before
    with store.read() as session:
        assert session.get(Person, child.id).cccd == ""


def test_visit_with_results_is_atomic(store: Store) -> None:
    household, child = add_family(store)
    visit = services.record_visit(
        store,
        household.id,
        {"outcome": Outcome.ENROLLED, "amount_collected": 1_263_600, "receipt_number": "BL-001"},
        [
            {
                "person_id": child.id,
                "kind": ResultKind.BHYT_HOUSEHOLD_ENROLLED,
                "amount": 1_263_600,
                "months": 12,
            },
            {"person_id": child.id, "kind": ResultKind.VSSID_INSTALLED},
        ],
    )
    with store.read() as session:
        rows = (
            session.exec(sa.select(Collection).where(Collection.visit_id == visit.id))
            .scalars()
            .all()
        )
        assert {r.kind for r in rows} == {"bhyt_household_enrolled", "vssid_installed"}
    entities = [o.entity for o in ops(store)][-3:]
    assert entities == ["visit", "collection", "collection"]

    # A bad result (person of another household) rolls back the whole visit.
    other, _ = add_family(store)
    before = len(ops(store))
    with pytest.raises(services.ValidationFailed):
        services.record_visit(
            store,
            other.id,
            {"outcome": Outcome.RENEWED},
            [{"person_id": child.id, "kind": ResultKind.BHYT_RENEWED}],
        )
    assert len(ops(store)) == before
    with store.read() as session:
        assert (
            session.exec(
                sa.select(sa.func.count()).select_from(Visit).where(Visit.household_id == other.id)
            ).scalar_one()
            == 0
        )


def test_a_full_disk_leaves_every_visit_whole_and_the_store_usable(store: Store) -> None:
    """SQLite's own "database or disk is full" (the file capped at its size, as when the
    laptop's disk fills up) in the middle of recording visits with their results: each
    visit is stored with its results and outbox ops, or not at all; once there is room
    again the next visit saves."""
    household, child = add_family(store)

    def cap(dbapi_conn, _record) -> None:  # noqa: ANN001 - a DB-API connection
        cursor = dbapi_conn.cursor()
        pages = cursor.execute("PRAGMA page_count").fetchone()[0]
        cursor.execute(f"PRAGMA max_page_count = {pages + 3}")
        cursor.close()

    sa.event.listen(store.engine, "connect", cap)
    store.engine.dispose()  # pooled connections reopen with the cap
    returned: list[str] = []
    with pytest.raises(sa.exc.OperationalError, match="database or disk is full"):
        for n in range(1000):  # long notes: a few visits fill the three pages
            visit = services.record_visit(
                store,
                household.id,
                {"outcome": Outcome.THINKING, "notes": f"Lần {n}: hẹn bàn với gia đình. " * 60},
                [{"person_id": child.id, "kind": ResultKind.VSSID_INSTALLED}],
            )
            returned.append(visit.id)
    assert returned  # some fitted before the disk was full

    def stored() -> tuple[list[str], list[str], list[str]]:
        with store.read() as session:
            visits = session.exec(sa.select(Visit.id).order_by(Visit.visited_at)).scalars().all()
            results = session.exec(sa.select(Collection.visit_id)).scalars().all()
        queued = [o.entity_id for o in ops(store) if o.entity == "visit"]
        return list(visits), list(results), queued

    visits, results, queued = stored()
    assert sorted(visits) == sorted(returned) == sorted(queued) == sorted(results)

    sa.event.remove(store.engine, "connect", cap)  # room again
    store.engine.dispose()
    again = services.record_visit(store, household.id, {"outcome": Outcome.NOT_HOME})
    visits, _, queued = stored()
    assert sorted(visits) == sorted(queued) == sorted([*returned, again.id])


def test_visit_rules(store: Store) -> None:
    household, _ = add_family(store)
    with pytest.raises(services.ValidationFailed) as err:
        services.record_visit(store, household.id, {"outcome": Outcome.PROMISED})
    assert "promised_date" in err.value.problems
    with pytest.raises(services.ValidationFailed) as err:
        services.record_visit(
            store, household.id, {"outcome": Outcome.ENROLLED, "amount_collected": 5}
        )
    assert "receipt_number" in err.value.problems
    with pytest.raises(services.ValidationFailed):
        services.record_visit(store, household.id, {"outcome": "shrugged"})


def test_a_typed_visit_is_saved_with_its_results(store: Store) -> None:
    """The forms' input: a NewVisit with its results, not positional dicts."""
    household, child = add_family(store)
    head = next(p for p in queries_members(store, household.id) if p.id != child.id)
    local = datetime(2026, 3, 2, 9, 30, tzinfo=timezone(timedelta(hours=7)))
    visit = services.NewVisit(
        household_id=household.id,
        visited_at=local,
        collector="thu.lt",
        outcome=Outcome.RENEWED,
        amount_collected=341_550,
        receipt_number="BL-0042",
        results=(
            services.VisitResult(child.id, ResultKind.BHYT_RENEWED, 341_550, 3, '{"a": 1}'),
            services.VisitResult(head.id, ResultKind.VSSID_INSTALLED),
        ),
    )
    assert services.check_new_visit(visit) == {}
    saved = services.save_visit(store, visit)
    with store.read() as session:
        stored = session.get(Visit, saved.id)
        rows = session.exec(sa.select(Collection).where(Collection.visit_id == saved.id))
        got = sorted(
            (r.person_id, r.kind, r.amount, r.months, r.rule_values) for r in rows.scalars()
        )
    assert stored.visited_at == local.astimezone(UTC)  # stored in UTC
    assert (stored.outcome, stored.amount_collected, stored.receipt_number) == (
        Outcome.RENEWED,
        341_550,
        "BL-0042",
    )
    assert got == sorted(
        [
            (child.id, ResultKind.BHYT_RENEWED, 341_550, 3, '{"a": 1}'),
            (head.id, ResultKind.VSSID_INSTALLED, 0, None, ""),
        ]
    )
    assert json.loads(ops(store)[-3].fields)["visited_at"].startswith("2026-03-02T02:30")


def test_a_typed_visit_names_the_result_at_fault(store: Store) -> None:
    household, child = add_family(store)
    before = len(ops(store))
    visit = services.NewVisit(
        household_id=household.id,
        outcome=Outcome.ENROLLED,
        amount_collected=10,
        receipt_number="BL-1",
        results=(
            services.VisitResult(child.id, ResultKind.VSSID_INSTALLED),
            services.VisitResult(child.id, "no_such_kind"),
        ),
    )
    problems = services.check_new_visit(visit)
    assert list(problems) == ["results.1"]  # results[1].person_id tells whose row
    with pytest.raises(services.ValidationFailed) as err:
        services.save_visit(store, visit)
    assert list(err.value.problems) == ["results.1"]
    naive = services.NewVisit(household.id, Outcome.NOT_HOME, visited_at=datetime(2026, 3, 2))
    with pytest.raises(ValueError, match="timezone-aware"):
        services.save_visit(store, naive)
    assert len(ops(store)) == before  # nothing written


# --- typed households and members ---------------------------------------------------


def test_a_typed_household_is_saved_with_its_head(store: Store) -> None:
    """The forms' input: HouseholdInput and HouseholdHead, PersonInput, not named dicts."""
    household = services.save_household(
        store,
        services.HouseholdInput(
            head_name=" Nguyễn  Thị Hồng ", village="Bản Pha Long", phone="+84 912 345 678"
        ),
        services.HouseholdHead(sex="F", date_of_birth=date(1985, 5, 2), cccd="0101 8500 1234"),
    )
    child = services.save_person(
        store,
        household.id,
        services.PersonInput(full_name="Lò Văn Đức", relation="child", bhxh_code="0120152431"),
    )
    with store.read() as session:
        stored = session.get(Household, household.id)
    assert (stored.head_name, stored.phone) == ("Nguyễn  Thị Hồng", "0912345678")
    members = queries_members(store, household.id)
    assert [(p.full_name, p.relation, p.cccd) for p in members] == [
        ("Nguyễn  Thị Hồng", "head", "010185001234"),
        ("Lò Văn Đức", "child", ""),
    ]
    assert members[1].id == child.id and members[1].bhyt_status == BhytStatus.NONE
    assert [(o.entity, o.kind) for o in ops(store)] == [
        ("household", OpKind.CREATE),
        ("person", OpKind.CREATE),
        ("person", OpKind.CREATE),
    ]


def test_typed_changes_write_only_the_fields_given(store: Store) -> None:
    household, child = add_family(store)
    head = next(p for p in queries_members(store, household.id) if p.id != child.id)
    services.save_person_changes(store, child.id, services.PersonChanges(phone="0981 234 567"))
    assert json.loads(ops(store)[-1].fields) == {"phone": "0981234567"}
    # None is a value (the date is cleared), unlike a field left UNSET
    services.save_person_changes(store, head.id, services.PersonChanges(date_of_birth=None))
    assert json.loads(ops(store)[-1].fields) == {"date_of_birth": None}
    services.save_household_changes(
        store, household.id, services.HouseholdChanges(notes="Nhà sau trường")
    )
    assert json.loads(ops(store)[-1].fields) == {"notes": "Nhà sau trường"}
    before = len(ops(store))
    services.save_household_changes(store, household.id, services.HouseholdChanges())
    services.save_person_changes(store, child.id, services.PersonChanges(phone="0981234567"))
    assert len(ops(store)) == before  # nothing changed, nothing queued
    with store.read() as session:
        stored_child, stored_head = session.get(Person, child.id), session.get(Person, head.id)
        stored = session.get(Household, household.id)
    assert (stored_child.full_name, stored_child.bhxh_code) == ("Lò Văn Đức", "0120152431")
    assert (stored_head.date_of_birth, stored_head.cccd) == (None, "010185001234")
    assert (stored.phone, stored.village) == ("0912345678", "Bản Pha Long")


def test_typed_inputs_take_named_fields_only(store: Store) -> None:
    with pytest.raises(TypeError):
        services.HouseholdInput("Nguyễn Thị Hồng", "Bản Pha Long")  # keyword-only
    with pytest.raises(TypeError):
        services.PersonChanges(fullname="Lò Văn Đức")  # a misspelt field is no silent no-op
    changes = services.HouseholdChanges(phone="0912345678")
    with pytest.raises(AttributeError):
        changes.phone = "0987654321"  # frozen
    every = services.PersonChanges.every(services.PersonInput(full_name="A", relation="child"))
    assert every.fields() == services.PersonInput(full_name="A", relation="child").fields()
    household = services.HouseholdInput(head_name="B", village="C")
    assert services.HouseholdChanges.every(household).fields() == household.fields()
    assert "could_afford" not in household.fields()  # a form's edit leaves the flag alone


def test_typed_inputs_are_checked_as_the_save_checks_them(store: Store) -> None:
    household, _ = add_family(store)
    bad_head = services.HouseholdHead(sex="F", date_of_birth=date(1985, 5, 2), cccd="12345")
    bad = services.HouseholdInput(head_name=" ", village="Bản Pha Long")
    problems = services.check_household_input(bad, bad_head)
    assert {n: [p.code for p in ps] for n, ps in problems.items()} == {
        "head_name": ["required"],
        "full_name": ["required"],  # the head is named after the household
        "cccd": ["cccd.length"],
    }
    person = services.PersonInput(full_name="Lò Văn Đức", relation="cousin", poor=True)
    assert list(services.check_person_input(person)) == ["relation"]
    before = len(ops(store))
    with pytest.raises(services.ValidationFailed):
        services.save_household(store, bad, bad_head)
    with pytest.raises(services.ValidationFailed) as err:
        services.save_person(store, household.id, person)
    assert list(err.value.problems) == ["relation"]
    with pytest.raises(services.ValidationFailed):
        services.save_household_changes(
            store, household.id, services.HouseholdChanges(phone="0212345678")
        )
    assert len(ops(store)) == before


def head_and_household(store: Store, household_id: str) -> tuple[str, str, str]:
    with store.read() as session:
        stored = session.get(Household, household_id)
    head = next(p for p in queries_members(store, household_id) if p.relation == "head")
    return stored.head_name, head.full_name, stored.house_number


def test_a_household_edit_renames_its_head_in_the_same_transaction(store: Store) -> None:
    household, child = add_family(store)
    before = len(ops(store))
    services.save_household_changes(
        store,
        household.id,
        services.HouseholdChanges(head_name="Nguyễn Thị Hồng Nhung", house_number="5A"),
    )
    assert head_and_household(store, household.id) == ("Nguyễn Thị Hồng Nhung",) * 2 + ("5A",)
    changed = ops(store)[before:]
    assert [(o.entity, json.loads(o.fields)) for o in changed] == [
        ("person", {"full_name": "Nguyễn Thị Hồng Nhung"}),
        ("household", {"head_name": "Nguyễn Thị Hồng Nhung", "house_number": "5A"}),
    ]
    assert search(store, "nhung") == [household.id]
    with store.read() as session:
        assert session.get(Person, child.id).full_name == "Lò Văn Đức"  # only the head

    # The household's update refused after the rename: the rename is not stored either.
    with store.engine.begin() as conn:
        conn.exec_driver_sql(
            "CREATE TRIGGER test_refuse BEFORE UPDATE OF house_number ON household "
            "WHEN NEW.house_number IS NOT OLD.house_number "
            "BEGIN SELECT RAISE(ABORT, 'refused'); END"
        )
    before = len(ops(store))
    with pytest.raises(sa.exc.IntegrityError, match="refused"):
        services.save_household_changes(
            store, household.id, services.HouseholdChanges(head_name="Lò Thị Mai", house_number="7")
        )
    assert head_and_household(store, household.id) == ("Nguyễn Thị Hồng Nhung",) * 2 + ("5A",)
    assert len(ops(store)) == before
    assert search(store, "mai") == []

    services.delete_household(store, household.id)
    with pytest.raises(services.NotFound):
        services.save_household_changes(
            store, household.id, services.HouseholdChanges(head_name="Lò Thị Mai")
        )


def queries_members(store: Store, household_id: str) -> list[Person]:
    with store.read() as session:
        detail = queries.household_detail(session, household_id)
    assert detail is not None
    return detail.members


@pytest.mark.parametrize(
    "query",
    [
        "nguyen thi hong",
        "Hồng",
        "NGUYEN",
        "duc",
        "Đức",
        "0912",
        "+84912",
        "0120152",
        "010185001234",
    ],
)
def test_search_finds_by_name_and_numbers(store: Store, query: str) -> None:
    household, _ = add_family(store)
    services.create_household(store, {"head_name": "Trần Văn Nam", "village": "Thôn Nà Hẩu"})
    assert search(store, query) == [household.id]


def test_search_needs_every_word(store: Store) -> None:
    add_family(store)
    assert search(store, "nguyen nam") == []
    assert search(store, "   ") != []  # blank search shows everything


def test_one_character_does_not_filter(store: Store) -> None:
    household, _ = add_family(store)
    other = services.create_household(
        store, {"head_name": "Trần Văn Nam", "village": "Thôn Nà Hẩu"}
    )
    assert sorted(search(store, "z")) == sorted([household.id, other.id])
    assert search(store, "zz") == []


def test_soft_delete_hides_and_queues(store: Store) -> None:
    household, child = add_family(store)
    services.delete_person(store, child.id)
    assert search(store, "duc") == []
    services.delete_household(store, household.id)
    assert search(store, "") == []
    assert [o.kind for o in ops(store)][-3:] == ["delete", "delete", "delete"]
    with store.read() as session:
        assert session.get(Household, household.id).deleted_at is not None  # kept, marked
    with pytest.raises(services.NotFound):
        services.update_household(store, household.id, {"notes": "x"})


def test_status_filters(store: Store) -> None:
    today = date(2026, 11, 22)
    household, child = add_family(store)
    covered = services.create_household(
        store, {"head_name": "Hà Thị Lan", "village": "Bản Pha Long"}
    )
    services.create_person(
        store,
        covered.id,
        {
            "full_name": "Hà Thị Lan",
            "relation": "head",
            "bhyt_status": BhytStatus.HOUSEHOLD,
            "bhyt_expiry": today + timedelta(days=10),
        },
    )
    uninsured = search(store, "", status=StatusFilter.UNINSURED, today=today)
    assert uninsured == [household.id]
    expiring = search(store, "", status=StatusFilter.EXPIRING, expiring_days=30, today=today)
    assert expiring == [covered.id]
    assert search(store, "", status=StatusFilter.EXPIRING, expiring_days=5, today=today) == []
    services.record_visit(
        store, household.id, {"outcome": Outcome.THINKING, "follow_up_date": vietnam_time.today()}
    )
    assert search(store, "", status=StatusFilter.FOLLOW_UP_DUE) == [household.id]
    assert search(store, "", status=StatusFilter.NOT_VISITED_THIS_MONTH) == [covered.id]
    assert search(store, "", village="Bản Pha Long") == sorted(
        [household.id, covered.id], key=lambda i: search(store, "").index(i)
    )


def test_rows_for_the_list(store: Store) -> None:
    household, child = add_family(store)
    services.record_visit(store, household.id, {"outcome": Outcome.NOT_HOME})
    with store.read() as session:
        row = queries.household_rows(session, [household.id])[household.id]
    assert (row.head_name, row.members, row.uninsured, row.last_outcome) == (
        "Nguyễn Thị Hồng",
        2,
        2,
        "not_home",
    )
    assert row.last_visit_at is not None and row.last_visit_at.tzinfo is not None


def test_detail_orders_members_head_first(store: Store) -> None:
    household, child = add_family(store)
    with store.read() as session:
        detail = queries.household_detail(session, household.id)
    assert [m.relation for m in detail.members] == ["head", "child"]


def test_list_sees_writes_that_bypass_the_services(store: Store) -> None:
    """The sorted list is cached; triggers make any writer (a pull, a script) invalidate it."""
    household, _ = add_family(store)
    assert search(store, "") == [household.id]
    with store.write() as session:
        session.connection().exec_driver_sql(
            "INSERT INTO household (id, created_at, updated_at, code, head_name, province, commune,"
            " village, house_number, street, phone, notes, collector, could_afford) VALUES"
            " ('raw', '2026-01-01', '2026-01-01', '', 'Vàng A Sử', '', '', 'Bản Pha Long', '1', '',"
            " '', '', '', 0)"
        )
    assert search(store, "") == [household.id, "raw"]  # no house number sorts first
    with store.read() as session:
        assert session.get(Household, "raw").local_key is not None  # assigned by trigger
    with store.write() as session:
        session.connection().exec_driver_sql(
            "UPDATE household SET deleted_at = '2026-01-02' WHERE id = 'raw'"
        )
    assert search(store, "") == [household.id]
