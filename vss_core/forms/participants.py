"""From the recorded results of a period to the rows and totals of D03-TS and D05-TS.

Both ends select the same plain rows (:class:`ResultInput`: one visit result with its
visit, household and person) and hand them to :func:`build_form`; what is counted and
how follows the campaign tally (vss_desktop/store/metrics.py), so a form's subtotals
equal the tally of the same range:

- D03-TS (household BHYT): results of kind ``bhyt_household_enrolled`` (group
  "Tăng mới") and ``bhyt_renewed`` (group "Gia hạn"), a subtotal each and a grand total.
  D05-TS (voluntary SI): ``voluntary_si_enrolled`` (group "Tăng").
- A person is one row per kind within the range: the earliest live visit's result gives
  the receipt date, receipt number and collector; the amounts (and months) of all their
  results of that kind in the range are summed. A result without a person is a row of
  its own. The caller leaves out deleted visits and results.
- The range is local calendar days in Vietnam time, both ends included:
  :func:`utc_bounds` gives the instants both ends compare ``visited_at`` with.
- Derived columns come from the rule values the calculator stored on the result. D05's
  income, total due and support by source are recomputed with the calculator itself
  (vss_core.voluntary_si) over a rule book made of exactly those stored values; the
  recomputation must give the amount the person paid, else the derived cells stay
  blank. A result typed by hand (no rule values) leaves them blank too: never a guess.
  A total of a derived column is blank when one of its rows is.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from vss_core.enums import ResultKind
from vss_core.records import CollectionFields, PersonFields, VisitFields
from vss_core.rulebook import ContributionError, RuleBook, RuleRow
from vss_core.vietnam_time import day_range_utc, local_day
from vss_core.voluntary_si import ExtraSupport, SupportSource, VsiResult, voluntary_si

# Vietnam's days (vss_core.vietnam_time): the app's tally, the forms and the console agree.
utc_bounds = day_range_utc


# --- the forms -------------------------------------------------------------------------------


class FormKind(StrEnum):
    D03 = "d03-ts"  # household BHYT participants
    D05 = "d05-ts"  # voluntary SI participants


# The groups of each form: the result kind they list and their Vietnamese label.
GROUPS: dict[FormKind, tuple[tuple[ResultKind, str], ...]] = {
    FormKind.D03: (
        (ResultKind.BHYT_HOUSEHOLD_ENROLLED, "Tăng mới"),
        (ResultKind.BHYT_RENEWED, "Gia hạn"),
    ),
    FormKind.D05: ((ResultKind.VOLUNTARY_SI_ENROLLED, "Tăng"),),
}
SUPPORT_SOURCES = (SupportSource.CENTRAL, SupportSource.LOCAL, SupportSource.OTHER)


def collector_scope(collector: str) -> str:
    """The scope line of one collector's form ("" : every visit of the laptop)."""
    return f"Người thu: {collector}" if collector else "Người thu: mọi lượt thu trên máy này"


def result_kinds(form: FormKind) -> list[str]:
    """The result kinds a form lists (what the ends select)."""
    return [kind.value for kind, _ in GROUPS[FormKind(form)]]


@dataclass(frozen=True)
class ResultInput:
    """One live result of a live visit in the range, with what the form shows of its
    visit, household and person (person fields empty for a result without a person)."""

    result_id: str
    visit_id: str
    kind: str  # enums.ResultKind
    person_id: str | None
    amount: int  # whole đồng paid for this result
    months: int | None
    rule_values: str  # the calculator's JSON, "" when typed by hand
    visited_at: datetime  # aware
    receipt_number: str = ""
    collector: str = ""
    household_code: str = ""
    house_number: str = ""
    street: str = ""
    village: str = ""
    commune: str = ""
    province: str = ""
    full_name: str = ""
    bhxh_code: str = ""
    cccd: str = ""
    date_of_birth: date | None = None
    sex: str = ""  # enums.Sex
    card_number: str = ""


