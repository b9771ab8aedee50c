"""When a household BHYT card paid on a given day starts to be valid (domain.md §2).

Two regimes, chosen by the rule in force on the payment date (rule `bhyt_card_start_rule`):
- `continue_from_old_expiry` (until 2025-06-30): paid on or before the old expiry, the new card
  follows on from it; paid later but within the gap limit, valid from the payment date.
- `from_payment_date` (Law 51/2024, from 2025-07-01): continuous participation (paid before the
  old expiry or within the gap limit) is valid from the payment date.
In both, a first purchase or a gap of `bhyt_card_gap_months` or more starts
`bhyt_card_wait_days` after payment. The gap runs from the first day without cover.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from vss_core.periods import add_months
from vss_core.rulebook import ContributionError, RuleBook, RuleRow, default_rules

CONTINUE_FROM_OLD_EXPIRY = "continue_from_old_expiry"
FROM_PAYMENT_DATE = "from_payment_date"


class CardReason(StrEnum):
    FIRST_PURCHASE = "first_purchase"
    FOLLOWS_OLD_CARD = "follows_old_card"  # starts the day after the old expiry
    CONTINUOUS = "continuous"  # starts on the payment date
    LONG_GAP = "long_gap"  # gap of the rule's months or more: waiting days apply


@dataclass(frozen=True)
class CardStart:
    start: date
    reason: CardReason
    rules_used: tuple[RuleRow, ...]

    @property
    def rule(self) -> str:
        return str(self.rules_used[0].value)


def period_end(start: date, months: int) -> date:
    """Last day of `months` months of cover from `start`: 15/01 + 3 → 14/04, 31/01 + 1 → 28/02."""
    later = add_months(start, months)
    return later if later.day < start.day else later - timedelta(days=1)


def card_start_date(
    payment_date: date, previous_expiry: date | None = None, rules: RuleBook | None = None
) -> CardStart:
    rules = rules or default_rules()
    regime = rules.rule("bhyt_card_start_rule", payment_date)
    gap = rules.rule("bhyt_card_gap_months", payment_date)
    wait = rules.rule("bhyt_card_wait_days", payment_date)
    used = (regime, gap, wait)
    if regime.value not in (CONTINUE_FROM_OLD_EXPIRY, FROM_PAYMENT_DATE):
        raise ContributionError(
            "rules_invalid", f"unknown card start rule {regime.value!r} in the rule data"
        )
    waited = payment_date + timedelta(days=int(wait.value))
    if previous_expiry is None:
        return CardStart(waited, CardReason.FIRST_PURCHASE, used)
    if payment_date <= previous_expiry and regime.value == CONTINUE_FROM_OLD_EXPIRY:
        return CardStart(previous_expiry + timedelta(days=1), CardReason.FOLLOWS_OLD_CARD, used)
    uncovered_from = previous_expiry + timedelta(days=1)
    if payment_date >= add_months(uncovered_from, int(gap.value)):
        return CardStart(waited, CardReason.LONG_GAP, used)
    return CardStart(payment_date, CardReason.CONTINUOUS, used)
