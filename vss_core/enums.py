"""Fixed value lists stored as plain strings (stable across versions and over the wire)."""

from __future__ import annotations

from enum import StrEnum


class Sex(StrEnum):
    MALE = "M"
    FEMALE = "F"


class Relation(StrEnum):
    HEAD = "head"
    SPOUSE = "spouse"
    CHILD = "child"
    PARENT = "parent"
    GRANDCHILD = "grandchild"
    SIBLING = "sibling"
    OTHER = "other"


class BhytStatus(StrEnum):
    """Where a person's health insurance comes from (domain.md §2)."""

    HOUSEHOLD = "household"  # BHYT hộ gia đình
    OTHER = "other"  # any other BHYT group (state-supported, employer, students, ...)
    NONE = "none"


class Outcome(StrEnum):
    NOT_HOME = "not_home"
    REFUSED = "refused"
    THINKING = "thinking"
    PROMISED = "promised"  # promised to pay on a date
    ENROLLED = "enrolled"
    RENEWED = "renewed"
    INFO_ONLY = "info_only"  # rules explained / app installed, nothing to pay
    MOVED_AWAY = "moved_away"


class EventKind(StrEnum):
    """Outreach events a collector records (issue 15)."""

    UNION_MEETING = "union_meeting"  # a meeting with the Women's or Farmers' Union, ...
    BOOTH = "booth"  # a stand during a campaign
    MOBILE_CONSULTATION = "mobile_consultation"  # a session in a village hall
    OTHER = "other"


class ResultKind(StrEnum):
    """Per-member results recorded at a visit (one `collection` row each)."""

    BHYT_HOUSEHOLD_ENROLLED = "bhyt_household_enrolled"
    VOLUNTARY_SI_ENROLLED = "voluntary_si_enrolled"
    BHYT_RENEWED = "bhyt_renewed"
    VSSID_INSTALLED = "vssid_installed"
    CASHLESS_REGISTERED = "cashless_registered"


class OpKind(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"


class OpState(StrEnum):
    PENDING = "pending"
    APPLIED = "applied"
    DUPLICATE = "duplicate"
    CONFLICT = "conflict"
    REJECTED = "rejected"


class Metric(StrEnum):
    """What targets and tallies count (issue 5). Counts are people; money is whole đồng.

    The count metrics share their codes with the ResultKind they count.
    """

    BHYT_HOUSEHOLD_ENROLLED = "bhyt_household_enrolled"  # new household-BHYT participants
    VOLUNTARY_SI_ENROLLED = "voluntary_si_enrolled"  # new voluntary-SI participants
    BHYT_RENEWED = "bhyt_renewed"
    VSSID_INSTALLED = "vssid_installed"  # people helped to install VssID
    CASHLESS_REGISTERED = "cashless_registered"  # people moved to cashless benefit payment
    AMOUNT_COLLECTED = "amount_collected"  # sum of the visits' amounts, whole đồng


# The largest target value, app and server alike: whole đồng far beyond any commune, and
# still a safe SQLite integer.
TARGET_VALUE_MAX = 10**15


class PeriodKind(StrEnum):
    """Calendar periods targets are set for (local calendar, Vietnam time)."""

    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


class Organisation(StrEnum):
    """Who employs a collector (issue 14: shown and filterable in the console; issue 16:
    named in a laptop's province file)."""

    VSS = "vss"  # the social-insurance agency's own staff
    POST_OFFICE = "post_office"
    COMMUNE = "commune"  # commune officials
    WOMENS_UNION = "womens_union"
    FARMERS_UNION = "farmers_union"
    OTHER = "other"
