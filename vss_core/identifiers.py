"""Identifier formats from domain.md §4 (CCCD, BHXH code, BHYT card number, phone).

Validators return a :class:`Problem` (a stable code plus parameters) instead of
text, so that the UI can translate the message and tests can assert on codes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"  # blocks saving
    WARNING = "warning"  # shown, saving allowed (domain.md: "warn, don't block")


@dataclass(frozen=True)
class Problem:
    code: str
    severity: Severity = Severity.ERROR
    params: dict[str, str] = field(default_factory=dict)


_CCCD = re.compile(r"^\d{12}$")
_BHXH = re.compile(r"^\d{10}$")
_CARD_OLD = re.compile(r"^[A-Z]{2}\d{13}$")  # 2 letters, benefit level, province, BHXH code
_PHONE = re.compile(r"^0(3|5|7|8|9)\d{8}$")

# domain.md §4: carrier prefixes are for warnings only.
CARRIER_PREFIXES: dict[str, tuple[str, ...]] = {
    "Viettel": ("032", "033", "034", "035", "036", "037", "038", "039", "086", "096", "097", "098"),
    "Mobifone": ("070", "076", "077", "078", "079", "089", "090", "093"),
    "Vinaphone": ("081", "082", "083", "084", "085", "088", "091", "094"),
    "Vietnamobile": ("052", "056", "058", "092"),
    "Gmobile": ("059", "099"),
    "iTel": ("087",),
}


def compact(text: str | None) -> str:
    """Drop spaces, dots and dashes people type inside numbers."""
    return re.sub(r"[\s.\-]", "", text or "")


def validate_cccd(value: str) -> Problem | None:
    v = compact(value)
    if not v.isdigit():
        return Problem("cccd.not_digits")
    if not _CCCD.match(v):
        return Problem("cccd.length", params={"length": str(len(v))})
    return None


def cccd_century_sex(value: str) -> tuple[int, str] | None:
    """Decode digit 4 of a CCCD: (birth century start year, 'M' or 'F')."""
    v = compact(value)
    if not _CCCD.match(v):
        return None
    code = int(v[3])
    century = 1900 + 100 * (code // 2)
    return century, ("M" if code % 2 == 0 else "F")


def cross_check_cccd(value: str, birth: date | None, sex: str | None) -> list[Problem]:
    """Warn when digits 4-6 disagree with the date of birth and sex (domain.md §4)."""
    decoded = cccd_century_sex(value)
    if decoded is None:
        return []
    century, cccd_sex = decoded
    v = compact(value)
    problems = []
    if birth is not None:
        year = century + int(v[4:6])
        if year != birth.year:
            problems.append(
                Problem("cccd.birth_year_mismatch", Severity.WARNING, {"year": str(year)})
            )
    if sex in ("M", "F") and sex != cccd_sex:
        problems.append(Problem("cccd.sex_mismatch", Severity.WARNING))
    return problems


def validate_bhxh_code(value: str) -> Problem | None:
    v = compact(value)
    if not v.isdigit():
        return Problem("bhxh.not_digits")
    if not _BHXH.match(v):
        return Problem("bhxh.length", params={"length": str(len(v))})
    return None


def normalize_card(value: str) -> str:
    return compact(value).upper()


def validate_bhyt_card(value: str) -> Problem | None:
    """Accept the 10-digit BHXH code (cards since 2021) or the old 15-character form."""
    v = normalize_card(value)
    if _BHXH.match(v) or _CARD_OLD.match(v):
        return None
    if len(v) == 15:
        return Problem("card.old_format")
    return Problem("card.format")


def bhxh_code_of_card(value: str) -> str | None:
    """The last 10 characters of a valid card number are the BHXH code (domain.md §4)."""
    v = normalize_card(value)
    return v[-10:] if validate_bhyt_card(v) is None else None


def normalize_phone(value: str) -> str:
    """'+84 912 345 678' / '84912345678' -> '0912345678'."""
    v = re.sub(r"[\s.\-()]", "", value or "")
    if v.startswith("+84"):
        v = "0" + v[3:]
    elif v.startswith("84") and len(v) == 11:
        v = "0" + v[2:]
    return v


def validate_phone(value: str) -> Problem | None:
    v = normalize_phone(value)
    if not v.isdigit():
        return Problem("phone.not_digits")
    if len(v) != 10:
        return Problem("phone.length", params={"length": str(len(v))})
    if not _PHONE.match(v):
        return Problem("phone.prefix")
    return None


def phone_carrier(value: str) -> str | None:
    v = normalize_phone(value)
    for carrier, prefixes in CARRIER_PREFIXES.items():
        if v.startswith(prefixes):
            return carrier
    return None


def check_phone(value: str) -> list[Problem]:
    """Errors, plus a warning when no carrier uses the prefix."""
    problem = validate_phone(value)
    if problem:
        return [problem]
    if phone_carrier(value) is None:
        return [Problem("phone.unknown_carrier", Severity.WARNING)]
    return []
