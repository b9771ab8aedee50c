"""Contribution calculator: household BHYT (domain.md §2) and voluntary SI (domain.md §3).

The one import for callers (UI panel, CLI, visit recording). Pure functions over the dated
rule data in resources/rules/ (rulebook.py); the rules in force on the payment date apply to
the whole period paid (a prepaid period is never recalculated, domain.md §1).

Rounding: each monthly amount (a member's ladder amount, the VSI monthly contribution, each
monthly support) is rounded to whole đồng, half up, then multiplied by the months; totals are
sums of those. At the table's base salaries the ladder amounts are whole already (105,300 /
73,710 / 63,180 / 52,650 / 42,120 at 2,340,000), so rounding only matters for odd incomes.

Each result carries `rule_values`, the exact parameter values used, for the receipt
(Collection.rule_values via `compact_json`), and `rules_used`, the rule rows with their
source and confidence tag ([P]/[U] ones should be flagged in the UI).
"""

from __future__ import annotations

import json
from typing import Any

from vss_core.card_validity import CardReason, CardStart, card_start_date, period_end
from vss_core.household_bhyt import (
    BhytHouseholdResult,
    HouseholdMember,
    MemberAmount,
    bhyt_household,
)
from vss_core.rulebook import ContributionError, RuleBook, RuleRow, default_rules
from vss_core.voluntary_si import (
    ExtraSupport,
    SupportGroup,
    SupportLine,
    SupportSource,
    VsiResult,
    voluntary_si,
)

__all__ = [
    "BhytHouseholdResult",
    "CardReason",
    "CardStart",
    "ContributionError",
    "ExtraSupport",
    "HouseholdMember",
    "MemberAmount",
    "RuleBook",
    "RuleRow",
    "SupportGroup",
    "SupportLine",
    "SupportSource",
    "VsiResult",
    "bhyt_household",
    "card_start_date",
    "compact_json",
    "default_rules",
    "period_end",
    "uncertain_rules",
    "voluntary_si",
]

RULE_VALUES_MAX = 4000  # Collection.rule_values max_length (domain/records.py)


def compact_json(values: dict[str, Any]) -> str:
    """`rule_values` in the form stored on Collection.rule_values."""
    text = json.dumps(values, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    if len(text) > RULE_VALUES_MAX:
        raise ContributionError("rule_values_too_long", "the rule values do not fit the receipt")
    return text


def uncertain_rules(result: BhytHouseholdResult | VsiResult) -> list[RuleRow]:
    """Rules used that are only partly confirmed [P] or unconfirmed [U] (domain.md)."""
    return [row for row in result.rules_used if row.confidence != "C"]
