"""`vss-desktop calc bhyt-household|voluntary-si ...`: the contribution calculator for scripts.

Prints a readable breakdown (money as 105.300 ₫, dates dd/mm/yyyy) or, with --json, the
result as JSON. Invalid input: a message on stderr (and a JSON error with --json), exit 2.
Needs no database and no Qt.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from vss_core import vietnam_time
from vss_core.contributions import (
    BhytHouseholdResult,
    ContributionError,
    ExtraSupport,
    HouseholdMember,
    RuleBook,
    RuleRow,
    SupportGroup,
    VsiResult,
    bhyt_household,
    default_rules,
    voluntary_si,
)
from vss_core.formatting import format_date, format_money
from vss_core.rulebook import jsonable

CARD_REASONS = {
    "first_purchase": "first purchase, after the waiting days",
    "follows_old_card": "follows on from the old card",
    "continuous": "continuous, from the payment date",
    "long_gap": "long gap, after the waiting days",
}


def money_arg(text: str) -> int:
    """Whole đồng: '1500000', '1.500.000' or '1,500,000'."""
    cleaned = text.strip().replace(".", "").replace(",", "").replace(" ", "")
    if not cleaned.isdigit():
        raise argparse.ArgumentTypeError(f"not a whole amount in đồng: {text!r}")
    return int(cleaned)


def add_parser(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """The `calc` subcommand and its two calculators."""
    calc = sub.add_parser("calc", parents=[common], help="compute a contribution (no window)")
    kinds = calc.add_subparsers(dest="calculator", required=True)
    shared = argparse.ArgumentParser(add_help=False, parents=[common])
    shared.add_argument(
        "--date", type=date.fromisoformat, help="payment date YYYY-MM-DD (default: today)"
    )
    shared.add_argument("--json", action="store_true", help="print the result as JSON")
    shared.add_argument("--rules", type=Path, help="another rule file (default: the bundled one)")

    bhyt = kinds.add_parser("bhyt-household", parents=[shared], help="household health insurance")
    bhyt.add_argument("--members", type=int, required=True, help="members joining, none supported")
    bhyt.add_argument(
        "--months",
        type=int,
        required=True,
        help="months paid for (an invalid value lists the allowed ones)",
    )
    bhyt.add_argument(
        "--already-joined", type=int, default=0, help="members who joined earlier this year"
    )
    bhyt.add_argument(
        "--previous-expiry",
        type=date.fromisoformat,
        help="YYYY-MM-DD, the members' last card expiry (default: first purchase)",
    )

    vsi = kinds.add_parser("voluntary-si", parents=[shared], help="voluntary social insurance")
    vsi.add_argument("--income", type=money_arg, required=True, help="chosen monthly income, đồng")
    vsi.add_argument(
        "--months",
        type=int,
        required=True,
        help="months paid for (an invalid value lists the allowed ones)",
    )
    vsi.add_argument(
        "--group",
        action="append",
        choices=[g.value for g in SupportGroup],
        help="support group; repeat when several apply (the highest rate is used)",
    )
    vsi.add_argument(
        "--local-support",
        type=str,
        help="local budget support, %% of the support base (rate × income floor)",
    )
    vsi.add_argument(
        "--months-supported-so-far",
        type=int,
        default=0,
        help="months of central support already received",
    )
    calc.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Needs no data directory: --data-dir is accepted and ignored."""
    on = args.date or vietnam_time.today()
    try:
        rules = RuleBook.load(args.rules) if args.rules else default_rules()
        if args.calculator == "bhyt-household":
            result: BhytHouseholdResult | VsiResult = household(args, on, rules)
        else:
            result = voluntary(args, on, rules)
    except ContributionError as exc:
        if args.json:
            print(json.dumps({"error": exc.to_dict()}, ensure_ascii=False, indent=2))
        print(f"error: {exc.message}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    elif isinstance(result, BhytHouseholdResult):
        print(household_text(result))
    else:
        print(voluntary_text(result))
    return 0


def household(args: argparse.Namespace, on: date, rules: RuleBook) -> BhytHouseholdResult:
    members = [
        HouseholdMember(str(i + 1), previous_expiry=args.previous_expiry)
        for i in range(args.members)
    ]
    return bhyt_household(members, args.months, on, already_joined=args.already_joined, rules=rules)


def voluntary(args: argparse.Namespace, on: date, rules: RuleBook) -> VsiResult:
    extra = []
    if args.local_support is not None:
        extra.append(ExtraSupport("local budget", args.local_support.replace(",", ".")))
    return voluntary_si(
        args.income,
        args.months,
        args.group or [SupportGroup.OTHER],
        on,
        extra_support=extra,
        months_supported_so_far=args.months_supported_so_far,
        rules=rules,
    )


def months(count: int) -> str:
    return f"{count} month" if count == 1 else f"{count} months"


def pct(value: Any) -> str:
    return f"{jsonable(Decimal(str(value)))}%"


def table(rows: list[list[str]], right: set[int]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        "  ".join(
            c.rjust(w) if i in right else c.ljust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in rows
    ]


def rules_text(rows: tuple[RuleRow, ...], version: str) -> list[str]:
    lines = [f"Rules used (rule set {version}):"]
    for row in rows:
        value = row.value
        if row.name == "base_salary" or row.name == "vsi_income_floor":
            shown = format_money(int(value))
        elif isinstance(value, tuple):
            shown = ", ".join(str(v) for v in value)
        else:
            shown = str(value)
        period = f"from {format_date(row.valid_from)}"
        if row.valid_to:
            period += f" to {format_date(row.valid_to)}"
        lines.append(f"  [{row.confidence}] {row.name} = {shown}, {period}; {row.source}")
    return lines


def household_text(result: BhytHouseholdResult) -> str:
    values = result.rule_values
    lines = [
        f"Household BHYT, paid on {format_date(result.on)}, {months(result.months)}",
        f"Base salary {format_money(values['base_salary'])}"
        f" × {pct(values['bhyt_household_rate_percent'])} per month for person 1",
        "",
    ]
    rows = [["#", "member", "ladder", "per month", "months", "amount", "card valid"]]
    for m in result.members:
        card = f"{format_date(m.card_start)} – {format_date(m.card_end)} ({CARD_REASONS[m.card_reason]})"
        rows.append(
            [
                str(m.position),
                m.ref,
                pct(m.ladder_percent),
                format_money(m.monthly),
                str(m.months),
                format_money(m.amount),
                card,
            ]
        )
    lines += table(rows, right={0, 2, 3, 4, 5})
    if result.excluded:
        lines.append(f"State-supported, not in the ladder: {', '.join(result.excluded)}")
    lines += ["", f"Total: {format_money(result.total)}", ""]
    lines += rules_text(result.rules_used, values["rule_set"])
    return "\n".join(lines)


def voluntary_text(result: VsiResult) -> str:
    values = result.rule_values
    rate = pct(values["vsi_rate_percent"])
    lines = [
        f"Voluntary SI, paid on {format_date(result.on)}, {months(result.months)}",
        f"Income {format_money(result.income)} (floor {format_money(result.floor)},"
        f" ceiling {format_money(result.ceiling)}), support group {result.group.value}",
        f"Contribution {rate} × income = {format_money(result.monthly_total)} per month;"
        f" support rates are % of {rate} × floor"
        f" = {format_money(result.support_base)}",
        "",
    ]
    rows = [["", "rate", "per month", "months", "amount"]]
    rows.append(
        [
            "total",
            rate,
            format_money(result.monthly_total),
            str(result.months),
            format_money(result.total),
        ]
    )
    for s in result.supports:
        rows.append(
            [
                f"support: {s.name}",
                pct(s.rate_percent),
                format_money(-s.monthly),
                str(s.months),
                format_money(-s.amount),
            ]
        )
    lines += table(rows, right={1, 2, 3, 4})
    lines += [
        "",
        f"Total: {format_money(result.total)}",
        f"Support: {format_money(result.support_total)}",
        f"Person pays: {format_money(result.person_pays)}",
        "",
    ]
    lines += rules_text(result.rules_used, values["rule_set"])
    return "\n".join(lines)
