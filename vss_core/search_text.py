"""What a search matches, app and console alike (the app's FTS5 index, the console's
household search): each household and each member is one document of folded text
(names, household code, CCCD, BHXH code, BHYT card number, phone; vss_core.text.fold);
a query matches a document holding every query word as a word prefix, so "nguyen thi
hong", "Hồng", "NGUYEN" and "0912" all work.
"""

from __future__ import annotations

from typing import Protocol

from vss_core.identifiers import bhxh_code_of_card, normalize_phone
from vss_core.text import fold

MIN_QUERY_CHARS = 2  # letters or digits before a query filters anything


class HouseholdTexts(Protocol):
    """What a search reads of a household: a Household, or a row of its columns."""

    @property
    def code(self) -> str: ...
    @property
    def head_name(self) -> str: ...
    @property
    def phone(self) -> str: ...


class PersonTexts(Protocol):
    """What a search reads of a person: a Person, or a row of its columns."""

    @property
    def full_name(self) -> str: ...
    @property
    def cccd(self) -> str: ...
    @property
    def bhxh_code(self) -> str: ...
    @property
    def bhyt_card_number(self) -> str: ...
    @property
    def phone(self) -> str: ...


def household_text(h: HouseholdTexts) -> str:
    return " ".join([h.code, h.head_name, normalize_phone(h.phone)])


def person_text(p: PersonTexts) -> str:
    card = p.bhyt_card_number
    parts = [p.full_name, p.cccd, p.bhxh_code, card, normalize_phone(p.phone)]
    if card and (code := bhxh_code_of_card(card)) and code != p.bhxh_code:
        parts.append(code)
    return " ".join(parts)


def query_words(query: str) -> list[str] | None:
    """The folded words of what was typed; None (no filtering) while it is too short."""
    raw = query.strip()
    if raw.startswith("+84"):
        raw = "0" + raw[3:]
    words = fold(raw).split()
    if sum(len(w) for w in words) < MIN_QUERY_CHARS:
        return None
    return words


def matches(words: list[str], text: str) -> bool:
    """Every query word is a prefix of a word of the document's (unfolded) text."""
    document = fold(text).split()
    return all(any(d.startswith(w) for d in document) for w in words)
