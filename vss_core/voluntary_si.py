"""Voluntary social insurance (BHXH tự nguyện): total, support by source, the person's share.

domain.md §3: 22% of the chosen income, between the floor (rural poverty line) and the
ceiling (20 × base salary / reference level). Support is a % of 22% × the poverty line, from
the central budget by the person's highest group rate (at most 120 months), plus any local or
other sources.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from vss_core.formatting import format_money
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


class SupportGroup(StrEnum):
    POOR = "poor"
    NEAR_POOR = "near_poor"
    ETHNIC_MINORITY = "ethnic_minority"
    OTHER = "other"  # everyone else; always applicable


class SupportSource(StrEnum):
    """The support columns of the D05-TS list (domain.md §6)."""

    CENTRAL = "central_budget"
    LOCAL = "local_budget"
    OTHER = "other"


@dataclass(frozen=True)
class ExtraSupport:
    """Support on top of the central budget's, e.g. a province's (domain.md §3)."""

    name: str
    rate_percent: Decimal | int | str  # % of 22% × income floor, like the central support
    source: SupportSource = SupportSource.LOCAL


@dataclass(frozen=True)
class SupportLine:
    source: SupportSource
    name: str
    rate_percent: Decimal
    monthly: int
    months: int  # months this support covers (central support stops at the rule's maximum)
    amount: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": str(self.source),
            "name": self.name,
            "rate_percent": jsonable(self.rate_percent),
            "monthly": self.monthly,
            "months": self.months,
            "amount": self.amount,
        }


@dataclass(frozen=True)
class VsiResult:
    on: date
    income: int
    months: int
    floor: int
    ceiling: int
    group: SupportGroup  # the group whose rate was applied (the highest applicable)
    monthly_total: int
    total: int
    support_base: int  # monthly rate × income floor: what the support rates are percentages of
    supports: tuple[SupportLine, ...]  # central budget first
    support_total: int
    person_pays: int
    rule_values: dict[str, Any]
    rules_used: tuple[RuleRow, ...]

    @property
    def central_support(self) -> int:
        return sum(s.amount for s in self.supports if s.source is SupportSource.CENTRAL)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": "voluntary_si",
            "date": self.on.isoformat(),
            "income": self.income,
            "months": self.months,
            "floor": self.floor,
            "ceiling": self.ceiling,
            "group": str(self.group),
            "monthly_total": self.monthly_total,
            "total": self.total,
            "support_base": self.support_base,
            "supports": [s.to_dict() for s in self.supports],
            "support_total": self.support_total,
            "person_pays": self.person_pays,
            "rule_values": self.rule_values,
            "rules_used": [r.to_dict() for r in self.rules_used],
        }


MONTHS_NOTE = (
    "; paying several years ahead or a lump sum is not offered: their discount and surcharge"
    " (Decree 159/2025) are not in the rule data yet (domain.md §3)"
)


def parse_groups(groups: SupportGroup | str | Iterable[SupportGroup | str]) -> list[SupportGroup]:
    """The person's groups plus OTHER (which applies to everyone), in SupportGroup order."""
    items = [groups] if isinstance(groups, str) else list(groups)
    try:
        parsed = {SupportGroup(g) for g in items} | {SupportGroup.OTHER}
    except ValueError as exc:
        known = ", ".join(g.value for g in SupportGroup)
        raise ContributionError(
            "unknown_group", f"unknown support group ({exc}); use one of {known}"
        ) from exc
    return [g for g in SupportGroup if g in parsed]


def support_rate(value: Any, name: str) -> Decimal:
    try:
        rate = Decimal(str(value))
    except InvalidOperation:
        rate = Decimal("NaN")
    if not rate.is_finite() or not 0 < rate <= 100:
        raise ContributionError(
            "invalid_support_rate",
            f"the support rate of '{name}' must be above 0 and at most 100 (%), not {value}",
            name=name,
        )
    return rate


