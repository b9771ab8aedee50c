"""The generator proper: families, their insurance, and the collector's visits.

One ``random.Random`` drives everything, in a fixed order, and no value depends on the
wall clock, so a seed and a day always give the same rows.
"""

from __future__ import annotations

import json
import math
import random
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from decimal import Decimal
from typing import Any

from vss_core.enums import BhytStatus, Outcome, Relation, ResultKind, Sex
from vss_core.household_bhyt import BhytHouseholdResult
from vss_core.periods import age_on
from vss_core.plausibility import add_years
from vss_core.rulebook import RuleBook, default_rules, jsonable
from vss_core.voluntary_si import SupportGroup
from vss_desktop.demo.reference import (
    BORN_ELSEWHERE,
    CCCD_HOME,
    COLLECTOR,
    COMMUNE,
    GROUP_PICK,
    GROUPS,
    HOUSEHOLD_CODE_PREFIX,
    HOUSEHOLD_MODE,
    ICT,
    MONTHS,
    OLD_PROVINCE,
    OUTCOMES,
    PHONE_PREFIX,
    PROVINCE,
    RELATION_ORDER,
    SIZES_LARGE,
    SIZES_SMALL,
    VILLAGES,
    VISIT_COUNT,
    Pick,
    bhyt_payment,
    month_end,
    vsi_payment,
)

Row = dict[str, Any]


@dataclass
class Member:
    relation: Relation
    sex: Sex
    age: int
    family: str
    group: str


@dataclass
class Home:
    """Household-level facts shared by its members."""

    group: str
    poor: bool
    near_poor: bool
    mode: str  # household BHYT: "all" members, "some", or "none"
    expiry: date  # members who pay together share an expiry


