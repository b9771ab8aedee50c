"""A month of visits recorded through the app's services, priced by the calculator, for
the D03-TS / D05-TS tests (app, server and dialog): November 2026 in Xã Pha Long, with
visits at the edges of the range, a person paying twice, results typed by hand and a
deleted visit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import select

from vss_core import contributions as calc
from vss_core.enums import OpKind, Outcome, ResultKind
from vss_core.household_bhyt import HouseholdMember, bhyt_household
from vss_core.voluntary_si import ExtraSupport, voluntary_si
from vss_desktop.store import Store, outbox, services
from vss_desktop.store.models import Person, Visit
from vss_desktop.store.services import NewVisit, VisitResult

VN = ZoneInfo("Asia/Ho_Chi_Minh")
START, END = date(2026, 11, 1), date(2026, 11, 30)
PASSPHRASE = "núi cao bản xa 2026"
INJECTED = '=HYPERLINK("http://x","Lò Văn A")'


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=VN)


# --- the month's visits, through the app's services ------------------------------------------


@dataclass
class Month:
    """What was recorded, and what the forms must show of it."""

    people: dict[str, str]  # label -> person id
    bhyt_enrolled_paid: int  # the collections' amounts in the range, by kind
    bhyt_renewed_paid: int
    vsi_paid: int
    vsi_results: dict[str, Any]  # label -> the calculator's VsiResult


def person(store: Store, household_id: str, name: str, **values: Any) -> str:
    return services.create_person(store, household_id, {"full_name": name, **values}).id


def head_id(store: Store, household_id: str) -> str:
    with store.read() as session:
        query = select(Person.id).where(Person.household_id == household_id)
        return session.exec(query).one()


def delete_visit(store: Store, visit_id: str) -> None:
    """As the app deletes a record (soft, with its outbox op): the app has no visit
    deletion in its forms yet."""
    with store.write() as session:
        row = session.get(Visit, visit_id)
        assert row is not None
        row.deleted_at = row.updated_at = datetime.now(UTC)
        session.add(row)
        session.flush()
        outbox.enqueue(session, "visit", row.id, OpKind.DELETE, {}, row.server_version)


def record(
    store: Store,
    household_id: str,
    when: datetime,
    receipt: str,
    results: list[VisitResult],
    collector: str = "thu.lt",
) -> Visit:
    return services.save_visit(
        store,
        NewVisit(
            household_id=household_id,
            outcome=Outcome.ENROLLED,
            visited_at=when,
            collector=collector,
            amount_collected=sum(r.amount for r in results),
            receipt_number=receipt,
            results=tuple(results),
        ),
    )


def bhyt_results(
    ids: list[str], kind: ResultKind, months: int, on: date, already: int = 0
) -> list[VisitResult]:
    priced = bhyt_household([HouseholdMember(i) for i in ids], months, on, already_joined=already)
    return [
        VisitResult(i, kind, line.amount, months, calc.compact_json(priced.rule_values_for(i)))
        for i, line in zip(ids, priced.members, strict=True)
    ]


def vsi_result(person_id: str, priced: Any) -> VisitResult:
    return VisitResult(
        person_id,
        ResultKind.VOLUNTARY_SI_ENROLLED,
        priced.person_pays,
        priced.months,
        calc.compact_json(priced.rule_values),
    )


def record_month(store: Store) -> Month:
    """Two households of Xã Pha Long, visits over November 2026 and around its ends."""
    pha = services.create_household(
        store,
        {
            "code": "0100000001",
            "head_name": INJECTED,
            "province": "Lào Cai",
            "commune": "Xã Pha Long",
            "village": "Bản Pha Long",
            "house_number": "12",
        },
        head={
            "full_name": INJECTED,
            "bhxh_code": "0123456789",
            "cccd": "001190012345",
            "date_of_birth": date(1990, 3, 4),
            "sex": "M",
            "bhyt_card_number": "GD4010123456789",
        },
    )
    p = {"head": head_id(store, pha.id)}
    p["wife"] = person(store, pha.id, "Lò Thị Bình", cccd="011190054321", sex="F")
    na = services.create_household(
        store,
        {
            "code": "0100000002",
            "head_name": "Giàng Seo Chứ",
            "commune": "Xã Pha Long",
            "village": "Thôn Nà Hẩu",
        },
        head={"full_name": "Giàng Seo Chứ", "bhxh_code": "0011223344", "sex": "M"},
    )
    p["chu"] = head_id(store, na.id)
    p["mai"] = person(store, na.id, "Giàng Thị Mai", sex="F", poor=True)
    p["late"] = person(store, na.id, "Giàng Seo Pháo", sex="M")

    # 3 Nov: the couple joins household BHYT, 12 months, ladder 1 and 2.
    first = bhyt_results(
        [p["head"], p["wife"]], ResultKind.BHYT_HOUSEHOLD_ENROLLED, 12, date(2026, 11, 3)
    )
    record(store, pha.id, at(date(2026, 11, 3)), "BL-0001", first)
    # 10 Nov: the head pays again (3 more months): still one row, amounts summed.
    again = bhyt_results([p["head"]], ResultKind.BHYT_HOUSEHOLD_ENROLLED, 3, date(2026, 11, 10))
    record(store, pha.id, at(date(2026, 11, 10)), "BL-0007", again, collector="nam.vh")
    # 20 Nov: a result typed by hand, for nobody in particular (no rule values).
    typed = VisitResult(None, ResultKind.BHYT_HOUSEHOLD_ENROLLED, 341_550, 3)
    record(store, na.id, at(date(2026, 11, 20), 8), "BL-0009", [typed])
    # 30 Nov at 23:30 local (16:30 UTC): Chứ renews: it counts.
    renew = bhyt_results([p["chu"]], ResultKind.BHYT_RENEWED, 6, END)
    record(store, na.id, at(END, 23, 30), "BL-0010", renew)
    # 1 Dec at 00:30 local: outside the range.
    late = bhyt_results([p["late"]], ResultKind.BHYT_RENEWED, 6, END + timedelta(days=1))
    record(store, na.id, at(END + timedelta(days=1), 0, 30), "BL-0011", late)
    # 31 Oct at 23:59 local: before the range.
    early = bhyt_results([p["late"]], ResultKind.BHYT_RENEWED, 6, START - timedelta(days=1))
    record(store, na.id, at(START - timedelta(days=1), 23, 59), "BL-0000", early)

    # Voluntary SI: Mai (poor, a provincial support on top), the wife (3 months).
    mai = voluntary_si(
        1_500_000, 12, "poor", date(2026, 11, 5), extra_support=[ExtraSupport("Tỉnh Lào Cai", 10)]
    )
    record(store, na.id, at(date(2026, 11, 5)), "BL-0003", [vsi_result(p["mai"], mai)])
    wife = voluntary_si(3_000_000, 3, "other", date(2026, 11, 12))
    record(store, pha.id, at(date(2026, 11, 12)), "BL-0005", [vsi_result(p["wife"], wife)])
    # A voluntary-SI payment typed by hand: in the list, derived columns blank.
    hand = VisitResult(p["late"], ResultKind.VOLUNTARY_SI_ENROLLED, 500_000, 1)
    record(store, na.id, at(date(2026, 11, 25)), "BL-0012", [hand])
    # A visit deleted since (as a pull of a deletion would): never counted.
    gone = voluntary_si(2_000_000, 6, "other", date(2026, 11, 15))
    deleted = record(store, na.id, at(date(2026, 11, 15)), "BL-0006", [vsi_result(p["chu"], gone)])
    delete_visit(store, deleted.id)
    # The first day's 00:00 local counts.
    dawn = voluntary_si(1_500_000, 1, "other", START)
    record(store, pha.id, at(START, 0, 0), "BL-0002", [vsi_result(p["head"], dawn)])

    return Month(
        people=p,
        bhyt_enrolled_paid=sum(r.amount for r in first + again) + typed.amount,
        bhyt_renewed_paid=renew[0].amount,
        vsi_paid=mai.person_pays + wife.person_pays + hand.amount + dawn.person_pays,
        vsi_results={"mai": mai, "wife": wife, "dawn": dawn},
    )
