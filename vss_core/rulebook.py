"""Dated rule data: the parameter rows of resources/rules/*.json and the errors of the calculator.

Every rate and amount is a row with a validity period, a source and a confidence tag
(domain.md: "keep them as dated rule data ... never as constants in code").
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from vss_core.resources import resource_dir

RULES_FILE = "contribution_rules.json"
CONFIDENCE_TAGS = ("C", "P", "U")  # confirmed, partly confirmed, unconfirmed (domain.md)


class ContributionError(ValueError):
    """Invalid input or rule data. `code` is stable (the UI translates by it), `message` is English."""

    def __init__(self, code: str, message: str, **details: Any) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.details = details

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "details": jsonable(self.details)}


@dataclass(frozen=True)
class RuleRow:
    name: str
    value: Any  # int, Decimal, str or a tuple of them
    valid_from: date
    valid_to: date | None  # None: still in force
    source: str
    confidence: str
    note: str = ""

    def covers(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "value": jsonable(self.value),
            "valid_from": self.valid_from.isoformat(),
            "valid_to": self.valid_to.isoformat() if self.valid_to else None,
            "source": self.source,
            "confidence": self.confidence,
        }


@dataclass(frozen=True)
class RuleBook:
    version: str
    rows: tuple[RuleRow, ...]
    _by_name: dict[str, list[RuleRow]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_name: dict[str, list[RuleRow]] = defaultdict(list)
        for row in self.rows:
            by_name[row.name].append(row)
        for rows in by_name.values():
            rows.sort(key=lambda r: r.valid_from)
        check_periods(by_name)
        object.__setattr__(self, "_by_name", dict(by_name))

    @classmethod
    def load(cls, path: str | Path | None = None) -> RuleBook:
        path = Path(path) if path else resource_dir() / "rules" / RULES_FILE
        try:
            with open(path, encoding="utf-8") as f:
                data = json.load(f, parse_float=Decimal)  # exact percentages such as 4.5
        except (OSError, json.JSONDecodeError) as exc:
            raise ContributionError(
                "rules_invalid", f"cannot read the rule file {path.name}: {exc}"
            ) from exc
        if not isinstance(data, dict) or not isinstance(data.get("parameters"), list):
            raise ContributionError("rules_invalid", f"{path.name} has no 'parameters' list")
        return cls(
            str(data.get("version", "")), tuple(parse_row(raw) for raw in data["parameters"])
        )

    def names(self) -> list[str]:
        return sorted(self._by_name)

    def periods(self, name: str) -> list[RuleRow]:
        return list(self._by_name.get(name, []))

    def rule(self, name: str, on: date) -> RuleRow:
        rows = self._by_name.get(name)
        if not rows:
            raise ContributionError("rules_invalid", f"the rule data has no '{name}'", name=name)
        for row in rows:
            if row.covers(on):
                return row
        first = rows[0].valid_from
        if on < first:
            raise ContributionError(
                "no_rule_for_date",
                f"no rule for {on.isoformat()}: '{name}' starts on {first.isoformat()}",
                name=name,
                date=on,
                earliest=first,
            )
        raise ContributionError(
            "no_rule_for_date",
            f"no rule for {on.isoformat()}: '{name}' ended on {rows[-1].valid_to}",
            name=name,
            date=on,
        )


@lru_cache(maxsize=1)
def default_rules() -> RuleBook:
    """The bundled rule file, read once."""
    return RuleBook.load()


def parse_row(raw: Any) -> RuleRow:
    if not isinstance(raw, dict):
        raise ContributionError("rules_invalid", f"a rule row is not an object: {raw!r}")
    name = raw.get("name")
    missing = [
        key for key in ("name", "value", "valid_from", "source", "confidence") if key not in raw
    ]
    if missing or "valid_to" not in raw:
        raise ContributionError(
            "rules_invalid", f"rule row {name!r} lacks {', '.join(missing or ['valid_to'])}"
        )
    if not str(raw["source"]).strip():
        raise ContributionError("rules_invalid", f"rule row {name!r} has no source")
    if raw["confidence"] not in CONFIDENCE_TAGS:
        raise ContributionError(
            "rules_invalid", f"rule row {name!r}: confidence must be one of C, P, U"
        )
    try:
        valid_from = date.fromisoformat(raw["valid_from"])
        valid_to = date.fromisoformat(raw["valid_to"]) if raw["valid_to"] is not None else None
    except (TypeError, ValueError) as exc:
        raise ContributionError("rules_invalid", f"rule row {name!r}: bad date ({exc})") from exc
    if valid_to is not None and valid_to < valid_from:
        raise ContributionError("rules_invalid", f"rule row {name!r} ends before it starts")
    value = raw["value"]
    return RuleRow(
        str(name),
        tuple(value) if isinstance(value, list) else value,  # shared by every caller: immutable
        valid_from,
        valid_to,
        str(raw["source"]),
        raw["confidence"],
        str(raw.get("note", "")),
    )


def check_periods(by_name: dict[str, list[RuleRow]]) -> None:
    """Per parameter: no overlap, no hole between periods, only the last one open-ended."""
    for name, rows in by_name.items():
        for before, after in zip(rows, rows[1:], strict=False):
            if before.valid_to is None or before.valid_to >= after.valid_from:
                raise ContributionError(
                    "rules_invalid",
                    f"'{name}': periods from {before.valid_from} and {after.valid_from} overlap",
                    name=name,
                )
            if before.valid_to + timedelta(days=1) != after.valid_from:
                raise ContributionError(
                    "rules_invalid",
                    f"'{name}': no value between {before.valid_to} and {after.valid_from}",
                    name=name,
                )


def jsonable(value: Any) -> Any:
    """Rule values for JSON: Decimals as numbers (int when whole), dates as ISO strings."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    return value


# --- arithmetic on rule values ---------------------------------------------------------------


def to_dong(amount: Decimal) -> int:
    """Whole đồng, half up."""
    return int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def percent(value: Any) -> Decimal:
    return Decimal(str(value)) / 100


def check_months(months: int, allowed: RuleRow, what: str, extra: str = "") -> None:
    if isinstance(months, bool) or not isinstance(months, int) or months not in allowed.value:
        *head, last = (str(m) for m in allowed.value)
        choices = f"{', '.join(head)} or {last}" if head else last
        raise ContributionError(
            "months_not_allowed",
            f"{what} is paid for {choices} months, not {months}{extra}",
            months=months,
            allowed=list(allowed.value),
        )


def check_count(value: int, code: str, message: str) -> None:
    """A whole number of 0 or more, else ContributionError(code)."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ContributionError(code, message, value=value)


def values_of(rows: Iterable[RuleRow]) -> dict[str, Any]:
    return {row.name: jsonable(row.value) for row in rows}