def result_input(
    result: CollectionFields, visit: VisitFields, household: Any, person: PersonFields | None
) -> ResultInput:
    """A row of the selection (app or server models alike: they share vss_core.records'
    fields) as the form's input; ``household`` None reads as a household without data."""
    return ResultInput(
        result_id=getattr(result, "id", ""),
        visit_id=getattr(visit, "id", ""),
        kind=result.kind,
        person_id=result.person_id,
        amount=result.amount,
        months=result.months,
        rule_values=result.rule_values,
        visited_at=visit.visited_at,
        receipt_number=visit.receipt_number,
        collector=visit.collector,
        household_code=getattr(household, "code", ""),
        house_number=getattr(household, "house_number", ""),
        street=getattr(household, "street", ""),
        village=getattr(household, "village", ""),
        commune=getattr(household, "commune", ""),
        province=getattr(household, "province", ""),
        full_name=person.full_name if person else "",
        bhxh_code=person.bhxh_code if person else "",
        cccd=person.cccd if person else "",
        date_of_birth=person.date_of_birth if person else None,
        sex=person.sex if person else "",
        card_number=person.bhyt_card_number if person else "",
    )


@dataclass(frozen=True)
class Support:
    """One support source of a D05 row: rate in % (of 22% × the income floor) and amount.
    None: not derivable (or, for the rate, different rates summed in one row)."""

    rate: Decimal | None
    amount: int | None


@dataclass(frozen=True)
class FormRow:
    kind: ResultKind
    person_id: str | None
    household_code: str
    full_name: str
    bhxh_code: str
    cccd: str
    date_of_birth: date | None
    sex: str
    address: str
    card_number: str
    receipt_date: date  # local day of the earliest visit
    receipt_number: str
    collector: str
    amount: int  # paid: the sum of the results' amounts
    months: int | None
    card_start: date | None  # D03: "Từ ngày"
    start_month: date | None  # D05: "Từ tháng/năm", the 1st of the month
    income: int | None  # D05
    due: int | None  # D05: paid + every support
    supports: dict[SupportSource, Support] = field(default_factory=dict)  # D05
    results: int = 1  # how many results the row sums
    note: str = ""


def _sum_or_none(values: Iterable[int | None]) -> int | None:
    total = 0
    for value in values:
        if value is None:
            return None
        total += value
    return total


@dataclass(frozen=True)
class Group:
    kind: ResultKind
    label: str
    rows: tuple[FormRow, ...]

    @property
    def count(self) -> int:
        """People (rows): the tally of this kind for the range."""
        return len(self.rows)

    @property
    def amount(self) -> int:
        return sum(row.amount for row in self.rows)

    @property
    def due(self) -> int | None:
        return _sum_or_none(row.due for row in self.rows)

    def support(self, source: SupportSource) -> int | None:
        return _sum_or_none(
            row.supports[source].amount if source in row.supports else None for row in self.rows
        )


@dataclass(frozen=True)
class Form:
    kind: FormKind
    start: date
    end: date
    scope: str  # "Người thu: thu.lt", "Xã/phường: Pha Long"...
    groups: tuple[Group, ...]

    @property
    def count(self) -> int:
        return sum(group.count for group in self.groups)

    @property
    def amount(self) -> int:
        return sum(group.amount for group in self.groups)

    @property
    def due(self) -> int | None:
        return _sum_or_none(group.due for group in self.groups)

    def support(self, source: SupportSource) -> int | None:
        return _sum_or_none(group.support(source) for group in self.groups)


def build_form(
    kind: FormKind | str, start: date, end: date, scope: str, results: Iterable[ResultInput]
) -> Form:
    """The form's groups from the range's live results (any kinds: others are ignored)."""
    kind = FormKind(kind)
    utc_bounds(start, end)  # the same checks as the queries'
    by_who: dict[tuple[str, str], list[ResultInput]] = {}
    # The receipt book's order; the members of one visit by name (results have no order).
    ordered = sorted(results, key=lambda r: (r.visited_at, r.visit_id, r.full_name, r.result_id))
    for result in ordered:
        # Each person once per kind; a result without a person is a person of its own.
        by_who.setdefault((result.kind, result.person_id or result.result_id), []).append(result)
    groups = []
    for result_kind, label in GROUPS[kind]:
        rows = [_row(kind, items) for (k, _), items in by_who.items() if k == result_kind.value]
        groups.append(Group(result_kind, label, tuple(rows)))
    return Form(kind, start, end, scope, tuple(groups))


# --- one row -----------------------------------------------------------------------------------


def address(item: ResultInput) -> str:
    parts = (item.house_number, item.street, item.village, item.commune, item.province)
    return ", ".join(part.strip() for part in parts if part and part.strip())


