"""Which stored record a list row is: the matching rules of every list import (issue 13).

The server's ``vss-server import`` and the app's *Nhập từ Excel* both match with these
functions, so a file means the same on both ends (docs/import.md, "Matching"):
households by code, else by head + village + house number; members by BHXH code, then
CCCD, then name + date of birth within the household.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from datetime import date
from typing import Any, Protocol, TypeVar

from vss_core.importing.parser import ParsedHousehold
from vss_core.text import fold

UNASSIGN = "-"  # a collector cell holding only this takes the household from its collector


class PersonLike(Protocol):
    """What matching reads of a stored member (the app's and the server's Person)."""

    @property
    def bhxh_code(self) -> str: ...
    @property
    def cccd(self) -> str: ...
    @property
    def full_name(self) -> str: ...
    @property
    def date_of_birth(self) -> date | None: ...


P = TypeVar("P", bound=PersonLike)


def identity_key(head_name: str, village: str, house_number: str) -> tuple[str, str, str]:
    """What identifies a household that has no code: its head, village and house."""

    def norm(text: str) -> str:
        return " ".join(unicodedata.normalize("NFC", text or "").casefold().split())

    return norm(head_name), norm(village), norm(house_number)


def household_key(parsed: ParsedHousehold) -> tuple[str, str, str]:
    v = parsed.values
    return identity_key(v.get("head_name", ""), v.get("village", ""), v.get("house_number", ""))


def present(value: Any) -> bool:
    """A value to store: blank text and empty dates keep what is stored (docs/import.md)."""
    return value is not None and value != ""


def match_person(values: dict[str, Any], candidates: Iterable[P]) -> P | None:
    """The stored member a row is: by BHXH code, then CCCD, then name and birth date."""
    pool = list(candidates)
    if not pool:  # a new household: nothing to fold names for
        return None
    for name in ("bhxh_code", "cccd"):
        if values.get(name):
            found = next((p for p in pool if getattr(p, name) == values[name]), None)
            if found is not None:
                return found
    folded = fold(values.get("full_name", ""))
    born = values.get("date_of_birth")
    return next(
        (p for p in pool if fold(p.full_name) == folded and p.date_of_birth == born),
        None,
    )


def collector_cell(cell: Any) -> str | None:
    """The collector a row asks for: None keeps it (blank cell), "" unassigns (UNASSIGN)."""
    text = str(cell or "").strip()
    if not text:
        return None
    return "" if text == UNASSIGN else text


IDENTIFIER_FIELDS = ("bhxh_code", "cccd")  # one citizen each: never in two households
HELD_ELSEWHERE = "already a member of another household"
HELD_ELSEWHERE_HINT = "move the person in the app, or correct the file"
HELD_ELSEWHERE_CODE = "member.held_elsewhere"  # the refusal's code (RowOutcome.problems)

# For each identifier field, the stored live persons' values -> their household's id.
HolderIndex = dict[str, dict[str, str]]


def holder_index(rows: Iterable[tuple[str, str | None, str | None]]) -> HolderIndex:
    """The index ``held_elsewhere`` reads, from (household id, BHXH code, CCCD) of the
    stored live persons (live persons of live households)."""
    index: HolderIndex = {name: {} for name in IDENTIFIER_FIELDS}
    for household_id, bhxh_code, cccd in rows:
        for name, value in zip(IDENTIFIER_FIELDS, (bhxh_code, cccd), strict=True):
            if value:
                index[name].setdefault(value, household_id)
    return index


def held_elsewhere(
    values: dict[str, Any], household_id: str | None, holders: HolderIndex
) -> str | None:
    """Why a member's row cannot go to ``household_id``, or None when it can.

    A row whose BHXH code or CCCD a live stored person of another household holds would
    make the same citizen two persons: it is refused, whichever stored member of its own
    household the row matches. ``household_id`` is None for a household the import
    creates (every holder is then another household). The reason names the column only,
    never the value or the other household (personal data); the clerk moves the person
    in the app, or corrects the file (docs/import.md).
    """
    name = held_field(values, household_id, holders)
    return None if name is None else held_reason(name)


def held_field(
    values: dict[str, Any], household_id: str | None, holders: HolderIndex
) -> str | None:
    """The identifier field (``bhxh_code``, ``cccd``) another household holds the row's
    value of, or None (``held_elsewhere``'s test, for a caller that words it itself)."""
    for name in IDENTIFIER_FIELDS:
        value = values.get(name)
        holder = holders.get(name, {}).get(value) if value else None
        if holder is not None and holder != household_id:
            return name
    return None


def held_reason(name: str) -> str:
    """The English reason of ``held_elsewhere`` for the identifier field ``name``."""
    return f"column {name}: {HELD_ELSEWHERE} ({HELD_ELSEWHERE_HINT})"