class Generator:
    def __init__(
        self, seed: int, today: date, households: int, rules: RuleBook | None = None
    ) -> None:
        self.rng = random.Random(seed)
        self.today = today
        self.rules = rules or default_rules()  # prices every payment (resources/rules/)
        self.used: set[str] = set()  # every CCCD, BHXH and household code handed out
        self.house_numbers = dict.fromkeys((v for v, _ in VILLAGES), 0)
        self.village = Pick(VILLAGES)
        self.receipts = 0
        self.bhyt_prices: dict[tuple[int, int, date], BhytHouseholdResult] = {}
        # Interpolate the size mix on a log scale: 1,500 households -> small, 50,000 -> large.
        t = min(1.0, max(0.0, math.log(max(households, 1) / 1500) / math.log(50_000 / 1500)))
        self.size = Pick(
            [
                (n, (1 - t) * a + t * b)
                for (n, a), (_, b) in zip(SIZES_SMALL, SIZES_LARGE, strict=True)
            ]
        )

    # --- small helpers ------------------------------------------------------

    def uid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def unique(self, prefix: str, digits: int) -> str:
        while True:
            value = prefix + str(self.rng.randrange(10**digits)).zfill(digits)
            if value not in self.used:
                self.used.add(value)
                return value

    def phone(self) -> str:
        return PHONE_PREFIX(self.rng) + str(self.rng.randrange(10**7)).zfill(7)

    def moment(self, day: date) -> datetime:
        """A working-hours time (07:30-17:30 in Vietnam) on ``day``, as aware UTC."""
        minutes = self.rng.randrange(7 * 60 + 30, 17 * 60 + 30)
        local = datetime.combine(day, clock(minutes // 60, minutes % 60, self.rng.randrange(60)))
        return local.replace(tzinfo=ICT).astimezone(UTC)

    def sex(self, female: float = 0.49) -> Sex:
        return Sex.FEMALE if self.rng.random() < female else Sex.MALE

    def other_group(self, group: str) -> str:
        return group if self.rng.random() < 0.9 else GROUP_PICK(self.rng)

    def member(self, rel: Relation, sex: Sex, age: int, family: str | None, group: str) -> Member:
        family = family or GROUPS[group].family(self.rng)
        return Member(rel, sex, max(0, age), family, group)

    def kid_ages(self, count: int) -> list[int]:
        ages = [self.rng.randint(0, 17)] if count else []
        for _ in range(count - 1):
            ages.append(ages[-1] + self.rng.randint(1, 3))
        return ages

    # --- family make-up -----------------------------------------------------

    def family(self, size: int, group: str) -> list[Member]:
        rng, r = self.rng, self.rng.random()
        if size == 1:
            age = rng.randint(60, 88) if rng.random() < 0.7 else rng.randint(22, 55)
            return [self.member(Relation.HEAD, self.sex(0.6), age, None, group)]
        if size >= 5 and r < 0.3:
            return self.with_parents(size, group)
        if size >= 4 and r < 0.5:
            return self.three_generations(size, group)
        if size == 2 and r < 0.2:
            head = self.member(Relation.HEAD, self.sex(0.6), rng.randint(55, 80), None, group)
            surname = head.family if head.sex is Sex.MALE else None
            gc = self.member(Relation.GRANDCHILD, self.sex(), rng.randint(3, 16), surname, group)
            return [head, gc]
        if r > 0.92 or (size == 2 and r > 0.65):
            return self.single_parent(size - 1, group)
        return self.couple(size - 2, group)

    def parents_of(self, kids: list[int], group: str, head_male: float) -> list[Member]:
        """Head and spouse for children of the given ages; children bear the father's name."""
        rng = self.rng
        mother_age = kids[-1] + rng.randint(19, 28) if kids else rng.randint(20, 75)
        father_age = max(18, mother_age + rng.randint(-2, 7))
        father = self.member(Relation.HEAD, Sex.MALE, father_age, None, group)
        mother = self.member(Relation.SPOUSE, Sex.FEMALE, mother_age, None, self.other_group(group))
        if rng.random() >= head_male:
            father.relation, mother.relation = Relation.SPOUSE, Relation.HEAD
            return [mother, father]
        return [father, mother]

    def children(self, ages: list[int], rel: Relation, father: Member) -> list[Member]:
        return [self.member(rel, self.sex(), a, father.family, father.group) for a in ages]

    def couple(self, kids: int, group: str) -> list[Member]:
        ages = self.kid_ages(kids)
        pair = self.parents_of(ages, group, head_male=0.85)
        father = pair[0] if pair[0].sex is Sex.MALE else pair[1]
        return pair + self.children(ages, Relation.CHILD, father)

    def single_parent(self, kids: int, group: str) -> list[Member]:
        ages = self.kid_ages(kids)
        parent = self.member(
            Relation.HEAD, self.sex(0.8), ages[-1] + self.rng.randint(19, 28), None, group
        )
        return [parent, *self.children(ages, Relation.CHILD, parent)]

    def with_parents(self, size: int, group: str) -> list[Member]:
        """A couple, their children and one or two of the head's parents."""
        rng = self.rng
        count = 2 if size >= 6 and rng.random() < 0.5 else 1
        ages = self.kid_ages(size - 2 - count)
        pair = self.parents_of(ages, group, head_male=0.95)
        head = pair[0]
        father = pair[0] if pair[0].sex is Sex.MALE else pair[1]
        sexes = [Sex.MALE, Sex.FEMALE] if count == 2 else [self.sex(0.7)]
        elders = [
            self.member(
                Relation.PARENT,
                s,
                min(head.age + rng.randint(20, 32), 96),
                head.family if s is Sex.MALE else None,
                head.group,
            )
            for s in sexes
        ]
        return pair + elders + self.children(ages, Relation.CHILD, father)

    def three_generations(self, size: int, group: str) -> list[Member]:
        """An older couple, their married son, his wife and their children."""
        rng = self.rng
        grandkids = self.kid_ages(size - 4)
        wife_age = grandkids[-1] + rng.randint(19, 28) if grandkids else rng.randint(20, 30)
        son_age = max(18, wife_age + rng.randint(-1, 6))
        pair = self.parents_of([son_age], group, head_male=0.8)
        grandfather = pair[0] if pair[0].sex is Sex.MALE else pair[1]
        son = self.children([son_age], Relation.CHILD, grandfather)[0]
        son.sex = Sex.MALE
        wife = self.member(Relation.OTHER, Sex.FEMALE, wife_age, None, self.other_group(group))
        return [*pair, son, wife, *self.children(grandkids, Relation.GRANDCHILD, son)]

    # --- insurance ----------------------------------------------------------

    def insured_expiry(self) -> date:
        """Mostly ahead, ~12% within 30 days, ~10% lapsed in the last 3 months."""
        r, days = self.rng.random(), self.rng.randint
        if r < 0.12:
            return self.today + timedelta(days=days(0, 30))
        if r < 0.22:
            return self.today - timedelta(days=days(1, 90))
        return self.today + timedelta(days=days(31, 365))

    def state_group(self, m: Member, home: Home, minority: bool) -> str:
        """The card group (letters + benefit level) of a state- or employer-paid card, or ""."""
        chance = self.rng.random
        if home.poor:
            return "HN2"
        if home.near_poor and chance() < 0.5:  # near-poor: the state pays most, not all join
            return "CN3"
        if m.age < 18 and chance() < 0.25:  # pupils insured through school
            return "HS4"
        if m.age >= 80 and chance() < 0.8:  # social allowance from 80
            return "BT2"
        if minority and chance() < 0.05:  # ethnic minority in a still-supported area
            return "DT2"
        if 18 <= m.age < 60 and chance() < 0.05:  # employees
            return "DN4"
        return ""

    def coverage(self, m: Member, dob: date, home: Home) -> tuple[BhytStatus, str, date | None]:
        """(status, card group with benefit level, expiry) of one person."""
        rng, minority = self.rng, GROUPS[m.group].minority
        if m.age < 6:  # children under 6 are covered by the state until they turn 6
            return BhytStatus.OTHER, "TE1", add_years(dob, 6) - timedelta(days=1)
        supported = self.state_group(m, home, minority)
        if supported:
            return BhytStatus.OTHER, supported, self.insured_expiry()
        if home.mode == "all" or (home.mode == "some" and rng.random() < 0.55):
            expiry = home.expiry if rng.random() < 0.9 else self.insured_expiry()
            return BhytStatus.HOUSEHOLD, "GD4", expiry
        if rng.random() < 0.45:  # insured once, lapsed long ago
            return BhytStatus.NONE, "GD4", self.today - timedelta(days=rng.randint(120, 1500))
        return BhytStatus.NONE, "", None

    # --- rows ---------------------------------------------------------------

    def dob(self, age: int) -> date:
        # A day within the year of life that gives exactly this age today.
        latest = add_years(self.today, -age)
        return latest - timedelta(days=self.rng.randrange(365))

    def cccd(self, dob: date, sex: Sex, group: str, adult: bool) -> str:
        """domain.md §4: birth-registration province, century/sex digit, birth year, random."""
        elsewhere = adult and self.rng.random() < GROUPS[group].born_elsewhere
        province = BORN_ELSEWHERE(self.rng) if elsewhere else CCCD_HOME
        century_sex = 2 * (dob.year // 100 - 19) + (1 if sex is Sex.FEMALE else 0)
        return self.unique(f"{province}{century_sex}{dob.year % 100:02d}", 6)

    def person(self, m: Member, hh: Row, home: Home) -> Row:
        rng, group = self.rng, GROUPS[m.group]
        dob = self.dob(m.age)
        age = age_on(dob, self.today)
        status, card_group, expiry = self.coverage(m, dob, home)
        has_cccd = rng.random() < (0.96 if age >= 14 else 0.35)  # optional under 14
        code = (
            self.unique(OLD_PROVINCE, 8)
            if status != BhytStatus.NONE or card_group or rng.random() < 0.4
            else ""
        )
        card = ""
        if card_group:  # cards since 2021 show the BHXH code; older ones 15 characters
            new = 0.65 if status != BhytStatus.NONE else 0.3
            card = code if rng.random() < new else f"{card_group}{OLD_PROVINCE}{code}"
        phone = ""
        if m.relation is Relation.HEAD and hh["phone"] and 16 <= age <= 75 and rng.random() < 0.7:
            phone = hh["phone"]
        elif 16 <= age <= 70 and rng.random() < (0.4 if group.minority else 0.55):
            phone = self.phone()
        vsi = None
        if 18 <= age < 60 and not home.poor and rng.random() < 0.04:
            vsi = month_end(self.today + timedelta(days=rng.randint(-60, 300)))
        stamp = hh["created_at"]
        return {
            "id": self.uid(),
            "created_at": stamp,
            "updated_at": stamp,
            "deleted_at": None,
            "server_version": 1,
            "household_id": hh["id"],
            "full_name": f"{m.family} {group.middle[m.sex](rng)} {group.given[m.sex](rng)}",
            "date_of_birth": dob,
            "sex": m.sex.value,
            "relation": m.relation.value,
            "cccd": self.cccd(dob, m.sex, m.group, age >= 18) if has_cccd else "",
            "bhxh_code": code,
            "bhyt_card_number": card,
            "bhyt_expiry": expiry,
            "bhyt_status": status.value,
            "vsi_paid_until": vsi,
            "phone": phone,
            "ethnic_minority": group.minority,
            "poor": home.poor,
            "near_poor": home.near_poor,
            "notes": "",
        }

    def household(self) -> tuple[Row, list[Row]]:
        rng = self.rng
        group_name = GROUP_PICK(rng)
        group = GROUPS[group_name]
        poor = rng.random() < group.poor
        near_poor = not poor and rng.random() < group.near_poor / (1 - group.poor)
        mode = HOUSEHOLD_MODE(rng)
        home = Home(group_name, poor, near_poor, mode, self.insured_expiry())
        village = self.village(rng)
        self.house_numbers[village] += 1 if rng.random() < 0.8 else 2
        created = self.moment(self.today - timedelta(days=rng.randint(400, 1200)))
        hh: Row = {
            "id": self.uid(),
            "created_at": created,
            "updated_at": created + timedelta(days=rng.randint(0, 300)),
            "deleted_at": None,
            "server_version": 1,
            "code": self.unique(HOUSEHOLD_CODE_PREFIX, 8),
            "head_name": "",
            "province": PROVINCE,
            "commune": COMMUNE,
            "village": village,
            "house_number": str(self.house_numbers[village]),
            "street": "" if rng.random() < 0.6 else f"Tổ {rng.randint(1, 6)}",
            "phone": self.phone() if rng.random() < 0.85 else "",
            "notes": "",
            "collector": COLLECTOR,
            "could_afford": False,
        }
        members = [self.person(m, hh, home) for m in self.family(self.size(rng), group_name)]
        hh["head_name"] = next(p["full_name"] for p in members if p["relation"] == Relation.HEAD)
        uninsured = any(p["bhyt_status"] == BhytStatus.NONE for p in members)
        hh["could_afford"] = uninsured and not (poor or near_poor) and rng.random() < 0.25
        return hh, members

    def batch(self, count: int) -> tuple[list[Row], list[Row], list[Row], list[Row]]:
        """Rows for ``count`` households, in TABLES order (parents before children)."""
        homes: list[Row] = []
        persons: list[Row] = []
        visits: list[Row] = []
        results: list[Row] = []
        for _ in range(count):
            hh, members = self.household()
            homes.append(hh)
            persons += members
            hh_visits, hh_results = self.visits(hh, members)
            visits += hh_visits
            results += hh_results
        return homes, persons, visits, results

    # --- visits -------------------------------------------------------------

    def visits(self, hh: Row, members: list[Row]) -> tuple[list[Row], list[Row]]:
        """1-4 visits over the last 6 months for ~60% of households, oldest first."""
        rng = self.rng
        if rng.random() >= 0.6:
            return [], []
        count = VISIT_COUNT(rng)
        days_ago = sorted(rng.sample(range(1, 181), count), reverse=True)
        visits, results = [], []
        for n, ago in enumerate(days_ago):
            visit, rows = self.visit(hh, members, self.today - timedelta(days=ago))
            if n == count - 1 and visit["follow_up_date"] and rng.random() < 0.1:
                visit["follow_up_date"] = self.today  # some follow-ups fall due today
            visits.append(visit)
            results += rows
        return visits, results

    def visit(self, hh: Row, members: list[Row], day: date) -> tuple[Row, list[Row]]:
        rng = self.rng
        at = self.moment(day)
        row: Row = {
            "id": self.uid(),
            "created_at": at,
            "updated_at": at,
            "deleted_at": None,
            "server_version": 1,
            "household_id": hh["id"],
            "visited_at": at,
            "collector": COLLECTOR,
            "outcome": "",
            "promised_date": None,
            "follow_up_date": None,
            "amount_collected": 0,
            "receipt_number": "",
            "notes": "",
        }
        outcome = OUTCOMES(rng)
        payers = sorted(
            (p for p in members if p["bhyt_status"] == BhytStatus.HOUSEHOLD),
            key=lambda p: (RELATION_ORDER.get(Relation(p["relation"]), 9), p["date_of_birth"]),
        )
        while outcome in (Outcome.ENROLLED, Outcome.RENEWED) and not payers:
            outcome = OUTCOMES(rng)  # nobody on household BHYT: nothing was paid
        row["outcome"] = outcome.value
        results: list[Row] = []
        if outcome in (Outcome.ENROLLED, Outcome.RENEWED):
            results = self.payments(row, payers, members, outcome, day)
        elif outcome is Outcome.INFO_ONLY and rng.random() < 0.7:
            results = self.app_help(row, members, day)
        elif outcome is Outcome.PROMISED:
            row["promised_date"] = day + timedelta(days=rng.randint(3, 21))
            row["follow_up_date"] = row["promised_date"]
        elif outcome in (Outcome.THINKING, Outcome.NOT_HOME) and rng.random() < 0.8:
            row["follow_up_date"] = day + timedelta(days=rng.randint(2, 30))
        elif outcome is Outcome.REFUSED and rng.random() < 0.3:
            row["follow_up_date"] = day + timedelta(days=rng.randint(30, 90))
        return row, results

    def result(
        self,
        visit: Row,
        person: Row,
        kind: ResultKind,
        amount: int = 0,
        months: int | None = None,
        rules: dict[str, int] | None = None,
    ) -> Row:
        at = visit["visited_at"]
        return {
            "id": self.uid(),
            "created_at": at,
            "updated_at": at,
            "deleted_at": None,
            "server_version": 1,
            "visit_id": visit["id"],
            "household_id": visit["household_id"],
            "person_id": person["id"],
            "kind": kind.value,
            "amount": amount,
            "months": months,
            "rule_values": json.dumps(rules, sort_keys=True) if rules else "",
        }

    def bhyt_priced(self, payers: int, months: int, day: date) -> BhytHouseholdResult:
        """The calculator's household BHYT, once per (payers, months, day): a large demo
        prices thousands of payments over a few hundred days."""
        key = (payers, months, day)
        if key not in self.bhyt_prices:
            self.bhyt_prices[key] = bhyt_payment(payers, months, day, self.rules)
        return self.bhyt_prices[key]

    def payments(
        self, visit: Row, payers: list[Row], members: list[Row], outcome: Outcome, day: date
    ) -> list[Row]:
        """One BHYT result per paying member on the household ladder (domain.md §2)."""
        rng, months = self.rng, MONTHS(self.rng)
        kind = (
            ResultKind.BHYT_HOUSEHOLD_ENROLLED
            if outcome is Outcome.ENROLLED
            else ResultKind.BHYT_RENEWED
        )
        rows = []
        priced = self.bhyt_priced(len(payers), months, day)  # payers: 1 or more
        rate = Decimal(str(self.rules.rule("bhyt_household_rate_percent", day).value))
        for person, line in zip(payers, priced.members, strict=True):
            rules = {
                "base_salary": priced.rule_values["base_salary"],
                "rate_permille": jsonable(rate * 10),
                "position": line.position,
                "share_percent": jsonable(line.ladder_percent),
                "months": months,
            }
            rows.append(self.result(visit, person, kind, line.amount, months, rules))
        for person in members:
            if person["vsi_paid_until"] and rng.random() < 0.5:
                rows.append(self.voluntary_si(visit, person, months, day))
        if rng.random() < 0.3:
            rows += self.app_help(visit, members, day)
        self.receipts += 1
        visit["amount_collected"] = sum(r["amount"] for r in rows)
        visit["receipt_number"] = f"BL{day:%y%m}-{self.receipts:06d}"
        return rows

    def voluntary_si(self, visit: Row, person: Row, months: int, day: date) -> Row:
        """domain.md §3: 22% of the floor income, less the highest applicable state support."""
        priced = vsi_payment(_vsi_groups(person), months, day, self.rules)
        rules = {
            "income": priced.income,
            "rate_percent": priced.rule_values["vsi_rate_percent"],
            "support_percent": jsonable(priced.supports[0].rate_percent),
            "months": months,
        }
        return self.result(
            visit, person, ResultKind.VOLUNTARY_SI_ENROLLED, priced.person_pays, months, rules
        )

    def app_help(self, visit: Row, members: list[Row], day: date) -> list[Row]:
        """VssID installs and cashless-payment sign-ups for adults with a phone (no charge)."""
        adults = [p for p in members if p["phone"] and age_on(p["date_of_birth"], day) >= 18]
        if not adults:
            return []
        person = self.rng.choice(adults)
        kind = (
            ResultKind.VSSID_INSTALLED
            if self.rng.random() < 0.75
            else ResultKind.CASHLESS_REGISTERED
        )
        return [self.result(visit, person, kind)]


def _vsi_groups(person: Row) -> list[SupportGroup]:
    """The person's voluntary-SI support groups; the calculator applies the highest."""
    flags = (
        (person["poor"], SupportGroup.POOR),
        (person["near_poor"], SupportGroup.NEAR_POOR),
        (person["ethnic_minority"], SupportGroup.ETHNIC_MINORITY),
    )
    return [group for flag, group in flags if flag]
