"""Translated names for stored codes (outcomes, relations, ...) and validation problems.

Stored values stay stable English codes; only what the collector reads is translated.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from vss_core.enums import BhytStatus, EventKind, Metric, Outcome, Relation, ResultKind, Sex
from vss_core.formatting import format_iso_date, format_money_text
from vss_core.identifiers import Problem


def outcome_labels() -> dict[str, str]:
    return {
        Outcome.NOT_HOME: QCoreApplication.translate("Labels", "Not at home"),
        Outcome.REFUSED: QCoreApplication.translate("Labels", "Refused"),
        Outcome.THINKING: QCoreApplication.translate("Labels", "Thinking it over"),
        Outcome.PROMISED: QCoreApplication.translate("Labels", "Promised to pay on a date"),
        Outcome.ENROLLED: QCoreApplication.translate("Labels", "Enrolled"),
        Outcome.RENEWED: QCoreApplication.translate("Labels", "Renewed"),
        Outcome.INFO_ONLY: QCoreApplication.translate("Labels", "Advice given, nothing to pay"),
        Outcome.MOVED_AWAY: QCoreApplication.translate("Labels", "Moved away"),
    }


def relation_labels() -> dict[str, str]:
    return {
        Relation.HEAD: QCoreApplication.translate("Labels", "Head of household"),
        Relation.SPOUSE: QCoreApplication.translate("Labels", "Spouse"),
        Relation.CHILD: QCoreApplication.translate("Labels", "Child"),
        Relation.PARENT: QCoreApplication.translate("Labels", "Parent"),
        Relation.GRANDCHILD: QCoreApplication.translate("Labels", "Grandchild"),
        Relation.SIBLING: QCoreApplication.translate("Labels", "Sibling"),
        Relation.OTHER: QCoreApplication.translate("Labels", "Other"),
    }


def sex_labels() -> dict[str, str]:
    return {
        Sex.MALE: QCoreApplication.translate("Labels", "Male"),
        Sex.FEMALE: QCoreApplication.translate("Labels", "Female"),
    }


def bhyt_status_labels() -> dict[str, str]:
    return {
        BhytStatus.HOUSEHOLD: QCoreApplication.translate("Labels", "Household BHYT"),
        BhytStatus.OTHER: QCoreApplication.translate("Labels", "Other BHYT"),
        BhytStatus.NONE: QCoreApplication.translate("Labels", "No BHYT"),
    }


def result_kind_labels() -> dict[str, str]:
    return {
        ResultKind.BHYT_HOUSEHOLD_ENROLLED: QCoreApplication.translate(
            "Labels", "Enrolled in household BHYT"
        ),
        ResultKind.VOLUNTARY_SI_ENROLLED: QCoreApplication.translate(
            "Labels", "Enrolled in voluntary social insurance"
        ),
        ResultKind.BHYT_RENEWED: QCoreApplication.translate("Labels", "BHYT card renewed"),
        ResultKind.VSSID_INSTALLED: QCoreApplication.translate("Labels", "Helped to install VssID"),
        ResultKind.CASHLESS_REGISTERED: QCoreApplication.translate(
            "Labels", "Registered cashless benefit payment"
        ),
    }


def event_kind_labels() -> dict[str, str]:
    """Outreach events (issue 15)."""
    return {
        EventKind.UNION_MEETING: QCoreApplication.translate(
            "Labels", "Meeting with a union (Women's Union, Farmers' Union…)"
        ),
        EventKind.BOOTH: QCoreApplication.translate("Labels", "Advice booth"),
        EventKind.MOBILE_CONSULTATION: QCoreApplication.translate("Labels", "Mobile consultation"),
        EventKind.OTHER: QCoreApplication.translate("Labels", "Other event"),
    }


def result_kind_short_labels() -> dict[str, str]:
    """The results in a few words, for lists (the event's walk-ins)."""
    return {
        ResultKind.BHYT_HOUSEHOLD_ENROLLED: QCoreApplication.translate("Labels", "household BHYT"),
        ResultKind.VOLUNTARY_SI_ENROLLED: QCoreApplication.translate("Labels", "voluntary SI"),
        ResultKind.BHYT_RENEWED: QCoreApplication.translate("Labels", "BHYT renewed"),
        ResultKind.VSSID_INSTALLED: QCoreApplication.translate("Labels", "VssID"),
        ResultKind.CASHLESS_REGISTERED: QCoreApplication.translate("Labels", "cashless"),
    }


def metric_labels() -> dict[str, str]:
    """What targets and tallies count (issue 5); the counts are people."""
    return {
        Metric.BHYT_HOUSEHOLD_ENROLLED: QCoreApplication.translate(
            "Labels", "New household-BHYT participants"
        ),
        Metric.VOLUNTARY_SI_ENROLLED: QCoreApplication.translate(
            "Labels", "New voluntary-SI participants"
        ),
        Metric.BHYT_RENEWED: QCoreApplication.translate("Labels", "BHYT renewals"),
        Metric.VSSID_INSTALLED: QCoreApplication.translate(
            "Labels", "People helped to install VssID"
        ),
        Metric.CASHLESS_REGISTERED: QCoreApplication.translate(
            "Labels", "People moved to cashless benefit payment"
        ),
        Metric.AMOUNT_COLLECTED: QCoreApplication.translate("Labels", "Amount collected"),
    }


def label(table: dict[str, str], code: str) -> str:
    return table.get(code, code)


def problem_message(problem: Problem) -> str:
    """A sentence a collector can act on, for a validation problem code."""
    p = problem.params
    messages = {
        "required": QCoreApplication.translate("Labels", "This field is required."),
        "choice.invalid": QCoreApplication.translate("Labels", "Choose a value from the list."),
        "date.invalid": QCoreApplication.translate("Labels", "Enter a date as dd/mm/yyyy."),
        "date.future": QCoreApplication.translate("Labels", "This date is in the future."),
        "time.invalid": QCoreApplication.translate(
            "Labels", "Enter a time as HH:MM, for example 14:30."
        ),
        "text.too_long": QCoreApplication.translate(
            "Labels", "This text is too long: at most %1 characters."
        ).replace("%1", p.get("max", "?")),
        "amount.invalid": QCoreApplication.translate(
            "Labels", "Enter an amount in đồng, digits only."
        ),
        "amount.negative": QCoreApplication.translate("Labels", "The amount cannot be negative."),
        "amount.too_large": QCoreApplication.translate(
            "Labels", "This amount is too large: at most %1."
        ).replace("%1", format_money_text(p.get("max", "?"))),
        "date.out_of_range": QCoreApplication.translate("Labels", "Enter a date from %1 to %2.")
        .replace("%1", format_iso_date(p.get("min", "?")))
        .replace("%2", format_iso_date(p.get("max", "?"))),
        "cccd.not_digits": QCoreApplication.translate("Labels", "A CCCD number has digits only."),
        "cccd.length": QCoreApplication.translate(
            "Labels", "A CCCD number has 12 digits; this one has %1."
        ).replace("%1", p.get("length", "?")),
        "cccd.birth_year_mismatch": QCoreApplication.translate(
            "Labels", "The CCCD number says born in %1, which does not match the date of birth."
        ).replace("%1", p.get("year", "?")),
        "cccd.sex_mismatch": QCoreApplication.translate(
            "Labels", "The CCCD number does not match the sex chosen."
        ),
        "bhxh.not_digits": QCoreApplication.translate("Labels", "A BHXH code has digits only."),
        "bhxh.length": QCoreApplication.translate(
            "Labels", "A BHXH code has 10 digits; this one has %1."
        ).replace("%1", p.get("length", "?")),
        "card.format": QCoreApplication.translate(
            "Labels",
            "A BHYT card number is the 10-digit BHXH code or 15 characters like GD4010120152431.",
        ),
        "card.old_format": QCoreApplication.translate(
            "Labels", "An old BHYT card number is 2 letters then 13 digits, like GD4010120152431."
        ),
        "card.code_mismatch": QCoreApplication.translate(
            "Labels", "The card number does not end with this person's BHXH code."
        ),
        "phone.not_digits": QCoreApplication.translate("Labels", "A phone number has digits only."),
        "phone.length": QCoreApplication.translate(
            "Labels", "A mobile number has 10 digits; this one has %1."
        ).replace("%1", p.get("length", "?")),
        "phone.prefix": QCoreApplication.translate(
            "Labels", "A mobile number starts with 03, 05, 07, 08 or 09."
        ),
        "phone.unknown_carrier": QCoreApplication.translate(
            "Labels", "No carrier uses this prefix; please check the number."
        ),
        "status.none_but_valid": QCoreApplication.translate(
            "Labels", "The card is still valid: is the status right?"
        ),
        "flags.poor_and_near_poor": QCoreApplication.translate(
            "Labels", "A person cannot be both poor and near-poor."
        ),
        "visit.promised_date_required": QCoreApplication.translate(
            "Labels", "Enter the date the family promised to pay."
        ),
        "visit.receipt_required": QCoreApplication.translate(
            "Labels", "Money was collected: enter the receipt number."
        ),
        "visit.follow_up_before_visit": QCoreApplication.translate(
            "Labels", "The follow-up date is before the visit."
        ),
        "visit.results_exceed_amount": QCoreApplication.translate(
            "Labels", "The members' amounts add up to more than the amount collected."
        ),
        "visit.member_of_other_household": QCoreApplication.translate(
            "Labels", "That person belongs to another household."
        ),
        "visit.member_amount_without_result": QCoreApplication.translate(
            "Labels", "Tick what this amount paid for (an enrolment or a renewal), or clear it."
        ),
        # Outreach events (issue 15).
        "event.has_walkins": QCoreApplication.translate(
            "Labels", "This event has walk-ins recorded: delete their visits first."
        ),
        "visit.unknown_event": QCoreApplication.translate(
            "Labels", "The event of this walk-in is no longer on this laptop."
        ),
        "visit.unknown_referrer": QCoreApplication.translate(
            "Labels", "The person who referred this family is no longer on this laptop."
        ),
        "visit.self_referral": QCoreApplication.translate(
            "Labels", "A family cannot be referred by one of its own members."
        ),
        # The CCCD QR code (domain.md §4): errors fill nothing, warnings fill the form.
        "qr.empty": QCoreApplication.translate(
            "Labels", "Nothing was read: scan the QR code on the card again."
        ),
        "qr.not_cccd": QCoreApplication.translate(
            "Labels", "This is not a CCCD QR code: it does not start with a 12-digit ID number."
        ),
        "qr.too_few_fields": QCoreApplication.translate(
            "Labels", "The QR text has only %1 parts, a CCCD code has at least 6: scan it again."
        ).replace("%1", p.get("count", "?")),
        "qr.missing_name": QCoreApplication.translate(
            "Labels", "The QR text has no name: scan it again or type the details."
        ),
        "qr.bad_birth_date": QCoreApplication.translate(
            "Labels", "The date of birth in the QR text cannot be read: scan it again."
        ),
        "qr.bad_sex": QCoreApplication.translate(
            "Labels", "The QR text gives neither Nam nor Nữ as the sex: scan it again."
        ),
        "qr.old_id_unrecognised": QCoreApplication.translate(
            "Labels", "The old ID (CMND) on the card is not a 9-digit number; it was ignored."
        ),
        "qr.bad_issue_date": QCoreApplication.translate(
            "Labels", "The card's date of issue cannot be read; it was ignored."
        ),
        "qr.issued_before_birth": QCoreApplication.translate(
            "Labels", "The card's date of issue is before the date of birth: check the card."
        ),
        "qr.replaced": QCoreApplication.translate(
            "Labels", "Replaced what was typed in: %1. Ctrl+Z in a text field brings it back."
        ).replace("%1", p.get("fields", "?")),
        # Administrative units (domain.md §5): an old name is kept, with today's beside it.
        "unit.old_name": QCoreApplication.translate(
            "Labels", "An old name: this is now %1."
        ).replace("%1", p.get("name", "?")),
        "campaign.end_before_start": QCoreApplication.translate(
            "Labels", "The last day is before the first day."
        ),
        "village.duplicate": QCoreApplication.translate(
            "Labels", "This commune's list already has this village."
        ),
    }
    return messages.get(problem.code, problem.code)
