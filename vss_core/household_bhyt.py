"""Household BHYT amounts: the ladder of domain.md §2 and each member's card start date."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from vss_core.card_validity import CardReason, card_start_date, period_end
from vss_core.rulebook import (
    ContributionError,
    RuleBook,
    RuleRow,
    check_count,
    check_months,
    default_rules,
    jsonable,
    percent,
    to_dong,
    values_of,
)


@dataclass(frozen=True)
class HouseholdMember:
    ref: str = ""  # the caller's key for the member (a person id, or "1", "2"...)
    state_supported: bool = False  # BHYT from the state budget: not in the household ladder
    previous_expiry: date | None = None  # expiry of the member's last card, for the start date


@dataclass(frozen=True)
class MemberAmount:
    ref: str
    position: int  # place on the ladder, 1 = pays the full amount
    ladder_percent: Decimal
    monthly: int
    months: int
    amount: int
    card_start: date
    card_end: date
    card_reason: CardReason

    def to_dict(self) -> dict[str, Any]:
        return {
            "ref": self.ref,
            "position": self.position,
            "ladder_percent": jsonable(self.ladder_percent),
            "monthly": self.monthly,
            "months": self.months,
            "amount": self.amount,
            "card_start": self.card_start.isoformat(),
            "card_end": self.card_end.isoformat(),
            "card_reason": str(self.card_reason),
        }


@dataclass(frozen=True)
class BhytHouseholdResult:
    on: date
    months: int
    members: tuple[MemberAmount, ...]
    excluded: tuple[str, ...]  # refs of state-supported members, listed but not charged
    total: int
    rule_values: dict[str, Any]
    rules_used: tuple[RuleRow, ...]

    def rule_values_for(self, ref: str) -> dict[str, Any]:
        """The receipt values of one member's Collection row."""
        line = next((m for m in self.members if m.ref == ref), None)
        if line is None:
            raise KeyError(ref)
        return {
            **self.rule_values,
            "ladder_position": line.position,
            "ladder_percent_applied": jsonable(line.ladder_percent),
            "monthly": line.monthly,
            "card_start": line.card_start.isoformat(),
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": "bhyt_household",
            "date": self.on.isoformat(),
            "months": self.months,
            "members": [m.to_dict() for m in self.members],
            "excluded": list(self.excluded),
            "total": self.total,
            "rule_values": self.rule_values,
            "rules_used": [r.to_dict() for r in self.rules_used],
        }


def bhyt_household(
    members: Sequence[HouseholdMember],
    months: int,
    on: date,
    *,
    already_joined: int = 0,
    rules: RuleBook | None = None,
) -> BhytHouseholdResult:
    """Amounts for the members joining on payment date `on`, ladder in the order given.

    State-supported members are left out of the ladder and listed in `excluded`.
    `already_joined`: members of the household who joined earlier in the same fiscal year;
    the ladder counts them first (domain.md §2).
    """
    rules = rules or default_rules()
    if not members:
        raise ContributionError("no_members", "choose at least one member to join household BHYT")
    check_count(
        already_joined, "invalid_already_joined", "members already joined must be 0 or more"
    )
    base = rules.rule("base_salary", on)
    rate = rules.rule("bhyt_household_rate_percent", on)
    ladder = rules.rule("bhyt_household_ladder_percent", on)
    allowed = rules.rule("bhyt_household_months", on)
    check_months(months, allowed, "household BHYT")
    paying = [m for m in members if not m.state_supported]
    if not paying:
        raise ContributionError(
            "no_paying_members",
            "every chosen member is already supported by the state; nothing to pay as a household",
        )
    full = Decimal(base.value) * percent(rate.value)  # person 1's monthly amount, unrounded
    lines = []
    card_rules: tuple[RuleRow, ...] = ()
    for index, member in enumerate(paying):
        position = already_joined + index + 1
        step = Decimal(str(ladder.value[min(position, len(ladder.value)) - 1]))  # 5th+: last
        monthly = to_dong(full * step / 100)
        card = card_start_date(on, member.previous_expiry, rules)
        card_rules = card.rules_used
        lines.append(
            MemberAmount(
                member.ref,
                position,
                step,
                monthly,
                months,
                monthly * months,
                card.start,
                period_end(card.start, months),
                card.reason,
            )
        )
    used = (base, rate, ladder, allowed, *card_rules)
    values = {
        "rule_set": rules.version,
        "kind": "bhyt_household",
        "date": on.isoformat(),
        "months": months,
        "already_joined": already_joined,
        **values_of(used),
    }
    return BhytHouseholdResult(
        on,
        months,
        tuple(lines),
        tuple(m.ref for m in members if m.state_supported),
        sum(line.amount for line in lines),
        values,
        used,
    )
