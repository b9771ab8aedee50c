"""Translated names for stored codes (outcomes, relations, ...) and validation problems.

Stored values stay stable English codes; only what the collector reads is translated.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from vss_desktop.domain.enums import BhytStatus, Outcome, Relation, ResultKind, Sex
from vss_desktop.domain.identifiers import Problem


def _t(text: str) -> str:
    return QCoreApplication.translate("Labels", text)


def outcome_labels() -> dict[str, str]:
    return {
        Outcome.NOT_HOME: _t("Not at home"),
        Outcome.REFUSED: _t("Refused"),
        Outcome.THINKING: _t("Thinking it over"),
        Outcome.PROMISED: _t("Promised to pay on a date"),
        Outcome.ENROLLED: _t("Enrolled"),
        Outcome.RENEWED: _t("Renewed"),
        Outcome.INFO_ONLY: _t("Advice given, nothing to pay"),
        Outcome.MOVED_AWAY: _t("Moved away"),
    }


def relation_labels() -> dict[str, str]:
    return {
        Relation.HEAD: _t("Head of household"),
        Relation.SPOUSE: _t("Spouse"),
        Relation.CHILD: _t("Child"),
        Relation.PARENT: _t("Parent"),
        Relation.GRANDCHILD: _t("Grandchild"),
        Relation.SIBLING: _t("Sibling"),
        Relation.OTHER: _t("Other"),
    }


def sex_labels() -> dict[str, str]:
    return {Sex.MALE: _t("Male"), Sex.FEMALE: _t("Female")}


def bhyt_status_labels() -> dict[str, str]:
    return {
        BhytStatus.HOUSEHOLD: _t("Household BHYT"),
        BhytStatus.OTHER: _t("Other BHYT"),
        BhytStatus.NONE: _t("No BHYT"),
    }


def result_kind_labels() -> dict[str, str]:
    return {
        ResultKind.BHYT_HOUSEHOLD_ENROLLED: _t("Enrolled in household BHYT"),
        ResultKind.VOLUNTARY_SI_ENROLLED: _t("Enrolled in voluntary social insurance"),
        ResultKind.BHYT_RENEWED: _t("BHYT card renewed"),
        ResultKind.VSSID_INSTALLED: _t("Helped to install VssID"),
        ResultKind.CASHLESS_REGISTERED: _t("Registered cashless benefit payment"),
    }


def label(table: dict[str, str], code: str) -> str:
    return table.get(code, code)


def problem_message(problem: Problem) -> str:
    """A sentence a collector can act on, for a validation problem code."""
    p = problem.params
    messages = {
        "required": _t("This field is required."),
        "choice.invalid": _t("Choose a value from the list."),
        "date.invalid": _t("Enter a date as dd/mm/yyyy."),
        "date.future": _t("This date is in the future."),
        "amount.invalid": _t("Enter an amount in đồng, digits only."),
        "amount.negative": _t("The amount cannot be negative."),
        "cccd.not_digits": _t("A CCCD number has digits only."),
        "cccd.length": _t("A CCCD number has 12 digits; this one has %1.").replace(
            "%1", p.get("length", "?")
        ),
        "cccd.birth_year_mismatch": _t(
            "The CCCD number says born in %1, which does not match the date of birth."
        ).replace("%1", p.get("year", "?")),
        "cccd.sex_mismatch": _t("The CCCD number does not match the sex chosen."),
        "bhxh.not_digits": _t("A BHXH code has digits only."),
        "bhxh.length": _t("A BHXH code has 10 digits; this one has %1.").replace(
            "%1", p.get("length", "?")
        ),
        "card.format": _t(
            "A BHYT card number is the 10-digit BHXH code or 15 characters like GD4010120152431."
        ),
        "card.old_format": _t(
            "An old BHYT card number is 2 letters then 13 digits, like GD4010120152431."
        ),
        "card.code_mismatch": _t("The card number does not end with this person's BHXH code."),
        "phone.not_digits": _t("A phone number has digits only."),
        "phone.length": _t("A mobile number has 10 digits; this one has %1.").replace(
            "%1", p.get("length", "?")
        ),
        "phone.prefix": _t("A mobile number starts with 03, 05, 07, 08 or 09."),
        "phone.unknown_carrier": _t("No carrier uses this prefix; please check the number."),
        "status.none_but_valid": _t("The card is still valid: is the status right?"),
        "flags.poor_and_near_poor": _t("A person cannot be both poor and near-poor."),
        "visit.promised_date_required": _t("Enter the date the family promised to pay."),
        "visit.receipt_required": _t("Money was collected: enter the receipt number."),
        "visit.follow_up_before_visit": _t("The follow-up date is before the visit."),
        "visit.results_exceed_amount": _t(
            "The members' amounts add up to more than the amount collected."
        ),
        "visit.member_of_other_household": _t("That person belongs to another household."),
    }
    return messages.get(problem.code, problem.code)