def voluntary_si(
    income: int,
    months: int,
    groups: SupportGroup | str | Iterable[SupportGroup | str],
    on: date,
    *,
    extra_support: Sequence[ExtraSupport] = (),
    months_supported_so_far: int = 0,
    rules: RuleBook | None = None,
) -> VsiResult:
    """Total, support and the person's share of `months` months at the chosen monthly income.

    `groups`: every group the person belongs to; only the highest rate applies (domain.md §3).
    `months_supported_so_far`: months of central support already received (capped by rule).
    """
    rules = rules or default_rules()
    rate = rules.rule("vsi_rate_percent", on)
    floor = rules.rule("vsi_income_floor", on)
    base = rules.rule("base_salary", on)
    multiplier = rules.rule("vsi_ceiling_multiplier", on)
    allowed = rules.rule("vsi_months", on)
    max_months = rules.rule("vsi_central_support_max_months", on)
    check_months(months, allowed, "voluntary SI", MONTHS_NOTE)
    ceiling = int(base.value) * int(multiplier.value)
    if isinstance(income, bool) or not isinstance(income, int):
        raise ContributionError("invalid_income", "the income must be a whole number of đồng")
    if income < floor.value:
        raise ContributionError(
            "income_below_floor",
            f"income {format_money(income)} is below the floor of {format_money(floor.value)}"
            " (the rural poverty line)",
            income=income,
            floor=floor.value,
        )
    if income > ceiling:
        raise ContributionError(
            "income_above_ceiling",
            f"income {format_money(income)} is above the ceiling of {format_money(ceiling)}"
            f" ({multiplier.value} × base salary {format_money(base.value)})",
            income=income,
            ceiling=ceiling,
        )
    check_count(
        months_supported_so_far,
        "invalid_months_supported",
        "months of support received so far must be 0 or more",
    )
    candidates = parse_groups(groups)
    group_rows = {g: rules.rule(f"vsi_support_percent_{g.value}", on) for g in candidates}
    # Only the highest applicable rate (domain.md §3); on a tie the first group listed wins.
    group = max(candidates, key=lambda g: Decimal(str(group_rows[g].value)))
    wanted = [
        (
            SupportSource.CENTRAL,
            "central budget",
            support_rate(group_rows[group].value, "central budget"),
            max(0, min(months, int(max_months.value) - months_supported_so_far)),
        )
    ]
    for extra in extra_support:
        source = SupportSource(extra.source)
        if source is SupportSource.CENTRAL:
            raise ContributionError(
                "invalid_support", "central-budget support comes from the rule data, not input"
            )
        wanted.append((source, extra.name, support_rate(extra.rate_percent, extra.name), months))
    if sum(line_rate for _, _, line_rate, _ in wanted) > 100:
        raise ContributionError(
            "support_too_high", "the support rates add up to more than 100% of the support base"
        )
    support_base = Decimal(floor.value) * percent(rate.value)  # 22% × poverty line
    lines = []
    for source, name, line_rate, covered in wanted:
        monthly = to_dong(support_base * line_rate / 100)
        lines.append(SupportLine(source, name, line_rate, monthly, covered, monthly * covered))
    monthly_total = to_dong(Decimal(income) * percent(rate.value))
    total = monthly_total * months
    support_total = sum(line.amount for line in lines)
    used = (rate, floor, base, multiplier, allowed, group_rows[group], max_months)
    values = {
        "rule_set": rules.version,
        "kind": "voluntary_si",
        "date": on.isoformat(),
        "income": income,
        "months": months,
        "income_ceiling": ceiling,
        "support_group": group.value,
        "months_supported_so_far": months_supported_so_far,
        "supports": [
            {"source": s.source.value, "name": s.name, "rate_percent": jsonable(s.rate_percent)}
            for s in lines
        ],
        **values_of(used),
    }
    return VsiResult(
        on,
        income,
        months,
        int(floor.value),
        ceiling,
        group,
        monthly_total,
        total,
        to_dong(support_base),
        tuple(lines),
        support_total,
        total - support_total,
        values,
        used,
    )
