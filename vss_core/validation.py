"""Record-level checks shared by the forms (inline), the store (before saving) and the
server (push).

Each check takes a dict of field values and returns ``{field: [Problem, ...]}``.
Normalisers return the canonical stored form (text in NFC, compact digits, upper-case
card). Plausible ranges of dates and amounts live in :mod:`.plausibility`.
"""

from __future__ import annotations

import unicodedata
from datetime import UTC, date, datetime
from typing import Any

from vss_core import identifiers as ids
from vss_core import plausibility as plausible
from vss_core import vietnam_time
from vss_core.enums import BhytStatus, EventKind, Outcome, Relation, ResultKind, Sex
from vss_core.identifiers import Problem, Severity

Problems = dict[str, list[Problem]]


def _add(problems: Problems, name: str, problem: Problem | None) -> None:
    if problem is not None:
        problems.setdefault(name, []).append(problem)


def has_errors(problems: Problems) -> bool:
    return any(p.severity is Severity.ERROR for items in problems.values() for p in items)


def nfc(value: Any) -> Any:
    """Text in NFC (composed accents: "ộ" one character, as typed on most keyboards), so
    that decomposed input (NFD, e.g. pasted from a Mac) compares and searches equal."""
    return unicodedata.normalize("NFC", value) if isinstance(value, str) else value


def nfc_values(values: dict[str, Any]) -> dict[str, Any]:
    """Every text value of a record in NFC; other values as they are."""
    return {k: nfc(v) for k, v in values.items()}


def _stripped(values: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.strip() if isinstance(v, str) else v) for k, v in nfc_values(values).items()}


def normalize_household(values: dict[str, Any]) -> dict[str, Any]:
    out = _stripped(values)
    if "phone" in out:
        out["phone"] = ids.normalize_phone(out["phone"])
    if "code" in out:
        out["code"] = ids.compact(out["code"]).upper()
    return out


def check_household(values: dict[str, Any]) -> Problems:
    problems: Problems = {}
    if "head_name" in values and not values["head_name"].strip():
        _add(problems, "head_name", Problem("required"))
    if "village" in values and not values["village"].strip():
        _add(problems, "village", Problem("required"))
    if values.get("phone"):
        for p in ids.check_phone(values["phone"]):
            _add(problems, "phone", p)
    return problems


def normalize_person(values: dict[str, Any]) -> dict[str, Any]:
    out = _stripped(values)
    for name in ("cccd", "bhxh_code"):
        if name in out:
            out[name] = ids.compact(out[name])
    if "bhyt_card_number" in out:
        out["bhyt_card_number"] = ids.normalize_card(out["bhyt_card_number"])
    if "phone" in out:
        out["phone"] = ids.normalize_phone(out["phone"])
    return out


def check_person(values: dict[str, Any], today: date | None = None) -> Problems:
    problems: Problems = {}
    today = today or vietnam_time.today()
    if "full_name" in values and not values["full_name"].strip():
        _add(problems, "full_name", Problem("required"))
    dob = values.get("date_of_birth")
    if isinstance(dob, date):
        _add(problems, "date_of_birth", plausible.check_birth_date(dob, today))
    if isinstance(values.get("bhyt_expiry"), date):
        _add(problems, "bhyt_expiry", plausible.check_card_expiry(values["bhyt_expiry"], today))
    if isinstance(values.get("vsi_paid_until"), date):
        paid_until = values["vsi_paid_until"]
        _add(problems, "vsi_paid_until", plausible.check_vsi_paid_until(paid_until, today))
    if values.get("sex") not in (None, "", *Sex):
        _add(problems, "sex", Problem("choice.invalid"))
    if values.get("relation") not in (None, *Relation):
        _add(problems, "relation", Problem("choice.invalid"))
    if values.get("bhyt_status") not in (None, *BhytStatus):
        _add(problems, "bhyt_status", Problem("choice.invalid"))
    if values.get("cccd"):
        _add(problems, "cccd", ids.validate_cccd(values["cccd"]))
        if "cccd" not in problems:
            for p in ids.cross_check_cccd(values["cccd"], dob, values.get("sex")):
                _add(problems, "cccd", p)
    if values.get("bhxh_code"):
        _add(problems, "bhxh_code", ids.validate_bhxh_code(values["bhxh_code"]))
    card = values.get("bhyt_card_number")
    if card:
        _add(problems, "bhyt_card_number", ids.validate_bhyt_card(card))
        code, card_code = values.get("bhxh_code"), ids.bhxh_code_of_card(card)
        if code and card_code and "bhxh_code" not in problems and code != card_code:
            _add(problems, "bhyt_card_number", Problem("card.code_mismatch", Severity.WARNING))
    if values.get("bhyt_status") == BhytStatus.NONE and values.get("bhyt_expiry"):
        expiry = values["bhyt_expiry"]
        if expiry >= today:
            _add(problems, "bhyt_status", Problem("status.none_but_valid", Severity.WARNING))
    if values.get("phone"):
        for p in ids.check_phone(values["phone"]):
            _add(problems, "phone", p)
    if values.get("poor") and values.get("near_poor"):
        _add(problems, "near_poor", Problem("flags.poor_and_near_poor"))
    return problems