def _row(form: FormKind, items: Sequence[ResultInput]) -> FormRow:
    first = items[0]
    values = [rule_values(item) for item in items]
    notes = []
    if first.person_id is None:
        notes.append("Không ghi người tham gia")
    if len(items) > 1:
        notes.append(f"Gộp {len(items)} lần thu")
    if any(not v for v in values):
        notes.append("Số tiền nhập tay")
    base = FormRow(
        kind=ResultKind(first.kind),
        person_id=first.person_id,
        household_code=first.household_code,
        full_name=first.full_name,
        bhxh_code=first.bhxh_code,
        cccd=first.cccd,
        date_of_birth=first.date_of_birth,
        sex=first.sex,
        address=address(first),
        card_number=first.card_number,
        receipt_date=local_day(first.visited_at),
        receipt_number=first.receipt_number,
        collector=first.collector,
        amount=sum(item.amount for item in items),
        months=_sum_or_none(item.months for item in items),
        card_start=None,
        start_month=None,
        income=None,
        due=None,
        results=len(items),
        note="; ".join(notes),
    )
    if form is FormKind.D03:
        return replace(base, card_start=_day(values[0].get("card_start")))
    return _vsi_row(base, items, values)


def rule_values(item: ResultInput) -> dict[str, Any]:
    """The stored rule values of a result; {} when typed by hand or unreadable."""
    if not item.rule_values:
        return {}
    try:
        values = json.loads(item.rule_values, parse_float=Decimal)
    except ValueError:
        return {}
    return values if isinstance(values, dict) else {}


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _vsi_row(
    row: FormRow, items: Sequence[ResultInput], values: Sequence[dict[str, Any]]
) -> FormRow:
    # The first month paid for: the day the calculator priced, else the receipt's day.
    start = _day(values[0].get("date")) or row.receipt_date
    row = replace(row, start_month=start.replace(day=1))
    computed = [
        recompute_vsi(v, item.amount, item.months) for v, item in zip(values, items, strict=True)
    ]
    if any(c is None for c in computed):
        return row
    results = [c for c in computed if c is not None]
    incomes = {c.income for c in results}
    supports = {}
    for source in SUPPORT_SOURCES:
        lines = [[s for s in c.supports if s.source is source] for c in results]
        rates = {sum((s.rate_percent for s in line), Decimal(0)) for line in lines}
        rate = rates.pop() if len(rates) == 1 else None
        supports[source] = Support(
            rate if rate else None, sum(s.amount for line in lines for s in line)
        )
    return replace(
        row,
        income=incomes.pop() if len(incomes) == 1 else None,
        due=sum(c.total for c in results),
        supports=supports,
    )


# The rule values voluntary_si() reads, besides the group's support rate.
_VSI_RULES = (
    "vsi_rate_percent",
    "vsi_income_floor",
    "base_salary",
    "vsi_ceiling_multiplier",
    "vsi_months",
    "vsi_central_support_max_months",
)


def recompute_vsi(values: dict[str, Any], paid: int, months: int | None) -> VsiResult | None:
    """The calculator's result again, from the values stored on a voluntary-SI result;
    None unless it gives exactly what was paid (for the months recorded)."""
    if values.get("kind") != "voluntary_si":
        return None
    try:
        on = date.fromisoformat(str(values["date"]))
        group = str(values["support_group"])
        group_rule = f"vsi_support_percent_{group}"
        stored = {name: values[name] for name in (*_VSI_RULES, group_rule)}
        # The calculator always weighs "other" too; it lost to the stored group (or is
        # that group), so a rate of 0 for it leaves the choice as it was.
        stored.setdefault("vsi_support_percent_other", 0)
        book = RuleBook(
            str(values.get("rule_set", "")),
            tuple(
                RuleRow(name, _rule_value(value), date.min, None, "stored on the result", "C")
                for name, value in stored.items()
            ),
        )
        extra = [
            ExtraSupport(str(s["name"]), s["rate_percent"], SupportSource(s["source"]))
            for s in values.get("supports", [])
            if s["source"] != SupportSource.CENTRAL.value
        ]
        result = voluntary_si(
            int(values["income"]),
            int(values["months"]),
            group,
            on,
            extra_support=extra,
            months_supported_so_far=int(values.get("months_supported_so_far", 0)),
            rules=book,
        )
    except (ContributionError, KeyError, TypeError, ValueError, ArithmeticError):
        return None
    if result.person_pays != paid or (months is not None and months != result.months):
        return None
    return result


def _rule_value(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value
