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