def normalize_visit(values: dict[str, Any]) -> dict[str, Any]:
    """A visit's values as stored: text in NFC, the receipt number without spaces around."""
    out = nfc_values(values)
    if "receipt_number" in out:
        out["receipt_number"] = (out["receipt_number"] or "").strip()
    return out


def check_visit(
    values: dict[str, Any], results: list[dict[str, Any]], now: datetime | None = None
) -> Problems:
    """A visit and its results. ``now``: the checker's clock (a visit is never later than
    a day after it)."""
    problems: Problems = {}
    outcome = values.get("outcome")
    if outcome not in tuple(Outcome):
        _add(problems, "outcome", Problem("required"))
    if outcome == Outcome.PROMISED and not values.get("promised_date"):
        _add(problems, "promised_date", Problem("visit.promised_date_required"))
    amount = values.get("amount_collected") or 0
    _add(problems, "amount_collected", plausible.check_amount(amount))
    if isinstance(amount, int) and amount > 0 and not (values.get("receipt_number") or "").strip():
        _add(problems, "receipt_number", Problem("visit.receipt_required"))
    visited = values.get("visited_at")
    if isinstance(visited, datetime):
        now = now or datetime.now(UTC)
        _add(problems, "visited_at", plausible.check_visited_at(visited, now))
        _check_visit_dates(problems, values, visited.date())
    for i, result in enumerate(results):
        for problem in check_result(result).values():
            for p in problem:
                _add(problems, f"results.{i}", p)
    total = sum(r.get("amount") or 0 for r in results if isinstance(r.get("amount"), int))
    if isinstance(amount, int) and total > amount:
        _add(problems, "amount_collected", Problem("visit.results_exceed_amount"))
    return problems


def _check_visit_dates(problems: Problems, values: dict[str, Any], visit_day: date) -> None:
    follow_up = values.get("follow_up_date")
    if isinstance(follow_up, date):
        if follow_up < visit_day:
            _add(problems, "follow_up_date", Problem("visit.follow_up_before_visit"))
        else:
            _add(problems, "follow_up_date", plausible.check_after_visit(follow_up, visit_day))
    promised = values.get("promised_date")
    if isinstance(promised, date):
        _add(problems, "promised_date", plausible.check_after_visit(promised, visit_day))


def check_result(values: dict[str, Any]) -> Problems:
    """One result of a visit (a ``collection``): its kind from the list, a plausible
    amount. Whether the results fit their visit's amount is checked with the visit."""
    problems: Problems = {}
    if values.get("kind") not in tuple(ResultKind):
        _add(problems, "kind", Problem("choice.invalid"))
    _add(problems, "amount", plausible.check_amount(values.get("amount") or 0))
    return problems


def normalize_event(values: dict[str, Any]) -> dict[str, Any]:
    """An event's values as stored: text in NFC without spaces around."""
    return _stripped(values)


def check_event(values: dict[str, Any], now: datetime | None = None) -> Problems:
    """An outreach event (issue 15): a kind from the list, a plausible time (the range of
    a visit's), the commune it was held in, a whole number of attendees."""
    problems: Problems = {}
    if values.get("kind") not in tuple(EventKind):
        _add(problems, "kind", Problem("required"))
    starts = values.get("starts_at")
    if isinstance(starts, datetime):
        _add(problems, "starts_at", plausible.check_visited_at(starts, now or datetime.now(UTC)))
    elif "starts_at" in values:
        _add(problems, "starts_at", Problem("required"))
    for name in ("province", "commune"):
        if name in values and not (values[name] or "").strip():
            _add(problems, name, Problem("required"))
    if "attendees" in values:
        _add(
            problems,
            "attendees",
            plausible.check_count(values["attendees"], plausible.ATTENDEES_MAX),
        )
    return problems
