"""Issue 12 item 5: each rule and helper is written once.

The Today list's continuity months and the demo's prices come from the dated rule table
(a rule book with another value changes them), and the date helpers and the entity tuple
shared by app and server have one definition each.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

from vss_core.enums import BhytStatus, ResultKind
from vss_core.household_bhyt import HouseholdMember, bhyt_household
from vss_core.resources import resource_dir
from vss_core.rulebook import RuleBook
from vss_desktop.demo.generator import Generator
from vss_desktop.demo.reference import bhyt_monthly, vsi_monthly
from vss_desktop.store import Store, services, today
from vss_desktop.store.today import TodayList

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("vss_core", "vss_desktop", "vss_server")
TODAY = date(2026, 5, 20)


def rule_book(tmp_path: Path, name: str, change: Any) -> RuleBook:
    """The bundled rule book with every row of ``name`` changed by ``change(value)``."""
    data = json.loads((resource_dir() / "rules" / "contribution_rules.json").read_text("utf-8"))
    rows = [row for row in data["parameters"] if row["name"] == name]
    assert rows, name
    for row in rows:
        row["value"] = change(row["value"])
    path = tmp_path / f"rules_{name}.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return RuleBook.load(path)


# --- the Today list's continuity ----------------------------------------------------------


def lapsed_household(store: Store, expiry: date) -> str:
    values = {"head_name": "Lò Văn Đức", "village": "Bản Pha Long", "house_number": "1"}
    head = {"bhyt_status": BhytStatus.HOUSEHOLD, "bhyt_expiry": expiry}
    return services.create_household(store, values, head=head).id


def test_lapsed_list_takes_its_months_from_the_rule_table(store: Store, tmp_path: Path) -> None:
    four_months_ago = lapsed_household(store, date(2026, 1, 10))
    two_months_ago = lapsed_household(store, date(2026, 3, 10))
    longer = rule_book(tmp_path, "bhyt_card_gap_months", lambda _: 6)
    shorter = rule_book(tmp_path, "bhyt_card_gap_months", lambda _: 1)

    def lapsed(rules: RuleBook | None) -> tuple[set[str], int]:
        with store.read() as session:
            rows = today.lapsed_with_continuity(session, TODAY, rules=rules)
            badge = today.count(session, TodayList.LAPSED, TODAY, rules=rules)
            assert today.counts(session, TODAY, rules=rules)[TodayList.LAPSED] == badge
        return {r.household_id for r in rows}, badge

    assert lapsed(None) == ({two_months_ago}, 1)  # the bundled table: 3 months
    assert lapsed(longer) == ({two_months_ago, four_months_ago}, 2)
    assert lapsed(shorter) == (set(), 0)
    assert today.lapsed_cutoff(TODAY, longer) == date(2025, 11, 21)
    assert today.continuity_months(TODAY, shorter) == 1


# --- the demo's prices --------------------------------------------------------------------


def test_demo_prices_are_the_calculators(tmp_path: Path) -> None:
    doubled = rule_book(tmp_path, "base_salary", lambda v: 2 * v)
    day = date(2026, 3, 2)
    for rules in (None, doubled):
        members = [HouseholdMember(str(n)) for n in range(1, 7)]
        expected = bhyt_household(members, 3, day, rules=rules)
        assert [bhyt_monthly(n, day, rules)[0] for n in range(1, 7)] == [
            line.monthly for line in expected.members
        ]
    assert bhyt_monthly(1, day, doubled)[:2] == (2 * 105_300, 2 * 2_340_000)
    higher_floor = rule_book(tmp_path, "vsi_income_floor", lambda v: 2 * v)
    assert vsi_monthly("minority", date(2026, 7, 1), higher_floor)[0] == 2 * 231_000


def demo_results(rules: RuleBook | None) -> list[dict[str, Any]]:
    *_, results = Generator(5, date(2026, 11, 18), 120, rules=rules).batch(120)
    return [r for r in results if r["amount"]]


def test_demo_amounts_follow_the_rule_table(tmp_path: Path) -> None:
    doubled = rule_book(tmp_path, "base_salary", lambda v: 2 * v)
    higher_floor = rule_book(tmp_path, "vsi_income_floor", lambda v: 2 * v)
    plain = demo_results(None)
    kinds = {r["kind"] for r in plain}
    assert {ResultKind.VOLUNTARY_SI_ENROLLED, ResultKind.BHYT_RENEWED} <= kinds
    for changed, kind_doubled in (
        (demo_results(doubled), lambda kind: kind != ResultKind.VOLUNTARY_SI_ENROLLED),
        (demo_results(higher_floor), lambda kind: kind == ResultKind.VOLUNTARY_SI_ENROLLED),
    ):
        assert [r["id"] for r in changed] == [r["id"] for r in plain]  # same draws
        for before, after in zip(plain, changed, strict=True):
            factor = 2 if kind_doubled(before["kind"]) else 1
            assert after["amount"] == factor * before["amount"], before["kind"]
    vsi = next(r for r in demo_results(higher_floor) if r["kind"] == "voluntary_si_enrolled")
    assert json.loads(vsi["rule_values"])["income"] == 3_000_000


# --- one definition each ------------------------------------------------------------------


def python_sources() -> list[tuple[str, str]]:
    return [
        (str(path.relative_to(ROOT)), path.read_text(encoding="utf-8"))
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
    ]


def test_date_helpers_are_defined_once() -> None:
    for name in ("add_months", "age_on", "utcnow"):
        where = [f for f, text in python_sources() if re.search(rf"^def {name}\(", text, re.M)]
        assert len(where) == 1 and where[0].startswith("vss_core/"), (name, where)


def test_the_child_entities_are_listed_once() -> None:
    literal = re.compile(r"""\(\s*"person",\s*"visit",\s*"collection",?\s*\)""")
    where = [f for f, text in python_sources() if literal.search(text)]
    assert where == ["vss_core/records.py"]
    from vss_core.records import CHILD_ENTITIES
    from vss_desktop.sync import apply
    from vss_server import feed

    assert apply.CHILD_ENTITIES is feed.CHILD_ENTITIES is CHILD_ENTITIES
