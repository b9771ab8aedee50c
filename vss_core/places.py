"""How a province or commune name is compared, app and server alike: records carry the
names as typed or imported, so "Xã Tả Van" and "tả  van" must be one place. Case,
spacing and a leading type word ("Xã", "Phường", "Tỉnh"...) are ignored; diacritics are
kept (they tell Vietnamese names apart)."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from vss_core.text import fold

# Leading words naming a unit's type (vss_core.admin_units reads the same ones), folded.
_TYPE_WORDS = (
    "thanh pho", "tinh", "thu do", "tp", "thi tran", "dac khu", "phuong", "xa", "thi xa",
    "tt", "tx",
)  # fmt: skip


def place_key(text: str | None) -> str:
    """A province or commune name as places compare it: "Xã Tả Van" and "tả  van" match."""
    words = unicodedata.normalize("NFC", text or "").casefold().split()
    for size in (2, 1):  # "thành phố Hà Nội": the two-word type first
        if len(words) > size and fold(" ".join(words[:size])) in _TYPE_WORDS:
            return " ".join(words[size:])
    return " ".join(words)


def pair_key(province: str | None, commune: str | None) -> tuple[str, str]:
    return place_key(province), place_key(commune)


def matching_pairs(
    stored: Iterable[tuple[str, str]], wanted: Iterable[tuple[str, str]]
) -> list[tuple[str, str]]:
    """The (province, commune) pairs as ``stored`` that name one of the ``wanted`` places."""
    keys = {pair_key(p, c) for p, c in wanted}
    return sorted({(p, c) for p, c in stored if pair_key(p, c) in keys})
